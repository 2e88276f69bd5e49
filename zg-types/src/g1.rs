//! The two costly steps of parsing a compressed G1 point, done faster than
//! arkworks' generic code and checked against it in tests:
//!
//! - the square root of `x^3 + 4` in the base field: `p = 3 mod 4`, so the
//!   root is `a^((p+1)/4)`; arkworks raises to that power bit by bit (one
//!   multiplication per set bit, about 190), here a sliding window of 5
//!   bits needs about 80;
//! - the subgroup check `phi(P) == -[x^2]P` (Scott, eprint 2021/1130,
//!   section 6, the same test arkworks runs): `[x^2]P` as two
//!   multiplications by the sparse `|x|` (63 doublings and 5 additions
//!   each, with the limb-tested formulas of [`crate::g1_ops`]), where
//!   arkworks' second multiplication goes through its generic GLV path.

use crate::curve::{Fq, G1Affine, G1Projective};
use crate::g1_ops::{add_affine, double};
use ark_ec::AffineRepr;
use ark_ff::{BigInt, Field, PrimeField};

/// `(p + 1) / 4` for the base-field modulus `p` (which is `3 mod 4`).
const P_PLUS_1_DIV_4: BigInt<6> = {
    let p = <Fq as PrimeField>::MODULUS.0;
    let mut limbs = [0u64; 6];
    // p + 1: p is odd, so the low limb does not overflow.
    let mut carry = 1u64;
    let mut i = 0;
    while i < 6 {
        let (sum, overflow) = p[i].overflowing_add(carry);
        limbs[i] = sum;
        carry = overflow as u64;
        i += 1;
    }
    // Shift right by 2.
    let mut out = [0u64; 6];
    let mut i = 0;
    while i < 6 {
        let high = if i + 1 < 6 { limbs[i + 1] << 62 } else { 0 };
        out[i] = (limbs[i] >> 2) | high;
        i += 1;
    }
    BigInt(out)
};

/// Width of the sliding window of the square-root exponentiation.
const WINDOW: usize = 5;

/// `a^((p+1)/4)` by a sliding window, the candidate square root of `a`.
fn pow_p_plus_1_div_4(a: &Fq) -> Fq {
    // odd[i] = a^(2i + 1).
    let mut odd = [*a; 1 << (WINDOW - 1)];
    let a2 = a.square();
    for i in 1..odd.len() {
        odd[i] = odd[i - 1] * a2;
    }
    let exp = &P_PLUS_1_DIV_4.0;
    let bit = |i: usize| (exp[i / 64] >> (i % 64)) & 1 == 1;
    let mut top = 64 * 6;
    while top > 0 && !bit(top - 1) {
        top -= 1;
    }
    let mut acc = Fq::from(1u64);
    let mut started = false;
    let mut i = top;
    while i > 0 {
        if !bit(i - 1) {
            if started {
                acc.square_in_place();
            }
            i -= 1;
            continue;
        }
        // The longest window of at most WINDOW bits ending in a set bit.
        let lo = i.saturating_sub(WINDOW);
        let mut end = lo;
        while !bit(end) {
            end += 1;
        }
        let mut value = 0usize;
        for j in (end..i).rev() {
            value = (value << 1) | usize::from(bit(j));
            if started {
                acc.square_in_place();
            }
        }
        let term = odd[value >> 1];
        if started {
            acc *= term;
        } else {
            acc = term;
            started = true;
        }
        i = end;
    }
    acc
}

/// The square root of `a` in the base field, if `a` is a square (either
/// root; the caller picks the sign).
pub(crate) fn fq_sqrt(a: &Fq) -> Option<Fq> {
    let root = pow_p_plus_1_div_4(a);
    (root.square() == *a).then_some(root)
}

/// The point with abscissa `x` on `y^2 = x^3 + 4`, taking the larger `y`
/// (as an integer in `[0, p)`) when `largest`; `None` when `x^3 + 4` is not
/// a square. No subgroup check.
pub(crate) fn g1_from_x(x: Fq, largest: bool) -> Option<G1Affine> {
    let rhs = x.square() * x + Fq::from(4u64);
    let y = fq_sqrt(&rhs)?;
    let neg = -y;
    let (smaller, larger) = if y < neg { (y, neg) } else { (neg, y) };
    Some(G1Affine::new_unchecked(
        x,
        if largest { larger } else { smaller },
    ))
}

/// `|x|` of the BLS12-381 curve parameter `x = -0xd201000000010000`.
const X_ABS: u64 = 0xd201_0000_0001_0000;

/// `[|x|]p` by double-and-add over the 64 bits of `|x|` (6 set bits).
fn mul_by_x_abs(p: &G1Projective) -> G1Projective {
    let mut acc = *p;
    for i in (0..63).rev() {
        double(&mut acc);
        if (X_ABS >> i) & 1 == 1 {
            acc += p;
        }
    }
    acc
}

