//! The 0G blob at the production geometry (1024 x 1024, 3 families: 3072
//! slices): encoding a full 32,505,852-byte payload (with the time of each
//! stage), verifying one slice and a node's batch of 100 (single-threaded),
//! and recovering the payload from the worst-case 1024 slices (no data
//! slice among them) on 2 threads. Also times the prover's FK20 tables:
//! derived from tau (insecure setup), exported, and imported with
//! validation.
//!
//! Run: `cargo bench -p zg-benches --bench blob`
//!
//! The setup is INSECURE (`insecure-setup`: derived from a public seed),
//! which changes nothing in the timings. Encoding takes tens of seconds, so
//! it is measured as single runs (printed to stderr as `blob/encode ...`),
//! not by criterion; the rest is criterion with small sample counts.
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    reason = "bench setup on known inputs: a failure should abort the run"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};
use zg_benches::{measure_peak, pool};
use zg_kzg::blob::{BlobEncoder, EncodeStage, EncodedBlob};
use zg_kzg::{CellProver, ProverOptions};
use zg_types::Geometry;

const G: Geometry = Geometry::ZG_PRODUCTION;
const ENCODE_RUNS: usize = 2;

struct Fixture {
    encoder: BlobEncoder,
    payload: Vec<u8>,
    blob: EncodedBlob,
}

fn fixture() -> Fixture {
    let two = pool(2);
    let (setup, prover) = two.install(|| {
        let start = Instant::now();
        let out = measure_peak(
            "blob/tables/from_tau (setup + FK20 tables, 2 threads)",
            || {
                CellProver::insecure_from_seed(G, b"zg blob bench INSECURE", ProverOptions::new())
                    .unwrap()
            },
        );
        eprintln!(
            "blob/tables/from_tau: {:.2} s (insecure setup 2^20 + SRS FFTs from tau)",
            start.elapsed().as_secs_f64()
        );
        out
    });
    two.install(|| {
        let start = Instant::now();
        let bytes = prover.export_tables();
        eprintln!(
            "blob/tables/export: {:.2} s, {} bytes",
            start.elapsed().as_secs_f64(),
            bytes.len()
        );
        let start = Instant::now();
        let loaded = measure_peak("blob/tables/import", || {
            CellProver::with_tables(G, &setup, ProverOptions::new(), &bytes).unwrap()
        });
        eprintln!(
            "blob/tables/import (with validation, 2 threads): {:.2} s",
            start.elapsed().as_secs_f64()
        );
        drop(loaded);
    });
    drop(setup);
    let encoder = BlobEncoder::new(prover);
    let mut payload = vec![0u8; encoder.capacity()];
    StdRng::seed_from_u64(7).fill_bytes(&mut payload);

    let mut blob = None;
    for run in 0..ENCODE_RUNS {
        let mut marks: Vec<(EncodeStage, Instant)> = Vec::new();
        let start = Instant::now();
        let this_run = two.install(|| {
            measure_peak("blob/encode (32 MB, 2 threads)", || {
                encoder
                    .encode_with_progress(&payload, |s| marks.push((s, Instant::now())))
                    .unwrap()
            })
        });
        let end = Instant::now();
        let mut line = format!(
            "blob/encode run {run}: {:.2} s total (2 threads);",
            (end - start).as_secs_f64()
        );
        for (k, (stage, at)) in marks.iter().enumerate() {
            let until = marks.get(k + 1).map_or(end, |m| m.1);
            let _ = write!(
                line,
                " {} {:.2} s",
                stage.name(),
                (until - *at).as_secs_f64()
            );
        }
        eprintln!("{line}");
        blob = Some(this_run);
    }
    Fixture {
        encoder,
        payload,
        blob: blob.unwrap(),
    }
}

fn benches(c: &mut Criterion) {
    let f = fixture();
    let verifier = f.encoder.verifier();
    let decoder = f.encoder.decoder();
    let header = *f.blob.header();
    let slices = f.blob.slices();
    let one = pool(1);
    let two = pool(2);

    let mut group = c.benchmark_group("blob/verify");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    let slice = &slices[1500];
    group.throughput(Throughput::Elements(1));
    group.bench_function("one slice/1 thread", |b| {
        one.install(|| {
            b.iter(|| {
                verifier
                    .verify_slice(&header, 1500, black_box(slice))
                    .unwrap();
            });
        });
    });
    // A node's batch: 100 slices spread over all families.
    let batch: Vec<_> = (0..100).map(|k| slices[k * 30 + 7].clone()).collect();
    measure_peak("blob/verify/batch 100", || {
        verifier.verify_batch(&header, &batch).unwrap();
    });
    group.throughput(Throughput::Elements(100));
    group.bench_function("batch of 100/1 thread", |b| {
        one.install(|| b.iter(|| verifier.verify_batch(&header, black_box(&batch)).unwrap()));
    });
    group.finish();

    // Worst case: only the two extension families' rows 0..512, no data.
    let worst: Vec<_> = (G.rows()..G.rows() + 512)
        .chain(2 * G.rows()..2 * G.rows() + 512)
        .map(|i| slices[i].clone())
        .collect();
    let got = two.install(|| {
        measure_peak("blob/recover (worst 1024 slices, 2 threads)", || {
            decoder.decode(&worst).unwrap()
        })
    });
    assert_eq!(got, f.payload);
    let mut group = c.benchmark_group("blob/recover");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(f.payload.len() as u64));
    group.bench_function("worst 1024 slices/2 threads", |b| {
        two.install(|| b.iter(|| decoder.decode(black_box(&worst)).unwrap()));
    });
    group.bench_function("worst 1024 slices, verified/2 threads", |b| {
        two.install(|| {
            b.iter(|| {
                decoder
                    .decode_verified(&verifier, &header, black_box(&worst))
                    .unwrap()
            });
        });
    });
    group.finish();
}

criterion_group!(blob, benches);
criterion_main!(blob);
