//! Fixed-base multi-scalar multiplication.
//!
//! Commitments are MSMs over the same points every time (the setup), so the
//! work that depends only on the points is done once. For bases `P_i` and a
//! window width `c`, the table holds `[2^(c*j)] P_i` for every window `j`.
//! A scalar is cut into signed `c`-bit digits `d_j` in
//! `[-2^(c-1), 2^(c-1)]`, so
//!
//! `sum_i s_i P_i = sum_i sum_j d_ij [2^(c*j)] P_i`
//!
//! is one bucket accumulation over `n * windows` table points with
//! `2^(c-1)` buckets, with no doublings at all: bucket `b` collects the
//! points whose digit is `±(b+1)` (negated for negative digits), and the
//! result is `sum_b (b+1) * bucket_b`.
//!
//! The buckets are kept in affine coordinates and filled while the table
//! is streamed in order: additions to distinct buckets are batched and
//! share one field inversion (Montgomery's batch inversion), so an addition
//! costs about 6 field multiplications instead of 11 for a mixed projective
//! addition, and the buckets (`2^(c-1)` points) stay in cache. The weighted
//! bucket sum is split into row and column sums of a square arrangement of
//! the buckets, which are again batched affine additions; only two short
//! running sums remain projective.
//!
//! With fewer than 4096 buckets (`c <= 12`, e.g. a cell verifier's 64
//! points at `c = 8`), or when the digits crowd into a few buckets (a blob
//! of one repeated element gives every point of a window the same digit),
//! such batches would be short and the inversions would dominate: chunks of
//! the table are then sorted by bucket and each bucket's run is summed
//! pairwise, with one inversion per level for all buckets.
//!
//! [`msm`] applies the same bucket filling, window by window, to
//! variable-base MSMs of thousands to millions of terms.
//!
//! The trade-off: the table holds `n * (floor(255 / c) + 1)` affine points
//! of 96 bytes. For Ethereum's 4096 points, `c = 13` gives 20 windows,
//! 7.9 MB and about 78,000 additions into the buckets per commitment (a
//! bucket's first point is stored, not added) plus 8,000 to sum them;
//! `c = 16` gives 16
//! windows, 6.3 MB, fewer additions but 4x the buckets to sum (slower for
//! 4096 points); `c = 8` gives 32 windows, 12.6 MB. Larger `c` saves memory
//! and additions until the `2^c` bucket sum dominates.

use crate::Error;
use alloc::vec;
use alloc::vec::Vec;
use ark_ff::{AdditiveGroup, Field, PrimeField, Zero};
use zg_types::curve::{AffineRepr, CurveGroup, Fq};
use zg_types::g1_ops::{fq_eq, fq_is_zero, fq_neg, is_identity, neg_affine};
use zg_types::{G1Affine, G1Projective, Scalar};

/// Bits in a scalar below the modulus (`r < 2^255`).
const SCALAR_BITS: u32 = 255;

/// A precomputed table for multi-scalar multiplications over a fixed list
/// of G1 points (see the module docs for the layout and its cost).
#[derive(Clone, Debug)]
pub struct FixedBaseMsm {
    bases: usize,
    window_bits: u32,
    windows: usize,
    /// Point-major: `table[i * windows + j] = [2^(c*j)] P_i`, so that the
    /// stream of additions mixes all windows (the top window's few digits
    /// alone would crowd into a few buckets).
    table: Vec<G1Affine>,
}

impl FixedBaseMsm {
    /// The window width used when none is given: the fastest for 4096
    /// bases measured on a 2-core x86-64 machine.
    pub const DEFAULT_WINDOW_BITS: u32 = 13;
    /// Smallest accepted window width.
    pub const MIN_WINDOW_BITS: u32 = 2;
    /// Largest accepted window width (`2^19` buckets).
    pub const MAX_WINDOW_BITS: u32 = 20;

    /// Builds the table for `bases` with windows of `window_bits` bits.
    ///
    /// Costs `n * 255` point doublings (parallel under the `parallel`
    /// feature).
    pub fn new(bases: &[G1Affine], window_bits: u32) -> Result<Self, Error> {
        if !(Self::MIN_WINDOW_BITS..=Self::MAX_WINDOW_BITS).contains(&window_bits) {
            return Err(Error::InvalidParameter {
                what: "MSM window bits",
                value: window_bits as usize,
                min: Self::MIN_WINDOW_BITS as usize,
                max: Self::MAX_WINDOW_BITS as usize,
            });
        }
        if u32::try_from(bases.len()).is_err() {
            return Err(Error::InvalidParameter {
                what: "MSM bases",
                value: bases.len(),
                min: 0,
                max: u32::MAX as usize,
            });
        }
        let windows = (SCALAR_BITS / window_bits) as usize + 1;
        let n = bases.len();
        let mut table = vec![G1Affine::zero(); n * windows];
        for (i, p) in bases.iter().enumerate() {
            table[i * windows] = *p;
        }
        let mut current: Vec<G1Projective> = bases.iter().map(|p| (*p).into()).collect();
        for j in 1..windows {
            double_all(&mut current, window_bits);
            for (i, p) in G1Projective::normalize_batch(&current)
                .into_iter()
                .enumerate()
            {
                table[i * windows + j] = p;
            }
        }
        Ok(Self {
            bases: n,
            window_bits,
            windows,
            table,
        })
    }

    /// Number of bases.
    pub fn len(&self) -> usize {
        self.bases
    }

    /// Whether there are no bases.
    pub fn is_empty(&self) -> bool {
        self.bases == 0
    }

    /// The window width in bits.
    pub fn window_bits(&self) -> u32 {
        self.window_bits
    }

    /// Bytes held by the table.
    pub fn table_bytes(&self) -> usize {
        self.table.len() * core::mem::size_of::<G1Affine>()
    }

    /// `sum_i scalars[i] * P_i` over the first `scalars.len()` bases.
    pub fn msm(&self, scalars: &[Scalar]) -> Result<G1Projective, Error> {
        if scalars.len() > self.bases {
            return Err(Error::LengthMismatch {
                what: "MSM scalars (at most one per base)",
                expected: self.bases,
                actual: scalars.len(),
            });
        }
        let buckets = 1usize << (self.window_bits - 1);
        let digits = self.signed_digits(scalars);
        Ok(weighted_bucket_sum(self.buckets(&digits, buckets)))
    }

    /// Signed digits of every scalar, laid out like the table
    /// (`digits[i * windows + j]`), in `[-2^(c-1), 2^(c-1)]`.
    fn signed_digits(&self, scalars: &[Scalar]) -> Vec<i32> {
        let mut digits = vec![0i32; self.windows * scalars.len()];
        for (row, s) in digits.chunks_exact_mut(self.windows).zip(scalars) {
            for (slot, d) in row.iter_mut().zip(signed_digits(s, self.window_bits)) {
                *slot = d;
            }
        }
        digits
    }

    /// All bucket points. Under the `parallel` feature the buckets are
    /// split into one range per thread of the caller's rayon pool; each
    /// thread streams the table and keeps the points of its buckets.
    fn buckets(&self, digits: &[i32], buckets: usize) -> Vec<G1Affine> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            let threads = rayon::current_num_threads().min(buckets);
            if threads > 1 && digits.len() >= 4096 {
                let per = buckets.div_ceil(threads);
                return (0..threads)
                    .into_par_iter()
                    .flat_map_iter(|t| {
                        self.bucket_range(digits, t * per, ((t + 1) * per).min(buckets))
                    })
                    .collect();
            }
        }
        self.bucket_range(digits, 0, buckets)
    }

    /// The bucket points `bucket_b` for `b in lo..hi`, bucket `b` holding
    /// the table points whose digit is `±(b+1)`, added up while the table
    /// is streamed in order ([`fill_buckets`]).
    fn bucket_range(&self, digits: &[i32], lo: usize, hi: usize) -> Vec<G1Affine> {
        fill_buckets(&self.table, hi - lo, || {
            digits.iter().enumerate().filter_map(move |(k, &d)| {
                let m = d.unsigned_abs() as usize;
                (m > lo && m <= hi).then(|| (m - 1 - lo, k, d < 0))
            })
        })
    }
}

