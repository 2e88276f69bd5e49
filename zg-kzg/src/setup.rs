//! The structured reference string.

mod format;

#[cfg(feature = "ethereum-setup")]
mod embedded;

use crate::Error;
use alloc::vec::Vec;
use ark_ec::VariableBaseMSM;
use ark_ff::{Field, One, Zero};
use zg_types::curve::{AffineRepr, Bls12_381, CurveGroup, Pairing};
use zg_types::{G1Affine, G2Affine, G2Projective, Scalar};

/// A KZG structured reference string over BLS12-381: `[tau^i]G1` for
/// `i < n` in monomial form and in Lagrange form over the order-`n`
/// subgroup, and `[tau^i]G2` for the first few `i`.
///
/// The Lagrange points are in bit-reversed order, as Ethereum's
/// `bit_reversal_permutation(KZG_SETUP_G1_LAGRANGE)`: point `i` is
/// `[L_j(tau)]G1` where `L_j` is the Lagrange polynomial of `w^j`,
/// `j = bitrev(i)`, and `w = 7^((r-1)/n)`. A blob in evaluation form
/// (Ethereum's layout, and family 0 of a zg geometry) commits as the MSM of
/// its elements with these points in the same order.
///
/// Ways to get one:
/// - [`Setup::ethereum_mainnet`] (feature `ethereum-setup`, on by default):
///   Ethereum's ceremony output, embedded and loaded in milliseconds;
/// - [`Setup::from_text`] / [`Setup::from_json`]: a setup supplied by the
///   caller, fully validated (encodings, curve and subgroup membership, and
///   pairing checks that all powers share one tau);
/// - `Setup::insecure_from_seed` (feature `insecure-setup`): for tests and
///   benchmarks only.
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
            return Err(Error::NotPowerOfTwo {
                what: "G1 powers of a setup",
                count: n,
            });
        }
        if g1_lagrange_brp.len() != n {
            return Err(Error::LengthMismatch {
                what: "G1 Lagrange points (one per monomial point)",
                expected: n,
                actual: g1_lagrange_brp.len(),
            });
        }
        if g2_monomial.len() < 2 {
            return Err(Error::SetupTooSmall {
                what: "G2 powers",
                needed: 2,
                available: g2_monomial.len(),
            });
        }
        Ok(Self {
            g1_monomial,
            g1_lagrange_brp,
            g2_monomial,
        })
    }

    /// Parses a setup in the text form of `c-kzg-4844`'s `trusted_setup.txt`
    /// and validates it fully (see [`Setup::validate`]).
    ///
    /// The form: the number of G1 points `n`, the number of G2 points `m`,
    /// then `n` G1 points in Lagrange form in natural order, `m` G2 points
    /// in monomial form, `n` G1 points in monomial form; each point
    /// compressed and hex-encoded without prefix, tokens separated by
    /// whitespace.
    pub fn from_text(bytes: &[u8]) -> Result<Self, Error> {
        let setup = format::parse_text(bytes)?;
        setup.check_consistency()?;
        Ok(setup)
    }

    /// Parses a setup in the JSON form of the consensus specifications
    /// (`trusted_setup_4096.json`: an object with the arrays `g1_monomial`,
    /// `g1_lagrange` (natural order) and `g2_monomial` of `0x`-prefixed hex
    /// strings) and validates it fully (see [`Setup::validate`]).
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        let setup = format::parse_json(bytes)?;
        setup.check_consistency()?;
        Ok(setup)
    }

    /// Ethereum's mainnet KZG ceremony output (4096 G1 powers, 65 G2
    /// powers), embedded in the crate.
    ///
    /// The embedded form holds the points uncompressed, converted from the
    /// ceremony's `trusted_setup.txt` and checked against it (curve,
    /// subgroup and pairing checks) by this crate's tests, so loading only
    /// copies coordinates (a few milliseconds) instead of decompressing and
    /// re-checking 8257 points.
    #[cfg(feature = "ethereum-setup")]
    pub fn ethereum_mainnet() -> Result<Self, Error> {
        embedded::load()
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

    /// Checks that every point is on its curve and in the prime-order
    /// subgroup, then [`Setup::check_consistency`]. The parsers of
    /// untrusted bytes already check the points one by one; this is for
    /// setups assembled with [`Setup::from_points`].
    ///
    /// The points are checked in parallel under the `parallel` feature
    /// (about a minute per million G1 points on one core otherwise).
    pub fn validate(&self) -> Result<(), Error> {
        let g1_ok = zg_types::encoding::g1_is_valid;
        let g2_ok = |p: &G2Affine| p.is_on_curve() && p.is_in_correct_subgroup_assuming_on_curve();
        #[cfg(feature = "parallel")]
        let g1_all_ok = {
            use rayon::prelude::*;
            self.g1_monomial
                .par_iter()
                .chain(self.g1_lagrange_brp.par_iter())
                .all(g1_ok)
        };
        #[cfg(not(feature = "parallel"))]
        let g1_all_ok = self
            .g1_monomial
            .iter()
            .chain(&self.g1_lagrange_brp)
            .all(g1_ok);
        if !g1_all_ok {
            return Err(Error::InvalidSetup {
                reason: "a G1 point is not in the prime-order subgroup",
            });
        }
        if !self.g2_monomial.iter().all(g2_ok) {
            return Err(Error::InvalidSetup {
                reason: "a G2 point is not in the prime-order subgroup",
            });
        }
        self.check_consistency()
    }

    /// Checks with pairings that all powers share one tau, and that the
    /// Lagrange points are the Lagrange form of the monomial points:
    ///
    /// - the first G1 and G2 points are the generators;
    /// - `e(sum r^i [tau^(i+1)]G1, G2) == e(sum r^i [tau^i]G1, [tau]G2)`;
    /// - `e([tau]G1, sum r^i [tau^i]G2) == e(G1, sum r^i [tau^(i+1)]G2)`;
    /// - `sum_i p(w^bitrev(i)) * lagrange_brp[i] == sum_k r^k [tau^k]G1`
    ///   for `p(X) = sum_k r^k X^k` (both sides are `[p(tau)]G1`).
    ///
    /// `r` is hashed from every point, so whoever supplies the setup cannot
    /// choose points that cancel in the combinations; a wrong setup passes
    /// with probability about `n / 2^255`.
    pub fn check_consistency(&self) -> Result<(), Error> {
        let g1 = G1Affine::generator();
        let g2 = G2Affine::generator();
        if self.g1_monomial.first() != Some(&g1) || self.g2_monomial.first() != Some(&g2) {
            return Err(Error::InvalidSetup {
                reason: "the first powers must be the group generators",
            });
        }
        let n = self.g1_monomial.len();
        let (Some(&tau_g1), Some(&tau_g2)) = (self.g1_monomial.get(1), self.g2_monomial.get(1))
        else {
            return Err(Error::InvalidSetup {
                reason: "at least two G1 and two G2 powers are needed",
            });
        };
        let r = hash_to_scalar(self);
        let r_powers = powers(r, n);
        let msm_error = |_| Error::InvalidSetup {
            reason: "internal length mismatch",
        };

        // G1 chain: lhs = sum r^i [tau^(i+1)], rhs = sum r^i [tau^i], i < n-1.
        let lhs = crate::msm::msm(&self.g1_monomial[1..], &r_powers[..n - 1]);
        let rhs = crate::msm::msm(&self.g1_monomial[..n - 1], &r_powers[..n - 1]);
        let ok = Bls12_381::multi_pairing([lhs.into_affine(), (-rhs).into_affine()], [g2, tau_g2])
            .is_zero();
        if !ok {
            return Err(Error::InvalidSetup {
                reason: "G1 powers and G2 powers do not share one tau",
            });
        }

        // G2 chain, the same way.
        let m = self.g2_monomial.len();
        let lhs2 = G2Projective::msm(&self.g2_monomial[..m - 1], &r_powers_g2(r, m - 1))
            .map_err(msm_error)?;
        let rhs2 =
            G2Projective::msm(&self.g2_monomial[1..], &r_powers_g2(r, m - 1)).map_err(msm_error)?;
        let ok = Bls12_381::multi_pairing([tau_g1, -g1], [lhs2.into_affine(), rhs2.into_affine()])
            .is_zero();
        if !ok {
            return Err(Error::InvalidSetup {
                reason: "G2 powers are not consecutive powers of tau",
            });
        }

        // Lagrange form: [p(tau)] from the monomial side is rhs + r^(n-1) [tau^(n-1)].
        let monomial_side = rhs + self.g1_monomial[n - 1] * r_powers[n - 1];
        let evaluations = geometric_series_on_domain(r, n)?;
        let lagrange_side = crate::msm::msm(&self.g1_lagrange_brp, &evaluations);
        if monomial_side != lagrange_side {
            return Err(Error::InvalidSetup {
                reason: "the Lagrange points are not the Lagrange form of the monomial points",
            });
        }
        Ok(())
    }
}

