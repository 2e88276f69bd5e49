//! Scalar parsing: never panics; whatever parses re-encodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zg_types::encoding::{scalar_from_bytes, scalar_from_slice, scalar_to_bytes};

fuzz_target!(|data: &[u8]| {
    let from_slice = scalar_from_slice(data);
    let Ok(bytes) = <[u8; 32]>::try_from(data) else {
        assert!(from_slice.is_err(), "a slice of the wrong length parsed");
        return;
    };
    let parsed = scalar_from_bytes(&bytes);
    assert_eq!(parsed, from_slice);
    if let Ok(scalar) = parsed {
        let encoded = scalar_to_bytes(&scalar);
        assert_eq!(encoded, bytes, "scalar encoding is not canonical");
        assert_eq!(scalar_from_bytes(&encoded), Ok(scalar));
    }
});
