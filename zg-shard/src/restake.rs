//! Re-staking without interruption: what moves between epochs, a hand-off
//! plan, and a stake-weighted placement that moves little.

use crate::Error;
use crate::quorum::{Quorum, SignerId};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use tiny_keccak::{Hasher, Keccak};

/// One slot that changes holder between two epochs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotMove {
    /// The slot (slice index).
    pub slot: usize,
    /// Its holder in the old epoch.
    pub from: SignerId,
    /// Its holder in the new epoch.
    pub to: SignerId,
}

/// The slots whose holder differs between `old` and `new` (same slot count).
///
/// # Why 0G moves almost everything
///
/// Under 0G's ballot rule the registration signature seeds every ballot and
/// is signed afresh for each epoch, so the sorted ballot order (and with it
/// almost every slot) is redrawn each epoch even when no stake changed: a
/// slot keeps its holder only by chance, with probability about
/// `sum_i share_i^2`. [`rendezvous_placement`] is offered beside it for
/// chains embedding zg: a join moves only the slots the newcomer wins, about
/// its stake share of them, and a leave moves only the leaver's slots.
pub fn slot_moves(old: &Quorum, new: &Quorum) -> Result<Vec<SlotMove>, Error> {
    if old.len() != new.len() {
        return Err(Error::SizeMismatch {
            expected: old.len(),
            actual: new.len(),
        });
    }
    Ok(old
        .slots()
        .iter()
        .zip(new.slots())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(slot, (from, to))| SlotMove {
            slot,
            from: *from,
            to: *to,
        })
        .collect())
}

/// A hand-off in steps. During a step the old holder of each moving slot may
/// already have dropped it while the new holder is still fetching, so a
/// moving slot counts as unavailable; every other slot is served by its old
/// holder (not yet moved) or its new one (moved in an earlier, finished
/// step). Each step moves at most `slices - keep_available` slots, so at
/// least `keep_available` slices stay available throughout.
///
/// Choose `keep_available = rows + reserve`, `reserve` the slices that may
/// be lost to failures during the hand-off. Moves are grouped by source
/// signer (a leaving signer's slots go out together) and ordered by slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffPlan {
    steps: Vec<Vec<SlotMove>>,
    slices: usize,
    keep_available: usize,
}

impl HandoffPlan {
    /// Plans the hand-off of `moves` in a placement of `slices` slots.
    pub fn new(moves: &[SlotMove], slices: usize, keep_available: usize) -> Result<Self, Error> {
        if let Some(bad) = moves.iter().find(|m| m.slot >= slices) {
            return Err(Error::IndexOutOfRange {
                what: "slot",
                index: bad.slot,
                bound: slices,
            });
        }
        if keep_available > slices {
            return Err(Error::NoRoomToMove {
                needed: keep_available,
                total: slices,
            });
        }
        let room = slices - keep_available;
        if room == 0 && !moves.is_empty() {
            return Err(Error::NoRoomToMove {
                needed: keep_available,
                total: slices,
            });
        }
        let mut slots: Vec<usize> = moves.iter().map(|m| m.slot).collect();
        slots.sort_unstable();
        if let Some(pair) = slots.windows(2).find(|w| w.first() == w.get(1)) {
            return Err(Error::DuplicateSlot {
                slot: pair.first().copied().unwrap_or(0),
            });
        }
        let mut ordered = moves.to_vec();
        ordered.sort_by(|a, b| a.from.cmp(&b.from).then(a.slot.cmp(&b.slot)));
        let steps = ordered
            .chunks(room.max(1))
            .map(<[SlotMove]>::to_vec)
            .collect();
        Ok(Self {
            steps,
            slices,
            keep_available,
        })
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Vec<SlotMove>] {
        &self.steps
    }

    /// The fewest slices available at any moment of the plan.
    pub fn min_available(&self) -> usize {
        let largest = self.steps.iter().map(Vec::len).max().unwrap_or(0);
        self.slices - largest
    }

