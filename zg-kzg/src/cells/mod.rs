//! Cells (slices) and their proofs: FK20, verification, recovery.
//!
//! - [`CellProver`]: computes cells ([`CellProver::cells`], the cheap path),
//!   all proofs of all families with FK20 ([`CellProver::proofs`],
//!   [`CellProver::cells_and_proofs`]), one proof by direct division
//!   ([`CellProver::cell_proof`]), and recovers all cells and proofs from any
//!   `rows` distinct cells ([`CellProver::recover_cells_and_proofs`]).
//! - [`CellVerifier`]: checks one cell ([`CellVerifier::verify_cell`]) or a
//!   batch from many commitments with one 2-pairing check
//!   ([`CellVerifier::verify_batch`]). It holds `cols` G1 powers and two G2
//!   points, and builds without `std`.
//! - [`batch_challenge`]: the batch's Fiat-Shamir challenge, byte for byte
//!   EIP-7594's `compute_verify_cell_kzg_proof_batch_challenge`.
//!
//! The layout, costs, memory and an example: [`CellProver`].

mod challenge;
mod fft;
mod fk20;
mod g1mul;
mod msm;
mod tables;
mod verifier;

pub use challenge::batch_challenge;
pub use verifier::CellVerifier;
pub use zg_erasure::Slices;

use crate::{Error, Setup};
use alloc::vec::Vec;
use fk20::Fk20;
use zg_erasure::ReedSolomon;
use zg_types::curve::CurveGroup;
use zg_types::{G1Affine, Geometry, Scalar};

/// How much a [`CellProver`] precomputes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProverOptions {
    table_width: u32,
}

impl ProverOptions {
    /// No fixed-base tables: only the SRS FFTs (`2N` points) are kept.
    pub const fn new() -> Self {
        Self { table_width: 0 }
    }

    /// Keeps `2^(width-1)` multiples of every SRS-FFT point, so FK20's MSMs
    /// need no bucket sorting (`width` 0 or 1: none; at most 12). Memory:
    /// `2N * 2^(width-1) * 96` bytes, in place of the `2N` points.
    #[must_use]
    pub const fn with_table_width(mut self, width: u32) -> Self {
        self.table_width = width;
        self
    }

    /// The fixed-base table width (0: no tables).
    pub const fn table_width(&self) -> u32 {
        self.table_width
    }
}

