//! Fault tolerance: what a placement of slices on nodes survives.

use crate::Error;
use crate::quorum::{Certification, Quorum, SignerId};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Slices placed on nodes, one holder per slice.
///
/// A [`Placement`] gives every slot (slice) of a blob exactly one holder, as
/// 0G's quorums do. A blob is recoverable from any `rows` distinct slices
/// (1024 of 3072 in production), so it is lost when the live nodes hold
/// fewer than `rows` slices, and a set of nodes can withhold it when they
/// hold more than `slices - rows`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    nodes: Vec<SignerId>,
    owners: Vec<u32>,
    counts: Vec<usize>,
    rows: usize,
}

/// A set of nodes chosen by an adversary question: the nodes (indices into
/// [`Placement::nodes`]), the slices they hold and their total stake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSet {
    /// Node indices, increasing.
    pub nodes: Vec<usize>,
    /// Slices the nodes hold together.
    pub slices: usize,
    /// Their total stake (0 where no stakes were given).
    pub stake: u128,
}

impl Placement {
    /// The placement of a quorum: its distinct signers are the nodes
    /// (ordered by id), `rows` the slices needed to recover.
    pub fn from_quorum(quorum: &Quorum, rows: usize) -> Result<Self, Error> {
        let nodes: Vec<SignerId> = quorum.slot_counts().into_keys().collect();
        let index: BTreeMap<SignerId, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let owners = quorum
            .slots()
            .iter()
            .map(|id| index.get(id).copied().unwrap_or(0))
            .collect();
        Self::new(nodes, owners, rows)
    }

    /// A placement where slot `j` is held by `nodes[owners[j]]`.
    pub fn new(nodes: Vec<SignerId>, owners: Vec<u32>, rows: usize) -> Result<Self, Error> {
        if rows == 0 {
            return Err(Error::ZeroParameter { what: "rows" });
        }
        let mut counts = alloc::vec![0usize; nodes.len()];
        for owner in &owners {
            let count = counts
                .get_mut(*owner as usize)
                .ok_or(Error::IndexOutOfRange {
                    what: "slot owner",
                    index: *owner as usize,
                    bound: nodes.len(),
                })?;
            *count += 1;
        }
        Ok(Self {
            nodes,
            owners,
            counts,
            rows,
        })
    }

    /// The nodes.
    pub fn nodes(&self) -> &[SignerId] {
        &self.nodes
    }
    /// Slices held by each node.
    pub fn slice_counts(&self) -> &[usize] {
        &self.counts
    }
    /// Slot -> node index.
    pub fn owners(&self) -> &[u32] {
        &self.owners
    }
    /// Slices per blob.
    pub fn slices(&self) -> usize {
        self.owners.len()
    }
    /// Slices needed to recover.
    pub const fn rows(&self) -> usize {
        self.rows
    }

    fn failed_mask(&self, failed: &[usize]) -> Result<Vec<bool>, Error> {
        let mut mask = alloc::vec![false; self.nodes.len()];
        for node in failed {
            let slot = mask.get_mut(*node).ok_or(Error::IndexOutOfRange {
                what: "node",
                index: *node,
                bound: self.nodes.len(),
            })?;
            *slot = true;
        }
        Ok(mask)
    }

    /// Distinct slices still served when the nodes in `failed` (indices,
    /// repeats allowed) fail or withhold.
    pub fn available_slices(&self, failed: &[usize]) -> Result<usize, Error> {
        let mask = self.failed_mask(failed)?;
        Ok(self
            .counts
            .iter()
            .zip(&mask)
            .filter(|(_, down)| !**down)
            .map(|(count, _)| count)
            .sum())
    }

    /// Whether the blob can still be recovered: at least `rows` distinct
    /// slices are served.
    pub fn is_recoverable(&self, failed: &[usize]) -> Result<bool, Error> {
        Ok(self.available_slices(failed)? >= self.rows)
    }

    /// Slices an adversary must hold to make the blob unrecoverable:
    /// `slices - rows + 1`.
    pub fn withholding_threshold(&self) -> Result<usize, Error> {
        if self.slices() < self.rows {
            return Err(Error::TooFewSlices {
                needed: self.rows,
                got: self.slices(),
            });
        }
        Ok(self.slices() - self.rows + 1)
    }

    /// The fewest nodes that together hold at least `target` slices
    /// (greedy by slice count, which is optimal for a count target).
    pub fn fewest_nodes_holding(&self, target: usize) -> Result<NodeSet, Error> {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by(|a, b| {
            let (ca, cb) = (self.counts.get(*a), self.counts.get(*b));
            cb.cmp(&ca).then(a.cmp(b))
        });
        let mut chosen = Vec::new();
        let mut held = 0usize;
        for node in order {
            if held >= target {
                break;
            }
            held += self.counts.get(node).copied().unwrap_or(0);
            chosen.push(node);
        }
        if held < target {
            return Err(Error::TooFewSlices {
                needed: target,
                got: held,
            });
        }
        chosen.sort_unstable();
        Ok(NodeSet {
            nodes: chosen,
            slices: held,
            stake: 0,
        })
    }

