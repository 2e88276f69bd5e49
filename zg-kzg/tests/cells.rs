//! The cell engine: FK20 against one-cell-at-a-time proofs, verification
//! (single and batch), tampering, and recovery, on small geometries
//! including the 0G test geometry (3 families) and Ethereum's.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on unexpected errors"
)]

use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use zg_kzg::{CellProver, CellVerifier, Error, ProverOptions, Setup};
use zg_types::curve::{AffineRepr, CurveGroup, UniformRand};
use zg_types::{G1Affine, Geometry, Scalar};

fn prover(geometry: Geometry, width: u32) -> CellProver {
    let setup =
        Setup::insecure_from_seed(b"cells", geometry.elements(), geometry.cols() + 1).unwrap();
    CellProver::with_options(
        geometry,
        &setup,
        ProverOptions::new().with_table_width(width),
    )
    .unwrap()
}

fn random_data(n: usize, seed: u64) -> Vec<Scalar> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| Scalar::rand(&mut rng)).collect()
}

fn check_all(geometry: Geometry, width: u32, seed: u64) {
    let prover = prover(geometry, width);
    let data = random_data(geometry.elements(), seed);
    let coefficients = prover.erasure().data_to_coefficients(&data).unwrap();
    let commitment = prover.commit(&coefficients).unwrap();
    let (cells, proofs) = prover.cells_and_proofs(&data).unwrap();
    assert_eq!(cells.data(), &data[..]);
    assert_eq!(proofs.len(), geometry.slices());
    // Every cell of small geometries; a spread of cells (every family,
    // first and last rows) of the larger ones.
    let step = if geometry.slices() <= 48 {
        1
    } else {
        geometry.slices() / 24 + 1
    };
    for (s, proof) in proofs.iter().enumerate() {
        if s % step != 0 && s + 1 != geometry.slices() && s % geometry.rows() != 0 {
            continue;
        }
        assert_eq!(
            *proof,
            prover.cell_proof(&coefficients, s).unwrap(),
            "cell {s}"
        );
        assert!(
            prover
                .verifier()
                .verify_cell(&commitment, s, cells.slice(s).unwrap(), proof)
                .unwrap()
        );
    }
}

#[test]
fn fk20_matches_single_proofs_small() {
    check_all(Geometry::new(4, 8, 2).unwrap(), 0, 1);
    check_all(Geometry::new(8, 8, 3).unwrap(), 0, 2);
    check_all(Geometry::new(2, 8, 5).unwrap(), 4, 3);
}

#[test]
fn fk20_matches_single_proofs_zg_test_geometry() {
    check_all(Geometry::ZG_TEST, 5, 4);
}

#[test]
fn fk20_matches_single_proofs_ethereum_geometry() {
    check_all(Geometry::ETHEREUM, 0, 5);
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario, every tampering in turn"
)]
fn batch_verification_and_tampering() {
    let geometry = Geometry::new(8, 8, 3).unwrap();
    let prover = prover(geometry, 0);
    let verifier: &CellVerifier = prover.verifier();
    let mut commitments = Vec::new();
    let mut all = Vec::new();
    for blob in 0..3u64 {
        let data = random_data(geometry.elements(), 10 + blob);
        commitments.push(prover.commit_data(&data).unwrap());
        let (cells, proofs) = prover.cells_and_proofs(&data).unwrap();
        all.push((cells, proofs));
    }
    let picks = [(0usize, 3usize), (1, 3), (2, 23), (0, 0), (1, 17), (1, 17)];
    let commitment_indices: Vec<usize> = picks.iter().map(|p| p.0).collect();
    let cell_indices: Vec<usize> = picks.iter().map(|p| p.1).collect();
    let mut cells: Vec<Vec<Scalar>> = picks
        .iter()
        .map(|&(b, s)| all[b].0.slice(s).unwrap().to_vec())
        .collect();
    let mut proofs: Vec<G1Affine> = picks.iter().map(|&(b, s)| all[b].1[s]).collect();
    assert!(
        verifier
            .verify_batch(
                &commitments,
                &commitment_indices,
                &cell_indices,
                &cells,
                &proofs
            )
            .unwrap()
    );
    assert!(
        verifier
            .verify_batch::<Vec<Scalar>>(&commitments, &[], &[], &[], &[])
            .unwrap()
    );
    // A changed cell element.
    cells[2][5] += Scalar::from(1u64);
    assert!(
        !verifier
            .verify_batch(
                &commitments,
                &commitment_indices,
                &cell_indices,
                &cells,
                &proofs
            )
            .unwrap()
    );
    assert!(
        !verifier
            .verify_cell(&commitments[2], 23, &cells[2], &proofs[2])
            .unwrap()
    );
    cells[2][5] -= Scalar::from(1u64);
    // A wrong index.
    let mut wrong = cell_indices.clone();
    wrong[0] = 4;
    assert!(
        !verifier
            .verify_batch(&commitments, &commitment_indices, &wrong, &cells, &proofs)
            .unwrap()
    );
    // A wrong commitment.
    let mut wrong = commitment_indices.clone();
    wrong[4] = 2;
    assert!(
        !verifier
            .verify_batch(&commitments, &wrong, &cell_indices, &cells, &proofs)
            .unwrap()
    );
    // A wrong proof.
    proofs[1] = (proofs[1] + G1Affine::generator()).into_affine();
    assert!(
        !verifier
            .verify_batch(
                &commitments,
                &commitment_indices,
                &cell_indices,
                &cells,
                &proofs
            )
            .unwrap()
    );
    // Typed errors.
    assert_eq!(
        verifier.verify_batch(&commitments, &[0], &[24], &cells[..1], &proofs[..1]),
        Err(Error::CellIndexOutOfRange {
            index: 24,
            bound: 24
        })
    );
    assert_eq!(
        verifier.verify_batch(&commitments, &[3], &[0], &cells[..1], &proofs[..1]),
        Err(Error::CommitmentIndexOutOfRange { index: 3, bound: 3 })
    );
    assert!(matches!(
        verifier.verify_batch(
            &commitments,
            &[0],
            &[0],
            &[vec![Scalar::from(0u64); 7]],
            &proofs[..1]
        ),
        Err(Error::WrongCellLength {
            expected: 8,
            actual: 7,
            ..
        })
    ));
    assert!(matches!(
        verifier.verify_batch(&commitments, &[0, 0], &[0], &cells[..1], &proofs[..1]),
        Err(Error::LengthMismatch { .. })
    ));
}

