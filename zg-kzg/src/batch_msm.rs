//! Variable-base MSMs of up to a few thousand terms, several at once: the
//! sums `sum_k s_k P_k` of a few (bases, scalars) pairs, e.g. a batch
//! verification's proofs weighted by `rho_k` and by `rho_k a_k`. Every
//! variable-base MSM of zg below [`crate::msm`]'s streamed size comes here
//! rather than to arkworks' Pippenger, whose `parallel` build starts a
//! rayon pool of its own on every call.
//!
//! Full scalars are split with the GLV endomorphism ([`crate::glv`]) into
//! two 128-bit halves, one for the point and one for `psi` of it (the
//! points are in G1, where `psi = [x^2]`); scalars already below `2^128`
//! (random batching weights) are taken as they are, which halves their
//! points. Then Pippenger with signed
//! windows of `c` bits, where every bucket of every window of every MSM is
//! filled in one pass by the fixed-base MSM's bucket filling
//! ([`crate::msm::fill_buckets`]: with this few buckets the points are
//! sorted by bucket and each bucket's points added up pairwise in affine
//! coordinates with one batch inversion per level), about 6 field
//! multiplications per addition instead of the 11 of a mixed projective
//! addition; the weighted sums over each window's buckets run in affine
//! lock-step across all windows of all MSMs ([`crate::msm::weighted_bucket_sums`]).

use alloc::vec;
use alloc::vec::Vec;
use ark_ff::AdditiveGroup;
use zg_types::curve::Zero;
use zg_types::{G1Affine, G1Projective, Scalar};

/// Bits of a GLV half ([`crate::glv::decompose`]) and of a short scalar.
const HALF_BITS: usize = 128;

/// The terms of one MSM: bases and their scalars (the shorter length of
/// the two counts).
#[derive(Clone, Copy)]
pub(crate) enum Terms<'a> {
    /// Scalars of any size, split with GLV.
    Full(&'a [G1Affine], &'a [Scalar]),
    /// Scalars below `2^128`, used whole.
    Short(&'a [G1Affine], &'a [u128]),
}

impl Terms<'_> {
    /// The bases and 128-bit scalars of the same sum.
    fn split(self) -> (Vec<G1Affine>, Vec<u128>) {
        match self {
            Terms::Full(bases, scalars) => {
                let n = bases.len().min(scalars.len());
                let mut points = Vec::with_capacity(2 * n);
                let mut halves = Vec::with_capacity(2 * n);
                for (p, s) in bases[..n].iter().zip(&scalars[..n]) {
                    let (k, q) = crate::glv::decompose(s);
                    points.push(*p);
                    halves.push(k);
                    points.push(crate::glv::psi(p));
                    halves.push(q);
                }
                (points, halves)
            }
            Terms::Short(bases, scalars) => {
                let n = bases.len().min(scalars.len());
                (bases[..n].to_vec(), scalars[..n].to_vec())
            }
        }
    }
}

/// `sum_k scalars[k] * bases[k]` for every [`Terms`]. For bases in G1 the
/// results equal arkworks' `VariableBaseMSM::msm_unchecked` for every
/// pair.
///
/// Every full term `s P` is first split as `k P + q psi(P)` with `k, q <
/// 2^128` ([`crate::glv`]): twice the points for half the windows, which
/// halves the doublings and the running sums over the buckets.
pub(crate) fn msm_many(terms: &[Terms<'_>]) -> Vec<G1Projective> {
    let split: Vec<(Vec<G1Affine>, Vec<u128>)> = terms.iter().map(|t| t.split()).collect();
    let largest = split.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
    let c = window_bits(largest);
    let windows = HALF_BITS / c + 1;
    let half = 1usize << (c - 1);

    // The points of all MSMs in one list, with the signed digits of every
    // half; the (bucket, point, negate) entries of the non-zero digits are
    // generated from them when the buckets are filled (a list of them
    // would take six times the digits' memory).
    let halves_total: usize = split.iter().map(|(p, _)| p.len()).sum();
    let mut points = Vec::with_capacity(halves_total);
    let mut digits = vec![0i32; halves_total * windows];
    let mut first = Vec::with_capacity(split.len() + 1);
    for (bases, halves) in split {
        for (k, &v) in halves.iter().enumerate() {
            let at = (points.len() + k) * windows;
            signed_digits(v, c, &mut digits[at..at + windows]);
        }
        first.push(points.len());
        points.extend(bases);
    }
    first.push(points.len());
    let msms = terms.len();
    // Lane `m * windows + w` is window `w` of MSM `m`.
    let lanes = msms * windows;
    let (digits, first) = (&digits, &first);
    let entries = || {
        (0..msms).flat_map(move |m| {
            (first[m]..first[m + 1]).flat_map(move |i| {
                digits[i * windows..(i + 1) * windows]
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| **d != 0)
                    .map(move |(w, &d)| (bucket(lanes, m * windows + w, d), i, d < 0))
            })
        })
    };
    // Every bucket of every window of every MSM, filled in one pass.
    let buckets = crate::msm::fill_buckets(&points, lanes * half, entries);

    // The lanes' weighted bucket sums advance in lock-step in affine
    // coordinates.
    let (mut running, mut window_sums) = (Vec::new(), Vec::new());
    crate::msm::weighted_bucket_sums(
        &buckets,
        lanes,
        half,
        &mut running,
        &mut window_sums,
        &mut crate::msm::Inversion::default(),
    );
    window_sums
        .chunks_exact(windows)
        .map(|sums| {
            let mut acc = G1Projective::zero();
            for s in sums.iter().rev() {
                for _ in 0..c {
                    acc.double_in_place();
                }
                acc += s;
            }
            acc
        })
        .collect()
}

