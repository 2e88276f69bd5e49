//! The per-position multi-scalar multiplications of FK20: many small MSMs,
//! each over its own fixed set of bases (a column of the SRS FFTs).
//!
//! With a table width `w >= 2`, every base keeps its multiples
//! `1 .. 2^(w-1)` (affine, stored as bare coordinates), scalars are recoded
//! in signed base-`2^w` digits, and each MSM keeps one accumulator per
//! window: walking the bases one at a time, every accumulator of every MSM
//! adds one table entry, all with one shared inversion
//! ([`crate::msm::table_msms`]); the windows are then combined with `w`
//! doublings each. Without a table, a
//! Pippenger bucket method runs over many MSMs at once with affine
//! additions that share their inversions ([`batch_pippenger`]).

use crate::msm::{Inversion, reduce_runs_in_place};
use alloc::vec;
use alloc::vec::Vec;
use ark_ff::AdditiveGroup;
use zg_types::curve::{AffineRepr, CurveGroup, Fq, Zero};
use zg_types::g1_ops::{is_identity, neg_affine};
use zg_types::{G1Affine, G1Projective, Scalar};

/// Fixed bases of a set of equally sized MSMs, with optional tables.
#[derive(Clone, Debug)]
pub(crate) struct FixedBases {
    /// Bases per MSM.
    len: usize,
    /// Table width `w` (0: no table).
    width: u32,
    /// Without a table: the bases, MSM-major.
    bases: Vec<G1Affine>,
    /// With a table: for each base (MSM-major) its `2^(w-1)` multiples
    /// `d * P` for `d = 1 ..= 2^(w-1)`, as bare `(x, y)` (96 bytes); the
    /// identity is `(0, 0)`, which is not on the curve.
    table: Vec<(Fq, Fq)>,
}

impl FixedBases {
    /// Largest table width accepted.
    pub(crate) const MAX_WIDTH: u32 = 12;

    /// Builds the bases of `bases.len() / len` MSMs of `len` bases each.
    pub(crate) fn new(bases: Vec<G1Affine>, len: usize, width: u32) -> Self {
        if width < 2 {
            return Self {
                len,
                width: 0,
                bases,
                table: Vec::new(),
            };
        }
        let per_base = 1usize << (width - 1);
        let build = |p: &G1Affine| -> Vec<G1Projective> {
            let mut out = Vec::with_capacity(per_base);
            let mut acc = G1Projective::zero();
            for _ in 0..per_base {
                acc += p;
                out.push(acc);
            }
            out
        };
        #[cfg(feature = "parallel")]
        let multiples: Vec<Vec<G1Projective>> = {
            use rayon::prelude::*;
            bases
                .par_chunks(64)
                .map(|chunk| {
                    let proj: Vec<G1Projective> = chunk.iter().flat_map(build).collect();
                    proj
                })
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let multiples: Vec<Vec<G1Projective>> = bases
            .chunks(64)
            .map(|chunk| chunk.iter().flat_map(build).collect())
            .collect();
        let mut table = Vec::with_capacity(bases.len() * per_base);
        for chunk in multiples {
            for p in G1Projective::normalize_batch(&chunk) {
                table.push(p.xy().unwrap_or_default());
            }
        }
        Self {
            len,
            width,
            bases: Vec::new(),
            table,
        }
    }

    /// Number of MSMs.
    pub(crate) fn count(&self) -> usize {
        if self.len == 0 {
            return 0;
        }
        if self.width == 0 {
            self.bases.len() / self.len
        } else {
            self.table.len() / (self.len << (self.width - 1))
        }
    }

    /// Base `k` (MSM-major), read back from the table when there is one
    /// (its first multiple is the base itself).
    pub(crate) fn base(&self, k: usize) -> Option<G1Affine> {
        if self.width == 0 {
            return self.bases.get(k).copied();
        }
        let (x, y) = *self.table.get(k << (self.width - 1))?;
        if x.is_zero() && y.is_zero() {
            Some(G1Affine::zero())
        } else {
            Some(G1Affine::new_unchecked(x, y))
        }
    }

    /// Bytes held by the bases or tables.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.bases.len() * core::mem::size_of::<G1Affine>()
            + self.table.len() * core::mem::size_of::<(Fq, Fq)>()
    }

