//! Cell verification: one cell with one pairing equation, and many cells
//! from many commitments with one random linear combination.

use super::fft::{dit, inverse, powers, twiddles};
use crate::batch_msm::{self as batch, Terms};
use crate::{Error, FixedBaseMsm, Setup};
use alloc::vec;
use alloc::vec::Vec;
use zg_types::curve::{Bls12_381, CurveGroup, Field, One, Pairing, Zero, root_of_unity};
use zg_types::{G1Affine, G1Projective, G2Affine, Geometry, Scalar};

/// A G2 point prepared for the Miller loop.
type G2Prepared = <Bls12_381 as Pairing>::G2Prepared;

/// Checks cell proofs against commitments. Holds only what a verifier
/// needs: `cols` G1 powers (to commit a cell's interpolant), `[1]G2` and
/// `[tau^cols]G2`, plus a few scalars per slice. Light nodes and chain
/// runtimes keep this and not the prover's tables; it builds with `no_std`.
///
/// Committing a cell's interpolant is an MSM over the `cols` G1 powers,
/// the same bases every time: [`with_msm_table`](Self::with_msm_table)
/// precomputes a [`FixedBaseMsm`] table for them (a few MB at 0G's
/// `cols = 1024`), which makes that MSM several times faster. Without it
/// (the default, for memory-tight users) a variable-base MSM is used; the
/// results are the same.
#[derive(Clone, Debug)]
pub struct CellVerifier {
    geometry: Geometry,
    g1_powers: Vec<G1Affine>,
    /// Optional fixed-base table over `g1_powers`.
    g1_table: Option<FixedBaseMsm>,
    /// `[1]G2` and `[tau^cols]G2` prepared for the Miller loop (their line
    /// coefficients, about 20 KB each), so no check computes them again.
    g2_prepared: [G2Prepared; 2],
    /// Twiddles of the inverse order-`cols` root.
    tw_cols_inv: Vec<Scalar>,
    /// `1 / cols`.
    inv_cols: Scalar,
    /// Per slice `s`: `shift(s)^cols`, the point of its vanishing
    /// polynomial `X^cols - shift^cols`.
    shift_pow_cols: Vec<Scalar>,
    /// Per slice `s`: `1 / shift(s)`.
    shift_inv: Vec<Scalar>,
}

impl CellVerifier {
    /// A verifier from exactly the points it needs: `[tau^i]G1` for
    /// `i < cols`, `[1]G2` and `[tau^cols]G2`. The points are trusted to
    /// come from one setup (check a setup with [`Setup::check_consistency`]).
    pub fn new(
        geometry: Geometry,
        g1_powers: Vec<G1Affine>,
        g2_generator: G2Affine,
        g2_tau_cols: G2Affine,
    ) -> Result<Self, Error> {
        if g1_powers.len() != geometry.cols() {
            return Err(Error::SetupTooSmall {
                what: "G1 powers of a cell verifier (exactly cols)",
                needed: geometry.cols(),
                available: g1_powers.len(),
            });
        }
        let root = root_of_unity(geometry.cols() as u64).unwrap_or_default();
        // shift(s) = w^bitrev(s): all shifts are powers of one root.
        let w = geometry.extended_root();
        let all = powers(w, geometry.families_pow2() * geometry.rows());
        let shifts: Vec<Scalar> = (0..geometry.slices())
            .map(|s| {
                all.get(geometry.shift_exponent(s))
                    .copied()
                    .unwrap_or_default()
            })
            .collect();
        let shift_pow_cols = shifts
            .iter()
            .map(|z| z.pow([geometry.cols() as u64]))
            .collect();
        let mut shift_inv = shifts;
        ark_ff::batch_inversion(&mut shift_inv);
        Ok(Self {
            geometry,
            g1_powers,
            g1_table: None,
            g2_prepared: [g2_generator.into(), g2_tau_cols.into()],
            tw_cols_inv: twiddles(inverse(root), geometry.cols()),
            inv_cols: inverse(Scalar::from(geometry.cols() as u64)),
            shift_pow_cols,
            shift_inv,
        })
    }

