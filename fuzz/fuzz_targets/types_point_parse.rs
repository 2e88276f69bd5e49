//! G1 and G2 parsing: never panics; whatever parses re-encodes to the same
//! bytes and parses back to the same point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zg_types::encoding::{
    G1_BYTES, G2_BYTES, g1_from_bytes, g1_from_bytes_unchecked_subgroup, g1_from_slice,
    g1_to_bytes, g2_from_bytes, g2_from_slice, g2_to_bytes,
};

fuzz_target!(|data: &[u8]| {
    let _ = g1_from_slice(data);
    let _ = g2_from_slice(data);

    if let Some(bytes) = data.first_chunk::<G1_BYTES>() {
        let checked = g1_from_bytes(bytes);
        let unchecked = g1_from_bytes_unchecked_subgroup(bytes);
        if let Ok(point) = checked {
            assert_eq!(unchecked, Ok(point));
            let encoded = g1_to_bytes(&point);
            assert_eq!(&encoded, bytes, "G1 encoding is not canonical");
            assert_eq!(g1_from_bytes(&encoded), Ok(point));
        }
        if let Ok(point) = unchecked {
            assert_eq!(&g1_to_bytes(&point), bytes, "G1 encoding is not canonical");
        }
    }
    if let Some(bytes) = data.first_chunk::<G2_BYTES>() {
        if let Ok(point) = g2_from_bytes(bytes) {
            let encoded = g2_to_bytes(&point);
            assert_eq!(&encoded, bytes, "G2 encoding is not canonical");
            assert_eq!(g2_from_bytes(&encoded), Ok(point));
        }
    }
});
