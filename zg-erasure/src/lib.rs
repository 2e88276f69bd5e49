//! Erasure coding for the zg data-availability crates.
//!
//! - [`ReedSolomon`]: Reed-Solomon over the BLS12-381 scalar field for a
//!   [`Geometry`]: extend `rows * cols` elements to `rows * families`
//!   slices (cosets of the order-`cols` subgroup, the layout documented on
//!   [`Geometry`]), and recover from **any** `rows` distinct slices, reusing
//!   one erasure locator for all `cols` column codes.
//! - Packing: payload bytes <-> field elements in 0G's form
//!   ([`pack_zg`], 31 bytes per element plus a length field) and Ethereum's
//!   ([`pack_ethereum`], EIP-4844 blob bytes), with checked inverses.
//! - [`BlobCodec`]: the blob matrix, payload bytes -> slices (as field
//!   elements or bytes) -> payload bytes.
//! - [`ByteCodec`]: a byte-level `k + m` shard code over
//!   [`reed_solomon_simd`] for payloads that need no commitment.
//!
//! Coefficient vectors are always monomial, in natural order
//! (`coefficients[i]` multiplies `X^i`).
//!
//! # Features
//!
//! - `std` (default): implementations of `std::error::Error` and the
//!   standard library in the dependencies. Without it the crate is `no_std`
//!   + `alloc` (the byte codec included).
//! - `parallel`: column codes, families and slices are processed in
//!   parallel on the caller's rayon pool, and the FFTs of arkworks run in
//!   parallel.
//!
//! # Example
//!
//! ```
//! use zg_erasure::{BlobCodec, Geometry};
//!
//! // 0G's test geometry: 64 x 32 elements, 3 families, 192 slices.
//! let codec = BlobCodec::new(Geometry::ZG_TEST);
//! let payload = b"data that must stay available".to_vec();
//! let slices = codec.encode(&payload)?;
//! assert_eq!(slices.len(), 192);
//!
//! // Keep any 64 slices, here the last 64 (none of the original data).
//! let kept: Vec<(usize, &[zg_erasure::Scalar])> =
//!     (128..192).map(|s| (s, slices.slice(s).unwrap())).collect();
//! assert_eq!(codec.decode(&kept)?, payload);
//!
//! // One slice fewer is not enough.
//! assert!(codec.decode(&kept[1..]).is_err());
//! # Ok::<(), zg_erasure::Error>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod blob;
mod byte_codec;
mod error;
mod fft;
mod packing;
mod reed_solomon;

pub use blob::{BlobCodec, slice_from_bytes, slice_to_bytes};
pub use byte_codec::{ByteCodec, Parity, Restored};
pub use error::Error;
pub use packing::{
    ZG_BYTES_PER_ELEMENT, ZG_LENGTH_BYTES, pack_ethereum, pack_zg, unpack_ethereum, unpack_zg,
    zg_capacity,
};
pub use reed_solomon::{ReedSolomon, Slices};
pub use zg_types::{Geometry, Scalar};
