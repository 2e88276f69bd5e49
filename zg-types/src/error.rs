use crate::store::{BlobId, NodeId};
use alloc::string::String;
use thiserror::Error;

/// Errors of `zg-types`: malformed bytes, invalid geometries and failed
/// Merkle checks, each with the numbers that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A byte string had the wrong length.
    #[error("wrong length for {what}: expected {expected} bytes, got {actual}")]
    WrongLength {
        /// What was being parsed.
        what: &'static str,
        /// The length the encoding requires.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// A 32-byte scalar encoded a value that is not below the field modulus.
    #[error("scalar is not canonical: its value is not below the BLS12-381 scalar modulus")]
    NonCanonicalScalar,
    /// A point encoding was malformed: bad flags, a coordinate not below the
    /// base-field modulus, or a non-zero payload for the point at infinity.
    #[error("{group} point encoding is not canonical: {reason}")]
    NonCanonicalPoint {
        /// `"G1"` or `"G2"`.
        group: &'static str,
        /// Which rule the bytes break.
        reason: &'static str,
    },
    /// A point encoding decoded to coordinates that are not on the curve.
    #[error("{group} point is not on the curve")]
    PointNotOnCurve {
        /// `"G1"` or `"G2"`.
        group: &'static str,
    },
    /// A point is on the curve but outside the prime-order subgroup.
    #[error("{group} point is not in the prime-order subgroup")]
    PointNotInSubgroup {
        /// `"G1"` or `"G2"`.
        group: &'static str,
    },
    /// A geometry was asked for with parameters that do not fit together.
    #[error("invalid geometry ({rows} rows x {cols} columns, {families} families): {reason}")]
    InvalidGeometry {
        /// Requested rows (slices needed to recover).
        rows: usize,
        /// Requested columns (elements per slice).
        cols: usize,
        /// Requested coset families (extension factor).
        families: usize,
        /// Which rule the parameters break.
        reason: &'static str,
    },
    /// A collection had the wrong number of items (slices, slice roots,
    /// family roots or path siblings of a proof).
    #[error("wrong count of {what}: expected {expected}, got {actual}")]
    WrongCount {
        /// What was being counted.
        what: &'static str,
        /// The count the geometry requires.
        expected: usize,
        /// The count that was given.
        actual: usize,
    },
    /// One slice of a set had the wrong number of bytes.
    #[error("slice {slice} has {actual} bytes, expected {expected}")]
    SliceWrongLength {
        /// Index of the offending slice.
        slice: usize,
        /// `geometry.slice_bytes()`.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// An index was not below its bound.
    #[error("{what} index {index} out of range (must be below {bound})")]
    IndexOutOfRange {
        /// What the index counts (`"slice"`, `"sector"`, `"subline"`...).
        what: &'static str,
        /// The index that was given.
        index: usize,
        /// The exclusive upper bound.
        bound: usize,
    },
    /// A run of sectors that a Merkle proof cannot cover: the length is not
    /// a power of two, the start is not a multiple of the length, or the run
    /// leaves its slice.
    #[error(
        "sector run {first_sector}..+{sectors} is not an aligned power-of-two run inside a slice of {sectors_per_slice} sectors"
    )]
    InvalidSpan {
        /// First sector of the run, counted inside the slice.
        first_sector: usize,
        /// Sectors in the run.
        sectors: usize,
        /// Sectors in one slice of the geometry.
        sectors_per_slice: usize,
    },
    /// The data did not hash to the root of its slice that the data tree
    /// holds (proving from the wrong slice bytes).
    #[error("the bytes given for slice {slice} do not hash to its root in the data tree")]
    SliceRootMismatch {
        /// Index of the slice.
        slice: usize,
    },
    /// The proven data and path hash to a family root other than the one
    /// the proof carries: the data, the path or the position is wrong.
    #[error("data and path do not hash to the proof's root of coset family {family}")]
    FamilyRootMismatch {
        /// The coset family of the proven slice.
        family: usize,
    },
    /// The proof's family roots do not fold to the expected blob root.
    #[error("the proof's family roots do not hash to the expected blob data root")]
    BlobRootMismatch,
    /// A byte range does not lie inside a slice.
    #[error("byte range {start}..{end} does not lie inside a slice of {slice_len} bytes")]
    RangeOutOfSlice {
        /// Start of the requested range.
        start: usize,
        /// End (exclusive) of the requested range.
        end: usize,
        /// Bytes in the slice.
        slice_len: usize,
    },
    /// A transport does not know the node addressed.
    #[error("unknown node {node}")]
    UnknownNode {
        /// The node addressed.
        node: NodeId,
    },
    /// A transport knows the node but cannot reach it now.
    #[error("node {node} is unreachable")]
    NodeUnreachable {
        /// The node addressed.
        node: NodeId,
    },
    /// A store or transport backend failed for a reason of its own (I/O,
    /// a lock, a remote error), described in words.
    #[error("storage backend failed for blob {blob}: {reason}")]
    Backend {
        /// The blob being accessed.
        blob: BlobId,
        /// The backend's description of the failure.
        reason: String,
    },
}
