//! Commitments to polynomials in evaluation form, openings at a point, and
//! their (batch) verification.

use crate::batch_msm::Terms;
use crate::msm::FixedBaseMsm;
use crate::setup::{Setup, powers};
use crate::{Error, transcript};
use alloc::vec::Vec;
use ark_ec::pairing::Pairing;
use ark_ff::{Field, One, Zero};
use zg_types::curve::{AffineRepr, Bls12_381, CurveGroup};
use zg_types::encoding::{self, G1_BYTES};
use zg_types::{G1Affine, G1Projective, G2Affine, Scalar};

type G2Prepared = <Bls12_381 as Pairing>::G2Prepared;

macro_rules! g1_wrapper {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name(G1Affine);

        impl $name {
            /// Parses 48 compressed bytes, checking the encoding, the curve
            /// and the subgroup (the point at infinity is accepted).
            pub fn from_bytes(bytes: &[u8; G1_BYTES]) -> Result<Self, Error> {
                Ok(Self(encoding::g1_from_bytes(bytes)?))
            }

            /// Like [`Self::from_bytes`], from a slice that must be 48 bytes long.
            pub fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
                Ok(Self(encoding::g1_from_slice(bytes)?))
            }

            /// The 48-byte compressed encoding.
            pub fn to_bytes(&self) -> [u8; G1_BYTES] {
                encoding::g1_to_bytes(&self.0)
            }

            #[doc = concat!("Wraps a G1 point as a ", $what, ".")]
            pub fn from_point(point: G1Affine) -> Self {
                Self(point)
            }

            /// The G1 point.
            pub fn point(&self) -> G1Affine {
                self.0
            }
        }
    };
}

g1_wrapper!(
    /// A KZG commitment: `[p(tau)]G1` for a committed polynomial `p`.
    Commitment,
    "commitment"
);
g1_wrapper!(
    /// A KZG opening proof: `[q(tau)]G1` for the quotient
    /// `q(X) = (p(X) - y) / (X - z)`.
    Proof,
    "proof"
);

/// One claimed opening `p(z) = y` of a committed polynomial, with its proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    /// The commitment to `p`.
    pub commitment: Commitment,
    /// The point.
    pub z: Scalar,
    /// The claimed value `p(z)`.
    pub y: Scalar,
    /// The proof.
    pub proof: Proof,
}

/// Commits to polynomials given by their evaluations, opens them at points
/// and verifies openings, over one [`Setup`].
///
/// Polynomials are in evaluation form over the setup's domain in
/// bit-reversed order: element `i` is `p(w^bitrev(i))` (Ethereum's blob
/// layout). Prover-side precomputation (the fixed-base MSM table) is built
/// once in the constructor; see [`FixedBaseMsm`] for its size.
#[derive(Clone, Debug)]
pub struct Kzg {
    setup: Setup,
    roots_brp: Vec<Scalar>,
    n_inv: Scalar,
    table: Option<FixedBaseMsm>,
    g2: G2Prepared,
    neg_tau_g2: G2Prepared,
}

impl Kzg {
    /// A prover and verifier with the default fixed-base table
    /// ([`FixedBaseMsm::DEFAULT_WINDOW_BITS`]).
    pub fn new(setup: Setup) -> Result<Self, Error> {
        Self::with_window_bits(setup, FixedBaseMsm::DEFAULT_WINDOW_BITS)
    }

    /// A prover and verifier whose fixed-base table uses windows of
    /// `window_bits` bits: the memory/speed trade-off of commitments and
    /// proofs (see [`FixedBaseMsm`]).
    pub fn with_window_bits(setup: Setup, window_bits: u32) -> Result<Self, Error> {
        let table = FixedBaseMsm::new(setup.g1_lagrange_brp(), window_bits)?;
        let mut kzg = Self::without_precomputation(setup)?;
        kzg.table = Some(table);
        Ok(kzg)
    }

