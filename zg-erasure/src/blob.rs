//! The blob matrix: a payload packed in 0G's form and extended to slices.

use crate::packing::{pack_zg, unpack_zg, zg_capacity};
use crate::{Error, ReedSolomon, Slices};
use alloc::vec::Vec;
use bytes::Bytes;
use zg_types::encoding::{SCALAR_BYTES, scalar_from_bytes, scalar_to_bytes};
use zg_types::{Geometry, Scalar};

/// Encodes payload bytes into slices and decodes them back, for one
/// geometry ([`Geometry::ZG_PRODUCTION`] by default: up to 32,505,852 bytes
/// into 3072 slices of 1024 elements, any 1024 of which recover the payload).
///
/// The payload is packed with [`pack_zg`](crate::pack_zg) (the packed
/// elements are the data, family 0) and extended with [`ReedSolomon`].
#[derive(Debug, Clone)]
pub struct BlobCodec {
    engine: ReedSolomon,
}

impl Default for BlobCodec {
    fn default() -> Self {
        Self::new(Geometry::ZG_PRODUCTION)
    }
}

impl BlobCodec {
    /// A codec for `geometry`.
    pub fn new(geometry: Geometry) -> Self {
        Self {
            engine: ReedSolomon::new(geometry),
        }
    }

    /// A codec around an existing engine.
    pub fn with_engine(engine: ReedSolomon) -> Self {
        Self { engine }
    }

    /// The Reed-Solomon engine underneath.
    pub fn engine(&self) -> &ReedSolomon {
        &self.engine
    }

    /// The geometry.
    pub fn geometry(&self) -> Geometry {
        self.engine.geometry()
    }

    /// The largest payload, in bytes.
    pub fn capacity(&self) -> usize {
        zg_capacity(&self.geometry())
    }

    /// Packs and extends `payload` into all slices.
    pub fn encode(&self, payload: &[u8]) -> Result<Slices, Error> {
        let data = pack_zg(payload, &self.geometry())?;
        self.engine.extend(&data)
    }

    /// Recovers the payload from any `rows` or more distinct slices of field
    /// elements, given as `(slice index, elements)` pairs.
    pub fn decode<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
    ) -> Result<Vec<u8>, Error> {
        let data = self.engine.recover_data(slices)?;
        unpack_zg(&data, &self.geometry())
    }

    /// Recovers the payload from any `rows` or more distinct slices in their
    /// byte form ([`slice_to_bytes`]), parsing each element as a canonical
    /// scalar first.
    pub fn decode_bytes<B: AsRef<[u8]>>(&self, slices: &[(usize, B)]) -> Result<Vec<u8>, Error> {
        let cols = self.geometry().cols();
        let parsed = slices
            .iter()
            .map(|(index, bytes)| Ok((*index, slice_from_bytes(*index, bytes.as_ref(), cols)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        self.decode(&parsed)
    }
}

impl Slices {
    /// Slice `index` as bytes (32 big-endian bytes per element), or `None`
    /// when out of range.
    pub fn slice_bytes(&self, index: usize) -> Option<Bytes> {
        self.slice(index).map(|s| Bytes::from(slice_to_bytes(s)))
    }

    /// Every slice as bytes, in index order.
    pub fn to_bytes(&self) -> Vec<Bytes> {
        self.iter()
            .map(|s| Bytes::from(slice_to_bytes(s)))
            .collect()
    }
}

/// The byte form of a slice: each element as 32 big-endian bytes
/// ([`zg_types::encoding::scalar_to_bytes`]).
pub fn slice_to_bytes(slice: &[Scalar]) -> Vec<u8> {
    let mut out = Vec::with_capacity(slice.len() * SCALAR_BYTES);
    for element in slice {
        out.extend_from_slice(&scalar_to_bytes(element));
    }
    out
}

/// Parses the byte form of slice `index`: exactly `32 * cols` bytes of
/// canonical big-endian scalars.
pub fn slice_from_bytes(index: usize, bytes: &[u8], cols: usize) -> Result<Vec<Scalar>, Error> {
    let expected = cols * SCALAR_BYTES;
    if bytes.len() != expected {
        return Err(Error::WrongSliceLength {
            index,
            expected,
            actual: bytes.len(),
        });
    }
    bytes
        .chunks_exact(SCALAR_BYTES)
        .enumerate()
        .map(|(element, chunk)| {
            let mut b = [0u8; SCALAR_BYTES];
            b.copy_from_slice(chunk);
            scalar_from_bytes(&b).map_err(|_| Error::NonCanonicalSliceElement {
                slice: index,
                element,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn bytes_round_trip_through_any_rows_slices() {
        let codec = BlobCodec::new(Geometry::ZG_TEST);
        let payload: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let slices = codec.encode(&payload).unwrap();
        let bytes = slices.to_bytes();
        assert_eq!(bytes.len(), 192);
        assert_eq!(slices.slice_bytes(5).unwrap(), bytes[5]);
        let subset: Vec<(usize, Bytes)> =
            (0..192).step_by(3).map(|s| (s, bytes[s].clone())).collect();
        assert_eq!(codec.decode_bytes(&subset).unwrap(), payload);
    }

    #[test]
    fn capacity_is_the_largest_payload_of_the_engine_geometry() {
        let codec = BlobCodec::with_engine(ReedSolomon::new(Geometry::ZG_TEST));
        assert_eq!(codec.geometry(), Geometry::ZG_TEST);
        // 31 bytes per element of the 64 x 32 data, less the length field.
        let capacity = codec.capacity();
        assert_eq!(capacity, 31 * 64 * 32 - 4);
        let full: Vec<u8> = (0..=u8::MAX).cycle().take(capacity).collect();
        let slices = codec.encode(&full).unwrap();
        let kept: Vec<(usize, &[Scalar])> =
            (64..128).map(|s| (s, slices.slice(s).unwrap())).collect();
        assert_eq!(codec.decode(&kept).unwrap(), full);
        assert_eq!(
            codec.encode(&vec![0; capacity + 1]).err(),
            Some(Error::PayloadTooLarge {
                size: capacity + 1,
                capacity
            })
        );
    }

    #[test]
    fn bad_slice_bytes_are_rejected() {
        let mut bytes = vec![0u8; 32 * 8];
        assert_eq!(
            slice_from_bytes(3, &bytes[1..], 8),
            Err(Error::WrongSliceLength {
                index: 3,
                expected: 256,
                actual: 255
            })
        );
        bytes[64] = 0xff;
        assert_eq!(
            slice_from_bytes(3, &bytes, 8),
            Err(Error::NonCanonicalSliceElement {
                slice: 3,
                element: 2
            })
        );
    }
}