/// Whether a point on the curve is in the prime-order subgroup G1: the
/// test `phi(P) == -[x^2]P` with `phi(x, y) = (beta x, y)`, and Scott's
/// early rejection of `[x]P == P` for `P != 0` (section 6 of eprint
/// 2021/1130), as in arkworks' `is_in_correct_subgroup_assuming_on_curve`.
pub(crate) fn g1_in_subgroup(p: &G1Affine) -> bool {
    if p.is_zero() {
        return true;
    }
    // [|x|]P == P is the same test as arkworks' (it multiplies by |x|).
    // The first multiplication from the affine point: mixed additions.
    let mut first = G1Projective::from(*p);
    for i in (0..63).rev() {
        double(&mut first);
        if (X_ABS >> i) & 1 == 1 {
            add_affine(&mut first, p);
        }
    }
    if first == *p {
        return false;
    }
    let x_squared_p = mul_by_x_abs(&first);
    let endo = ark_bls12_381::g1::endomorphism(p);
    -x_squared_p == endo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{CurveGroup, PrimeGroup, UniformRand};
    use ark_ec::short_weierstrass::SWCurveConfig;
    use ark_ff::{BigInteger, Zero};
    use ark_std::test_rng;
    use proptest::prelude::*;

    fn fq_from_seed(seed: u64) -> Fq {
        use ark_std::rand::SeedableRng;
        let mut rng = ark_std::rand::rngs::StdRng::seed_from_u64(seed);
        Fq::rand(&mut rng)
    }

    #[test]
    fn exponent_is_p_plus_one_over_four() {
        // 4 * e - 1 == p.
        let mut e = P_PLUS_1_DIV_4;
        e.mul2();
        e.mul2();
        let mut p = <Fq as PrimeField>::MODULUS;
        p.add_with_carry(&BigInt::from(1u64));
        assert_eq!(e, p);
    }

    #[test]
    fn sqrt_edge_cases() {
        assert_eq!(fq_sqrt(&Fq::zero()), Some(Fq::zero()));
        let one = Fq::from(1u64);
        let root = fq_sqrt(&one).unwrap();
        assert!(root == one || root == -one);
        // -1 is not a square when p = 3 mod 4.
        assert_eq!(fq_sqrt(&-one), None);
        assert_eq!(pow_p_plus_1_div_4(&one), one);
        let two = Fq::from(2u64);
        assert_eq!(pow_p_plus_1_div_4(&two), two.pow(P_PLUS_1_DIV_4));
    }

    /// Random points of the curve outside G1 (almost every point of
    /// `E(Fq)` is outside: the cofactor is about 2^126).
    fn curve_point(seed: u64) -> Option<G1Affine> {
        let x = fq_from_seed(seed);
        G1Affine::get_point_from_x_unchecked(x, seed.is_multiple_of(2))
    }

    #[test]
    fn subgroup_check_matches_arkworks_on_small_order_components() {
        // Points whose order divides the cofactor times r, projected onto
        // each prime of the cofactor h = 3 * 11^2 * 10177^2 * 859267^2 *
        // 52437899^2: [h / l^k * r]P has order l^j, so a check that missed a
        // component would accept some of them.
        let cofactor: u128 = 0x396c_8c00_5555_e156_8c00_aaab_0000_aaab;
        let primes: [(u128, u32); 5] = [(3, 1), (11, 2), (10177, 2), (859_267, 2), (52_437_899, 2)];
        assert_eq!(
            primes.iter().map(|(l, k)| l.pow(*k)).product::<u128>(),
            cofactor
        );
        let order = crate::curve::Scalar::MODULUS;
        let mut tested = 0;
        for seed in 0..40u64 {
            let Some(p) = curve_point(seed) else { continue };
            let p_r = ark_bls12_381::g1::Config::mul_affine(&p, order.as_ref());
            for (l, k) in primes {
                let cof = cofactor / l.pow(k);
                let q = (p_r * crate::curve::Scalar::from(cof)).into_affine();
                assert_eq!(
                    g1_in_subgroup(&q),
                    q.is_in_correct_subgroup_assuming_on_curve()
                );
                assert_eq!(g1_in_subgroup(&q), q.is_zero());
                // Plus a point of G1: still outside unless q is zero.
                let g = (crate::G1Projective::generator() * crate::curve::Scalar::from(seed + 1)
                    + q)
                    .into_affine();
                assert_eq!(g1_in_subgroup(&g), q.is_zero());
                assert_eq!(crate::encoding::g1_is_valid(&g), q.is_zero());
                tested += 1;
            }
        }
        assert!(tested > 20);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn sqrt_matches_arkworks(seed in any::<u64>()) {
            let a = fq_from_seed(seed);
            let square = a.square();
            let ours = fq_sqrt(&square).unwrap();
            prop_assert!(ours == a || ours == -a);
            prop_assert_eq!(fq_sqrt(&a), a.sqrt());
            // A non-square: -square is one (-1 is a non-square), unless zero.
            if !a.is_zero() {
                prop_assert_eq!(fq_sqrt(&-square), None);
            }
        }

        #[test]
        fn decompression_matches_arkworks(seed in any::<u64>(), largest in any::<bool>()) {
            let x = fq_from_seed(seed);
            prop_assert_eq!(
                g1_from_x(x, largest),
                G1Affine::get_point_from_x_unchecked(x, largest)
            );
        }

        #[test]
        fn subgroup_check_matches_arkworks(seed in any::<u64>()) {
            let mut rng = {
                use ark_std::rand::SeedableRng;
                ark_std::rand::rngs::StdRng::seed_from_u64(seed)
            };
            let inside = crate::G1Projective::rand(&mut rng).into_affine();
            prop_assert!(g1_in_subgroup(&inside));
            if let Some(p) = curve_point(seed) {
                prop_assert_eq!(g1_in_subgroup(&p), p.is_in_correct_subgroup_assuming_on_curve());
            }
        }
    }

    #[test]
    fn identity_and_generator() {
        let _ = test_rng();
        assert!(g1_in_subgroup(&G1Affine::zero()));
        assert!(g1_in_subgroup(&G1Affine::generator()));
        assert!(crate::encoding::g1_is_valid(&G1Affine::zero()));
        assert!(crate::encoding::g1_is_valid(&G1Affine::generator()));
        // Off the curve: (1, 1) is not on y^2 = x^3 + 4.
        let off = G1Affine::new_unchecked(Fq::from(1u64), Fq::from(1u64));
        assert!(!crate::encoding::g1_is_valid(&off));
    }
}
