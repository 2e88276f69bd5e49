//! Fault tolerance: availability, adversary sets and loss probabilities,
//! checked against brute force over all subsets of small placements.
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
use zg_shard::{EpochQuorums, Error, Placement, QuorumParams, SignerId, SignerRegistration};

/// A placement of `counts[i]` slots on node `i`.
fn placement(counts: &[usize], rows: usize) -> Placement {
    let nodes = (0..counts.len() as u64).map(SignerId::from_u64).collect();
    let owners = counts
        .iter()
        .enumerate()
        .flat_map(|(i, c)| std::iter::repeat_n(i as u32, *c))
        .collect();
    Placement::new(nodes, owners, rows).unwrap()
}

/// Brute force: the best subset (by size, then by stake) holding >= target.
fn brute(counts: &[usize], stakes: &[u128], target: usize) -> (usize, u128) {
    let n = counts.len();
    let mut best_count = usize::MAX;
    let mut best_stake = u128::MAX;
    for mask in 0u32..1 << n {
        let held: usize = (0..n)
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| counts[i])
            .sum();
        if held >= target {
            best_count = best_count.min(mask.count_ones() as usize);
            let stake = (0..n)
                .filter(|i| mask >> i & 1 == 1)
                .map(|i| stakes[i])
                .sum();
            best_stake = best_stake.min(stake);
        }
    }
    (best_count, best_stake)
}

fn brute_loss(counts: &[usize], p: f64, rows: usize) -> f64 {
    let n = counts.len();
    let mut total = 0.0;
    for mask in 0u32..1 << n {
        let live: usize = (0..n)
            .filter(|i| mask >> i & 1 == 0)
            .map(|i| counts[i])
            .sum();
        if live < rows {
            let k = mask.count_ones() as i32;
            total += p.powi(k) * (1.0 - p).powi(n as i32 - k);
        }
    }
    total
}

#[test]
fn availability_and_recovery() {
    let p = placement(&[5, 3, 2, 2], 6);
    assert_eq!(p.slices(), 12);
    assert_eq!(p.available_slices(&[]), Ok(12));
    assert_eq!(p.available_slices(&[0, 0]), Ok(7));
    assert_eq!(p.is_recoverable(&[0, 1]), Ok(false));
    assert_eq!(p.is_recoverable(&[2, 3]), Ok(true));
    assert_eq!(
        p.available_slices(&[4]),
        Err(Error::IndexOutOfRange {
            what: "node",
            index: 4,
            bound: 4
        })
    );
    assert_eq!(p.withholding_threshold(), Ok(7));
    let w = p.fewest_to_withhold().unwrap();
    assert_eq!((w.nodes.clone(), w.slices), (vec![0, 1], 8));
    assert!(!p.is_recoverable(&w.nodes).unwrap());
    let c = p.fewest_to_certify().unwrap();
    assert_eq!(c.slices, 8); // ceil(2*12/3) = 8
    let s = p.least_stake_to_withhold(&[100, 1, 1, 1]).unwrap();
    assert_eq!((s.nodes.clone(), s.stake), (vec![1, 2, 3], 3));
    assert_eq!(
        p.least_stake_to_withhold(&[1]),
        Err(Error::WrongLength {
            what: "stakes",
            expected: 4,
            actual: 1
        })
    );
    let short = placement(&[1, 1], 3);
    assert_eq!(
        short.withholding_threshold(),
        Err(Error::TooFewSlices { needed: 3, got: 2 })
    );
    assert_eq!(short.unrecoverable_probability(0.0), Ok(1.0));
}

#[test]
fn a_placement_reports_its_shape() {
    let p = placement(&[3, 0, 2], 2);
    assert_eq!(p.slice_counts(), [3, 0, 2]);
    assert_eq!(p.owners(), [0, 0, 0, 2, 2]);
    assert_eq!((p.slices(), p.rows()), (5, 2));
    assert_eq!(p.nodes().len(), 3);
    assert_eq!(
        Placement::new(p.nodes().to_vec(), vec![0, 3], 1),
        Err(Error::IndexOutOfRange {
            what: "slot owner",
            index: 3,
            bound: 3
        })
    );
}

