//! Sector samples end to end at 0G's test geometry: selection, a node's
//! answers, verification, and the failures of altered samples.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    reason = "tests"
)]

use proptest::prelude::*;
use zg_sampling::{Error, NodeSlices, SampleSeed, SectorPosition, SectorSample, select_sectors};
use zg_types::merkle::SectorSpan;
use zg_types::{DataTree, Geometry};

fn blob_slices(g: &Geometry, salt: u8) -> Vec<Vec<u8>> {
    (0..g.slices())
        .map(|s| {
            (0..g.slice_bytes())
                .map(|i| (s * 7 + i * 13) as u8 ^ salt)
                .collect()
        })
        .collect()
}

#[test]
fn selected_samples_verify_and_missing_slices_are_reported() {
    let g = Geometry::ZG_TEST;
    let slices = blob_slices(&g, 0);
    let tree = DataTree::new(g, &slices).unwrap();
    let root = tree.root();
    // A node holding the first coset family only.
    let node = NodeSlices::from_tree(&tree, &slices, 0..g.rows()).unwrap();
    assert_eq!(node.missing().count(), g.slices() - g.rows());

    let requests = select_sectors(&SampleSeed::new([5; 32]), &g, 40).unwrap();
    let answers = node.answer_sectors(&requests).unwrap();
    assert_eq!(answers.samples.len() + answers.missing.len(), 40);
    assert!(!answers.missing.is_empty() && !answers.samples.is_empty());
    for m in &answers.missing {
        assert!(m.slice >= g.rows());
        assert_eq!(
            node.sector_sample(*m),
            Err(Error::MissingSlice { slice: m.slice })
        );
    }
    for sample in &answers.samples {
        let pos = sample.position();
        assert!(requests.contains(&pos));
        sample.verify(&g, &root, pos).unwrap();
        let span = SectorSpan::sector(&g, pos.slice, pos.sector).unwrap();
        assert_eq!(&sample.data()[..], &slices[pos.slice][span.byte_range()]);
        let bytes = sample.to_bytes();
        assert_eq!(bytes.len(), sample.encoded_len());
        assert_eq!(SectorSample::from_bytes(&bytes).unwrap(), *sample);
        // Short of the header and sector: the sample's own length error;
        // with them complete and the proof missing: the proof's.
        assert_eq!(
            SectorSample::from_bytes(&bytes[..10]),
            Err(Error::WrongLength {
                what: "sector sample (header and sector)",
                expected: 8 + 256,
                actual: 10
            })
        );
        assert_eq!(
            SectorSample::from_bytes(&bytes[..8 + 256]),
            Err(Error::Types(zg_types::Error::WrongLength {
                what: "Merkle proof header",
                expected: 3,
                actual: 0
            }))
        );
    }
    // Out-of-range requests are errors, not "missing".
    assert!(matches!(
        node.answer_sectors(&[SectorPosition {
            slice: 192,
            sector: 0
        }]),
        Err(Error::Types(zg_types::Error::IndexOutOfRange { .. }))
    ));
}

#[test]
fn a_node_rejects_slices_that_do_not_belong_to_the_blob() {
    let g = Geometry::ZG_TEST;
    let slices = blob_slices(&g, 0);
    let tree = DataTree::new(g, &slices).unwrap();
    let mut node = NodeSlices::new(g, tree.root());
    let proof = tree.prove_slice(10).unwrap();
    let mut bad = slices[10].clone();
    bad[0] ^= 1;
    assert!(node.insert(10, bad, &proof).is_err());
    assert!(node.insert(11, slices[10].clone(), &proof).is_err());
    node.insert(10, slices[10].clone(), &proof).unwrap();
    assert!(node.holds(10) && !node.holds(11));
}

#[test]
fn a_node_lists_and_returns_the_slices_it_holds() {
    let g = Geometry::ZG_TEST;
    let slices = blob_slices(&g, 3);
    let tree = DataTree::new(g, &slices).unwrap();
    let node = NodeSlices::from_tree(&tree, &slices, [40, 2, 17]).unwrap();
    assert_eq!(node.held().collect::<Vec<_>>(), [2, 17, 40]);
    assert_eq!(node.missing().count(), g.slices() - 3);
    assert!(node.missing().all(|s| ![2, 17, 40].contains(&s)));
    assert_eq!(node.slice_bytes(17), Some(&slices[17][..]));
    assert_eq!(node.slice_bytes(3), None);
    assert_eq!(node.slice_bytes(g.slices()), None);
}

