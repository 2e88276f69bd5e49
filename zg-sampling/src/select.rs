//! Sample selection: `k` distinct indices, uniform over `0..n`, derived from
//! a 32-byte seed.

use crate::Error;
use alloc::collections::BTreeSet;
use alloc::vec::Vec;
use tiny_keccak::{Hasher, Keccak};
use zg_types::Geometry;
use zg_types::merkle::sectors_per_slice;

/// The domain tag of the selection hash.
const SELECT_TAG: &[u8] = b"zg-sampling/select/v1";

/// Above this many samples, duplicates are tracked in a tree instead of a
/// linear scan of the drawn list.
const LINEAR_DEDUP_LIMIT: usize = 128;

/// The 32 bytes that sampling starts from: a block hash, a beacon output, or
/// a light client's own randomness.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SampleSeed([u8; 32]);

impl SampleSeed {
    /// Wraps 32 bytes.
    pub const fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    /// The seed's bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
    /// Whether all 32 bytes are zero.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|b| *b == 0)
    }
}

impl From<[u8; 32]> for SampleSeed {
    fn from(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

/// An endless stream of uniform draws from `0..n` (with repetition), from
/// the derivation documented on [`select_indices`].
struct Draws {
    prefix: Keccak,
    n: u64,
    /// Candidates `>= limit` are rejected (`limit` = largest multiple of `n`
    /// representable, or 0 meaning `2^64` when `n` divides `2^64`).
    limit: u64,
    counter: u64,
    block: [u8; 32],
    next_word: usize,
}

impl Draws {
    fn new(seed: &SampleSeed, n: u64) -> Self {
        let mut prefix = Keccak::v256();
        prefix.update(SELECT_TAG);
        prefix.update(&seed.0);
        prefix.update(&n.to_be_bytes());
        // 2^64 mod n, computed without 128-bit arithmetic.
        let rem = (u64::MAX % n + 1) % n;
        Self {
            prefix,
            n,
            limit: 0u64.wrapping_sub(rem),
            counter: 0,
            block: [0; 32],
            next_word: 4,
        }
    }

    fn next_candidate(&mut self) -> u64 {
        if self.next_word == 4 {
            let mut hasher = self.prefix.clone();
            hasher.update(&self.counter.to_be_bytes());
            hasher.finalize(&mut self.block);
            self.counter = self.counter.wrapping_add(1);
            self.next_word = 0;
        }
        let mut word = [0u8; 8];
        let start = self.next_word * 8;
        if let Some(bytes) = self.block.get(start..start + 8) {
            word.copy_from_slice(bytes);
        }
        self.next_word += 1;
        u64::from_be_bytes(word)
    }

    fn next_draw(&mut self) -> u64 {
        loop {
            let x = self.next_candidate();
            // `limit == 0` stands for 2^64: n is a power of two, nothing is rejected.
            if self.limit == 0 || x < self.limit {
                return x % self.n;
            }
        }
    }
}

/// `k` distinct indices, uniform over `0..n`, derived from `seed`. Fails if
/// `k > n`.
///
/// # Derivation (fixed; part of the wire protocol)
///
/// Block `j` (for `j = 0, 1, 2, ...`) is
///
/// ```text
/// block_j = keccak256("zg-sampling/select/v1" || seed || n || j)
/// ```
///
/// with `seed` the 32 seed bytes, `n` and `j` as big-endian `u64`
/// (the tag is the 21 ASCII bytes shown, no terminator). Each block gives
/// four candidates: bytes `8i .. 8i + 8` read as a big-endian `u64`, for
/// `i = 0..4` in order. A candidate `x` is **rejected** when
/// `x >= 2^64 - (2^64 mod n)` (the largest multiple of `n` that fits), so the
/// accepted `x mod n` is exactly uniform; otherwise `x mod n` is the next
/// draw. A draw equal to an earlier accepted index is skipped. Selection
/// stops when `k` distinct indices are drawn; they are returned in the order
/// drawn. Drawing without replacement this way gives every ordered `k`-tuple
/// of distinct indices the same probability.
///
/// Only integer arithmetic on `u64` is used, so every platform (including
/// 32-bit wasm) draws the same indices.
///
/// The expected number of hashes is about `n/4 * ln(n / (n - k))` plus
/// `k/4`: cheap for `k` well below `n`, and at most `n ln n / 4` for `k = n`.
pub fn select_indices(seed: &SampleSeed, n: u64, k: u64) -> Result<Vec<u64>, Error> {
    if k > n {
        return Err(Error::TooManySamples {
            wanted: k,
            population: n,
        });
    }
    let count = usize::try_from(k).map_err(|_| Error::TooManySamples {
        wanted: k,
        population: n,
    })?;
    let mut out = Vec::with_capacity(count);
    if count == 0 {
        return Ok(out);
    }
    let mut draws = Draws::new(seed, n);
    if count <= LINEAR_DEDUP_LIMIT {
        while out.len() < count {
            let x = draws.next_draw();
            if !out.contains(&x) {
                out.push(x);
            }
        }
    } else {
        let mut taken = BTreeSet::new();
        while out.len() < count {
            let x = draws.next_draw();
            if taken.insert(x) {
                out.push(x);
            }
        }
    }
    Ok(out)
}

/// `k` distinct slice indices of `geometry`, uniform over all
/// `geometry.slices()` slices: [`select_indices`] with `n = slices`.
pub fn select_slices(
    seed: &SampleSeed,
    geometry: &Geometry,
    k: usize,
) -> Result<Vec<usize>, Error> {
    let n = geometry.slices() as u64;
    let picks = select_indices(seed, n, k as u64)?;
    // Every pick is below `slices`, a usize.
    Ok(picks
        .into_iter()
        .map(|i| usize::try_from(i).unwrap_or(usize::MAX))
        .collect())
}

/// A sector position: sector `sector` (counted inside its slice) of slice
/// `slice`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SectorPosition {
    /// The slice.
    pub slice: usize,
    /// The sector inside the slice.
    pub sector: usize,
}

/// `k` distinct sector positions, uniform over all sectors of the blob
/// (`slices * cols / 8` of them): [`select_indices`] with `n` the total
/// sector count, and global sector `i` mapped to slice `i / s`, sector
/// `i % s` with `s` the sectors per slice.
pub fn select_sectors(
    seed: &SampleSeed,
    geometry: &Geometry,
    k: usize,
) -> Result<Vec<SectorPosition>, Error> {
    let per_slice = sectors_per_slice(geometry);
    let n = (geometry.slices() * per_slice) as u64;
    let picks = select_indices(seed, n, k as u64)?;
    Ok(picks
        .into_iter()
        .map(|i| {
            let i = usize::try_from(i).unwrap_or(usize::MAX);
            SectorPosition {
                slice: i / per_slice,
                sector: i % per_slice,
            }
        })
        .collect())
}

#[cfg(test)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "test values are small"
)]
mod tests {
    use super::*;

