//! 0G DA signer quorums: votes, ballots, quorums, certification.

use crate::Error;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;
use tiny_keccak::{Hasher, Keccak};

/// A signer's account id (a 20-byte address, as in 0G).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SignerId([u8; 20]);

impl SignerId {
    /// The id with these address bytes.
    pub const fn new(bytes: [u8; 20]) -> Self {
        Self(bytes)
    }
    /// An id from a number (big-endian in the last 8 bytes), handy for tests
    /// and simulations.
    pub const fn from_u64(n: u64) -> Self {
        let mut bytes = [0u8; 20];
        let be = n.to_be_bytes();
        let mut i = 0;
        while i < 8 {
            bytes[12 + i] = be[i];
            i += 1;
        }
        Self(bytes)
    }
    /// The address bytes.
    pub const fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }
}

impl fmt::Debug for SignerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignerId(")?;
        fmt::Display::fmt(self, f)?;
        write!(f, ")")
    }
}

impl fmt::Display for SignerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x")?;
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

/// A signer registered for an epoch: its id, its stake and its registration
/// signature for that epoch (which seeds its ballots).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SignerRegistration {
    id: SignerId,
    stake: u128,
    signature: Vec<u8>,
}

impl SignerRegistration {
    /// A registration.
    pub fn new(id: SignerId, stake: u128, signature: impl Into<Vec<u8>>) -> Self {
        Self {
            id,
            stake,
            signature: signature.into(),
        }
    }
    /// The signer's id.
    pub const fn id(&self) -> SignerId {
        self.id
    }
    /// The signer's stake.
    pub const fn stake(&self) -> u128 {
        self.stake
    }
    /// The registration signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

/// The epoch parameters of quorum building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct QuorumParams {
    tokens_per_vote: u128,
    max_votes_per_signer: u64,
    slices_per_quorum: usize,
    max_quorums: usize,
}

impl QuorumParams {
    /// 0G's genesis defaults: 10 tokens per vote, at most 1024 votes per
    /// signer, 3072 slices per quorum, at most 10 quorums.
    pub const ZG_DEFAULT: Self = Self {
        tokens_per_vote: 10,
        max_votes_per_signer: 1024,
        slices_per_quorum: 3072,
        max_quorums: 10,
    };

    /// Parameters; all four must be non-zero.
    pub const fn new(
        tokens_per_vote: u128,
        max_votes_per_signer: u64,
        slices_per_quorum: usize,
        max_quorums: usize,
    ) -> Result<Self, Error> {
        if tokens_per_vote == 0 {
            return Err(Error::ZeroParameter {
                what: "tokens_per_vote",
            });
        }
        if max_votes_per_signer == 0 {
            return Err(Error::ZeroParameter {
                what: "max_votes_per_signer",
            });
        }
        if slices_per_quorum == 0 {
            return Err(Error::ZeroParameter {
                what: "slices_per_quorum",
            });
        }
        if max_quorums == 0 {
            return Err(Error::ZeroParameter {
                what: "max_quorums",
            });
        }
        Ok(Self {
            tokens_per_vote,
            max_votes_per_signer,
            slices_per_quorum,
            max_quorums,
        })
    }

    /// Tokens per vote.
    pub const fn tokens_per_vote(&self) -> u128 {
        self.tokens_per_vote
    }
    /// The cap on one signer's votes.
    pub const fn max_votes_per_signer(&self) -> u64 {
        self.max_votes_per_signer
    }
    /// Slots (slices) per quorum: 3072 in 0G.
    pub const fn slices_per_quorum(&self) -> usize {
        self.slices_per_quorum
    }
    /// The cap on the number of quorums.
    pub const fn max_quorums(&self) -> usize {
        self.max_quorums
    }

    /// A signer's votes: `stake / tokens_per_vote`, capped.
    pub const fn votes(&self, stake: u128) -> u64 {
        let votes = stake / self.tokens_per_vote;
        if votes > self.max_votes_per_signer as u128 {
            self.max_votes_per_signer
        } else {
            // votes <= max_votes_per_signer, a u64.
            #[allow(
                clippy::cast_possible_truncation,
                reason = "bounded by a u64 just above"
            )]
            {
                votes as u64
            }
        }
    }
}