/// `1, x, ..., x^(n-1)`.
pub(crate) fn powers(x: Scalar, n: usize) -> Vec<Scalar> {
    let mut out = Vec::with_capacity(n);
    let mut acc = Scalar::one();
    for _ in 0..n {
        out.push(acc);
        acc *= x;
    }
    out
}

fn r_powers_g2(r: Scalar, n: usize) -> Vec<Scalar> {
    // Another challenge for the G2 chain, so its combination is independent
    // of the G1 one.
    powers(r.square() + Scalar::one(), n)
}

/// Evaluations of `p(X) = sum_{k<n} r^k X^k` at `w^bitrev(i)` for `i < n`:
/// `p(x) = ((r x)^n - 1) / (r x - 1) = (r^n - 1) / (r x - 1)` as `x^n = 1`.
fn geometric_series_on_domain(r: Scalar, n: usize) -> Result<Vec<Scalar>, Error> {
    let omega = zg_types::curve::root_of_unity(n as u64).ok_or(Error::InvalidSetup {
        reason: "no root of unity of this order",
    })?;
    let roots = powers(omega, n);
    let mut denominators: Vec<Scalar> = roots.iter().map(|x| r * x - Scalar::one()).collect();
    if denominators.iter().any(Zero::is_zero) {
        // r is the inverse of a root of unity: only a broken hash gets here.
        return Err(Error::InvalidSetup {
            reason: "degenerate consistency challenge",
        });
    }
    ark_ff::batch_inversion(&mut denominators);
    let numerator = r.pow([n as u64]) - Scalar::one();
    let mut evaluations: Vec<Scalar> = denominators.iter().map(|d| numerator * d).collect();
    zg_types::bit_reverse_permute(&mut evaluations);
    Ok(evaluations)
}