/// Affine buckets `B_b = sum ±source[index]` over the `(b, index, negate)`
/// of `entries()` (an iterator made twice: to count, then to add).
///
/// Normally each point is added to its bucket (kept affine, small enough
/// to stay in cache) in batches of additions to distinct buckets that
/// share one inversion ([`BucketAccumulator`]). When the points crowd into
/// a few buckets (equal scalars, e.g. a blob of one repeated element, or a
/// short top window) such batches would be short, so then, and for few
/// buckets, chunks of the points are summed by sorting instead
/// ([`SortedBuckets`]).
pub(crate) fn fill_buckets<I: Iterator<Item = (usize, usize, bool)>>(
    source: &[G1Affine],
    buckets: usize,
    entries: impl Fn() -> I,
) -> Vec<G1Affine> {
    let mut counts = vec![0u32; buckets];
    for (b, _, _) in entries() {
        counts[b] += 1;
    }
    let total: usize = counts.iter().map(|&c| c as usize).sum();
    let fullest = counts.iter().copied().max().unwrap_or(0) as usize;
    // The fullest bucket takes at most one addition per batch while the
    // other points queue behind it: fine while it needs no more batches
    // than the points fill anyway.
    let batches = total.div_ceil(BucketAccumulator::batch_len(buckets));
    if buckets >= SORTED_BELOW_BUCKETS && fullest <= 2 * batches + 16 {
        let mut acc = BucketAccumulator::new(source, buckets);
        for (b, index, negate) in entries() {
            acc.push(b, index, negate);
        }
        return acc.finish();
    }
    let mut sorted = SortedBuckets::new(buckets);
    if total <= SORTED_CHUNK {
        sorted.add(source, &entries);
        return sorted.into_points();
    }
    let mut chunk = Vec::with_capacity(SORTED_CHUNK);
    for entry in entries() {
        chunk.push(entry);
        if chunk.len() == SORTED_CHUNK {
            sorted.add(source, &|| chunk.iter().copied());
            chunk.clear();
        }
    }
    sorted.add(source, &|| chunk.iter().copied());
    sorted.into_points()
}

/// Bucket counts below which [`fill_buckets`] sorts the points by bucket
/// instead of batching additions to distinct buckets: such a batch is
/// short ([`BucketAccumulator::batch_len`]), and with batches of an eighth
/// of the buckets sorting was faster below 4096 buckets (1024 random bases,
/// one thread: 11-bit windows 8.9 ms sorted against 13.6 ms batched, 12-bit
/// 8.6 against 10.8 ms; at 13 bits, 4096 buckets, the two were within
/// noise, and for 4096 bases batching wins, 30-32 against 34-39 ms).
const SORTED_BELOW_BUCKETS: usize = 4096;

/// Additions of table points into buckets in affine coordinates, batched
/// so that the additions of one batch go to distinct buckets and share one
/// inversion. Batch entries name their table point instead of copying it.
struct BucketAccumulator<'t> {
    table: &'t [G1Affine],
    buckets: Vec<G1Affine>,
    in_batch: Vec<bool>,
    /// `(bucket, index << 2 | negate << 1 | generic)`: `generic` marks the
    /// rare additions that take the projective path (equal x, an identity
    /// table point) and have no denominator.
    batch: Vec<(usize, usize)>,
    /// Points that found their bucket in the batch: `(bucket, index << 1 |
    /// negate)`.
    waiting: Vec<(usize, usize)>,
    /// `p.x - q.x` of the batch's non-generic entries, in order; inverted
    /// in place by [`flush`](Self::flush).
    denominators: Vec<Fq>,
    prefix: Vec<Fq>,
    batch_len: usize,
    /// Batches applied (each costs one inversion) and additions sent to
    /// the projective path, for the test that keeps both rare.
    #[cfg(test)]
    flushes: usize,
    #[cfg(test)]
    generic: usize,
}

impl<'t> BucketAccumulator<'t> {
    /// Additions per batch for `buckets` buckets: long enough to amortise
    /// the inversion (~15 us, a few hundred multiplications), short enough
    /// that few points wait for a bucket already in the batch (about one in
    /// eight at a quarter of the buckets). For 4096 buckets, 1024 per batch
    /// commits to a blob ~2% faster than 512 (one thread, scratch timer),
    /// and 2048 no faster again.
    fn batch_len(buckets: usize) -> usize {
        (buckets / 4).clamp(16, 1024)
    }

    fn new(table: &'t [G1Affine], buckets: usize) -> Self {
        let batch_len = Self::batch_len(buckets);
        Self {
            table,
            buckets: vec![G1Affine::zero(); buckets],
            in_batch: vec![false; buckets],
            batch: Vec::with_capacity(batch_len),
            waiting: Vec::new(),
            denominators: Vec::with_capacity(batch_len),
            prefix: Vec::with_capacity(batch_len),
            batch_len,
            #[cfg(test)]
            flushes: 0,
            #[cfg(test)]
            generic: 0,
        }
    }

    fn point(&self, entry: usize) -> G1Affine {
        let p = &self.table[entry >> 1];
        if entry & 1 == 1 { neg_affine(p) } else { *p }
    }

    fn push(&mut self, bucket: usize, index: usize, negate: bool) {
        let entry = (index << 1) | usize::from(negate);
        if self.in_batch[bucket] {
            self.waiting.push((bucket, entry));
            return;
        }
        self.enqueue(bucket, entry);
        if self.batch.len() == self.batch_len {
            self.flush();
            self.retry_waiting();
        }
    }

    /// Starts `bucket += point(entry)` for a bucket not in the batch. An
    /// empty bucket takes the point at once; otherwise the addition joins
    /// the batch with its denominator, which stays valid because the bucket
    /// does not change before the batch is flushed.
    fn enqueue(&mut self, bucket: usize, entry: usize) {
        let q = &self.buckets[bucket];
        if is_identity(q) {
            self.buckets[bucket] = self.point(entry);
            return;
        }
        let p = &self.table[entry >> 1];
        let generic = is_identity(p) || same_x(q, p);
        if !generic {
            self.denominators.push(p.x - q.x);
        }
        #[cfg(test)]
        {
            self.generic += usize::from(generic);
        }
        self.in_batch[bucket] = true;
        self.batch.push((bucket, entry << 1 | usize::from(generic)));
    }

    /// Gives the points that waited a place in the next batches.
    fn retry_waiting(&mut self) {
        let waiting = core::mem::take(&mut self.waiting);
        for (b, e) in waiting {
            if self.in_batch[b] {
                self.waiting.push((b, e));
            } else {
                self.enqueue(b, e);
                if self.batch.len() == self.batch_len {
                    self.flush();
                }
            }
        }
    }

    /// Applies the current batch: `bucket += point` for every entry, with
    /// one inversion for all denominators, reading the table point's sign
    /// from the entry instead of negating a copy.
    fn flush(&mut self) {
        #[cfg(test)]
        {
            self.flushes += usize::from(!self.batch.is_empty());
        }
        batch_invert(&mut self.denominators, &mut self.prefix);
        let mut inverses = self.denominators.iter();
        for &(b, e) in &self.batch {
            self.in_batch[b] = false;
            let q = &self.buckets[b];
            let sum = if e & 1 == 1 {
                // Doubling, cancelling or an identity table point: rare,
                // done projectively.
                let p = self.point(e >> 1);
                if is_identity(&p) {
                    continue;
                }
                (*q + p).into_affine()
            } else {
                let Some(inv) = inverses.next() else {
                    continue;
                };
                affine_add_signed(q, &self.table[e >> 2], e & 2 != 0, inv)
            };
            self.buckets[b] = sum;
        }
        self.batch.clear();
        self.denominators.clear();
    }

    /// Applies everything still pending and returns the buckets.
    fn finish(mut self) -> Vec<G1Affine> {
        while !self.batch.is_empty() || !self.waiting.is_empty() {
            self.flush();
            self.retry_waiting();
        }
        self.buckets
    }
}

/// Entries per chunk of [`SortedBuckets`] (a chunk's points take 3.4 MB):
/// longer chunks give more additions per inversion; beyond this the gain
/// was within noise for 2^16 and 2^20 terms.
const SORTED_CHUNK: usize = 1 << 15;

