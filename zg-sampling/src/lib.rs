//! Data-availability sampling for zg.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod confidence;
mod error;
mod select;
mod u256;

pub use confidence::{SampleSpace, SectorDecoder};
pub use error::Error;
pub use select::{SampleSeed, SectorPosition, select_indices, select_sectors, select_slices};
pub use u256::U256;
