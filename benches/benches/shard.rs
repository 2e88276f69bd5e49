//! Shard placement: 0G quorum building at scale, certification checks, and
//! the exact fault-tolerance computation for a production-sized placement.
//!
//! Run: `cargo bench -p zg-benches --bench shard` (single-threaded: zg-shard
//! is built without its `parallel` feature here).
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    reason = "bench setup on known inputs: a failure should abort the run"
)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::Duration;
use zg_benches::measure_peak;
use zg_shard::{
    EpochQuorums, Placement, QuorumParams, SignerId, SignerRegistration, rendezvous_placement,
};

/// 10,000 signers, 10 votes each: 100,000 ballots (64-byte signatures, like
/// a BN254 G1 point).
fn signers(n: u64, stake: u128) -> Vec<SignerRegistration> {
    (0..n)
        .map(|i| {
            let mut signature = [0u8; 64];
            for (k, chunk) in signature.chunks_mut(8).enumerate() {
                let word = i
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    .rotate_left(u32::try_from(k).unwrap_or(0) * 8);
                chunk.copy_from_slice(&word.to_be_bytes());
            }
            SignerRegistration::new(SignerId::from_u64(i), stake, signature)
        })
        .collect()
}

fn quorums(c: &mut Criterion) {
    let list = signers(10_000, 100);
    let params = QuorumParams::ZG_DEFAULT;
    let mut group = c.benchmark_group("shard/quorums");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(100_000));
    let epoch = measure_peak("shard/quorums/10k_signers_100k_ballots", || {
        EpochQuorums::build(&list, &params).unwrap()
    });
    assert_eq!(epoch.ballots(), 100_000);
    assert_eq!(epoch.len(), 10);
    group.bench_function("10k_signers_100k_ballots", |b| {
        b.iter(|| EpochQuorums::build(black_box(&list), &params).unwrap());
    });
    group.finish();
}

fn certification(c: &mut Criterion) {
    let list = signers(10_000, 100);
    let epoch = EpochQuorums::build(&list, &QuorumParams::ZG_DEFAULT).unwrap();
    let quorum = epoch.quorum(0).unwrap();
    // Two thirds of the quorum's signers signed.
    let members: Vec<SignerId> = quorum.slot_counts().into_keys().collect();
    let signed: BTreeSet<SignerId> = members
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .map(|(_, id)| *id)
        .collect();
    let mut bitmap = vec![0u8; quorum.len().div_ceil(8)];
    for (slot, id) in quorum.slots().iter().enumerate() {
        if signed.contains(id) {
            bitmap[slot / 8] |= 1 << (slot % 8);
        }
    }
    let mut group = c.benchmark_group("shard/certification");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(quorum.len() as u64));
    measure_peak("shard/certification/signer_set_3072_slots", || {
        quorum.certification(&signed)
    });
    group.bench_function("signer_set_3072_slots", |b| {
        b.iter(|| quorum.certification(black_box(&signed)).is_certified());
    });
    measure_peak("shard/certification/bitmap_3072_slots", || {
        quorum.signers_from_bitmap(&bitmap).unwrap()
    });
    group.bench_function("bitmap_3072_slots", |b| {
        b.iter(|| {
            let signers = quorum.signers_from_bitmap(black_box(&bitmap)).unwrap();
            quorum.certification(&signers).is_certified()
        });
    });
    group.finish();
}

/// 3072 slots over 1,000 nodes (3 or 4 slices each), rows 1024.
fn fault_tolerance(c: &mut Criterion) {
    let nodes: Vec<SignerId> = (0..1000).map(SignerId::from_u64).collect();
    let owners: Vec<u32> = (0..3072u32).map(|s| s % 1000).collect();
    let placement = Placement::new(nodes, owners, 1024).unwrap();
    let stakes: Vec<u128> = (0..1000u128).map(|i| 1 + i % 17).collect();
    let mut group = c.benchmark_group("shard/fault_tolerance");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let exact = measure_peak("shard/fault_tolerance/exact_3072_slots_1000_nodes", || {
        placement.unrecoverable_probability(0.6).unwrap()
    });
    eprintln!("P(unrecoverable | p = 0.6) = {exact:e}");
    group.bench_function("exact_3072_slots_1000_nodes", |b| {
        b.iter(|| placement.unrecoverable_probability(black_box(0.6)).unwrap());
    });
    measure_peak("shard/fault_tolerance/least_stake_to_withhold", || {
        placement.least_stake_to_withhold(&stakes).unwrap()
    });
    group.bench_function("least_stake_to_withhold", |b| {
        b.iter(|| {
            placement
                .least_stake_to_withhold(black_box(&stakes))
                .unwrap()
        });
    });
    let mc = measure_peak("shard/fault_tolerance/monte_carlo_10k_trials", || {
        placement
            .unrecoverable_monte_carlo(0.6, 10_000, 1, 0.99)
            .unwrap()
    });
    eprintln!(
        "Monte Carlo (10k trials): {:e} +- {:.4} at 99%",
        mc.estimate, mc.half_width
    );
    group.bench_function("monte_carlo_10k_trials", |b| {
        b.iter(|| {
            placement
                .unrecoverable_monte_carlo(black_box(0.6), 10_000, 1, 0.99)
                .unwrap()
        });
    });
    group.finish();
}

fn rendezvous(c: &mut Criterion) {
    let nodes: Vec<(SignerId, u64)> = (0..100u64)
        .map(|i| (SignerId::from_u64(i), 1 + i % 50))
        .collect();
    let mut group = c.benchmark_group("shard/rendezvous");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(3072 * 100));
    measure_peak("shard/rendezvous/3072_slots_100_nodes", || {
        rendezvous_placement(&nodes, 3072, &[1; 32]).unwrap()
    });
    group.bench_function("3072_slots_100_nodes", |b| {
        b.iter_batched(
            || [2u8; 32],
            |seed| rendezvous_placement(black_box(&nodes), 3072, &seed).unwrap(),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, quorums, certification, fault_tolerance, rendezvous);
criterion_main!(benches);
