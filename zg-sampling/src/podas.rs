//! 0G's `PoDAS` (proof of data-availability sampling): storage nodes prove,
//! round after round, that they still hold the slices they signed for.

use crate::select::SampleSeed;
use crate::{Error, U256};
use alloc::vec::Vec;
use tiny_keccak::{Hasher, Keccak};
use zg_types::merkle::{DIGEST_BYTES, SUBLINE_BYTES};
use zg_types::{Digest, Geometry, MerkleProof, SectorSpan};

/// 0G's largest (easiest, and starting) target: `(2^256 - 1) / 128`.
pub const MAX_PODAS_TARGET: U256 = U256::from_limbs([u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 7]);

/// Which blob a line belongs to, as `PoDAS` names it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PodasBlob {
    /// The epoch in which the blob was signed.
    pub epoch: u64,
    /// The quorum that stores it.
    pub quorum_id: u64,
    /// The blob's data root.
    pub data_root: Digest,
}

/// One sampling round: its seed and its target.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PodasRound {
    /// The round's seed (a block hash); must not be zero.
    pub seed: SampleSeed,
    /// Answers with `quality <= target` win.
    pub target: U256,
}

/// Sublines per line of `geometry`: `slice_bytes / 1024`, or an error when
/// slices are not a whole number (at least one) of sublines.
pub fn sublines_per_line(geometry: &Geometry) -> Result<usize, Error> {
    let bytes = geometry.slice_bytes();
    if bytes < SUBLINE_BYTES || !bytes.is_multiple_of(SUBLINE_BYTES) {
        return Err(Error::NoSublines { slice_bytes: bytes });
    }
    Ok(bytes / SUBLINE_BYTES)
}

fn u256_word(value: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[24..].copy_from_slice(&value.to_be_bytes());
    out
}

/// The line quality of line `line` of `blob` under `seed` (see
/// [`PodasSample`] for the exact bytes hashed).
pub fn line_quality(seed: &SampleSeed, blob: &PodasBlob, line: u64) -> U256 {
    let mut hasher = Keccak::v256();
    hasher.update(seed.as_bytes());
    hasher.update(&u256_word(blob.epoch));
    hasher.update(&u256_word(blob.quorum_id));
    hasher.update(blob.data_root.as_bytes());
    hasher.update(&line.to_be_bytes());
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    U256::from_be_bytes(&out)
}

/// The data quality of subline `subline` holding `data`, under a line
/// quality.
pub fn data_quality(line_quality: &U256, subline: u64, data: &[u8]) -> U256 {
    let mut hasher = Keccak::v256();
    hasher.update(&line_quality.to_be_bytes());
    hasher.update(&u256_word(subline));
    hasher.update(data);
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    U256::from_be_bytes(&out)
}

/// A winning (line, subline) found by the miner, with its quality.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct PodasHit {
    /// The line (slice index).
    pub line: usize,
    /// The subline inside the line.
    pub subline: usize,
    /// `line_quality + data_quality`, at most the round's target.
    pub quality: U256,
}

/// Every winning subline of one line: the miner's inner loop.
///
/// A line whose line quality is already above the target cannot win (data
/// quality is never negative) and costs one hash; otherwise every subline
/// is hashed once. `line_bytes` must be one whole slice of `geometry`.
pub fn mine_line(
    geometry: &Geometry,
    round: &PodasRound,
    blob: &PodasBlob,
    line: usize,
    line_bytes: &[u8],
) -> Result<Vec<PodasHit>, Error> {
    let sublines = sublines_per_line(geometry)?;
    if line >= geometry.slices() {
        return Err(Error::IndexOutOfRange {
            what: "line",
            index: line as u64,
            bound: geometry.slices() as u64,
        });
    }
    if line_bytes.len() != geometry.slice_bytes() {
        return Err(Error::WrongLength {
            what: "line",
            expected: geometry.slice_bytes(),
            actual: line_bytes.len(),
        });
    }
    if round.seed.is_zero() {
        return Err(Error::ZeroSeed);
    }
    let lq = line_quality(&round.seed, blob, line as u64);
    let mut hits = Vec::new();
    if lq > round.target {
        return Ok(hits);
    }
    for (subline, data) in line_bytes
        .chunks_exact(SUBLINE_BYTES)
        .enumerate()
        .take(sublines)
    {
        let dq = data_quality(&lq, subline as u64, data);
        if let Some(quality) = lq.checked_add(&dq)
            && quality <= round.target
        {
            hits.push(PodasHit {
                line,
                subline,
                quality,
            });
        }
    }
    Ok(hits)
}