/// The precomputation holds what the docs say: the `2N` SRS-FFT points, or
/// with tables of width `w` (`w >= 2`) their `2^(w-1)` multiples as bare
/// `(x, y)` coordinates (96 bytes each) in their place.
#[test]
fn precomputation_sizes() {
    let geometry = Geometry::new(4, 8, 2).unwrap();
    let two_n = 2 * geometry.elements();
    let point = core::mem::size_of::<G1Affine>();
    assert_eq!(prover(geometry, 0).precomputation_bytes(), two_n * point);
    assert_eq!(prover(geometry, 1).precomputation_bytes(), two_n * point);
    for w in [2, 5] {
        let multiples = 1 << (w - 1);
        assert_eq!(
            prover(geometry, w).precomputation_bytes(),
            two_n * multiples * 96,
            "width {w}"
        );
    }
}

/// Every entry point that takes monomial coefficients refuses more than
/// `N` of them, with the numbers.
#[test]
fn too_many_coefficients_are_refused() {
    let geometry = Geometry::new(4, 8, 2).unwrap();
    let prover = prover(geometry, 0);
    let n = geometry.elements();
    let too_long = random_data(n + 1, 5);
    let expected = Error::LengthMismatch {
        what: "coefficients (at most rows * cols)",
        expected: n,
        actual: n + 1,
    };
    assert_eq!(prover.commit(&too_long), Err(expected.clone()));
    assert_eq!(prover.proofs(&too_long), Err(expected.clone()));
    assert_eq!(prover.cell_proof(&too_long, 0), Err(expected.clone()));
    assert_eq!(
        prover.cells_and_proofs_from_coefficients(&too_long),
        Err(expected)
    );
    // Fewer than `N` are a polynomial of lower degree.
    let short = random_data(n - 3, 5);
    let mut padded = short.clone();
    padded.resize(n, Scalar::from(0u64));
    assert_eq!(prover.proofs(&short), prover.proofs(&padded));
    assert_eq!(prover.cell_proof(&short, 3), prover.cell_proof(&padded, 3));
}

/// Table widths up to 12 are accepted (and prove the same cells), wider
/// ones are refused with the limit in the error.
#[test]
fn table_width_limit() {
    assert_eq!(ProverOptions::new().table_width(), 0);
    assert_eq!(ProverOptions::new().with_table_width(7).table_width(), 7);
    let geometry = Geometry::new(2, 8, 2).unwrap();
    let data = random_data(geometry.elements(), 3);
    let widest = prover(geometry, 12);
    assert_eq!(
        widest.precomputation_bytes(),
        2 * geometry.elements() * 2048 * 96
    );
    assert_eq!(
        widest.cells_and_proofs(&data).unwrap(),
        prover(geometry, 0).cells_and_proofs(&data).unwrap()
    );
    let setup = Setup::insecure_from_seed(b"cells", geometry.elements(), 9).unwrap();
    assert_eq!(
        CellProver::with_options(geometry, &setup, ProverOptions::new().with_table_width(13)).err(),
        Some(Error::InvalidParameter {
            what: "table width",
            value: 13,
            min: 0,
            max: 12
        })
    );
}

