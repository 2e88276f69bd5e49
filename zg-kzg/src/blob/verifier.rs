//! What a storage or signer node runs: one slice, or its whole batch,
//! against the blob's header.

use super::types::{BlobHeader, BlobSlice};
use crate::cells::batch_challenge;
use crate::{CellVerifier, Error, Setup};
use alloc::vec::Vec;
use zg_types::encoding::{self, G1_BYTES};
use zg_types::merkle::SectorSpan;
use zg_types::{G1Affine, Geometry, Scalar};

/// Checks blob slices against a [`BlobHeader`]: the KZG cell proof against
/// the erasure commitment and the Merkle proof against the data root.
///
/// It holds a [`CellVerifier`] (`cols` G1 points and two G2 points) and
/// builds without `std`.
///
/// A slice that verifies is consistent with the header; it cannot show
/// that the commitment and the data root describe the same blob. A slice
/// whose elements are all zero, for instance, is also a slice of `-f`: it
/// verifies against the negated commitment with its proof negated. That
/// the header holds together follows from many nodes verifying their own
/// slices, and from recovery.
#[derive(Clone, Debug)]
pub struct BlobVerifier {
    cells: CellVerifier,
}

impl BlobVerifier {
    /// A verifier around a cell verifier (which fixes the geometry).
    pub const fn new(cells: CellVerifier) -> Self {
        Self { cells }
    }

    /// A verifier for `geometry` taking its points from `setup` (`cols` G1
    /// powers and `cols + 1` G2 powers), with the cell verifier's default
    /// fixed-base table (2 MB at the production geometry); build the
    /// [`CellVerifier`] yourself and use [`BlobVerifier::new`] for a
    /// table-free one.
    pub fn from_setup(geometry: Geometry, setup: &Setup) -> Result<Self, Error> {
        Ok(Self::new(
            CellVerifier::from_setup(geometry, setup)?.with_default_msm_table()?,
        ))
    }

    /// The geometry of the blobs this verifier checks.
    pub fn geometry(&self) -> Geometry {
        self.cells.geometry()
    }

    /// The cell verifier inside.
    pub const fn cell_verifier(&self) -> &CellVerifier {
        &self.cells
    }

    /// Checks that `slice` is slice `index` of the blob `header` describes.
    ///
    /// The checks, in order: the header's geometry is this verifier's
    /// ([`Error::GeometryMismatch`]); the slice carries `index`
    /// ([`Error::SliceIndexMismatch`]); the index is in range and the slice
    /// has `cols` elements ([`Error::CellIndexOutOfRange`],
    /// [`Error::WrongCellLength`]); its bytes are at that index under the
    /// data root ([`Error::SliceNotInDataRoot`]); its KZG proof opens the
    /// commitment on its coset ([`Error::SliceProofInvalid`]).
    pub fn verify_slice(
        &self,
        header: &BlobHeader,
        index: usize,
        slice: &BlobSlice,
    ) -> Result<(), Error> {
        self.check_geometry(header)?;
        if slice.index() != index {
            return Err(Error::SliceIndexMismatch {
                expected: index,
                actual: slice.index(),
            });
        }
        self.check_shape_and_path(header, slice)?;
        if self
            .cells
            .verify_cell(header.commitment(), index, slice.elements(), slice.proof())?
        {
            Ok(())
        } else {
            Err(Error::SliceProofInvalid { index })
        }
    }

