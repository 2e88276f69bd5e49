//! Data-availability sampling for zg: light clients check that a blob is
//! available without downloading it, and storage nodes prove that they still
//! hold the slices they signed for.
//!
//! - **Selection** ([`select_slices`], [`select_sectors`],
//!   [`select_indices`]): `k` distinct, exactly uniform indices from a
//!   32-byte [`SampleSeed`] (keccak-256 in counter mode with rejection
//!   sampling; the byte-level derivation is fixed and documented on
//!   [`select_indices`], with known-answer tests).
//! - **Sample proofs**: a [`SectorSample`] (256 bytes and a Merkle path to
//!   the keccak data root) and a [`SliceSample`] (a whole slice with its KZG
//!   cell proof, checked against the 48-byte erasure commitment with
//!   `zg-kzg`'s [`CellVerifier`](zg_kzg::CellVerifier)). Canonical byte
//!   encodings, checked parsing, and verification errors that name what
//!   failed.
//! - **The prover's side** ([`NodeSlices`]): the slices a node holds, checked
//!   against the data root as they arrive; it answers sector, slice and
//!   `PoDAS` requests for what it holds and lists what it lacks.
//! - **`PoDAS`**, 0G's proof of data-availability sampling: [`line_quality`],
//!   [`data_quality`], [`PodasSample`] (answer, encoding, verification), the
//!   miner ([`NodeSlices::mine`], [`mine_line`]), and 0G's round rules as
//!   pure functions ([`adjust_target`], [`check_eligibility`]), with a
//!   small [`U256`].
//! - **Confidence** ([`SampleSpace`]): the exact probability that an
//!   unavailable blob passes `k` samples, the samples a wanted confidence
//!   needs, and the chance that many light clients together can reconstruct.
//!   All in `core` arithmetic (no `std`, no `libm`).
//!
//! The crate is `no_std` + `alloc` without the default `std` feature;
//! `parallel` scans a node's lines on the caller's rayon pool.
//!
//! ```
//! use zg_sampling::{NodeSlices, SampleSeed, SampleSpace, select_sectors};
//! use zg_types::{DataTree, Geometry};
//!
//! // An encoded blob at 0G's test geometry: 192 slices of 1 KiB.
//! let geometry = Geometry::ZG_TEST;
//! let slices: Vec<Vec<u8>> = (0..geometry.slices())
//!     .map(|s| vec![s as u8; geometry.slice_bytes()])
//!     .collect();
//! let tree = DataTree::new(geometry, &slices)?;
//!
//! // A storage node holding the first coset family.
//! let node = NodeSlices::from_tree(&tree, &slices, 0..geometry.rows())?;
//!
//! // A light client picks 16 sectors from its own seed and checks the answers
//! // against the data root alone.
//! let asked = select_sectors(&SampleSeed::new([7; 32]), &geometry, 16)?;
//! let answers = node.answer_sectors(&asked)?;
//! for sample in &answers.samples {
//!     sample.verify(&geometry, &tree.root(), sample.position())?;
//! }
//! // The node says which samples it cannot give (slices it does not hold).
//! assert_eq!(answers.samples.len() + answers.missing.len(), 16);
//! assert!(answers.missing.iter().all(|p| p.slice >= geometry.rows()));
//!
//! // How sure is a client after 16 slice samples? An adversary must withhold
//! // 129 of the 192 slices to block recovery; passing all 16 anyway has
//! // probability about 4.3e-9.
//! let space = SampleSpace::slices(&geometry);
//! assert!(space.undetected_probability(16)? < 5e-9);
//! assert_eq!(space.samples_for(1e-9)?, 18);
//! # Ok::<(), zg_sampling::Error>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod confidence;
mod error;
mod node;
mod podas;
mod sector;
mod select;
mod slice;
mod u256;

pub use confidence::{SampleSpace, SectorDecoder};
pub use error::Error;
pub use node::{NodeSlices, SectorAnswers, SliceAnswers};
pub use podas::{
    MAX_PODAS_TARGET, PodasBlob, PodasHit, PodasRound, PodasRules, PodasSample, adjust_target,
    check_eligibility, data_quality, line_quality, mine_line, sublines_per_line,
};
pub use sector::SectorSample;
pub use select::{SampleSeed, SectorPosition, select_indices, select_sectors, select_slices};
pub use slice::SliceSample;
pub use u256::U256;
