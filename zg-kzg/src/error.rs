use thiserror::Error;

/// Errors of `zg-kzg`, each carrying the numbers that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// Bytes that should encode a scalar or a point did not.
    #[error(transparent)]
    Encoding(#[from] zg_types::Error),
    /// A setup was malformed: wrong sizes, or powers that do not share one tau.
    #[error("invalid setup: {reason}")]
    InvalidSetup {
        /// Which rule the setup breaks.
        reason: &'static str,
    },
    /// A setup's text or JSON form could not be read.
    #[error("setup format error at line {line}: {reason}")]
    SetupFormat {
        /// One-based line (0 where no line applies).
        line: usize,
        /// What was wrong.
        reason: &'static str,
    },
    /// A parameter was outside the range the operation supports.
    #[error("{what} = {value} is outside {min}..={max}")]
    InvalidParameter {
        /// Which parameter.
        what: &'static str,
        /// The value that was given.
        value: usize,
        /// Smallest accepted value.
        min: usize,
        /// Largest accepted value.
        max: usize,
    },
    /// A count that must be a power of two is not.
    #[error("{what} = {count} is not a power of two")]
    NotPowerOfTwo {
        /// What was counted.
        what: &'static str,
        /// The count given.
        count: usize,
    },
    /// Inputs had the wrong length or count.
    #[error("wrong length of {what}: expected {expected}, got {actual}")]
    LengthMismatch {
        /// What was measured.
        what: &'static str,
        /// The length required.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// A setup holds fewer powers than the operation needs.
    #[error("setup too small: {what}: need {needed}, have {available}")]
    SetupTooSmall {
        /// Which powers.
        what: &'static str,
        /// Powers needed.
        needed: usize,
        /// Powers available.
        available: usize,
    },
    /// A cell of the wrong number of elements (or bytes).
    #[error("cell {index} has the wrong length: expected {expected}, got {actual}")]
    WrongCellLength {
        /// The cell's index.
        index: usize,
        /// The length a cell must have.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// A cell index beyond the last cell of the geometry.
    #[error("cell index {index} is out of range (there are {bound} cells)")]
    CellIndexOutOfRange {
        /// The index given.
        index: usize,
        /// The number of cells.
        bound: usize,
    },
    /// A commitment index beyond the list of commitments.
    #[error("commitment index {index} is out of range (there are {bound} commitments)")]
    CommitmentIndexOutOfRange {
        /// The index given.
        index: usize,
        /// The number of commitments.
        bound: usize,
    },
    /// The same cell index was given twice.
    #[error("cell {index} was given more than once")]
    DuplicateCellIndex {
        /// The repeated index.
        index: usize,
    },
    /// Cell indices not in strictly increasing order where the EIP-7594
    /// facade requires it.
    #[error("cell indices not increasing: index {index} at position {position}")]
    UnsortedCellIndices {
        /// Position in the list.
        position: usize,
        /// The index found there.
        index: usize,
    },
    /// Fewer distinct cells than recovery needs.
    #[error("too few cells to recover: need {needed}, got {got}")]
    TooFewCells {
        /// Cells needed (`rows`).
        needed: usize,
        /// Cells given.
        got: usize,
    },
    /// A prover whose FK20 tables were imported
    /// ([`CellProver::with_tables`](crate::CellProver::with_tables))
    /// computed a point outside G1, so the tables hold a point outside the
    /// prime-order subgroup (the import checks every point's curve
    /// equation and the tables' match with the setup, not every point's
    /// subgroup). Nothing was returned; build or export the tables again.
    #[error(
        "imported FK20 tables hold a point outside G1: the {what} at {index} left the prime-order subgroup"
    )]
    TablesOutsideSubgroup {
        /// `"proof"` or `"commitment"`.
        what: &'static str,
        /// The proof's slice index (0 for the commitment).
        index: usize,
    },
    /// More cells than the geometry has.
    #[error("too many cells: at most {max}, got {got}")]
    TooManyCells {
        /// The number of cells of the geometry.
        max: usize,
        /// Cells given.
        got: usize,
    },
    /// The erasure code rejected the input (see the inner error).
    #[error(transparent)]
    Erasure(#[from] zg_erasure::Error),
    /// A blob held a 32-byte field element that is not canonical (not
    /// below the scalar modulus).
    #[error("blob element {index} is not a canonical field element")]
    InvalidBlobElement {
        /// Index of the element in the blob.
        index: usize,
    },
    /// A blob slice whose KZG proof does not open the commitment on the
    /// slice's coset: the slice is corrupt or belongs to another blob.
    #[error("slice {index}: the KZG proof does not match the commitment")]
    SliceProofInvalid {
        /// The slice's index.
        index: usize,
    },
    /// A blob slice whose bytes are not where its Merkle proof says in the
    /// blob's data root.
    #[error("slice {index} is not in the data root: {source}")]
    SliceNotInDataRoot {
        /// The slice's index.
        index: usize,
        /// The failed Merkle check.
        source: zg_types::Error,
    },
    /// A blob slice presented for one index carries another.
    #[error("slice carries index {actual}, expected {expected}")]
    SliceIndexMismatch {
        /// The index the caller expected.
        expected: usize,
        /// The index the slice carries.
        actual: usize,
    },
    /// A header, slice or FK20 table made for another geometry.
    #[error("{what} mismatch: expected {expected}, got {actual}")]
    GeometryMismatch {
        /// Which parameter differs (`"rows"`, `"cols"`, `"families"`).
        what: &'static str,
        /// The value of the geometry asked for (the verifier's, decoder's or
        /// prover's).
        expected: usize,
        /// The value found.
        actual: usize,
    },
    /// A blob slice held a 32-byte element that is not a canonical field
    /// element.
    #[error("slice {index}, element {element} is not a canonical field element")]
    InvalidSliceElement {
        /// The slice's index.
        index: usize,
        /// Position of the element in the slice.
        element: usize,
    },
}

impl Error {
    /// `Ok` when every `(what, length)` of `lists` has `expected` entries,
    /// else a [`Error::LengthMismatch`] naming the first list that does not:
    /// the check every function over parallel lists starts with.
    pub(crate) fn check_lengths<const K: usize>(
        expected: usize,
        lists: [(&'static str, usize); K],
    ) -> Result<(), Error> {
        match lists.into_iter().find(|&(_, len)| len != expected) {
            Some((what, actual)) => Err(Error::LengthMismatch {
                what,
                expected,
                actual,
            }),
            None => Ok(()),
        }
    }
}
