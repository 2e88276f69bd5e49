//! Parsing untrusted sample bytes: sector samples, slice samples and PoDAS
//! answers.
//! Whatever parses must encode back to exactly the same bytes (one encoding
//! per sample), and parsing must never panic.
#![no_main]

use zg_sampling::{PodasSample, SectorSample, SliceSample};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(sample) = SectorSample::from_bytes(data) {
        assert_eq!(
            sample.to_bytes(),
            data,
            "sector sample encoding is not canonical"
        );
        assert_eq!(sample.encoded_len(), data.len());
    }
    if let Ok(sample) = SliceSample::from_bytes(data) {
        assert_eq!(
            sample.to_bytes(),
            data,
            "slice sample encoding is not canonical"
        );
        assert_eq!(sample.encoded_len(), data.len());
    }
    if let Ok(sample) = PodasSample::from_bytes(data) {
        let bytes = sample
            .to_bytes()
            .expect("a parsed PoDAS sample has a 1024-byte subline");
        assert_eq!(bytes, data, "PoDAS sample encoding is not canonical");
    }
});
