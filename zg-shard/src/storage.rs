//! Storage shards: which node stores which 256 KiB segment of the flow.
//!
//! 0G's storage nodes are configured with a position `shard_id / num_shards`
//! (`num_shards` a power of two) and store segment `s` of the flow exactly
//! when `s % num_shards == shard_id` (0G storage node, `ShardConfig::in_range`).
//! A segment is 256 KiB: 1024 sectors of 256 bytes.

use crate::Error;
use alloc::collections::BTreeMap;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

/// Bytes in one sector, the leaf unit of 0G's data root.
pub const SECTOR_BYTES: u64 = 256;
/// Sectors in one segment.
pub const SECTORS_PER_SEGMENT: u64 = 1024;
/// Bytes in one segment (256 KiB), the unit storage shards are cut in.
pub const SEGMENT_BYTES: u64 = SECTOR_BYTES * SECTORS_PER_SEGMENT;

/// A storage node's shard position `shard_id / num_shards`: it stores the
/// segments `s` with `s % num_shards == shard_id`.
///
/// Invariants (checked on construction): `num_shards` is a power of two and
/// `shard_id < num_shards`. The full flow is `0/1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ShardPosition {
    shard_id: u64,
    num_shards: u64,
}

impl ShardPosition {
    /// The position that stores every segment (`0/1`).
    pub const FULL: Self = Self {
        shard_id: 0,
        num_shards: 1,
    };

    /// The position `shard_id / num_shards`.
    pub const fn new(shard_id: u64, num_shards: u64) -> Result<Self, Error> {
        if !num_shards.is_power_of_two() {
            return Err(Error::ShardCountNotPowerOfTwo { num_shards });
        }
        if shard_id >= num_shards {
            return Err(Error::ShardIdOutOfRange {
                shard_id,
                num_shards,
            });
        }
        Ok(Self {
            shard_id,
            num_shards,
        })
    }

