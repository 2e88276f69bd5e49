//! The keccak data root of a production-size encoded blob (3072 slices of
//! 32 KiB = 96 MiB), on 1 and 2 threads, and proving/verifying a `PoDAS`
//! subline against it.
//!
//! Run: `cargo bench -p zg-benches --bench data_root`.
#![allow(
    clippy::unwrap_used,
    reason = "bench setup on known inputs: a failure should abort the run"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use zg_benches::measure_peak;
use zg_types::Geometry;
use zg_types::merkle::{DataTree, SectorSpan};

/// Deterministic filler for every slice of `geometry`.
fn slices(geometry: Geometry) -> Vec<Vec<u8>> {
    (0..geometry.slices())
        .map(|s| {
            let mut state = (s as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (0..geometry.slice_bytes())
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state.to_le_bytes()[0]
                })
                .collect()
        })
        .collect()
}

fn data_root(c: &mut Criterion) {
    let geometry = Geometry::ZG_PRODUCTION;
    let slices = slices(geometry);
    let total = (geometry.slices() * geometry.slice_bytes()) as u64;

    let mut group = c.benchmark_group("data_root");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Bytes(total));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let label = format!("zg_types/production_96MiB/{threads}_threads");
        pool.install(|| measure_peak(&label, || DataTree::new(geometry, &slices).unwrap()));
        group.bench_function(label.as_str(), |b| {
            b.iter(|| pool.install(|| DataTree::new(geometry, black_box(&slices)).unwrap()));
        });
    }
    group.finish();

    let tree = DataTree::new(geometry, &slices).unwrap();
    let root = tree.root();
    let slice = 2049;
    let span = SectorSpan::subline(&geometry, slice, 17).unwrap();
    let proof = tree.prove(&span, &slices[slice]).unwrap();
    let data = &slices[slice][span.byte_range()];
    let mut group = c.benchmark_group("data_root_subline_proof");
    group.bench_function("zg_types/prove", |b| {
        b.iter(|| tree.prove(black_box(&span), &slices[slice]).unwrap());
    });
    group.bench_function("zg_types/verify", |b| {
        b.iter(|| {
            proof
                .verify(&root, &geometry, black_box(&span), black_box(data))
                .unwrap();
        });
    });
    group.finish();
}

criterion_group!(benches, data_root);
criterion_main!(benches);