/// A `PoDAS` answer: one subline of one line with its Merkle proof, for a
/// round's seed and a blob.
///
/// # The rule, as 0G defines it
///
/// A slice is a **line**; its bytes are cut into **sublines** of 1024 bytes
/// (32 per line at the production geometry, where a line is 1024 elements
/// of 32 bytes). For a round with seed `seed` and target `target`, a line
/// `line` of the blob `(epoch, quorum, data_root)` and its subline `j`
/// holding bytes `data`:
///
/// ```text
/// line_quality = keccak256(seed || u256(epoch) || u256(quorum) || data_root || u64(line))
/// data_quality = keccak256(u256(line_quality) || u256(j) || data)
/// quality      = line_quality + data_quality      (as 256-bit integers)
/// ```
///
/// where `u256(x)` is `x` as a 32-byte big-endian integer and `u64(x)` 8
/// big-endian bytes (Solidity's `abi.encodePacked` of `bytes32`, `uint256`,
/// `uint256`, `bytes32`, `uint64`: 136 bytes; then of `uint256`, `uint256`,
/// `bytes`: 1088 bytes), and hashes are read as big-endian integers. The
/// answer is valid when the sum does **not** overflow 256 bits (0G rejects
/// an overflowing sum, "Quality overflow", rather than wrapping) and
/// `quality <= target`. The seed must not be all zero. The answer carries a
/// Merkle proof of the subline against the data root: the subline inside its
/// line (5 levels at production), the line inside its coset family's tree
/// (10 levels), and the three family roots folded into the data root
/// (`keccak(keccak(r0 || r1) || r2)`), which is exactly
/// [`SectorSpan::subline`] in `zg-types`' data tree.
///
/// Source of these facts: 0G's sample verifier contract
/// (`0glabs/0g-da-contract`, `contracts/libraries/SampleVerifier.sol`, and
/// `contracts/DAEntrance.sol` at commit `6fa89d2`) and the node's miner
/// (`0glabs/0g-da-node`, `da-miner/src/mine.rs`, which writes the same
/// fields with the same widths). Matched here: every field width and byte
/// order above, the overflow rule, the `<=` comparison, the zero-seed rule,
/// the subline size and the Merkle position `line % rows * sublines +
/// subline` inside family `line / rows`. Not matched: 0G's elements are
/// BN254 scalars, so the same blob has other bytes and other roots under zg;
/// the rules are the same, the values are not interchangeable.
///
/// # Rounds and eligibility (from `DAEntrance.sol` at `6fa89d2`)
///
/// - A round lasts 30 blocks; its seed is the hash of the block before the
///   round starts.
/// - [`adjust_target`]: after each round the target moves toward
///   `target_round_submissions` (20) answers per round by at most 1/8:
///   `t = target >> 32`; `d = t * |submissions - wanted| / wanted / 8`;
///   `t -= d` when there were more answers than wanted, else `t += d`; the
///   result is `t << 32`, capped at [`MAX_PODAS_TARGET`] `= (2^256 - 1) / 128`
///   (which is also the starting target).
/// - [`check_eligibility`]: round 0 cannot be mined; a round accepts fewer
///   than `2 * target_round_submissions` answers; the sampled blob's epoch
///   must be before the current epoch and not more than `epoch_window`
///   (300) epochs back; the same answer (see [`PodasSample::identifier`])
///   counts once.
///
/// # Byte encoding
///
/// | bytes | content |
/// | --- | --- |
/// | 32 | seed |
/// | 8 | epoch, big-endian |
/// | 8 | quorum id, big-endian |
/// | 32 | data root |
/// | 4 | line, big-endian |
/// | 4 | subline, big-endian |
/// | 1024 | the subline's bytes |
/// | rest | the Merkle proof ([`MerkleProof::to_bytes`]) |
///
/// Parsing requires the proof to fill the rest exactly. The quality is not
/// sent: the verifier recomputes it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PodasSample {
    seed: SampleSeed,
    blob: PodasBlob,
    line: u32,
    subline: u32,
    data: Vec<u8>,
    proof: MerkleProof,
}

const PODAS_HEADER_BYTES: usize = 32 + 8 + 8 + 32 + 4 + 4;

impl PodasSample {
    /// An answer from its parts (as a miner builds it). Indices must fit
    /// in `u32` (0G's widths); everything else is checked by
    /// [`verify`](Self::verify).
    pub fn new(
        seed: SampleSeed,
        blob: PodasBlob,
        line: usize,
        subline: usize,
        data: Vec<u8>,
        proof: MerkleProof,
    ) -> Result<Self, Error> {
        Ok(Self {
            seed,
            blob,
            line: crate::error::narrow_to_u32("line", line)?,
            subline: crate::error::narrow_to_u32("subline", subline)?,
            data,
            proof,
        })
    }