/// The largest number of ballots one epoch may hold: ballot positions are
/// `u32`, and on a 32-bit target the ballots (40 bytes each) must also fit
/// in one allocation, which caps them at 53,687,091 there.
pub const MAX_BALLOTS: usize = {
    let addressable = isize::MAX as usize / core::mem::size_of::<Ballot>();
    if addressable < u32::MAX as usize {
        addressable
    } else {
        u32::MAX as usize
    }
};

/// One ballot: signer `signer` (an index into the registrations), position
/// `step` in its hash chain; `hash` is the content for `step > 0`, the
/// signature itself is the content for `step == 0`.
#[derive(Clone, Copy)]
struct Ballot {
    hash: [u8; 32],
    signer: u32,
    step: u32,
}

fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Keccak::v256();
    hasher.update(data);
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    out
}

/// A signer's ballots: the signature, then keccak of the previous content.
fn chain(signer: u32, signature: &[u8], votes: u64) -> Vec<Ballot> {
    let mut out = Vec::with_capacity(usize::try_from(votes).unwrap_or(0));
    let mut previous = [0u8; 32];
    for step in 0..votes {
        let step = u32::try_from(step).unwrap_or(u32::MAX);
        let hash = match step {
            0 => [0u8; 32],
            1 => keccak256(signature),
            _ => keccak256(&previous),
        };
        previous = hash;
        out.push(Ballot { hash, signer, step });
    }
    out
}

/// All signers' quorums for one epoch, built by 0G's rule below. The same
/// registrations, in any order, give the same quorums.
///
/// # The rule
///
/// The rule follows 0G's chain module `x/dasigners` (0g-chain, keeper
/// `BeginBlock`, read at commit `c80874b0`, October 2024) and its DA entrance
/// contract (0g-da-contract `DAEntrance.sol`):
///
/// 1. **Votes.** A registered signer's votes are `stake / tokens_per_vote`
///    (integer division), capped at `max_votes_per_signer`. 0G first converts
///    the bonded amount from its smallest unit to whole tokens (division by
///    10^18); here `stake` is given in whatever unit `tokens_per_vote` uses,
///    so a caller mirroring 0G passes whole tokens. Newer 0G interfaces mark
///    `tokensPerVote` as deprecated; how their vote count is derived could
///    not be confirmed from the code read, so this crate keeps the rule above.
/// 2. **Ballots.** Each vote is a ballot: the first ballot's content is the
///    signer's registration signature for the epoch (the raw bytes, not a
///    hash), each further ballot is keccak-256 of the previous one.
/// 3. **Sorting.** All ballots are sorted by content, byte-lexicographically
///    (a proper prefix sorts first). 0G's sort is not stable, so equal
///    contents (only possible when two signers register the same signature)
///    have no defined order there; here they are ordered by signer id, then
///    by position in the chain, so the result is the same everywhere.
/// 4. **Quorums.** With `E` slices per quorum and `B` ballots:
///    - `B >= E`: consecutive runs `[0, E)`, `[E, 2E)`, ... form quorums
///      while `max_quorums` allows; if `E` does not divide `B` and the cap
///      still allows, one more quorum is formed from the **last** `E`
///      ballots (it overlaps the previous run);
///    - `0 < B < E`: a single quorum whose slot `i` is ballot `i mod B`
///      (ballots are repeated cyclically);
///    - `B = 0`: no quorum. (An earlier revision of the module stored one
///      empty quorum in this case and built overlapping windows; this crate
///      follows the later rule.)
///
///    0G forms the single short-ballot quorum even when `max_quorums` is
///    zero; this crate rejects `max_quorums = 0` instead.
/// 5. **Slots.** Slot `j` of a quorum holds slice `j` of every blob assigned
///    to that quorum.
/// 6. **Quorum choice.** The entrance contract keeps one counter across
///    submissions: each submission first sets
///    `index = (index + 1) mod quorum_count` and every blob in it goes to
///    quorum `index` ([`QuorumCursor`]).
/// 7. **Certification.** A blob is certified when `2 * total <= 3 * signed`,
///    `total` the quorum's slot count and `signed` the slots whose signer
///    signed ([`Certification`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EpochQuorums {
    quorums: Vec<Quorum>,
    ballots: usize,
}

