//! The shared vocabulary of the zg data-availability crates.
//!
//! - [`curve`]: the BLS12-381 types every zg crate uses (re-exported from
//!   arkworks, so no other crate names the curve crate).
//! - [`encoding`]: canonical byte encodings of scalars and points, with
//!   checked parsing of untrusted bytes.
//! - [`Geometry`]: how a polynomial of `rows x cols` evaluations is cut into
//!   slices (cells) over several coset families, and where each slice lives
//!   in the evaluation domain.
//!
//! ```
//! use zg_types::{Geometry, encoding};
//!
//! let geometry = Geometry::ZG_PRODUCTION;
//! assert_eq!(geometry.slices(), 3072);
//! assert_eq!(geometry.rows_to_recover(), 1024);
//!
//! let one = encoding::scalar_from_bytes(&{
//!     let mut b = [0u8; 32];
//!     b[31] = 1;
//!     b
//! })
//! .unwrap();
//! assert_eq!(encoding::scalar_to_bytes(&one)[31], 1);
//! ```
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod curve;
pub mod encoding;
mod error;
mod geometry;
pub mod merkle;
pub mod store;

pub use curve::{Bls12_381, G1Affine, G1Projective, G2Affine, G2Projective, Scalar};
pub use error::Error;
pub use geometry::{Geometry, bit_reverse_index, bit_reverse_permute};
pub use merkle::{DataTree, Digest, MerkleProof, SectorSpan};
pub use store::{BlobId, NodeId, SliceStore, Transport};
