//! FK20: the proofs of all cells of all coset families at once.
//!
//! # Derivation
//!
//! Write `R = rows`, `L = cols`, `f(X) = sum_m X^(mL) c_m(X)` with
//! `c_m(X) = sum_(i<L) f_(mL+i) X^i`. Dividing by `X^L - a`:
//!
//! ```text
//! q(X) = sum_(d=0)^(R-2) a^d * sum_(t=0)^(R-2-d) X^(tL) c_(t+d+1)(X)
//! ```
//!
//! so the proof of a cell whose coset `z*H` has `z^L = a` is
//! `P(a) = sum_d a^d h_d`, with the **h-commitments**
//! `h_d = sum_(i<L) sum_t f_((t+d+1)L+i) [tau^(tL+i)]` shared by all cells.
//! For each position `i` the inner sum is a Toeplitz product of the
//! coefficient column `(f_(jL+i))_j` with the SRS column `([tau^(tL+i)])_t`;
//! embedded in a circulant of size `2R` it becomes, with `S_i` the FFT of the
//! reversed, zero-padded SRS column (precomputed) and `A_i` the FFT of the
//! zero-padded coefficient column:
//!
//! ```text
//! h_d = IFFT_(2R)( sum_i A_i * S_i )[R + d]
//! ```
//!
//! (pointwise products; `2R` MSMs of `L` terms, then one G1 inverse FFT).
//!
//! The circulant computes the whole linear convolution, whose entry `n` is
//! `sum_i sum_j f_(jL+i) [tau^((R-1-n+j)L + i)]` over `0 <= n - j < R`.
//! At `n = R + d` that is `h_d`; at `n = R - 1` the exponent is `jL + i` for
//! every `j < R`, so
//!
//! ```text
//! IFFT_(2R)( sum_i A_i * S_i )[R - 1] = sum_k f_k [tau^k] = [f(tau)]G1,
//! ```
//!
//! the commitment to `f`, for free: FK20 gives the commitment with the
//! proofs ([`Fk20::proofs_and_commitment`]).
//!
//! The points `a = shift(s)^L` of the slices of family `k` are
//! `c_k * zeta^bitrev_R(r)` for row `r`, with `zeta` of order `R` and
//! `c_k = family_shift(k)^L` (see [`Geometry`]'s index convention). So the
//! proofs of family `k` are one G1 FFT of size `R` of `(h_d c_k^d)_d`, and a
//! decimation-in-frequency FFT already returns them in row order.

use super::fft::{dif, dit, inverse, powers, scale_points, twiddles};
use super::msm::FixedBases;
use alloc::vec;
use alloc::vec::Vec;
use zg_types::curve::{CurveGroup, Field, Zero, root_of_unity};
use zg_types::{G1Affine, G1Projective, Geometry, Scalar};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// The per-setup precomputation of FK20 for one geometry.
#[derive(Clone, Debug)]
pub(crate) struct Fk20 {
    geometry: Geometry,
    /// `2R` MSMs of `L` bases: MSM `p` has bases `S_i[bitrev(p)]`, `i < L`.
    bases: FixedBases,
    /// Twiddles of the order-`2R` root (forward, scalar side).
    tw_circulant: Vec<Scalar>,
    /// Twiddles of the inverse order-`2R` root (G1 inverse FFT).
    tw_circulant_inv: Vec<Scalar>,
    /// Twiddles of the order-`R` root (the family FFTs).
    tw_rows: Vec<Scalar>,
    /// `(c_k^d)_(d<R)` for each family `k >= 1`.
    family_powers: Vec<Vec<Scalar>>,
    /// `1 / 2R`, folded into the scalars.
    inv_circulant: Scalar,
}

