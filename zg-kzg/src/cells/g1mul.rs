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
//! The split is [`crate::glv`]'s `s = k + q x^2`, with `psi(P) = [x^2]P`.

use crate::glv::decompose;
use alloc::vec::Vec;
use ark_ff::AdditiveGroup;
use zg_types::curve::{CurveGroup, Field, Fq, Zero};
use zg_types::g1_ops::{add_affine, double, neg_affine};
use zg_types::{G1Affine, G1Projective, Scalar};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

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
    // Odd multiples of every point in Jacobian coordinates, each chain
    // sharing Z-coordinates step by step (co-Z additions), then all of them
    // to affine at once.
    let mut multiples: Vec<Jacobian> = Vec::with_capacity(points.len() * TABLE);
    let mut degenerate = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let start = multiples.len();
        if !p.is_zero() && odd_multiples_co_z(p, &mut multiples) {
            continue;
        }
        // The identity, or a point of small order (never one of the prime
        // order subgroup) where a co-Z step meets equal x-coordinates.
        multiples.truncate(start);
        multiples.extend(core::iter::repeat_n(Jacobian::IDENTITY, TABLE));
        if !p.is_zero() {
            degenerate.push(i);
        }
    }
    let mut inverses: Vec<Fq> = multiples.iter().map(|m| m.z).collect();
    batch_invert(&mut inverses);
    let tables: Vec<G1Affine> = multiples
        .iter()
        .zip(&inverses)
        .map(|(m, zinv)| {
            if m.z.is_zero() {
                G1Affine::identity()
            } else {
                let zinv2 = zinv.square();
                G1Affine::new_unchecked(m.x * zinv2, m.y * zinv2 * zinv)
            }
        })
        .collect();
    drop(multiples);

    for (i, ((p, s), table)) in points
        .iter_mut()
        .zip(scalars)
        .zip(tables.chunks_exact(TABLE))
        .enumerate()
    {
        if p.is_zero() {
            continue;
        }
        let generic;
        let table = if degenerate.binary_search(&i).is_ok() {
            generic = odd_multiples_generic(p);
            &generic[..]
        } else {
            table
        };
        let mut psi = [G1Affine::identity(); TABLE];
        for (q, t) in psi.iter_mut().zip(table) {
            *q = crate::glv::psi(t);
        }
        let mut acc = G1Projective::zero();
        for i in (0..s.len).rev() {
            double(&mut acc);
            add_digit(&mut acc, table, s.low[i]);
            add_digit(&mut acc, &psi, s.high[i]);
        }
        *p = acc;
    }
}

/// Bare Jacobian coordinates `(X / Z^2, Y / Z^3)`; `Z = 0` marks an
/// unused slot.
#[derive(Clone, Copy)]
struct Jacobian {
    x: Fq,
    y: Fq,
    z: Fq,
}

impl Jacobian {
    const IDENTITY: Self = Self {
        x: Fq::ONE,
        y: Fq::ONE,
        z: Fq::ZERO,
    };
}

/// Pushes `P, 3P, .., (2 TABLE - 1) P` for a non-identity `p`: one doubling
/// that also gives `P` on the Z-coordinate of `2P`, then co-Z additions
/// (`ZADDU`, Meloni): `T + D` and `D` on their common new Z for `4M + 2S`
/// each. Returns false (with a partial table) where two x-coordinates
/// meet, which only points of small order reach.
#[allow(
    clippy::many_single_char_names,
    reason = "the letters of the published formulas"
)]
fn odd_multiples_co_z(p: &G1Projective, out: &mut Vec<Jacobian>) -> bool {
    // Doubling (a = 0): A = X^2, B = Y^2, C = B^2, S = 4 X B, M = 3 A,
    // X2 = M^2 - 2 S, Y2 = M (S - X2) - 8 C, Z2 = 2 Y Z; and P with Z2 is
    // (X (2Y)^2, Y (2Y)^3, Z2) = (S, 8C, Z2).
    let a = p.x.square();
    let b = p.y.square();
    let mut c8 = b.square();
    c8.double_in_place().double_in_place().double_in_place();
    let mut s = p.x * b;
    s.double_in_place().double_in_place();
    let m = a.double() + a;
    let x2 = m.square() - s.double();
    let y2 = m * (s - x2) - c8;
    let mut z = p.y * p.z;
    z.double_in_place();
    if z.is_zero() {
        return false;
    }
    let mut d = Jacobian { x: x2, y: y2, z };
    let mut t = Jacobian { x: s, y: c8, z };
    out.push(t);
    for _ in 1..TABLE {
        // ZADDU(D, T): E = X_D - X_T, C = E^2, W1 = X_D C, W2 = X_T C,
        // A1 = Y_D (W1 - W2), X3 = (Y_D - Y_T)^2 - W1 - W2,
        // Y3 = (Y_D - Y_T)(W1 - X3) - A1, Z3 = Z E; D becomes (W1, A1, Z3).
        let e = d.x - t.x;
        if e.is_zero() {
            return false;
        }
        let c = e.square();
        let w1 = d.x * c;
        let w2 = t.x * c;
        let a1 = d.y * (w1 - w2);
        let dy = d.y - t.y;
        let x3 = dy.square() - w1 - w2;
        let y3 = dy * (w1 - x3) - a1;
        let z3 = d.z * e;
        d = Jacobian {
            x: w1,
            y: a1,
            z: z3,
        };
        t = Jacobian {
            x: x3,
            y: y3,
            z: z3,
        };
        out.push(t);
    }
    true
}