/// A challenge scalar bound to every point of the setup, so an adversary who
/// supplies the setup cannot choose points that cancel in the combination.
fn hash_to_scalar(setup: &Setup) -> Scalar {
    use ark_ff::PrimeField;
    use tiny_keccak::{Hasher, Keccak};
    let mut hasher = Keccak::v256();
    hasher.update(b"zg setup consistency");
    for p in setup.g1_monomial.iter().chain(setup.g1_lagrange_brp.iter()) {
        hasher.update(&format::g1_to_uncompressed(p));
    }
    for p in &setup.g2_monomial {
        hasher.update(&format::g2_to_uncompressed(p));
    }
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    Scalar::from_be_bytes_mod_order(&out)
}

#[cfg(feature = "insecure-setup")]
impl Setup {
    /// **INSECURE**: a setup whose secret `tau` is derived from `seed`, so
    /// anyone who knows the seed can forge proofs. For tests and benchmarks
    /// of sizes no ceremony covers (up to `n = 2^21`).
    ///
    /// Holds `n` G1 powers (monomial and bit-reversed Lagrange form) and
    /// `g2_powers` G2 powers (at most `n`). As `tau` is known, every point is
    /// a fixed-base multiplication of the generator by a scalar computed in
    /// the field (no group FFT).
    pub fn insecure_from_seed(seed: &[u8], n: usize, g2_powers: usize) -> Result<Self, Error> {
        use ark_ff::PrimeField;
        use tiny_keccak::{Hasher, Keccak};

        if !n.is_power_of_two() {
            return Err(Error::NotPowerOfTwo {
                what: "G1 powers of an insecure setup",
                count: n,
            });
        }
        for (what, value, min) in [
            ("G1 powers of an insecure setup", n, 1),
            ("G2 powers of an insecure setup", g2_powers, 2),
        ] {
            if !(min..=1 << 21).contains(&value) {
                return Err(Error::InvalidParameter {
                    what,
                    value,
                    min,
                    max: 1 << 21,
                });
            }
        }
        let mut digest = [0u8; 32];
        let mut hasher = Keccak::v256();
        hasher.update(b"zg insecure setup tau");
        hasher.update(seed);
        hasher.finalize(&mut digest);
        let tau = Scalar::from_be_bytes_mod_order(&digest);

        let monomial = powers(tau, n.max(g2_powers));
        let tau_n = tau.pow([n as u64]);
        let omega = zg_types::curve::root_of_unity(n as u64).ok_or(Error::InvalidSetup {
            reason: "no root of unity of this order",
        })?;
        // L_j(tau) = (tau^n - 1) / n * w^j / (tau - w^j).
        let roots = powers(omega, n);
        let mut denominators: Vec<Scalar> = roots.iter().map(|r| tau - r).collect();
        if denominators.iter().any(Zero::is_zero) {
            return Err(Error::InvalidSetup {
                reason: "the seed gives a tau inside the domain",
            });
        }
        ark_ff::batch_inversion(&mut denominators);
        let n_inv = Scalar::from(n as u64)
            .inverse()
            .ok_or(Error::InvalidSetup {
                reason: "n is not invertible",
            })?;
        let common = (tau_n - Scalar::one()) * n_inv;
        let mut lagrange: Vec<Scalar> = roots
            .iter()
            .zip(&denominators)
            .map(|(r, d)| common * r * d)
            .collect();
        zg_types::bit_reverse_permute(&mut lagrange);

        let g1_monomial = crate::msm::generator_mul_g1(&monomial[..n]);
        let g1_lagrange_brp = crate::msm::generator_mul_g1(&lagrange);
        let g2_monomial = crate::msm::generator_mul_g2(&monomial[..g2_powers]);
        Self::from_points(g1_monomial, g1_lagrange_brp, g2_monomial)
    }
}

