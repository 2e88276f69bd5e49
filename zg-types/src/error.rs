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
}