    /// Parses the text form `"id/n"`. Like 0G's node configuration, spaces
    /// around either number are allowed (`"0 / 8"`); nothing else is.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let malformed = || Error::MalformedShardPosition {
            text: text.chars().take(64).collect(),
        };
        let (id, n) = text.split_once('/').ok_or_else(malformed)?;
        let number = |part: &str| -> Result<u64, Error> {
            let part = part.trim_matches(' ');
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed());
            }
            part.parse::<u64>().map_err(|_| malformed())
        };
        Self::new(number(id)?, number(n)?)
    }

    /// The shard id.
    pub const fn shard_id(&self) -> u64 {
        self.shard_id
    }
    /// The shard count.
    pub const fn num_shards(&self) -> u64 {
        self.num_shards
    }

    /// Whether this position stores segment `segment`.
    pub const fn stores_segment(&self, segment: u64) -> bool {
        segment & (self.num_shards - 1) == self.shard_id
    }

    /// Whether this position stores the segment holding byte `offset` of the flow.
    pub const fn stores_byte(&self, offset: u64) -> bool {
        self.stores_segment(offset / SEGMENT_BYTES)
    }

    /// The segments touched by the bytes `start..end` of the flow that this
    /// position stores, as an arithmetic progression (no allocation).
    pub fn segments_of_byte_range(&self, start: u64, end: u64) -> Result<SegmentRange, Error> {
        if end < start {
            return Err(Error::InvalidRange { start, end });
        }
        if end == start {
            return Ok(SegmentRange::EMPTY);
        }
        let first = start / SEGMENT_BYTES;
        let last = (end - 1) / SEGMENT_BYTES;
        Ok(self.segments_between(first, last))
    }

    /// This position's segments in `first..=last`.
    fn segments_between(&self, first: u64, last: u64) -> SegmentRange {
        let mask = self.num_shards - 1;
        // The first stored segment at or after `first`.
        let delta = self.shard_id.wrapping_sub(first) & mask;
        let Some(start) = first.checked_add(delta) else {
            return SegmentRange::EMPTY;
        };
        if start > last {
            return SegmentRange::EMPTY;
        }
        SegmentRange {
            first: start,
            step: self.num_shards,
            count: (last - start) / self.num_shards + 1,
        }
    }

    /// How many of the first `segments` segments this position stores.
    pub const fn segments_in_flow(&self, segments: u64) -> u64 {
        if self.shard_id >= segments {
            0
        } else {
            (segments - self.shard_id - 1) / self.num_shards + 1
        }
    }

    /// Splits this shard into its two halves `id / 2n` and `(id + n) / 2n`;
    /// together they store exactly the segments this one stores.
    pub const fn split(&self) -> Result<(Self, Self), Error> {
        let Some(num_shards) = self.num_shards.checked_mul(2) else {
            return Err(Error::CannotSplit {
                num_shards: self.num_shards,
            });
        };
        Ok((
            Self {
                shard_id: self.shard_id,
                num_shards,
            },
            Self {
                shard_id: self.shard_id + self.num_shards,
                num_shards,
            },
        ))
    }

    /// The inverse of [`split`](Self::split): merges the two halves of one
    /// shard (in either order).
    pub fn merge(a: Self, b: Self) -> Result<Self, Error> {
        let half = a.num_shards / 2;
        if a.num_shards == b.num_shards
            && half > 0
            && a.shard_id % half == b.shard_id % half
            && a.shard_id != b.shard_id
        {
            return Ok(Self {
                shard_id: a.shard_id % half,
                num_shards: half,
            });
        }
        Err(Error::NotSiblings {
            first: a.to_string(),
            second: b.to_string(),
        })
    }

    /// Whether some segment is stored by both positions.
    pub const fn intersects(&self, other: &Self) -> bool {
        let mask = if self.num_shards < other.num_shards {
            self.num_shards - 1
        } else {
            other.num_shards - 1
        };
        self.shard_id & mask == other.shard_id & mask
    }

    /// The segment a random-access (mining) proof must recall, restricted to
    /// this node's shard, from a 32-byte `seed` and the flow length in
    /// sectors.
    ///
    /// 0G's rule (storage node, `RecallRange::load_position`): the seed is
    /// read as a big-endian 256-bit integer, reduced modulo the number of
    /// whole segments `m`, and its low bits are replaced by the shard id:
    /// `(seed mod m) & !(n - 1) | id`. Here the recall range starts at
    /// segment 0 and covers the whole flow; 0G's miners may also shift the
    /// range's start (aligned to 8 GiB) and cap its length at 8 TiB per
    /// shard, which a caller models by passing the range's length and adding
    /// its start.
    ///
    /// Where 0G's rule lands past the last whole segment (possible when `m`
    /// is not a multiple of `n`), this function steps back one shard period,
    /// to the node's last segment below `m`, so the answer is always a
    /// segment the node stores and the flow holds; for every other seed it
    /// equals 0G's result.
    pub fn recall_segment(&self, seed: &[u8; 32], flow_sectors: u64) -> Result<u64, Error> {
        let segments = flow_sectors / SECTORS_PER_SEGMENT;
        if self.segments_in_flow(segments) == 0 {
            return Err(Error::NothingToRecall {
                shard_id: self.shard_id,
                num_shards: self.num_shards,
                segments,
            });
        }
        let reduced = big_endian_mod(seed, segments);
        let candidate = (reduced & !(self.num_shards - 1)) | self.shard_id;
        if candidate < segments {
            Ok(candidate)
        } else {
            // candidate > reduced, so (reduced & mask) > 0, hence >= n, and
            // candidate - n < reduced < segments.
            Ok(candidate - self.num_shards)
        }
    }
}

/// `value mod m` for a 256-bit big-endian `value` (`m > 0`).
fn big_endian_mod(value: &[u8; 32], m: u64) -> u64 {
    let m = u128::from(m);
    let mut acc: u128 = 0;
    for byte in value {
        acc = ((acc << 8) | u128::from(*byte)) % m;
    }
    // acc < m <= u64::MAX
    u64::try_from(acc).unwrap_or(0)
}

impl fmt::Display for ShardPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.shard_id, self.num_shards)
    }
}

impl FromStr for ShardPosition {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for ShardPosition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            shard_id: u64,
            num_shards: u64,
        }
        let raw = Raw::deserialize(deserializer)?;
        Self::new(raw.shard_id, raw.num_shards).map_err(serde::de::Error::custom)
    }
}

/// Segments `first, first + step, ...` (`count` of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SegmentRange {
    first: u64,
    step: u64,
    count: u64,
}

impl SegmentRange {
    const EMPTY: Self = Self {
        first: 0,
        step: 1,
        count: 0,
    };
    /// The first segment (meaningless when empty).
    pub const fn first(&self) -> u64 {
        self.first
    }
    /// Distance between consecutive segments (the shard count).
    pub const fn step(&self) -> u64 {
        self.step
    }
    /// Number of segments.
    pub const fn len(&self) -> u64 {
        self.count
    }
    /// Whether there are none.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// The segments in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + use<> {
        let (first, step) = (self.first, self.step);
        (0..self.count).map(move |i| first + i * step)
    }
}