    /// A verifier taking its points from `setup`, which needs at least
    /// `cols` G1 powers and `cols + 1` G2 powers.
    pub fn from_setup(geometry: Geometry, setup: &Setup) -> Result<Self, Error> {
        let cols = geometry.cols();
        let g1 = setup
            .g1_monomial()
            .get(..cols)
            .ok_or(Error::SetupTooSmall {
                what: "G1 powers",
                needed: cols,
                available: setup.len(),
            })?;
        let g2 = setup.g2_monomial();
        let (Some(g2_one), Some(g2_tau_cols)) = (g2.first(), g2.get(cols)) else {
            return Err(Error::SetupTooSmall {
                what: "G2 powers",
                needed: cols + 1,
                available: g2.len(),
            });
        };
        Self::new(geometry, g1.to_vec(), *g2_one, *g2_tau_cols)
    }

    /// A window width for [`with_msm_table`](Self::with_msm_table) suited
    /// to this verifier's `cols` bases (measured on x86-64).
    pub fn default_msm_window(&self) -> u32 {
        default_window(self.geometry.cols())
    }

    /// This verifier with a [`FixedBaseMsm`] table of windows of
    /// `window_bits` bits over its G1 powers, used for every interpolant
    /// commitment. Holds `cols * (floor(255 / window_bits) + 1)` affine
    /// points. An error for a window width outside
    /// [`FixedBaseMsm::MIN_WINDOW_BITS`]..=[`FixedBaseMsm::MAX_WINDOW_BITS`].
    pub fn with_msm_table(mut self, window_bits: u32) -> Result<Self, Error> {
        self.g1_table = Some(FixedBaseMsm::new(&self.g1_powers, window_bits)?);
        Ok(self)
    }

    /// This verifier with a table of [`default_msm_window`](Self::default_msm_window)
    /// bits: the fast choice when a few MB of memory are no concern (2 MB at
    /// `cols = 1024`).
    pub fn with_default_msm_table(self) -> Result<Self, Error> {
        let window = self.default_msm_window();
        self.with_msm_table(window)
    }

    /// Bytes held by the fixed-base table (0 without one).
    pub fn msm_table_bytes(&self) -> usize {
        self.g1_table.as_ref().map_or(0, FixedBaseMsm::table_bytes)
    }

    /// `[I(tau)]G1` for the monomial coefficients `coeffs` (at most `cols`).
    fn commit_interpolant(&self, coeffs: &[Scalar]) -> G1Projective {
        let variable_base = || batch::msm(Terms::Full(&self.g1_powers, coeffs));
        match &self.g1_table {
            Some(table) => table.msm(coeffs).unwrap_or_else(|_| variable_base()),
            None => variable_base(),
        }
    }

    /// The geometry whose cells this verifier checks.
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// Checks the proof of one cell: `e(C - [I(tau)] + a * proof, G2) ==
    /// e(proof, [tau^cols]G2)` with `I` the cell's interpolant on its coset
    /// `shift * H` and `a = shift^cols`. `Ok(false)` for a wrong proof; an
    /// error for an index out of range or a cell of the wrong length. The
    /// points must be in G1, as for [`verify_batch`](Self::verify_batch).
    pub fn verify_cell(
        &self,
        commitment: &G1Affine,
        index: usize,
        cell: &[Scalar],
        proof: &G1Affine,
    ) -> Result<bool, Error> {
        self.check_cell(index, cell)?;
        let interpolant = self.interpolate(index, cell);
        let i_tau = self.commit_interpolant(&interpolant);
        let a = self.shift_pow_cols.get(index).copied().unwrap_or_default();
        let lhs = G1Projective::from(*commitment) - i_tau + *proof * a;
        Ok(self.pairing_check(lhs, (*proof).into()))
    }

