//! KZG commitments over BLS12-381 for data availability.
//!
//! - [`Setup`]: the structured reference string (powers of a secret `tau` in
//!   G1, monomial and Lagrange form, and in G2): Ethereum's mainnet setup
//!   embedded ([`Setup::ethereum_mainnet`], feature `ethereum-setup`), fully
//!   validated loaders for the text and JSON forms ([`Setup::from_text`],
//!   [`Setup::from_json`]), and an insecure seeded generator for tests
//!   (feature `insecure-setup`).
//! - [`Kzg`]: commitments to polynomials in evaluation form, openings inside
//!   and outside the domain, single and batch verification, over a
//!   fixed-base MSM table ([`FixedBaseMsm`]) built once per setup.
//! - [`CellProver`] and [`CellVerifier`]: cells of any [`zg_types::Geometry`]
//!   (`rows * families` cosets of `cols` evaluations), every cell's proof at
//!   once with FK20, recovery of all cells and proofs from any `rows` of
//!   them, and verification of one cell or a batch from many commitments.
//!   The verifier holds only `cols` G1 powers, `[1]G2` and `[tau^cols]G2`, and
//!   builds with `no_std` + `alloc`.
//! - [`blob`]: the 0G blob: payload -> erasure commitment, keccak data root
//!   and `rows * families` slices with KZG and Merkle proofs; slice
//!   verification (one, or a node's batch) and recovery from any `rows`.
//! - [`Eip4844`]: Ethereum's EIP-4844 functions on the spec's byte
//!   encodings; invalid input is an [`Error`], a wrong proof `Ok(false)`.
//!   [`Eip7594`]: the EIP-7594 (`PeerDAS`) cell functions, the same way.
//!
//! ```
//! use zg_kzg::{Eip4844, Kzg, Setup};
//!
//! let kzg = Eip4844::new(Kzg::new(Setup::ethereum_mainnet()?)?)?;
//! let mut blob = vec![0u8; zg_kzg::eip4844::BYTES_PER_BLOB];
//! blob[31] = 7; // element 0 = 7: 32-byte big-endian field elements
//!
//! let commitment = kzg.blob_to_kzg_commitment(&blob)?;
//! let proof = kzg.compute_blob_kzg_proof(&blob, &commitment)?;
//! assert!(kzg.verify_blob_kzg_proof(&blob, &commitment, &proof)?);
//!
//! // A proof for another blob does not verify; malformed bytes are errors.
//! blob[31] = 8;
//! assert!(!kzg.verify_blob_kzg_proof(&blob, &commitment, &proof)?);
//! assert!(kzg.verify_blob_kzg_proof(&blob[1..], &commitment, &proof).is_err());
//! # Ok::<(), zg_kzg::Error>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod batch_msm;
pub mod blob;
mod cells;
mod commit;
pub mod eip4844;
pub mod eip7594;
mod error;
mod glv;
mod msm;
mod setup;
mod transcript;

pub use cells::{
    CellProver, CellVerifier, ProverOptions, Slices, batch_challenge as cell_batch_challenge,
};
pub use commit::{Commitment, Kzg, Opening, Proof};
pub use eip4844::Eip4844;
pub use eip7594::Eip7594;
pub use error::Error;
pub use msm::FixedBaseMsm;
pub use setup::Setup;