/// How a set of storage positions covers a flow of `segments` segments.
///
/// The replica count of segment `s` depends only on `s mod P`, `P` the
/// largest shard count among the positions (every count is a power of two,
/// so their lcm is the largest). Rather than a list of `P` or `S` entries
/// this keeps a partition of the residues into shard classes `id / n`
/// (the leaves of the binary trie the positions span), each with one
/// replica count: `O(m log P)` classes for `m` positions, whatever `S` and
/// `P` are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    segments: u64,
    classes: Vec<(ShardPosition, u32)>,
}

#[derive(Clone, Copy)]
struct TrieNode {
    here: u32,
    children: Option<(usize, usize)>,
}

impl Coverage {
    /// The coverage of a flow of `segments` segments by `positions` (one
    /// entry per node; repeated positions add replicas).
    pub fn new(positions: &[ShardPosition], segments: u64) -> Result<Self, Error> {
        if u32::try_from(positions.len()).is_err() {
            return Err(Error::TooMany {
                what: "storage positions",
                got: positions.len() as u64,
                max: u32::MAX as usize,
            });
        }
        let mut nodes = alloc::vec![TrieNode {
            here: 0,
            children: None,
        }];
        for position in positions {
            let depth = position.num_shards.trailing_zeros();
            let mut at = 0usize;
            for bit in 0..depth {
                let (zero, one) = if let Some(children) = nodes.get(at).and_then(|n| n.children) {
                    children
                } else {
                    {
                        let zero = nodes.len();
                        nodes.push(TrieNode {
                            here: 0,
                            children: None,
                        });
                        nodes.push(TrieNode {
                            here: 0,
                            children: None,
                        });
                        if let Some(node) = nodes.get_mut(at) {
                            node.children = Some((zero, zero + 1));
                        }
                        (zero, zero + 1)
                    }
                };
                at = if position.shard_id >> bit & 1 == 0 {
                    zero
                } else {
                    one
                };
            }
            if let Some(node) = nodes.get_mut(at) {
                node.here += 1;
            }
        }
        // Walk the trie: leaves are the classes.
        let mut classes = Vec::new();
        let mut stack = alloc::vec![(0usize, ShardPosition::FULL, 0u32)];
        while let Some((index, class, above)) = stack.pop() {
            let Some(node) = nodes.get(index) else {
                continue;
            };
            let count = above + node.here;
            match node.children {
                Some((zero, one)) => {
                    // Depth < 64 because every inserted count is at most 2^63.
                    if let Ok((low, high)) = class.split() {
                        stack.push((one, high, count));
                        stack.push((zero, low, count));
                    }
                }
                None => {
                    if class.shard_id < segments {
                        classes.push((class, count));
                    }
                }
            }
        }
        classes.sort_unstable_by_key(|(class, _)| (class.shard_id, class.num_shards));
        Ok(Self { segments, classes })
    }

    /// The flow length in segments.
    pub const fn segments(&self) -> u64 {
        self.segments
    }

    /// The classes `id / n` that partition the flow's segments, each with the
    /// replica count all its segments share (classes with no segment in the
    /// flow are left out).
    pub fn classes(&self) -> &[(ShardPosition, u32)] {
        &self.classes
    }

    /// The replica count of one segment.
    pub fn replicas(&self, segment: u64) -> Result<u32, Error> {
        if segment >= self.segments {
            return Err(Error::IndexOutOfRange {
                what: "segment",
                index: usize::try_from(segment).unwrap_or(usize::MAX),
                bound: usize::try_from(self.segments).unwrap_or(usize::MAX),
            });
        }
        Ok(self
            .classes
            .iter()
            .find(|(class, _)| class.stores_segment(segment))
            .map_or(0, |(_, count)| *count))
    }

    /// Replica count -> number of segments with that count.
    pub fn histogram(&self) -> BTreeMap<u32, u64> {
        let mut histogram = BTreeMap::new();
        for (class, count) in &self.classes {
            *histogram.entry(*count).or_insert(0) += class.segments_in_flow(self.segments);
        }
        histogram
    }

    /// The smallest replica count of any segment (`None` for an empty flow).
    pub fn min_replicas(&self) -> Option<u32> {
        self.classes.iter().map(|(_, count)| *count).min()
    }

    /// The classes of segments no position stores.
    pub fn uncovered_classes(&self) -> impl Iterator<Item = ShardPosition> + '_ {
        self.classes
            .iter()
            .filter(|(_, count)| *count == 0)
            .map(|(class, _)| *class)
    }

    /// How many segments no position stores.
    pub fn uncovered_segments(&self) -> u64 {
        self.uncovered_classes()
            .map(|class| class.segments_in_flow(self.segments))
            .sum()
    }

    /// Whether every segment of the flow has at least one replica.
    pub fn covers_all(&self) -> bool {
        self.min_replicas().is_none_or(|min| min > 0)
    }
}
