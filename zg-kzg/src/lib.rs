//! KZG commitments over BLS12-381 for data availability.
//!
//! - [`Setup`]: the structured reference string (powers of a secret `tau` in
//!   G1, monomial and Lagrange form, and in G2).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod commit;
pub mod eip4844;
mod error;
mod msm;
mod setup;
mod transcript;

pub use commit::{Commitment, Kzg, Opening, Proof};
pub use eip4844::Eip4844;
pub use error::Error;
pub use msm::FixedBaseMsm;
pub use setup::Setup;
