//! Re-staking: slot moves, hand-off plans, rendezvous placement; capacity.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    clippy::many_single_char_names,
    clippy::single_match_else,
    reason = "test helpers: small known values, failures should panic"
)]

use proptest::prelude::*;
use std::collections::BTreeSet;
#[cfg(feature = "std")]
use zg_shard::proportionality;
use zg_shard::{
    EpochQuorums, Error, HandoffPlan, Placement, Quorum, QuorumParams, SignerId,
    SignerRegistration, linear_capacity, linear_scaling_ceiling, per_node_load,
    rendezvous_placement, slot_moves,
};

fn ids(n: u64) -> Vec<SignerId> {
    (0..n).map(SignerId::from_u64).collect()
}

fn weighted(n: u64) -> Vec<(SignerId, u64)> {
    (0..n)
        .map(|i| (SignerId::from_u64(i), 1 + (i * 7919) % 50))
        .collect()
}

#[test]
fn moves_and_a_plan_that_keeps_blobs_recoverable() {
    let id = ids(4);
    let old = Quorum::from_slots(vec![
        id[0], id[0], id[1], id[1], id[2], id[2], id[3], id[3], id[0],
    ]);
    let new = Quorum::from_slots(vec![
        id[0], id[1], id[1], id[2], id[2], id[3], id[3], id[0], id[0],
    ]);
    let moves = slot_moves(&old, &new).unwrap();
    assert_eq!(
        moves.iter().map(|m| m.slot).collect::<Vec<_>>(),
        vec![1, 3, 5, 7]
    );
    assert!(
        moves
            .iter()
            .all(|m| old.slots()[m.slot] == m.from && new.slots()[m.slot] == m.to)
    );
    assert_eq!(
        slot_moves(&old, &Quorum::from_slots(vec![id[0]])),
        Err(Error::SizeMismatch {
            expected: 9,
            actual: 1
        })
    );
    // 9 slices, rows 3, reserve 4: at most 2 in flight per step.
    let plan = HandoffPlan::new(&moves, 9, 7).unwrap();
    assert_eq!(plan.steps().len(), 2);
    assert_eq!(plan.min_available(), 7);
    assert!(plan.keeps_available());
    // Simulate: after each step, the placement is the new one for moved
    // slots; during a step, its moving slots are unavailable.
    let mut holder = old.slots().to_vec();
    for step in plan.steps() {
        let moving: BTreeSet<usize> = step.iter().map(|m| m.slot).collect();
        assert!(holder.len() - moving.len() >= 7);
        for m in step {
            assert_eq!(holder[m.slot], m.from);
            holder[m.slot] = m.to;
        }
    }
    assert_eq!(holder, new.slots());
    assert_eq!(
        HandoffPlan::new(&moves, 9, 9),
        Err(Error::NoRoomToMove {
            needed: 9,
            total: 9
        })
    );
    assert!(HandoffPlan::new(&[], 9, 9).unwrap().steps().is_empty());
    assert!(HandoffPlan::new(&moves, 9, 10).is_err());
    let twice = [moves[0], moves[1], moves[0]];
    assert_eq!(
        HandoffPlan::new(&twice, 9, 3),
        Err(Error::DuplicateSlot {
            slot: moves[0].slot
        })
    );
}

#[test]
fn zero_g_epochs_redraw_almost_every_slot() {
    // Same stakes, fresh registration signatures: the ballot order is
    // redrawn, so about 1 - sum(share^2) of the slots move.
    let params = QuorumParams::new(10, 1024, 3072, 1).unwrap();
    let epoch = |tag: u8| {
        let signers: Vec<_> = (0..100u64)
            .map(|i| SignerRegistration::new(SignerId::from_u64(i), 400, [tag, i as u8]))
            .collect();
        EpochQuorums::build(&signers, &params).unwrap()
    };
    let (a, b) = (epoch(1), epoch(2));
    let moved = slot_moves(a.quorum(0).unwrap(), b.quorum(0).unwrap())
        .unwrap()
        .len();
    eprintln!("0G rule, 100 equal signers, new epoch: {moved} of 3072 slots move");
    assert!(moved > 2900, "{moved}");
}