    /// The nodes of least total stake that together hold at least `target`
    /// slices: an exact 0/1 covering knapsack, `O(nodes * target)` time and
    /// `nodes * target` bits of memory. Ties keep the lower-indexed choice.
    pub fn least_stake_holding(&self, stakes: &[u128], target: usize) -> Result<NodeSet, Error> {
        if stakes.len() != self.nodes.len() {
            return Err(Error::WrongLength {
                what: "stakes",
                expected: self.nodes.len(),
                actual: stakes.len(),
            });
        }
        let total: usize = self.counts.iter().sum();
        if total < target {
            return Err(Error::TooFewSlices {
                needed: target,
                got: total,
            });
        }
        // best[c]: least stake of a set holding at least c slices (c capped
        // at target); None = not reachable yet.
        let mut best: Vec<Option<u128>> = alloc::vec![None; target + 1];
        if let Some(zero) = best.get_mut(0) {
            *zero = Some(0);
        }
        let width = target + 1;
        let mut took = alloc::vec![0u64; (self.nodes.len() * width).div_ceil(64)];
        for (node, (&count, &stake)) in self.counts.iter().zip(stakes).enumerate() {
            if count == 0 {
                continue;
            }
            for c in (1..=target).rev() {
                let from = c.saturating_sub(count);
                let Some(Some(base)) = best.get(from).copied() else {
                    continue;
                };
                let candidate = base.saturating_add(stake);
                let Some(entry) = best.get_mut(c) else {
                    continue;
                };
                if entry.is_none_or(|current| candidate < current) {
                    *entry = Some(candidate);
                    let bit = node * width + c;
                    if let Some(word) = took.get_mut(bit / 64) {
                        *word |= 1 << (bit % 64);
                    }
                }
            }
        }
        let stake = best.get(target).copied().flatten().unwrap_or(0);
        // Walk back: the last node that improved best[c] is in the set.
        let mut chosen = Vec::new();
        let mut c = target;
        for node in (0..self.nodes.len()).rev() {
            if c == 0 {
                break;
            }
            let bit = node * width + c;
            let taken = took.get(bit / 64).is_some_and(|w| w >> (bit % 64) & 1 == 1);
            if taken {
                chosen.push(node);
                c = c.saturating_sub(self.counts.get(node).copied().unwrap_or(0));
            }
        }
        chosen.reverse();
        let slices = chosen
            .iter()
            .map(|n| self.counts.get(*n).copied().unwrap_or(0))
            .sum();
        Ok(NodeSet {
            nodes: chosen,
            slices,
            stake,
        })
    }

    /// The fewest nodes that can make the blob unrecoverable by withholding.
    pub fn fewest_to_withhold(&self) -> Result<NodeSet, Error> {
        self.fewest_nodes_holding(self.withholding_threshold()?)
    }
    /// The least-stake set of nodes that can make the blob unrecoverable.
    pub fn least_stake_to_withhold(&self, stakes: &[u128]) -> Result<NodeSet, Error> {
        self.least_stake_holding(stakes, self.withholding_threshold()?)
    }
    /// The fewest nodes whose signatures alone certify a blob (they hold at
    /// least `ceil(2 * slices / 3)` slots).
    pub fn fewest_to_certify(&self) -> Result<NodeSet, Error> {
        self.fewest_nodes_holding(Certification::threshold(self.slices()))
    }
    /// The least-stake set of nodes whose signatures alone certify a blob.
    pub fn least_stake_to_certify(&self, stakes: &[u128]) -> Result<NodeSet, Error> {
        self.least_stake_holding(stakes, Certification::threshold(self.slices()))
    }

    /// The probability that the blob is unrecoverable when every node fails
    /// independently with probability `p`.
    pub fn unrecoverable_probability(&self, p: f64) -> Result<f64, Error> {
        let ps = alloc::vec![p; self.nodes.len()];
        self.unrecoverable_probability_each(&ps)
    }