    /// Checks a node's batch of slices of one blob (each at the index it
    /// carries): every Merkle proof, then all KZG proofs with one random
    /// linear combination (one 2-pairing check; the challenge is hashed
    /// from the whole batch). On failure the error names the first failing
    /// slice's index; an empty batch verifies.
    pub fn verify_batch(&self, header: &BlobHeader, slices: &[BlobSlice]) -> Result<(), Error> {
        self.check_geometry(header)?;
        // Each slice's bytes are made once: for its Merkle proof and for the
        // batch challenge.
        let checked = |s: &BlobSlice| -> Result<Vec<u8>, Error> {
            self.check_shape(s)?;
            let bytes = s.element_bytes();
            self.check_path(header, s, &bytes)?;
            Ok(bytes)
        };
        #[cfg(feature = "parallel")]
        let bytes: Vec<Vec<u8>> = {
            use rayon::prelude::*;
            slices.par_iter().map(checked).collect::<Result<_, _>>()?
        };
        #[cfg(not(feature = "parallel"))]
        let bytes: Vec<Vec<u8>> = slices.iter().map(checked).collect::<Result<_, _>>()?;
        if slices.is_empty() {
            return Ok(());
        }
        let indices: Vec<usize> = slices.iter().map(BlobSlice::index).collect();
        let cells: Vec<&[Scalar]> = slices.iter().map(BlobSlice::elements).collect();
        let proofs: Vec<G1Affine> = slices.iter().map(|s| *s.proof()).collect();
        let commitment_indices = alloc::vec![0usize; slices.len()];
        // The challenge of `CellVerifier::verify_batch`, hashed from the
        // bytes at hand instead of encoding every element again.
        let proof_bytes: Vec<[u8; G1_BYTES]> = proofs.iter().map(encoding::g1_to_bytes).collect();
        let indices_u64: Vec<u64> = indices.iter().map(|&i| i as u64).collect();
        let r = batch_challenge(
            self.geometry(),
            &[encoding::g1_to_bytes(header.commitment())],
            &alloc::vec![0u64; slices.len()],
            &indices_u64,
            &bytes,
            &proof_bytes,
        );
        let ok = self.cells.verify_batch_with_challenge(
            core::slice::from_ref(header.commitment()),
            &commitment_indices,
            &indices,
            &cells,
            &proofs,
            r,
        )?;
        if ok {
            return Ok(());
        }
        // Find the culprit; if every slice passes alone, the batch is valid.
        for s in slices {
            if !self
                .cells
                .verify_cell(header.commitment(), s.index(), s.elements(), s.proof())?
            {
                return Err(Error::SliceProofInvalid { index: s.index() });
            }
        }
        Ok(())
    }

    fn check_geometry(&self, header: &BlobHeader) -> Result<(), Error> {
        same_geometry(self.geometry(), header.geometry())
    }

    /// Index in range, `cols` elements, and the Merkle proof.
    fn check_shape_and_path(&self, header: &BlobHeader, slice: &BlobSlice) -> Result<(), Error> {
        self.check_shape(slice)?;
        self.check_path(header, slice, &slice.element_bytes())
    }

    /// Index in range and `cols` elements.
    fn check_shape(&self, slice: &BlobSlice) -> Result<(), Error> {
        let geometry = self.geometry();
        let index = slice.index();
        if index >= geometry.slices() {
            return Err(Error::CellIndexOutOfRange {
                index,
                bound: geometry.slices(),
            });
        }
        if slice.elements().len() != geometry.cols() {
            return Err(Error::WrongCellLength {
                index,
                expected: geometry.cols(),
                actual: slice.elements().len(),
            });
        }
        Ok(())
    }

    /// The Merkle proof of a slice whose bytes are `bytes`.
    fn check_path(
        &self,
        header: &BlobHeader,
        slice: &BlobSlice,
        bytes: &[u8],
    ) -> Result<(), Error> {
        let geometry = self.geometry();
        let index = slice.index();
        let span = SectorSpan::slice(&geometry, index)?;
        slice
            .merkle_proof()
            .verify(&header.data_root(), &geometry, &span, bytes)
            .map_err(|source| Error::SliceNotInDataRoot { index, source })
    }
}

/// [`Error::GeometryMismatch`] naming the first parameter in which `found`
/// differs from `expected`.
pub(super) fn same_geometry(expected: Geometry, found: Geometry) -> Result<(), Error> {
    for (what, expected, actual) in [
        ("rows", expected.rows(), found.rows()),
        ("cols", expected.cols(), found.cols()),
        ("families", expected.families(), found.families()),
    ] {
        if expected != actual {
            return Err(Error::GeometryMismatch {
                what,
                expected,
                actual,
            });
        }
    }
    Ok(())
}