    /// A verifier (and slow prover) without the fixed-base table: cheap to
    /// build, for verifiers; commitments then use a variable-base MSM.
    pub fn without_precomputation(setup: Setup) -> Result<Self, Error> {
        let n = setup.len();
        let omega = zg_types::curve::root_of_unity(n as u64).ok_or(Error::InvalidSetup {
            reason: "no root of unity of this order",
        })?;
        let mut roots_brp = powers(omega, n);
        zg_types::bit_reverse_permute(&mut roots_brp);
        let n_inv = Scalar::from(n as u64)
            .inverse()
            .ok_or(Error::InvalidSetup {
                reason: "n is not invertible",
            })?;
        let tau_g2 = *setup.g2_monomial().get(1).ok_or(Error::InvalidSetup {
            reason: "at least two G2 powers are needed",
        })?;
        Ok(Self {
            g2: G2Affine::generator().into(),
            neg_tau_g2: (-tau_g2).into(),
            setup,
            roots_brp,
            n_inv,
            table: None,
        })
    }

    /// The setup.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Number of evaluations of a committed polynomial.
    pub fn len(&self) -> usize {
        self.setup.len()
    }

    /// Always `false`.
    pub fn is_empty(&self) -> bool {
        self.setup.is_empty()
    }

    /// The evaluation domain in bit-reversed order: `w^bitrev(i)`.
    pub fn domain_brp(&self) -> &[Scalar] {
        &self.roots_brp
    }

    /// Bytes held by the fixed-base table (0 without precomputation).
    pub fn precomputation_bytes(&self) -> usize {
        self.table.as_ref().map_or(0, FixedBaseMsm::table_bytes)
    }

    fn check_len(&self, evaluations: &[Scalar]) -> Result<(), Error> {
        if evaluations.len() == self.len() {
            Ok(())
        } else {
            Err(Error::LengthMismatch {
                what: "polynomial evaluations",
                expected: self.len(),
                actual: evaluations.len(),
            })
        }
    }

    /// `sum_i s_i * lagrange_brp[i]`.
    fn lagrange_msm(&self, scalars: &[Scalar]) -> Result<G1Affine, Error> {
        if let Some(table) = &self.table {
            return Ok(table.msm(scalars)?.into_affine());
        }
        let bases =
            self.setup
                .g1_lagrange_brp()
                .get(..scalars.len())
                .ok_or(Error::LengthMismatch {
                    what: "MSM scalars",
                    expected: self.len(),
                    actual: scalars.len(),
                })?;
        let point = crate::msm::msm(bases, scalars);
        Ok(point.into_affine())
    }

    /// Commits to the polynomial with the given evaluations (bit-reversed
    /// domain order, exactly [`Kzg::len`] of them).
    pub fn commit(&self, evaluations: &[Scalar]) -> Result<Commitment, Error> {
        self.check_len(evaluations)?;
        Ok(Commitment(self.lagrange_msm(evaluations)?))
    }

    /// `1 / (w_i - z)` for every domain point, with `0` at the index where
    /// `w_i == z` (returned as well) if `z` lies in the domain.
    fn inverse_differences(&self, z: Scalar) -> (Vec<Scalar>, Option<usize>) {
        let mut inverses: Vec<Scalar> = self.roots_brp.iter().map(|w| *w - z).collect();
        let inside = inverses.iter().position(Zero::is_zero);
        // batch_inversion leaves zeros as zeros.
        ark_ff::batch_inversion(&mut inverses);
        (inverses, inside)
    }

    /// `p(z)` given the inverses of [`Self::inverse_differences`]
    /// (barycentric formula outside the domain).
    fn evaluate_with(
        &self,
        evaluations: &[Scalar],
        z: Scalar,
        inverses: &[Scalar],
        inside: Option<usize>,
    ) -> Scalar {
        if let Some(m) = inside {
            return evaluations[m];
        }
        // p(z) = (z^n - 1) / n * sum p_i w_i / (z - w_i)
        let sum: Scalar = evaluations
            .iter()
            .zip(&self.roots_brp)
            .zip(inverses)
            .map(|((p, w), inv)| *p * w * inv)
            .sum();
        let factor = (z.pow([self.len() as u64]) - Scalar::one()) * self.n_inv;
        -(sum * factor)
    }

    /// Evaluates the polynomial at `z`: the barycentric formula outside the
    /// domain, a lookup inside it.
    pub fn evaluate(&self, evaluations: &[Scalar], z: Scalar) -> Result<Scalar, Error> {
        self.check_len(evaluations)?;
        let (inverses, inside) = self.inverse_differences(z);
        Ok(self.evaluate_with(evaluations, z, &inverses, inside))
    }

