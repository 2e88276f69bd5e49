//! The per-position multi-scalar multiplications of FK20: many small MSMs,
//! each over its own fixed set of bases (a column of the SRS FFTs).
//!
//! With a table width `w >= 2`, every base keeps its multiples
//! `1 .. 2^(w-1)` (affine, stored as bare coordinates), scalars are recoded
//! in signed base-`2^w` digits, and an MSM costs `ceil(256 / w)` rounds of
//! `w` doublings plus one mixed addition per base. Without a table the
//! generic Pippenger MSM of arkworks runs over the bases.

use alloc::vec;
use alloc::vec::Vec;
use ark_ec::VariableBaseMSM;
use ark_ff::AdditiveGroup;
use zg_types::curve::{AffineRepr, CurveGroup, Fq, PrimeField, Zero};
use zg_types::{G1Affine, G1Projective, Scalar};

/// Fixed bases of a set of equally sized MSMs, with optional tables.
#[derive(Clone, Debug)]
pub(crate) struct FixedBases {
    /// Bases per MSM.
    len: usize,
    /// Table width `w` (0: no table).
    width: u32,
    /// Without a table: the bases, MSM-major.
    bases: Vec<G1Affine>,
    /// With a table: for each base (MSM-major) its `2^(w-1)` multiples
    /// `d * P` for `d = 1 ..= 2^(w-1)`, as bare `(x, y)` (96 bytes); the
    /// identity is `(0, 0)`, which is not on the curve.
    table: Vec<(Fq, Fq)>,
}

impl FixedBases {
    /// Largest table width accepted.
    pub(crate) const MAX_WIDTH: u32 = 12;

    /// Builds the bases of `bases.len() / len` MSMs of `len` bases each.
    pub(crate) fn new(bases: Vec<G1Affine>, len: usize, width: u32) -> Self {
        if width < 2 {
            return Self {
                len,
                width: 0,
                bases,
                table: Vec::new(),
            };
        }
        let per_base = 1usize << (width - 1);
        let build = |p: &G1Affine| -> Vec<G1Projective> {
            let mut out = Vec::with_capacity(per_base);
            let mut acc = G1Projective::zero();
            for _ in 0..per_base {
                acc += p;
                out.push(acc);
            }
            out
        };
        #[cfg(feature = "parallel")]
        let multiples: Vec<Vec<G1Projective>> = {
            use rayon::prelude::*;
            bases
                .par_chunks(64)
                .map(|chunk| {
                    let proj: Vec<G1Projective> = chunk.iter().flat_map(build).collect();
                    proj
                })
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let multiples: Vec<Vec<G1Projective>> = bases
            .chunks(64)
            .map(|chunk| chunk.iter().flat_map(build).collect())
            .collect();
        let mut table = Vec::with_capacity(bases.len() * per_base);
        for chunk in multiples {
            for p in G1Projective::normalize_batch(&chunk) {
                table.push(p.xy().unwrap_or_default());
            }
        }
        Self {
            len,
            width,
            bases: Vec::new(),
            table,
        }
    }

    /// Number of MSMs.
    pub(crate) fn count(&self) -> usize {
        if self.len == 0 {
            return 0;
        }
        if self.width == 0 {
            self.bases.len() / self.len
        } else {
            self.table.len() / (self.len << (self.width - 1))
        }
    }

    /// Base `k` (MSM-major), read back from the table when there is one
    /// (its first multiple is the base itself).
    pub(crate) fn base(&self, k: usize) -> Option<G1Affine> {
        if self.width == 0 {
            return self.bases.get(k).copied();
        }
        let (x, y) = *self.table.get(k << (self.width - 1))?;
        if x.is_zero() && y.is_zero() {
            Some(G1Affine::zero())
        } else {
            Some(G1Affine::new_unchecked(x, y))
        }
    }

    /// Bytes held by the bases or tables.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.bases.len() * core::mem::size_of::<G1Affine>()
            + self.table.len() * core::mem::size_of::<(Fq, Fq)>()
    }

    /// MSM number `index` with `scalars` (`len` of them).
    #[cfg(test)]
    pub(crate) fn msm(&self, index: usize, scalars: &[Scalar]) -> G1Projective {
        self.msm_range(index, &[scalars])
            .pop()
            .unwrap_or_else(G1Projective::zero)
    }