impl Fk20 {
    /// Precomputes the SRS FFTs from the first `N` monomial G1 powers.
    pub(crate) fn new(geometry: Geometry, g1_monomial: &[G1Affine], width: u32) -> Self {
        let rows = geometry.rows();
        let cols = geometry.cols();
        let n2 = 2 * rows;
        let omega = root_of_unity(n2 as u64).unwrap_or_default();
        let tw_circulant = twiddles(omega, n2);

        // Column i: ([tau^((R-1-m)L + i)])_(m<R), zero-padded to 2R, FFT'd
        // with bit-reversed output, so entry p is S_i[bitrev(p)].
        let column = |i: usize| -> Vec<G1Projective> {
            let mut v = vec![G1Projective::zero(); n2];
            for (m, slot) in v.iter_mut().take(rows).enumerate() {
                if let Some(p) = g1_monomial.get((rows - 1 - m) * cols + i) {
                    *slot = (*p).into();
                }
            }
            dif(&mut v, &tw_circulant);
            v
        };
        #[cfg(feature = "parallel")]
        let columns: Vec<Vec<G1Projective>> = (0..cols).into_par_iter().map(column).collect();
        #[cfg(not(feature = "parallel"))]
        let columns: Vec<Vec<G1Projective>> = (0..cols).map(column).collect();

        // Transpose to MSM-major: MSM p holds S_i[bitrev(p)] for i < L.
        let mut transposed = Vec::with_capacity(n2 * cols);
        for p in 0..n2 {
            for col in &columns {
                transposed.push(col[p]);
            }
        }
        drop(columns);
        let affine = G1Projective::normalize_batch(&transposed);
        drop(transposed);
        Self::from_srs_ffts(geometry, affine, width)
    }

    /// FK20 from its SRS-FFT points, MSM-major (entry `p * cols + i` is
    /// `S_i[bitrev(p)]`, `2N` points), as [`new`](Self::new) computes them;
    /// `cells::tables` derives them from tau or imports them.
    pub(crate) fn from_srs_ffts(geometry: Geometry, affine: Vec<G1Affine>, width: u32) -> Self {
        let rows = geometry.rows();
        let cols = geometry.cols();
        let n2 = 2 * rows;
        let omega = root_of_unity(n2 as u64).unwrap_or_default();
        let tw_circulant = twiddles(omega, n2);
        let tw_circulant_inv = twiddles(inverse(omega), n2);
        let tw_rows = twiddles(root_of_unity(rows as u64).unwrap_or_default(), rows);
        let bases = FixedBases::new(affine, cols, width);

        let family_powers = (1..geometry.families())
            .map(|k| {
                let c = geometry.family_shift(k).pow([cols as u64]);
                powers(c, rows)
            })
            .collect();
        Self {
            geometry,
            bases,
            tw_circulant,
            tw_circulant_inv,
            tw_rows,
            family_powers,
            inv_circulant: inverse(Scalar::from(n2 as u64)),
        }
    }