    fn seed(i: u32) -> SampleSeed {
        let mut b = [0u8; 32];
        b[..4].copy_from_slice(&i.to_be_bytes());
        SampleSeed::new(b)
    }

    #[test]
    fn known_answers() {
        // Computed independently by `tools/known_values.py` (a pure-Python
        // keccak-256 and the derivation documented on `select_indices`).
        let s = SampleSeed::new([0u8; 32]);
        assert_eq!(
            select_indices(&s, 3072, 8).unwrap(),
            KAT_ZERO_3072_8.to_vec()
        );
        let mut b = [0u8; 32];
        for (i, x) in b.iter_mut().enumerate() {
            *x = i as u8;
        }
        assert_eq!(
            select_indices(&SampleSeed::new(b), 128, 10).unwrap(),
            KAT_COUNT_128_10.to_vec()
        );
        assert_eq!(
            select_indices(&SampleSeed::new(b), 3, 3).unwrap(),
            KAT_COUNT_3_3.to_vec()
        );
        assert_eq!(SampleSeed::from(b), SampleSeed::new(b));
    }

    const KAT_ZERO_3072_8: [u64; 8] = [918, 218, 2808, 2657, 2678, 31, 328, 610];
    const KAT_COUNT_128_10: [u64; 10] = [102, 11, 26, 97, 16, 44, 58, 50, 51, 127];
    const KAT_COUNT_3_3: [u64; 3] = [1, 2, 0];

