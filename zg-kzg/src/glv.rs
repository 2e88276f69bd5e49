//! The GLV split of BLS12-381 scalars, shared by the G1 multiplications of
//! FK20 ([`crate::cells`]) and the table MSMs ([`crate::msm`]).
//!
//! With `x` the BLS12-381 parameter, the group order is
//! `r = x^4 - x^2 + 1`, so `m = x^2` satisfies `m^2 - m + 1 = 0 (mod r)`:
//! multiplication by `m` is the endomorphism `psi(X, Y) = (beta X, -Y)` for
//! a cube root of unity `beta` of the base field (arkworks' `phi(P) =
//! lambda P` with `lambda = -m`). A scalar `s < r` is `s = q m + k` with
//! `k = s mod m < m < 2^128` and `q = s div m <= m - 1 < 2^128`, so
//! `s P = k P + q psi(P)`: two non-negative halves of 128 bits, half the
//! doublings of the full scalar.

use ark_ec::scalar_mul::glv::GLVConfig;
use zg_types::curve::{CurveGroup, Fq, PrimeField};
use zg_types::{G1Affine, G1Projective, Scalar};

/// `|x|` for BLS12-381 (`x = -0xd201000000010000`).
pub(crate) const X: u64 = 0xd201_0000_0001_0000;

/// `(k, q)` with `s = k + q x^2` and `k < x^2` (so `q < x^2` too).
pub(crate) fn decompose(s: &Scalar) -> (u128, u128) {
    let limbs = s.into_bigint().0;
    let (q1, r1) = div_rem_u64(limbs, X);
    let (q2, r2) = div_rem_u64(q1, X);
    // s < r < 2^255, so q2 = s div x^2 < 2^128: its top limbs are zero.
    let q = u128::from(q2[0]) | (u128::from(q2[1]) << 64);
    let k = u128::from(r2) * u128::from(X) + u128::from(r1);
    (k, q)
}

/// `x^2`, the multiplier of `psi` (below `2^127.5`).
const M: u128 = (X as u128) * (X as u128);

/// A GLV half in sign-magnitude form: `(negative, |value|)`.
pub(crate) type SignedHalf = (bool, u128);

/// [`decompose`] balanced: `s = k + q x^2 (mod r)` with `|k| <= x^2/2 + 1`
/// and `|q| <= x^2/2`, both below `2^127`, so that signed windows need one
/// window fewer than for the non-negative halves (no final carry).
///
/// From `k < x^2`: if `k > x^2/2`, `k + q x^2 = (k - x^2) + (q + 1) x^2`.
/// Then, as `r = x^4 - x^2 + 1`, `k + q x^2 = (k - 1) + (q - x^2 + 1) x^2 +
/// r`, which takes a `q` in `(x^2/2, x^2]` into `(-x^2/2, 1]`.
pub(crate) fn decompose_balanced(s: &Scalar) -> (SignedHalf, SignedHalf) {
    let (k, mut q) = decompose(s);
    let (mut k_negative, mut k_abs) = if k > M / 2 {
        q += 1; // q <= x^2 - 1 before, so no overflow
        (true, M - k)
    } else {
        (false, k)
    };
    if q <= M / 2 {
        return ((k_negative, k_abs), (false, q));
    }
    // k - 1
    if k_negative {
        k_abs += 1;
    } else if k_abs == 0 {
        (k_negative, k_abs) = (true, 1);
    } else {
        k_abs -= 1;
    }
    // q - x^2 + 1, with x^2/2 < q <= x^2
    let q_half = if q == M {
        (false, 1)
    } else {
        (true, M - 1 - q)
    };
    ((k_negative, k_abs), q_half)
}

/// Long division of a 256-bit number (little-endian limbs) by `d`.
fn div_rem_u64(limbs: [u64; 4], d: u64) -> ([u64; 4], u64) {
    let d = u128::from(d);
    let mut quotient = [0u64; 4];
    let mut rem = 0u128;
    for (q, limb) in quotient.iter_mut().zip(limbs).rev() {
        let cur = (rem << 64) | u128::from(limb);
        // cur < d * 2^64, so the quotient digit fits in 64 bits.
        #[allow(
            clippy::cast_possible_truncation,
            reason = "cur < d * 2^64, so cur / d < 2^64"
        )]
        {
            *q = (cur / d) as u64;
        }
        rem = cur % d;
    }
    #[allow(clippy::cast_possible_truncation, reason = "rem < d < 2^64")]
    (quotient, rem as u64)
}

/// The cube root of unity `beta` of the base field with
/// `psi(X, Y) = (beta X, -Y) = x^2 P`.
fn beta() -> Fq {
    <<G1Projective as CurveGroup>::Config as GLVConfig>::ENDO_COEFFS
        .first()
        .copied()
        .unwrap_or_default()
}

/// `psi(P) = [x^2]P` of an affine point (the identity `(0, 0)` stays).
pub(crate) fn psi(p: &G1Affine) -> G1Affine {
    G1Affine::new_unchecked(p.x * beta(), -p.y)
}

#[cfg(test)]
mod tests {
    use super::{X, decompose, psi};
    use ark_std::UniformRand;
    use zg_types::curve::{AffineRepr, CurveGroup, Field};
    use zg_types::{G1Affine, G1Projective, Scalar};

    fn value((negative, abs): super::SignedHalf) -> Scalar {
        let v = Scalar::from(abs);
        if negative { -v } else { v }
    }

    /// The balanced split recombines to the scalar with both halves below
    /// `2^127`, also at the edges where each of its two corrections fires.
    #[test]
    fn balanced_split_recombines_below_2_127() {
        let mut rng = ark_std::test_rng();
        let m = super::M;
        let mut scalars: Vec<Scalar> = (0..200).map(|_| Scalar::rand(&mut rng)).collect();
        for k in [0, 1, m / 2 - 1, m / 2, m / 2 + 1, m - 1] {
            for q in [0, 1, m / 2 - 1, m / 2, m / 2 + 1, m - 2, m - 1] {
                scalars.push(Scalar::from(k) + Scalar::from(q) * Scalar::from(m));
            }
        }
        scalars.push(-Scalar::from(1u64));
        let x2 = Scalar::from(X).square();
        for s in scalars {
            let (k, q) = super::decompose_balanced(&s);
            assert!(k.1 < 1 << 127 && q.1 < 1 << 127, "{s}");
            assert_eq!(value(k) + value(q) * x2, s, "{s}");
        }
    }

    /// `psi` is multiplication by `x^2` on G1 and keeps the identity, and
    /// the split recombines to the scalar: `s P = k P + q psi(P)`.
    #[test]
    fn psi_and_split_recombine() {
        let mut rng = ark_std::test_rng();
        let x2 = Scalar::from(X).square();
        assert!(psi(&G1Affine::zero()).is_zero());
        for _ in 0..4 {
            let p = G1Projective::rand(&mut rng).into_affine();
            assert_eq!(G1Projective::from(psi(&p)), p * x2);
            let s = Scalar::rand(&mut rng);
            let (k, q) = decompose(&s);
            assert_eq!(p * Scalar::from(k) + psi(&p) * Scalar::from(q), p * s);
        }
    }
}
