//! EIP-7594 cells: zg's cell engine next to `rust_eth_kzg` 0.10 and
//! `c-kzg` 2, on the mainnet setup, single-threaded and on 2 threads.
//!
//! Run (zg on 1 and 2 threads; peers multithreaded where they can be):
//! `cargo bench -p zg-benches --bench kzg_cells`
//! and for single-threaded peers:
//! `cargo bench -p zg-benches --bench kzg_cells --features peers-singlethreaded`.
//!
//! `zg/w8`, `rust_eth_kzg/w8` and `c-kzg/w8` hold fixed-base tables of
//! width 8; `/w0` none. Peak memory (tables included) is printed per
//! operation by `measure_peak`.
#![allow(
    clippy::unwrap_used,
    reason = "a benchmark fails loudly on unexpected errors"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::hint::black_box;
use std::time::Duration;
use zg_benches::{BLOB_BYTES, measure_peak, pool, random_blob};
use zg_kzg::{Eip7594, ProverOptions, Setup};

const CELL_BYTES: usize = 2048;

struct Contexts {
    zg_w0: Eip7594,
    zg_w8: Eip7594,
    reth_w0: rust_eth_kzg::DASContext,
    reth_w8: rust_eth_kzg::DASContext,
    ckzg_w0: &'static c_kzg::KzgSettings,
    ckzg_w8: &'static c_kzg::KzgSettings,
}

fn contexts() -> Contexts {
    let setup = Setup::ethereum_mainnet().unwrap();
    let zg_w0 = measure_peak("kzg_cells/setup/zg/w0", || {
        Eip7594::new(&setup, ProverOptions::new()).unwrap()
    });
    let zg_w8 = measure_peak("kzg_cells/setup/zg/w8", || {
        Eip7594::new(&setup, ProverOptions::new().with_table_width(8)).unwrap()
    });
    eprintln!(
        "zg FK20 precomputation: w0 {} bytes, w8 {} bytes",
        zg_w0.prover().precomputation_bytes(),
        zg_w8.prover().precomputation_bytes()
    );
    let trusted = rust_eth_kzg::TrustedSetup::default();
    let reth_w0 = measure_peak("kzg_cells/setup/rust_eth_kzg/w0", || {
        rust_eth_kzg::DASContext::new(&trusted, rust_eth_kzg::UsePrecomp::No)
    });
    let reth_w8 = measure_peak("kzg_cells/setup/rust_eth_kzg/w8", || {
        rust_eth_kzg::DASContext::new(&trusted, rust_eth_kzg::UsePrecomp::Yes { width: 8 })
    });
    let ckzg_w0 = measure_peak("kzg_cells/setup/c-kzg/w0", || {
        c_kzg::ethereum_kzg_settings(0)
    });
    let ckzg_w8 = measure_peak("kzg_cells/setup/c-kzg/w8", || {
        c_kzg::ethereum_kzg_settings(8)
    });
    Contexts {
        zg_w0,
        zg_w8,
        reth_w0,
        reth_w8,
        ckzg_w0,
        ckzg_w8,
    }
}

fn as_cell(bytes: &[u8]) -> &[u8; CELL_BYTES] {
    bytes.try_into().unwrap()
}

fn as_48(bytes: &[u8]) -> &[u8; 48] {
    bytes.try_into().unwrap()
}

