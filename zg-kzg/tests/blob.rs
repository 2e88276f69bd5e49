//! End-to-end tests of the 0G blob at the test geometry (64 x 32, 3
//! families): encode, verify, tamper, recover.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on unexpected errors"
)]

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};
use std::sync::OnceLock;
use zg_kzg::blob::{
    BlobDecoder, BlobEncoder, BlobHeader, BlobSlice, BlobVerifier, EncodeStage, EncodedBlob,
    HEADER_BYTES, LightSlice,
};
use zg_kzg::{CellProver, Error, Setup};
use zg_types::Geometry;

const G: Geometry = Geometry::ZG_TEST;

fn encoder_for(geometry: Geometry) -> BlobEncoder {
    let setup =
        Setup::insecure_from_seed(b"blob tests", geometry.elements(), geometry.cols() + 1).unwrap();
    BlobEncoder::new(CellProver::new(geometry, &setup).unwrap())
}

fn encoder() -> &'static BlobEncoder {
    static E: OnceLock<BlobEncoder> = OnceLock::new();
    E.get_or_init(|| encoder_for(G))
}

fn payload(seed: u64, len: usize) -> Vec<u8> {
    let mut p = vec![0u8; len];
    StdRng::seed_from_u64(seed).fill_bytes(&mut p);
    p
}

fn blob() -> &'static (Vec<u8>, EncodedBlob) {
    static B: OnceLock<(Vec<u8>, EncodedBlob)> = OnceLock::new();
    B.get_or_init(|| {
        let p = payload(1, encoder().capacity());
        let b = encoder().encode(&p).unwrap();
        (p, b)
    })
}

/// `s` with its proofs but another index and elements: a slice that
/// claims to be something it is not.
fn restamped(s: &BlobSlice, index: usize, elements: Vec<zg_types::Scalar>) -> BlobSlice {
    BlobSlice::new(index, elements, *s.proof(), s.merkle_proof().clone())
}

#[test]
fn every_slice_verifies_alone_and_in_one_batch() {
    let (_, blob) = blob();
    let verifier = encoder().verifier();
    assert_eq!(blob.slices().len(), G.slices());
    assert_eq!(blob.slice(G.slices()), None);
    for (i, s) in blob.slices().iter().enumerate() {
        assert_eq!(s.index(), i);
        assert_eq!(blob.slice(i), Some(s));
        verifier.verify_slice(blob.header(), i, s).unwrap();
    }
    verifier.verify_batch(blob.header(), blob.slices()).unwrap();
    verifier.verify_batch(blob.header(), &[]).unwrap();
    // A verifier built from the setup alone agrees.
    let setup = Setup::insecure_from_seed(b"blob tests", G.elements(), G.cols() + 1).unwrap();
    let small = BlobVerifier::from_setup(G, &setup).unwrap();
    small
        .verify_slice(blob.header(), 5, &blob.slices()[5])
        .unwrap();
}

#[test]
fn stages_are_reported_in_order() {
    let mut seen = Vec::new();
    let b = encoder()
        .encode_with_progress(b"abc", |s| seen.push(s))
        .unwrap();
    assert_eq!(seen, EncodeStage::ALL);
    assert_eq!(
        EncodeStage::ALL.map(EncodeStage::name),
        ["packing", "extension", "commitment+proofs", "merkle"]
    );
    assert_eq!(encoder().decoder().decode(b.slices()).unwrap(), b"abc");
}

#[test]
fn encodings_round_trip_and_have_the_documented_sizes() {
    let (_, blob) = blob();
    let header = blob.header();
    let hb = header.to_bytes();
    assert_eq!(hb.len(), HEADER_BYTES);
    assert_eq!(BlobHeader::from_bytes(&hb).unwrap(), *header);
    let lights = blob.light_slices().unwrap();
    for (s, light) in blob.slices().iter().zip(&lights) {
        let b = s.to_bytes();
        assert_eq!(b.len(), s.encoded_len());
        // 8 + 32 cols + 48 + (3 + 32 (3 + log2 rows)).
        assert_eq!(b.len(), 8 + 32 * 32 + 48 + 3 + 32 * 9);
        assert_eq!(&BlobSlice::from_bytes(&b).unwrap(), s);
        let lb = light.to_bytes();
        assert_eq!(lb.len(), light.encoded_len());
        assert_eq!(lb.len(), 4 + 32 + 48 + 3 + 32 * 9);
        assert_eq!(&LightSlice::from_bytes(&lb).unwrap(), light);
        light.verify_in_data_root(header).unwrap();
        assert_eq!(light.index(), s.index());
    }
    // A light slice at another index or under another root fails.
    let moved = LightSlice::from_bytes(&{
        let mut b = lights[3].to_bytes();
        b[3] = 4;
        b
    })
    .unwrap();
    assert!(matches!(
        moved.verify_in_data_root(header),
        Err(Error::SliceNotInDataRoot { index: 4, .. })
    ));
}

