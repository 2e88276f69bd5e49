//! Bytes <-> field elements, in 0G's form and in Ethereum's.
//!
//! **0G form.** The payload is written from the start of a blob of
//! `31 * rows * cols` bytes, followed by zero padding; the blob's last 4
//! bytes hold the payload length as a little-endian `u32`. Element `j` is
//! blob bytes `31 j .. 31 j + 31` read as a little-endian integer (so its
//! top byte is zero and it is below `2^248 < r`). Element `j` is data
//! position `j`: family-0 slice `j / cols`, entry `j % cols`. The largest
//! payload is `31 * rows * cols - 4` bytes (32,505,852 for 0G's production
//! geometry).
//!
//! **Ethereum form.** An EIP-4844 blob: `rows * cols` canonical 32-byte
//! big-endian scalars, no length field.

use crate::Error;
use alloc::vec::Vec;
use ark_ff::{BigInt, PrimeField};
use zg_types::encoding::{SCALAR_BYTES, scalar_from_bytes, scalar_to_bytes};
use zg_types::{Geometry, Scalar};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Raw payload bytes carried by one field element in 0G's form.
pub const ZG_BYTES_PER_ELEMENT: usize = 31;
/// Bytes of the little-endian payload length at the end of a 0G blob.
pub const ZG_LENGTH_BYTES: usize = 4;

/// The largest payload a geometry holds in 0G's form:
/// `31 * rows * cols - 4`, capped at `u32::MAX` (the length field's range).
pub fn zg_capacity(geometry: &Geometry) -> usize {
    let bytes = (ZG_BYTES_PER_ELEMENT * geometry.elements()).saturating_sub(ZG_LENGTH_BYTES);
    bytes.min(u32::MAX as usize)
}

/// Packs `payload` into `rows * cols` field elements in 0G's form (the data
/// layout of [`ReedSolomon`](crate::ReedSolomon)).
pub fn pack_zg(payload: &[u8], geometry: &Geometry) -> Result<Vec<Scalar>, Error> {
    let capacity = zg_capacity(geometry);
    let length = u32::try_from(payload.len())
        .ok()
        .filter(|_| payload.len() <= capacity)
        .ok_or(Error::PayloadTooLarge {
            size: payload.len(),
            capacity,
        })?;
    let n = geometry.elements();
    let element = |j: usize| {
        let mut bytes = [0u8; SCALAR_BYTES];
        let start = ZG_BYTES_PER_ELEMENT * j;
        if let Some(chunk) = payload.get(start..) {
            let take = chunk.len().min(ZG_BYTES_PER_ELEMENT);
            bytes[..take].copy_from_slice(&chunk[..take]);
        }
        if j + 1 == n {
            // The blob's last 4 bytes are the last element's bytes 27..31;
            // the payload never reaches them (capacity = 31 n - 4).
            let at = ZG_BYTES_PER_ELEMENT - ZG_LENGTH_BYTES;
            bytes[at..ZG_BYTES_PER_ELEMENT].copy_from_slice(&length.to_le_bytes());
        }
        scalar_from_le_bytes(&bytes)
    };
    #[cfg(feature = "parallel")]
    let elements = (0..n).into_par_iter().map(element).collect();
    #[cfg(not(feature = "parallel"))]
    let elements = (0..n).map(element).collect();
    Ok(elements)
}

