//! Decoding from arbitrary slice sets of a fixed blob of a small geometry:
//! the input picks slice indices (repeats and out-of-range ones included)
//! and corrupts some elements. Decoding never panics; an unverified decode
//! of enough distinct untouched slices gives the payload back; a verified
//! decode succeeds only with the payload.
#![no_main]

use std::sync::OnceLock;
use zg_kzg::blob::{BlobDecoder, BlobEncoder, BlobSlice, BlobVerifier, EncodedBlob};
use zg_kzg::{CellProver, Error, ProverOptions};
use zg_types::{Geometry, Scalar};

struct Fixture {
    payload: Vec<u8>,
    blob: EncodedBlob,
    verifier: BlobVerifier,
    decoder: BlobDecoder,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let geometry = Geometry::new(8, 8, 3).unwrap_or(Geometry::ZG_TEST);
        let (_, prover) =
            CellProver::insecure_from_seed(geometry, b"fuzz blob decode", ProverOptions::new())
                .unwrap_or_else(|e| panic!("fixture: {e}"));
        let encoder = BlobEncoder::new(prover);
        let payload: Vec<u8> = (0..1000u32).map(|i| (i * 31 % 251) as u8).collect();
        let blob = encoder
            .encode(&payload)
            .unwrap_or_else(|e| panic!("fixture: {e}"));
        Fixture {
            payload,
            verifier: encoder.verifier(),
            decoder: encoder.decoder(),
            blob,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let g = f.decoder.geometry();
    let slices = f.blob.slices();
    let mut chosen = Vec::new();
    let mut touched = false;
    // Each pair: (index byte, corruption byte); corruption 0 leaves it.
    for pair in data.chunks_exact(2).take(64) {
        let index = usize::from(pair[0]);
        let Some(original) = slices.get(index % (g.slices() + 2)) else {
            // Out of range: a slice of another geometry's index space.
            let s = &slices[0];
            chosen.push(BlobSlice::new(
                index,
                s.elements().to_vec(),
                *s.proof(),
                s.merkle_proof().clone(),
            ));
            touched = true;
            continue;
        };
        if pair[1] == 0 {
            chosen.push(original.clone());
        } else {
            let mut elements = original.elements().to_vec();
            let at = usize::from(pair[1]) % elements.len();
            elements[at] += Scalar::from(u64::from(pair[1]));
            chosen.push(BlobSlice::new(
                original.index(),
                elements,
                *original.proof(),
                original.merkle_proof().clone(),
            ));
            touched = true;
        }
    }
    let mut distinct: Vec<usize> = chosen.iter().map(BlobSlice::index).collect();
    distinct.sort_unstable();
    let before = distinct.len();
    distinct.dedup();
    let duplicates = distinct.len() != before;

    let plain = f.decoder.decode(&chosen);
    if !touched && !duplicates && distinct.len() >= g.rows() {
        assert_eq!(plain.as_ref().ok(), Some(&f.payload), "{plain:?}");
    }
    if duplicates {
        assert!(plain.is_err());
    }
    if !duplicates && distinct.len() < g.rows() && !touched {
        assert!(matches!(plain, Err(Error::TooFewCells { .. })), "{plain:?}");
    }
    let verified = f
        .decoder
        .decode_verified(&f.verifier, f.blob.header(), &chosen);
    match verified {
        Ok(p) => assert_eq!(p, f.payload),
        Err(_) => assert!(touched || duplicates || distinct.len() < g.rows()),
    }
});