    #[test]
    fn distinct_in_range_and_deterministic() {
        for n in [1u64, 2, 3, 7, 128, 192, 3072, 1 << 40] {
            for k in [0u64, 1, n.min(2), n.min(75), n.min(200)] {
                let a = select_indices(&seed(7), n, k).unwrap();
                assert_eq!(a.len() as u64, k);
                assert!(a.iter().all(|x| *x < n));
                let set: BTreeSet<_> = a.iter().collect();
                assert_eq!(set.len(), a.len());
                assert_eq!(a, select_indices(&seed(7), n, k).unwrap());
            }
        }
        // A longer selection extends a shorter one from the same seed.
        let short = select_indices(&seed(1), 3072, 10).unwrap();
        let long = select_indices(&seed(1), 3072, 300).unwrap();
        assert_eq!(&long[..10], &short[..]);
        assert_eq!(
            select_indices(&seed(1), 5, 6),
            Err(Error::TooManySamples {
                wanted: 6,
                population: 5
            })
        );
        let all = select_indices(&seed(3), 192, 192).unwrap();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..192).collect::<Vec<_>>());
    }

    #[test]
    fn rejection_limit() {
        let d = Draws::new(&seed(0), 3);
        // 2^64 mod 3 = 1, so the limit is 2^64 - 1.
        assert_eq!(d.limit, u64::MAX);
        let d = Draws::new(&seed(0), 1 << 10);
        assert_eq!(d.limit, 0);
        let d = Draws::new(&seed(0), (1 << 63) + 1);
        // 2^64 mod (2^63 + 1) = 2^63 - 1.
        assert_eq!(d.limit, (1 << 63) + 1);
    }

    #[test]
    fn sectors_map_to_slices() {
        let g = Geometry::ZG_TEST;
        let picks = select_sectors(&seed(9), &g, 50).unwrap();
        assert_eq!(picks.len(), 50);
        for p in &picks {
            assert!(p.slice < g.slices() && p.sector < 4);
        }
        let raw = select_indices(&seed(9), 192 * 4, 50).unwrap();
        for (p, r) in picks.iter().zip(raw) {
            assert_eq!((p.slice * 4 + p.sector) as u64, r);
        }
        assert_eq!(
            select_slices(&seed(9), &g, 20).unwrap(),
            select_indices(&seed(9), 192, 20)
                .unwrap()
                .into_iter()
                .map(|x| x as usize)
                .collect::<Vec<_>>()
        );
    }

    /// The chi-square statistic of `counts` against a uniform expectation.
    fn chi_square(counts: &[u64]) -> f64 {
        let total: u64 = counts.iter().sum();
        let expected = total as f64 / counts.len() as f64;
        counts
            .iter()
            .map(|c| {
                let d = *c as f64 - expected;
                d * d / expected
            })
            .sum()
    }

    /// Uniformity: 2000 fixed seeds (seed `i` is `i` big-endian in the first
    /// four bytes), 12 distinct slices each out of 192 (`ZG_TEST`): 24,000
    /// draws in 192 bins, 191 degrees of freedom. At significance 0.001 the
    /// critical value is 257.13 (the chi-square quantile 0.999 for 191 degrees
    /// of freedom, computed with mpmath in `tools/known_values.py`). The same
    /// for the first draw of each of 9600 seeds over 96 bins (95 degrees of
    /// freedom, critical value 143.34): each position of a selection is
    /// uniform on its own too.
    #[test]
    fn chi_square_uniformity() {
        let mut counts = [0u64; 192];
        for i in 0..2000 {
            for x in select_indices(&seed(i), 192, 12).unwrap() {
                counts[x as usize] += 1;
            }
        }
        let stat = chi_square(&counts);
        assert!(
            stat < 257.13,
            "chi-square {stat} over the 0.001 critical value"
        );

        let mut first = [0u64; 96];
        for i in 0..9600 {
            first[select_indices(&seed(i), 96, 3).unwrap()[0] as usize] += 1;
        }
        let stat = chi_square(&first);
        assert!(
            stat < 143.34,
            "chi-square {stat} over the 0.001 critical value"
        );
    }

    /// The test above can fail: a biased selector (an 8-bit draw reduced
    /// modulo n, which favours the low indices) is caught by it.
    #[test]
    fn chi_square_detects_modulo_bias() {
        let mut counts = [0u64; 192];
        for i in 0..2000u32 {
            let d = select_indices(&seed(i), 1 << 40, 12).unwrap();
            for x in d {
                counts[((x & 0xff) % 192) as usize] += 1;
            }
        }
        assert!(chi_square(&counts) > 257.13);
    }
}
