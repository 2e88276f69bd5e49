//! Property tests of the EIP-4844 and EIP-7594 byte facades on random
//! blobs (the official vectors fix a few inputs; these draw many): honest
//! commitments, proofs and cells verify and recover, and an edited byte
//! anywhere is an error or a `false`, never a panic or a wrong `true`.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on unexpected errors"
)]

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use std::sync::OnceLock;
use zg_kzg::eip4844::{BYTES_PER_FIELD_ELEMENT, FIELD_ELEMENTS_PER_BLOB};
use zg_kzg::eip7594::{CELLS_PER_EXT_BLOB, CellBytes, encode_cell, parse_cell};
use zg_kzg::{Eip4844, Eip7594, Error};

/// The scalar field's modulus, big-endian: the bound of a canonical element.
const MODULUS: [u8; 32] = [
    0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
    0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
];

fn canonical(element: &[u8]) -> bool {
    element < &MODULUS[..]
}

/// XORs `mask` into byte `at` (modulo the length) of `bytes`, a run of
/// field elements, and returns that element's index and whether it is
/// still canonical.
fn flip_byte(bytes: &mut [u8], at: usize, mask: u8) -> (usize, bool) {
    let byte = at % bytes.len();
    bytes[byte] ^= mask;
    let index = byte / BYTES_PER_FIELD_ELEMENT;
    let element = &bytes[index * BYTES_PER_FIELD_ELEMENT..][..BYTES_PER_FIELD_ELEMENT];
    (index, canonical(element))
}

fn eip4844() -> &'static Eip4844 {
    static CONTEXT: OnceLock<Eip4844> = OnceLock::new();
    CONTEXT.get_or_init(|| Eip4844::mainnet().unwrap())
}

fn eip7594() -> &'static Eip7594 {
    static CONTEXT: OnceLock<Eip7594> = OnceLock::new();
    CONTEXT.get_or_init(|| Eip7594::mainnet().unwrap())
}

/// A canonical field element: a first byte below the modulus' first byte.
fn random_element(rng: &mut StdRng) -> [u8; 32] {
    let mut element = [0u8; 32];
    rng.fill_bytes(&mut element);
    element[0] %= MODULUS[0];
    element
}

fn random_blob(seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..FIELD_ELEMENTS_PER_BLOB)
        .flat_map(|_| random_element(&mut rng))
        .collect()
}

/// One blob with its commitment, cells and proofs, built once.
struct Fixture {
    commitment: [u8; 48],
    cells: Vec<CellBytes>,
    proofs: Vec<[u8; 48]>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let blob = random_blob(7594);
        let commitment = eip4844().blob_to_kzg_commitment(&blob).unwrap();
        let (cells, proofs) = eip7594().compute_cells_and_kzg_proofs(&blob).unwrap();
        Fixture {
            commitment,
            cells,
            proofs,
        }
    })
}

/// A cell index as a position in the fixture's lists.
fn position(index: u64) -> usize {
    usize::try_from(index).unwrap()
}

