//! Slice samples end to end at 0G's test geometry: cells and FK20 proofs of
//! a polynomial, a node's answers, single and batch verification, and the
//! failures of altered samples.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    reason = "tests"
)]

use std::sync::OnceLock;
use zg_kzg::{CellProver, CellVerifier, Commitment, Proof, Setup, Slices};
use zg_sampling::{Error, NodeSlices, SampleSeed, SliceSample, select_slices};
use zg_types::{G1Affine, Geometry, Scalar};

struct Blob {
    verifier: CellVerifier,
    commitment: Commitment,
    cells: Slices,
    proofs: Vec<G1Affine>,
    other_commitment: Commitment,
}

/// One `ZG_TEST` blob (2048 elements, 192 slices of 32), proved once.
fn blob() -> &'static Blob {
    static BLOB: OnceLock<Blob> = OnceLock::new();
    BLOB.get_or_init(|| {
        let g = Geometry::ZG_TEST;
        let setup =
            Setup::insecure_from_seed(b"zg-sampling tests", g.elements(), g.cols() + 1).unwrap();
        let prover = CellProver::new(g, &setup).unwrap();
        let data: Vec<Scalar> = (0..g.elements() as u64)
            .map(|i| Scalar::from(i * i + 7))
            .collect();
        let (cells, proofs) = prover.cells_and_proofs(&data).unwrap();
        let commitment = Commitment::from_point(prover.commit_data(&data).unwrap());
        let mut other = data.clone();
        other[5] += Scalar::from(1u64);
        let other_commitment = Commitment::from_point(prover.commit_data(&other).unwrap());
        Blob {
            verifier: prover.verifier().clone(),
            commitment,
            cells,
            proofs,
            other_commitment,
        }
    })
}

#[test]
fn selected_slice_samples_verify_alone_and_in_a_batch() {
    let b = blob();
    let g = Geometry::ZG_TEST;
    // The node holds family 1 only.
    let node = NodeSlices::from_cells(&b.cells, &b.proofs, g.rows()..2 * g.rows()).unwrap();
    let asked = select_slices(&SampleSeed::new([4; 32]), &g, 30).unwrap();
    let answers = node.answer_slices(&asked).unwrap();
    assert_eq!(answers.samples.len() + answers.missing.len(), 30);
    assert!(!answers.samples.is_empty() && !answers.missing.is_empty());
    for m in &answers.missing {
        assert!(!(g.rows()..2 * g.rows()).contains(m));
        assert_eq!(
            node.slice_sample(*m),
            Err(Error::MissingSlice { slice: *m })
        );
    }
    let mut requested = Vec::new();
    for sample in &answers.samples {
        sample
            .verify(&b.verifier, &b.commitment, sample.slice())
            .unwrap();
        assert_eq!(sample.elements(), b.cells.slice(sample.slice()).unwrap());
        let bytes = sample.to_bytes();
        assert_eq!(bytes.len(), sample.encoded_len());
        assert_eq!(SliceSample::from_bytes(&bytes).unwrap(), *sample);
        // The element bytes the data root hashes are the encoding's.
        assert_eq!(sample.element_bytes(), &bytes[8..8 + 32 * g.cols()]);
        requested.push(sample.slice());
    }
    SliceSample::verify_batch(&answers.samples, &b.verifier, &b.commitment, &requested).unwrap();
    // A batch with one foreign sample fails and names it.
    let mut mixed = answers.samples.clone();
    let last = mixed.len() - 1;
    let other_slice = mixed[0].slice();
    mixed[last] = SliceSample::new(
        mixed[last].slice(),
        b.cells.slice(other_slice).unwrap().to_vec(),
        *mixed[last].proof(),
    )
    .unwrap();
    assert_eq!(
        SliceSample::verify_batch(&mixed, &b.verifier, &b.commitment, &requested),
        Err(Error::CellProofInvalid {
            slice: mixed[last].slice()
        })
    );
}

