//! The blob decoder: the payload back from any `rows` distinct slices.

use super::types::{BlobHeader, BlobSlice};
use super::verifier::{BlobVerifier, same_geometry};
use crate::Error;
use alloc::vec;
use alloc::vec::Vec;
use zg_erasure::{ReedSolomon, unpack_zg};
use zg_types::{Geometry, Scalar};

/// Recovers payloads from any `rows` distinct slices of a blob, in any mix
/// of coset families. When all `rows` slices of family 0 (the data itself)
/// are among them no decoding is needed; otherwise the column codes are
/// decoded with one erasure locator.
#[derive(Clone, Debug)]
pub struct BlobDecoder {
    erasure: ReedSolomon,
}

impl BlobDecoder {
    /// A decoder for `geometry` (precomputes its domains).
    pub fn new(geometry: Geometry) -> Self {
        Self::with_engine(ReedSolomon::new(geometry))
    }

    /// A decoder around an existing erasure engine.
    pub const fn with_engine(erasure: ReedSolomon) -> Self {
        Self { erasure }
    }

    /// The geometry.
    pub fn geometry(&self) -> Geometry {
        self.erasure.geometry()
    }

    /// Recovers the payload from `slices` without checking their proofs
    /// (for slices already verified, e.g. by the node that stored them).
    ///
    /// Errors: a slice out of range or of the wrong length
    /// ([`Error::CellIndexOutOfRange`], [`Error::WrongCellLength`]), an index
    /// given twice ([`Error::DuplicateCellIndex`]), fewer than `rows` slices
    /// ([`Error::TooFewCells`]); more than `rows` slices that do not fit one
    /// polynomial, or a packed length field out of range, come back as
    /// [`Error::Erasure`].
    pub fn decode(&self, slices: &[BlobSlice]) -> Result<Vec<u8>, Error> {
        let geometry = self.geometry();
        let mut seen = vec![false; geometry.slices()];
        let mut pairs: Vec<(usize, &[Scalar])> = Vec::with_capacity(slices.len());
        for s in slices {
            let index = s.index();
            let slot = seen.get_mut(index).ok_or(Error::CellIndexOutOfRange {
                index,
                bound: geometry.slices(),
            })?;
            if *slot {
                return Err(Error::DuplicateCellIndex { index });
            }
            *slot = true;
            if s.elements().len() != geometry.cols() {
                return Err(Error::WrongCellLength {
                    index,
                    expected: geometry.cols(),
                    actual: s.elements().len(),
                });
            }
            pairs.push((index, s.elements()));
        }
        if pairs.len() < geometry.rows() {
            return Err(Error::TooFewCells {
                needed: geometry.rows(),
                got: pairs.len(),
            });
        }
        let data = self.erasure.recover_data(&pairs).map_err(|e| match e {
            zg_erasure::Error::TooFewSlices { needed, got } => Error::TooFewCells { needed, got },
            zg_erasure::Error::DuplicateSlice { index } => Error::DuplicateCellIndex { index },
            other => Error::Erasure(other),
        })?;
        Ok(unpack_zg(&data, &geometry)?)
    }

    /// Verifies every slice against `header` with `verifier` (one batch
    /// check; the error names the first failing slice, so a slice of
    /// another blob is [`Error::SliceNotInDataRoot`] or
    /// [`Error::SliceProofInvalid`]), then [`decode`](Self::decode)s. A
    /// verifier of another geometry than the decoder's is
    /// [`Error::GeometryMismatch`] (expected: the decoder's).
    pub fn decode_verified(
        &self,
        verifier: &BlobVerifier,
        header: &BlobHeader,
        slices: &[BlobSlice],
    ) -> Result<Vec<u8>, Error> {
        same_geometry(self.geometry(), verifier.geometry())?;
        verifier.verify_batch(header, slices)?;
        self.decode(slices)
    }
}
