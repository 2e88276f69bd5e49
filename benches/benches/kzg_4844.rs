//! EIP-4844: zg next to `rust_eth_kzg` 0.10 and `c-kzg` 2 on the mainnet
//! setup, each operation in one criterion group with all three, on 1 and 2
//! threads.
//!
//! Run: `cargo bench -p zg-benches --bench kzg_4844` (peers multithreaded
//! where they can be) and, for single-threaded peers,
//! `cargo bench -p zg-benches --bench kzg_4844 --features peers-singlethreaded`.
//! Setup loading is timed in fresh processes (c-kzg caches its setup for the
//! life of a process): `cargo run --release -p zg-benches --example
//! kzg_setup_load -- <zg|zg-prover|rust_eth_kzg|c-kzg>`, see that example.
//!
//! Peak memory (zg's fixed-base table included) is printed per operation by
//! `measure_peak`.
#![allow(
    clippy::unwrap_used,
    reason = "bench setup on known inputs: a failure should abort the run"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use std::time::Duration;
use zg_benches::{BLOB_BYTES, measure_peak, pool, random_blob};
use zg_kzg::{Eip4844, Kzg, Setup};

const BATCH: usize = 64;

fn as_blob(bytes: &[u8]) -> &[u8; BLOB_BYTES] {
    bytes.try_into().unwrap()
}

fn as_48(bytes: &[u8]) -> &[u8; 48] {
    bytes.try_into().unwrap()
}

struct Inputs {
    blobs: Vec<Vec<u8>>,
    commitments: Vec<[u8; 48]>,
    proofs: Vec<[u8; 48]>,
    z: [u8; 32],
}

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
}