// `proportionality` needs `std` (a square root).
#[cfg(feature = "std")]
#[test]
fn rendezvous_is_close_to_proportional() {
    let nodes = weighted(60);
    let seed = [7u8; 32];
    let q = rendezvous_placement(&nodes, 3072, &seed).unwrap();
    assert_eq!(q.len(), 3072);
    let d = proportionality(&q, &nodes);
    eprintln!(
        "rendezvous, 60 nodes, weights 1..50, 3072 slots: max over {:.1}, max under {:.1} slots, max z {:.2}",
        d.max_over, d.max_under, d.max_z
    );
    // Chance alone gives |z| of about 3 at most over 60 nodes; a biased
    // score would show far more.
    assert!(d.max_z < 4.5, "{d:?}");
    assert_eq!(q, rendezvous_placement(&nodes, 3072, &seed).unwrap());
    assert!(rendezvous_placement(&[(SignerId::from_u64(1), 0)], 4, &seed).is_err());
    assert_eq!(
        rendezvous_placement(
            &[(SignerId::from_u64(1), 1), (SignerId::from_u64(1), 2)],
            4,
            &seed
        ),
        Err(Error::DuplicateSigner { index: 1, first: 0 })
    );
    // Weight-zero nodes never hold a slot.
    let mut with_zero = nodes.clone();
    with_zero.push((SignerId::from_u64(999), 0));
    let q0 = rendezvous_placement(&with_zero, 512, &seed).unwrap();
    assert!(!q0.slots().contains(&SignerId::from_u64(999)));
}

/// The documented rule, transcribed independently in floating point: slot
/// `s` goes to the node maximising `w / -ln(u)`, `u = (h + 1) / 2^64`, `h`
/// the first 8 bytes (big-endian) of `keccak(seed || s || id)`. Slots whose
/// two best scores are within `1e-9` of each other are skipped: there the
/// crate's 32.32 fixed-point logarithm and `f64` may rank differently.
#[test]
fn rendezvous_follows_the_documented_rule() {
    use tiny_keccak::{Hasher, Keccak};
    let nodes = weighted(7);
    let seed = [0x5a; 32];
    let placement = rendezvous_placement(&nodes, 256, &seed).unwrap();
    let mut checked = 0;
    for (slot, holder) in placement.slots().iter().enumerate() {
        let mut scores: Vec<(f64, SignerId)> = nodes
            .iter()
            .map(|(id, weight)| {
                let mut hasher = Keccak::v256();
                hasher.update(&seed);
                hasher.update(&(slot as u64).to_be_bytes());
                hasher.update(id.as_bytes());
                let mut out = [0u8; 32];
                hasher.finalize(&mut out);
                let h = u64::from_be_bytes(out[..8].try_into().unwrap());
                let u = (h as f64 + 1.0) / 2f64.powi(64);
                (*weight as f64 / -u.ln(), *id)
            })
            .collect();
        scores.sort_by(|a, b| b.0.total_cmp(&a.0));
        if scores[0].0 - scores[1].0 <= 1e-9 * scores[0].0 {
            continue;
        }
        assert_eq!(*holder, scores[0].1, "slot {slot}");
        checked += 1;
    }
    assert!(checked > 250, "{checked}");
}

/// Exact figures for small placements: shares `slots * w / W`, the
/// largest excess and shortfall, and the largest deviation in units of
/// `sqrt(share)`, where a node of weight zero has no share to measure.
#[cfg(feature = "std")]
#[test]
fn proportionality_of_known_placements() {
    let [a, b, c] = [1, 2, 3].map(SignerId::from_u64);
    let even = [(a, 1), (b, 1), (c, 1)];
    let d = proportionality(&Quorum::from_slots(vec![a, a, a, a, b, c]), &even);
    assert_eq!((d.max_over, d.max_under), (2.0, 1.0));
    assert!((d.max_z - 2f64.sqrt()).abs() < 1e-15, "{d:?}");
    let d = proportionality(
        &Quorum::from_slots(vec![a, a, c, b]),
        &[(a, 1), (b, 1), (c, 0)],
    );
    assert_eq!((d.max_over, d.max_under), (1.0, 1.0));
    assert!((d.max_z - 0.5f64.sqrt()).abs() < 1e-15, "{d:?}");
}

