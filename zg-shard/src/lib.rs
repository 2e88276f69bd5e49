//! Shard placement for the zg data-availability crates: who stores which
//! slice, when a blob is certified, how much failure a placement survives,
//! what moves when stakes change, and what a network can take in.
//!
//! - **Storage shards** ([`ShardPosition`], [`Coverage`]): 0G storage nodes
//!   configured `shard_id / num_shards` store the 256 KiB segments `s` with
//!   `s % num_shards == shard_id`.
//! - **DA signer quorums** ([`EpochQuorums`], [`Quorum`], [`QuorumCursor`]):
//!   0G's rule turning stakes and registration signatures into quorums of
//!   3072 slots, one slot per slice; certification at 2/3 of the slots
//!   ([`Certification`]). The rule, where each detail comes from and what
//!   could not be confirmed are written out in the docs of [`EpochQuorums`].
//! - **Fault tolerance** ([`Placement`]): available slices under failures,
//!   the smallest sets (by count and by stake) that can withhold a blob or
//!   certify it alone, and the exact probability of losing a blob under
//!   independent failures.
//! - **Re-staking** ([`slot_moves`], [`HandoffPlan`],
//!   [`rendezvous_placement`]).
//! - **Capacity** ([`linear_capacity`], [`EpochQuorums::write_capacity`]).
//!
//! ```
//! use std::collections::BTreeSet;
//! use zg_shard::{
//!     EpochQuorums, Placement, QuorumParams, ShardPosition, SignerId, SignerRegistration,
//! };
//!
//! // Storage: node 3/8 stores segments 3, 11, 19, ...
//! let node: ShardPosition = "3/8".parse()?;
//! assert!(node.stores_segment(19));
//! let (low, high) = node.split()?;
//! assert_eq!((low.to_string(), high.to_string()), ("3/16".into(), "11/16".into()));
//!
//! // DA quorums: 40 signers with 100 votes each (stake 1000, 10 tokens per vote).
//! let signers: Vec<_> = (0..40u64)
//!     .map(|i| SignerRegistration::new(SignerId::from_u64(i), 1000, i.to_be_bytes()))
//!     .collect();
//! let epoch = EpochQuorums::build(&signers, &QuorumParams::ZG_DEFAULT)?;
//! assert_eq!(epoch.ballots(), 4000);
//! assert_eq!(epoch.len(), 2); // one run of 3072, plus the last 3072 ballots
//! let quorum = epoch.quorum(0)?;
//!
//! // A blob is certified when the signers that signed hold >= 2/3 of the slots.
//! let everyone: BTreeSet<SignerId> = quorum.slot_counts().into_keys().collect();
//! assert!(quorum.certification(&everyone).is_certified());
//!
//! // Which signers could withhold a blob (hold > 3072 - 1024 slots)?
//! let placement = Placement::from_quorum(quorum, 1024)?;
//! let adversary = placement.fewest_to_withhold()?;
//! assert!(adversary.slices > 3072 - 1024);
//! assert!(placement.unrecoverable_probability(0.1)? < 1e-12);
//! # Ok::<(), zg_shard::Error>(())
//! ```
//!
//! # Features
//!
//! - `std` (default): the Monte Carlo estimate and the proportionality
//!   measure, which need `ln` and `sqrt`. Everything else, the exact loss
//!   probability included (additions and multiplications only), builds
//!   without `std` (`no_std` + `alloc`, e.g. for `wasm32-unknown-unknown`).
//!   Rendezvous placement uses an integer fixed-point logarithm, so its
//!   result is identical on every platform; a chain can run it in
//!   consensus.
//! - `parallel`: ballot chains hashed and sorted on the caller's rayon pool.
//! - `serde`: serialisation of the value types.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod capacity;
mod error;
mod fault;
mod quorum;
mod restake;
mod storage;

pub use capacity::{
    LinearCapacity, QuorumCapacity, linear_capacity, linear_scaling_ceiling, per_node_load,
};
pub use error::Error;
#[cfg(feature = "std")]
pub use fault::MonteCarlo;
pub use fault::{NodeSet, Placement};
pub use quorum::{
    Certification, EpochQuorums, MAX_BALLOTS, Quorum, QuorumCursor, QuorumParams, SignerId,
    SignerRegistration,
};
#[cfg(feature = "std")]
pub use restake::proportionality;
pub use restake::{HandoffPlan, Proportionality, SlotMove, rendezvous_placement, slot_moves};
pub use storage::{
    Coverage, SECTOR_BYTES, SECTORS_PER_SEGMENT, SEGMENT_BYTES, SegmentRange, ShardPosition,
};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