/// One quorum: slot `j` (slice `j`) is held by `signer_of(j)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Quorum {
    slots: Vec<SignerId>,
    /// Distinct signers, sorted by id, with their slot counts (derived from
    /// `slots`; kept so certification is a merge, not a lookup per slot).
    members: Vec<(SignerId, usize)>,
}

impl EpochQuorums {
    /// Builds the epoch's quorums from the registered signers.
    ///
    /// Fails on a repeated signer id (0G keys registrations by account, so a
    /// list with repeats does not describe an epoch) and on more than
    /// [`MAX_BALLOTS`] ballots in total.
    pub fn build(signers: &[SignerRegistration], params: &QuorumParams) -> Result<Self, Error> {
        if u32::try_from(signers.len()).is_err() {
            return Err(Error::TooMany {
                what: "signers",
                got: signers.len() as u64,
                max: MAX_BALLOTS,
            });
        }
        let mut seen = BTreeMap::new();
        for (index, signer) in signers.iter().enumerate() {
            if let Some(first) = seen.insert(signer.id, index) {
                return Err(Error::DuplicateSigner { index, first });
            }
        }
        // Counted in u64: a usize total would saturate at MAX_BALLOTS on a
        // 32-bit target and let an impossible epoch through.
        let mut total: u64 = 0;
        for signer in signers {
            total = total.saturating_add(params.votes(signer.stake));
        }
        if total > MAX_BALLOTS as u64 {
            return Err(Error::TooMany {
                what: "ballots",
                got: total,
                max: MAX_BALLOTS,
            });
        }
        let mut ballots = ballots_of(signers, params);
        let compare = |a: &Ballot, b: &Ballot| -> Ordering {
            content(signers, a)
                .cmp(content(signers, b))
                .then_with(|| id_of(signers, a).cmp(&id_of(signers, b)))
                .then_with(|| a.step.cmp(&b.step))
        };
        #[cfg(feature = "parallel")]
        {
            use rayon::slice::ParallelSliceMut;
            ballots.par_sort_unstable_by(compare);
        }
        #[cfg(not(feature = "parallel"))]
        ballots.sort_unstable_by(compare);

        let ids: Vec<SignerId> = ballots.iter().map(|b| id_of(signers, b)).collect();
        let quorums = slice_into_quorums(&ids, params);
        Ok(Self {
            quorums,
            ballots: ids.len(),
        })
    }

    /// The quorums, in 0G's order (quorum id = index).
    pub fn quorums(&self) -> &[Quorum] {
        &self.quorums
    }
    /// Quorum `id`.
    pub fn quorum(&self, id: usize) -> Result<&Quorum, Error> {
        self.quorums.get(id).ok_or(Error::IndexOutOfRange {
            what: "quorum",
            index: id,
            bound: self.quorums.len(),
        })
    }
    /// The number of quorums.
    pub fn len(&self) -> usize {
        self.quorums.len()
    }
    /// Whether the epoch has no quorum (no ballots).
    pub fn is_empty(&self) -> bool {
        self.quorums.is_empty()
    }
    /// Ballots cast in the epoch.
    pub const fn ballots(&self) -> usize {
        self.ballots
    }
}

fn id_of(signers: &[SignerRegistration], ballot: &Ballot) -> SignerId {
    signers
        .get(ballot.signer as usize)
        .map_or(SignerId([0; 20]), |s| s.id)
}

fn content<'a>(signers: &'a [SignerRegistration], ballot: &'a Ballot) -> &'a [u8] {
    if ballot.step == 0 {
        signers
            .get(ballot.signer as usize)
            .map_or(&[][..], |s| s.signature.as_slice())
    } else {
        &ballot.hash
    }
}

