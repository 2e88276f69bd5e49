//! zg-sampling: selecting samples, verifying sector and `PoDAS` samples at
//! 0G's production geometry, the `PoDAS` miner's scan of 1024 lines, and the
//! confidence math.
//!
//! Run: `cargo bench -p zg-benches --bench sampling`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    reason = "bench setup"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use zg_benches::measure_peak;
use zg_sampling::{
    MAX_PODAS_TARGET, NodeSlices, PodasRound, SampleSeed, SampleSpace, SectorPosition, U256,
    select_indices, select_slices,
};
use zg_types::merkle::{keccak256, slice_root};
use zg_types::{DataTree, Digest, Geometry};

const LINES: usize = 1024;

fn line_bytes(geometry: &Geometry, line: usize) -> Vec<u8> {
    let seed = keccak256(&(line as u64).to_be_bytes());
    (0..geometry.slice_bytes())
        .map(|i| seed.as_bytes()[i % 32] ^ (i >> 5) as u8)
        .collect()
}

/// A production-geometry node holding `LINES` real lines (32 KiB each) of a
/// blob whose other slices are stand-in roots: the tree is genuine for the
/// held lines, and building it hashes only those.
fn production_node() -> NodeSlices {
    let g = Geometry::ZG_PRODUCTION;
    let lines: Vec<Vec<u8>> = (0..LINES).map(|l| line_bytes(&g, l)).collect();
    let mut roots: Vec<Digest> = (0..g.slices())
        .map(|s| keccak256(&(s as u64).to_le_bytes()))
        .collect();
    for (l, bytes) in lines.iter().enumerate() {
        roots[l] = slice_root(&g, bytes).unwrap();
    }
    let tree = DataTree::from_slice_roots(g, &roots).unwrap();
    let mut node = NodeSlices::new(g, tree.root());
    for (l, bytes) in lines.into_iter().enumerate() {
        let proof = tree.prove_slice(l).unwrap();
        node.insert(l, bytes, &proof).unwrap();
    }
    node
}

fn selection(c: &mut Criterion) {
    let mut group = c.benchmark_group("sampling/select");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(3));
    let seed = SampleSeed::new([42; 32]);
    let g = Geometry::ZG_PRODUCTION;
    measure_peak("sampling/select 75 of 3072 slices", || {
        select_slices(&seed, &g, 75).unwrap()
    });
    group.throughput(Throughput::Elements(75));
    group.bench_function("75 of 3072 slices", |b| {
        b.iter(|| select_slices(black_box(&seed), &g, 75).unwrap());
    });
    group.bench_function("75 of 98304 sectors", |b| {
        b.iter(|| select_indices(black_box(&seed), 98_304, 75).unwrap());
    });
    group.finish();
}

fn verification(c: &mut Criterion) {
    let g = Geometry::ZG_PRODUCTION;
    let node = production_node();
    let root = node.data_root();
    let mut group = c.benchmark_group("sampling/verify (0G production geometry)");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(3));

    let pos = SectorPosition {
        slice: 700,
        sector: 77,
    };
    let sample = node.sector_sample(pos).unwrap();
    measure_peak("sampling/verify sector sample", || {
        sample.verify(&g, &root, pos).unwrap()
    });
    group.bench_function("sector sample", |b| {
        b.iter(|| sample.verify(&g, black_box(&root), pos).unwrap());
    });

    let round = PodasRound {
        seed: SampleSeed::new([3; 32]),
        target: U256::MAX,
    };
    let hits = node.mine(&round, 5, 0).unwrap();
    let podas = node.podas_sample(&round, 5, 0, &hits[0]).unwrap();
    measure_peak("sampling/verify PoDAS sample", || {
        podas.verify(&g, &round).unwrap()
    });
    group.bench_function("PoDAS sample", |b| {
        b.iter(|| podas.verify(&g, black_box(&round)).unwrap());
    });
    group.finish();
}

fn mining(c: &mut Criterion) {
    let node = production_node();
    let mut group = c.benchmark_group("sampling/podas scan of 1024 lines (32 MiB)");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(
        (LINES * Geometry::ZG_PRODUCTION.slice_bytes()) as u64,
    ));
    for (label, target) in [
        ("0G max target", MAX_PODAS_TARGET),
        ("every line hashed", U256::MAX),
    ] {
        let round = PodasRound {
            seed: SampleSeed::new([9; 32]),
            target,
        };
        measure_peak(&format!("sampling/podas scan ({label})"), || {
            node.mine(&round, 5, 0).unwrap()
        });
        group.bench_with_input(BenchmarkId::from_parameter(label), &round, |b, round| {
            b.iter(|| node.mine(black_box(round), 5, 0).unwrap());
        });
    }
    group.finish();
}

fn confidence(c: &mut Criterion) {
    let mut group = c.benchmark_group("sampling/confidence");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    let zg = SampleSpace::slices(&Geometry::ZG_PRODUCTION);
    group.bench_function("samples for 2^-40 (3072 slices)", |b| {
        b.iter(|| zg.samples_for(black_box(2f64.powi(-40))).unwrap());
    });
    let eth = SampleSpace::slices(&Geometry::ETHEREUM);
    group.bench_function("reconstruction, 100 clients x 8 (128 cells)", |b| {
        b.iter(|| eth.reconstruction_probability(black_box(100), 8).unwrap());
    });
    group.finish();
}

criterion_group!(benches, selection, verification, mining, confidence);
criterion_main!(benches);