    /// The round seed answered.
    pub const fn seed(&self) -> &SampleSeed {
        &self.seed
    }
    /// The blob sampled.
    pub const fn blob(&self) -> &PodasBlob {
        &self.blob
    }
    /// The line (slice index).
    pub const fn line(&self) -> u32 {
        self.line
    }
    /// The subline inside the line.
    pub const fn subline(&self) -> u32 {
        self.subline
    }
    /// The subline's bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
    /// The Merkle proof of the subline.
    pub const fn proof(&self) -> &MerkleProof {
        &self.proof
    }

    /// 0G's submission identifier, which a round accepts once:
    /// `keccak256(data_root || seed || u64(epoch) || u64(quorum) ||
    /// u32(line) || u32(subline))`, all big-endian.
    pub fn identifier(&self) -> Digest {
        let mut hasher = Keccak::v256();
        hasher.update(self.blob.data_root.as_bytes());
        hasher.update(self.seed.as_bytes());
        hasher.update(&self.blob.epoch.to_be_bytes());
        hasher.update(&self.blob.quorum_id.to_be_bytes());
        hasher.update(&self.line.to_be_bytes());
        hasher.update(&self.subline.to_be_bytes());
        let mut out = [0u8; DIGEST_BYTES];
        hasher.finalize(&mut out);
        Digest::from_bytes(out)
    }

    /// Checks the answer against `geometry` and the round, and returns its
    /// quality.
    ///
    /// The checks, in order: the round's seed is the one answered
    /// ([`Error::SeedMismatch`]), the seed
    /// is not zero ([`Error::ZeroSeed`]); the geometry has sublines
    /// ([`Error::NoSublines`]); line and subline are in range
    /// ([`Error::IndexOutOfRange`]); the data is 1024 bytes
    /// ([`Error::WrongLength`]); the quality sum does not overflow
    /// ([`Error::QualityOverflow`]) and is at most the target
    /// ([`Error::QualityAboveTarget`]); the Merkle proof takes the data to
    /// the sample's data root ([`Error::Types`] with the Merkle failure).
    ///
    /// The caller still checks that the data root is a blob it knows (0G:
    /// one with a recorded erasure commitment) and applies
    /// [`check_eligibility`].
    pub fn verify(&self, geometry: &Geometry, round: &PodasRound) -> Result<U256, Error> {
        if self.seed != round.seed {
            return Err(Error::SeedMismatch);
        }
        if self.seed.is_zero() {
            return Err(Error::ZeroSeed);
        }
        let sublines = sublines_per_line(geometry)?;
        let line = self.line as usize;
        let subline = self.subline as usize;
        if line >= geometry.slices() {
            return Err(Error::IndexOutOfRange {
                what: "line",
                index: u64::from(self.line),
                bound: geometry.slices() as u64,
            });
        }
        if subline >= sublines {
            return Err(Error::IndexOutOfRange {
                what: "subline",
                index: u64::from(self.subline),
                bound: sublines as u64,
            });
        }
        if self.data.len() != SUBLINE_BYTES {
            return Err(Error::WrongLength {
                what: "PoDAS subline",
                expected: SUBLINE_BYTES,
                actual: self.data.len(),
            });
        }
        let lq = line_quality(&self.seed, &self.blob, u64::from(self.line));
        let dq = data_quality(&lq, u64::from(self.subline), &self.data);
        let quality = lq.checked_add(&dq).ok_or(Error::QualityOverflow)?;
        if quality > round.target {
            return Err(Error::QualityAboveTarget);
        }
        let span = SectorSpan::subline(geometry, line, subline)?;
        self.proof
            .verify(&self.blob.data_root, geometry, &span, &self.data)?;
        Ok(quality)
    }

    /// Bytes in the encoding.
    pub fn encoded_len(&self) -> usize {
        PODAS_HEADER_BYTES + self.data.len() + self.proof.encoded_len()
    }