/// Equal stakes and counts: the lower-indexed node is kept, as documented.
#[test]
fn least_stake_ties_keep_the_lower_index() {
    let p = placement(&[2, 2, 2], 1);
    let s = p.least_stake_holding(&[5, 5, 5], 2).unwrap();
    assert_eq!((s.nodes, s.slices, s.stake), (vec![0], 2, 5));
    let s = p.least_stake_holding(&[7, 5, 5], 4).unwrap();
    assert_eq!((s.nodes, s.slices, s.stake), (vec![1, 2], 4, 10));
}

#[test]
fn probability_edges() {
    let p = placement(&[4, 4, 4], 4);
    assert_eq!(p.unrecoverable_probability(0.0), Ok(0.0));
    assert_eq!(p.unrecoverable_probability(1.0), Ok(1.0));
    assert_eq!(
        p.unrecoverable_probability(-0.1),
        Err(Error::InvalidProbability)
    );
    assert_eq!(
        p.unrecoverable_probability(f64::NAN),
        Err(Error::InvalidProbability)
    );
    // Lost only when all three fail.
    let got = p.unrecoverable_probability(0.5).unwrap();
    assert!((got - 0.125).abs() < 1e-15);
    let each = p.unrecoverable_probability_each(&[0.5, 0.25, 1.0]).unwrap();
    assert!((each - 0.125).abs() < 1e-15);
}

// The Monte Carlo estimate needs `std` (its bound takes `ln` and `sqrt`).
#[cfg(feature = "std")]
#[test]
fn monte_carlo_agrees_with_exact_within_its_bound() {
    let p = placement(&[40, 30, 30, 20, 20, 20, 15, 15, 10, 10, 10, 10], 80);
    let exact = p.unrecoverable_probability(0.3).unwrap();
    let mc = p.unrecoverable_monte_carlo(0.3, 20_000, 7, 0.999).unwrap();
    assert!(mc.half_width > 0.0 && mc.half_width < 0.02);
    assert!(
        (mc.estimate - exact).abs() <= mc.half_width,
        "{mc:?} vs {exact}"
    );
    // Seeded: the same seed gives the same estimate.
    assert_eq!(
        p.unrecoverable_monte_carlo(0.3, 1000, 9, 0.99).unwrap(),
        p.unrecoverable_monte_carlo(0.3, 1000, 9, 0.99).unwrap()
    );
    assert!(p.unrecoverable_monte_carlo(0.3, 0, 9, 0.99).is_err());
}

/// Ten nodes of one slice each, five needed: lost when at most four live,
/// `386 / 1024` at `p = 1/2`. Certain outcomes at `p = 0` and `p = 1`,
/// including a placement that needs every slice.
#[cfg(feature = "std")]
#[test]
fn monte_carlo_counts_losses_and_states_its_bound() {
    let p = placement(&[1; 10], 5);
    let mc = p.unrecoverable_monte_carlo(0.5, 20_000, 3, 0.999).unwrap();
    let exact = 386.0 / 1024.0;
    assert!((p.unrecoverable_probability(0.5).unwrap() - exact).abs() < 1e-15);
    // sqrt(ln(2 / 0.001) / 40000)
    let half_width = (2000f64.ln() / 40_000.0).sqrt();
    assert!((mc.half_width - half_width).abs() < 1e-15, "{mc:?}");
    assert_eq!((mc.trials, mc.confidence), (20_000, 0.999));
    assert!((mc.estimate - exact).abs() <= mc.half_width, "{mc:?}");

    let all = placement(&[1, 1, 1], 3);
    for (fail, lost) in [(0.0, 0.0), (1.0, 1.0)] {
        let mc = all.unrecoverable_monte_carlo(fail, 50, 1, 0.9).unwrap();
        assert!((mc.estimate - lost).abs() < 1e-15, "p = {fail}: {mc:?}");
    }
    for (fail, confidence) in [(1.5, 0.9), (-0.1, 0.9), (0.5, 1.0), (0.5, -0.1)] {
        assert_eq!(
            all.unrecoverable_monte_carlo(fail, 10, 1, confidence),
            Err(Error::InvalidProbability),
            "p = {fail}, confidence = {confidence}"
        );
    }
}

