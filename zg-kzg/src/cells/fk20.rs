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
//! The points `a = shift(s)^L` of the slices of family `k` are
//! `c_k * zeta^bitrev_R(r)` for row `r`, with `zeta` of order `R` and
//! `c_k = family_shift(k)^L` (see [`Geometry`]'s index convention). So the
//! proofs of family `k` are one G1 FFT of size `R` of `(h_d c_k^d)_d`, and a
//! decimation-in-frequency FFT already returns them in row order.

use super::fft::{FftElement, dif, dit, inverse, powers, twiddles};
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
    /// polynomial with monomial coefficients `coefficients` (`N` of them).
    pub(crate) fn h_commitments(&self, coefficients: &[Scalar]) -> Vec<G1Projective> {
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
        let mut x: Vec<G1Projective> = {
            let chunk = n2.div_ceil(rayon::current_num_threads().max(1)).max(1);
            (0..n2)
                .step_by(chunk)
                .collect::<Vec<_>>()
                .into_par_iter()
                .flat_map_iter(|first| chunk_msms(first, chunk.min(n2 - first)))
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let mut x: Vec<G1Projective> = chunk_msms(0, n2);
        debug_assert_eq!(self.bases.count(), n2);

        // x holds X[bitrev(p)]: the inverse DIT FFT returns natural order.
        dit(&mut x, &self.tw_circulant_inv);
        x.split_off(rows)
    }

    /// All proofs of all families, slice by slice.
    pub(crate) fn proofs(&self, coefficients: &[Scalar]) -> Vec<G1Affine> {
        let h = self.h_commitments(coefficients);
        let family = |k: usize| -> Vec<G1Projective> {
            let mut v = h.clone();
            if let Some(pows) = k.checked_sub(1).and_then(|k| self.family_powers.get(k)) {
                for (p, c) in v.iter_mut().zip(pows).skip(1) {
                    *p = p.scale(c);
                }
            }
            dif(&mut v, &self.tw_rows);
            v
        };
        #[cfg(feature = "parallel")]
        let all: Vec<G1Projective> = (0..self.geometry.families())
            .into_par_iter()
            .flat_map_iter(family)
            .collect();
        #[cfg(not(feature = "parallel"))]
        let all: Vec<G1Projective> = (0..self.geometry.families()).flat_map(family).collect();
        G1Projective::normalize_batch(&all)
    }
}