    /// How many consecutive MSMs of `total` one call of
    /// [`msm_range`](Self::msm_range) should take with `threads` threads:
    /// all of them without tables ([`batch_pippenger`] splits them into
    /// chunks of [`BATCH_MSMS`] over the caller's pool and reuses its
    /// buffers from chunk to chunk), an equal share per thread with tables.
    pub(crate) fn preferred_chunk(&self, total: usize, threads: usize) -> usize {
        if self.width == 0 {
            total.max(1)
        } else {
            total.div_ceil(threads.max(1)).max(1)
        }
    }

    /// MSM number `index` with `scalars` (`len` of them).
    #[cfg(test)]
    pub(crate) fn msm(&self, index: usize, scalars: &[Scalar]) -> G1Projective {
        self.msm_range(index, &[scalars])
            .pop()
            .unwrap_or_else(G1Projective::zero)
    }

    /// MSMs `first .. first + scalars.len()`, MSM `first + k` with
    /// `scalars[k]`.
    ///
    /// Without tables, [`batch_pippenger`] sums the range's MSMs together.
    /// With tables, all MSMs of the range advance window by window together:
    /// the table points of one window are summed per MSM in affine
    /// coordinates, pairwise, with one batch inversion per level for the
    /// whole range (about half the field work of mixed additions).
    pub(crate) fn msm_range<S: AsRef<[Scalar]> + Sync>(
        &self,
        first: usize,
        scalars: &[S],
    ) -> Vec<G1Projective> {
        if self.width == 0 {
            let start = (first * self.len).min(self.bases.len());
            return batch_pippenger(
                self.bases.get(start..).unwrap_or(&[]),
                self.len,
                scalars,
                batch_window(self.len),
            );
        }
        let per_msm = self.len << (self.width - 1);
        let tables: Vec<&[(Fq, Fq)]> = (first..first + scalars.len())
            .map(|k| {
                self.table
                    .get(k * per_msm..(k + 1) * per_msm)
                    .unwrap_or(&[])
            })
            .collect();
        tables
            .chunks(TABLE_MSMS_PER_PASS)
            .zip(scalars.chunks(TABLE_MSMS_PER_PASS))
            .flat_map(|(t, s)| crate::msm::table_msms(t, self.width, s))
            .collect()
    }
}

/// MSMs that [`crate::msm::table_msms`] runs in one pass: with 64, one
/// pass's additions, accumulators and inversion buffers (about 0.7 MB at
/// width 8) stay within a 1 MB L2 cache; 128 at once spilled.
const TABLE_MSMS_PER_PASS: usize = 64;

/// MSMs summed together by [`batch_pippenger`]: enough that every shared
/// inversion is amortised over thousands of additions, few enough that a
/// chunk's points and buckets stay within a few tens of MB.
pub(crate) const BATCH_MSMS: usize = 64;

/// The signed window width of [`batch_pippenger`] for MSMs of `len` terms:
/// the `c` minimising `(len + 2 * 2^(c-1)) * (floor(255 / c) + 1)`, the
/// additions per MSM (bucket filling plus the running sums), within 2..=14.
pub(crate) fn batch_window(len: usize) -> u32 {
    let cost = |c: u32| (len + (2usize << (c - 1))) * (255 / c as usize + 1);
    (2..=14).min_by_key(|&c| cost(c)).unwrap_or(8)
}

/// Variable-base MSMs `k = 0 .. scalars.len()`, MSM `k` over
/// `bases[k * len .. (k + 1) * len]` with `scalars[k]` (at most `len`
/// scalars; missing ones are zero), by Pippenger's bucket method run over
/// [`BATCH_MSMS`] MSMs at once with affine additions (see
/// [`batch_pippenger_chunk`]). With `parallel`, the chunks of MSMs are
/// spread over the caller's rayon pool.
pub(crate) fn batch_pippenger<S: AsRef<[Scalar]> + Sync>(
    bases: &[G1Affine],
    len: usize,
    scalars: &[S],
    c: u32,
) -> Vec<G1Projective> {
    let chunk = |buffers: &mut Buffers, (k, s): (usize, &[S])| -> Vec<G1Projective> {
        let first = k * BATCH_MSMS;
        let start = (first * len).min(bases.len());
        let end = ((first + s.len()) * len).min(bases.len());
        batch_pippenger_chunk(bases.get(start..end).unwrap_or(&[]), len, s, c, buffers)
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        scalars
            .par_chunks(BATCH_MSMS)
            .enumerate()
            .map_init(Buffers::default, chunk)
            .flatten_iter()
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut buffers = Buffers::default();
        scalars
            .chunks(BATCH_MSMS)
            .enumerate()
            .flat_map(|item| chunk(&mut buffers, item))
            .collect()
    }
}