    /// As [`unrecoverable_probability`](Self::unrecoverable_probability) with
    /// a failure probability per node.
    ///
    /// Exact dynamic programming over the number of live slices: after
    /// adding node `i` (holding `c_i` slices), `P[k]` is the probability
    /// that the nodes so far serve `k` slices; `P'[k] = p_i P[k] +
    /// (1 - p_i) P[k - c_i]`. The answer is `sum_{k < rows} P[k]`, a sum of
    /// non-negative terms (no cancellation), so tiny probabilities keep
    /// their relative precision. `O(nodes * slices)` time, `O(slices)`
    /// memory; only additions and multiplications, so it runs without `std`.
    pub fn unrecoverable_probability_each(&self, failure: &[f64]) -> Result<f64, Error> {
        if failure.len() != self.nodes.len() {
            return Err(Error::WrongLength {
                what: "failure probabilities",
                expected: self.nodes.len(),
                actual: failure.len(),
            });
        }
        if failure.iter().any(|p| !(0.0..=1.0).contains(p)) {
            return Err(Error::InvalidProbability);
        }
        let slices = self.slices();
        let mut dist = alloc::vec![0.0f64; slices + 1];
        if let Some(zero) = dist.get_mut(0) {
            *zero = 1.0;
        }
        let mut reach = 0usize;
        for (&count, &p) in self.counts.iter().zip(failure) {
            if count == 0 {
                continue;
            }
            let q = 1.0 - p;
            reach += count;
            for k in (0..=reach.min(slices)).rev() {
                let stay = dist.get(k).copied().unwrap_or(0.0) * p;
                let up = k
                    .checked_sub(count)
                    .and_then(|j| dist.get(j).copied())
                    .unwrap_or(0.0)
                    * q;
                if let Some(entry) = dist.get_mut(k) {
                    *entry = stay + up;
                }
            }
        }
        Ok(dist.iter().take(self.rows.min(slices + 1)).sum())
    }

    /// A seeded Monte Carlo estimate of
    /// [`unrecoverable_probability`](Self::unrecoverable_probability), for
    /// placements too large for the exact computation or for checking it.
    ///
    /// The error bound is Hoeffding's: with probability at least
    /// `confidence`, `|estimate - true| <= sqrt(ln(2 / (1 - confidence)) /
    /// (2 * trials))`. Needs `std` (for `ln` and `sqrt`); the random stream
    /// is `SplitMix64` from `seed`, so a seed gives the same estimate
    /// everywhere.
    #[cfg(feature = "std")]
    pub fn unrecoverable_monte_carlo(
        &self,
        p: f64,
        trials: u64,
        seed: u64,
        confidence: f64,
    ) -> Result<MonteCarlo, Error> {
        if !(0.0..=1.0).contains(&p) || !(0.0..1.0).contains(&confidence) {
            return Err(Error::InvalidProbability);
        }
        if trials == 0 {
            return Err(Error::ZeroParameter { what: "trials" });
        }
        let mut rng = SplitMix64(seed);
        let mut lost = 0u64;
        for _ in 0..trials {
            let mut live = 0usize;
            for &count in &self.counts {
                if rng.unit() >= p {
                    live += count;
                }
            }
            if live < self.rows {
                lost += 1;
            }
        }
        #[allow(clippy::cast_precision_loss, reason = "trial counts far below 2^52")]
        let (lost_f, trials_f) = (lost as f64, trials as f64);
        let half_width = ((2.0 / (1.0 - confidence)).ln() / (2.0 * trials_f)).sqrt();
        Ok(MonteCarlo {
            estimate: lost_f / trials_f,
            trials,
            half_width,
            confidence,
        })
    }
}

/// A Monte Carlo estimate with its Hoeffding error bound.
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonteCarlo {
    /// Fraction of trials in which the blob was lost.
    pub estimate: f64,
    /// Trials run.
    pub trials: u64,
    /// With probability `confidence` the true value lies within
    /// `estimate +- half_width`.
    pub half_width: f64,
    /// The confidence of the bound.
    pub confidence: f64,
}

/// `SplitMix64`: a small, well-mixed, seedable stream (not cryptographic).
#[cfg(feature = "std")]
struct SplitMix64(u64);

#[cfg(feature = "std")]
impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 bits.
    fn unit(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss, reason = "53-bit value, exact")]
        let top = (self.next() >> 11) as f64;
        top * (1.0 / 9_007_199_254_740_992.0)
    }
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::SplitMix64;

    /// The reference outputs of `SplitMix64` for seed 1234567.
    #[test]
    fn split_mix_64_matches_the_reference_stream() {
        let mut rng = SplitMix64(1_234_567);
        let got: [u64; 5] = core::array::from_fn(|_| rng.next());
        assert_eq!(
            got,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
        // `unit` keeps the top 53 bits of the next output.
        let mut rng = SplitMix64(1_234_567);
        #[allow(clippy::cast_precision_loss, reason = "53-bit value, exact")]
        let expected = (6_457_827_717_110_365_317u64 >> 11) as f64 / 9_007_199_254_740_992.0;
        assert_eq!(rng.unit().to_bits(), expected.to_bits());
        assert!((0.0..1.0).contains(&SplitMix64(u64::MAX).unit()));
    }
}
