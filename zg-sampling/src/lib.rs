//! Data-availability sampling for zg.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod confidence;
mod error;
mod node;
mod podas;
mod sector;
mod select;
mod u256;

pub use confidence::{SampleSpace, SectorDecoder};
pub use error::Error;
pub use node::{NodeSlices, SectorAnswers};
pub use podas::{
    MAX_PODAS_TARGET, PodasBlob, PodasHit, PodasRound, PodasRules, PodasSample, adjust_target,
    check_eligibility, data_quality, line_quality, mine_line, sublines_per_line,
};
pub use sector::SectorSample;
pub use select::{SampleSeed, SectorPosition, select_indices, select_sectors, select_slices};
pub use u256::U256;