/// The inverse of [`pack_zg`]: the payload of `rows * cols` elements in 0G's
/// form. Rejects anything packing cannot produce: an element at or above
/// `2^248`, a length field above the capacity, a non-zero padding byte.
pub fn unpack_zg(elements: &[Scalar], geometry: &Geometry) -> Result<Vec<u8>, Error> {
    let n = geometry.elements();
    if elements.len() != n {
        return Err(Error::WrongElementCount {
            expected: n,
            actual: elements.len(),
        });
    }
    let mut blob = Vec::with_capacity(ZG_BYTES_PER_ELEMENT * n);
    for (index, element) in elements.iter().enumerate() {
        let bytes = scalar_to_le_bytes(element);
        let (low, high) = bytes.split_at(ZG_BYTES_PER_ELEMENT);
        if high.iter().any(|b| *b != 0) {
            return Err(Error::ElementTooLarge { index });
        }
        blob.extend_from_slice(low);
    }
    let capacity = zg_capacity(geometry);
    let field_start = blob.len() - ZG_LENGTH_BYTES;
    let mut field = [0u8; ZG_LENGTH_BYTES];
    field.copy_from_slice(&blob[field_start..]);
    let length = u32::from_le_bytes(field) as usize;
    if length > capacity {
        return Err(Error::LengthFieldTooLarge { length, capacity });
    }
    if let Some((at, value)) = blob[length..field_start]
        .iter()
        .enumerate()
        .find(|(_, b)| **b != 0)
    {
        return Err(Error::NonZeroPadding {
            offset: length + at,
            value: *value,
        });
    }
    blob.truncate(length);
    Ok(blob)
}

/// Parses an Ethereum (EIP-4844) blob: exactly `32 * rows * cols` bytes of
/// canonical big-endian scalars. Rejects a wrong length and any chunk whose
/// value is not below the scalar modulus.
pub fn pack_ethereum(blob: &[u8], geometry: &Geometry) -> Result<Vec<Scalar>, Error> {
    let expected = SCALAR_BYTES * geometry.elements();
    if blob.len() != expected {
        return Err(Error::WrongBlobLength {
            expected,
            actual: blob.len(),
        });
    }
    blob.chunks_exact(SCALAR_BYTES)
        .enumerate()
        .map(|(index, chunk)| {
            let mut bytes = [0u8; SCALAR_BYTES];
            bytes.copy_from_slice(chunk);
            scalar_from_bytes(&bytes).map_err(|_| Error::NonCanonicalElement { index })
        })
        .collect()
}

/// The Ethereum (EIP-4844) blob bytes of `rows * cols` elements: each
/// element as 32 big-endian bytes.
pub fn unpack_ethereum(elements: &[Scalar], geometry: &Geometry) -> Result<Vec<u8>, Error> {
    let expected = geometry.elements();
    if elements.len() != expected {
        return Err(Error::WrongElementCount {
            expected,
            actual: elements.len(),
        });
    }
    Ok(elements.iter().flat_map(scalar_to_bytes).collect())
}

/// A scalar from 32 little-endian bytes whose value is below `2^248`.
fn scalar_from_le_bytes(bytes: &[u8; SCALAR_BYTES]) -> Scalar {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(word);
    }
    // Below 2^248 < r, so the value is canonical.
    Scalar::new(BigInt(limbs))
}

fn scalar_to_le_bytes(scalar: &Scalar) -> [u8; SCALAR_BYTES] {
    let mut out = [0u8; SCALAR_BYTES];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(scalar.into_bigint().0) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_capacity_is_0g_s() {
        assert_eq!(zg_capacity(&Geometry::ZG_PRODUCTION), 32_505_852);
    }

    #[test]
    fn element_layout_is_little_endian_31_bytes() {
        let g = Geometry::new(1, 8, 2).unwrap();
        let payload: Vec<u8> = (1..=40).collect();
        let elements = pack_zg(&payload, &g).unwrap();
        let first = scalar_to_le_bytes(&elements[0]);
        assert_eq!(&first[..31], &payload[..31]);
        assert_eq!(first[31], 0);
        let second = scalar_to_le_bytes(&elements[1]);
        assert_eq!(&second[..9], &payload[31..]);
        assert!(second[9..].iter().all(|b| *b == 0));
        let last = scalar_to_le_bytes(&elements[7]);
        assert_eq!(&last[27..31], &40u32.to_le_bytes());
    }
}
