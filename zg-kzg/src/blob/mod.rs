//! The 0G blob: a payload of up to 32,505,852 bytes becomes `rows *
//! families` slices (3072 at [`Geometry::ZG_PRODUCTION`]) that any node
//! verifies on its own against one 48-byte commitment, and any `rows`
//! (1024) of which give the payload back.
//!
//! - [`BlobEncoder`]: payload -> [`EncodedBlob`]: a [`BlobHeader`]
//!   (geometry, erasure commitment, keccak data root) and all
//!   [`BlobSlice`]s (index, `cols` elements, KZG cell proof, Merkle proof
//!   to the data root). [`BlobEncoder::encode_with_progress`] reports the
//!   stages (packing, extension, commitment + proofs, Merkle) as they start.
//! - [`BlobVerifier`]: what a storage or signer node runs: one slice
//!   ([`BlobVerifier::verify_slice`]) or its whole batch with one random
//!   linear combination ([`BlobVerifier::verify_batch`]); errors name the
//!   failing index.
//! - [`BlobDecoder`]: the payload from any `rows` distinct slices in any
//!   mix of families, optionally verifying them first; typed errors for too
//!   few ([`Error::TooFewCells`]), duplicate
//!   ([`Error::DuplicateCellIndex`]) or foreign slices (out of range, wrong
//!   length, or failing verification).
//! - [`LightSlice`]: a slice without its elements (index, slice root, KZG
//!   proof, Merkle proof), for headers and gossip.
//!
//! The header, slices and light slices have canonical byte encodings
//! (documented field by field on each type) with checked parsing, and
//! serde support (as those bytes) behind the `serde` feature.
//!
//! # Layout
//!
//! The payload is packed in 0G's form ([`zg_erasure::pack_zg`]: 31 bytes
//! per element, the length in the last 4 bytes) into the data (family 0)
//! of the polynomial `f`; slice `s` is `f` on the coset of
//! [`Geometry::coset_shift`]`(s)` (see [`Geometry`]'s index convention).
//! The commitment is `[f(tau)]G1`; slice `s`'s proof is the KZG opening on
//! its coset ([`CellProver`](crate::CellProver)); the data root is 0G's
//! keccak tree over the slices' 32-byte big-endian elements
//! ([`zg_types::merkle`]).
//!
//! # Setups
//!
//! The production geometry needs `2^20` G1 powers and `1025` G2 powers.
//! Tests, benches and examples use [`Setup::insecure_from_seed`] (feature
//! `insecure-setup`: whoever knows the seed can forge proofs). A real
//! ceremony's powers are loaded from bytes with [`Setup::from_text`] or
//! [`Setup::from_json`] (the formats are documented on [`Setup`]): build
//! the [`CellProver`](crate::CellProver) from that setup and hand it to
//! [`BlobEncoder::new`]; nodes need only [`BlobVerifier::from_setup`].
//!
//! # Example
//!
//! ```
//! # fn main() -> Result<(), zg_kzg::Error> {
//! use zg_kzg::blob::{BlobDecoder, BlobEncoder, BlobSlice};
//! use zg_kzg::{CellProver, Setup};
//! use zg_types::Geometry;
//!
//! let geometry = Geometry::ZG_TEST; // 64 x 32, 3 families: 192 slices
//! // INSECURE, for the example only: a real deployment loads a ceremony.
//! let setup = Setup::insecure_from_seed(b"blob doc", geometry.elements(), geometry.cols() + 1)?;
//! let encoder = BlobEncoder::new(CellProver::new(geometry, &setup)?);
//!
//! let payload = b"data that must stay available".repeat(100);
//! let blob = encoder.encode(&payload)?;
//!
//! // A node checks its slice against the 93-byte header alone.
//! let verifier = encoder.verifier();
//! let header = blob.header();
//! let slice = BlobSlice::from_bytes(&blob.slices()[100].to_bytes())?;
//! verifier.verify_slice(header, 100, &slice)?;
//!
//! // Any 64 slices, here the last 64 (no data slice among them), recover.
//! let some = &blob.slices()[128..];
//! let decoder = BlobDecoder::new(geometry);
//! assert_eq!(decoder.decode_verified(&verifier, header, some)?, payload);
//!
//! // 63 do not.
//! assert_eq!(
//!     decoder.decode(&some[1..]),
//!     Err(zg_kzg::Error::TooFewCells { needed: 64, got: 63 })
//! );
//! # Ok(())
//! # }
//! ```
//!
//! [`Setup::insecure_from_seed`]: crate::Setup
//! [`Setup::from_text`]: crate::Setup::from_text
//! [`Setup::from_json`]: crate::Setup::from_json
//! [`Setup`]: crate::Setup
//! [`Error::TooFewCells`]: crate::Error::TooFewCells
//! [`Error::DuplicateCellIndex`]: crate::Error::DuplicateCellIndex

mod decoder;
mod encoder;
#[cfg(feature = "serde")]
mod serde_impls;
mod types;
mod verifier;

pub use decoder::BlobDecoder;
pub use encoder::{BlobEncoder, EncodeStage, EncodedBlob};
pub use types::{BlobHeader, BlobSlice, HEADER_BYTES, HEADER_VERSION, LightSlice};
pub use verifier::BlobVerifier;
pub use zg_types::Geometry;
