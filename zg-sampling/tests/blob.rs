//! End to end with `zg-kzg`'s 0G blob encoder at 0G's test geometry: a
//! payload is encoded; a node holding part of it answers sector, slice and
//! `PoDAS` samples that verify against the blob's header alone; changed
//! bytes fail; missing slices are reported.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    reason = "tests"
)]

use zg_kzg::blob::BlobEncoder;
use zg_kzg::{CellProver, CellVerifier, Commitment, Setup};
use zg_sampling::{
    Error, NodeSlices, PodasRound, SampleSeed, SliceSample, U256, select_sectors, select_slices,
};
use zg_types::Geometry;

#[test]
fn encoded_blob_samples_verify_against_the_header() {
    let g = Geometry::ZG_TEST;
    let setup =
        Setup::insecure_from_seed(b"zg-sampling blob test", g.elements(), g.cols() + 1).unwrap();
    let prover = CellProver::new(g, &setup).unwrap();
    let verifier = CellVerifier::from_setup(g, &setup).unwrap();
    let encoder = BlobEncoder::new(prover);
    let payload: Vec<u8> = (0..40_000u32).map(|i| (i * 31 % 253) as u8).collect();
    let blob = encoder.encode(&payload).unwrap();
    let header = *blob.header();
    let commitment = Commitment::from_point(*header.commitment());
    let root = header.data_root();

    // The node holds the second and third coset families.
    let node = NodeSlices::from_encoded_blob(&blob, g.rows()..g.slices()).unwrap();
    assert_eq!(node.data_root(), root);

    // Slice samples.
    let asked = select_slices(&SampleSeed::new([2; 32]), &g, 24).unwrap();
    let answers = node.answer_slices(&asked).unwrap();
    assert!(answers.missing.iter().all(|s| *s < g.rows()));
    let requested: Vec<usize> = answers.samples.iter().map(SliceSample::slice).collect();
    SliceSample::verify_batch(&answers.samples, &verifier, &commitment, &requested).unwrap();
    for sample in &answers.samples {
        sample
            .verify(&verifier, &commitment, sample.slice())
            .unwrap();
        // A changed data byte fails.
        let mut bytes = sample.to_bytes();
        bytes[8 + 31] ^= 1;
        assert_eq!(
            SliceSample::from_bytes(&bytes)
                .unwrap()
                .verify(&verifier, &commitment, sample.slice()),
            Err(Error::CellProofInvalid {
                slice: sample.slice()
            })
        );
    }

    // Sector samples.
    let sectors = select_sectors(&SampleSeed::new([3; 32]), &g, 24).unwrap();
    let answers = node.answer_sectors(&sectors).unwrap();
    assert_eq!(answers.samples.len() + answers.missing.len(), 24);
    for sample in &answers.samples {
        sample.verify(&g, &root, sample.position()).unwrap();
    }
    for missing in &answers.missing {
        assert!(missing.slice < g.rows());
    }

    // PoDAS (ZG_TEST lines are one 1024-byte subline each).
    let round = PodasRound {
        seed: SampleSeed::new([4; 32]),
        target: U256::MAX.shr(1),
    };
    let hits = node.mine(&round, 9, 1).unwrap();
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(hit.line >= g.rows());
        let answer = node.podas_sample(&round, 9, 1, hit).unwrap();
        assert_eq!(answer.verify(&g, &round).unwrap(), hit.quality);
    }
    // A node holding nothing of family 0 cannot produce its samples.
    assert_eq!(node.slice_sample(0), Err(Error::MissingSlice { slice: 0 }));
    assert!(NodeSlices::from_encoded_blob(&blob, [g.slices()]).is_err());
}