/// Working memory of [`batch_pippenger_chunk`], reused from chunk to chunk.
#[derive(Default)]
struct Buffers {
    /// `digits[w * terms + t]`: digit of term `t` (MSM-major) in window `w`.
    digits: Vec<i16>,
    /// The window's bases sorted by (MSM, bucket), then summed in place.
    points: Vec<G1Affine>,
    /// Start and length of each (MSM, bucket) run in `points`, and the
    /// next free slot of each run while sorting.
    starts: Vec<usize>,
    lens: Vec<usize>,
    next: Vec<usize>,
    /// Runs still holding two or more points.
    active: Vec<usize>,
    /// `store[b * lanes + w * msms + k]`: bucket `b` of MSM `k`, window `w`.
    store: Vec<G1Affine>,
    running: Vec<G1Affine>,
    sums: Vec<G1Affine>,
    inversion: Inversion,
}

impl Buffers {
    /// `sums[l] = sum_b (b + 1) * store[b * lanes + l]` for every lane
    /// ([`crate::msm::weighted_bucket_sums`]).
    fn weighted_bucket_sums(&mut self, lanes: usize, buckets: usize) {
        crate::msm::weighted_bucket_sums(
            &self.store,
            lanes,
            buckets,
            &mut self.running,
            &mut self.sums,
            &mut self.inversion,
        );
    }
}

/// [`batch_pippenger`] for one chunk of MSMs (`bases` holds `len` bases
/// per MSM; fewer bases than scalars count as the identity).
///
/// Scalars are cut into signed `c`-bit digits (`W = floor(255 / c) + 1`
/// windows, digits in `-(2^(c-1) - 1) ..= 2^(c-1)`), and `B = 2^(c-1)`
/// buckets per MSM and window collect the bases whose digit is `±(b + 1)`.
/// For each window:
///
/// 1. the bases are counting-sorted by (MSM, bucket), negated for
///    negative digits;
/// 2. every bucket's points are summed pairwise in place, level by level,
///    with one batch inversion per level for all buckets of all MSMs of
///    the chunk.
///
/// Then the weighted bucket sums `sum_b (b + 1) * bucket_b` of all windows
/// and MSMs advance in lock-step, bucket by bucket from the top
/// (`sum += running; running += bucket_b`: `2 W K` independent affine
/// additions per step sharing one inversion), and each MSM combines its
/// windows with `c` doublings per window. An affine addition costs five
/// multiplications and a squaring with the shared inversion, against about
/// ten for the mixed additions of the usual Pippenger.
fn batch_pippenger_chunk<S: AsRef<[Scalar]>>(
    bases: &[G1Affine],
    len: usize,
    scalars: &[S],
    c: u32,
    buf: &mut Buffers,
) -> Vec<G1Projective> {
    let msms = scalars.len();
    if msms == 0 || len == 0 {
        return vec![G1Projective::zero(); msms];
    }
    let windows = 255 / c as usize + 1;
    let buckets = 1usize << (c - 1);
    let terms = msms * len;
    let runs = msms * buckets;
    let lanes = windows * msms;
    buf.digits.clear();
    buf.digits.resize(windows * terms, 0);
    for (k, s) in scalars.iter().enumerate() {
        for (i, v) in s.as_ref().iter().take(len).enumerate() {
            if let Some(out) = buf.digits.get_mut(k * len + i..) {
                write_signed_digits(v, c, out, terms);
            }
        }
    }
    buf.store.clear();
    buf.store.resize(buckets * lanes, G1Affine::zero());
    for w in 0..windows {
        let Some(window_digits) = buf.digits.get(w * terms..(w + 1) * terms) else {
            continue;
        };
        // Counting sort by run (MSM, bucket).
        buf.lens.clear();
        buf.lens.resize(runs, 0);
        for ((digits, msm_bases), lens) in window_digits
            .chunks(len)
            .zip(bases.chunks(len))
            .zip(buf.lens.chunks_mut(buckets))
        {
            for (d, p) in digits.iter().zip(msm_bases) {
                if *d != 0 && !is_identity(p) {
                    lens[d.unsigned_abs() as usize - 1] += 1;
                }
            }
        }
        buf.starts.clear();
        let mut total = 0;
        for n in &buf.lens {
            buf.starts.push(total);
            total += n;
        }
        buf.points.clear();
        buf.points.resize(total, G1Affine::zero());
        buf.next.clear();
        buf.next.extend_from_slice(&buf.starts);
        for ((digits, msm_bases), next) in window_digits
            .chunks(len)
            .zip(bases.chunks(len))
            .zip(buf.next.chunks_mut(buckets))
        {
            for (d, p) in digits.iter().zip(msm_bases) {
                if *d != 0 && !is_identity(p) {
                    let slot = &mut next[d.unsigned_abs() as usize - 1];
                    buf.points[*slot] = if *d < 0 { neg_affine(p) } else { *p };
                    *slot += 1;
                }
            }
        }
        reduce_runs_in_place(
            &mut buf.points,
            &buf.starts,
            &mut buf.lens,
            &mut buf.active,
            &mut buf.inversion,
        );
        for (j, (start, n)) in buf.starts.iter().zip(&buf.lens).enumerate() {
            if *n == 1
                && let Some(p) = buf.points.get(*start)
            {
                let (k, b) = (j / buckets, j % buckets);
                buf.store[b * lanes + w * msms + k] = *p;
            }
        }
    }

    buf.weighted_bucket_sums(lanes, buckets);

    (0..msms)
        .map(|k| {
            let mut acc = G1Projective::zero();
            for w in (0..windows).rev() {
                if w + 1 != windows {
                    for _ in 0..c {
                        acc.double_in_place();
                    }
                }
                if let Some(p) = buf.sums.get(w * msms + k) {
                    acc += p;
                }
            }
            acc
        })
        .collect()
}