/// Affine buckets filled a chunk of additions at a time: the chunk's points
/// are sorted by bucket (counting sort), each bucket's run is summed
/// pairwise with one inversion per level ([`reduce_runs`]), and the run
/// sums, one per bucket, are added to the buckets in one batch. About 6
/// field multiplications per addition, and unlike a queue of additions to
/// distinct buckets it stays fast however the points fall: equal scalars,
/// a short top window or few buckets.
struct SortedBuckets {
    buckets: Vec<G1Affine>,
    /// Per bucket: where its run starts in `order` (then in `points`), and
    /// its length.
    starts: Vec<usize>,
    lens: Vec<usize>,
    cursor: Vec<usize>,
    /// The entries sorted by bucket, as `index << 1 | negate`.
    order: Vec<usize>,
    points: Vec<G1Affine>,
    active: Vec<usize>,
    inversion: Inversion,
    merge: Vec<usize>,
}

impl SortedBuckets {
    fn new(buckets: usize) -> Self {
        Self {
            buckets: vec![G1Affine::zero(); buckets],
            starts: Vec::with_capacity(buckets),
            lens: Vec::with_capacity(buckets),
            cursor: Vec::with_capacity(buckets),
            order: Vec::new(),
            points: Vec::new(),
            active: Vec::new(),
            inversion: Inversion::default(),
            merge: Vec::with_capacity(buckets),
        }
    }

    /// `bucket += ±source[index]` for every `(bucket, index, negate)` of
    /// `entries()` (called twice).
    ///
    /// The entries are counting-sorted by bucket as indices; the first
    /// level of the pairwise sums reads the table points through them and
    /// writes half as many points, which the later levels sum in place.
    /// Copying every signed point first, and summing into a second buffer,
    /// took four times the memory: allocated and freed on every call, it
    /// cost a batch verification its page faults again each time (about
    /// 5% of its time) once the allocator had returned it.
    fn add<I: Iterator<Item = (usize, usize, bool)>>(
        &mut self,
        source: &[G1Affine],
        entries: &impl Fn() -> I,
    ) {
        let m = self.buckets.len();
        self.lens.clear();
        self.lens.resize(m, 0);
        for (b, _, _) in entries() {
            self.lens[b] += 1;
        }
        self.starts.clear();
        let mut total = 0;
        for &n in &self.lens {
            self.starts.push(total);
            total += n;
        }
        self.cursor.clear();
        self.cursor.extend_from_slice(&self.starts);
        self.order.clear();
        self.order.resize(total, 0);
        for (b, index, negate) in entries() {
            self.order[self.cursor[b]] = index << 1 | usize::from(negate);
            self.cursor[b] += 1;
        }
        self.first_level(source);
        reduce_runs_in_place(
            &mut self.points,
            &self.starts,
            &mut self.lens,
            &mut self.active,
            &mut self.inversion,
        );
        let (starts, lens, points) = (&self.starts, &self.lens, &self.points);
        self.merge.clear();
        self.merge.extend((0..m).filter(|&b| lens[b] > 0));
        let merge = &self.merge;
        add_at_batch(
            &mut self.buckets,
            merge.len(),
            |t| (merge[t], points[starts[merge[t]]]),
            &mut self.inversion,
        );
    }

    /// Sums each bucket's sorted entries pairwise into `points` (one batch
    /// inversion), updating `starts` and `lens` to the halved runs.
    fn first_level(&mut self, source: &[G1Affine]) {
        let order = &self.order;
        let get = |k: usize| {
            let p = &source[order[k] >> 1];
            if order[k] & 1 == 1 { neg_affine(p) } else { *p }
        };
        let inv = &mut self.inversion;
        inv.values.clear();
        inv.values.reserve(order.len() / 2);
        for (&s, &n) in self.starts.iter().zip(&self.lens) {
            for j in 0..n / 2 {
                inv.push_denominator(&get(s + 2 * j), &get(s + 2 * j + 1));
            }
        }
        inv.invert();
        let mut inverses = inv.values.iter();
        self.points.clear();
        self.points
            .reserve(order.len().div_ceil(2) + self.lens.len());
        for (start, len) in self.starts.iter_mut().zip(self.lens.iter_mut()) {
            let (s, n) = (*start, *len);
            *start = self.points.len();
            for j in 0..n / 2 {
                let sum = add_with_inverse(&get(s + 2 * j), &get(s + 2 * j + 1), &mut inverses);
                self.points.push(sum);
            }
            if n % 2 == 1 {
                self.points.push(get(s + n - 1));
            }
            *len = n.div_ceil(2);
        }
    }

    fn into_points(self) -> Vec<G1Affine> {
        self.buckets
    }
}

/// Replaces every value by its inverse with one field inversion
/// (Montgomery's trick: three multiplications per value), reusing `prefix`
/// for the running products. The values are differences of distinct
/// x-coordinates, never zero; should a zero slip in, every value is
/// inverted on its own (zero stays zero) rather than all going wrong.
pub(crate) fn batch_invert(values: &mut [Fq], prefix: &mut Vec<Fq>) {
    prefix.clear();
    prefix.reserve(values.len());
    if values.is_empty() {
        // Nothing to invert: spare the inversion of one.
        return;
    }
    let mut acc = Fq::ONE;
    for v in values.iter() {
        prefix.push(acc);
        acc *= v;
    }
    let Some(mut inv) = acc.inverse() else {
        for v in values.iter_mut() {
            *v = v.inverse().unwrap_or_default();
        }
        return;
    };
    // inv = 1 / (v_0 ... v_(k)); walking down, 1 / v_k = inv * prefix_k.
    for (v, before) in values.iter_mut().zip(prefix.iter()).rev() {
        let value = *v;
        *v = inv * before;
        inv *= value;
    }
}

/// `q + p` for affine points with distinct x, given `1 / (p.x - q.x)`.
fn affine_add(q: &G1Affine, p: &G1Affine, inv: &Fq) -> G1Affine {
    affine_add_signed(q, p, false, inv)
}

/// `q + p` (`q - p` when `negate`) for affine points with distinct x,
/// given `1 / (p.x - q.x)`: the sign goes into the slope.
#[allow(
    clippy::inline_always,
    reason = "the body of the bucket accumulator's loop: inlined, a commitment took ~1% less (scratch timer)"
)]
#[inline(always)]
fn affine_add_signed(q: &G1Affine, p: &G1Affine, negate: bool, inv: &Fq) -> G1Affine {
    let rise = if negate {
        fq_neg(&(p.y + q.y))
    } else {
        p.y - q.y
    };
    let lambda = rise * inv;
    let x = lambda.square() - q.x - p.x;
    let y = lambda * (q.x - x) - q.y;
    G1Affine::new_unchecked(x, y)
}

/// Whether two affine points share their x-coordinate.
fn same_x(a: &G1Affine, b: &G1Affine) -> bool {
    fq_eq(&a.x, &b.x)
}

/// `sum_b (b+1) * buckets[b]`.
///
/// With `b = h*s + l` (`s` about the square root of the bucket count), the
/// sum is `s * sum_h h * R_h + sum_l (l+1) * C_l` with row sums
/// `R_h = sum_l B_(h*s+l)` and column sums `C_l = sum_h B_(h*s+l)`: both are
/// plain sums of many points, done by affine pairwise reduction, and only
/// the two short weighted sums need projective running sums.
fn weighted_bucket_sum(buckets: Vec<G1Affine>) -> G1Projective {
    let m = buckets.len();
    if m <= 16 {
        return running_weighted_sum(buckets.iter().map(|p| G1Projective::from(*p)), true);
    }
    let s = 1usize << (m.next_power_of_two().trailing_zeros() / 2);
    let rows = m.div_ceil(s);
    let mut columns: Vec<G1Affine> = Vec::with_capacity(rows * s);
    for l in 0..s {
        for h in 0..rows {
            columns.push(
                buckets
                    .get(h * s + l)
                    .copied()
                    .unwrap_or_else(G1Affine::zero),
            );
        }
    }
    let (mut active, mut inversion) = (Vec::new(), Inversion::default());
    let column_starts: Vec<usize> = (0..s).map(|l| l * rows).collect();
    let mut column_lens = vec![rows; s];
    reduce_runs_in_place(
        &mut columns,
        &column_starts,
        &mut column_lens,
        &mut active,
        &mut inversion,
    );
    let mut row_points = buckets;
    let row_starts: Vec<usize> = (0..rows).map(|h| h * s).collect();
    let mut row_lens: Vec<usize> = row_starts.iter().map(|&a| s.min(m - a)).collect();
    reduce_runs_in_place(
        &mut row_points,
        &row_starts,
        &mut row_lens,
        &mut active,
        &mut inversion,
    );
    let column_sums = run_heads(&columns, &column_starts, &column_lens);
    let row_sums = run_heads(&row_points, &row_starts, &row_lens);
    // sum_l (l+1) C_l + s * sum_h h R_h.
    let low = running_weighted_sum(column_sums.into_iter(), true);
    let high = running_weighted_sum(row_sums.into_iter(), false);
    low + high * Scalar::from(s as u64)
}