#[test]
fn linear_capacity_and_where_it_stops() {
    const MB: u64 = 1_000_000;
    let c = linear_capacity(35 * MB, 3072, 3).unwrap();
    assert_eq!(c.payload_rate, 3072 * 35 * u128::from(MB) / 3);
    assert_eq!(c.per_node_load, u128::from(35 * MB));
    assert_eq!(
        per_node_load(c.payload_rate, 3072, 3).unwrap(),
        u128::from(35 * MB)
    );
    assert!(linear_capacity(1, 1, 0).is_err());
    assert!(per_node_load(1, 0, 3).is_err());
    // One vote per signer: each signer holds one slot, quorums grow with the
    // signers and the epoch scales linearly ... up to max_quorums.
    let params = QuorumParams::new(10, 1, 3072, 2).unwrap();
    let epoch = |n: u64| {
        let signers: Vec<_> = (0..n)
            .map(|i| SignerRegistration::new(SignerId::from_u64(i), 10, i.to_be_bytes()))
            .collect();
        EpochQuorums::build(&signers, &params).unwrap()
    };
    let one = epoch(3072).write_capacity(35 * MB, 1024).unwrap();
    assert_eq!(
        one.payload_rate,
        linear_capacity(35 * MB, 3072, 3).unwrap().payload_rate
    );
    let two = epoch(6144).write_capacity(35 * MB, 1024).unwrap();
    assert_eq!(two.payload_rate, 2 * one.payload_rate);
    let three = epoch(9216).write_capacity(35 * MB, 1024).unwrap();
    assert_eq!(
        three.payload_rate, two.payload_rate,
        "capped by max_quorums"
    );
    assert_eq!(three.payload_rate, linear_scaling_ceiling(35 * MB, 2, 1024));
    // Fewer signers than slots: the short quorum repeats them, the busiest
    // signer sets the rate.
    let small = epoch(1000).write_capacity(35 * MB, 1024).unwrap();
    assert_eq!(small.busiest_slots, 4);
    assert_eq!(small.payload_rate, u128::from(35 * MB) * 1024 / 4);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn rendezvous_join_moves_only_to_the_newcomer(
        n in 3u64..25,
        new_weight in 1u64..60,
        seed in any::<[u8; 32]>(),
    ) {
        let slots = 600usize;
        let nodes = weighted(n);
        let before = rendezvous_placement(&nodes, slots, &seed).unwrap();
        let newcomer = SignerId::from_u64(1_000_000);
        let mut joined = nodes.clone();
        joined.push((newcomer, new_weight));
        let after = rendezvous_placement(&joined, slots, &seed).unwrap();
        let moves = slot_moves(&before, &after).unwrap();
        prop_assert!(moves.iter().all(|m| m.to == newcomer));
        // Expected share of the newcomer, plus 5 standard deviations.
        let total: u64 = joined.iter().map(|(_, w)| w).sum();
        let share = new_weight as f64 / total as f64;
        let expected = slots as f64 * share;
        let bound = expected + 5.0 * (expected * (1.0 - share)).sqrt() + 1.0;
        prop_assert!((moves.len() as f64) <= bound, "{} > {}", moves.len(), bound);
        // And leaving again moves exactly those slots back.
        let back = slot_moves(&after, &before).unwrap();
        prop_assert_eq!(back.len(), moves.len());
        prop_assert!(back.iter().all(|m| m.from == newcomer));
        // Hand-off of the join keeps any blob of rows 200 recoverable with 100 spare.
        let plan = HandoffPlan::new(&moves, slots, 300).unwrap();
        prop_assert!(plan.keeps_available());
        let placement = Placement::from_quorum(&after, 200).unwrap();
        prop_assert!(placement.is_recoverable(&[]).unwrap());
    }
}
