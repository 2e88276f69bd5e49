//! Parsing of EIP-4844 inputs from arbitrary bytes: commitments and proofs
//! (48 bytes), field elements (32 bytes) and blobs (131072 bytes, built by
//! tiling the input). Whatever parses re-encodes to the same bytes.
#![no_main]

use zg_kzg::eip4844::BYTES_PER_BLOB;
use zg_kzg::{Commitment, Eip4844, Proof};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let head = &data[..data.len().min(48)];
    if let Ok(c) = Commitment::from_slice(head) {
        assert_eq!(&c.to_bytes()[..], head);
    }
    if let Ok(p) = Proof::from_slice(head) {
        assert_eq!(&p.to_bytes()[..], head);
    }
    let head = &data[..data.len().min(32)];
    if let Ok(s) = zg_types::encoding::scalar_from_slice(head) {
        assert_eq!(&zg_types::encoding::scalar_to_bytes(&s)[..], head);
    }
    // The input itself as a blob (almost always the wrong length).
    if data.len() != BYTES_PER_BLOB {
        assert!(Eip4844::blob_to_polynomial(data).is_err());
    }
    if data.is_empty() {
        return;
    }
    let blob: Vec<u8> = data.iter().copied().cycle().take(BYTES_PER_BLOB).collect();
    match Eip4844::blob_to_polynomial(&blob) {
        Ok(elements) => {
            let again: Vec<u8> = elements
                .iter()
                .flat_map(zg_types::encoding::scalar_to_bytes)
                .collect();
            assert_eq!(again, blob);
        }
        Err(zg_kzg::Error::InvalidBlobElement { index }) => {
            let chunk = &blob[32 * index..32 * index + 32];
            assert!(zg_types::encoding::scalar_from_slice(chunk).is_err());
        }
        Err(e) => panic!("unexpected error {e}"),
    }
    let commitment = &data[..data.len().min(48)];
    let challenge = Eip4844::compute_challenge(&blob, commitment);
    assert_eq!(challenge.is_ok(), commitment.len() == 48);
});
