//! G1 scalar multiplications by known scalars, many at a time.
//!
//! FK20 multiplies G1 points by FFT twiddles and by the powers of a family
//! shift: full-size scalars, each known before the points are. Every
//! multiplication here splits its scalar with the GLV endomorphism of
//! BLS12-381 and walks both ~128-bit halves with signed sliding windows
//! (width-`W` NAF), adding odd multiples from small per-point tables with
//! mixed (Jacobian + affine) additions. The tables of all points of one call
//! are brought to affine form together, with one field inversion.
//!
//! # The decomposition
//!
//! With `x` the BLS12-381 parameter, the group order is
//! `r = x^4 - x^2 + 1`, so `m = x^2` satisfies `m^2 - m + 1 = 0 (mod r)`:
//! multiplication by `m` is the endomorphism `psi(X, Y) = (beta X, -Y)` for
//! a cube root of unity `beta` of the base field (arkworks' `phi(P) =
//! lambda P` with `lambda = -m`). A scalar `s < r` is `s = q m + k` with
//! `k = s mod m < m < 2^128` and `q = s div m <= m - 1 < 2^128`, so
//! `s P = k P + q psi(P)`: two non-negative halves, no signs to track.

use alloc::vec::Vec;
use ark_ec::scalar_mul::glv::GLVConfig;
use ark_ff::AdditiveGroup;
use zg_types::curve::{CurveGroup, Fq, PrimeField, Zero};
use zg_types::{G1Affine, G1Projective, Scalar};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// `|x|` for BLS12-381 (`x = -0xd201000000010000`).
const X: u64 = 0xd201_0000_0001_0000;

/// NAF window width: digits are odd and below `2^(W-1)` in absolute value.
const W: u32 = 5;

/// Odd multiples kept per point: `P, 3P, .., (2^(W-1) - 1) P`.
const TABLE: usize = 1 << (W - 2);

/// Digits of a width-`W` NAF of a number below `2^128` (one more than the
/// bits, as a NAF may carry past the top bit).
const DIGITS: usize = 129;

/// A scalar split as `k + q m` and recoded, ready to multiply points by.
#[derive(Clone, Debug)]
pub(crate) struct Recoded {
    /// NAF digits of `k`, least significant first.
    low: [i8; DIGITS],
    /// NAF digits of `q`, least significant first.
    high: [i8; DIGITS],
    /// Digits in use: both NAFs are zero from here up.
    len: usize,
}

impl Recoded {
    /// Splits and recodes `s`.
    pub(crate) fn new(s: &Scalar) -> Self {
        let (k, q) = decompose(s);
        let mut out = Self {
            low: [0; DIGITS],
            high: [0; DIGITS],
            len: 0,
        };
        let low_len = naf(k, &mut out.low);
        let high_len = naf(q, &mut out.high);
        out.len = low_len.max(high_len);
        out
    }
}