/// The single point of each reduced run (zero for an empty run).
fn run_heads(points: &[G1Affine], starts: &[usize], lens: &[usize]) -> Vec<G1Projective> {
    starts
        .iter()
        .zip(lens)
        .map(|(&a, &n)| {
            if n > 0 {
                points[a].into()
            } else {
                G1Projective::zero()
            }
        })
        .collect()
}

/// `sum_k (k + 1) * points[k]`, or `sum_k k * points[k]` when not
/// `from_one`, by a running sum from the top.
fn running_weighted_sum(
    points: impl DoubleEndedIterator<Item = G1Projective>,
    from_one: bool,
) -> G1Projective {
    let mut running = G1Projective::zero();
    let mut sum = G1Projective::zero();
    for p in points.rev() {
        running += p;
        sum += running;
    }
    // sum = sum_k (k+1) p_k; from zero, take the plain sum away.
    if from_one { sum } else { sum - running }
}

/// Below this many terms [`msm`] hands over to arkworks' Pippenger: its
/// windows then have too few points to fill batches of distinct buckets.
const STREAMED_MSM_FROM: usize = 2048;

/// `sum_i scalars[i] * bases[i]` (the shorter length of the two), exact for
/// any points on the curve.
///
/// For large inputs (setup validation, table import, commitments without a
/// table), arkworks' Pippenger adds each point to its bucket with a mixed
/// projective addition (11 multiplications). Here each window's buckets are
/// affine and filled the way [`FixedBaseMsm`] fills its buckets
/// ([`fill_buckets`]): batched additions sharing one inversion, about 6
/// multiplications each, robust to digits that crowd into a few buckets
/// (equal scalars, the short top window). Signed digits halve the buckets;
/// each window carries one byte per term into the next. Under `parallel`
/// the terms are split into one contiguous range per thread of the
/// caller's rayon pool and the partial sums added.
pub(crate) fn msm(bases: &[G1Affine], scalars: &[Scalar]) -> G1Projective {
    use ark_ec::VariableBaseMSM;
    let n = bases.len().min(scalars.len());
    let (bases, scalars) = (&bases[..n], &scalars[..n]);
    if n < STREAMED_MSM_FROM {
        return G1Projective::msm_unchecked(bases, scalars);
    }
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let threads = rayon::current_num_threads();
        if threads > 1 && n >= 2 * STREAMED_MSM_FROM {
            let per = n.div_ceil(threads);
            return bases
                .par_chunks(per)
                .zip(scalars.par_chunks(per))
                .map(|(b, s)| streamed_msm(b, s))
                .sum();
        }
    }
    streamed_msm(bases, scalars)
}

/// The window width of [`streamed_msm`] for `n` terms of `bits` bits:
/// fewest windows times (`n` bucket additions plus about two additions per
/// bucket for the weighted sum), at most 16 bits so that the buckets
/// (`2^(c-1)` affine points) stay within a few MB.
fn streamed_window_bits(n: usize, bits: u32) -> u32 {
    (8..=16)
        .min_by_key(|&c| (bits / c + 1) as usize * (n + (1usize << c)))
        .unwrap_or(13)
}

/// [`msm`] on one thread, for equal lengths.
fn streamed_msm(bases: &[G1Affine], scalars: &[Scalar]) -> G1Projective {
    let bigints: Vec<<Scalar as PrimeField>::BigInt> =
        scalars.iter().map(|s| s.into_bigint()).collect();
    let bits = bigints
        .iter()
        .map(ark_ff::BigInteger::num_bits)
        .max()
        .unwrap_or(0);
    if bits == 0 {
        return G1Projective::zero();
    }
    let c = streamed_window_bits(bases.len(), bits);
    // Enough windows for the scalars and a final carry.
    let windows = bits / c + 1;
    let mut carries = vec![0u8; bigints.len()];
    let mut digits = vec![0i32; bigints.len()];
    let mut window_sums = Vec::with_capacity(windows as usize);
    for j in 0..windows {
        // Window j's digits, and the carries into window j + 1.
        for ((big, carry), digit) in bigints.iter().zip(&mut carries).zip(&mut digits) {
            (*digit, *carry) = signed_window(window_of(big, j * c, c), *carry, c);
        }
        let buckets = fill_buckets(bases, 1 << (c - 1), || {
            digits
                .iter()
                .enumerate()
                .filter(|(_, d)| **d != 0)
                .map(|(i, &d)| (d.unsigned_abs() as usize - 1, i, d < 0))
        });
        window_sums.push(weighted_bucket_sum(buckets));
    }
    let mut total = G1Projective::zero();
    for sum in window_sums.into_iter().rev() {
        for _ in 0..c {
            ark_ec::AdditiveGroup::double_in_place(&mut total);
        }
        total += sum;
    }
    total
}

/// Bits of a balanced GLV half ([`crate::glv::decompose_balanced`]).
const BALANCED_HALF_BITS: u32 = 127;

/// `c`-bit window of a little-endian 4-limb integer starting at bit `at`.
fn window_of(bigint: &<Scalar as PrimeField>::BigInt, at: u32, c: u32) -> u32 {
    let limbs = bigint.as_ref();
    let limb = (at / 64) as usize;
    let shift = at % 64;
    let Some(&low) = limbs.get(limb) else {
        return 0;
    };
    let mut value = low >> shift;
    if shift + c > 64
        && let Some(&high) = limbs.get(limb + 1)
    {
        value |= high << (64 - shift);
    }
    #[allow(clippy::cast_possible_truncation, reason = "masked to c <= 20 bits")]
    let out = (value & ((1u64 << c) - 1)) as u32;
    out
}

/// The signed `c`-bit digits of a scalar, least significant first: the
/// `255 / c + 1` digits `d_j` in `-(2^(c-1) - 1) ..= 2^(c-1)` with
/// `s = sum_j d_j 2^(c j)` (the last window takes the final carry). The one
/// recoding every bucket MSM of the crate uses.
pub(crate) struct SignedDigits {
    bigint: <Scalar as PrimeField>::BigInt,
    c: u32,
    at: u32,
    left: usize,
    carry: u8,
}

/// [`SignedDigits`] of `s` for windows of `c` bits (`2 <= c <= 20`).
pub(crate) fn signed_digits(s: &Scalar, c: u32) -> SignedDigits {
    SignedDigits {
        bigint: s.into_bigint(),
        c,
        at: 0,
        left: (SCALAR_BITS / c) as usize + 1,
        carry: 0,
    }
}

/// [`SignedDigits`] of a number below `2^bits` (a GLV half, `bits <= 128`):
/// the `bits / c + 1` digits that hold it and its final carry.
pub(crate) fn signed_digits_u128(v: u128, c: u32, bits: u32) -> SignedDigits {
    #[allow(clippy::cast_possible_truncation, reason = "the two 64-bit limbs")]
    let limbs = [v as u64, (v >> 64) as u64, 0, 0];
    SignedDigits {
        bigint: ark_ff::BigInt(limbs),
        c,
        at: 0,
        left: (bits / c) as usize + 1,
        carry: 0,
    }
}

impl Iterator for SignedDigits {
    type Item = i32;

