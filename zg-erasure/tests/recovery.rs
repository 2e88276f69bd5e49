//! Recovery from random subsets of slices, at the 0G test geometry and at
//! random small geometries.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use ark_ff::UniformRand;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use zg_erasure::{Error, Geometry, ReedSolomon, Scalar, Slices};

fn random_data(geometry: &Geometry, rng: &mut StdRng) -> Vec<Scalar> {
    (0..geometry.elements())
        .map(|_| Scalar::rand(rng))
        .collect()
}

fn pick<'a>(slices: &'a Slices, indices: &[usize]) -> Vec<(usize, &'a [Scalar])> {
    indices
        .iter()
        .map(|s| (*s, slices.slice(*s).unwrap()))
        .collect()
}

/// Recovers from the first `count` of `order` and checks every output form.
fn check_recovery(
    rs: &ReedSolomon,
    data: &[Scalar],
    slices: &Slices,
    order: &[usize],
    count: usize,
) {
    let subset = pick(slices, &order[..count]);
    let coefficients = rs.recover_coefficients(&subset).unwrap();
    assert_eq!(
        coefficients,
        rs.data_to_coefficients(data).unwrap(),
        "{count} slices"
    );
    assert_eq!(rs.recover_data(&subset).unwrap(), data);
    assert_eq!(&rs.recover_slices(&subset).unwrap(), slices);
}

#[test]
fn every_subset_size_at_the_test_geometry() {
    let g = Geometry::ZG_TEST;
    let rs = ReedSolomon::new(g);
    let mut rng = StdRng::seed_from_u64(7);
    let data = random_data(&g, &mut rng);
    let slices = rs.extend(&data).unwrap();
    for count in g.rows()..=g.slices() {
        let mut order: Vec<usize> = (0..g.slices()).collect();
        order.shuffle(&mut rng);
        check_recovery(&rs, &data, &slices, &order, count);
    }
    let mut order: Vec<usize> = (0..g.slices()).collect();
    order.shuffle(&mut rng);
    assert_eq!(
        rs.recover_data(&pick(&slices, &order[..g.rows() - 1])),
        Err(Error::TooFewSlices {
            needed: g.rows(),
            got: g.rows() - 1
        })
    );
}

#[test]
fn worst_case_subsets_recover() {
    // No family-0 slice at all, and the last `rows` slices only.
    let g = Geometry::ZG_TEST;
    let rs = ReedSolomon::new(g);
    let mut rng = StdRng::seed_from_u64(8);
    let data = random_data(&g, &mut rng);
    let slices = rs.extend(&data).unwrap();
    let no_data: Vec<usize> = (g.rows()..g.slices()).collect();
    check_recovery(&rs, &data, &slices, &no_data, no_data.len());
    let last: Vec<usize> = (g.slices() - g.rows()..g.slices()).collect();
    check_recovery(&rs, &data, &slices, &last, g.rows());
}

fn small_geometry() -> impl Strategy<Value = Geometry> {
    (0u32..=4, 3u32..=5, 2usize..=5).prop_map(|(r, c, f)| Geometry::new(1 << r, 1 << c, f).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_subsets_of_random_geometries(g in small_geometry(), seed: u64) {
        let rs = ReedSolomon::new(g);
        let mut rng = StdRng::seed_from_u64(seed);
        let data = random_data(&g, &mut rng);
        let slices = rs.extend(&data).unwrap();
        prop_assert_eq!(slices.data(), &data[..]);
        for _ in 0..4 {
            let mut order: Vec<usize> = (0..g.slices()).collect();
            order.shuffle(&mut rng);
            let count = rng.gen_range(g.rows()..=g.slices());
            check_recovery(&rs, &data, &slices, &order, count);
        }
        let mut order: Vec<usize> = (0..g.slices()).collect();
        order.shuffle(&mut rng);
        let too_few = pick(&slices, &order[..g.rows() - 1]);
        prop_assert_eq!(
            rs.recover_coefficients(&too_few),
            Err(Error::TooFewSlices { needed: g.rows(), got: g.rows() - 1 })
        );
    }

    #[test]
    fn a_corrupted_slice_among_extras_is_caught(g in small_geometry(), seed: u64) {
        let rs = ReedSolomon::new(g);
        let mut rng = StdRng::seed_from_u64(seed);
        let data = random_data(&g, &mut rng);
        let slices = rs.extend(&data).unwrap();
        // More than `rows` slices, not all of family 0: the general path runs.
        prop_assume!(g.slices() >= g.rows() + 2);
        let mut order: Vec<usize> = (1..g.slices()).collect();
        order.shuffle(&mut rng);
        let count = rng.gen_range(g.rows() + 1..=g.slices() - 1);
        let mut subset: Vec<(usize, Vec<Scalar>)> = order[..count]
            .iter()
            .map(|s| (*s, slices.slice(*s).unwrap().to_vec()))
            .collect();
        let victim = rng.gen_range(0..count);
        let entry = rng.gen_range(0..g.cols());
        subset[victim].1[entry] += Scalar::from(1u64);
        let is_inconsistent = matches!(
            rs.recover_coefficients(&subset),
            Err(Error::InconsistentSlices { .. })
        );
        prop_assert!(is_inconsistent);
    }
}
