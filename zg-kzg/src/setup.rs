//! The structured reference string.

use crate::Error;
use alloc::vec::Vec;
use zg_types::curve::{AffineRepr, Bls12_381, CurveGroup, Pairing};
use zg_types::{G1Affine, G1Projective, G2Affine};

/// A KZG structured reference string over BLS12-381: `[tau^i]G1` for
/// `i < n` in monomial form and in Lagrange form over the order-`n`
/// subgroup, and `[tau^i]G2` for the first few `i`.
///
/// The Lagrange points are in bit-reversed order, as Ethereum's
/// `KZG_SETUP_G1_LAGRANGE`: point `i` is `[L_j(tau)]G1` where `L_j` is the
/// Lagrange polynomial of `w^j`, `j = bitrev(i)`. A blob in evaluation form
/// (Ethereum's layout, and family 0 of a zg geometry) commits as the MSM of
/// its elements with these points in the same order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    g1_monomial: Vec<G1Affine>,
    g1_lagrange_brp: Vec<G1Affine>,
    g2_monomial: Vec<G2Affine>,
}

impl Setup {
    /// Assembles a setup from its points and checks that the sizes fit:
    /// `n` a power of two, the same `n` for both G1 forms, at least two G2
    /// powers. Curve and subgroup membership is the caller's (the parsers
    /// check it); the pairing check that all powers share one tau is
    /// [`Setup::check_consistency`].
    pub fn from_points(
        g1_monomial: Vec<G1Affine>,
        g1_lagrange_brp: Vec<G1Affine>,
        g2_monomial: Vec<G2Affine>,
    ) -> Result<Self, Error> {
        let n = g1_monomial.len();
        if !n.is_power_of_two() {
            return Err(Error::InvalidSetup {
                reason: "the number of G1 powers must be a power of two",
            });
        }
        if g1_lagrange_brp.len() != n {
            return Err(Error::InvalidSetup {
                reason: "G1 monomial and Lagrange forms must have the same length",
            });
        }
        if g2_monomial.len() < 2 {
            return Err(Error::InvalidSetup {
                reason: "at least two G2 powers are needed",
            });
        }
        Ok(Self {
            g1_monomial,
            g1_lagrange_brp,
            g2_monomial,
        })
    }

    /// Number of G1 powers: the largest polynomial length this setup commits.
    pub fn len(&self) -> usize {
        self.g1_monomial.len()
    }

    /// Always `false`: a setup holds at least one power.
    pub fn is_empty(&self) -> bool {
        self.g1_monomial.is_empty()
    }

    /// `[tau^i]G1` for `i < len()`.
    pub fn g1_monomial(&self) -> &[G1Affine] {
        &self.g1_monomial
    }

    /// `[L_bitrev(i)(tau)]G1` for `i < len()` (see the type's docs).
    pub fn g1_lagrange_brp(&self) -> &[G1Affine] {
        &self.g1_lagrange_brp
    }

    /// `[tau^i]G2` for the G2 powers the setup carries.
    pub fn g2_monomial(&self) -> &[G2Affine] {
        &self.g2_monomial
    }

    /// Checks with pairings that consecutive G1 powers and the first G2
    /// powers share one tau: `e([tau^(i+1)]G1, G2) == e([tau^i]G1, [tau]G2)`
    /// for a random linear combination over all `i`, the same for G2, and
    /// that the first G1 and G2 points are the generators.
    pub fn check_consistency(&self) -> Result<(), Error> {
        let g1 = G1Affine::generator();
        let g2 = G2Affine::generator();
        if self.g1_monomial.first() != Some(&g1) || self.g2_monomial.first() != Some(&g2) {
            return Err(Error::InvalidSetup {
                reason: "the first powers must be the group generators",
            });
        }
        // All G1 pairs are checked at once, combined with powers of a scalar
        // hashed from every point, so no pair can be chosen to cancel another.
        let r = hash_to_scalar(self);
        let mut lhs = G1Projective::default();
        let mut rhs = G1Projective::default();
        let mut coeff = zg_types::Scalar::from(1u64);
        for pair in self.g1_monomial.windows(2) {
            lhs += pair[1] * coeff;
            rhs += pair[0] * coeff;
            coeff *= r;
        }
        let tau_g2 = self.g2_monomial[1];
        if Bls12_381::pairing(lhs.into_affine(), g2)
            != Bls12_381::pairing(rhs.into_affine(), tau_g2)
        {
            return Err(Error::InvalidSetup {
                reason: "G1 powers and G2 powers do not share one tau",
            });
        }
        let tau_g1 = self.g1_monomial[1];
        for pair in self.g2_monomial.windows(2) {
            if Bls12_381::pairing(tau_g1, pair[0]) != Bls12_381::pairing(g1, pair[1]) {
                return Err(Error::InvalidSetup {
                    reason: "G2 powers are not consecutive powers of tau",
                });
            }
        }
        Ok(())
    }
}