    /// MSMs `first .. first + scalars.len()`, MSM `first + k` with
    /// `scalars[k]`.
    ///
    /// With tables, all MSMs of the range advance window by window together:
    /// the table points of one window are summed per MSM in affine
    /// coordinates, pairwise, with one batch inversion per level for the
    /// whole range (about half the field work of mixed additions).
    pub(crate) fn msm_range<S: AsRef<[Scalar]>>(
        &self,
        first: usize,
        scalars: &[S],
    ) -> Vec<G1Projective> {
        if self.width == 0 {
            return scalars
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let start = (first + k) * self.len;
                    self.bases
                        .get(start..start + self.len)
                        .map_or_else(G1Projective::zero, |b| {
                            G1Projective::msm_unchecked(b, s.as_ref())
                        })
                })
                .collect();
        }
        let w = self.width as usize;
        let per_base = 1usize << (w - 1);
        let per_msm = self.len * per_base;
        let windows = 255 / w + 1;
        // digits[k][base * windows + window]
        let digits: Vec<Vec<i32>> = scalars
            .iter()
            .map(|s| {
                s.as_ref()
                    .iter()
                    .flat_map(|v| signed_digits(v, self.width, windows))
                    .collect()
            })
            .collect();
        let mut accs = vec![G1Projective::zero(); scalars.len()];
        let mut points: Vec<G1Affine> = Vec::with_capacity(scalars.len() * self.len);
        let mut runs: Vec<usize> = Vec::with_capacity(scalars.len() + 1);
        for window in (0..windows).rev() {
            points.clear();
            runs.clear();
            for (k, d) in digits.iter().enumerate() {
                runs.push(points.len());
                let start = (first + k) * per_msm;
                let Some(table) = self.table.get(start..start + per_msm) else {
                    continue;
                };
                for (base, multiples) in table.chunks_exact(per_base).enumerate() {
                    let digit = d.get(base * windows + window).copied().unwrap_or(0);
                    if digit == 0 {
                        continue;
                    }
                    let idx = digit.unsigned_abs() as usize - 1;
                    if let Some(&(x, y)) = multiples.get(idx) {
                        if x.is_zero() && y.is_zero() {
                            continue;
                        }
                        let p = G1Affine::new_unchecked(x, y);
                        points.push(if digit > 0 { p } else { -p });
                    }
                }
            }
            runs.push(points.len());
            crate::msm::reduce_runs(&mut points, &mut runs);
            for (k, acc) in accs.iter_mut().enumerate() {
                if window + 1 != windows {
                    for _ in 0..w {
                        acc.double_in_place();
                    }
                }
                if let (Some(&a), Some(&b)) = (runs.get(k), runs.get(k + 1))
                    && b > a
                    && let Some(p) = points.get(a)
                {
                    *acc += p;
                }
            }
        }
        accs
    }
}

/// The signed base-`2^width` digits of `s`, least significant first, each in
/// `-(2^(width-1) - 1) ..= 2^(width-1)`.
fn signed_digits(s: &Scalar, width: u32, windows: usize) -> Vec<i32> {
    let limbs = s.into_bigint().0;
    let bit = |i: usize| -> u64 { limbs.get(i / 64).map_or(0, |limb| (limb >> (i % 64)) & 1) };
    let w = width as usize;
    let half = 1i32 << (width - 1);
    let mut out = Vec::with_capacity(windows);
    let mut carry = 0i32;
    for window in 0..windows {
        let mut value = 0i32;
        for b in (0..w).rev() {
            value = (value << 1) | i32::from(bit(window * w + b) == 1);
        }
        value += carry;
        if value > half {
            out.push(value - (1 << width));
            carry = 1;
        } else {
            out.push(value);
            carry = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zg_types::curve::UniformRand;

    #[test]
    fn table_msm_matches_pippenger() {
        let mut rng = ark_std::test_rng();
        let len = 5;
        let bases: Vec<G1Affine> = (0..3 * len)
            .map(|i| {
                if i == 7 {
                    G1Affine::zero()
                } else {
                    G1Projective::rand(&mut rng).into_affine()
                }
            })
            .collect();
        let plain = FixedBases::new(bases.clone(), len, 0);
        for width in [2, 5, 8] {
            let table = FixedBases::new(bases.clone(), len, width);
            assert_eq!(table.count(), 3);
            for index in 0..3 {
                let mut scalars: Vec<Scalar> = (0..len).map(|_| Scalar::rand(&mut rng)).collect();
                scalars[0] = -Scalar::from(1u64);
                assert_eq!(table.msm(index, &scalars), plain.msm(index, &scalars));
            }
        }
    }
}