    fn next(&mut self) -> Option<i32> {
        self.left = self.left.checked_sub(1)?;
        let (digit, carry) =
            signed_window(window_of(&self.bigint, self.at, self.c), self.carry, self.c);
        self.at += self.c;
        self.carry = carry;
        Some(digit)
    }
}

/// The signed digit of a `c`-bit window holding `window`, with the carry
/// `carry_in` from the window below, and the carry into the window above:
/// values above `2^(c-1)` become negative by borrowing `2^c` from there.
fn signed_window(window: u32, carry_in: u8, c: u32) -> (i32, u8) {
    let raw = i64::from(window) + i64::from(carry_in);
    let (digit, carry) = if raw > 1i64 << (c - 1) {
        (raw - (1i64 << c), 1)
    } else {
        (raw, 0)
    };
    #[allow(
        clippy::cast_possible_truncation,
        reason = "|digit| <= 2^19 by the window bound"
    )]
    (digit as i32, carry)
}

/// MSM `k` (for each `k < scalars.len()`) over the bases whose multiple
/// tables are `tables[k]`: `sum_i scalars[k][i] * P_(k,i)`, where
/// `tables[k][i * 2^(w-1) + d - 1] = d * P_(k,i)` for `d = 1 ..= 2^(w-1)`
/// as bare `(x, y)` coordinates (`(0, 0)` for the identity).
///
/// Each scalar is split as `k + q x^2` with `|k|, |q| < 2^127`
/// ([`crate::glv::decompose_balanced`]: no carry window) and both halves
/// are cut into signed `w`-bit digits. Each MSM keeps one affine
/// accumulator per (half, window), and the bases are walked one at a time:
/// for base `i`, every accumulator adds the table entry of its digit of
/// `i`'s scalar. These additions go to distinct accumulators, so they share
/// one inversion. At the end the high half's accumulators go through
/// `psi = [x^2]` and the windows are combined with `w` doublings each: at
/// most 127 doublings per MSM instead of 255, as `psi` costs one
/// multiplication.
/// Exact for bases in G1, where `psi` is that multiplication.
pub(crate) fn table_msms<T: AsRef<[(Fq, Fq)]>, S: AsRef<[Scalar]>>(
    tables: &[T],
    width: u32,
    scalars: &[S],
) -> Vec<G1Projective> {
    if !(2..=20).contains(&width) {
        return vec![G1Projective::zero(); scalars.len()];
    }
    let per_base = 1usize << (width - 1);
    // Windows of one balanced half (below 2^127, so no carry window), and
    // of both halves: accumulator `k * windows + j` is window `j` of the
    // low half of MSM `k` for `j < half`, of the high half after.
    let half = (BALANCED_HALF_BITS / width) as usize + 1;
    let windows = 2 * half;
    let bases = scalars.iter().map(|s| s.as_ref().len()).max().unwrap_or(0);
    // digits[(k * bases + i) * windows + j]
    let mut digits = vec![0i32; scalars.len() * bases * windows];
    for (k, s) in scalars.iter().enumerate() {
        for (i, v) in s.as_ref().iter().enumerate() {
            let start = (k * bases + i) * windows;
            let (low, high) = crate::glv::decompose_balanced(v);
            let (low_digits, high_digits) = digits[start..start + windows].split_at_mut(half);
            for (slots, (negative, abs)) in [(low_digits, low), (high_digits, high)] {
                let digits = signed_digits_u128(abs, width, BALANCED_HALF_BITS);
                for (slot, d) in slots.iter_mut().zip(digits) {
                    *slot = if negative { -d } else { d };
                }
            }
        }
    }
    let mut accs = vec![G1Affine::zero(); scalars.len() * windows];
    let mut adds: Vec<TableAdd> = Vec::with_capacity(accs.len());
    let mut inversion = Inversion::with_capacity(accs.len());
    for i in 0..bases {
        adds.clear();
        for (k, table) in tables.iter().enumerate().take(scalars.len()) {
            let Some(block) = table.as_ref().get(i * per_base..(i + 1) * per_base) else {
                continue;
            };
            let start = (k * bases + i) * windows;
            // Only copies here, no branch on the loaded coordinates: the
            // tables are far larger than the caches, and loads that nothing
            // waits on overlap their misses.
            for (j, &d) in digits[start..start + windows].iter().enumerate() {
                if let Some(&(x, y)) = block.get((d.unsigned_abs() as usize).wrapping_sub(1)) {
                    adds.push(TableAdd {
                        acc: k * windows + j,
                        negate: d < 0,
                        x,
                        y,
                    });
                }
            }
        }
        add_at_batch(
            &mut accs,
            adds.len(),
            |t| (adds[t].acc, adds[t].point()),
            &mut inversion,
        );
    }
    accs.chunks_exact(windows)
        .map(|window_sums| {
            let (low, high) = window_sums.split_at(half);
            let mut acc = G1Projective::zero();
            for (j, (l, h)) in low.iter().zip(high).enumerate().rev() {
                if j + 1 != half {
                    for _ in 0..width {
                        ark_ec::AdditiveGroup::double_in_place(&mut acc);
                    }
                }
                acc += l;
                acc += crate::glv::psi(h);
            }
            acc
        })
        .collect()
}

/// One addition of [`table_msms`]: accumulator `acc` gains the table point
/// `(x, y)`, negated when `negate`.
struct TableAdd {
    acc: usize,
    negate: bool,
    x: Fq,
    y: Fq,
}

impl TableAdd {
    /// The point to add (the identity stays `(0, 0)` under negation).
    fn point(&self) -> G1Affine {
        G1Affine::new_unchecked(self.x, if self.negate { fq_neg(&self.y) } else { self.y })
    }
}

/// `accs[a] += p` for every `(a, p) = add(t)`, `t < count` (distinct
/// accumulators), in affine coordinates with one shared inversion. The
/// additions are read through `add` so that callers need not build them:
/// [`table_msms`] negates its table points here, after the gather.
fn add_at_batch(
    accs: &mut [G1Affine],
    count: usize,
    add: impl Fn(usize) -> (usize, G1Affine),
    inv: &mut Inversion,
) {
    inv.values.clear();
    for t in 0..count {
        let (a, p) = add(t);
        let q = &accs[a];
        if !is_identity(q) && !is_identity(&p) && !same_x(q, &p) {
            inv.values.push(p.x - q.x);
        }
    }
    inv.invert();
    let mut inverses = inv.values.iter();
    for t in 0..count {
        let (a, p) = add(t);
        let q = accs[a];
        if is_identity(&p) {
            continue;
        }
        accs[a] = if is_identity(&q) {
            p
        } else if same_x(&q, &p) {
            (q + p).into_affine()
        } else if let Some(inv) = inverses.next() {
            affine_add(&q, &p, inv)
        } else {
            q
        };
    }
}

/// Doubles every point `bits` times.
fn double_all(points: &mut [G1Projective], bits: u32) {
    let step = |p: &mut G1Projective| {
        for _ in 0..bits {
            ark_ec::AdditiveGroup::double_in_place(p);
        }
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        points.par_iter_mut().for_each(step);
    }
    #[cfg(not(feature = "parallel"))]
    points.iter_mut().for_each(step);
}

/// Sums every run `points[starts[r] .. starts[r] + lens[r]]` in place, pairwise,
/// level by level with one batch inversion per level for all runs, until
/// each run holds at most one point (at `starts[r]`; `lens` is updated).
pub(crate) fn reduce_runs_in_place(
    points: &mut [G1Affine],
    starts: &[usize],
    lens: &mut [usize],
    active: &mut Vec<usize>,
    inv: &mut Inversion,
) {
    active.clear();
    active.extend((0..lens.len()).filter(|&r| lens[r] >= 2));
    while !active.is_empty() {
        inv.values.clear();
        // Reserved up front: grown by doubling, the buffer would take up to
        // twice the memory it needs.
        inv.values
            .reserve(active.iter().map(|&r| lens[r] / 2).sum());
        for &r in active.iter() {
            let (s, n) = (starts[r], lens[r]);
            for pair in points[s..s + n].chunks_exact(2) {
                inv.push_denominator(&pair[0], &pair[1]);
            }
        }
        inv.invert();
        let mut inverses = inv.values.iter();
        for &r in active.iter() {
            let (s, n) = (starts[r], lens[r]);
            let run = &mut points[s..s + n];
            // The sum of pair j goes to position j: pairs 0 .. j were read
            // already, pair j's own points are read first.
            for j in 0..n / 2 {
                run[j] = add_with_inverse(&run[2 * j], &run[2 * j + 1], &mut inverses);
            }
            if n % 2 == 1 {
                run[n / 2] = run[n - 1];
            }
            lens[r] = n.div_ceil(2);
        }
        active.retain(|&r| lens[r] >= 2);
    }
}