/// [`msm_many`] of one MSM.
pub(crate) fn msm(terms: Terms<'_>) -> G1Projective {
    msm_many(&[terms]).pop().unwrap_or_default()
}

/// Bucket of digit `d != 0` in `lane`: bucket-major, bucket `|d| - 1` of
/// every lane before bucket `|d|`, as [`crate::msm::weighted_bucket_sums`]
/// reads them.
fn bucket(lanes: usize, lane: usize, d: i32) -> usize {
    (d.unsigned_abs() as usize - 1) * lanes + lane
}

/// The window width for MSMs of `n` points with 128-bit scalars:
/// minimises the number of windows times (the `n` affine bucket additions
/// plus the `2^(c-1)` running-sum steps, each weighed as 4.5 additions).
/// The weight was measured with projective running sums; with the affine
/// lock-step sums a step costs nearer 2.5 additions, but the widths that
/// weight picks (6 bits instead of 5 for the 128-cell batch) timed the same.
fn window_bits(n: usize) -> usize {
    (2..=16)
        .min_by_key(|&c| {
            let windows = HALF_BITS / c + 1;
            windows * (2 * n + 9 * (1usize << (c - 1)))
        })
        .unwrap_or(8)
}

/// Digits `d_w` of `v < 2^128` in `[-2^(c-1), 2^(c-1)]` with `v = sum_w
/// d_w 2^(c w)`, one per entry of `out` (which has `128 / c + 1` entries,
/// enough for the final carry): [`crate::msm::signed_digits_u128`].
fn signed_digits(v: u128, c: usize, out: &mut [i32]) {
    #[allow(clippy::cast_possible_truncation, reason = "c <= 16")]
    let digits = crate::msm::signed_digits_u128(v, c as u32, HALF_BITS as u32);
    for (slot, d) in out.iter_mut().zip(digits) {
        *slot = d;
    }
}

#[cfg(test)]
mod tests {
    use super::{Terms, msm, msm_many, signed_digits, window_bits};
    use ark_ec::VariableBaseMSM;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use zg_types::curve::{AffineRepr, CurveGroup, UniformRand, Zero};
    use zg_types::{G1Affine, G1Projective, Scalar};