#[test]
fn verifier_from_minimal_points_agrees() {
    let geometry = Geometry::ZG_TEST;
    let setup =
        Setup::insecure_from_seed(b"cells", geometry.elements(), geometry.cols() + 1).unwrap();
    let prover = CellProver::new(geometry, &setup).unwrap();
    let small = CellVerifier::new(
        geometry,
        setup.g1_monomial()[..geometry.cols()].to_vec(),
        setup.g2_monomial()[0],
        setup.g2_monomial()[geometry.cols()],
    )
    .unwrap();
    let data = random_data(geometry.elements(), 7);
    let commitment = prover.commit_data(&data).unwrap();
    let (cells, proofs) = prover.cells_and_proofs(&data).unwrap();
    for s in [0, 63, 64, 130, 191] {
        assert!(
            small
                .verify_cell(&commitment, s, cells.slice(s).unwrap(), &proofs[s])
                .unwrap()
        );
    }
    assert!(matches!(
        CellVerifier::new(
            geometry,
            vec![G1Affine::generator(); 3],
            setup.g2_monomial()[0],
            setup.g2_monomial()[1]
        ),
        Err(Error::SetupTooSmall { .. })
    ));
    let tiny = Setup::insecure_from_seed(b"cells", 1024, 3).unwrap();
    assert!(matches!(
        CellProver::new(geometry, &tiny),
        Err(Error::SetupTooSmall { needed: 2048, .. })
    ));
}

#[test]
fn recovery_errors_are_typed() {
    let geometry = Geometry::new(4, 8, 3).unwrap();
    let prover = prover(geometry, 0);
    let data = random_data(geometry.elements(), 8);
    let cells = prover.cells(&data).unwrap();
    let take = |ix: &[usize]| -> Vec<(usize, Vec<Scalar>)> {
        ix.iter()
            .map(|&i| {
                (
                    i,
                    cells
                        .slice(i)
                        .map_or_else(|| vec![Scalar::from(0u64); 8], <[Scalar]>::to_vec),
                )
            })
            .collect()
    };
    assert_eq!(
        prover.recover_cells(&take(&[1, 5, 9])),
        Err(Error::TooFewCells { needed: 4, got: 3 })
    );
    assert_eq!(
        prover.recover_cells(&take(&[1, 5, 9, 5])),
        Err(Error::DuplicateCellIndex { index: 5 })
    );
    assert_eq!(
        prover.recover_cells(&take(&[1, 5, 9, 12])),
        Err(Error::CellIndexOutOfRange {
            index: 12,
            bound: 12
        })
    );
    let mut short = take(&[1, 5, 9, 11]);
    short[2].1.pop();
    assert_eq!(
        prover.recover_cells(&short),
        Err(Error::WrongCellLength {
            index: 9,
            expected: 8,
            actual: 7
        })
    );
    // Shuffled indices are fine for the engine, and so are all cells; one
    // more than all is refused before any other check.
    assert_eq!(prover.recover_cells(&take(&[11, 1, 9, 5])).unwrap(), cells);
    let all: Vec<usize> = (0..12).collect();
    assert_eq!(prover.recover_cells(&take(&all)).unwrap(), cells);
    let too_many: Vec<usize> = (0..13).collect();
    assert_eq!(
        prover.recover_cells(&take(&too_many)),
        Err(Error::TooManyCells { max: 12, got: 13 })
    );
}

fn geometries() -> impl Strategy<Value = Geometry> {
    prop_oneof![
        Just(Geometry::ZG_TEST),
        Just(Geometry::ETHEREUM),
        (0u32..4, 3u32..5, 2usize..5)
            .prop_map(|(r, c, k)| Geometry::new(1 << r, 1 << c, k).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// On random small geometries, every FK20 proof equals the proof of its
    /// cell computed alone, and every cell verifies (with and without
    /// fixed-base tables).
    #[test]
    fn fk20_equals_single_cell_proofs(
        (r, c, k) in (0u32..4, 3u32..5, 2usize..5),
        width in prop_oneof![Just(0u32), Just(3), Just(6)],
        seed in any::<u64>(),
    ) {
        check_all(Geometry::new(1 << r, 1 << c, k).unwrap(), width, seed);
    }

    /// Recovery from a random subset of `rows` (or more) cells returns the
    /// original cells and proofs, and every proof verifies in one batch.
    #[test]
    fn recovery_from_random_subsets(geometry in geometries(), seed in any::<u64>(), extra in 0usize..3) {
        let prover = prover(geometry, 0);
        let data = random_data(geometry.elements(), seed);
        let commitment = prover.commit_data(&data).unwrap();
        let (cells, proofs) = prover.cells_and_proofs(&data).unwrap();

        let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
        let mut indices: Vec<usize> = (0..geometry.slices()).collect();
        indices.shuffle(&mut rng);
        let keep = (geometry.rows() + extra).min(geometry.slices());
        let subset: Vec<(usize, &[Scalar])> = indices[..keep]
            .iter()
            .map(|&i| (i, cells.slice(i).unwrap()))
            .collect();
        let (rec_cells, rec_proofs) = prover.recover_cells_and_proofs(&subset).unwrap();
        prop_assert_eq!(&rec_cells, &cells);
        prop_assert_eq!(&rec_proofs, &proofs);

        let all: Vec<&[Scalar]> = cells.iter().collect();
        let idx: Vec<usize> = (0..geometry.slices()).collect();
        let ones = vec![0usize; geometry.slices()];
        prop_assert!(prover.verifier().verify_batch(&[commitment], &ones, &idx, &all, &proofs).unwrap());
    }
}