/// `sums[l] = sum_b (b + 1) * store[b * lanes + l]` for every lane `l`
/// (`store` holds `buckets` rows of `lanes` points), all lanes in
/// lock-step from the top bucket down: `sum += running; running +=
/// bucket_b` is `2 * lanes` independent affine additions per step sharing
/// one inversion, about 6 multiplications each against the 11 to 14 of
/// projective running sums.
pub(crate) fn weighted_bucket_sums(
    store: &[G1Affine],
    lanes: usize,
    buckets: usize,
    running: &mut Vec<G1Affine>,
    sums: &mut Vec<G1Affine>,
    inv: &mut Inversion,
) {
    running.clear();
    running.resize(lanes, G1Affine::zero());
    sums.clear();
    sums.resize(lanes, G1Affine::zero());
    for b in (0..buckets).rev() {
        let row = store.get(b * lanes..(b + 1) * lanes).unwrap_or(&[]);
        inv.values.clear();
        for ((s, r), p) in sums.iter().zip(running.iter()).zip(row) {
            inv.push_denominator(s, r);
            inv.push_denominator(r, p);
        }
        inv.invert();
        let mut inverses = inv.values.iter();
        for ((s, r), p) in sums.iter_mut().zip(running.iter_mut()).zip(row) {
            *s = add_with_inverse(s, r, &mut inverses);
            *r = add_with_inverse(r, p, &mut inverses);
        }
    }
    // The last running sum (bucket 0 included) still belongs in the sum.
    add_assign_batch(sums, running, inv);
}

/// `acc[i] += add[i]` for every `i`, in affine coordinates with one shared
/// inversion for all additions, doublings included; `P + (-P)` gives the
/// identity.
pub(crate) fn add_assign_batch(acc: &mut [G1Affine], add: &[G1Affine], inv: &mut Inversion) {
    inv.values.clear();
    for (q, p) in acc.iter().zip(add) {
        inv.push_denominator(q, p);
    }
    inv.invert();
    let mut inverses = inv.values.iter();
    for (q, p) in acc.iter_mut().zip(add) {
        *q = add_with_inverse(q, p, &mut inverses);
    }
}

/// Denominators of a batch of affine additions and their inversion.
#[derive(Default)]
pub(crate) struct Inversion {
    pub(crate) values: Vec<Fq>,
    prefix: Vec<Fq>,
}

impl Inversion {
    /// Buffers for batches of up to `n` additions.
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            values: Vec::with_capacity(n),
            prefix: Vec::with_capacity(n),
        }
    }

    /// Adds the denominator of `q + p` (`p.x - q.x`, or `2 q.y` for a
    /// doubling), if the addition needs one.
    pub(crate) fn push_denominator(&mut self, q: &G1Affine, p: &G1Affine) {
        if is_identity(p) || is_identity(q) {
            return;
        }
        let dx = p.x - q.x;
        if !fq_is_zero(&dx) {
            self.values.push(dx);
        } else if fq_eq(&q.y, &p.y) && !fq_is_zero(&q.y) {
            self.values.push(q.y.double());
        }
    }

    /// Replaces every value by its inverse (one field inversion for all).
    /// The values are non-zero.
    pub(crate) fn invert(&mut self) {
        batch_invert(&mut self.values, &mut self.prefix);
    }
}

/// `q + p`, taking the inverse of the denominator that
/// [`Inversion::push_denominator`] pushed for it (if any) from `inverses`.
pub(crate) fn add_with_inverse<'a>(
    q: &G1Affine,
    p: &G1Affine,
    inverses: &mut impl Iterator<Item = &'a Fq>,
) -> G1Affine {
    if is_identity(p) {
        return *q;
    }
    if is_identity(q) {
        return *p;
    }
    let dx = p.x - q.x;
    let lambda = if !fq_is_zero(&dx) {
        let Some(inv) = inverses.next() else {
            return G1Affine::zero();
        };
        (p.y - q.y) * inv
    } else if fq_eq(&q.y, &p.y) && !fq_is_zero(&q.y) {
        let Some(inv) = inverses.next() else {
            return G1Affine::zero();
        };
        let xx = q.x.square();
        (xx.double() + xx) * inv
    } else {
        // p = -q.
        return G1Affine::zero();
    };
    let x = lambda.square() - q.x - p.x;
    let y = lambda * (q.x - x) - q.y;
    G1Affine::new_unchecked(x, y)
}

/// `[s_i]G1` for every scalar.
///
/// A table holds `m * [2^(13 j)]G` for every signed 13-bit digit magnitude
/// `m` and window `j` (82k points, 7.9 MB); each product is then the sum of
/// one table point per window. The scalars are processed in chunks, all
/// products of a chunk advancing one window at a time in affine
/// coordinates with one shared inversion (about 6 multiplications per
/// addition instead of 11).
#[cfg(feature = "insecure-setup")]
pub(crate) fn generator_mul_g1(scalars: &[Scalar]) -> Vec<G1Affine> {
    const C: u32 = 13;
    const CHUNK: usize = 1024;
    let windows = (SCALAR_BITS / C) as usize + 1;
    let half = 1usize << (C - 1);
    let mut table = Vec::with_capacity(windows * half);
    let mut base = G1Projective::from(G1Affine::generator());
    for _ in 0..windows {
        let mut multiples = Vec::with_capacity(half);
        let mut acc = base;
        for _ in 0..half {
            multiples.push(acc);
            acc += base;
        }
        table.extend(G1Projective::normalize_batch(&multiples));
        for _ in 0..C {
            ark_ec::AdditiveGroup::double_in_place(&mut base);
        }
    }
    let process = |chunk: &[Scalar]| -> Vec<G1Affine> {
        let mut recoders: Vec<SignedDigits> = chunk.iter().map(|s| signed_digits(s, C)).collect();
        let mut acc = vec![G1Affine::zero(); chunk.len()];
        let mut add = vec![G1Affine::zero(); chunk.len()];
        let mut inversion = Inversion::with_capacity(chunk.len());
        for j in 0..windows {
            for (recoder, point) in recoders.iter_mut().zip(&mut add) {
                let digit = recoder.next().unwrap_or(0);
                *point = if digit == 0 {
                    G1Affine::zero()
                } else {
                    let p = table[j * half + digit.unsigned_abs() as usize - 1];
                    if digit < 0 { -p } else { p }
                };
            }
            add_assign_batch(&mut acc, &add, &mut inversion);
        }
        acc
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        scalars.par_chunks(CHUNK).flat_map_iter(process).collect()
    }
    #[cfg(not(feature = "parallel"))]
    scalars.chunks(CHUNK).flat_map(process).collect()
}

