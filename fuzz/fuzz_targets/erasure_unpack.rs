//! Unpacking arbitrary elements and bytes: never panics; whatever unpacks
//! packs back to exactly the same elements (0G form) or bytes (Ethereum
//! form, slice bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zg_erasure::{
    Error, Geometry, Scalar, pack_ethereum, pack_zg, slice_from_bytes, slice_to_bytes,
    unpack_ethereum, unpack_zg, zg_capacity,
};
use zg_types::curve::PrimeField;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(geometry) = Geometry::new(1 << (mode % 2), 8, 2) else {
        return;
    };
    let n = geometry.elements();

    // 0G form: 31-byte chunks (top byte zero) or full 32-byte chunks
    // reduced modulo r, padded with zero elements.
    let width = if mode & 2 == 0 { 31 } else { 32 };
    let mut elements: Vec<Scalar> = rest
        .chunks(width)
        .take(n)
        .map(Scalar::from_le_bytes_mod_order)
        .collect();
    elements.resize(n, Scalar::from(0u64));
    match unpack_zg(&elements, &geometry) {
        Ok(payload) => {
            assert!(payload.len() <= zg_capacity(&geometry));
            assert_eq!(pack_zg(&payload, &geometry), Ok(elements));
        }
        Err(
            Error::ElementTooLarge { .. }
            | Error::LengthFieldTooLarge { .. }
            | Error::NonZeroPadding { .. },
        ) => {}
        Err(other) => panic!("unexpected error {other:?}"),
    }

    // Ethereum form: exactly 32 n bytes of canonical scalars.
    match pack_ethereum(rest, &geometry) {
        Ok(parsed) => assert_eq!(unpack_ethereum(&parsed, &geometry).as_deref(), Ok(rest)),
        Err(Error::WrongBlobLength { expected, actual }) => {
            assert_eq!((expected, actual), (32 * n, rest.len()));
        }
        Err(Error::NonCanonicalElement { index }) => assert!(index < n),
        Err(other) => panic!("unexpected error {other:?}"),
    }

    // Slice bytes.
    if let Ok(slice) = slice_from_bytes(7, rest, 8) {
        assert_eq!(slice_to_bytes(&slice), rest);
    }
});
