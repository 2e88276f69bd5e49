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
}