#[cfg(all(test, feature = "insecure-setup"))]
#[allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]
mod tests {
    use super::*;
    use zg_types::{G1Projective, Scalar};

    #[test]
    fn insecure_setup_is_consistent_and_lagrange_matches_monomial() {
        let setup = Setup::insecure_from_seed(b"test", 16, 5).unwrap();
        setup.validate().unwrap();
        // Commit to the constant polynomial 1 both ways: sum of Lagrange points
        // equals [1]G1.
        let ones = alloc::vec![Scalar::from(1u64); 16];
        let sum = G1Projective::msm(setup.g1_lagrange_brp(), &ones).unwrap();
        assert_eq!(sum.into_affine(), G1Affine::generator());
    }

    fn rebuild(
        setup: &Setup,
        edit: impl FnOnce(&mut Vec<G1Affine>, &mut Vec<G1Affine>, &mut Vec<G2Affine>),
    ) -> Setup {
        let mut m = setup.g1_monomial().to_vec();
        let mut l = setup.g1_lagrange_brp().to_vec();
        let mut g2 = setup.g2_monomial().to_vec();
        edit(&mut m, &mut l, &mut g2);
        Setup::from_points(m, l, g2).unwrap()
    }

    /// Sizes that do not fit are errors that carry the sizes.
    #[test]
    fn from_points_names_the_sizes() {
        let setup = Setup::insecure_from_seed(b"test", 8, 3).unwrap();
        let (m, l, g2) = (
            setup.g1_monomial().to_vec(),
            setup.g1_lagrange_brp().to_vec(),
            setup.g2_monomial().to_vec(),
        );
        assert_eq!(
            Setup::from_points(m[..6].to_vec(), l[..6].to_vec(), g2.clone()),
            Err(Error::NotPowerOfTwo {
                what: "G1 powers of a setup",
                count: 6
            })
        );
        assert!(matches!(
            Setup::from_points(m.clone(), l[..4].to_vec(), g2.clone()),
            Err(Error::LengthMismatch {
                expected: 8,
                actual: 4,
                ..
            })
        ));
        assert!(matches!(
            Setup::from_points(m, l, g2[..1].to_vec()),
            Err(Error::SetupTooSmall {
                needed: 2,
                available: 1,
                ..
            })
        ));
    }

