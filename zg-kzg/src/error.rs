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
    /// A blob held a 32-byte field element that is not canonical (not
    /// below the scalar modulus).
    #[error("blob element {index} is not a canonical field element")]
    InvalidBlobElement {
        /// Index of the element in the blob.
        index: usize,
    },
}