#[test]
fn every_kind_of_change_fails() {
    let b = blob();
    let node = NodeSlices::from_cells(&b.cells, &b.proofs, [77, 78]).unwrap();
    let sample = node.slice_sample(77).unwrap();
    sample.verify(&b.verifier, &b.commitment, 77).unwrap();
    let bytes = sample.to_bytes();

    // A changed data byte (the last byte of element 3).
    let mut data = bytes.clone();
    data[8 + 32 * 3 + 31] ^= 1;
    assert_eq!(
        SliceSample::from_bytes(&data)
            .unwrap()
            .verify(&b.verifier, &b.commitment, 77),
        Err(Error::CellProofInvalid { slice: 77 })
    );
    // A changed index: the sample claims slice 78 with 77's data.
    let mut index = bytes.clone();
    index[3] = 78;
    assert_eq!(
        SliceSample::from_bytes(&index)
            .unwrap()
            .verify(&b.verifier, &b.commitment, 78),
        Err(Error::CellProofInvalid { slice: 78 })
    );
    // Asked for 78, got 77.
    assert_eq!(
        sample.verify(&b.verifier, &b.commitment, 78),
        Err(Error::WrongPosition {
            what: "slice",
            expected: 78,
            actual: 77
        })
    );
    // The proof of another slice.
    let wrong_proof = SliceSample::new(
        77,
        sample.elements().to_vec(),
        Proof::from_point(b.proofs[78]),
    )
    .unwrap();
    assert_eq!(
        wrong_proof.verify(&b.verifier, &b.commitment, 77),
        Err(Error::CellProofInvalid { slice: 77 })
    );
    // Another blob's commitment.
    assert_eq!(
        sample.verify(&b.verifier, &b.other_commitment, 77),
        Err(Error::CellProofInvalid { slice: 77 })
    );
    // A changed proof byte is a malformed or different point: either way
    // it is refused.
    for pos in [bytes.len() - 1, bytes.len() - 48, bytes.len() - 20] {
        let mut changed = bytes.clone();
        changed[pos] ^= 1;
        match SliceSample::from_bytes(&changed) {
            Ok(s) => assert!(s.verify(&b.verifier, &b.commitment, 77).is_err()),
            Err(e) => assert!(matches!(e, Error::Types(_) | Error::Kzg(_))),
        }
    }
    // Wrong counts and lengths.
    let short = SliceSample::new(77, sample.elements()[1..].to_vec(), *sample.proof()).unwrap();
    assert!(matches!(
        short.verify(&b.verifier, &b.commitment, 77),
        Err(Error::Kzg(_))
    ));
    assert!(matches!(
        SliceSample::from_bytes(&bytes[..bytes.len() - 1]),
        Err(Error::WrongLength { .. })
    ));
    let mut huge = bytes.clone();
    huge[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        SliceSample::from_bytes(&huge),
        Err(Error::WrongLength { .. })
    ));
    // A non-canonical element (all ones is above the modulus).
    let mut nc = bytes.clone();
    nc[8..40].fill(0xff);
    assert!(matches!(
        SliceSample::from_bytes(&nc),
        Err(Error::Types(zg_types::Error::NonCanonicalScalar))
    ));
    // Out of the geometry.
    let far = SliceSample::new(192, sample.elements().to_vec(), *sample.proof()).unwrap();
    assert!(matches!(
        far.verify(&b.verifier, &b.commitment, 192),
        Err(Error::Kzg(_))
    ));
}

#[test]
fn a_node_without_the_slice_or_its_proof_says_so() {
    let b = blob();
    let node = NodeSlices::from_cells(&b.cells, &b.proofs, [1, 2, 3]).unwrap();
    assert_eq!(node.slice_sample(4), Err(Error::MissingSlice { slice: 4 }));
    // Held for sampling by sector, without the cell proof.
    let g = Geometry::ZG_TEST;
    let bytes: Vec<Vec<u8>> = b
        .cells
        .iter()
        .map(|c| {
            c.iter()
                .flat_map(zg_types::encoding::scalar_to_bytes)
                .collect()
        })
        .collect();
    let tree = zg_types::DataTree::new(g, &bytes).unwrap();
    assert_eq!(tree.root(), node.data_root());
    let bare = NodeSlices::from_tree(&tree, &bytes, [9]).unwrap();
    assert_eq!(
        bare.slice_sample(9),
        Err(Error::MissingCellProof { slice: 9 })
    );
    let answers = bare.answer_slices(&[9, 10]).unwrap();
    assert_eq!(answers.missing, vec![9, 10]);
    assert!(matches!(
        node.answer_slices(&[500]),
        Err(Error::IndexOutOfRange { .. })
    ));
    assert!(matches!(
        NodeSlices::from_cells(&b.cells, &b.proofs[1..], [1]),
        Err(Error::WrongLength { .. })
    ));
}