/// Every aligned span of every power-of-two size, in slices of 16 sectors:
/// the node's proof, built from the slice's bytes and its kept path, is the
/// tree's own proof and verifies.
#[test]
fn a_node_proves_every_aligned_span_of_a_held_slice() {
    let g = Geometry::new(4, 128, 3).unwrap();
    let sectors = zg_types::merkle::sectors_per_slice(&g);
    assert_eq!(sectors, 16);
    let slices = blob_slices(&g, 9);
    let tree = DataTree::new(g, &slices).unwrap();
    let node = NodeSlices::from_tree(&tree, &slices, [5]).unwrap();
    let mut size = 1;
    while size <= sectors {
        for first in (0..sectors).step_by(size) {
            let span = SectorSpan::new(&g, 5, first, size).unwrap();
            let proof = node.prove_span(&span).unwrap();
            assert_eq!(
                proof,
                tree.prove(&span, &slices[5]).unwrap(),
                "{size} sectors from {first}"
            );
            proof
                .verify(&tree.root(), &g, &span, &slices[5][span.byte_range()])
                .unwrap();
        }
        size *= 2;
    }
    let unheld = SectorSpan::new(&g, 6, 0, 8).unwrap();
    assert_eq!(
        node.prove_span(&unheld),
        Err(Error::MissingSlice { slice: 6 })
    );
}

#[test]
fn every_changed_byte_fails() {
    let g = Geometry::ZG_TEST;
    let slices = blob_slices(&g, 0);
    let tree = DataTree::new(g, &slices).unwrap();
    let root = tree.root();
    let node = NodeSlices::from_tree(&tree, &slices, [100]).unwrap();
    let pos = SectorPosition {
        slice: 100,
        sector: 3,
    };
    let sample = node.sector_sample(pos).unwrap();
    let bytes = sample.to_bytes();
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        // Either the bytes no longer parse (a changed count in the proof
        // header) or the sample no longer verifies for the asked position.
        if let Ok(s) = SectorSample::from_bytes(&b) {
            assert!(
                s.verify(&g, &root, pos).is_err(),
                "byte {i} changed and still verified"
            );
        }
    }
    // A different root or the wrong position.
    let mut other_root = root.to_bytes();
    other_root[0] ^= 1;
    assert_eq!(
        sample.verify(&g, &other_root.into(), pos),
        Err(Error::Types(zg_types::Error::BlobRootMismatch))
    );
    assert_eq!(
        sample.verify(
            &g,
            &root,
            SectorPosition {
                slice: 100,
                sector: 2
            }
        ),
        Err(Error::WrongPosition {
            what: "sector",
            expected: 2,
            actual: 3
        })
    );
    // A sample of a different blob does not pass for this one.
    let other = blob_slices(&g, 0x55);
    let other_tree = DataTree::new(g, &other).unwrap();
    let other_node = NodeSlices::from_tree(&other_tree, &other, [100]).unwrap();
    assert!(
        other_node
            .sector_sample(pos)
            .unwrap()
            .verify(&g, &root, pos)
            .is_err()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn samples_of_random_geometries_verify(
        log_rows in 1u32..5, log_cols in 3u32..7, families in 2usize..5,
        seed in any::<[u8; 32]>(), k in 1usize..20,
    ) {
        let g = Geometry::new(1 << log_rows, 1 << log_cols, families).unwrap();
        let slices = blob_slices(&g, seed[0]);
        let tree = DataTree::new(g, &slices).unwrap();
        let node = NodeSlices::from_tree(&tree, &slices, 0..g.slices()).unwrap();
        let total = g.slices() * g.cols() / 8;
        let picks = select_sectors(&SampleSeed::new(seed), &g, k.min(total)).unwrap();
        for pos in picks {
            let sample = node.sector_sample(pos).unwrap();
            prop_assert!(sample.verify(&g, &tree.root(), pos).is_ok());
            let parsed = SectorSample::from_bytes(&sample.to_bytes()).unwrap();
            prop_assert_eq!(parsed, sample);
        }
    }

    #[test]
    fn parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..700)) {
        if let Ok(s) = SectorSample::from_bytes(&bytes) {
            prop_assert_eq!(s.to_bytes(), bytes);
        }
    }
}