#[allow(
    clippy::too_many_lines,
    reason = "one group per operation, all peers side by side"
)]
fn cells(c: &mut Criterion) {
    let ctx = contexts();
    let mut rng = StdRng::seed_from_u64(7594);
    let blobs: Vec<Vec<u8>> = (0..64).map(|_| random_blob(&mut rng)).collect();
    let blob = &blobs[0];
    let blob_arr: &[u8; BLOB_BYTES] = blob.as_slice().try_into().unwrap();
    let ckzg_blob = c_kzg::Blob::from_bytes(blob).unwrap();

    // Reference outputs, checked against each other once.
    let (zg_cells, zg_proofs) = ctx.zg_w0.compute_cells_and_kzg_proofs(blob).unwrap();
    let (reth_cells, reth_proofs) = ctx.reth_w0.compute_cells_and_kzg_proofs(blob_arr).unwrap();
    assert!(
        zg_cells
            .iter()
            .zip(reth_cells.iter())
            .all(|(a, b)| a[..] == b[..])
    );
    assert!(
        zg_proofs
            .iter()
            .zip(reth_proofs.iter())
            .all(|(a, b)| a[..] == b[..])
    );

    for threads in [1usize, 2] {
        let pool = pool(threads);
        let tag = format!("{threads}t");

        let mut group = c.benchmark_group(format!("kzg_cells/compute_cells/{tag}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(3))
            .warm_up_time(Duration::from_secs(1));
        group.throughput(Throughput::Bytes(BLOB_BYTES as u64));
        pool.install(|| {
            measure_peak("kzg_cells/compute_cells/zg", || {
                ctx.zg_w0.compute_cells(blob).unwrap()
            })
        });
        group.bench_function("zg", |b| {
            b.iter(|| pool.install(|| ctx.zg_w0.compute_cells(black_box(blob)).unwrap()));
        });
        group.bench_function("rust_eth_kzg", |b| {
            b.iter(|| pool.install(|| ctx.reth_w0.compute_cells(black_box(blob_arr)).unwrap()));
        });
        group.bench_function("c-kzg", |b| {
            b.iter(|| ctx.ckzg_w0.compute_cells(black_box(&ckzg_blob)).unwrap());
        });
        group.finish();

        let mut group = c.benchmark_group(format!("kzg_cells/compute_cells_and_kzg_proofs/{tag}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(4))
            .warm_up_time(Duration::from_secs(1));
        group.throughput(Throughput::Bytes(BLOB_BYTES as u64));
        for (name, zg) in [("w0", &ctx.zg_w0), ("w8", &ctx.zg_w8)] {
            pool.install(|| {
                measure_peak(
                    &format!("kzg_cells/compute_cells_and_kzg_proofs/zg/{name}"),
                    || zg.compute_cells_and_kzg_proofs(blob).unwrap(),
                )
            });
            group.bench_function(BenchmarkId::new("zg", name), |b| {
                b.iter(|| {
                    pool.install(|| zg.compute_cells_and_kzg_proofs(black_box(blob)).unwrap())
                });
            });
        }
        for (name, reth) in [("w0", &ctx.reth_w0), ("w8", &ctx.reth_w8)] {
            group.bench_function(BenchmarkId::new("rust_eth_kzg", name), |b| {
                b.iter(|| {
                    pool.install(|| {
                        reth.compute_cells_and_kzg_proofs(black_box(blob_arr))
                            .unwrap()
                    })
                });
            });
        }
        for (name, ckzg) in [("w0", ctx.ckzg_w0), ("w8", ctx.ckzg_w8)] {
            group.bench_function(BenchmarkId::new("c-kzg", name), |b| {
                b.iter(|| {
                    ckzg.compute_cells_and_kzg_proofs(black_box(&ckzg_blob))
                        .unwrap()
                });
            });
        }
        group.finish();

        // Recovery from the odd half of the cells (no original data row
        // complete: every other cell of both families).
        let indices: Vec<u64> = (0..128u64).filter(|i| i % 2 == 1).collect();
        let kept: Vec<&[u8]> = (0..128usize)
            .filter(|i| i % 2 == 1)
            .map(|i| &zg_cells[i][..])
            .collect();
        let kept_arr: Vec<&[u8; CELL_BYTES]> = kept.iter().map(|c| as_cell(c)).collect();
        let kept_ckzg: Vec<c_kzg::Cell> = kept
            .iter()
            .map(|c| c_kzg::Cell::from_bytes(c).unwrap())
            .collect();
        let mut group = c.benchmark_group(format!("kzg_cells/recover_cells_and_kzg_proofs/{tag}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(4))
            .warm_up_time(Duration::from_secs(1));
        for (name, zg) in [("w0", &ctx.zg_w0), ("w8", &ctx.zg_w8)] {
            let (rc, rp) = pool.install(|| {
                measure_peak(
                    &format!("kzg_cells/recover_cells_and_kzg_proofs/zg/{name}"),
                    || zg.recover_cells_and_kzg_proofs(&indices, &kept).unwrap(),
                )
            });
            assert!(rc == zg_cells && rp == zg_proofs);
            group.bench_function(BenchmarkId::new("zg", name), |b| {
                b.iter(|| {
                    pool.install(|| {
                        zg.recover_cells_and_kzg_proofs(black_box(&indices), &kept)
                            .unwrap()
                    })
                });
            });
        }
        for (name, reth) in [("w0", &ctx.reth_w0), ("w8", &ctx.reth_w8)] {
            group.bench_function(BenchmarkId::new("rust_eth_kzg", name), |b| {
                b.iter(|| {
                    pool.install(|| {
                        reth.recover_cells_and_kzg_proofs(
                            black_box(indices.clone()),
                            kept_arr.clone(),
                        )
                        .unwrap()
                    })
                });
            });
        }
        for (name, ckzg) in [("w0", ctx.ckzg_w0), ("w8", ctx.ckzg_w8)] {
            group.bench_function(BenchmarkId::new("c-kzg", name), |b| {
                b.iter(|| {
                    ckzg.recover_cells_and_kzg_proofs(black_box(&indices), &kept_ckzg)
                        .unwrap()
                });
            });
        }
        group.finish();

        // Batch verification: 128 cells of one blob, and 2 cells from each
        // of 64 blobs.
        let one_blob = batch_one_blob(&ctx, blob, &zg_cells, &zg_proofs);
        let many_blobs = batch_many_blobs(&ctx, &blobs);
        for (label, batch) in [("1_blob", &one_blob), ("64_blobs", &many_blobs)] {
            let mut group = c.benchmark_group(format!(
                "kzg_cells/verify_cell_kzg_proof_batch/{label}/{tag}"
            ));
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(3))
                .warm_up_time(Duration::from_secs(1));
            let ok = pool.install(|| {
                measure_peak(
                    &format!("kzg_cells/verify_cell_kzg_proof_batch/{label}/zg"),
                    || batch.verify_zg(&ctx.zg_w0),
                )
            });
            assert!(ok);
            group.bench_function("zg", |b| {
                b.iter(|| pool.install(|| batch.verify_zg(&ctx.zg_w0)));
            });
            group.bench_function("rust_eth_kzg", |b| {
                b.iter(|| pool.install(|| batch.verify_reth(&ctx.reth_w0)));
            });
            group.bench_function("c-kzg", |b| b.iter(|| batch.verify_ckzg(ctx.ckzg_w0)));
            group.finish();
        }
    }
}

/// One batch of 128 cells in all three libraries' input types.
struct Batch {
    commitments: Vec<[u8; 48]>,
    indices: Vec<u64>,
    cells: Vec<Vec<u8>>,
    proofs: Vec<[u8; 48]>,
    ckzg_commitments: Vec<c_kzg::Bytes48>,
    ckzg_cells: Vec<c_kzg::Cell>,
    ckzg_proofs: Vec<c_kzg::Bytes48>,
}

impl Batch {
    fn new(
        commitments: Vec<[u8; 48]>,
        indices: Vec<u64>,
        cells: Vec<Vec<u8>>,
        proofs: Vec<[u8; 48]>,
    ) -> Self {
        Self {
            ckzg_commitments: commitments
                .iter()
                .map(|c| c_kzg::Bytes48::from_bytes(c).unwrap())
                .collect(),
            ckzg_cells: cells
                .iter()
                .map(|c| c_kzg::Cell::from_bytes(c).unwrap())
                .collect(),
            ckzg_proofs: proofs
                .iter()
                .map(|p| c_kzg::Bytes48::from_bytes(p).unwrap())
                .collect(),
            commitments,
            indices,
            cells,
            proofs,
        }
    }

    fn verify_zg(&self, zg: &Eip7594) -> bool {
        zg.verify_cell_kzg_proof_batch(&self.commitments, &self.indices, &self.cells, &self.proofs)
            .unwrap()
    }

    fn verify_reth(&self, reth: &rust_eth_kzg::DASContext) -> bool {
        reth.verify_cell_kzg_proof_batch(
            self.commitments.iter().map(|c| as_48(c)).collect(),
            &self.indices,
            self.cells.iter().map(|c| as_cell(c)).collect(),
            self.proofs.iter().map(|p| as_48(p)).collect(),
        )
        .is_ok()
    }

    fn verify_ckzg(&self, ckzg: &c_kzg::KzgSettings) -> bool {
        ckzg.verify_cell_kzg_proof_batch(
            &self.ckzg_commitments,
            &self.indices,
            &self.ckzg_cells,
            &self.ckzg_proofs,
        )
        .unwrap()
    }
}

fn commitment_of(ctx: &Contexts, blob: &[u8]) -> [u8; 48] {
    let blob_arr: &[u8; BLOB_BYTES] = blob.try_into().unwrap();
    ctx.reth_w0.blob_to_kzg_commitment(blob_arr).unwrap()
}

fn batch_one_blob(
    ctx: &Contexts,
    blob: &[u8],
    cells: &[[u8; CELL_BYTES]],
    proofs: &[[u8; 48]],
) -> Batch {
    let commitment = commitment_of(ctx, blob);
    Batch::new(
        vec![commitment; 128],
        (0..128).collect(),
        cells.iter().map(|c| c.to_vec()).collect(),
        proofs.to_vec(),
    )
}

fn batch_many_blobs(ctx: &Contexts, blobs: &[Vec<u8>]) -> Batch {
    let (mut commitments, mut indices, mut cells, mut proofs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (b, blob) in blobs.iter().enumerate() {
        let commitment = commitment_of(ctx, blob);
        let (bc, bp) = ctx.zg_w8.compute_cells_and_kzg_proofs(blob).unwrap();
        for i in [b % 128, (b * 7 + 64) % 128] {
            commitments.push(commitment);
            indices.push(i as u64);
            cells.push(bc[i].to_vec());
            proofs.push(bp[i]);
        }
    }
    Batch::new(commitments, indices, cells, proofs)
}

criterion_group!(benches, cells);
criterion_main!(benches);