/// Computes, proves and recovers the cells of one [`Geometry`] under one
/// setup.
///
/// A [`Geometry`] fixes how a polynomial `f` of `N = rows * cols`
/// coefficients is cut into `rows * families` cells of `cols` evaluations
/// each, every cell a coset `shift * H` of the order-`cols` subgroup (see
/// [`Geometry`]'s index convention; for [`Geometry::ETHEREUM`] these are
/// exactly EIP-7594's cells). A cell's **proof** is the KZG multi-point
/// opening on its coset: `[q(tau)]G1` with
/// `q = (f - I) / (X^cols - shift^cols)` and `I` the cell's interpolant.
///
/// Data (the blob) is family 0 in the layout of [`zg_erasure::ReedSolomon`]:
/// evaluations on the order-`N` subgroup in bit-reversed order. Coefficients
/// are monomial, natural order. Cells come back as [`Slices`]; proofs as one
/// `Vec<G1Affine>` in cell order.
///
/// # Cost and memory
///
/// FK20 precomputes, per setup, the FFTs of the SRS: `2N` G1 points
/// (`N * 208` bytes as affine points; Ethereum: 0.85 MB, 0G production
/// with `N = 2^20`: 218 MB), computed with `cols` G1 FFTs of size
/// `2 * rows` (`N log2(2 rows)` G1 scalar multiplications: about a second
/// for Ethereum, and minutes for `N = 2^20`, spread over the caller's rayon
/// pool with `parallel`; build the prover once). With
/// [`ProverOptions::table_width`] `w >= 2` each of those points is kept as
/// its `2^(w-1)` multiples `P, 2P, ...` instead, as bare coordinates
/// (`2N * 2^(w-1) * 96` bytes: 96 MiB for Ethereum at `w = 8`; not meant
/// for `N = 2^20`). Proving then costs `2 rows` MSMs of
/// `cols` terms, one G1 inverse FFT of size `2 rows` and one G1 FFT of size
/// `rows` per family.
///
/// ```
/// # fn main() -> Result<(), zg_kzg::Error> {
/// use zg_kzg::{CellProver, Setup};
/// use zg_types::{Geometry, Scalar};
///
/// let geometry = Geometry::new(8, 8, 2)?; // 64 elements, 16 cells of 8
/// let setup = Setup::insecure_from_seed(b"doc", 64, 9)?;
/// let prover = CellProver::new(geometry, &setup)?;
/// let data: Vec<Scalar> = (0..64u64).map(Scalar::from).collect();
/// let (cells, proofs) = prover.cells_and_proofs(&data)?;
/// let commitment = prover.commit_data(&data)?;
///
/// let verifier = prover.verifier();
/// let cell = cells.slice(11).unwrap_or_default();
/// assert!(verifier.verify_cell(&commitment, 11, cell, &proofs[11])?);
///
/// // Any 8 cells bring all of them back.
/// let some: Vec<(usize, &[Scalar])> =
///     (8..16).map(|i| (i, cells.slice(i).unwrap_or_default())).collect();
/// let (recovered, recovered_proofs) = prover.recover_cells_and_proofs(&some)?;
/// assert_eq!(recovered, cells);
/// assert_eq!(recovered_proofs, proofs);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct CellProver {
    geometry: Geometry,
    erasure: ReedSolomon,
    fk20: Fk20,
    g1_monomial: Vec<G1Affine>,
    verifier: CellVerifier,
    /// The SRS FFTs came from [`with_tables`](Self::with_tables): every
    /// point FK20 computes from them is checked for the subgroup before it
    /// is returned.
    imported_tables: bool,
}

impl CellProver {
    /// A prover with [`ProverOptions::new`] (no fixed-base tables).
    pub fn new(geometry: Geometry, setup: &Setup) -> Result<Self, Error> {
        Self::with_options(geometry, setup, ProverOptions::new())
    }

    /// A prover for `geometry`, which needs a setup of at least `N` G1
    /// powers and `cols + 1` G2 powers.
    pub fn with_options(
        geometry: Geometry,
        setup: &Setup,
        options: ProverOptions,
    ) -> Result<Self, Error> {
        Self::assemble(geometry, setup, options, |g1_monomial| {
            Ok(Fk20::new(geometry, g1_monomial, options.table_width))
        })
    }

    /// Checks the setup and options, then builds the prover around the FK20
    /// state that `fk20` makes from the setup's first `N` G1 powers (computed
    /// with G1 FFTs, derived from tau, or imported).
    fn assemble(
        geometry: Geometry,
        setup: &Setup,
        options: ProverOptions,
        fk20: impl FnOnce(&[G1Affine]) -> Result<Fk20, Error>,
    ) -> Result<Self, Error> {
        let n = geometry.elements();
        let g1_monomial = setup.g1_monomial().get(..n).ok_or(Error::SetupTooSmall {
            what: "G1 powers (rows * cols)",
            needed: n,
            available: setup.len(),
        })?;
        if options.table_width > msm::FixedBases::MAX_WIDTH {
            return Err(Error::InvalidParameter {
                what: "table width",
                value: options.table_width as usize,
                min: 0,
                max: msm::FixedBases::MAX_WIDTH as usize,
            });
        }
        let fk20 = fk20(g1_monomial)?;
        let verifier = CellVerifier::from_setup(geometry, setup)?.with_default_msm_table()?;
        Ok(Self {
            geometry,
            erasure: ReedSolomon::new(geometry),
            fk20,
            g1_monomial: g1_monomial.to_vec(),
            verifier,
            imported_tables: false,
        })
    }

    /// The geometry this prover serves.
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// The verifier of the same geometry and setup.
    pub fn verifier(&self) -> &CellVerifier {
        &self.verifier
    }

    /// The erasure code of the geometry.
    pub fn erasure(&self) -> &ReedSolomon {
        &self.erasure
    }