/// Writes the signed base-`2^c` digits of `s` ([`crate::msm::signed_digits`])
/// to `out[0], out[stride], ...`.
fn write_signed_digits(s: &Scalar, c: u32, out: &mut [i16], stride: usize) {
    for (slot, d) in out
        .iter_mut()
        .step_by(stride)
        .zip(crate::msm::signed_digits(s, c))
    {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "|digit| <= 2^13 for c <= 14"
        )]
        {
            *slot = d as i16;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zg_types::curve::UniformRand;

    use ark_ec::VariableBaseMSM;

    fn random_bases(n: usize, rng: &mut impl ark_std::rand::RngCore) -> Vec<G1Affine> {
        (0..n)
            .map(|_| G1Projective::rand(rng).into_affine())
            .collect()
    }

    fn arkworks(bases: &[G1Affine], len: usize, scalars: &[Vec<Scalar>]) -> Vec<G1Projective> {
        scalars
            .iter()
            .enumerate()
            .map(|(k, s)| G1Projective::msm_unchecked(&bases[k * len..(k + 1) * len], s))
            .collect()
    }

    #[test]
    fn batch_pippenger_matches_arkworks_on_random_msms() {
        let mut rng = ark_std::test_rng();
        for (msms, len) in [(1, 1), (3, 7), (BATCH_MSMS + 5, 16), (2, 300)] {
            let bases = random_bases(msms * len, &mut rng);
            let scalars: Vec<Vec<Scalar>> = (0..msms)
                .map(|_| (0..len).map(|_| Scalar::rand(&mut rng)).collect())
                .collect();
            let expected = arkworks(&bases, len, &scalars);
            for c in [2, 3, 4, 8, 11, batch_window(len)] {
                assert_eq!(
                    batch_pippenger(&bases, len, &scalars, c),
                    expected,
                    "msms {msms}, len {len}, c {c}"
                );
            }
        }
    }

    #[test]
    fn batch_pippenger_special_cases() {
        let mut rng = ark_std::test_rng();
        let len = 24;
        let mut bases = random_bases(2 * len, &mut rng);
        // Identity bases, a repeated base, a base and its negation, all in
        // the first MSM.
        bases[0] = G1Affine::zero();
        bases[1] = bases[2];
        bases[3] = -bases[2];
        bases[4] = bases[2];
        let mut first: Vec<Scalar> = (0..len).map(|_| Scalar::rand(&mut rng)).collect();
        first[0] = Scalar::rand(&mut rng);
        // Same digits: bases 1, 2, 4 (equal) land in the same buckets,
        // base 3 (= -base 2) with scalar -s as well; doublings and
        // cancellations inside buckets and in the running sums.
        first[1] = Scalar::from(5u64);
        first[2] = Scalar::from(5u64);
        first[4] = Scalar::from(5u64);
        first[3] = -Scalar::from(5u64);
        first[5] = Scalar::zero();
        first[6] = Scalar::from(1u64);
        first[7] = -Scalar::from(1u64);
        first[8] = first[9];
        let zero = vec![Scalar::zero(); len];
        let mut equal_bases = vec![bases[2]; len];
        equal_bases[len - 1] = -bases[2];
        let mut all = bases.clone();
        all.extend_from_slice(&equal_bases);
        let same: Vec<Scalar> = (0..len).map(|i| Scalar::from(i as u64 % 3 + 1)).collect();
        let scalars = vec![first, zero, same];
        let expected = arkworks(&all, len, &scalars);
        for c in [2, 4, 8] {
            assert_eq!(batch_pippenger(&all, len, &scalars, c), expected, "c {c}");
        }
        // Fewer scalars than bases; no MSMs; bases missing at the end.
        let short = vec![vec![Scalar::from(3u64); 5]];
        assert_eq!(
            batch_pippenger(&all, len, &short, 4),
            vec![G1Projective::msm_unchecked(&all[..5], &short[0])]
        );
        assert!(batch_pippenger::<Vec<Scalar>>(&all, len, &[], 4).is_empty());
        // MSMs of no terms are zero.
        assert_eq!(
            batch_pippenger(&all, 0, &scalars, 4),
            vec![G1Projective::zero(); scalars.len()]
        );
        let truncated = &all[..len + 3];
        let two = vec![scalars[2].clone(), scalars[2].clone()];
        assert_eq!(
            batch_pippenger(truncated, len, &two, 4),
            vec![
                G1Projective::msm_unchecked(&all[..len], &two[0]),
                G1Projective::msm_unchecked(&all[len..len + 3], &two[1][..3]),
            ]
        );
    }

    #[test]
    fn batch_window_is_in_range() {
        assert_eq!(batch_window(1024), 8);
        for len in [0, 1, 2, 32, 1 << 20] {
            assert!((2..=14).contains(&batch_window(len)));
        }
    }

    /// A range of more MSMs than one table pass takes gives every MSM its
    /// own result, in order.
    #[test]
    fn table_msm_ranges_longer_than_a_pass() {
        let mut rng = ark_std::test_rng();
        let (len, count) = (2, super::TABLE_MSMS_PER_PASS + 6);
        let bases = random_bases(len * count, &mut rng);
        let plain = FixedBases::new(bases.clone(), len, 0);
        let table = FixedBases::new(bases, len, 3);
        let scalars: Vec<Vec<Scalar>> = (0..count - 1)
            .map(|_| (0..len).map(|_| Scalar::rand(&mut rng)).collect())
            .collect();
        let got = table.msm_range(1, &scalars);
        assert_eq!(got.len(), count - 1);
        for (k, s) in scalars.iter().enumerate() {
            assert_eq!(got[k], plain.msm(k + 1, s), "MSM {}", k + 1);
        }
    }

    #[test]
    fn table_msm_matches_pippenger() {
        let mut rng = ark_std::test_rng();
        let len = 5;
        let bases: Vec<G1Affine> = (0..3 * len)
            .map(|i| {
                if i == 7 {
                    G1Affine::zero()
                } else {
                    G1Projective::rand(&mut rng).into_affine()
                }
            })
            .collect();
        let plain = FixedBases::new(bases.clone(), len, 0);
        for width in [2, 5, 8] {
            let table = FixedBases::new(bases.clone(), len, width);
            assert_eq!(table.count(), 3);
            for index in 0..3 {
                let mut scalars: Vec<Scalar> = (0..len).map(|_| Scalar::rand(&mut rng)).collect();
                scalars[0] = -Scalar::from(1u64);
                assert_eq!(table.msm(index, &scalars), plain.msm(index, &scalars));
            }
        }
    }
}
