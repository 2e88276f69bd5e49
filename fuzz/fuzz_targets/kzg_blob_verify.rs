//! Slice verification against a fixed blob of a small geometry: the input
//! picks a slice and changes bytes of its encoding (and of the header); a
//! slice verifies exactly when it parses back to the original slice under
//! the original header, or, for a slice of zeros, when both the header's
//! commitment and the slice's proof are negated (a zero slice of `f` is
//! also one of `-f`).
#![no_main]

use std::sync::OnceLock;
use zg_kzg::CellProver;
use zg_kzg::ProverOptions;
use zg_kzg::blob::{BlobEncoder, BlobHeader, BlobSlice, BlobVerifier, EncodedBlob};
use zg_types::Geometry;
use zg_types::curve::Zero;

struct Fixture {
    blob: EncodedBlob,
    verifier: BlobVerifier,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let geometry = Geometry::new(8, 8, 3).unwrap_or(Geometry::ZG_TEST);
        let (_, prover) =
            CellProver::insecure_from_seed(geometry, b"fuzz blob verify", ProverOptions::new())
                .unwrap_or_else(|e| panic!("fixture: {e}"));
        let encoder = BlobEncoder::new(prover);
        let blob = encoder
            .encode(b"fuzzing the blob verifier")
            .unwrap_or_else(|e| panic!("fixture: {e}"));
        Fixture {
            verifier: encoder.verifier(),
            blob,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let slices = f.blob.slices();
    let index = usize::from(pick) % slices.len();
    let original = &slices[index];
    let mut bytes = original.to_bytes();
    let mut header = f.blob.header().to_bytes();
    // Pairs (position, xor): positions past the slice land in the header.
    for pair in rest.chunks_exact(3) {
        let pos = usize::from(u16::from_le_bytes([pair[0], pair[1]]));
        let total = bytes.len() + header.len();
        let pos = pos % total;
        if pos < bytes.len() {
            bytes[pos] ^= pair[2];
        } else {
            header[pos - bytes.len()] ^= pair[2];
        }
    }
    let (Ok(slice), Ok(h)) = (
        BlobSlice::from_bytes(&bytes),
        BlobHeader::from_bytes(&header),
    ) else {
        return;
    };
    let original_header = f.blob.header();
    let unchanged = &slice == original && &h == original_header;
    let negated = original.elements().iter().all(Zero::is_zero)
        && h == BlobHeader::new(
            original_header.geometry(),
            -*original_header.commitment(),
            original_header.data_root(),
        )
        && slice
            == BlobSlice::new(
                original.index(),
                original.elements().to_vec(),
                -*original.proof(),
                original.merkle_proof().clone(),
            );
    let single = f.verifier.verify_slice(&h, index, &slice);
    assert_eq!(
        single.is_ok(),
        unchanged || negated,
        "single verification: {single:?}"
    );
    // The same slice inside a batch of valid ones.
    let mut batch: Vec<BlobSlice> = slices.iter().take(4).cloned().collect();
    batch.push(slice);
    let batched = f.verifier.verify_batch(&h, &batch);
    if &h == original_header {
        assert_eq!(
            batched.is_ok(),
            unchanged,
            "batch verification: {batched:?}"
        );
    } else {
        assert!(batched.is_err());
    }
});