fn ballots_of(signers: &[SignerRegistration], params: &QuorumParams) -> Vec<Ballot> {
    let one = |(index, signer): (usize, &SignerRegistration)| {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        chain(index, &signer.signature, params.votes(signer.stake))
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let chains: Vec<Vec<Ballot>> = signers.par_iter().enumerate().map(one).collect();
        chains.concat()
    }
    #[cfg(not(feature = "parallel"))]
    {
        signers.iter().enumerate().flat_map(one).collect()
    }
}

fn slice_into_quorums(ids: &[SignerId], params: &QuorumParams) -> Vec<Quorum> {
    let e = params.slices_per_quorum;
    let b = ids.len();
    let mut quorums = Vec::new();
    if b >= e {
        for run in ids.chunks_exact(e) {
            if quorums.len() >= params.max_quorums {
                break;
            }
            quorums.push(Quorum::from_slots(run.to_vec()));
        }
        if !b.is_multiple_of(e)
            && quorums.len() < params.max_quorums
            && let Some(tail) = ids.get(b - e..)
        {
            quorums.push(Quorum::from_slots(tail.to_vec()));
        }
    } else if b > 0 {
        let slots = ids.iter().copied().cycle().take(e).collect();
        quorums.push(Quorum::from_slots(slots));
    }
    quorums
}

impl Quorum {
    /// A quorum with the given slot holders (for placements built elsewhere).
    pub fn from_slots(slots: Vec<SignerId>) -> Self {
        let mut sorted = slots.clone();
        sorted.sort_unstable();
        let mut members: Vec<(SignerId, usize)> = Vec::new();
        for id in sorted {
            match members.last_mut() {
                Some((last, count)) if *last == id => *count += 1,
                _ => members.push((id, 1)),
            }
        }
        Self { slots, members }
    }
    /// The distinct signers, sorted by id, with their slot counts.
    pub fn members(&self) -> &[(SignerId, usize)] {
        &self.members
    }
    /// Slots in the quorum (= slices per blob).
    pub fn len(&self) -> usize {
        self.slots.len()
    }
    /// Whether the quorum has no slot.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
    /// All slot holders, slot by slot.
    pub fn slots(&self) -> &[SignerId] {
        &self.slots
    }
    /// The signer holding slot (slice) `slot`.
    pub fn signer_of(&self, slot: usize) -> Result<SignerId, Error> {
        self.slots.get(slot).copied().ok_or(Error::IndexOutOfRange {
            what: "slot",
            index: slot,
            bound: self.slots.len(),
        })
    }
    /// The slice indices `signer` holds, in increasing order.
    pub fn slices_of(&self, signer: &SignerId) -> Vec<usize> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| *s == signer)
            .map(|(i, _)| i)
            .collect()
    }
    /// Every signer with its slice indices.
    pub fn slices_by_signer(&self) -> BTreeMap<SignerId, Vec<usize>> {
        let mut map: BTreeMap<SignerId, Vec<usize>> = BTreeMap::new();
        for (slot, signer) in self.slots.iter().enumerate() {
            map.entry(*signer).or_default().push(slot);
        }
        map
    }
    /// Every signer with its slot count.
    pub fn slot_counts(&self) -> BTreeMap<SignerId, usize> {
        self.members.iter().copied().collect()
    }

    /// Which slots are covered when exactly the signers in `signed` signed.
    /// A slot counts only when its own signer signed.
    pub fn certification(&self, signed: &BTreeSet<SignerId>) -> Certification {
        // Both sides are sorted by id: one merge pass.
        let mut signed_ids = signed.iter().peekable();
        let mut covered = 0;
        for (id, count) in &self.members {
            while signed_ids.next_if(|s| *s < id).is_some() {}
            if signed_ids.peek() == Some(&id) {
                covered += count;
            }
        }
        Certification {
            total: self.slots.len(),
            signed: covered,
        }
    }

    /// Reads a signing bitmap in 0G's layout (bit `i` of the quorum is bit
    /// `i % 8` of byte `i / 8`, `(slots + 7) / 8` bytes; bits past the last
    /// slot are ignored, as in 0G) into the set of signers that signed.
    ///
    /// A signer holding several slots must have all its bits set or all
    /// clear. 0G's aggregation counts a later duplicate slot of a signer
    /// once its key was added, whatever that slot's bit says; this crate
    /// rejects such mixed bitmaps instead of guessing which reading was
    /// meant.
    pub fn signers_from_bitmap(&self, bitmap: &[u8]) -> Result<BTreeSet<SignerId>, Error> {
        let expected = self.slots.len().div_ceil(8);
        if bitmap.len() != expected {
            return Err(Error::WrongLength {
                what: "quorum bitmap",
                expected,
                actual: bitmap.len(),
            });
        }
        let bit = |i: usize| bitmap.get(i / 8).is_some_and(|b| b >> (i % 8) & 1 == 1);
        // Per member: (its first slot, whether that bit is set).
        let mut first: Vec<Option<(usize, bool)>> = alloc::vec![None; self.members.len()];
        for (slot, signer) in self.slots.iter().enumerate() {
            let set = bit(slot);
            let Ok(member) = self.members.binary_search_by(|(id, _)| id.cmp(signer)) else {
                continue;
            };
            let Some(state) = first.get_mut(member) else {
                continue;
            };
            match *state {
                Some((at, was)) if was != set => {
                    let (marked, unmarked) = if was { (at, slot) } else { (slot, at) };
                    return Err(Error::InconsistentBitmap { marked, unmarked });
                }
                Some(_) => {}
                None => *state = Some((slot, set)),
            }
        }
        Ok(self
            .members
            .iter()
            .zip(&first)
            .filter(|(_, state)| matches!(state, Some((_, true))))
            .map(|((id, _), _)| *id)
            .collect())
    }
}

