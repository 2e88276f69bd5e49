//! EIP-7594 cell parsing on arbitrary bytes: exactly the 2048-byte inputs of
//! 64 canonical field elements parse, and they encode back to themselves.
#![no_main]

use zg_kzg::eip7594::{BYTES_PER_CELL, encode_cell, parse_cell};
use zg_types::encoding::scalar_from_slice;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let parsed = parse_cell(data);
    let valid = data.len() == BYTES_PER_CELL
        && data
            .chunks_exact(32)
            .all(|chunk| scalar_from_slice(chunk).is_ok());
    assert_eq!(parsed.is_ok(), valid);
    if let Ok(cell) = parsed {
        let cell: [zg_types::Scalar; 64] = cell.try_into().expect("64 elements");
        assert_eq!(&encode_cell(&cell)[..], data);
    }
});