/// Every single-byte change of a slice's encoding makes it unparsable or
/// fail verification.
#[test]
fn a_flipped_byte_anywhere_in_a_slice_fails() {
    let (_, blob) = blob();
    let verifier = encoder().verifier();
    let mut rng = StdRng::seed_from_u64(7);
    for index in [0usize, 70, 191] {
        let bytes = blob.slices()[index].to_bytes();
        for pos in 0..bytes.len() {
            let mut b = bytes.clone();
            b[pos] ^= rng.gen_range(1..=255u8);
            if let Ok(s) = BlobSlice::from_bytes(&b) {
                let r = verifier.verify_slice(blob.header(), index, &s);
                assert!(
                    r.is_err(),
                    "byte {pos} of slice {index} flipped and still valid"
                );
            }
        }
    }
}

#[test]
fn a_flipped_byte_anywhere_in_the_header_fails() {
    let (_, blob) = blob();
    let verifier = encoder().verifier();
    let bytes = blob.header().to_bytes();
    let slice = &blob.slices()[77];
    for pos in 0..bytes.len() {
        for flip in [1u8, 0x80] {
            let mut b = bytes;
            b[pos] ^= flip;
            if let Ok(h) = BlobHeader::from_bytes(&b) {
                assert!(
                    verifier.verify_slice(&h, 77, slice).is_err(),
                    "header byte {pos}"
                );
            }
        }
    }
}

/// What one slice cannot rule out: a slice whose elements are all zero is
/// also a slice of `-f`, so it verifies against the negated commitment with
/// the negated proof (and with no other mix of the two). The fuzz target
/// `kzg_blob_verify` found this pair of sign flips.
#[test]
fn a_zero_slice_also_opens_the_negated_commitment() {
    let encoder = encoder();
    let verifier = encoder.verifier();
    // A short payload: the data slices past its first one hold zeros.
    let blob = encoder.encode(b"short").unwrap();
    let header = blob.header();
    let index = 5;
    let slice = &blob.slices()[index];
    assert!(
        slice
            .elements()
            .iter()
            .all(|e| *e == zg_types::Scalar::from(0u64))
    );
    let negated_header =
        BlobHeader::new(header.geometry(), -*header.commitment(), header.data_root());
    let negated_slice = BlobSlice::new(
        index,
        slice.elements().to_vec(),
        -*slice.proof(),
        slice.merkle_proof().clone(),
    );
    verifier
        .verify_slice(&negated_header, index, &negated_slice)
        .unwrap();
    assert!(
        verifier
            .verify_slice(&negated_header, index, slice)
            .is_err()
    );
    assert!(
        verifier
            .verify_slice(header, index, &negated_slice)
            .is_err()
    );
    // A slice with data does not open the negated commitment, even with its
    // proof negated.
    let full = &blob.slices()[0];
    assert!(
        full.elements()
            .iter()
            .any(|e| *e != zg_types::Scalar::from(0u64))
    );
    let negated_full = BlobSlice::new(
        0,
        full.elements().to_vec(),
        -*full.proof(),
        full.merkle_proof().clone(),
    );
    assert!(
        verifier
            .verify_slice(&negated_header, 0, &negated_full)
            .is_err()
    );
}