    /// Opens the polynomial at `z`: returns the proof and `y = p(z)`.
    ///
    /// The quotient `(p(X) - y) / (X - z)` is computed in evaluation form;
    /// when `z` is a domain point `w_m`, its value there is
    /// `sum_{i != m} (p_i - y) w_i / (z (z - w_i))` (the spec's
    /// `compute_quotient_eval_within_domain`).
    pub fn open(&self, evaluations: &[Scalar], z: Scalar) -> Result<(Proof, Scalar), Error> {
        self.check_len(evaluations)?;
        let (inverses, inside) = self.inverse_differences(z);
        let y = self.evaluate_with(evaluations, z, &inverses, inside);
        let mut quotient: Vec<Scalar> = evaluations
            .iter()
            .zip(&inverses)
            .map(|(p, inv)| (*p - y) * inv)
            .collect();
        if let Some(m) = inside {
            // (p_i - y) / (w_i - z) is already in `quotient` (0 at m), and
            // (p_i - y) w_i / (z (z - w_i)) = -quotient_i * w_i / z.
            let sum: Scalar = quotient
                .iter()
                .zip(&self.roots_brp)
                .map(|(q, w)| *q * w)
                .sum();
            let z_inv = z.inverse().unwrap_or_default();
            quotient[m] = -(sum * z_inv);
        }
        Ok((Proof(self.lagrange_msm(&quotient)?), y))
    }

    /// Checks `e(C - [y]G1 + [z]proof, G2) * e(proof, -[tau]G2) == 1`, i.e.
    /// that `proof` opens `commitment` to `y` at `z`.
    pub fn verify(&self, commitment: &Commitment, z: Scalar, y: Scalar, proof: &Proof) -> bool {
        let lhs = G1Projective::from(commitment.0) - G1Affine::generator() * y + proof.0 * z;
        self.pairing_check(lhs.into_affine(), proof.0)
    }

    /// `e(a, G2) * e(b, -[tau]G2) == 1`.
    fn pairing_check(&self, a: G1Affine, b: G1Affine) -> bool {
        let looped =
            Bls12_381::multi_miller_loop([a, b], [self.g2.clone(), self.neg_tau_g2.clone()]);
        Bls12_381::final_exponentiation(looped).is_some_and(|out| out.is_zero())
    }

    /// Verifies many openings at once with a random linear combination, the
    /// randomness `r` derived from every input as the spec's
    /// `verify_kzg_proof_batch` derives it (so the result is deterministic):
    ///
    /// `e(sum r^i proof_i, -[tau]G2) * e(sum r^i (C_i - [y_i]G1 + [z_i]proof_i), G2) == 1`.
    ///
    /// An empty batch is valid.
    pub fn verify_batch(&self, openings: &[Opening]) -> bool {
        if openings.is_empty() {
            return true;
        }
        let r = transcript::batch_randomness(
            self.len(),
            openings.iter().map(|o| {
                (
                    o.commitment.to_bytes(),
                    encoding::scalar_to_bytes(&o.z),
                    encoding::scalar_to_bytes(&o.y),
                    o.proof.to_bytes(),
                )
            }),
        );
        let r_powers = powers(r, openings.len());
        let proofs: Vec<G1Affine> = openings.iter().map(|o| o.proof.0).collect();
        let mut bases: Vec<G1Affine> = openings.iter().map(|o| o.commitment.0).collect();
        bases.extend_from_slice(&proofs);
        bases.push(G1Affine::generator());
        let mut scalars = r_powers.clone();
        scalars.extend(openings.iter().zip(&r_powers).map(|(o, r)| o.z * r));
        scalars.push(
            -openings
                .iter()
                .zip(&r_powers)
                .map(|(o, r)| o.y * r)
                .sum::<Scalar>(),
        );
        // Both MSMs in one pass (GLV needs the points in G1, which every
        // decoder of commitments and proofs checks).
        let sums = crate::batch_msm::msm_many(&[
            Terms::Full(&bases, &scalars),
            Terms::Full(&proofs, &r_powers),
        ]);
        let [rhs, proof_lincomb] = sums[..] else {
            return false;
        };
        let [rhs, proof_lincomb] = G1Projective::normalize_batch(&[rhs, proof_lincomb])[..] else {
            return false;
        };
        self.pairing_check(rhs, proof_lincomb)
    }
}

#[cfg(all(test, feature = "insecure-setup"))]
#[allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]
mod tests {
    use super::*;
    use ark_std::UniformRand;

