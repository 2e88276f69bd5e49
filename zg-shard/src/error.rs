use thiserror::Error;

/// Errors of `zg-shard`, each carrying the numbers that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A shard position's text was not of the form `"id/n"`.
    #[error("shard position {text:?} is not of the form \"id/n\"")]
    MalformedShardPosition {
        /// The text that was given (cut to 64 bytes).
        text: alloc::string::String,
    },
    /// A shard count of zero or one that is not a power of two.
    #[error("shard count {num_shards} is not a power of two")]
    ShardCountNotPowerOfTwo {
        /// The count that was given.
        num_shards: u64,
    },
    /// A shard id at or above the shard count.
    #[error("shard id {shard_id} is out of range for {num_shards} shards")]
    ShardIdOutOfRange {
        /// The id that was given.
        shard_id: u64,
        /// The shard count (ids must be below it).
        num_shards: u64,
    },
    /// Two shard positions that are not the halves of one shard.
    #[error("shard positions {first} and {second} are not the two halves of one shard")]
    NotSiblings {
        /// The first position, as text.
        first: alloc::string::String,
        /// The second position, as text.
        second: alloc::string::String,
    },
    /// A shard that cannot be split further without overflowing the count.
    #[error("shard count {num_shards} cannot be doubled")]
    CannotSplit {
        /// The count that would overflow.
        num_shards: u64,
    },
    /// A byte range whose end lies before its start.
    #[error("byte range {start}..{end} ends before it starts")]
    InvalidRange {
        /// Start (inclusive).
        start: u64,
        /// End (exclusive).
        end: u64,
    },
    /// The flow holds no segment of this node's shard to recall from.
    #[error(
        "no segment of shard {shard_id}/{num_shards} lies in a flow of {segments} whole segments"
    )]
    NothingToRecall {
        /// The node's shard id.
        shard_id: u64,
        /// The node's shard count.
        num_shards: u64,
        /// Whole segments in the flow.
        segments: u64,
    },
    /// A parameter that must be non-zero was zero.
    #[error("parameter {what} must be non-zero")]
    ZeroParameter {
        /// Which parameter.
        what: &'static str,
    },
    /// The same signer id appeared twice in a signer list.
    #[error("signer at index {index} repeats the id of the signer at index {first}")]
    DuplicateSigner {
        /// Index of the repeated entry.
        index: usize,
        /// Index of its first occurrence.
        first: usize,
    },
    /// A list was longer than this crate's index types allow.
    #[error("{what}: {got} entries, at most {max} are supported")]
    TooMany {
        /// What was counted.
        what: &'static str,
        /// The count that was given (a `u64`, so that a total the target's
        /// `usize` cannot hold is still reported exactly).
        got: u64,
        /// The largest supported count.
        max: usize,
    },
    /// An index at or above its bound.
    #[error("{what} index {index} is out of range (bound {bound})")]
    IndexOutOfRange {
        /// What was indexed.
        what: &'static str,
        /// The index that was given.
        index: usize,
        /// The number of entries.
        bound: usize,
    },
    /// A byte string of the wrong length.
    #[error("wrong length for {what}: expected {expected}, got {actual}")]
    WrongLength {
        /// What was being read.
        what: &'static str,
        /// The required length.
        expected: usize,
        /// The given length.
        actual: usize,
    },
    /// A quorum bitmap that marks some slots of a signer and not others.
    #[error("bitmap marks slot {marked} of a signer but not its slot {unmarked}")]
    InconsistentBitmap {
        /// A slot of the signer whose bit is set.
        marked: usize,
        /// A slot of the same signer whose bit is clear.
        unmarked: usize,
    },
    /// A hand-off listed the same slot twice.
    #[error("slot {slot} is moved twice")]
    DuplicateSlot {
        /// The repeated slot.
        slot: usize,
    },
    /// The epoch has no quorum to choose from.
    #[error("the epoch has no quorums")]
    NoQuorums,
    /// Fewer slices exist than are needed to recover, so no threshold question
    /// has an answer.
    #[error("too few slices: {needed} needed, {got} placed")]
    TooFewSlices {
        /// Slices needed.
        needed: usize,
        /// Slices placed.
        got: usize,
    },
    /// Two placements of different sizes were compared.
    #[error("placements differ in size: {expected} slots against {actual}")]
    SizeMismatch {
        /// Slots of the first placement.
        expected: usize,
        /// Slots of the second.
        actual: usize,
    },
    /// A probability outside `[0, 1]` (or not a number).
    #[error("probability must lie in [0, 1]")]
    InvalidProbability,
    /// A hand-off plan was asked to keep more slices available than exist.
    #[error("cannot keep {needed} slices available while moving: only {total} exist")]
    NoRoomToMove {
        /// Slices that must stay available at every step.
        needed: usize,
        /// Slices in the placement.
        total: usize,
    },
}