#[test]
fn errors_name_the_failing_index() {
    let (_, blob) = blob();
    let verifier = encoder().verifier();
    let header = blob.header();
    let mut batch: Vec<BlobSlice> = blob.slices()[10..40].to_vec();
    // Slice 25 with slice 26's KZG proof: the Merkle proof still holds.
    let s25 = &blob.slices()[25];
    batch[15] = BlobSlice::new(
        25,
        s25.elements().to_vec(),
        *blob.slices()[26].proof(),
        s25.merkle_proof().clone(),
    );
    assert_eq!(
        verifier.verify_batch(header, &batch),
        Err(Error::SliceProofInvalid { index: 25 })
    );
    assert_eq!(
        verifier.verify_slice(header, 25, &batch[15]),
        Err(Error::SliceProofInvalid { index: 25 })
    );
    // Slice 30 with a changed element: its Merkle proof fails first.
    let mut batch: Vec<BlobSlice> = blob.slices()[10..40].to_vec();
    let s30 = &blob.slices()[30];
    let mut elements = s30.elements().to_vec();
    elements[3] += zg_types::Scalar::from(1u64);
    batch[20] = restamped(s30, 30, elements);
    assert!(matches!(
        verifier.verify_batch(header, &batch),
        Err(Error::SliceNotInDataRoot { index: 30, .. })
    ));
    // Presented for the wrong index.
    assert_eq!(
        verifier.verify_slice(header, 31, s30),
        Err(Error::SliceIndexMismatch {
            expected: 31,
            actual: 30
        })
    );
}

/// A slice out of range or of the wrong length is named as such, alone and
/// in a batch, before its Merkle proof is looked at.
#[test]
fn shape_errors_come_before_the_proofs() {
    let (_, blob) = blob();
    let verifier = encoder().verifier();
    let header = blob.header();
    let s = &blob.slices()[5];
    let far = restamped(s, 192, s.elements().to_vec());
    let out_of_range = Err(Error::CellIndexOutOfRange {
        index: 192,
        bound: 192,
    });
    assert_eq!(verifier.verify_slice(header, 192, &far), out_of_range);
    let mut batch = blob.slices()[..3].to_vec();
    batch.push(far);
    assert_eq!(verifier.verify_batch(header, &batch), out_of_range);

    let short = restamped(s, 5, s.elements()[1..].to_vec());
    let wrong_length = Err(Error::WrongCellLength {
        index: 5,
        expected: 32,
        actual: 31,
    });
    assert_eq!(verifier.verify_slice(header, 5, &short), wrong_length);
    let mut batch = blob.slices()[..3].to_vec();
    batch.push(short);
    assert_eq!(verifier.verify_batch(header, &batch), wrong_length);
}

#[test]
fn slices_of_another_blob_are_rejected() {
    let (_, blob) = blob();
    let other = encoder().encode(&payload(2, 1000)).unwrap();
    let verifier = encoder().verifier();
    let decoder = encoder().decoder();
    let mut mix: Vec<BlobSlice> = blob.slices()[..63].to_vec();
    mix.push(other.slices()[100].clone());
    assert!(matches!(
        decoder.decode_verified(&verifier, blob.header(), &mix),
        Err(Error::SliceNotInDataRoot { index: 100, .. })
    ));
    // Another geometry's header is refused outright.
    let g2 = Geometry::new(16, 8, 3).unwrap();
    let small = encoder_for(g2).encode(b"x").unwrap();
    assert!(matches!(
        verifier.verify_slice(small.header(), 0, &small.slices()[0]),
        Err(Error::GeometryMismatch { what: "rows", .. })
    ));
    // A foreign-geometry slice in the decoder.
    assert!(matches!(
        decoder.decode(small.slices()),
        Err(Error::WrongCellLength { index: 0, .. })
    ));
    // A decoder and a verifier of different geometries are not paired.
    assert!(matches!(
        encoder_for(g2)
            .decoder()
            .decode_verified(&verifier, small.header(), small.slices()),
        Err(Error::GeometryMismatch {
            what: "rows",
            expected: 16,
            ..
        })
    ));
}

#[test]
fn too_few_duplicate_and_out_of_range_slices_are_typed_errors() {
    let (_, blob) = blob();
    let decoder = BlobDecoder::new(G);
    let slices = blob.slices();
    assert_eq!(
        decoder.decode(&slices[1..64]),
        Err(Error::TooFewCells {
            needed: 64,
            got: 63
        })
    );
    assert_eq!(
        decoder.decode(&[]),
        Err(Error::TooFewCells { needed: 64, got: 0 })
    );
    let mut dup: Vec<BlobSlice> = slices[100..164].to_vec();
    dup.push(slices[120].clone());
    assert_eq!(
        decoder.decode(&dup),
        Err(Error::DuplicateCellIndex { index: 120 })
    );
    let s = &slices[5];
    let far = restamped(s, 192, s.elements().to_vec());
    assert_eq!(
        decoder.decode(&[far]),
        Err(Error::CellIndexOutOfRange {
            index: 192,
            bound: 192
        })
    );
}