    /// Whether the plan keeps the promised number of slices available.
    pub fn keeps_available(&self) -> bool {
        self.min_available() >= self.keep_available
    }
}

/// `-log2(x / 2^64)` in 32.32 fixed point for `x` in `1..=2^64` (given as
/// `x - 1`), computed with integers only so every platform agrees.
fn neg_log2_q32(x_minus_one: u64) -> u64 {
    let Some(x) = x_minus_one.checked_add(1) else {
        return 0; // x = 2^64
    };
    let int = 63 - u64::from(x.leading_zeros());
    // Mantissa in [1, 2) as Q63.
    let mut y = u128::from(x) << (63 - int);
    let mut frac = 0u64;
    for _ in 0..32 {
        y = (y * y) >> 63;
        frac <<= 1;
        if y >= 1 << 64 {
            y >>= 1;
            frac |= 1;
        }
    }
    let log2 = (int << 32) | frac;
    (64u64 << 32) - log2
}

fn rendezvous_hash(seed: &[u8; 32], slot: u64, node: &SignerId) -> u64 {
    let mut hasher = Keccak::v256();
    hasher.update(seed);
    hasher.update(&slot.to_be_bytes());
    hasher.update(node.as_bytes());
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    let mut first = [0u8; 8];
    first.copy_from_slice(out.get(..8).unwrap_or(&[0; 8]));
    u64::from_be_bytes(first)
}

/// Stake-weighted rendezvous hashing: slot `s` goes to the node maximising
/// `w / -ln(u)`, `u = (h + 1) / 2^64` with `h` the first 8 bytes
/// (big-endian) of `keccak(seed || s as u64 big-endian || node id)`. Node `i`
/// wins a slot with probability exactly `w_i / sum w` (the weighted
/// rendezvous / exponential-race argument), so placements are proportional
/// in expectation, and changing one node's membership moves only slots that
/// node wins or held.
///
/// The logarithm is computed in 32.32 fixed point with integers only (the
/// base cancels in the comparison), so the placement is bit-identical on
/// every platform and needs no `std`. Ties (equal scores) go to the smaller
/// id. Nodes of weight zero never win; at least one weight must be non-zero
/// and ids must be distinct. `O(slots * nodes)` hashes.
pub fn rendezvous_placement(
    nodes: &[(SignerId, u64)],
    slots: usize,
    seed: &[u8; 32],
) -> Result<Quorum, Error> {
    let mut first_index = BTreeMap::new();
    for (index, (id, _)) in nodes.iter().enumerate() {
        if let Some(first) = first_index.insert(*id, index) {
            return Err(Error::DuplicateSigner { index, first });
        }
    }
    if nodes.iter().all(|(_, w)| *w == 0) {
        return Err(Error::ZeroParameter {
            what: "total weight",
        });
    }
    let mut out = Vec::with_capacity(slots);
    for slot in 0..slots {
        let slot64 = u64::try_from(slot).unwrap_or(u64::MAX);
        let mut best: Option<Candidate> = None;
        for (id, weight) in nodes {
            if *weight == 0 {
                continue;
            }
            let candidate = Candidate {
                weight: *weight,
                neg_log2_u: neg_log2_q32(rendezvous_hash(seed, slot64, id)),
                id: *id,
            };
            if best.is_none_or(|best| candidate.outscores(&best)) {
                best = Some(candidate);
            }
        }
        if let Some(best) = best {
            out.push(best.id);
        }
    }
    Ok(Quorum::from_slots(out))
}

/// A node's bid for one slot: score `weight / neg_log2_u`.
#[derive(Clone, Copy)]
struct Candidate {
    weight: u64,
    /// `-log2 u` in 32.32 fixed point; zero is an infinite score.
    neg_log2_u: u64,
    id: SignerId,
}