    fn kzg(n: usize) -> Kzg {
        Kzg::with_window_bits(Setup::insecure_from_seed(b"commit", n, 2).unwrap(), 5).unwrap()
    }

    fn random_poly(n: usize, seed: u64) -> Vec<Scalar> {
        let mut rng = ark_std::test_rng();
        for _ in 0..seed {
            let _ = Scalar::rand(&mut rng);
        }
        (0..n).map(|_| Scalar::rand(&mut rng)).collect()
    }

    #[test]
    fn open_and_verify_outside_and_inside_the_domain() {
        let kzg = kzg(16);
        let p = random_poly(16, 1);
        let c = kzg.commit(&p).unwrap();
        let plain = Kzg::without_precomputation(kzg.setup().clone()).unwrap();
        assert_eq!(plain.commit(&p).unwrap(), c);
        for z in [
            Scalar::from(12345u64),
            kzg.domain_brp()[3],
            kzg.domain_brp()[0],
        ] {
            let (proof, y) = kzg.open(&p, z).unwrap();
            assert_eq!(kzg.evaluate(&p, z).unwrap(), y);
            assert!(kzg.verify(&c, z, y, &proof));
            assert!(!kzg.verify(&c, z, y + Scalar::one(), &proof));
            assert!(!kzg.verify(&c, z + Scalar::one(), y, &proof));
        }
        // In the domain the value is the stored evaluation.
        assert_eq!(kzg.evaluate(&p, kzg.domain_brp()[5]).unwrap(), p[5]);
    }

    #[test]
    fn barycentric_matches_coefficient_form() {
        use ark_poly::{EvaluationDomain, Polynomial, Radix2EvaluationDomain};
        let kzg = kzg(8);
        let p = random_poly(8, 2);
        let mut natural = p.clone();
        zg_types::bit_reverse_permute(&mut natural);
        let domain = Radix2EvaluationDomain::<Scalar>::new(8).unwrap();
        let coeffs = ark_poly::DenseUVPolynomial::from_coefficients_vec(domain.ifft(&natural));
        let poly: ark_poly::univariate::DensePolynomial<Scalar> = coeffs;
        let z = Scalar::from(99u64);
        assert_eq!(kzg.evaluate(&p, z).unwrap(), poly.evaluate(&z));
    }

    #[test]
    fn batch_verification() {
        let kzg = kzg(8);
        let mut openings = Vec::new();
        for seed in 0..4 {
            let p = random_poly(8, seed);
            let c = kzg.commit(&p).unwrap();
            let z = Scalar::from(seed + 1000);
            let (proof, y) = kzg.open(&p, z).unwrap();
            openings.push(Opening {
                commitment: c,
                z,
                y,
                proof,
            });
        }
        assert!(kzg.verify_batch(&openings));
        assert!(kzg.verify_batch(&[]));
        let mut bad = openings.clone();
        bad[2].y += Scalar::one();
        assert!(!kzg.verify_batch(&bad));
        let mut swapped = openings;
        let p0 = swapped[0].proof;
        swapped[0].proof = swapped[1].proof;
        swapped[1].proof = p0;
        assert!(!kzg.verify_batch(&swapped));
    }

    /// The sizes a caller plans memory with: `n` evaluations, and a table
    /// of `n` points per window of `w` bits (`floor(255 / w) + 1` windows),
    /// none without precomputation.
    #[test]
    fn sizes() {
        let kzg = kzg(16);
        assert_eq!(kzg.len(), 16);
        assert!(!kzg.is_empty());
        let point = core::mem::size_of::<G1Affine>();
        assert_eq!(kzg.precomputation_bytes(), 16 * (255 / 5 + 1) * point);
        let plain = Kzg::without_precomputation(kzg.setup().clone()).unwrap();
        assert_eq!(plain.precomputation_bytes(), 0);
    }

    #[test]
    fn wrong_lengths_are_errors() {
        let kzg = kzg(8);
        assert!(matches!(
            kzg.commit(&[Scalar::one(); 7]),
            Err(Error::LengthMismatch {
                expected: 8,
                actual: 7,
                ..
            })
        ));
        assert!(kzg.open(&[Scalar::one(); 9], Scalar::one()).is_err());
        assert!(kzg.evaluate(&[], Scalar::one()).is_err());
    }
}
