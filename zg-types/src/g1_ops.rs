//! G1 formulas for hot loops: arkworks' Jacobian doubling and mixed
//! addition, with the identity and equality tests done on the limbs.
//!
//! arkworks compares field elements through `memcmp`; in loops of
//! thousands of point operations (subgroup checks, scalar multiplications
//! by FFT twiddles, bucket sums) those calls showed in profiles. The
//! formulas are the published ones arkworks also uses, and the results are
//! the same points in the same coordinates (tested against arkworks).

use crate::curve::{Fq, G1Affine, G1Projective};
use ark_ec::AdditiveGroup;
use ark_ff::{BigInteger, Field, PrimeField};

/// Whether a field element is zero, by its limbs (Montgomery form keeps
/// zero as all-zero limbs).
#[inline]
pub fn fq_is_zero(v: &Fq) -> bool {
    v.0.0.iter().fold(0, |acc, limb| acc | limb) == 0
}

/// Field element equality by limbs (both are kept reduced).
#[inline]
pub fn fq_eq(a: &Fq, b: &Fq) -> bool {
    a.0.0
        .iter()
        .zip(&b.0.0)
        .fold(0, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// `-v`. arkworks' negation first tests `v` for zero by comparing it with
/// zero through `memcmp`; in the affine-addition loops that call showed in
/// profiles, so the test here is on the limbs.
#[inline]
pub fn fq_neg(v: &Fq) -> Fq {
    if fq_is_zero(v) {
        return *v;
    }
    let mut limbs = <Fq as PrimeField>::MODULUS;
    limbs.sub_with_borrow(&v.0);
    Fq::new_unchecked(limbs)
}

/// `-p` for an affine point, with [`fq_neg`] (the identity `(0, 0)`
/// stays itself).
#[inline]
pub fn neg_affine(p: &G1Affine) -> G1Affine {
    G1Affine::new_unchecked(p.x, fq_neg(&p.y))
}

/// Whether an affine point is the identity, which arkworks stores as
/// `(0, 0)`.
#[inline]
pub fn is_identity(p: &G1Affine) -> bool {
    fq_is_zero(&p.x) & fq_is_zero(&p.y)
}

/// `p = 2p` in arkworks' Jacobian coordinates (`dbl-2009-l`, `a = 0`:
/// 2M + 5S), as arkworks' `double_in_place`.
#[allow(
    clippy::many_single_char_names,
    reason = "the letters of the published formulas"
)]
#[inline]
pub fn double(p: &mut G1Projective) {
    if fq_is_zero(&p.z) {
        return;
    }
    let a = p.x.square();
    let b = p.y.square();
    let c = b.square();
    let d = ((p.x + b).square() - a - c).double();
    let e = a.double() + a;
    p.z *= p.y;
    p.z.double_in_place();
    p.x = e.square() - d.double();
    let mut c8 = c.double();
    c8.double_in_place().double_in_place();
    p.y = e * (d - p.x) - c8;
}

/// `acc += q` for an affine `q` (`madd-2007-bl`: 7M + 4S); equal
/// x-coordinates (doubling or cancelling) go through arkworks' complete
/// addition.
#[allow(
    clippy::many_single_char_names,
    reason = "the letters of the published formulas"
)]
#[inline]
pub fn add_affine(acc: &mut G1Projective, q: &G1Affine) {
    if is_identity(q) {
        return;
    }
    if fq_is_zero(&acc.z) {
        *acc = G1Projective::from(*q);
        return;
    }
    let z1z1 = acc.z.square();
    let u2 = q.x * z1z1;
    let s2 = q.y * acc.z * z1z1;
    if fq_eq(&u2, &acc.x) {
        *acc += q;
        return;
    }
    let h = u2 - acc.x;
    let hh = h.square();
    let i = hh.double().double();
    let j = h * i;
    let r = (s2 - acc.y).double();
    let v = acc.x * i;
    let x3 = r.square() - j - v.double();
    let y3 = r * (v - x3) - (acc.y * j).double();
    acc.z = (acc.z + h).square() - z1z1 - hh;
    acc.x = x3;
    acc.y = y3;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{AffineRepr, CurveGroup, UniformRand, Zero};

    /// The limb-tested doubling and mixed addition against arkworks:
    /// identities on either side, equal and opposite points, and
    /// accumulators with Z != 1.
    #[test]
    fn double_and_add_affine_match_arkworks() {
        let mut rng = ark_std::test_rng();
        let p = G1Projective::rand(&mut rng);
        let q = G1Projective::rand(&mut rng).into_affine();
        let scaled = p.double() + q; // some Z != 1
        for acc in [G1Projective::zero(), p, scaled, G1Projective::from(q)] {
            let mut doubled = acc;
            double(&mut doubled);
            assert_eq!(doubled, acc.double());
            for other in [
                q,
                -q,
                G1Affine::identity(),
                acc.into_affine(),
                (-acc).into_affine(),
            ] {
                let mut sum = acc;
                add_affine(&mut sum, &other);
                assert_eq!(sum, acc + other);
            }
        }
    }

    /// The limb tests see every limb: limbs that cancel under XOR are
    /// not zero, and a difference in any one limb is a difference.
    #[test]
    fn limb_tests_see_every_limb() {
        use ark_ff::BigInt;
        let twins = Fq::new_unchecked(BigInt([5, 5, 0, 0, 0, 0]));
        assert!(!fq_is_zero(&twins));
        assert!(fq_is_zero(&Fq::zero()));
        let a = Fq::new_unchecked(BigInt([1, 2, 3, 4, 5, 6]));
        for limb in 0..6 {
            let mut other = a;
            other.0.0[limb] ^= 1 << limb;
            assert!(!fq_eq(&a, &other));
            // Two limbs changed by the same bit cancel under XOR.
            other.0.0[(limb + 1) % 6] ^= 1 << limb;
            assert!(!fq_eq(&a, &other));
        }
        assert!(fq_eq(&a, &a));
    }

    /// Only `(0, 0)` is the identity: the curve's points `(0, +-2)` (of
    /// order 3, outside G1) have `x = 0` and are not.
    #[test]
    fn identity_needs_both_coordinates_zero() {
        assert!(is_identity(&G1Affine::zero()));
        let two = Fq::from(2u64);
        for y in [two, -two] {
            let p = G1Affine::new_unchecked(Fq::zero(), y);
            assert!(p.is_on_curve());
            assert!(!is_identity(&p));
        }
        assert!(!is_identity(&G1Affine::generator()));
    }

    #[test]
    fn negation_matches_arkworks() {
        let mut rng = ark_std::test_rng();
        for v in [
            Fq::zero(),
            Fq::from(1u64),
            -Fq::from(1u64),
            Fq::rand(&mut rng),
        ] {
            assert_eq!(fq_neg(&v), -v);
            assert_eq!(fq_neg(&v) + v, Fq::zero());
        }
        for p in [
            G1Affine::zero(),
            G1Affine::generator(),
            G1Projective::rand(&mut rng).into_affine(),
        ] {
            assert_eq!(neg_affine(&p), -p);
        }
    }

    #[test]
    fn limb_tests_match_field_equality() {
        let mut rng = ark_std::test_rng();
        let a = Fq::rand(&mut rng);
        let b = Fq::rand(&mut rng);
        assert!(fq_eq(&a, &a));
        assert!(!fq_eq(&a, &b));
        assert!(fq_is_zero(&Fq::zero()));
        assert!(!fq_is_zero(&a));
        assert!(is_identity(&G1Affine::zero()));
        assert!(!is_identity(&G1Affine::generator()));
    }
}
