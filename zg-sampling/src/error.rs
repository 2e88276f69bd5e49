use thiserror::Error;

/// Errors of `zg-sampling`, each carrying the numbers that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A geometry, encoding or Merkle failure reported by `zg-types`
    /// (wrong lengths, indices out of range, a Merkle path that does not
    /// reach the data root...).
    #[error(transparent)]
    Types(#[from] zg_types::Error),
    /// A KZG failure reported by `zg-kzg` (a malformed point, a cell index
    /// or length that does not fit the verifier's geometry).
    #[error(transparent)]
    Kzg(#[from] zg_kzg::Error),
    /// More distinct samples were asked for than the population holds.
    #[error("cannot draw {wanted} distinct samples from a population of {population}")]
    TooManySamples {
        /// Samples asked for.
        wanted: u64,
        /// Size of the population.
        population: u64,
    },
    /// A sample space was described with numbers that do not fit together
    /// (an empty population, or more units needed than exist).
    #[error("invalid sample space: {units} units of which {needed} recover the blob ({reason})")]
    InvalidSampleSpace {
        /// Units (slices or sectors) in the blob.
        units: u64,
        /// Units that suffice to recover it.
        needed: u64,
        /// Which rule the numbers break.
        reason: &'static str,
    },
    /// A probability argument was not a number in the allowed range.
    #[error("{what} must be a probability in {range}")]
    InvalidProbability {
        /// Which argument.
        what: &'static str,
        /// The allowed range, in words.
        range: &'static str,
    },
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
    /// An index was not below its bound.
    #[error("{what} index {index} out of range (must be below {bound})")]
    IndexOutOfRange {
        /// What the index counts.
        what: &'static str,
        /// The index that was given.
        index: u64,
        /// The exclusive upper bound.
        bound: u64,
    },
    /// A sample answers a different position than the one asked for.
    #[error("the sample is for {what} {actual}, but {expected} was asked for")]
    WrongPosition {
        /// `"slice"`, `"sector"`, `"line"` or `"subline"`.
        what: &'static str,
        /// The position that was asked for.
        expected: u64,
        /// The position the sample carries.
        actual: u64,
    },
    /// A node was asked for a sample of a slice it does not hold.
    #[error("slice {slice} is not held, so its sample cannot be produced")]
    MissingSlice {
        /// The slice that is missing.
        slice: usize,
    },
    /// A node holds a slice but not its KZG cell proof, so it cannot answer
    /// a slice sample for it.
    #[error("slice {slice} is held without its KZG cell proof")]
    MissingCellProof {
        /// The slice whose proof is missing.
        slice: usize,
    },
    /// The geometry's slices cannot be cut into 1024-byte `PoDAS` sublines.
    #[error(
        "PoDAS needs slices of a whole number of 1024-byte sublines; this geometry's slices have {slice_bytes} bytes"
    )]
    NoSublines {
        /// Bytes in one slice of the geometry.
        slice_bytes: usize,
    },
    /// The sample answers another round's seed.
    #[error("the sample answers a different seed than the round's")]
    SeedMismatch,
    /// The all-zero seed is not a valid `PoDAS` seed (0G rejects it).
    #[error("the PoDAS sample seed must not be all zero")]
    ZeroSeed,
    /// Line quality plus data quality does not fit in 256 bits (0G rejects
    /// such a response rather than wrapping).
    #[error("line quality + data quality overflows 256 bits")]
    QualityOverflow,
    /// The sample's quality is above the round's target.
    #[error("the sample's quality is above the target")]
    QualityAboveTarget,
    /// A `PoDAS` rule that a submission breaks, with the numbers involved.
    #[error("not eligible: {rule} (value {value}, limit {limit})")]
    NotEligible {
        /// The rule, in words.
        rule: &'static str,
        /// The submission's value for the rule.
        value: u64,
        /// The limit the rule sets.
        limit: u64,
    },
    /// The slice's KZG cell proof does not open the erasure commitment to
    /// the slice's elements.
    #[error("the KZG cell proof of slice {slice} does not verify against the commitment")]
    CellProofInvalid {
        /// The slice whose proof failed.
        slice: usize,
    },
}

/// `index` as the `u32` of the wire formats, or [`Error::IndexOutOfRange`]
/// naming `what`.
pub(crate) fn narrow_to_u32(what: &'static str, index: usize) -> Result<u32, Error> {
    u32::try_from(index).map_err(|_| Error::IndexOutOfRange {
        what,
        index: index as u64,
        bound: 1 << 32,
    })
}