    /// Checks many cells against many commitments at once.
    ///
    /// Cell `k` is `cells[k]`, at slice `cell_indices[k]`, with proof
    /// `proofs[k]`, claimed for `commitments[commitment_indices[k]]`. The
    /// challenge `r` is derived by [`batch_challenge`](super::batch_challenge)
    /// from all of it, as in EIP-7594's `verify_cell_kzg_proof_batch`; an
    /// empty batch verifies. The combination's weights are 128-bit values
    /// hashed from `r` and the cell's position, where the spec takes `r^k`:
    /// an invalid batch passes with probability at most `2^-128` per
    /// challenge (beyond the curve's own ~120-bit security), valid ones
    /// always pass, and the MSMs take a quarter fewer points.
    /// Costs two MSMs in one batched-affine pass (the proofs with 128-bit
    /// weights; the proofs and the distinct commitments with full
    /// scalars), one interpolation per distinct cell index, one MSM over
    /// the `cols` G1 powers and one 2-pairing check.
    ///
    /// The points must be in G1, as every decoder of `zg_types::encoding`
    /// ensures: the MSMs use the GLV endomorphism, which is multiplication
    /// by `x^2` only there.
    pub fn verify_batch<C: AsRef<[Scalar]>>(
        &self,
        commitments: &[G1Affine],
        commitment_indices: &[usize],
        cell_indices: &[usize],
        cells: &[C],
        proofs: &[G1Affine],
    ) -> Result<bool, Error> {
        self.check_batch(commitments, commitment_indices, cell_indices, cells, proofs)?;
        if cells.is_empty() {
            return Ok(true);
        }
        let r = super::challenge::typed(
            self.geometry,
            commitments,
            commitment_indices,
            cell_indices,
            cells,
            proofs,
        );
        self.verify_batch_with_challenge(
            commitments,
            commitment_indices,
            cell_indices,
            cells,
            proofs,
            r,
        )
    }