/// `[s_i]G2` for every scalar, with a windowed table of the generator.
#[cfg(feature = "insecure-setup")]
pub(crate) fn generator_mul_g2(scalars: &[Scalar]) -> Vec<zg_types::G2Affine> {
    use ark_ec::scalar_mul::BatchMulPreprocessing;
    use zg_types::{G2Affine, G2Projective};
    let table =
        BatchMulPreprocessing::new(G2Projective::from(G2Affine::generator()), scalars.len());
    table.batch_mul(scalars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::VariableBaseMSM;
    use ark_std::UniformRand;
    use proptest::prelude::*;

    fn random_points(n: usize, seed: u64) -> Vec<G1Affine> {
        let mut rng = ark_std::test_rng();
        for _ in 0..seed {
            let _ = Scalar::rand(&mut rng);
        }
        let mut ps: Vec<G1Affine> = (0..n)
            .map(|_| G1Projective::rand(&mut rng).into_affine())
            .collect();
        // Repeated points and the identity exercise the special cases.
        if n > 3 {
            ps[1] = ps[0];
            ps[2] = -ps[0];
            ps[3] = G1Affine::zero();
        }
        ps
    }

    fn reference(points: &[G1Affine], scalars: &[Scalar]) -> G1Projective {
        G1Projective::msm(&points[..scalars.len()], scalars).unwrap()
    }

    /// A table of each window width gives arkworks' MSM.
    fn assert_matches_at_widths(
        points: &[G1Affine],
        scalars: &[Scalar],
        widths: &[u32],
        case: &str,
    ) {
        for &c in widths {
            let table = FixedBaseMsm::new(points, c).unwrap();
            assert_eq!(
                table.msm(scalars).unwrap(),
                reference(points, scalars),
                "{case}, c={c}"
            );
        }
    }

    #[test]
    fn matches_variable_base_msm_for_every_window() {
        let points = random_points(37, 1);
        let mut rng = ark_std::test_rng();
        let mut scalars: Vec<Scalar> = (0..37).map(|_| Scalar::rand(&mut rng)).collect();
        scalars[5] = Scalar::zero();
        scalars[6] = -Scalar::from(1u64);
        scalars[7] = Scalar::from(1u64);
        scalars[8] = scalars[9];
        for c in [2, 3, 5, 8, 13, 15, 16, 17] {
            let table = FixedBaseMsm::new(&points, c).unwrap();
            assert_eq!(
                table.msm(&scalars).unwrap(),
                reference(&points, &scalars),
                "c={c}"
            );
            assert_eq!(
                table.msm(&scalars[..10]).unwrap(),
                reference(&points, &scalars[..10])
            );
            assert_eq!(table.msm(&[]).unwrap(), G1Projective::zero());
        }
    }

    /// A point meets itself (doubling) or its negation (cancelling) in a
    /// bucket when equal or opposite bases have equal scalars: in every
    /// window, and for wide windows in the batched accumulator, which must
    /// leave the shared-inversion path for those additions.
    #[test]
    fn buckets_double_and_cancel() {
        let points = random_points(12, 3);
        let mut rng = ark_std::test_rng();
        let s = Scalar::rand(&mut rng);
        let random: Vec<Scalar> = (0..12).map(|_| Scalar::rand(&mut rng)).collect();
        // points[1] = points[0]; points[2] = -points[0].
        for equal in [[0, 1], [0, 2]] {
            let mut scalars = random.clone();
            for i in equal {
                scalars[i] = s;
            }
            assert_matches_at_widths(
                &points,
                &scalars,
                &[4, 13, 14],
                &alloc::format!("bases {equal:?}"),
            );
        }
    }

    /// `n` distinct points quickly: a chain of additions, then one batch
    /// normalisation; with the identity, a repeated and an opposite point.
    fn chained_points(n: usize, seed: u64) -> Vec<G1Affine> {
        let mut rng = ark_std::test_rng();
        for _ in 0..seed {
            let _ = Scalar::rand(&mut rng);
        }
        let step = G1Projective::rand(&mut rng);
        let mut acc = G1Projective::rand(&mut rng);
        let mut chain = Vec::with_capacity(n);
        for _ in 0..n {
            chain.push(acc);
            acc += step;
        }
        let mut ps = G1Projective::normalize_batch(&chain);
        if n > 3 {
            ps[1] = ps[0];
            ps[2] = -ps[0];
            ps[3] = G1Affine::zero();
        }
        ps
    }

    /// Scalars that exercise every digit path: zero, one, minus one, small,
    /// 128-bit, the largest scalar and all-ones windows (carries into the
    /// last window), then random ones.
    fn awkward_scalars(n: usize, seed: u64) -> Vec<Scalar> {
        let mut rng = ark_std::test_rng();
        for _ in 0..seed {
            let _ = Scalar::rand(&mut rng);
        }
        let mut special = vec![
            Scalar::zero(),
            Scalar::from(1u64),
            -Scalar::from(1u64),
            Scalar::from(4096u64),
            Scalar::from(u64::MAX),
            Scalar::from(u128::MAX),
            -Scalar::from(2u64),
            Scalar::from((1u64 << 13) - 1),
        ];
        special.truncate(n);
        let mut out = special;
        while out.len() < n {
            out.push(Scalar::rand(&mut rng));
        }
        out
    }

    #[test]
    fn streamed_msm_matches_arkworks_across_the_threshold() {
        for (n, seed) in [
            (STREAMED_MSM_FROM - 1, 1),
            (STREAMED_MSM_FROM, 2),
            (4100, 3),
        ] {
            let points = chained_points(n, seed);
            let scalars = awkward_scalars(n, seed);
            let expected = G1Projective::msm_unchecked(&points, &scalars);
            assert_eq!(msm(&points, &scalars), expected, "n = {n}");
            assert_eq!(streamed_msm(&points, &scalars), expected, "n = {n}");
            // Short scalars (top windows empty), and unequal lengths.
            let short: Vec<Scalar> = scalars
                .iter()
                .map(|s| Scalar::from(s.into_bigint().0[0]))
                .collect();
            assert_eq!(
                msm(&points, &short[..n - 5]),
                G1Projective::msm_unchecked(&points[..n - 5], &short[..n - 5])
            );
        }
        let points = chained_points(3000, 4);
        assert!(msm(&points, &vec![Scalar::zero(); 3000]).is_zero());
        // Scalars narrower than any window width (3 bits): one window.
        let tiny: Vec<Scalar> = (0..3000u64).map(|i| Scalar::from(i % 8)).collect();
        assert_eq!(
            msm(&points, &tiny),
            G1Projective::msm_unchecked(&points, &tiny)
        );
        // Equal scalars: every window's points crowd into one bucket.
        let equal = vec![awkward_scalars(9, 5)[8]; 3000];
        assert_eq!(
            msm(&points, &equal),
            G1Projective::msm_unchecked(&points, &equal)
        );
        assert!(msm(&[], &[]).is_zero());
    }

    /// The accumulator's buckets are the sums of their points, and while
    /// the points stream in its batches stay full (at most one inversion
    /// per `batch_len` points) and only the rare equal-x additions take
    /// the projective path. A change that kept the sums right but flushed
    /// short batches, or added projectively, would be as correct and many
    /// times slower.
    #[test]
    fn bucket_accumulator_sums_in_full_batches() {
        let points = chained_points(400, 11);
        let buckets = 4096;
        let mut rng = ark_std::test_rng();
        let entries: Vec<(usize, usize, bool)> = (0..12_000)
            .map(|_| {
                let b = usize::rand(&mut rng) % buckets;
                (
                    b,
                    usize::rand(&mut rng) % points.len(),
                    bool::rand(&mut rng),
                )
            })
            .collect();
        let mut acc = BucketAccumulator::new(&points, buckets);
        for &(b, index, negate) in &entries {
            acc.push(b, index, negate);
        }
        let streamed = acc.flushes;
        let full = entries.len() / acc.batch_len;
        assert!(
            streamed <= full,
            "{streamed} batches for {} additions",
            entries.len()
        );
        // Of the 400 points one is the identity and two repeat a third
        // (equal or opposite): only their additions, and a bucket that
        // happens to hold such a point, take the projective path.
        assert!(
            acc.generic <= entries.len() / 20,
            "{} of {} additions projective",
            acc.generic,
            entries.len()
        );
        let got = acc.finish();
        let mut expected = vec![G1Projective::zero(); buckets];
        for &(b, index, negate) in &entries {
            let p = G1Projective::from(points[index]);
            expected[b] += if negate { -p } else { p };
        }
        for (b, (got, want)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(G1Projective::from(*got), *want, "bucket {b}");
        }
    }

    #[test]
    fn batch_additions_cover_every_case() {
        let mut rng = ark_std::test_rng();
        let p = G1Projective::rand(&mut rng).into_affine();
        let q = G1Projective::rand(&mut rng).into_affine();
        let zero = G1Affine::zero();
        let pairs = [(p, q), (p, p), (p, -p), (zero, p), (p, zero), (zero, zero)];
        let mut acc: Vec<G1Affine> = pairs.iter().map(|x| x.0).collect();
        let add: Vec<G1Affine> = pairs.iter().map(|x| x.1).collect();
        add_assign_batch(&mut acc, &add, &mut Inversion::default());
        for ((a, b), got) in pairs.iter().zip(&acc) {
            assert_eq!(*got, (*a + *b).into_affine());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        /// The streamed method on its own, also for inputs far below the
        /// size [`msm`] gives it (few points per window).
        #[test]
        fn streamed_msm_matches_on_small_inputs(seed in 0u64..1000, n in 1usize..150) {
            let points = chained_points(n, seed);
            let scalars = awkward_scalars(n, seed + 1);
            prop_assert_eq!(
                streamed_msm(&points, &scalars),
                G1Projective::msm_unchecked(&points, &scalars)
            );
        }
    }

    /// Equal scalars put every window's points into one bucket, which the
    /// table MSM sums by sorting rather than in batches of distinct buckets.
    #[test]
    fn equal_scalars_match_variable_base_msm() {
        let points = chained_points(300, 6);
        let mut rng = ark_std::test_rng();
        let s = Scalar::rand(&mut rng);
        for scalars in [vec![s; 300], vec![Scalar::from(1u64); 300], vec![-s; 299]] {
            assert_matches_at_widths(&points, &scalars, &[8, 11, 13], "equal scalars");
        }
    }

    /// More entries than one sorted chunk (2048 points x 64 windows of 4
    /// bits, 8 buckets): the run sums of later chunks are added to buckets
    /// that already hold points.
    #[test]
    fn sorted_chunks_add_up_across_chunks() {
        let points = chained_points(2048, 7);
        let scalars = awkward_scalars(2048, 7);
        const { assert!(2048 * 64 > SORTED_CHUNK) };
        let table = FixedBaseMsm::new(&points, 4).unwrap();
        assert_eq!(table.msm(&scalars).unwrap(), reference(&points, &scalars));
    }

    #[test]
    fn rejects_bad_parameters() {
        let points = random_points(4, 2);
        for bad in [1, 21] {
            assert!(matches!(
                FixedBaseMsm::new(&points, bad),
                Err(Error::InvalidParameter { value, min: 2, max: 20, .. }) if value == bad as usize
            ));
        }
        for edge in [FixedBaseMsm::MIN_WINDOW_BITS, FixedBaseMsm::MAX_WINDOW_BITS] {
            assert_eq!(
                FixedBaseMsm::new(&points, edge).unwrap().window_bits(),
                edge
            );
        }
        let empty = FixedBaseMsm::new(&[], 8).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        assert_eq!(empty.table_bytes(), 0);
        assert!(empty.msm(&[]).unwrap().is_zero());
        let table = FixedBaseMsm::new(&points, 4).unwrap();
        assert!(!table.is_empty());
        assert_eq!(table.window_bits(), 4);
        assert_eq!(table.len(), 4);
        assert_eq!(table.table_bytes(), 4 * 64 * 96);
        assert!(matches!(
            table.msm(&[Scalar::zero(); 5]),
            Err(Error::LengthMismatch {
                expected: 4,
                actual: 5,
                ..
            })
        ));
    }

    #[cfg(feature = "insecure-setup")]
    #[test]
    fn generator_multiples_match_scalar_multiplication() {
        let mut rng = ark_std::test_rng();
        let mut scalars: Vec<Scalar> = (0..1500).map(|_| Scalar::rand(&mut rng)).collect();
        scalars[0] = Scalar::zero();
        scalars[1] = Scalar::from(1u64);
        scalars[2] = -Scalar::from(1u64);
        scalars[3] = Scalar::from(1u64 << 12);
        let got = generator_mul_g1(&scalars);
        assert_eq!(got.len(), scalars.len());
        for (s, p) in scalars.iter().zip(&got) {
            assert_eq!(*p, (G1Affine::generator() * s).into_affine());
        }
    }

    #[test]
    fn table_msms_match_variable_base_msms() {
        let mut rng = ark_std::test_rng();
        for width in [2u32, 5, 8] {
            let per_base = 1usize << (width - 1);
            let sets: Vec<Vec<G1Affine>> = (0..3).map(|k| random_points(6, k)).collect();
            let tables: Vec<Vec<(Fq, Fq)>> = sets
                .iter()
                .map(|bases| {
                    bases
                        .iter()
                        .flat_map(|p| {
                            (1..=per_base as u64).map(move |d| {
                                (*p * Scalar::from(d))
                                    .into_affine()
                                    .xy()
                                    .unwrap_or_default()
                            })
                        })
                        .collect()
                })
                .collect();
            let mut scalars: Vec<Vec<Scalar>> = (0..3)
                .map(|_| (0..6).map(|_| Scalar::rand(&mut rng)).collect())
                .collect();
            scalars[1][2] = Scalar::zero();
            scalars[2][0] = -Scalar::from(1u64);
            scalars[2][1] = Scalar::from(per_base as u64);
            let got = table_msms(&tables, width, &scalars);
            for k in 0..3 {
                assert_eq!(
                    got[k],
                    reference(&sets[k], &scalars[k]),
                    "width {width}, msm {k}"
                );
            }
            // Fewer scalars than bases: the missing ones count as zero.
            let short = table_msms(&tables[..1], width, &[&scalars[0][..4]]);
            assert_eq!(short[0], reference(&sets[0], &scalars[0][..4]));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        #[test]
        fn random_msms_match(seed in 0u64..1000, n in 1usize..80, c in 2u32..14) {
            let points = random_points(n, seed % 7);
            let mut rng = ark_std::test_rng();
            for _ in 0..seed { let _ = Scalar::rand(&mut rng); }
            let scalars: Vec<Scalar> = (0..n).map(|_| Scalar::rand(&mut rng)).collect();
            let table = FixedBaseMsm::new(&points, c).unwrap();
            prop_assert_eq!(table.msm(&scalars).unwrap(), reference(&points, &scalars));
        }

        /// The weighted bucket sum for any bucket count, not only the
        /// powers of two the MSMs use: short, square and ragged last rows.
        #[test]
        fn weighted_bucket_sum_matches_the_definition(picks in proptest::collection::vec(0usize..6, 0..150)) {
            let pool = random_points(6, 4);
            let buckets: Vec<G1Affine> = picks.iter().map(|&i| pool[i]).collect();
            let expected: G1Projective = buckets
                .iter()
                .enumerate()
                .map(|(b, p)| *p * Scalar::from(b as u64 + 1))
                .sum();
            prop_assert_eq!(weighted_bucket_sum(buckets), expected);
        }

        /// Runs of every length (empty, odd, even) drawn from a small pool
        /// with the identity, a repeated point and its negation: every
        /// run's in-place sum is the projective sum of its points.
        #[test]
        fn reduce_runs_sums_every_run(picks in proptest::collection::vec(0usize..6, 0..40), cuts in proptest::collection::vec(0usize..40, 0..8)) {
            let pool = random_points(6, 3);
            let points: Vec<G1Affine> = picks.iter().map(|&i| pool[i]).collect();
            let mut runs: Vec<usize> = cuts.iter().map(|&c| c.min(points.len())).collect();
            runs.push(0);
            runs.push(points.len());
            runs.sort_unstable();
            let expected: Vec<G1Projective> = runs
                .windows(2)
                .map(|w| points[w[0]..w[1]].iter().map(|p| G1Projective::from(*p)).sum())
                .collect();
            let mut reduced = points.clone();
            let starts: Vec<usize> = runs[..runs.len() - 1].to_vec();
            let mut lens: Vec<usize> = runs.windows(2).map(|w| w[1] - w[0]).collect();
            reduce_runs_in_place(&mut reduced, &starts, &mut lens, &mut Vec::new(), &mut Inversion::default());
            prop_assert_eq!(lens.len(), runs.len() - 1);
            for (k, (&a, &n)) in starts.iter().zip(&lens).enumerate() {
                prop_assert!(n <= 1);
                let got = if n > 0 { G1Projective::from(reduced[a]) } else { G1Projective::zero() };
                prop_assert_eq!(got, expected[k], "run {}", k);
            }
        }
    }
}
