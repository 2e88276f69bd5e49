//! Parsing of blob headers, slices and light slices from arbitrary bytes:
//! no panic, and whatever parses re-encodes to exactly the input.
#![no_main]

use zg_kzg::blob::{BlobHeader, BlobSlice, LightSlice};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(s) = BlobSlice::from_bytes(data) {
        assert_eq!(s.to_bytes(), data);
        assert_eq!(s.encoded_len(), data.len());
    }
    if let Ok(s) = LightSlice::from_bytes(data) {
        assert_eq!(s.to_bytes(), data);
        assert_eq!(s.encoded_len(), data.len());
    }
    if let Ok(h) = BlobHeader::from_bytes(data) {
        assert_eq!(&h.to_bytes()[..], data);
    }
});
