//! The curve and field types of zg: BLS12-381 from arkworks.
//!
//! Every zg crate takes these from here, so that the curve crate is named in
//! one place. The arkworks traits needed to compute with them are re-exported
//! too.

pub use ark_bls12_381::{
    Bls12_381, Fq, Fq2, Fr as Scalar, G1Affine, G1Projective, G2Affine, G2Projective,
};
pub use ark_ec::{AffineRepr, CurveGroup, PrimeGroup, pairing::Pairing};
pub use ark_ff::{BigInteger, Field, One, PrimeField, UniformRand, Zero};

/// The order of the subgroup of the multiplicative group of [`Scalar`] whose
/// order is the largest power of two: roots of unity of order `2^k` exist for
/// every `k <= SCALAR_TWO_ADICITY`.
pub const SCALAR_TWO_ADICITY: u32 = 32;

/// A primitive root of unity of order `n` (a power of two, at most 2^32),
/// defined as Ethereum defines it: `7^((r - 1) / n)`.
///
/// Returns `None` when `n` is not a power of two or is too large.
pub fn root_of_unity(n: u64) -> Option<Scalar> {
    if !n.is_power_of_two() || n > (1u64 << SCALAR_TWO_ADICITY) {
        return None;
    }
    // arkworks' two-adic root is GENERATOR^((r-1)/2^32) with GENERATOR = 7,
    // which makes its powers agree with the consensus specifications.
    let two_adic = <Scalar as ark_ff::FftField>::TWO_ADIC_ROOT_OF_UNITY;
    let log_n = n.trailing_zeros();
    let mut root = two_adic;
    for _ in log_n..SCALAR_TWO_ADICITY {
        root.square_in_place();
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_have_exact_order() {
        for log_n in [0u32, 1, 5, 12, 20, 32] {
            let n = 1u64 << log_n;
            let root = root_of_unity(n).unwrap();
            assert_eq!(root.pow([n]), Scalar::one());
            if n > 1 {
                assert_ne!(root.pow([n / 2]), Scalar::one());
            }
        }
        assert!(root_of_unity(3).is_none());
        assert!(root_of_unity(1 << 33).is_none());
    }

    #[test]
    fn root_matches_seven_to_the_cofactor() {
        // Ethereum: ROOT = 7^((r-1)/n). Check for n = 4096.
        let r_minus_1 = {
            let mut m = Scalar::MODULUS;
            m.sub_with_borrow(&<Scalar as PrimeField>::BigInt::from(1u64));
            m
        };
        let mut exp = r_minus_1;
        for _ in 0..12 {
            exp.div2();
        }
        let expected = Scalar::from(7u64).pow(exp);
        assert_eq!(root_of_unity(4096).unwrap(), expected);
    }
}
