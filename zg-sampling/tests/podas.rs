//! `PoDAS`: known answers for 0G's hash layouts, the miner against a naive
//! scan, verification of every mined answer and rejection of altered ones,
//! target adjustment and eligibility.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    reason = "tests"
)]

use zg_sampling::{
    Error, MAX_PODAS_TARGET, NodeSlices, PodasBlob, PodasRound, PodasRules, PodasSample,
    SampleSeed, U256, adjust_target, check_eligibility, data_quality, line_quality, mine_line,
};
use zg_types::merkle::keccak256;
use zg_types::{DataTree, Digest, Geometry};

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}

fn u256(s: &str) -> U256 {
    U256::from_be_bytes(&hex32(&format!("{s:0>64}")))
}

/// Values from `tools/known_values.py` (an independent keccak and 0G's
/// `abi.encodePacked` layouts).
#[test]
fn quality_known_answers() {
    let seed = SampleSeed::new(core::array::from_fn(|i| i as u8));
    let root = keccak256(b"zg-sampling podas root");
    assert_eq!(
        root.to_string(),
        "b222bde72934e59787f84d6591b60fe00e6e4c28054b73fb84bb7b6ffc7820c3"
    );
    let blob = PodasBlob {
        epoch: 7,
        quorum_id: 3,
        data_root: root,
    };
    let lq = line_quality(&seed, &blob, 1234);
    assert_eq!(
        lq,
        u256("af8e1397a775c1d6e1942ab2aaae3fde2640017f9d38e3253213cb7f4e17b182")
    );
    let data: Vec<u8> = (0..1024u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(
        data_quality(&lq, 17, &data),
        u256("f6f44a5ab7a45660dead2b9ca0d8f20daea22fd48f4ed887c3c70ca2a74b5151")
    );
    // Subline 17's sum overflows 256 bits; subline 2's does not.
    assert_eq!(lq.checked_add(&data_quality(&lq, 17, &data)), None);
    assert_eq!(
        lq.checked_add(&data_quality(&lq, 2, &data)),
        Some(u256(
            "dcd7f8eb3c0c064448f40050ede961428303da3c61bf7a2f959bd424116b2c42"
        ))
    );
}

#[test]
fn identifier_known_answer() {
    let seed = SampleSeed::new(core::array::from_fn(|i| i as u8));
    let blob = PodasBlob {
        epoch: 7,
        quorum_id: 3,
        data_root: keccak256(b"zg-sampling podas root"),
    };
    let g = Geometry::ZG_TEST;
    let proof = zg_types::MerkleProof::from_parts(vec![], vec![]).unwrap();
    let sample = PodasSample::new(seed, blob, 1234, 17, vec![0; 1024], proof).unwrap();
    assert_eq!(
        sample.identifier().to_string(),
        "28c91ca20112a1cfbf9e9adb272f5806b5392359c16a36d1c0789470b53fa594"
    );
    // And it is refused by a geometry without line 1234.
    let round = PodasRound {
        seed,
        target: U256::MAX,
    };
    assert!(matches!(
        sample.verify(&g, &round),
        Err(Error::IndexOutOfRange { what: "line", .. })
    ));
}

#[test]
fn target_adjustment_known_answers() {
    assert_eq!(MAX_PODAS_TARGET, U256::MAX.checked_div_u64(128).unwrap());
    let t1 = adjust_target(&MAX_PODAS_TARGET, 30, 20).unwrap();
    assert_eq!(
        t1,
        u256("01e0000000000000000000000000000000000000000000000000000000000000")
    );
    let t2 = adjust_target(&t1, 40, 20).unwrap();
    assert_eq!(
        t2,
        u256("01a4000000000000000000000000000000000000000000000000000000000000")
    );
    let t3 = adjust_target(&t2, 5, 20).unwrap();
    assert_eq!(
        t3,
        u256("01cb600000000000000000000000000000000000000000000000000000000000")
    );
    // Too few answers at the cap stays at the cap.
    assert_eq!(
        adjust_target(&MAX_PODAS_TARGET, 0, 20).unwrap(),
        MAX_PODAS_TARGET
    );
    // Exactly the wanted count keeps the target (up to the low 32 bits).
    assert_eq!(adjust_target(&t2, 20, 20).unwrap(), t2);
    assert!(adjust_target(&t2, 20, 0).is_err());
    // Absurd counts floor at zero instead of wrapping.
    assert_eq!(adjust_target(&t2, u64::MAX, 20).unwrap(), U256::ZERO);
}

#[test]
fn eligibility_rules() {
    let r = PodasRules::ZG;
    check_eligibility(&r, 99, 100, 5, 0).unwrap();
    check_eligibility(&r, 0, 300, 5, 39).unwrap();
    let rule = |e: Result<(), Error>| match e {
        Err(Error::NotEligible { value, limit, .. }) => (value, limit),
        other => panic!("expected NotEligible, got {other:?}"),
    };
    assert_eq!(rule(check_eligibility(&r, 0, 301, 5, 0)), (0, 1));
    // The limit is the oldest epoch still inside the window.
    assert_eq!(rule(check_eligibility(&r, 10, 400, 5, 0)), (10, 100));
    assert_eq!(rule(check_eligibility(&r, 100, 100, 5, 0)), (100, 100));
    assert_eq!(rule(check_eligibility(&r, 99, 100, 5, 40)), (40, 40));
    assert_eq!(rule(check_eligibility(&r, 99, 100, 0, 0)), (0, 1));
}

/// A 0G-shaped geometry small enough for tests: slices of 4 KiB (128
/// elements, 4 sublines), 16 rows, 3 families.
fn geometry() -> Geometry {
    Geometry::new(16, 128, 3).unwrap()
}

fn blob_slices(g: &Geometry) -> Vec<Vec<u8>> {
    (0..g.slices())
        .map(|s| {
            (0..g.slice_bytes())
                .map(|i| (s * 131 + i * 17 + (i >> 8)) as u8)
                .collect()
        })
        .collect()
}

#[test]
fn miner_finds_exactly_the_winners_and_they_verify() {
    let g = geometry();
    let slices = blob_slices(&g);
    let tree = DataTree::new(g, &slices).unwrap();
    // The node holds every other slice.
    let held: Vec<usize> = (0..g.slices()).step_by(2).collect();
    let node = NodeSlices::from_tree(&tree, &slices, held.iter().copied()).unwrap();
    let blob = PodasBlob {
        epoch: 11,
        quorum_id: 2,
        data_root: tree.root(),
    };
    // A target that about 1 in 8 (line, subline) pairs meets: the sum of
    // two uniform 256-bit values is below 2^255 with probability 1/8.
    let target = U256::MAX.shr(1);
    for s in 1..4u8 {
        let round = PodasRound {
            seed: SampleSeed::new([s; 32]),
            target,
        };
        let hits = node.mine(&round, blob.epoch, blob.quorum_id).unwrap();
        // Naive: every held (line, subline).
        let mut naive = Vec::new();
        for &line in &held {
            let lq = line_quality(&round.seed, &blob, line as u64);
            for (j, data) in slices[line].chunks(1024).enumerate() {
                if let Some(q) = lq.checked_add(&data_quality(&lq, j as u64, data))
                    && q <= target
                {
                    naive.push((line, j, q));
                }
            }
        }
        let got: Vec<_> = hits
            .iter()
            .map(|h| (h.line, h.subline, h.quality))
            .collect();
        assert_eq!(got, naive);
        assert!(!hits.is_empty());
        for hit in &hits {
            let sample = node
                .podas_sample(&round, blob.epoch, blob.quorum_id, hit)
                .unwrap();
            assert_eq!(
                (sample.line() as usize, sample.subline() as usize),
                (hit.line, hit.subline)
            );
            let at = hit.subline * 1024;
            assert_eq!(sample.data(), &slices[hit.line][at..at + 1024]);
            assert_eq!((sample.seed(), sample.blob()), (&round.seed, &blob));
            assert_eq!(sample.verify(&g, &round).unwrap(), hit.quality);
            let bytes = sample.to_bytes().unwrap();
            assert_eq!(bytes.len(), sample.encoded_len());
            assert_eq!(PodasSample::from_bytes(&bytes).unwrap(), sample);
        }
        // mine_line on an unheld line works from bytes alone.
        assert!(mine_line(&g, &round, &blob, 1, &slices[1]).is_ok());
    }
}

#[test]
fn altered_answers_fail_with_the_reason() {
    let g = geometry();
    let slices = blob_slices(&g);
    let tree = DataTree::new(g, &slices).unwrap();
    let node = NodeSlices::from_tree(&tree, &slices, 0..g.slices()).unwrap();
    let round = PodasRound {
        seed: SampleSeed::new([9; 32]),
        target: U256::MAX,
    };
    let hits = node.mine(&round, 1, 0).unwrap();
    // With the largest target, every non-overflowing pair wins.
    assert!(hits.len() > g.slices() * 4 / 3);
    let hit = hits[7];
    let sample = node.podas_sample(&round, 1, 0, &hit).unwrap();
    let bytes = sample.to_bytes().unwrap();
    sample.verify(&g, &round).unwrap();

    // Data: the quality changes (and the Merkle proof breaks).
    let mut b = bytes.clone();
    b[88 + 5] ^= 1;
    let e = PodasSample::from_bytes(&b).unwrap().verify(&g, &round);
    assert!(matches!(e, Err(Error::Types(_) | Error::QualityOverflow)));
    // Path: a sibling changed.
    let mut b = bytes.clone();
    let last = b.len() - 1;
    b[last] ^= 1;
    assert!(matches!(
        PodasSample::from_bytes(&b).unwrap().verify(&g, &round),
        Err(Error::Types(zg_types::Error::FamilyRootMismatch { .. }))
    ));
    // Root.
    let mut b = bytes.clone();
    b[48] ^= 1;
    assert!(
        PodasSample::from_bytes(&b)
            .unwrap()
            .verify(&g, &round)
            .is_err()
    );
    // Index.
    let mut b = bytes.clone();
    b[83] ^= 1;
    assert!(
        PodasSample::from_bytes(&b)
            .unwrap()
            .verify(&g, &round)
            .is_err()
    );
    // A subline one past the line's last (this geometry has 4 per line).
    let mut b = bytes.clone();
    b[84..88].copy_from_slice(&4u32.to_be_bytes());
    assert_eq!(
        PodasSample::from_bytes(&b).unwrap().verify(&g, &round),
        Err(Error::IndexOutOfRange {
            what: "subline",
            index: 4,
            bound: 4
        })
    );
    // Another round's seed.
    let other = PodasRound {
        seed: SampleSeed::new([8; 32]),
        target: U256::MAX,
    };
    assert_eq!(sample.verify(&g, &other), Err(Error::SeedMismatch));
    // A stricter target.
    let strict = PodasRound {
        seed: round.seed,
        target: hit.quality.checked_sub(&U256::from_u64(1)).unwrap(),
    };
    assert_eq!(sample.verify(&g, &strict), Err(Error::QualityAboveTarget));
    // A target equal to the quality wins (0G compares with `<=`).
    let exact = PodasRound {
        seed: round.seed,
        target: hit.quality,
    };
    assert_eq!(sample.verify(&g, &exact), Ok(hit.quality));
    // Truncated and extended encodings.
    assert!(PodasSample::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(PodasSample::from_bytes(&longer).is_err());
    assert!(matches!(
        PodasSample::from_bytes(&bytes[..100]),
        Err(Error::WrongLength { .. })
    ));
    // Header and subline complete, the proof missing: the proof's error.
    assert_eq!(
        PodasSample::from_bytes(&bytes[..88 + 1024]),
        Err(Error::Types(zg_types::Error::WrongLength {
            what: "Merkle proof header",
            expected: 3,
            actual: 0
        }))
    );
    // The zero seed is refused by the miner and the verifier.
    let zero = PodasRound {
        seed: SampleSeed::new([0; 32]),
        target: U256::MAX,
    };
    assert_eq!(node.mine(&zero, 1, 0), Err(Error::ZeroSeed));
    // Sublines per line: a slice's bytes over 1024.
    assert_eq!(
        zg_sampling::sublines_per_line(&Geometry::ZG_PRODUCTION),
        Ok(32)
    );
    assert_eq!(zg_sampling::sublines_per_line(&Geometry::ZG_TEST), Ok(1));
    // A geometry whose slices are smaller than a subline has no PoDAS.
    assert!(matches!(
        zg_sampling::sublines_per_line(&Geometry::new(16, 8, 3).unwrap()),
        Err(Error::NoSublines { slice_bytes: 256 })
    ));
    let _ = Digest::default();
}

#[test]
fn a_node_cannot_mine_or_prove_what_it_lacks() {
    let g = geometry();
    let slices = blob_slices(&g);
    let tree = DataTree::new(g, &slices).unwrap();
    let node = NodeSlices::from_tree(&tree, &slices, [3, 5]).unwrap();
    let round = PodasRound {
        seed: SampleSeed::new([1; 32]),
        target: U256::MAX,
    };
    let hits = node.mine(&round, 1, 0).unwrap();
    assert!(hits.iter().all(|h| h.line == 3 || h.line == 5));
    let mut foreign = hits[0];
    foreign.line = 4;
    assert_eq!(
        node.podas_sample(&round, 1, 0, &foreign),
        Err(Error::MissingSlice { slice: 4 })
    );
}