    fn points(n: usize, seed: u64) -> Vec<G1Affine> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let p: Vec<G1Projective> = (0..n).map(|_| G1Projective::rand(&mut rng)).collect();
        G1Projective::normalize_batch(&p)
    }

    fn scalars(n: usize, seed: u64) -> Vec<Scalar> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        (0..n).map(|_| Scalar::rand(&mut rng)).collect()
    }

    #[test]
    fn digits_recompose() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        for c in 2..=16 {
            let mut values: Vec<u128> = (0..4).map(|_| rand::Rng::r#gen(&mut rng)).collect();
            values.extend([0, 1, u128::MAX, 1 << 127, (1 << 127) - 1]);
            for &v in &values {
                let mut d = vec![0i32; 128 / c + 1];
                signed_digits(v, c, &mut d);
                let half = 1i32 << (c - 1);
                let mut acc = Scalar::zero();
                for &dw in d.iter().rev() {
                    assert!(-half <= dw && dw <= half);
                    acc *= Scalar::from(1u64 << c);
                    acc += if dw < 0 {
                        -Scalar::from(u64::from(dw.unsigned_abs()))
                    } else {
                        Scalar::from(u64::from(dw.unsigned_abs()))
                    };
                }
                assert_eq!(acc, Scalar::from(v), "c = {c}, v = {v}");
            }
        }
        assert!((2..=16).contains(&window_bits(0)));
        assert!((2..=16).contains(&window_bits(1 << 20)));
    }

    /// The widths the cost model `(128 / c + 1) * (2n + 9 * 2^(c-1))` picks,
    /// worked out by hand: 8 points (c = 2: 65 * 34 = 2210 against c = 3:
    /// 43 * 52 = 2236), 64 (c = 4: 33 * 200 = 6600 against c = 3: 7052 and
    /// c = 5: 7072), the 128-cell batch's 258 GLV halves (c = 5: 26 * 660 =
    /// 17,160 against c = 6: 22 * 804 = 17,688), 2048 (c = 7: 19 * 4672 =
    /// 88,768 against c = 8: 17 * 5248 = 89,216) and 4096 (c = 9: 15 *
    /// 10,496 = 157,440 against c = 8: 158,848).
    #[test]
    fn window_widths_follow_the_cost_model() {
        for (n, c) in [(8, 2), (64, 4), (258, 5), (2048, 7), (4096, 9)] {
            assert_eq!(window_bits(n), c, "{n} points");
        }
    }

    /// Edge cases: identity bases, zero scalars, repeated and opposite
    /// points (equal x-coordinates in the batched affine additions),
    /// empty and single-term MSMs.
    #[test]
    fn edge_cases_match_arkworks() {
        let mut bases = points(6, 1);
        bases.push(bases[0]);
        bases.push(-bases[1]);
        bases.push(G1Affine::zero());
        bases.push(bases[2]);
        let mut s = scalars(bases.len(), 2);
        s[3] = Scalar::zero();
        s[6] = s[0];
        s[7] = s[1];
        s[9] = -s[2];
        let ones = vec![Scalar::from(1u64); bases.len()];
        let empty: (&[G1Affine], &[Scalar]) = (&[], &[]);
        let got = msm_many(&[
            Terms::Full(&bases, &s),
            Terms::Full(&bases, &ones),
            Terms::Full(empty.0, empty.1),
            Terms::Full(&bases[..1], &s[..1]),
        ]);
        assert_eq!(got[0], G1Projective::msm_unchecked(&bases, &s));
        assert_eq!(got[1], G1Projective::msm_unchecked(&bases, &ones));
        assert!(got[2].is_zero());
        assert_eq!(got[3], bases[0] * s[0]);
        assert!(msm_many(&[]).is_empty());
        let minus_one = vec![-Scalar::from(1u64); 3];
        let got = msm_many(&[Terms::Full(&bases[..3], &minus_one)]);
        let expected: G1Projective = -(bases[0] + bases[1] + bases[2]);
        assert_eq!(got[0], expected);
        // Short scalars: zero, one, the largest, and repeated points.
        let short = [0, 1, u128::MAX, 1 << 127, 5, 5, 5, u128::MAX, 7, 9];
        let as_scalars: Vec<Scalar> = short.iter().map(|&v| Scalar::from(v)).collect();
        let got = msm_many(&[Terms::Short(&bases, &short), Terms::Full(&bases, &s)]);
        assert_eq!(got[0], G1Projective::msm_unchecked(&bases, &as_scalars));
        assert_eq!(got[1], G1Projective::msm_unchecked(&bases, &s));
        // The one-MSM form.
        assert_eq!(msm(Terms::Full(&bases, &s)), got[1]);
        assert_eq!(msm(Terms::Short(&bases, &short)), got[0]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn random_msms_match(
            seed in 0u64..1000,
            n1 in 0usize..140,
            n2 in 0usize..40,
            short in proptest::collection::vec(any::<u128>(), 0..140),
        ) {
            let b1 = points(n1, seed);
            let b2 = points(n2, seed + 1);
            let s1 = scalars(n1, seed + 2);
            let s2 = scalars(n1, seed + 3);
            let s3 = scalars(n2, seed + 4);
            let got = msm_many(&[
                Terms::Full(&b1, &s1),
                Terms::Short(&b1, &short),
                Terms::Full(&b1, &s2),
                Terms::Full(&b2, &s3),
            ]);
            let n = n1.min(short.len());
            let short_scalars: Vec<Scalar> = short[..n].iter().map(|&v| Scalar::from(v)).collect();
            prop_assert_eq!(got[0], G1Projective::msm_unchecked(&b1, &s1));
            prop_assert_eq!(got[1], G1Projective::msm_unchecked(&b1[..n], &short_scalars));
            prop_assert_eq!(got[2], G1Projective::msm_unchecked(&b1, &s2));
            prop_assert_eq!(got[3], G1Projective::msm_unchecked(&b2, &s3));
        }
    }
}
