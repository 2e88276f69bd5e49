//! KZG commitments over BLS12-381 for data availability.
//!
//! - [`Setup`]: the structured reference string (powers of a secret `tau` in
//!   G1, monomial and Lagrange form, and in G2).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod error;
mod setup;

pub use error::Error;
pub use setup::Setup;