impl Candidate {
    /// A higher score wins, compared without division (`w / l > w' / l'`
    /// iff `w * l' > w' * l`, which also ranks `l = 0` above everything);
    /// equal scores go to the smaller id.
    fn outscores(&self, best: &Self) -> bool {
        let lhs = u128::from(self.weight) * u128::from(best.neg_log2_u);
        let rhs = u128::from(best.weight) * u128::from(self.neg_log2_u);
        lhs > rhs || (lhs == rhs && self.id < best.id)
    }
}

/// How far a placement is from exact stake proportionality: for each node,
/// its slots minus `slots * w / W`.
#[derive(Debug, Clone, PartialEq)]
pub struct Proportionality {
    /// Largest excess of slots over the node's exact share.
    pub max_over: f64,
    /// Largest shortfall below the node's exact share.
    pub max_under: f64,
    /// Largest `|slots - share| / sqrt(share)`: the deviation in standard
    /// units of a Poisson count (about 3-4 at most is what chance gives).
    pub max_z: f64,
}

/// Measures a placement against exact proportionality to `weights`.
/// Needs `std` for the square root.
#[cfg(feature = "std")]
pub fn proportionality(placement: &Quorum, weights: &[(SignerId, u64)]) -> Proportionality {
    let counts = placement.slot_counts();
    let total: u128 = weights.iter().map(|(_, w)| u128::from(*w)).sum();
    #[allow(clippy::cast_precision_loss, reason = "ratios of counts, f64 is ample")]
    let (slots, total) = (placement.len() as f64, total as f64);
    let mut out = Proportionality {
        max_over: 0.0,
        max_under: 0.0,
        max_z: 0.0,
    };
    for (id, weight) in weights {
        #[allow(clippy::cast_precision_loss, reason = "ratios of counts, f64 is ample")]
        let (have, weight) = (counts.get(id).copied().unwrap_or(0) as f64, *weight as f64);
        let share = slots * weight / total;
        let diff = have - share;
        out.max_over = out.max_over.max(diff);
        out.max_under = out.max_under.max(-diff);
        if share > 0.0 {
            out.max_z = out.max_z.max(diff.abs() / share.sqrt());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Candidate, SignerId, neg_log2_q32};

    #[test]
    fn higher_scores_win_and_ties_go_to_the_smaller_id() {
        let bid = |weight, neg_log2_u, id| Candidate {
            weight,
            neg_log2_u,
            id: SignerId::from_u64(id),
        };
        // 2 / 10 against 1 / 5: a tie.
        assert!(bid(2, 10, 1).outscores(&bid(1, 5, 2)));
        assert!(!bid(2, 10, 2).outscores(&bid(1, 5, 1)));
        // Strictly better or worse: the id does not matter.
        assert!(bid(3, 10, 9).outscores(&bid(1, 5, 1)));
        assert!(!bid(1, 10, 1).outscores(&bid(1, 5, 9)));
        // `-log2 u = 0` (u = 1) is an infinite score.
        assert!(bid(1, 0, 9).outscores(&bid(1000, 1, 1)));
        assert!(!bid(1000, 1, 1).outscores(&bid(1, 0, 9)));
        assert!(bid(1, 0, 1).outscores(&bid(5, 0, 2)));
    }

    #[test]
    fn fixed_point_log_matches_floating_point() {
        let scale = f64::from(1u32 << 16) * f64::from(1u32 << 16);
        for h in [
            0u64,
            1,
            2,
            3,
            1000,
            1 << 20,
            (1 << 40) + 12_345,
            u64::MAX / 3,
            u64::MAX / 2,
            u64::MAX - 1,
        ] {
            #[allow(clippy::cast_precision_loss, reason = "test tolerance is far coarser")]
            let exact = 64.0 - ((h as f64) + 1.0).log2();
            #[allow(clippy::cast_precision_loss, reason = "test tolerance is far coarser")]
            let got = neg_log2_q32(h) as f64 / scale;
            assert!((got - exact).abs() < 1e-8, "{h}: {got} vs {exact}");
        }
        assert_eq!(neg_log2_q32(u64::MAX), 0);
        assert_eq!(neg_log2_q32(0), 64 << 32);
    }
}