/// The cell indices whose bit is set in `mask`, in increasing order.
fn subset(mask: u128) -> Vec<u64> {
    (0..CELLS_PER_EXT_BLOB as u64)
        .filter(|&i| mask >> i & 1 == 1)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// EIP-4844 on a random blob: the blob proof, a proof at a random
    /// point and a batch of two verify; an edited blob element is an error
    /// naming it exactly when it is no longer canonical, and otherwise a
    /// `false`; an edited commitment, proof or value never verifies; a
    /// batch with its proofs swapped does not verify.
    #[test]
    fn eip4844_honest_openings_verify_and_edits_do_not(
        seed in any::<u64>(),
        at in any::<usize>(),
        mask in 1u8..,
    ) {
        let kzg = eip4844();
        let blob = random_blob(seed);
        let commitment = kzg.blob_to_kzg_commitment(&blob).unwrap();
        let proof = kzg.compute_blob_kzg_proof(&blob, &commitment).unwrap();
        prop_assert!(kzg.verify_blob_kzg_proof(&blob, &commitment, &proof).unwrap());

        let mut edited = blob.clone();
        let (index, still_canonical) = flip_byte(&mut edited, at, mask);
        match kzg.verify_blob_kzg_proof(&edited, &commitment, &proof) {
            Ok(verified) => prop_assert!(still_canonical && !verified),
            Err(Error::InvalidBlobElement { index: named }) => {
                prop_assert!(!still_canonical);
                prop_assert_eq!(named, index);
            }
            Err(other) => prop_assert!(false, "unexpected error: {}", other),
        }
        for point in 0..2 {
            let (mut c, mut p) = (commitment, proof);
            let target = if point == 0 { &mut c } else { &mut p };
            target[at % 48] ^= mask;
            prop_assert!(!kzg.verify_blob_kzg_proof(&blob, &c, &p).unwrap_or(false));
        }

        let z = random_element(&mut StdRng::seed_from_u64(seed ^ 0x5a5a));
        let (point_proof, y) = kzg.compute_kzg_proof(&blob, &z).unwrap();
        prop_assert!(kzg.verify_kzg_proof(&commitment, &z, &y, &point_proof).unwrap());
        let mut other_y = y;
        other_y[at % 32] ^= mask;
        prop_assert!(!kzg.verify_kzg_proof(&commitment, &z, &other_y, &point_proof).unwrap_or(false));

        let blob2 = random_blob(seed.wrapping_add(1));
        let commitment2 = kzg.blob_to_kzg_commitment(&blob2).unwrap();
        let proof2 = kzg.compute_blob_kzg_proof(&blob2, &commitment2).unwrap();
        let blobs = [&blob[..], &blob2[..]];
        let commitments = [commitment, commitment2];
        prop_assert!(kzg.verify_blob_kzg_proof_batch(&blobs, &commitments, &[proof, proof2]).unwrap());
        prop_assert!(!kzg.verify_blob_kzg_proof_batch(&blobs, &commitments, &[proof2, proof]).unwrap());
        prop_assert!(kzg.verify_blob_kzg_proof_batch(&blobs, &commitments, &[proof]).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// EIP-7594 batch verification of a random subset of one blob's cells:
    /// it verifies; a cell with an edited byte is an error when an element
    /// is no longer canonical and otherwise a `false`; a moved index, two
    /// swapped proofs or an edited commitment never verify.
    #[test]
    fn eip7594_random_batches_verify_and_edits_do_not(
        mask in any::<u128>(),
        at in any::<usize>(),
        flip in 1u8..,
    ) {
        let fixture = fixture();
        let indices = subset(mask);
        let batch_cells: Vec<CellBytes> =
            indices.iter().map(|&i| fixture.cells[position(i)]).collect();
        let proofs: Vec<[u8; 48]> = indices.iter().map(|&i| fixture.proofs[position(i)]).collect();
        let commitments = vec![fixture.commitment; indices.len()];
        let kzg = eip7594();
        prop_assert!(kzg.verify_cell_kzg_proof_batch(&commitments, &indices, &batch_cells, &proofs).unwrap());
        if indices.is_empty() {
            return Ok(());
        }
        let k = at % indices.len();

        let mut edited = batch_cells.clone();
        let (_, still_canonical) = flip_byte(&mut edited[k], at, flip);
        match kzg.verify_cell_kzg_proof_batch(&commitments, &indices, &edited, &proofs) {
            Ok(verified) => prop_assert!(still_canonical && !verified),
            Err(Error::Encoding(_)) => prop_assert!(!still_canonical),
            Err(other) => prop_assert!(false, "unexpected error: {}", other),
        }

        let mut moved = indices.clone();
        moved[k] = (moved[k] + 1 + (at as u64 % 127)) % CELLS_PER_EXT_BLOB as u64;
        prop_assert!(!kzg.verify_cell_kzg_proof_batch(&commitments, &moved, &batch_cells, &proofs).unwrap());

        if indices.len() > 1 {
            let mut swapped = proofs.clone();
            swapped.swap(k, (k + 1) % indices.len());
            prop_assert!(!kzg.verify_cell_kzg_proof_batch(&commitments, &indices, &batch_cells, &swapped).unwrap());
        }

        let mut other = commitments.clone();
        other[k][at % 48] ^= flip;
        prop_assert!(!kzg
            .verify_cell_kzg_proof_batch(&other, &indices, &batch_cells, &proofs)
            .unwrap_or(false));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// EIP-7594 recovery from a random subset of at least half the cells
    /// gives back every cell and proof; one cell fewer than half is a
    /// typed error.
    #[test]
    fn eip7594_recovers_from_any_half(seed in any::<u64>(), extra in 0usize..=64) {
        let fixture = fixture();
        let mut rng = StdRng::seed_from_u64(seed);
        let mut all: Vec<u64> = (0..CELLS_PER_EXT_BLOB as u64).collect();
        // A random subset of 64 + extra cells: a partial Fisher-Yates shuffle.
        let keep = CELLS_PER_EXT_BLOB / 2 + extra;
        for i in 0..keep {
            let j = i + position(rng.next_u64() % (all.len() - i) as u64);
            all.swap(i, j);
        }
        let mut indices = all[..keep].to_vec();
        indices.sort_unstable();
        let kept: Vec<CellBytes> = indices.iter().map(|&i| fixture.cells[position(i)]).collect();
        let kzg = eip7594();
        let (cells, proofs) = kzg.recover_cells_and_kzg_proofs(&indices, &kept).unwrap();
        prop_assert!(cells == fixture.cells);
        prop_assert!(proofs == fixture.proofs);
        let short = CELLS_PER_EXT_BLOB / 2 - 1;
        let too_few = kzg.recover_cells_and_kzg_proofs(&indices[..short], &kept[..short]);
        prop_assert!(matches!(too_few, Err(Error::TooFewCells { .. })), "{:?}", too_few.err());
    }
}

/// Length errors name the lengths: a challenge of a blob of the wrong size,
/// and a batch whose commitments or proofs do not match its blobs in
/// number (the `actual` is the list that differs).
#[test]
fn eip4844_length_errors_name_the_lengths() {
    fn lengths<T: std::fmt::Debug>(e: Result<T, Error>) -> (usize, usize) {
        match e {
            Err(Error::LengthMismatch {
                expected, actual, ..
            }) => (expected, actual),
            other => panic!("expected a length mismatch, got {other:?}"),
        }
    }
    let blob_bytes = FIELD_ELEMENTS_PER_BLOB * BYTES_PER_FIELD_ELEMENT;
    assert_eq!(
        lengths(Eip4844::compute_challenge(&[0; 10], &[0; 48])),
        (blob_bytes, 10)
    );
    let kzg = eip4844();
    let blobs: [&[u8]; 2] = [&[], &[]];
    let two: [&[u8]; 2] = [&[0; 48], &[0; 48]];
    let one: [&[u8]; 1] = [&[0; 48]];
    let three: [&[u8]; 3] = [&[0; 48], &[0; 48], &[0; 48]];
    assert_eq!(
        lengths(kzg.verify_blob_kzg_proof_batch(&blobs, &one, &two)),
        (2, 1)
    );
    assert_eq!(
        lengths(kzg.verify_blob_kzg_proof_batch(&blobs, &two, &three)),
        (2, 3)
    );
}

/// EIP-7594 recovery's typed errors carry the numbers that explain them,
/// at the bounds: 128 cells and exactly 64 recover, 129 and 63 do not;
/// repeated, unsorted and out-of-range indices name the index (and its
/// position).
#[test]
fn eip7594_recovery_errors_name_the_numbers() {
    let fixture = fixture();
    let kzg = eip7594();
    let all: Vec<u64> = (0..CELLS_PER_EXT_BLOB as u64).collect();
    let (cells, proofs) = kzg
        .recover_cells_and_kzg_proofs(&all, &fixture.cells)
        .unwrap();
    assert!(cells == fixture.cells && proofs == fixture.proofs);
    let half: Vec<u64> = (0..64).map(|i| 2 * i + 1).collect();
    let kept: Vec<CellBytes> = half.iter().map(|&i| fixture.cells[position(i)]).collect();
    let (cells, _) = kzg.recover_cells_and_kzg_proofs(&half, &kept).unwrap();
    assert!(cells == fixture.cells);

    let recover = |indices: &[u64], cells: &[CellBytes]| {
        kzg.recover_cells_and_kzg_proofs(indices, cells).err()
    };
    let mut too_many = fixture.cells.clone();
    too_many.push(fixture.cells[0]);
    let mut indices = all.clone();
    indices.push(128);
    assert_eq!(
        recover(&indices, &too_many),
        Some(Error::TooManyCells { max: 128, got: 129 })
    );
    assert_eq!(
        recover(&half[..63], &kept[..63]),
        Some(Error::TooFewCells {
            needed: 64,
            got: 63
        })
    );
    assert_eq!(
        recover(&half[..63], &kept),
        Some(Error::LengthMismatch {
            what: "cell indices (one per cell)",
            expected: 64,
            actual: 63
        })
    );
    let mut repeated = half.clone();
    repeated[5] = repeated[4];
    assert_eq!(
        recover(&repeated, &kept),
        Some(Error::DuplicateCellIndex { index: 9 })
    );
    let mut unsorted = half.clone();
    unsorted.swap(6, 7);
    assert_eq!(
        recover(&unsorted, &kept),
        Some(Error::UnsortedCellIndices {
            position: 7,
            index: 13
        })
    );
    let mut past_end = half.clone();
    past_end[63] = 128;
    assert_eq!(
        recover(&past_end, &kept),
        Some(Error::CellIndexOutOfRange {
            index: 128,
            bound: 128
        })
    );
}

/// EIP-7594 verification and its challenge: a short cell, an index past
/// the end and lists of different lengths are named errors; a commitment
/// index one past the list is out of range; an empty batch verifies.
#[test]
fn eip7594_verify_errors_name_the_numbers() {
    let fixture = fixture();
    let kzg = eip7594();
    let short_cell = [&fixture.cells[1][..2047]];
    assert_eq!(
        kzg.verify_cell_kzg_proof_batch(
            &[fixture.commitment],
            &[1],
            &short_cell,
            &[fixture.proofs[1]]
        )
        .err(),
        Some(Error::WrongCellLength {
            index: 1,
            expected: 2048,
            actual: 2047
        })
    );

    let no_bytes: [&[u8]; 0] = [];
    assert_eq!(
        kzg.verify_cell_kzg_proof_batch(&no_bytes, &[], &no_bytes, &no_bytes),
        Ok(true)
    );
    let one_cell = [fixture.cells[3]];
    assert_eq!(
        kzg.verify_cell_kzg_proof_batch(
            &[fixture.commitment],
            &[3],
            &one_cell,
            &[fixture.proofs[3]]
        ),
        Ok(true)
    );
    assert_eq!(
        kzg.verify_cell_kzg_proof_batch(
            &[fixture.commitment],
            &[4],
            &one_cell,
            &[fixture.proofs[3]]
        ),
        Ok(false)
    );
    assert_eq!(
        kzg.verify_cell_kzg_proof_batch(
            &[fixture.commitment; 2],
            &[3],
            &one_cell,
            &[fixture.proofs[3]]
        )
        .err(),
        Some(Error::LengthMismatch {
            what: "commitments (one per cell)",
            expected: 1,
            actual: 2
        })
    );
    assert_eq!(
        kzg.verify_cell_kzg_proof_batch(
            &[fixture.commitment],
            &[128],
            &one_cell,
            &[fixture.proofs[3]]
        )
        .err(),
        Some(Error::CellIndexOutOfRange {
            index: 128,
            bound: 128
        })
    );

    // The challenge: commitment indices must name a listed commitment.
    let challenge = |commitment_index: u64| {
        Eip7594::compute_verify_cell_kzg_proof_batch_challenge(
            &[fixture.commitment],
            &[commitment_index],
            &[3],
            &one_cell,
            &[fixture.proofs[3]],
        )
    };
    assert!(challenge(0).is_ok());
    assert_eq!(
        challenge(1).err(),
        Some(Error::CommitmentIndexOutOfRange { index: 1, bound: 1 })
    );
}

/// The cell parser of `cell_to_coset_evals`: a cell parses to its 64
/// elements and encodes back to the same bytes; a short cell and a
/// non-canonical element are errors.
#[test]
fn eip7594_cells_parse_and_encode_back() {
    let cell = &fixture().cells[5];
    let elements: [zg_types::Scalar; 64] = parse_cell(cell).unwrap().try_into().unwrap();
    assert!(encode_cell(&elements) == *cell);
    assert_eq!(
        parse_cell(&cell[..100]).err(),
        Some(Error::WrongCellLength {
            index: 0,
            expected: 2048,
            actual: 100
        })
    );
    let mut non_canonical = *cell;
    non_canonical[96..128].copy_from_slice(&MODULUS);
    assert_eq!(
        parse_cell(&non_canonical).err(),
        Some(Error::Encoding(zg_types::Error::NonCanonicalScalar))
    );
}