    /// Bytes of precomputed points held.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.bases.memory_bytes()
    }

    /// SRS-FFT point `k` (MSM-major, see [`from_srs_ffts`](Self::from_srs_ffts)).
    pub(crate) fn srs_fft_point(&self, k: usize) -> Option<G1Affine> {
        self.bases.base(k)
    }

    /// The h-commitments `h_0 .. h_(R-1)` (the last is zero) of the
    /// polynomial with monomial coefficients `coefficients` (`N` of them),
    /// and its commitment `[f(tau)]G1` (entry `R - 1` of the convolution,
    /// see the module docs).
    pub(crate) fn h_commitments(
        &self,
        coefficients: &[Scalar],
    ) -> (Vec<G1Projective>, G1Projective) {
        let rows = self.geometry.rows();
        let cols = self.geometry.cols();
        let n2 = 2 * rows;
        // A_i: FFT of (f_(jL+i) / 2R)_(j<R), zero-padded; bit-reversed output.
        let column = |i: usize| -> Vec<Scalar> {
            let mut v = vec![Scalar::zero(); n2];
            for (j, slot) in v.iter_mut().take(rows).enumerate() {
                if let Some(c) = coefficients.get(j * cols + i) {
                    *slot = *c * self.inv_circulant;
                }
            }
            dif(&mut v, &self.tw_circulant);
            v
        };
        #[cfg(feature = "parallel")]
        let columns: Vec<Vec<Scalar>> = (0..cols).into_par_iter().map(column).collect();
        #[cfg(not(feature = "parallel"))]
        let columns: Vec<Vec<Scalar>> = (0..cols).map(column).collect();

        // MSM p takes the p-th entry of every column.
        let chunk_msms = |first: usize, count: usize| -> Vec<G1Projective> {
            let scalars: Vec<Vec<Scalar>> = (first..first + count)
                .map(|p| columns.iter().map(|col| col[p]).collect())
                .collect();
            self.bases.msm_range(first, &scalars)
        };
        #[cfg(feature = "parallel")]
        let threads = rayon::current_num_threads();
        #[cfg(not(feature = "parallel"))]
        let threads = 1;
        let chunk = self.bases.preferred_chunk(n2, threads);
        let firsts: Vec<usize> = (0..n2).step_by(chunk).collect();
        #[cfg(feature = "parallel")]
        let mut x: Vec<G1Projective> = firsts
            .into_par_iter()
            .flat_map_iter(|first| chunk_msms(first, chunk.min(n2 - first)))
            .collect();
        #[cfg(not(feature = "parallel"))]
        let mut x: Vec<G1Projective> = firsts
            .into_iter()
            .flat_map(|first| chunk_msms(first, chunk.min(n2 - first)))
            .collect();
        debug_assert_eq!(self.bases.count(), n2);

        // x holds X[bitrev(p)]: the inverse DIT FFT returns natural order.
        dit(&mut x, &self.tw_circulant_inv);
        let h = x.split_off(rows);
        let commitment = x.pop().unwrap_or_else(G1Projective::zero);
        (h, commitment)
    }

    /// All proofs of all families, slice by slice, and the commitment
    /// `[f(tau)]G1` (see the module docs: it costs no MSM of its own).
    pub(crate) fn proofs_and_commitment(
        &self,
        coefficients: &[Scalar],
    ) -> (Vec<G1Affine>, G1Affine) {
        let (h, commitment) = self.h_commitments(coefficients);
        let family = |k: usize| -> Vec<G1Projective> {
            let mut v = h.clone();
            if let Some(pows) = k.checked_sub(1).and_then(|k| self.family_powers.get(k)) {
                // c_k^0 = 1: the first point stays.
                if let (Some(points), Some(scalars)) = (v.get_mut(1..), pows.get(1..)) {
                    scale_points(points, scalars);
                }
            }
            dif(&mut v, &self.tw_rows);
            v
        };
        #[cfg(feature = "parallel")]
        let mut all: Vec<G1Projective> = (0..self.geometry.families())
            .into_par_iter()
            .flat_map_iter(family)
            .collect();
        #[cfg(not(feature = "parallel"))]
        let mut all: Vec<G1Projective> = (0..self.geometry.families()).flat_map(family).collect();
        all.push(commitment);
        let mut affine = G1Projective::normalize_batch(&all);
        let commitment = affine.pop().unwrap_or_default();
        (affine, commitment)
    }
}

#[cfg(all(test, feature = "insecure-setup"))]
mod tests {
    use super::super::{CellProver, ProverOptions};
    use crate::Setup;
    use zg_types::curve::UniformRand;
    use zg_types::{Geometry, Scalar};

    #[test]
    fn the_convolution_entry_before_the_h_commitments_is_the_commitment() {
        let mut rng = ark_std::test_rng();
        for (geometry, width) in [
            (Geometry::ZG_TEST, 0),
            (Geometry::new(8, 8, 3).unwrap(), 0),
            (Geometry::new(4, 16, 2).unwrap(), 3),
        ] {
            let n = geometry.elements();
            let setup = Setup::insecure_from_seed(b"fk20", n, geometry.cols() + 1).unwrap();
            let options = ProverOptions::new().with_table_width(width);
            let prover = CellProver::with_options(geometry, &setup, options).unwrap();
            let full: Vec<Scalar> = (0..n).map(|_| Scalar::rand(&mut rng)).collect();
            // Full, short (missing high coefficients) and zero polynomials.
            for coefficients in [&full[..], &full[..=n / 2], &[], &[Scalar::from(0u64); 3]] {
                let (proofs, commitment) = prover.proofs_and_commitment(coefficients).unwrap();
                assert_eq!(commitment, prover.commit(coefficients).unwrap());
                assert_eq!(proofs, prover.proofs(coefficients).unwrap());
                for s in [0, geometry.slices() / 2 + 1, geometry.slices() - 1] {
                    assert_eq!(proofs[s], prover.cell_proof(coefficients, s).unwrap());
                }
            }
        }
    }
}
