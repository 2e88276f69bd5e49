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
use zg_kzg::{CellVerifier, Commitment, Proof, Setup};
use zg_sampling::SliceSample;
use zg_sampling::{
    MAX_PODAS_TARGET, NodeSlices, PodasRound, SampleSeed, SampleSpace, SectorPosition, U256,
    select_indices, select_slices,
};
use zg_types::curve::{CurveGroup, Field, root_of_unity};
use zg_types::merkle::{keccak256, slice_root};
use zg_types::{DataTree, Digest, G1Affine, G1Projective, Geometry, Scalar, bit_reverse_index};

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
        sample.verify(&g, &root, pos).unwrap();
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

/// `sum scalars[i] * points[i]`, naively (bench setup only).
fn combine(points: &[G1Affine], scalars: &[Scalar]) -> G1Affine {
    points
        .iter()
        .zip(scalars)
        .fold(G1Projective::default(), |acc, (p, s)| acc + *p * s)
        .into_affine()
}

/// Slice samples of 0G's production geometry (1024-element slices) without
/// the 2^20-power prover: the committed polynomial `f` has degree < 2048, so
/// a 2048-power insecure setup commits it, and the cell proof of slice `s`
/// is the commitment of `q` in `f = q * (X^1024 - a) + I` with
/// `a = shift(s)^1024`: `q` is `f`'s upper 1024 coefficients whatever `a`
/// is, so one proof serves every slice. Verification costs the same as for
/// any polynomial.
fn production_slice_samples(slices: &[usize]) -> (CellVerifier, Commitment, Vec<SliceSample>) {
    let g = Geometry::ZG_PRODUCTION;
    let cols = g.cols();
    let setup = Setup::insecure_from_seed(b"zg-sampling bench", 2 * cols, cols + 1).unwrap();
    let verifier = CellVerifier::from_setup(g, &setup)
        .and_then(CellVerifier::with_default_msm_table)
        .unwrap();
    let f: Vec<Scalar> = (0..2 * cols as u64)
        .map(|i| Scalar::from(i * 7919 + 13))
        .collect();
    let commitment = Commitment::from_point(combine(setup.g1_monomial(), &f));
    let proof = Proof::from_point(combine(&setup.g1_monomial()[..cols], &f[cols..]));
    let w = root_of_unity(cols as u64).unwrap();
    let samples = slices
        .iter()
        .map(|&s| {
            let shift = g.coset_shift(s);
            let elements = (0..cols)
                .map(|j| {
                    let x = shift * w.pow([bit_reverse_index(j, cols) as u64]);
                    f.iter()
                        .rev()
                        .fold(Scalar::from(0u64), |acc, c| acc * x + c)
                })
                .collect();
            SliceSample::new(s, elements, proof).unwrap()
        })
        .collect();
    (verifier, commitment, samples)
}

fn slice_verification(c: &mut Criterion) {
    let asked = select_slices(&SampleSeed::new([1; 32]), &Geometry::ZG_PRODUCTION, 75).unwrap();
    let (verifier, commitment, samples) = production_slice_samples(&asked);
    let (sample, slice) = (&samples[0], asked[0]);
    let mut group = c.benchmark_group("sampling/verify (0G production geometry)");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    measure_peak("sampling/verify slice sample", || {
        sample.verify(&verifier, &commitment, slice).unwrap();
    });
    group.bench_function("slice sample (1024 elements + KZG cell proof)", |b| {
        b.iter(|| {
            sample
                .verify(&verifier, black_box(&commitment), slice)
                .unwrap();
        });
    });
    measure_peak("sampling/verify 75 slice samples, batch", || {
        SliceSample::verify_batch(&samples, &verifier, &commitment, &asked).unwrap();
    });
    group.bench_function("75 slice samples, one batch check", |b| {
        b.iter(|| {
            SliceSample::verify_batch(black_box(&samples), &verifier, &commitment, &asked).unwrap();
        });
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

criterion_group!(
    benches,
    selection,
    verification,
    slice_verification,
    mining,
    confidence
);
criterion_main!(benches);