    /// The reason `check_consistency` gives for `setup` (`None` for any
    /// other outcome).
    fn inconsistency(setup: &Setup) -> Option<&'static str> {
        match setup.check_consistency() {
            Err(Error::InvalidSetup { reason }) => Some(reason),
            _ => None,
        }
    }

    /// Each tampering is caught by the check meant for it, which names it.
    #[test]
    fn tampered_setups_fail_consistency() {
        const GENERATORS: &str = "the first powers must be the group generators";
        const G1_CHAIN: &str = "G1 powers and G2 powers do not share one tau";
        const G2_CHAIN: &str = "G2 powers are not consecutive powers of tau";
        const LAGRANGE: &str =
            "the Lagrange points are not the Lagrange form of the monomial points";
        let setup = Setup::insecure_from_seed(b"test", 8, 3).unwrap();
        let g = G1Affine::generator();
        let other = Setup::insecure_from_seed(b"other", 8, 3).unwrap();
        let plus_g1 = |p: &mut G1Affine| *p = (*p + g).into_affine();
        let plus_g2 = |p: &mut G2Affine| *p = (*p + G2Affine::generator()).into_affine();
        let cases: [(&str, Setup, &str); 10] = [
            (
                "a middle G1 power",
                rebuild(&setup, |m, _, _| plus_g1(&mut m[3])),
                G1_CHAIN,
            ),
            (
                "the last G1 power",
                rebuild(&setup, |m, _, _| plus_g1(&mut m[7])),
                G1_CHAIN,
            ),
            (
                "[1]G1",
                rebuild(&setup, |m, _, _| plus_g1(&mut m[0])),
                GENERATORS,
            ),
            (
                "[1]G2",
                rebuild(&setup, |_, _, g2| plus_g2(&mut g2[0])),
                GENERATORS,
            ),
            (
                "[tau]G2",
                rebuild(&setup, |_, _, g2| plus_g2(&mut g2[1])),
                G1_CHAIN,
            ),
            (
                "the last G2 power",
                rebuild(&setup, |_, _, g2| plus_g2(&mut g2[2])),
                G2_CHAIN,
            ),
            (
                "a Lagrange point",
                rebuild(&setup, |_, l, _| plus_g1(&mut l[5])),
                LAGRANGE,
            ),
            (
                "the last Lagrange point",
                rebuild(&setup, |_, l, _| plus_g1(&mut l[7])),
                LAGRANGE,
            ),
            // Lagrange points in natural instead of bit-reversed order.
            (
                "the Lagrange order",
                rebuild(&setup, |_, l, _| zg_types::bit_reverse_permute(l)),
                LAGRANGE,
            ),
            // Another tau entirely for G2.
            (
                "every G2 power",
                rebuild(&setup, |_, _, g2| g2.clone_from(&other.g2_monomial)),
                G1_CHAIN,
            ),
        ];
        for (what, bad, reason) in &cases {
            assert_eq!(inconsistency(bad), Some(*reason), "{what}");
        }
        // The smallest setup the chains can check: two powers in each group.
        let two = Setup::insecure_from_seed(b"test", 2, 2).unwrap();
        two.check_consistency().unwrap();
        assert_eq!(
            inconsistency(&rebuild(&two, |m, _, _| plus_g1(&mut m[1]))),
            Some(G1_CHAIN)
        );
        assert_eq!(
            inconsistency(&rebuild(&two, |_, l, _| plus_g1(&mut l[1]))),
            Some(LAGRANGE)
        );
        let one = Setup::insecure_from_seed(b"test", 1, 2).unwrap();
        assert_eq!(
            inconsistency(&one),
            Some("at least two G1 and two G2 powers are needed")
        );
    }

    /// The consistency challenge depends on every point, so that whoever
    /// supplies a setup cannot aim its errors at a known challenge.
    #[test]
    fn consistency_challenge_binds_every_point() {
        let setup = Setup::insecure_from_seed(b"test", 4, 3).unwrap();
        let r = hash_to_scalar(&setup);
        let g = G1Affine::generator();
        for i in 0..4 {
            let m = rebuild(&setup, |m, _, _| m[i] = (m[i] + g).into_affine());
            assert_ne!(hash_to_scalar(&m), r, "G1 power {i}");
            let l = rebuild(&setup, |_, l, _| l[i] = (l[i] + g).into_affine());
            assert_ne!(hash_to_scalar(&l), r, "Lagrange point {i}");
        }
        for i in 0..3 {
            let g2 = rebuild(&setup, |_, _, g2| {
                g2[i] = (g2[i] + G2Affine::generator()).into_affine();
            });
            assert_ne!(hash_to_scalar(&g2), r, "G2 power {i}");
        }
    }

    #[test]
    fn validate_rejects_points_outside_the_subgroups() {
        use zg_types::curve::{Fq, Fq2};
        let setup = Setup::insecure_from_seed(b"test", 8, 3).unwrap();
        setup.validate().unwrap();
        // On the curve but outside the prime-order subgroup.
        let outside = (1u64..1000)
            .filter_map(|x| G1Affine::get_point_from_x_unchecked(Fq::from(x), false))
            .find(|p| !p.is_in_correct_subgroup_assuming_on_curve())
            .unwrap();
        let off_curve = G1Affine::new_unchecked(Fq::from(1u64), Fq::from(1u64));
        let g1_reason = Err(Error::InvalidSetup {
            reason: "a G1 point is not in the prime-order subgroup",
        });
        for bad_point in [outside, off_curve] {
            let bad = rebuild(&setup, |m, _, _| m[5] = bad_point);
            assert_eq!(bad.validate(), g1_reason);
            let bad = rebuild(&setup, |_, l, _| l[2] = bad_point);
            assert_eq!(bad.validate(), g1_reason);
        }
        // The same for G2, on the twist but outside its subgroup, or off it.
        let outside = (1u64..1000)
            .filter_map(|x| G2Affine::get_point_from_x_unchecked(Fq2::from(x), false))
            .find(|p| !p.is_in_correct_subgroup_assuming_on_curve())
            .unwrap();
        let off_curve = G2Affine::new_unchecked(Fq2::from(1u64), Fq2::from(1u64));
        for bad_point in [outside, off_curve] {
            let bad = rebuild(&setup, |_, _, g2| g2[2] = bad_point);
            assert_eq!(
                bad.validate(),
                Err(Error::InvalidSetup {
                    reason: "a G2 point is not in the prime-order subgroup",
                })
            );
        }
    }

    #[test]
    fn insecure_setup_rejects_bad_sizes() {
        assert_eq!(
            Setup::insecure_from_seed(b"x", 12, 2),
            Err(Error::NotPowerOfTwo {
                what: "G1 powers of an insecure setup",
                count: 12
            })
        );
        assert!(matches!(
            Setup::insecure_from_seed(b"x", 8, 1),
            Err(Error::InvalidParameter {
                value: 1,
                min: 2,
                ..
            })
        ));
        assert!(matches!(
            Setup::insecure_from_seed(b"x", 1 << 22, 2),
            Err(Error::InvalidParameter {
                value: 4_194_304,
                max: 2_097_152,
                ..
            })
        ));
        let s = Setup::insecure_from_seed(b"x", 8, 8).unwrap();
        assert_eq!((s.len(), s.is_empty()), (8, false));
        assert_eq!(s.g2_monomial().len(), 8);
        s.check_consistency().unwrap();
    }
}