    /// The canonical encoding (see the type's docs). A sample whose data is
    /// not 1024 bytes cannot be encoded canonically and is refused.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        if self.data.len() != SUBLINE_BYTES {
            return Err(Error::WrongLength {
                what: "PoDAS subline",
                expected: SUBLINE_BYTES,
                actual: self.data.len(),
            });
        }
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(self.seed.as_bytes());
        out.extend_from_slice(&self.blob.epoch.to_be_bytes());
        out.extend_from_slice(&self.blob.quorum_id.to_be_bytes());
        out.extend_from_slice(self.blob.data_root.as_bytes());
        out.extend_from_slice(&self.line.to_be_bytes());
        out.extend_from_slice(&self.subline.to_be_bytes());
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.proof.to_bytes());
        Ok(out)
    }

    /// Parses the canonical encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let min = PODAS_HEADER_BYTES + SUBLINE_BYTES;
        if bytes.len() < min {
            return Err(Error::WrongLength {
                what: "PoDAS sample (header and subline)",
                expected: min,
                actual: bytes.len(),
            });
        }
        let (head, rest) = bytes.split_at(PODAS_HEADER_BYTES);
        let (data, proof) = rest.split_at(SUBLINE_BYTES);
        let mut reader = Reader(head);
        let seed = SampleSeed::new(reader.array()?);
        let epoch = u64::from_be_bytes(reader.array()?);
        let quorum_id = u64::from_be_bytes(reader.array()?);
        let data_root = Digest::from_bytes(reader.array()?);
        let line = u32::from_be_bytes(reader.array()?);
        let subline = u32::from_be_bytes(reader.array()?);
        Ok(Self {
            seed,
            blob: PodasBlob {
                epoch,
                quorum_id,
                data_root,
            },
            line,
            subline,
            data: data.to_vec(),
            proof: MerkleProof::from_bytes(proof)?,
        })
    }
}

/// Reads fixed-size fields off the front of a byte string.
pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl Reader<'_> {
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let Some((head, rest)) = self.0.split_first_chunk::<N>() else {
            return Err(Error::WrongLength {
                what: "field",
                expected: N,
                actual: self.0.len(),
            });
        };
        self.0 = rest;
        Ok(*head)
    }
}

/// The target of the next round (0G's rule, see [`PodasSample`]), given
/// this round's target, the answers it accepted and the answers wanted per
/// round. Fails for `wanted == 0`.
///
/// 0G caps a round at `2 * wanted` answers, so the decrease is at most 1/8;
/// for larger counts (which 0G cannot reach) the target floors at zero
/// instead of reverting.
pub fn adjust_target(target: &U256, submissions: u64, wanted: u64) -> Result<U256, Error> {
    if wanted == 0 {
        return Err(Error::NotEligible {
            rule: "target round submissions must be positive",
            value: 0,
            limit: 1,
        });
    }
    let scaled = target.shr(32);
    let diff = submissions.abs_diff(wanted);
    let delta = scaled
        .checked_mul_u64(diff)
        .and_then(|p| p.checked_div_u64(wanted))
        .and_then(|p| p.checked_div_u64(8));
    let next = if submissions > wanted {
        delta
            .and_then(|d| scaled.checked_sub(&d))
            .unwrap_or(U256::ZERO)
    } else {
        delta
            .and_then(|d| scaled.checked_add(&d))
            .unwrap_or(U256::MAX)
    };
    if next >= MAX_PODAS_TARGET.shr(32) {
        Ok(MAX_PODAS_TARGET)
    } else {
        Ok(next.shl(32))
    }
}

/// The parameters of 0G's eligibility rules.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct PodasRules {
    /// How many epochs back a blob may still be sampled (0G: 300).
    pub epoch_window: u64,
    /// Answers wanted per round (0G: 20); a round takes fewer than twice
    /// as many.
    pub target_round_submissions: u64,
}

impl PodasRules {
    /// 0G's values: a 300-epoch window, 20 answers per round.
    pub const ZG: Self = Self {
        epoch_window: 300,
        target_round_submissions: 20,
    };
}

impl Default for PodasRules {
    fn default() -> Self {
        Self::ZG
    }
}

/// Whether an answer for a blob of epoch `sample_epoch` may be submitted
/// in round `round` (counted from 1) during epoch `current_epoch`, after
/// `round_submissions` answers were accepted this round. 0G's rules (module
/// docs); the error names the rule broken and its numbers.
pub fn check_eligibility(
    rules: &PodasRules,
    sample_epoch: u64,
    current_epoch: u64,
    round: u64,
    round_submissions: u64,
) -> Result<(), Error> {
    if round == 0 {
        return Err(Error::NotEligible {
            rule: "round 0 cannot be mined",
            value: 0,
            limit: 1,
        });
    }
    let cap = rules.target_round_submissions.saturating_mul(2);
    if round_submissions >= cap {
        return Err(Error::NotEligible {
            rule: "the round already has its maximum of submissions",
            value: round_submissions,
            limit: cap,
        });
    }
    if sample_epoch >= current_epoch {
        return Err(Error::NotEligible {
            rule: "the blob's epoch must be before the current epoch",
            value: sample_epoch,
            limit: current_epoch,
        });
    }
    if sample_epoch.saturating_add(rules.epoch_window) < current_epoch {
        return Err(Error::NotEligible {
            rule: "the blob's epoch is older than the sampling window",
            value: sample_epoch,
            limit: current_epoch - rules.epoch_window,
        });
    }
    Ok(())
}