#[test]
fn production_sized_quorum() {
    // 1000 signers with varied stakes over 3072 slots, rows 1024.
    let signers: Vec<_> = (0..1000u64)
        .map(|i| {
            SignerRegistration::new(
                SignerId::from_u64(i),
                10 * u128::from(1 + i % 7),
                i.to_le_bytes(),
            )
        })
        .collect();
    let epoch = EpochQuorums::build(&signers, &QuorumParams::ZG_DEFAULT).unwrap();
    let q = epoch.quorum(0).unwrap();
    let p = Placement::from_quorum(q, 1024).unwrap();
    assert_eq!(p.slices(), 3072);
    let low = p.unrecoverable_probability(0.3).unwrap();
    let mid = p.unrecoverable_probability(0.6).unwrap();
    let high = p.unrecoverable_probability(0.7).unwrap();
    assert!(low > 0.0 && low < 1e-50, "{low}");
    // Expected live slices cross rows = 1024 at p = 2/3.
    assert!(low < mid && mid < 0.01, "{mid}");
    assert!(high > 0.5 && high < 1.0, "{high}");
    let by_count = p.fewest_to_withhold().unwrap();
    let stakes: Vec<u128> = p
        .nodes()
        .iter()
        .map(|id| signers.iter().find(|s| s.id() == *id).unwrap().stake())
        .collect();
    let by_stake = p.least_stake_to_withhold(&stakes).unwrap();
    assert!(by_count.slices >= 2049 && by_stake.slices >= 2049);
    assert!(by_stake.nodes.len() >= by_count.nodes.len());
    assert!(!p.is_recoverable(&by_stake.nodes).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn adversary_sets_are_optimal(
        nodes in prop::collection::vec((0usize..9, 1u128..50), 1..11),
        rows in 1usize..20,
    ) {
        let counts: Vec<usize> = nodes.iter().map(|n| n.0).collect();
        let stakes: Vec<u128> = nodes.iter().map(|n| n.1).collect();
        let total: usize = counts.iter().sum();
        prop_assume!(total >= rows);
        let p = placement(&counts, rows);
        for target in [p.withholding_threshold().unwrap(), zg_shard::Certification::threshold(total)] {
            let (best_count, best_stake) = brute(&counts, &stakes, target);
            let by_count = p.fewest_nodes_holding(target).unwrap();
            let by_stake = p.least_stake_holding(&stakes, target).unwrap();
            prop_assert_eq!(by_count.nodes.len(), best_count);
            prop_assert_eq!(by_stake.stake, best_stake);
            prop_assert!(by_count.slices >= target && by_stake.slices >= target);
            let stake_sum: u128 = by_stake.nodes.iter().map(|i| stakes[*i]).sum();
            prop_assert_eq!(stake_sum, by_stake.stake);
        }
        let w = p.fewest_to_withhold().unwrap();
        prop_assert!(!p.is_recoverable(&w.nodes).unwrap());
    }

    #[test]
    fn exact_probability_matches_enumeration(
        counts in prop::collection::vec(0usize..8, 1..12),
        rows in 1usize..30,
        p in 0.0f64..1.0,
    ) {
        let placement = placement(&counts, rows);
        let dp = placement.unrecoverable_probability(p).unwrap();
        let brute = brute_loss(&counts, p, rows);
        prop_assert!((dp - brute).abs() <= 1e-12 * brute.max(1e-300) + 1e-300, "{} vs {}", dp, brute);
    }
}