#[allow(
    clippy::too_many_lines,
    reason = "one group per operation, all peers side by side"
)]
fn eip4844(c: &mut Criterion) {
    let setup = Setup::ethereum_mainnet().unwrap();
    let zg = measure_peak("kzg_4844/setup/zg", || {
        Eip4844::new(Kzg::new(setup.clone()).unwrap()).unwrap()
    });
    eprintln!(
        "zg fixed-base table: {} bytes (window {} bits)",
        zg.kzg().precomputation_bytes(),
        zg_kzg::FixedBaseMsm::DEFAULT_WINDOW_BITS
    );
    let trusted = rust_eth_kzg::TrustedSetup::default();
    let reth = measure_peak("kzg_4844/setup/rust_eth_kzg", || {
        rust_eth_kzg::DASContext::new(&trusted, rust_eth_kzg::UsePrecomp::No)
    });
    let ckzg = measure_peak("kzg_4844/setup/c-kzg", || c_kzg::ethereum_kzg_settings(0));

    let mut rng = StdRng::seed_from_u64(4844);
    let blobs: Vec<Vec<u8>> = (0..BATCH).map(|_| random_blob(&mut rng)).collect();
    let commitments: Vec<[u8; 48]> = blobs
        .iter()
        .map(|b| zg.blob_to_kzg_commitment(b).unwrap())
        .collect();
    let proofs: Vec<[u8; 48]> = blobs
        .iter()
        .zip(&commitments)
        .map(|(b, c)| zg.compute_blob_kzg_proof(b, c).unwrap())
        .collect();
    let mut z = [0u8; 32];
    rng.fill(&mut z[1..]);
    let inputs = Inputs {
        blobs,
        commitments,
        proofs,
        z,
    };
    // The peers agree with zg on these inputs.
    let blob = &inputs.blobs[0];
    let reth_commitment = reth.blob_to_kzg_commitment(as_blob(blob)).unwrap();
    assert_eq!(reth_commitment[..], inputs.commitments[0][..]);
    let ckzg_blobs: Vec<c_kzg::Blob> = inputs
        .blobs
        .iter()
        .map(|b| c_kzg::Blob::from_bytes(b).unwrap())
        .collect();
    let ckzg_commitments: Vec<c_kzg::Bytes48> = inputs
        .commitments
        .iter()
        .map(|c| c_kzg::Bytes48::from_bytes(c).unwrap())
        .collect();
    let ckzg_proofs: Vec<c_kzg::Bytes48> = inputs
        .proofs
        .iter()
        .map(|p| c_kzg::Bytes48::from_bytes(p).unwrap())
        .collect();
    let ckzg_z = c_kzg::Bytes32::from_bytes(&inputs.z).unwrap();
    assert_eq!(
        ckzg.blob_to_kzg_commitment(&ckzg_blobs[0])
            .unwrap()
            .to_bytes()
            .into_inner(),
        inputs.commitments[0]
    );

    for threads in [1usize, 2] {
        let pool = pool(threads);
        let tag = format!("{threads}t");

        let mut group = c.benchmark_group(format!("kzg_4844/blob_to_kzg_commitment/{tag}"));
        configure(&mut group);
        group.throughput(Throughput::Bytes(BLOB_BYTES as u64));
        pool.install(|| {
            measure_peak("kzg_4844/blob_to_kzg_commitment/zg", || {
                zg.blob_to_kzg_commitment(blob).unwrap()
            })
        });
        group.bench_function("zg", |b| {
            b.iter(|| pool.install(|| zg.blob_to_kzg_commitment(black_box(blob)).unwrap()));
        });
        group.bench_function("rust_eth_kzg", |b| {
            b.iter(|| pool.install(|| reth.blob_to_kzg_commitment(black_box(as_blob(blob)))));
        });
        group.bench_function("c-kzg", |b| {
            b.iter(|| ckzg.blob_to_kzg_commitment(black_box(&ckzg_blobs[0])));
        });
        group.finish();

        let mut group = c.benchmark_group(format!("kzg_4844/compute_kzg_proof/{tag}"));
        configure(&mut group);
        pool.install(|| {
            measure_peak("kzg_4844/compute_kzg_proof/zg", || {
                zg.compute_kzg_proof(blob, &inputs.z).unwrap()
            })
        });
        group.bench_function("zg", |b| {
            b.iter(|| pool.install(|| zg.compute_kzg_proof(black_box(blob), &inputs.z).unwrap()));
        });
        group.bench_function("rust_eth_kzg", |b| {
            b.iter(|| pool.install(|| reth.compute_kzg_proof(black_box(as_blob(blob)), inputs.z)));
        });
        group.bench_function("c-kzg", |b| {
            b.iter(|| ckzg.compute_kzg_proof(black_box(&ckzg_blobs[0]), &ckzg_z));
        });
        group.finish();

        let commitment = &inputs.commitments[0];
        let proof = &inputs.proofs[0];
        let mut group = c.benchmark_group(format!("kzg_4844/compute_blob_kzg_proof/{tag}"));
        configure(&mut group);
        pool.install(|| {
            measure_peak("kzg_4844/compute_blob_kzg_proof/zg", || {
                zg.compute_blob_kzg_proof(blob, commitment).unwrap()
            })
        });
        group.bench_function("zg", |b| {
            b.iter(|| pool.install(|| zg.compute_blob_kzg_proof(black_box(blob), commitment)));
        });
        group.bench_function("rust_eth_kzg", |b| {
            b.iter(|| {
                pool.install(|| reth.compute_blob_kzg_proof(black_box(as_blob(blob)), commitment))
            });
        });
        group.bench_function("c-kzg", |b| {
            b.iter(|| ckzg.compute_blob_kzg_proof(black_box(&ckzg_blobs[0]), &ckzg_commitments[0]));
        });
        group.finish();

        let mut group = c.benchmark_group(format!("kzg_4844/verify_blob_kzg_proof/{tag}"));
        configure(&mut group);
        pool.install(|| {
            measure_peak("kzg_4844/verify_blob_kzg_proof/zg", || {
                assert!(zg.verify_blob_kzg_proof(blob, commitment, proof).unwrap());
            });
        });
        group.bench_function("zg", |b| {
            b.iter(|| {
                pool.install(|| zg.verify_blob_kzg_proof(black_box(blob), commitment, proof))
            });
        });
        group.bench_function("rust_eth_kzg", |b| {
            b.iter(|| {
                pool.install(|| {
                    reth.verify_blob_kzg_proof(black_box(as_blob(blob)), commitment, proof)
                })
            });
        });
        group.bench_function("c-kzg", |b| {
            b.iter(|| {
                ckzg.verify_blob_kzg_proof(
                    black_box(&ckzg_blobs[0]),
                    &ckzg_commitments[0],
                    &ckzg_proofs[0],
                )
            });
        });
        group.finish();

        let mut group = c.benchmark_group(format!("kzg_4844/verify_blob_kzg_proof_batch_64/{tag}"));
        configure(&mut group);
        group.throughput(Throughput::Bytes((BATCH * BLOB_BYTES) as u64));
        pool.install(|| {
            measure_peak("kzg_4844/verify_blob_kzg_proof_batch_64/zg", || {
                assert!(
                    zg.verify_blob_kzg_proof_batch(
                        &inputs.blobs,
                        &inputs.commitments,
                        &inputs.proofs
                    )
                    .unwrap()
                );
            });
        });
        group.bench_function("zg", |b| {
            b.iter(|| {
                pool.install(|| {
                    zg.verify_blob_kzg_proof_batch(
                        black_box(&inputs.blobs),
                        &inputs.commitments,
                        &inputs.proofs,
                    )
                })
            });
        });
        let reth_blobs: Vec<&[u8; BLOB_BYTES]> = inputs.blobs.iter().map(|b| as_blob(b)).collect();
        let reth_commitments: Vec<&[u8; 48]> =
            inputs.commitments.iter().map(|c| as_48(c)).collect();
        let reth_proofs: Vec<&[u8; 48]> = inputs.proofs.iter().map(|p| as_48(p)).collect();
        group.bench_function("rust_eth_kzg", |b| {
            b.iter(|| {
                pool.install(|| {
                    reth.verify_blob_kzg_proof_batch(
                        black_box(reth_blobs.clone()),
                        reth_commitments.clone(),
                        reth_proofs.clone(),
                    )
                })
            });
        });
        group.bench_function("c-kzg", |b| {
            b.iter(|| {
                ckzg.verify_blob_kzg_proof_batch(
                    black_box(&ckzg_blobs),
                    &ckzg_commitments,
                    &ckzg_proofs,
                )
            });
        });
        group.finish();
    }
}

criterion_group!(benches, eip4844);
criterion_main!(benches);