/// The odd multiples of `p` with arkworks' complete handling of every case.
fn odd_multiples_generic(p: &G1Projective) -> Vec<G1Affine> {
    let two = p.double();
    let mut acc = *p;
    let mut multiples = Vec::with_capacity(TABLE);
    multiples.push(acc);
    for _ in 1..TABLE {
        acc += two;
        multiples.push(acc);
    }
    G1Projective::normalize_batch(&multiples)
}

/// Inverts every non-zero entry in place (zeros stay zero) with one field
/// inversion (Montgomery's trick).
fn batch_invert(values: &mut [Fq]) {
    let mut prefix = Vec::with_capacity(values.len());
    let mut acc = Fq::ONE;
    for v in values.iter() {
        prefix.push(acc);
        if !v.is_zero() {
            acc *= v;
        }
    }
    let mut inv = acc.inverse().unwrap_or_default();
    for (v, before) in values.iter_mut().zip(prefix).rev() {
        if v.is_zero() {
            continue;
        }
        let next = inv * *v;
        *v = inv * before;
        inv = next;
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
            add_affine(acc, t);
        } else {
            add_affine(acc, &neg_affine(t));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glv::X;
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
        assert_eq!(a, crate::glv::psi(&ga));
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

    #[test]
    fn co_z_tables_equal_the_generic_ones() {
        let mut rng = ark_std::test_rng();
        for _ in 0..4 {
            let p = G1Projective::rand(&mut rng);
            let mut co_z = Vec::new();
            assert!(odd_multiples_co_z(&p, &mut co_z));
            let mut zs: Vec<Fq> = co_z.iter().map(|m| m.z).collect();
            batch_invert(&mut zs);
            let affine: Vec<G1Affine> = co_z
                .iter()
                .zip(&zs)
                .map(|(m, zinv)| {
                    G1Affine::new_unchecked(m.x * zinv.square(), m.y * zinv.square() * zinv)
                })
                .collect();
            assert_eq!(affine, odd_multiples_generic(&p));
        }
    }

    /// A point of order 3 (`x = 0`, outside the prime-order subgroup) makes
    /// the co-Z chain meet equal x-coordinates (`2P = -P`); the generic
    /// table takes over and the result is `k P + q psi(P)`.
    #[test]
    fn small_order_points_take_the_generic_table() {
        let p = G1Projective::from(G1Affine::new_unchecked(Fq::ZERO, Fq::from(2u64)));
        assert!(!odd_multiples_co_z(&p, &mut Vec::new()));
        let psi = G1Projective::from(G1Affine::new_unchecked(Fq::ZERO, -Fq::from(2u64)));
        let mut rng = ark_std::test_rng();
        let s = Scalar::rand(&mut rng);
        let (k, q) = decompose(&s);
        let small = |n: u128, base: G1Projective| {
            (0..n % 3).fold(G1Projective::zero(), |acc, _| acc + base)
        };
        let mut points = vec![p, G1Projective::rand(&mut rng)];
        let expected = vec![small(k, p) + small(q, psi), points[1] * s];
        scale_points(&mut points, &[s, s]);
        assert_eq!(points, expected);
    }

    #[test]
    fn batch_inversion_skips_zeros() {
        let mut v = vec![Fq::from(3u64), Fq::ZERO, Fq::from(7u64), Fq::ONE];
        batch_invert(&mut v);
        assert_eq!(v[0] * Fq::from(3u64), Fq::ONE);
        assert!(v[1].is_zero());
        assert_eq!(v[2] * Fq::from(7u64), Fq::ONE);
        assert_eq!(v[3], Fq::ONE);
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