/// `(k, q)` with `s = k + q x^2` and `k < x^2` (so `q < x^2` too).
fn decompose(s: &Scalar) -> (u128, u128) {
    let limbs = s.into_bigint().0;
    let (q1, r1) = div_rem_u64(limbs, X);
    let (q2, r2) = div_rem_u64(q1, X);
    // s < r < 2^255, so q2 = s div x^2 < 2^128: its top limbs are zero.
    let q = u128::from(q2[0]) | (u128::from(q2[1]) << 64);
    let k = u128::from(r2) * u128::from(X) + u128::from(r1);
    (k, q)
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

/// Writes the width-`W` NAF of `k < 2^128 - 2^W` into `out` and returns its
/// length.
fn naf(mut k: u128, out: &mut [i8; DIGITS]) -> usize {
    let mut len = 0;
    for slot in out.iter_mut() {
        if k == 0 {
            break;
        }
        if k & 1 == 1 {
            #[allow(clippy::cast_possible_truncation, reason = "masked to W < 8 bits")]
            let window = (k & ((1 << W) - 1)) as i8;
            let digit = if window >= 1 << (W - 1) {
                window - (1 << W)
            } else {
                window
            };
            *slot = digit;
            // k - digit: adding |digit| cannot overflow as k < 2^128 - 2^W.
            if digit >= 0 {
                k -= u128::from(digit.unsigned_abs());
            } else {
                k += u128::from(digit.unsigned_abs());
            }
        }
        k >>= 1;
        len += 1;
    }
    len
}

/// The cube root of unity `beta` of the base field with
/// `psi(X, Y) = (beta X, -Y) = x^2 P`.
fn beta() -> Fq {
    <<G1Projective as CurveGroup>::Config as GLVConfig>::ENDO_COEFFS
        .first()
        .copied()
        .unwrap_or_default()
}

/// `points[i] *= scalars[i]`, batched: one GLV split, NAF recoding and table
/// per point, all tables normalised together.
pub(crate) fn scale_points(points: &mut [G1Projective], scalars: &[Scalar]) {
    let recoded: Vec<Recoded> = scalars.iter().map(Recoded::new).collect();
    let refs: Vec<&Recoded> = recoded.iter().collect();
    mul_recoded(points, &refs);
}

/// `points[i] *= scalars[i]` for scalars already recoded; extra points or
/// scalars (unequal lengths) are left alone.
pub(crate) fn mul_recoded(points: &mut [G1Projective], scalars: &[&Recoded]) {
    let n = points.len().min(scalars.len());
    let (points, scalars) = (&mut points[..n], &scalars[..n]);
    #[cfg(feature = "parallel")]
    {
        let threads = rayon::current_num_threads().max(1);
        if threads > 1 && n >= 16 {
            let chunk = n.div_ceil(threads).max(8);
            points
                .par_chunks_mut(chunk)
                .zip(scalars.par_chunks(chunk))
                .for_each(|(p, s)| mul_chunk(p, s));
            return;
        }
    }
    mul_chunk(points, scalars);
}

/// The sequential core of [`mul_recoded`] (equal lengths).
fn mul_chunk(points: &mut [G1Projective], scalars: &[&Recoded]) {
    // Odd multiples of every point, then all of them to affine at once.
    let mut multiples = Vec::with_capacity(points.len() * TABLE);
    for p in points.iter() {
        let two = p.double();
        let mut acc = *p;
        multiples.push(acc);
        for _ in 1..TABLE {
            acc += two;
            multiples.push(acc);
        }
    }
    let tables = G1Projective::normalize_batch(&multiples);
    drop(multiples);
    let beta = beta();

    for ((p, s), table) in points
        .iter_mut()
        .zip(scalars)
        .zip(tables.chunks_exact(TABLE))
    {
        if p.is_zero() {
            continue;
        }
        // psi of each multiple: (beta x, -y).
        let mut psi = [G1Affine::identity(); TABLE];
        for (q, t) in psi.iter_mut().zip(table) {
            *q = G1Affine::new_unchecked(t.x * beta, -t.y);
        }
        let mut acc = G1Projective::zero();
        for i in (0..s.len).rev() {
            acc.double_in_place();
            add_digit(&mut acc, table, s.low[i]);
            add_digit(&mut acc, &psi, s.high[i]);
        }
        *p = acc;
    }
}

/// `acc += digit * P` from the odd multiples `table` of `P`.
#[inline]
fn add_digit(acc: &mut G1Projective, table: &[G1Affine], digit: i8) {
    if digit == 0 {
        return;
    }
    let index = usize::from(digit.unsigned_abs() >> 1);
    if let Some(t) = table.get(index) {
        if digit > 0 {
            *acc += t;
        } else {
            *acc += -*t;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::PrimeGroup;
    use proptest::prelude::*;
    use zg_types::curve::{Field, One, UniformRand};

    fn m() -> Scalar {
        Scalar::from(X).square()
    }

    #[test]
    fn psi_is_multiplication_by_x_squared() {
        let g = G1Projective::generator();
        let a = (g * m()).into_affine();
        let ga = g.into_affine();
        let psi = G1Affine::new_unchecked(ga.x * beta(), -ga.y);
        assert_eq!(a, psi);
        // m is a root of m^2 - m + 1 mod r.
        assert!((m().square() - m() + Scalar::one()).is_zero());
    }

    fn value(k: u128) -> Scalar {
        Scalar::from(k)
    }

    fn check_decomposition(s: Scalar) {
        let (k, q) = decompose(&s);
        assert!(k < u128::from(X) * u128::from(X));
        assert!(q < u128::from(X) * u128::from(X));
        assert_eq!(value(k) + value(q) * m(), s);
        let mut digits = [0i8; DIGITS];
        let len = naf(k, &mut digits);
        let mut back = Scalar::zero();
        for d in digits[..len].iter().rev() {
            back.double_in_place();
            back += Scalar::from(i64::from(*d));
        }
        assert_eq!(back, value(k));
        // Non-adjacent: at most one non-zero digit in any W consecutive.
        for w in digits.windows(W as usize) {
            assert!(w.iter().filter(|d| **d != 0).count() <= 1);
        }
        assert!(digits.iter().all(|d| d % 2 != 0 || *d == 0));
        assert!(digits.iter().all(|d| d.unsigned_abs() < 1 << (W - 1)));
    }

    fn edge_scalars() -> Vec<Scalar> {
        let mut v = vec![
            Scalar::zero(),
            Scalar::one(),
            -Scalar::one(),
            Scalar::from(2u64),
            m(),
            m() - Scalar::one(),
            m() + Scalar::one(),
            -m(),
            m().square(),
            Scalar::from(X),
            Scalar::from(u64::MAX),
            Scalar::from(u128::MAX),
        ];
        v.push(Scalar::from(2u64).pow([254]));
        v
    }

    #[test]
    fn decomposition_edge_cases() {
        for s in edge_scalars() {
            check_decomposition(s);
        }
    }

    #[test]
    fn edge_cases_match_arkworks() {
        let mut rng = ark_std::test_rng();
        let scalars = edge_scalars();
        let g = G1Projective::rand(&mut rng);
        let mut points: Vec<G1Projective> = scalars.iter().map(|_| g).collect();
        points.push(G1Projective::zero());
        points.push(-g);
        let mut all_scalars = scalars.clone();
        all_scalars.push(Scalar::rand(&mut rng));
        all_scalars.push(-Scalar::one());
        let expected: Vec<G1Projective> = points
            .iter()
            .zip(&all_scalars)
            .map(|(p, s)| *p * s)
            .collect();
        scale_points(&mut points, &all_scalars);
        assert_eq!(points, expected);
    }

    #[test]
    fn shorter_scalars_leave_the_rest() {
        let g = G1Projective::generator();
        let mut points = vec![g, g, g];
        scale_points(&mut points, &[Scalar::from(3u64)]);
        assert_eq!(points, vec![g * Scalar::from(3u64), g, g]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn random_scalars_decompose(seed in any::<u64>()) {
            use rand::SeedableRng;
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            for _ in 0..16 {
                check_decomposition(Scalar::rand(&mut rng));
            }
        }

        #[test]
        fn batches_match_arkworks(seed in any::<u64>(), n in 0usize..40) {
            use rand::SeedableRng;
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let mut points: Vec<G1Projective> = (0..n)
                .map(|i| if i % 7 == 3 { G1Projective::zero() } else { G1Projective::rand(&mut rng) })
                .collect();
            let scalars: Vec<Scalar> = (0..n)
                .map(|i| if i % 5 == 1 { Scalar::zero() } else { Scalar::rand(&mut rng) })
                .collect();
            let expected: Vec<G1Projective> =
                points.iter().zip(&scalars).map(|(p, s)| *p * s).collect();
            scale_points(&mut points, &scalars);
            prop_assert_eq!(points, expected);
        }
    }
}
