//! Differential test against `ark-poly-commit`'s KZG10: for the same setup
//! (an insecure seeded one, so both sides hold the same powers) and the
//! same polynomial, zg's commitment equals KZG10's, zg's proofs pass
//! KZG10's check, and KZG10's proofs pass zg's verifier.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on unexpected errors"
)]

use ark_poly::univariate::DensePolynomial;
use ark_poly::{DenseUVPolynomial, EvaluationDomain, Polynomial, Radix2EvaluationDomain};
use ark_poly_commit::kzg10::{self, KZG10};
use ark_std::UniformRand;
use ark_std::borrow::Cow;
use proptest::prelude::*;
use zg_kzg::{Commitment, Kzg, Proof, Setup};
use zg_types::{Bls12_381, G1Affine, Scalar};

type Kzg10 = KZG10<Bls12_381, DensePolynomial<Scalar>>;

fn context(n: usize) -> Kzg {
    Kzg::with_window_bits(Setup::insecure_from_seed(b"kzg10", n, 2).unwrap(), 6).unwrap()
}

fn powers(setup: &Setup) -> kzg10::Powers<'_, Bls12_381> {
    kzg10::Powers {
        powers_of_g: Cow::Borrowed(setup.g1_monomial()),
        powers_of_gamma_g: Cow::Owned(vec![G1Affine::default(); setup.len()]),
    }
}

fn verifier_key(setup: &Setup) -> kzg10::VerifierKey<Bls12_381> {
    let h = setup.g2_monomial()[0];
    let beta_h = setup.g2_monomial()[1];
    kzg10::VerifierKey {
        g: setup.g1_monomial()[0],
        gamma_g: G1Affine::default(),
        h,
        beta_h,
        prepared_h: h.into(),
        prepared_beta_h: beta_h.into(),
    }
}

/// The coefficient form of a polynomial given in zg's evaluation form
/// (bit-reversed domain order).
fn coefficients(evaluations: &[Scalar]) -> DensePolynomial<Scalar> {
    let mut natural = evaluations.to_vec();
    zg_types::bit_reverse_permute(&mut natural);
    let domain = Radix2EvaluationDomain::<Scalar>::new(natural.len()).unwrap();
    DensePolynomial::from_coefficients_vec(domain.ifft(&natural))
}

fn check(n: usize, seed: u64, z_in_domain: Option<usize>) {
    let kzg = context(n);
    let setup = kzg.setup();
    let mut rng = ark_std::test_rng();
    for _ in 0..seed {
        let _ = Scalar::rand(&mut rng);
    }
    let evaluations: Vec<Scalar> = (0..n).map(|_| Scalar::rand(&mut rng)).collect();
    let poly = coefficients(&evaluations);

    let ours = kzg.commit(&evaluations).unwrap();
    let (theirs, randomness) = Kzg10::commit(&powers(setup), &poly, None, None).unwrap();
    assert_eq!(ours.point(), theirs.0, "commitments differ");

    let z = z_in_domain.map_or_else(|| Scalar::rand(&mut rng), |i| kzg.domain_brp()[i]);
    let (proof, y) = kzg.open(&evaluations, z).unwrap();
    assert_eq!(y, poly.evaluate(&z));
    let vk = verifier_key(setup);
    let as_kzg10 = kzg10::Proof {
        w: proof.point(),
        random_v: None,
    };
    assert!(Kzg10::check(&vk, &theirs, z, y, &as_kzg10).unwrap());
    assert!(!Kzg10::check(&vk, &theirs, z, y + Scalar::from(1u64), &as_kzg10).unwrap());

    let their_proof = Kzg10::open(&powers(setup), &poly, z, &randomness).unwrap();
    assert_eq!(their_proof.w, proof.point(), "proofs differ");
    assert!(kzg.verify(
        &Commitment::from_point(theirs.0),
        z,
        y,
        &Proof::from_point(their_proof.w)
    ));
}

#[test]
fn matches_kzg10_outside_and_inside_the_domain() {
    check(64, 1, None);
    check(64, 2, Some(0));
    check(64, 3, Some(17));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn matches_kzg10_on_random_polynomials(log_n in 1u32..7, seed in 0u64..1000, inside in proptest::option::of(0usize..64)) {
        let n = 1usize << log_n;
        check(n, seed, inside.map(|i| i % n));
    }
}