    /// [`verify_batch`](Self::verify_batch) with a caller-supplied challenge
    /// `r`. **Sound only when `r` is unpredictable to whoever produced the
    /// cells and proofs**, e.g. hashed from all of them as
    /// [`batch_challenge`](super::batch_challenge) does.
    #[allow(
        clippy::many_single_char_names,
        reason = "the names of the math: n cells, challenge r, cell k, slice s, commitment j"
    )]
    pub fn verify_batch_with_challenge<C: AsRef<[Scalar]>>(
        &self,
        commitments: &[G1Affine],
        commitment_indices: &[usize],
        cell_indices: &[usize],
        cells: &[C],
        proofs: &[G1Affine],
        r: Scalar,
    ) -> Result<bool, Error> {
        self.check_batch(commitments, commitment_indices, cell_indices, cells, proofs)?;
        let n = cells.len();
        if n == 0 {
            return Ok(true);
        }
        let cols = self.geometry.cols();
        // Weights rho_k < 2^128 drawn from r (see `challenge::weights`).
        let rho = super::challenge::weights(r, n);
        let rho_scalars: Vec<Scalar> = rho.iter().map(|&w| Scalar::from(w)).collect();

        // sum_k rho_k proof_k and sum_k rho_k a_k proof_k, a_k = shift_k^cols.
        let weighted: Vec<Scalar> = cell_indices
            .iter()
            .zip(&rho_scalars)
            .map(|(&s, w)| *w * self.shift_pow_cols[s])
            .collect();

        // sum_j (sum_(k: commitment k = j) rho_k) C_j.
        let mut commitment_weights = vec![Scalar::zero(); commitments.len()];
        for (&j, w) in commitment_indices.iter().zip(&rho_scalars) {
            commitment_weights[j] += w;
        }
        // The commitments' sum and the proofs' weighted sum both go into
        // the pairing's left side: one MSM over both lists spares a second
        // MSM's running sums over its buckets.
        let mut lhs_bases = Vec::with_capacity(n + commitments.len());
        lhs_bases.extend_from_slice(proofs);
        lhs_bases.extend_from_slice(commitments);
        let mut lhs_scalars = weighted;
        lhs_scalars.extend(commitment_weights);
        let sums = batch::msm_many(&[
            Terms::Short(proofs, &rho),
            Terms::Full(&lhs_bases, &lhs_scalars),
        ]);
        let [proof_lincomb, lhs_msm] = sums[..] else {
            return Ok(false);
        };

        // sum_k rho_k I_k(X): cells at the same index are summed first, so
        // there is one interpolation per distinct index.
        // Each group keeps its evaluations and a pending weight: a lone
        // cell is not multiplied by rho_k, the weight is folded into the
        // interpolation's scaling instead (IFFT is linear).
        let mut by_index: Vec<(usize, Vec<Scalar>, Scalar)> = Vec::new();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by_key(|&k| cell_indices[k]);
        for k in order {
            let s = cell_indices[k];
            let rk = rho_scalars[k];
            let cell = cells[k].as_ref();
            match by_index.last_mut() {
                Some((last, acc, weight)) if *last == s => {
                    if !weight.is_one() {
                        for a in acc.iter_mut() {
                            *a *= *weight;
                        }
                        *weight = Scalar::one();
                    }
                    for (a, v) in acc.iter_mut().zip(cell) {
                        *a += rk * v;
                    }
                }
                _ => by_index.push((s, cell.to_vec(), rk)),
            }
        }
        let mut interpolant_sum = vec![Scalar::zero(); cols];
        for (s, evals, weight) in &mut by_index {
            self.interpolate_into(*s, evals, *weight);
            for (acc, c) in interpolant_sum.iter_mut().zip(evals.iter()) {
                *acc += c;
            }
        }
        let interpolant_commitment = self.commit_interpolant(&interpolant_sum);

        let lhs = lhs_msm - interpolant_commitment;
        Ok(self.pairing_check(lhs, proof_lincomb))
    }

    /// `e(lhs, [1]G2) == e(proof, [tau^cols]G2)`.
    fn pairing_check(&self, lhs: G1Projective, proof: G1Projective) -> bool {
        let g1 = G1Projective::normalize_batch(&[lhs, -proof]);
        let miller = Bls12_381::multi_miller_loop(g1, self.g2_prepared.clone());
        Bls12_381::final_exponentiation(miller).is_some_and(|out| out.0.is_one())
    }

    /// Monomial coefficients of the polynomial of degree `< cols` taking the
    /// values `cell` on slice `index`'s coset (`shift * h^bitrev(j)` for
    /// entry `j`).
    pub(crate) fn interpolate(&self, index: usize, cell: &[Scalar]) -> Vec<Scalar> {
        let mut coeffs = cell.to_vec();
        self.interpolate_into(index, &mut coeffs, Scalar::one());
        coeffs
    }

    /// In place: `values` (a cell of slice `index`) becomes the monomial
    /// coefficients of `weight` times its interpolant.
    fn interpolate_into(&self, index: usize, values: &mut [Scalar], weight: Scalar) {
        // Entry j sits at shift * h^bitrev(j): the cell is already in the
        // bit-reversed order a DIT inverse FFT takes.
        dit(values, &self.tw_cols_inv);
        let shift_inv = self.shift_inv.get(index).copied().unwrap_or_default();
        let mut scale = self.inv_cols * weight;
        for c in values.iter_mut() {
            *c *= scale;
            scale *= shift_inv;
        }
    }

    fn check_cell(&self, index: usize, cell: &[Scalar]) -> Result<(), Error> {
        let bound = self.geometry.slices();
        if index >= bound {
            return Err(Error::CellIndexOutOfRange { index, bound });
        }
        if cell.len() != self.geometry.cols() {
            return Err(Error::WrongCellLength {
                index,
                expected: self.geometry.cols(),
                actual: cell.len(),
            });
        }
        Ok(())
    }

    fn check_batch<C: AsRef<[Scalar]>>(
        &self,
        commitments: &[G1Affine],
        commitment_indices: &[usize],
        cell_indices: &[usize],
        cells: &[C],
        proofs: &[G1Affine],
    ) -> Result<(), Error> {
        let n = cells.len();
        Error::check_lengths(
            n,
            [
                ("commitment indices", commitment_indices.len()),
                ("cell indices", cell_indices.len()),
                ("proofs", proofs.len()),
            ],
        )?;
        for &j in commitment_indices {
            if j >= commitments.len() {
                return Err(Error::CommitmentIndexOutOfRange {
                    index: j,
                    bound: commitments.len(),
                });
            }
        }
        for (&s, cell) in cell_indices.iter().zip(cells) {
            self.check_cell(s, cell.as_ref())?;
        }
        Ok(())
    }
}