/// Slots covered by the signers that signed a blob, against the quorum's
/// total.
///
/// With the `serde` feature, deserializing checks that no more slots
/// signed than the quorum has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Certification {
    total: usize,
    signed: usize,
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Certification {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            total: usize,
            signed: usize,
        }
        let Raw { total, signed } = Raw::deserialize(deserializer)?;
        if signed > total {
            return Err(serde::de::Error::custom(format_args!(
                "{signed} signed slots in a quorum of {total}"
            )));
        }
        Ok(Self { total, signed })
    }
}

impl Certification {
    /// Slots in the quorum.
    pub const fn total(&self) -> usize {
        self.total
    }
    /// Slots whose signer signed.
    pub const fn signed(&self) -> usize {
        self.signed
    }
    /// 0G's threshold: `2 * total <= 3 * signed`.
    pub const fn is_certified(&self) -> bool {
        2 * (self.total as u128) <= 3 * (self.signed as u128)
    }
    /// The fewest signed slots that certify a quorum of `total` slots:
    /// `ceil(2 * total / 3)`.
    pub const fn threshold(total: usize) -> usize {
        (2 * total).div_ceil(3)
    }
}

/// 0G's choice of quorum for submitted blobs: one counter kept across
/// submissions; each submission advances it by one modulo the current
/// epoch's quorum count, and all blobs of that submission go to the quorum
/// it lands on. The counter starts at zero, so a fresh counter sends its
/// first submission to quorum `1 mod count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QuorumCursor {
    index: u64,
}

impl QuorumCursor {
    /// A counter at `index` (zero for a fresh contract).
    pub const fn new(index: u64) -> Self {
        Self { index }
    }
    /// The current counter value.
    pub const fn index(&self) -> u64 {
        self.index
    }
    /// Advances for one submission and returns its quorum id.
    pub fn next(&mut self, quorum_count: u64) -> Result<u64, Error> {
        if quorum_count == 0 {
            return Err(Error::NoQuorums);
        }
        self.index = (self.index % quorum_count + 1) % quorum_count;
        Ok(self.index)
    }
    /// The quorum of the `n`-th submission (0-based) of a fresh counter while
    /// the quorum count stays `quorum_count`: `(n + 1) mod quorum_count`.
    pub const fn quorum_for_submission(n: u64, quorum_count: u64) -> Result<u64, Error> {
        if quorum_count == 0 {
            return Err(Error::NoQuorums);
        }
        Ok((n % quorum_count + 1) % quorum_count)
    }
}