#[test]
fn payload_sizes_at_the_edges() {
    let e = encoder();
    assert_eq!(e.capacity(), 31 * 2048 - 4);
    for len in [0, 1, 31, 32, e.capacity()] {
        let p = payload(len as u64, len);
        let b = e.encode(&p).unwrap();
        let decoder = e.decoder();
        assert_eq!(decoder.decode(&b.slices()[64..128]).unwrap(), p);
    }
    assert!(matches!(
        e.encode(&vec![0u8; e.capacity() + 1]),
        Err(Error::Erasure(zg_erasure::Error::PayloadTooLarge { .. }))
    ));
}

#[test]
fn worst_case_and_systematic_subsets_recover() {
    let (p, blob) = blob();
    let decoder = encoder().decoder();
    let verifier = encoder().verifier();
    for range in [0..64, 64..128, 128..192, 32..96, 96..160] {
        let got = decoder
            .decode_verified(&verifier, blob.header(), &blob.slices()[range])
            .unwrap();
        assert_eq!(&got, p);
    }
    // All slices at once also work (and are consistent).
    assert_eq!(&decoder.decode(blob.slices()).unwrap(), p);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Any `rows` distinct slices, drawn from all families, recover; one
    /// fewer does not.
    #[test]
    fn any_rows_distinct_slices_recover(seed in any::<u64>(), extra in 0usize..8) {
        let (p, blob) = blob();
        let mut rng = StdRng::seed_from_u64(seed);
        let mut idx: Vec<usize> = (0..G.slices()).collect();
        idx.shuffle(&mut rng);
        let chosen: Vec<BlobSlice> =
            idx[..64 + extra].iter().map(|&i| blob.slices()[i].clone()).collect();
        let decoder = encoder().decoder();
        prop_assert_eq!(&decoder.decode(&chosen).unwrap(), p);
        prop_assert_eq!(
            decoder.decode(&chosen[..63]),
            Err(Error::TooFewCells { needed: 64, got: 63 })
        );
    }

    /// Random payloads on a small random geometry: encode, verify a random
    /// slice, recover from a random subset.
    #[test]
    fn random_geometries_round_trip(
        log_rows in 1u32..5,
        log_cols in 3u32..6,
        families in 2usize..5,
        seed in any::<u64>(),
    ) {
        let g = Geometry::new(1 << log_rows, 1 << log_cols, families).unwrap();
        let e = encoder_for(g);
        let mut rng = StdRng::seed_from_u64(seed);
        let len = rng.gen_range(0..=e.capacity());
        let p = payload(seed, len);
        let b = e.encode(&p).unwrap();
        let v = e.verifier();
        let i = rng.gen_range(0..g.slices());
        v.verify_slice(b.header(), i, &b.slices()[i]).unwrap();
        let mut idx: Vec<usize> = (0..g.slices()).collect();
        idx.shuffle(&mut rng);
        let chosen: Vec<BlobSlice> =
            idx[..g.rows()].iter().map(|&i| b.slices()[i].clone()).collect();
        v.verify_batch(b.header(), &chosen).unwrap();
        prop_assert_eq!(e.decoder().decode(&chosen).unwrap(), p);
    }

    /// Parsing arbitrary bytes never panics, and what parses re-encodes to
    /// the same bytes.
    #[test]
    fn parsing_is_canonical(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(s) = BlobSlice::from_bytes(&bytes) {
            prop_assert_eq!(s.to_bytes(), bytes.clone());
        }
        if let Ok(s) = LightSlice::from_bytes(&bytes) {
            prop_assert_eq!(s.to_bytes(), bytes.clone());
        }
        if let Ok(h) = BlobHeader::from_bytes(&bytes) {
            prop_assert_eq!(h.to_bytes().to_vec(), bytes);
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn serde_uses_the_checked_bytes() {
    let (_, blob) = blob();
    let s = &blob.slices()[9];
    let json = serde_json::to_string(s).unwrap();
    let back: BlobSlice = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, s);
    let h: BlobHeader =
        serde_json::from_str(&serde_json::to_string(blob.header()).unwrap()).unwrap();
    assert_eq!(&h, blob.header());
    assert!(serde_json::from_str::<BlobHeader>("[1,2,3]").is_err());
}