    /// Bytes held by FK20's precomputed points (SRS FFTs and tables).
    pub fn precomputation_bytes(&self) -> usize {
        self.fk20.memory_bytes()
    }

    /// Commitment `[f(tau)]G1` of the polynomial with monomial
    /// `coefficients` (at most `N`).
    pub fn commit(&self, coefficients: &[Scalar]) -> Result<G1Affine, Error> {
        let bases = self
            .g1_monomial
            .get(..coefficients.len())
            .ok_or(Error::LengthMismatch {
                what: "coefficients (at most rows * cols)",
                expected: self.geometry.elements(),
                actual: coefficients.len(),
            })?;
        Ok(crate::msm::msm(bases, coefficients).into_affine())
    }

    /// Commitment of the polynomial whose family-0 evaluations are `data`.
    pub fn commit_data(&self, data: &[Scalar]) -> Result<G1Affine, Error> {
        self.commit(&self.erasure.data_to_coefficients(data)?)
    }

    /// All cells of the polynomial whose evaluations (family 0, `N`
    /// elements) are `data`; family 0 is `data` itself.
    pub fn cells(&self, data: &[Scalar]) -> Result<Slices, Error> {
        Ok(self.erasure.extend(data)?)
    }

    /// All cells of the polynomial with monomial `coefficients`.
    pub fn cells_from_coefficients(&self, coefficients: &[Scalar]) -> Result<Slices, Error> {
        Ok(self.erasure.coefficients_to_slices(coefficients)?)
    }

    /// The proofs of all cells (in cell order) of the polynomial with
    /// monomial `coefficients` (at most `N`), by FK20.
    pub fn proofs(&self, coefficients: &[Scalar]) -> Result<Vec<G1Affine>, Error> {
        Ok(self.proofs_and_commitment(coefficients)?.0)
    }

    /// The proofs of all cells and the commitment of the polynomial with
    /// monomial `coefficients` (at most `N`): FK20's convolution holds the
    /// commitment as one more entry, so it costs no MSM of its own.
    pub(crate) fn proofs_and_commitment(
        &self,
        coefficients: &[Scalar],
    ) -> Result<(Vec<G1Affine>, G1Affine), Error> {
        self.check_coefficients(coefficients)?;
        self.checked_fk20(coefficients)
    }

    /// FK20's proofs and commitment; with imported tables, only once every
    /// point passed the subgroup check. The import cannot rule out a table
    /// point with a small-order component (see `cells::tables`); FK20 is
    /// linear, so such a component reaches the outputs, and checking them
    /// (about 50 us per point, 0.15 s for 0G's 3072 proofs on one core)
    /// keeps this prover from ever returning a proof that verifiers reject.
    fn checked_fk20(&self, coefficients: &[Scalar]) -> Result<(Vec<G1Affine>, G1Affine), Error> {
        let (proofs, commitment) = self.fk20.proofs_and_commitment(coefficients);
        if self.imported_tables {
            let valid = zg_types::encoding::g1_is_valid;
            #[cfg(feature = "parallel")]
            let bad = {
                use rayon::prelude::*;
                proofs.par_iter().position_first(|p| !valid(p))
            };
            #[cfg(not(feature = "parallel"))]
            let bad = proofs.iter().position(|p| !valid(p));
            if let Some(index) = bad {
                return Err(Error::TablesOutsideSubgroup {
                    what: "proof",
                    index,
                });
            }
            if !valid(&commitment) {
                return Err(Error::TablesOutsideSubgroup {
                    what: "commitment",
                    index: 0,
                });
            }
        }
        Ok((proofs, commitment))
    }

    /// All cells and all proofs of the polynomial whose evaluations are
    /// `data` (family 0, `N` elements).
    pub fn cells_and_proofs(&self, data: &[Scalar]) -> Result<(Slices, Vec<G1Affine>), Error> {
        let coefficients = self.erasure.data_to_coefficients(data)?;
        self.cells_and_proofs_from_coefficients(&coefficients)
    }

