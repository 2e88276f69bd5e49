//! The shared vocabulary of the zg data-availability crates.
//!
//! - [`curve`]: the BLS12-381 types every zg crate uses (re-exported from
//!   arkworks, so no other crate names the curve crate).
//! - [`encoding`]: canonical byte encodings of scalars and points, with
//!   checked parsing of untrusted bytes.
//! - [`g1_ops`]: G1 doubling and mixed addition with limb-level identity
//!   tests, for the hot loops of the crates above (subgroup checks, scalar
//!   multiplications, bucket sums).
//! - [`Geometry`]: how a polynomial of `rows x cols` evaluations is cut into
//!   slices (cells) over several coset families, and where each slice lives
//!   in the evaluation domain.
//! - [`merkle`]: the keccak data root over the encoded slices (0G's form:
//!   256-byte sectors, one tree per coset family) and Merkle proofs of a
//!   sector, a `PoDAS` subline or a whole slice.
//! - [`store`]: the storage and transport traits the layers above plug
//!   into, in-memory implementations and a conformance suite.
//! - [`Error`]: the one error type, carrying the numbers that explain each
//!   failure.
//!
//! # Features
//!
//! - `std` (default): standard library; without it the crate is `no_std` +
//!   `alloc` and builds for `wasm32-unknown-unknown`.
//! - `parallel`: hashes slices for the data root on the caller's rayon pool
//!   (implies `std`).
//! - `serde`: `Serialize`/`Deserialize` for geometries, digests, spans,
//!   proofs and ids.
//!
//! ```
//! use zg_types::merkle::{DataTree, SectorSpan};
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
//! })?;
//! assert_eq!(encoding::scalar_to_bytes(&one)[31], 1);
//!
//! // The data root of a small blob, and a proof of one sector.
//! let geometry = Geometry::ETHEREUM;
//! let slices = vec![vec![7u8; geometry.slice_bytes()]; geometry.slices()];
//! let tree = DataTree::new(geometry, &slices)?;
//! let span = SectorSpan::sector(&geometry, 100, 3)?;
//! let proof = tree.prove(&span, &slices[100])?;
//! proof.verify(&tree.root(), &geometry, &span, &slices[100][span.byte_range()])?;
//! # Ok::<(), zg_types::Error>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod curve;
pub mod encoding;
mod error;
mod g1;
pub mod g1_ops;
mod geometry;
pub mod merkle;
pub mod store;

pub use curve::{Bls12_381, G1Affine, G1Projective, G2Affine, G2Projective, Scalar};
pub use error::Error;
pub use geometry::{Geometry, bit_reverse_index, bit_reverse_permute};
pub use merkle::{DataTree, Digest, MerkleProof, SectorSpan};
pub use store::{BlobId, NodeId, SliceStore, Transport};

/// Compiles and runs the README's example as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