/// A challenge scalar bound to every point of the setup, so an adversary who
/// supplies the setup cannot choose points that cancel in the combination.
fn hash_to_scalar(setup: &Setup) -> zg_types::Scalar {
    use ark_ff::PrimeField;
    use tiny_keccak::{Hasher, Keccak};
    let mut hasher = Keccak::v256();
    for p in setup.g1_monomial.iter().chain(setup.g1_lagrange_brp.iter()) {
        hasher.update(&zg_types::encoding::g1_to_bytes(p));
    }
    for p in &setup.g2_monomial {
        hasher.update(&zg_types::encoding::g2_to_bytes(p));
    }
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    zg_types::Scalar::from_be_bytes_mod_order(&out)
}

#[cfg(feature = "insecure-setup")]
impl Setup {
    /// **INSECURE**: a setup whose secret `tau` is derived from `seed`, so
    /// anyone who knows the seed can forge proofs. For tests and benchmarks
    /// of sizes no ceremony covers (up to `n = 2^21`).
    ///
    /// Holds `n` G1 powers (monomial and bit-reversed Lagrange form) and
    /// `g2_powers` G2 powers.
    pub fn insecure_from_seed(seed: &[u8], n: usize, g2_powers: usize) -> Result<Self, Error> {
        use ark_ec::scalar_mul::BatchMulPreprocessing;
        use ark_ff::{Field, PrimeField};
        use tiny_keccak::{Hasher, Keccak};
        use zg_types::{G2Projective, Scalar};

        if !n.is_power_of_two() || n > 1 << 21 || g2_powers < 2 {
            return Err(Error::InvalidSetup {
                reason: "insecure setups have a power-of-two size up to 2^21 and at least two G2 powers",
            });
        }
        let mut digest = [0u8; 32];
        let mut hasher = Keccak::v256();
        hasher.update(b"zg insecure setup tau");
        hasher.update(seed);
        hasher.finalize(&mut digest);
        let tau = Scalar::from_be_bytes_mod_order(&digest);

        let mut powers = Vec::with_capacity(n);
        let mut acc = Scalar::from(1u64);
        for _ in 0..n {
            powers.push(acc);
            acc *= tau;
        }
        let tau_n = acc;
        let omega = zg_types::curve::root_of_unity(n as u64).ok_or(Error::InvalidSetup {
            reason: "no root of unity of this order",
        })?;
        // L_j(tau) = (tau^n - 1) / n * w^j / (tau - w^j).
        let mut roots = Vec::with_capacity(n);
        let mut w = Scalar::from(1u64);
        for _ in 0..n {
            roots.push(w);
            w *= omega;
        }
        let mut denominators: Vec<Scalar> = roots.iter().map(|r| tau - r).collect();
        ark_ff::batch_inversion(&mut denominators);
        let n_inv = Scalar::from(n as u64)
            .inverse()
            .ok_or(Error::InvalidSetup {
                reason: "n is not invertible",
            })?;
        let common = (tau_n - Scalar::from(1u64)) * n_inv;
        let mut lagrange: Vec<Scalar> = roots
            .iter()
            .zip(&denominators)
            .map(|(r, d)| common * r * d)
            .collect();
        zg_types::bit_reverse_permute(&mut lagrange);

        let g1_table = BatchMulPreprocessing::new(G1Projective::from(G1Affine::generator()), n);
        let g1_monomial = g1_table.batch_mul(&powers);
        let g1_lagrange_brp = g1_table.batch_mul(&lagrange);
        let g2_table =
            BatchMulPreprocessing::new(G2Projective::from(G2Affine::generator()), g2_powers);
        let g2_monomial = g2_table.batch_mul(&powers[..g2_powers.min(n)]);
        Self::from_points(g1_monomial, g1_lagrange_brp, g2_monomial)
    }
}

#[cfg(all(test, feature = "insecure-setup"))]
mod tests {
    use super::*;
    use ark_ec::VariableBaseMSM;
    use zg_types::Scalar;

    #[test]
    fn insecure_setup_is_consistent_and_lagrange_matches_monomial() {
        let setup = Setup::insecure_from_seed(b"test", 16, 5).unwrap();
        setup.check_consistency().unwrap();
        // Commit to the constant polynomial 1 both ways: sum of Lagrange points
        // equals [1]G1.
        let ones = alloc::vec![Scalar::from(1u64); 16];
        let sum = G1Projective::msm(setup.g1_lagrange_brp(), &ones).unwrap();
        assert_eq!(sum.into_affine(), G1Affine::generator());
    }

    #[test]
    fn tampered_setup_fails_consistency() {
        let setup = Setup::insecure_from_seed(b"test", 8, 3).unwrap();
        let mut g1 = setup.g1_monomial().to_vec();
        g1[3] = (g1[3] + G1Affine::generator()).into_affine();
        let bad = Setup::from_points(
            g1,
            setup.g1_lagrange_brp().to_vec(),
            setup.g2_monomial().to_vec(),
        )
        .unwrap();
        assert!(bad.check_consistency().is_err());
    }
}