    /// All cells and all proofs of the polynomial with monomial
    /// `coefficients`.
    pub fn cells_and_proofs_from_coefficients(
        &self,
        coefficients: &[Scalar],
    ) -> Result<(Slices, Vec<G1Affine>), Error> {
        self.check_coefficients(coefficients)?;
        #[cfg(feature = "parallel")]
        let (cells, proofs) = rayon::join(
            || self.erasure.coefficients_to_slices(coefficients),
            || self.checked_fk20(coefficients),
        );
        #[cfg(not(feature = "parallel"))]
        let (cells, proofs) = (
            self.erasure.coefficients_to_slices(coefficients),
            self.checked_fk20(coefficients),
        );
        Ok((cells?, proofs?.0))
    }

    /// The proof of cell `index` alone, by dividing by the coset's vanishing
    /// polynomial `X^cols - shift^cols`: `O(N)` field work and one MSM of
    /// `N - cols` terms. FK20 computes all proofs for little more.
    pub fn cell_proof(&self, coefficients: &[Scalar], index: usize) -> Result<G1Affine, Error> {
        self.check_coefficients(coefficients)?;
        let bound = self.geometry.slices();
        if index >= bound {
            return Err(Error::CellIndexOutOfRange { index, bound });
        }
        let cols = self.geometry.cols();
        let a = zg_types::curve::Field::pow(&self.geometry.coset_shift(index), [cols as u64]);
        // Long division by X^cols - a, from the top.
        let mut rem = coefficients.to_vec();
        let mut quotient = alloc::vec![Scalar::from(0u64); rem.len().saturating_sub(cols)];
        for j in (cols..rem.len()).rev() {
            let c = rem[j];
            quotient[j - cols] = c;
            rem[j - cols] += a * c;
        }
        Ok(crate::msm::msm(&self.g1_monomial, &quotient).into_affine())
    }

    /// The monomial coefficients of the polynomial, from any `rows` or more
    /// distinct cells given as `(index, cell)` in any order. Recovery does
    /// not authenticate cells: verify their proofs first.
    pub fn recover_coefficients<S: AsRef<[Scalar]> + Sync>(
        &self,
        cells: &[(usize, S)],
    ) -> Result<Vec<Scalar>, Error> {
        let max = self.geometry.slices();
        if cells.len() > max {
            return Err(Error::TooManyCells {
                max,
                got: cells.len(),
            });
        }
        self.erasure
            .recover_coefficients(cells)
            .map_err(Self::erasure_error)
    }

    /// All cells, from any `rows` or more distinct cells.
    pub fn recover_cells<S: AsRef<[Scalar]> + Sync>(
        &self,
        cells: &[(usize, S)],
    ) -> Result<Slices, Error> {
        let coefficients = self.recover_coefficients(cells)?;
        self.cells_from_coefficients(&coefficients)
    }

    /// All cells and all proofs, from any `rows` or more distinct cells.
    pub fn recover_cells_and_proofs<S: AsRef<[Scalar]> + Sync>(
        &self,
        cells: &[(usize, S)],
    ) -> Result<(Slices, Vec<G1Affine>), Error> {
        let coefficients = self.recover_coefficients(cells)?;
        self.cells_and_proofs_from_coefficients(&coefficients)
    }

    fn check_coefficients(&self, coefficients: &[Scalar]) -> Result<(), Error> {
        if coefficients.len() > self.geometry.elements() {
            return Err(Error::LengthMismatch {
                what: "coefficients (at most rows * cols)",
                expected: self.geometry.elements(),
                actual: coefficients.len(),
            });
        }
        Ok(())
    }

    /// The cell-level errors in this crate's words; the rest wrapped.
    fn erasure_error(e: zg_erasure::Error) -> Error {
        match e {
            zg_erasure::Error::TooFewSlices { needed, got } => Error::TooFewCells { needed, got },
            zg_erasure::Error::DuplicateSlice { index } => Error::DuplicateCellIndex { index },
            zg_erasure::Error::SliceOutOfRange { index, bound } => {
                Error::CellIndexOutOfRange { index, bound }
            }
            zg_erasure::Error::WrongSliceLength {
                index,
                expected,
                actual,
            } => Error::WrongCellLength {
                index,
                expected,
                actual,
            },
            other => Error::Erasure(other),
        }
    }
}