/// Window width of the fixed-base table for `bases` points: small windows
/// for few bases (the `2^(c-1)` bucket sum dominates), wider ones for more
/// (fewer windows, so fewer additions and a smaller table). Measured
/// single-threaded: 64 bases, 8 bits 1.3 ms vs 2.6 ms variable-base; 1024
/// bases, 13 bits 8.7 ms, and 8.6-9.7 ms for 9 to 12 bits.
fn default_window(bases: usize) -> u32 {
    match bases {
        0..=128 => 8,
        129..=512 => 10,
        _ => FixedBaseMsm::DEFAULT_WINDOW_BITS,
    }
}

#[cfg(test)]
mod tests {
    use super::CellVerifier;
    use crate::{CellProver, FixedBaseMsm, ProverOptions, Setup};
    use zg_types::{Geometry, Scalar};

    /// The fixed-base table changes only speed: with and without it (and
    /// at several widths) valid cells verify and tampered ones do not.
    #[test]
    fn table_and_no_table_agree() {
        let geometry = Geometry::ZG_TEST;
        let setup =
            Setup::insecure_from_seed(b"table", geometry.elements(), geometry.cols() + 1).unwrap();
        let prover = CellProver::with_options(geometry, &setup, ProverOptions::new()).unwrap();
        let data: Vec<Scalar> = (0..geometry.elements() as u64)
            .map(|i| Scalar::from(i * i + 7))
            .collect();
        let coefficients = prover.erasure().data_to_coefficients(&data).unwrap();
        let commitment = prover.commit(&coefficients).unwrap();
        let (cells, proofs) = prover.cells_and_proofs(&data).unwrap();
        let plain = CellVerifier::from_setup(geometry, &setup).unwrap();
        assert_eq!(plain.msm_table_bytes(), 0);
        let mut verifiers = vec![plain.clone()];
        for w in [FixedBaseMsm::MIN_WINDOW_BITS, 5, plain.default_msm_window()] {
            let v = plain.clone().with_msm_table(w).unwrap();
            assert!(v.msm_table_bytes() > 0);
            verifiers.push(v);
        }
        assert!(plain.clone().with_msm_table(1).is_err());
        let picked = [0usize, 5, 70, geometry.slices() - 1];
        let cell_refs: Vec<&[Scalar]> = picked.iter().map(|&s| cells.slice(s).unwrap()).collect();
        let picked_proofs: Vec<_> = picked.iter().map(|&s| proofs[s]).collect();
        for v in &verifiers {
            for &s in &picked {
                let cell = cells.slice(s).unwrap();
                assert!(v.verify_cell(&commitment, s, cell, &proofs[s]).unwrap());
                let mut bad = cell.to_vec();
                bad[1] += Scalar::from(1u64);
                assert!(!v.verify_cell(&commitment, s, &bad, &proofs[s]).unwrap());
            }
            let ci = vec![0usize; picked.len()];
            assert!(
                v.verify_batch(&[commitment], &ci, &picked, &cell_refs, &picked_proofs)
                    .unwrap()
            );
            let mut swapped = picked.to_vec();
            swapped.swap(0, 1);
            assert!(
                !v.verify_batch(&[commitment], &ci, &swapped, &cell_refs, &picked_proofs)
                    .unwrap()
            );
        }
    }
}
