//! The keccak data root of an encoded blob, and Merkle proofs into it.
//!
//! # The tree
//!
//! This is 0G's data root, laid over zg's slice order (see [`Geometry`]):
//!
//! - A slice's bytes are its `cols` field elements, each the 32-byte
//!   big-endian encoding of [`scalar_to_bytes`](crate::encoding::scalar_to_bytes),
//!   so a slice is `cols * 32` bytes, cut into `cols / 8` **sectors** of
//!   [`SECTOR_BYTES`] = 256 bytes.
//! - Leaves are `keccak256(sector)`; parents are `keccak256(left || right)`.
//! - There is one perfect binary tree per coset family, over that family's
//!   `rows * cols / 8` sectors in slice order: slice `k * rows + r` is the
//!   `r`-th slice of family `k`, and its sectors are leaves
//!   `r * cols/8 .. (r + 1) * cols/8` of family `k`'s tree. So every slice
//!   is itself a subtree, whose root is the slice root ([`slice_root`]).
//! - The blob's data root folds the family roots from the left:
//!   `acc = root_0`, then `acc = keccak256(acc || root_i)` for `i >= 1`. With
//!   three families that is `keccak(keccak(root_0 || root_1) || root_2)`, as
//!   in 0G.
//!
//! # Proofs
//!
//! A [`MerkleProof`] proves the bytes of a [`SectorSpan`]: an aligned
//! power-of-two run of sectors inside one slice. The cases that matter are a
//! single sector (256 bytes), a 1024-byte `PoDAS` subline (4 sectors) and a
//! whole slice; any other aligned power-of-two run works too. The proof holds
//! the sibling hashes from the run's subtree up to its family root (bottom
//! up), and all family roots, so a verifier that knows only the blob's data
//! root can check it. The verifier supplies the position (the span it asked
//! for); the proof does not carry it, so a proof for one position never
//! passes as a proof for another.
//!
//! ```
//! use zg_types::Geometry;
//! use zg_types::merkle::{DataTree, SectorSpan};
//!
//! let geometry = Geometry::ZG_TEST; // 192 slices of 1024 bytes
//! let slices: Vec<Vec<u8>> = (0..geometry.slices())
//!     .map(|s| vec![s as u8; geometry.slice_bytes()])
//!     .collect();
//! let tree = DataTree::new(geometry, &slices)?;
//! let root = tree.root();
//!
//! // Prove sector 2 of slice 70 (family 1, row 6).
//! let span = SectorSpan::sector(&geometry, 70, 2)?;
//! let proof = tree.prove(&span, &slices[70])?;
//! let data = &slices[70][span.byte_range()];
//! proof.verify(&root, &geometry, &span, data)?;
//!
//! // Proofs travel as canonical bytes.
//! let parsed = zg_types::merkle::MerkleProof::from_bytes(&proof.to_bytes())?;
//! assert_eq!(parsed, proof);
//! # Ok::<(), zg_types::Error>(())
//! ```

use crate::{Error, Geometry};
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;
use tiny_keccak::{Hasher, Keccak};

/// Bytes in one sector, the leaf unit of the data root.
pub const SECTOR_BYTES: usize = 256;
/// Bytes in one `PoDAS` subline (the unit of a sampling answer).
pub const SUBLINE_BYTES: usize = 1024;
/// Sectors in one `PoDAS` subline.
pub const SECTORS_PER_SUBLINE: usize = SUBLINE_BYTES / SECTOR_BYTES;
/// Bytes in a [`Digest`].
pub const DIGEST_BYTES: usize = 32;

/// A keccak-256 digest: a leaf, a node or a root of the data tree.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Digest([u8; DIGEST_BYTES]);

impl Digest {
    /// Wraps 32 bytes as a digest.
    pub const fn from_bytes(bytes: [u8; DIGEST_BYTES]) -> Self {
        Self(bytes)
    }
    /// The digest's bytes.
    pub const fn as_bytes(&self) -> &[u8; DIGEST_BYTES] {
        &self.0
    }
    /// The digest's bytes, by value.
    pub const fn to_bytes(self) -> [u8; DIGEST_BYTES] {
        self.0
    }
}

impl From<[u8; DIGEST_BYTES]> for Digest {
    fn from(bytes: [u8; DIGEST_BYTES]) -> Self {
        Self(bytes)
    }
}

impl AsRef<[u8]> for Digest {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl fmt::Display for Digest {
    /// Lower-case hex, 64 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// `keccak256(data)`, the hash of the data root (Ethereum's keccak, not
/// SHA3-256).
pub fn keccak256(data: &[u8]) -> Digest {
    let mut hasher = Keccak::v256();
    hasher.update(data);
    finish(hasher)
}

/// `keccak256(left || right)`: a parent node.
pub fn hash_pair(left: &Digest, right: &Digest) -> Digest {
    let mut hasher = Keccak::v256();
    hasher.update(&left.0);
    hasher.update(&right.0);
    finish(hasher)
}

fn finish(hasher: Keccak) -> Digest {
    let mut out = [0u8; DIGEST_BYTES];
    hasher.finalize(&mut out);
    Digest(out)
}

/// Folds family roots into the blob's data root: `acc = roots[0]`, then
/// `acc = keccak256(acc || roots[i])`. `None` for an empty list.
pub fn fold_family_roots(roots: &[Digest]) -> Option<Digest> {
    let (first, rest) = roots.split_first()?;
    Some(rest.iter().fold(*first, |acc, r| hash_pair(&acc, r)))
}

/// Sectors in one slice of `geometry`: `cols / 8`, a power of two.
pub const fn sectors_per_slice(geometry: &Geometry) -> usize {
    geometry.slice_bytes() / SECTOR_BYTES
}

/// The root of a run of whole sectors whose count is a power of two (the
/// caller checks the length).
fn run_root(bytes: &[u8]) -> Digest {
    // A binary counter of complete subtrees: (root, height). Merging equal
    // heights as leaves arrive builds the perfect tree left to right with
    // O(log n) memory.
    let mut stack: Vec<(Digest, u32)> = Vec::with_capacity(24);
    for sector in bytes.chunks_exact(SECTOR_BYTES) {
        let mut node = (keccak256(sector), 0u32);
        while let Some(&(top, height)) = stack.last() {
            if height != node.1 {
                break;
            }
            stack.pop();
            node = (hash_pair(&top, &node.0), height + 1);
        }
        stack.push(node);
    }
    // With a power-of-two count exactly one subtree remains.
    stack
        .first()
        .map_or_else(|| keccak256(&[]), |&(root, _)| root)
}

/// The root of one slice's subtree: the hash a data tree holds for it.
/// `bytes` must be exactly `geometry.slice_bytes()` long.
pub fn slice_root(geometry: &Geometry, bytes: &[u8]) -> Result<Digest, Error> {
    if bytes.len() != geometry.slice_bytes() {
        return Err(Error::WrongLength {
            what: "slice",
            expected: geometry.slice_bytes(),
            actual: bytes.len(),
        });
    }
    Ok(run_root(bytes))
}

/// A run of sectors that a [`MerkleProof`] can prove: `sectors` sectors
/// (a power of two) from sector `first_sector` of slice `slice`, with
/// `first_sector` a multiple of `sectors` and the run inside the slice.
///
/// Constructors check the span against a geometry; verification checks it
/// again against the verifier's geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SectorSpan {
    slice: usize,
    first_sector: usize,
    sectors: usize,
}

impl SectorSpan {
    /// The run of `sectors` sectors from `first_sector` (counted inside the
    /// slice) of slice `slice`.
    pub fn new(
        geometry: &Geometry,
        slice: usize,
        first_sector: usize,
        sectors: usize,
    ) -> Result<Self, Error> {
        let span = Self {
            slice,
            first_sector,
            sectors,
        };
        span.check(geometry)?;
        Ok(span)
    }

    /// One 256-byte sector.
    pub fn sector(geometry: &Geometry, slice: usize, sector: usize) -> Result<Self, Error> {
        let bound = sectors_per_slice(geometry);
        if sector >= bound {
            return Err(Error::IndexOutOfRange {
                what: "sector",
                index: sector,
                bound,
            });
        }
        Self::new(geometry, slice, sector, 1)
    }

    /// One 1024-byte `PoDAS` subline (4 sectors). Needs slices of at least
    /// 1024 bytes (`cols >= 32`).
    pub fn subline(geometry: &Geometry, slice: usize, subline: usize) -> Result<Self, Error> {
        let bound = geometry.slice_bytes() / SUBLINE_BYTES;
        if subline >= bound {
            return Err(Error::IndexOutOfRange {
                what: "subline",
                index: subline,
                bound,
            });
        }
        Self::new(
            geometry,
            slice,
            subline * SECTORS_PER_SUBLINE,
            SECTORS_PER_SUBLINE,
        )
    }

    /// A whole slice.
    pub fn slice(geometry: &Geometry, slice: usize) -> Result<Self, Error> {
        Self::new(geometry, slice, 0, sectors_per_slice(geometry))
    }

    /// Checks that the span fits `geometry`.
    pub fn check(&self, geometry: &Geometry) -> Result<(), Error> {
        if self.slice >= geometry.slices() {
            return Err(Error::IndexOutOfRange {
                what: "slice",
                index: self.slice,
                bound: geometry.slices(),
            });
        }
        let per_slice = sectors_per_slice(geometry);
        let fits = self.sectors.is_power_of_two()
            && self.sectors <= per_slice
            && self.first_sector.is_multiple_of(self.sectors)
            && self.first_sector < per_slice;
        if !fits {
            return Err(Error::InvalidSpan {
                first_sector: self.first_sector,
                sectors: self.sectors,
                sectors_per_slice: per_slice,
            });
        }
        Ok(())
    }

    /// The slice the run lies in.
    pub const fn slice_index(&self) -> usize {
        self.slice
    }
    /// The run's first sector, counted inside its slice.
    pub const fn first_sector(&self) -> usize {
        self.first_sector
    }
    /// Sectors in the run.
    pub const fn sectors(&self) -> usize {
        self.sectors
    }
    /// Bytes in the run.
    pub const fn len_bytes(&self) -> usize {
        // Saturating: a deserialized span is unchecked until verification.
        self.sectors.saturating_mul(SECTOR_BYTES)
    }
    /// The run's bytes inside its slice's bytes.
    pub const fn byte_range(&self) -> Range<usize> {
        let start = self.first_sector.saturating_mul(SECTOR_BYTES);
        start..start.saturating_add(self.len_bytes())
    }

    /// Siblings a proof of this span holds (the span must fit `geometry`).
    fn path_len(&self, geometry: &Geometry) -> usize {
        let per_slice = sectors_per_slice(geometry);
        ((per_slice / self.sectors).trailing_zeros() + geometry.rows().trailing_zeros()) as usize
    }

    /// The index of the run's subtree among the nodes of its height in the
    /// family tree.
    fn node_index(&self, geometry: &Geometry) -> usize {
        let per_slice = sectors_per_slice(geometry);
        (geometry.row_of(self.slice) * per_slice + self.first_sector) / self.sectors
    }
}

/// The data root of an encoded blob, built from all its slices.
///
/// It keeps only the tree above the slices (`2 * slices` digests: 192 KiB
/// for 0G's production geometry), not the sector leaves (which would be
/// 24 MiB there). Proofs inside a slice therefore take that slice's bytes,
/// which the prover holds anyway, and re-hash just that slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataTree {
    geometry: Geometry,
    /// Per family, the levels of the tree above the slices: level 0 holds
    /// the family's `rows` slice roots, the last level its root.
    families: Vec<Vec<Vec<Digest>>>,
    family_roots: Vec<Digest>,
    root: Digest,
}

impl DataTree {
    /// Builds the tree from all `geometry.slices()` slices in slice order,
    /// each `geometry.slice_bytes()` long. With the `parallel` feature the
    /// slices are hashed on the caller's rayon pool.
    pub fn new<S>(geometry: Geometry, slices: &[S]) -> Result<Self, Error>
    where
        S: AsRef<[u8]> + Sync,
    {
        expect_count("slices", geometry.slices(), slices.len())?;
        let hash_one = |(index, slice): (usize, &S)| {
            let bytes = slice.as_ref();
            if bytes.len() == geometry.slice_bytes() {
                Ok(run_root(bytes))
            } else {
                Err(Error::SliceWrongLength {
                    slice: index,
                    expected: geometry.slice_bytes(),
                    actual: bytes.len(),
                })
            }
        };
        #[cfg(feature = "parallel")]
        let roots = {
            use rayon::prelude::*;
            slices
                .par_iter()
                .enumerate()
                .map(hash_one)
                .collect::<Result<Vec<_>, _>>()?
        };
        #[cfg(not(feature = "parallel"))]
        let roots = slices
            .iter()
            .enumerate()
            .map(hash_one)
            .collect::<Result<Vec<_>, _>>()?;
        Self::from_slice_roots(geometry, &roots)
    }

    /// Builds the tree from all slices laid end to end in one buffer of
    /// `geometry.slices() * geometry.slice_bytes()` bytes (slice `s` at
    /// offset `s * slice_bytes`).
    pub fn from_contiguous(geometry: Geometry, bytes: &[u8]) -> Result<Self, Error> {
        // Saturating: on 32-bit targets the largest geometries exceed memory.
        let expected = geometry.slices().saturating_mul(geometry.slice_bytes());
        if bytes.len() != expected {
            return Err(Error::WrongLength {
                what: "contiguous slices",
                expected,
                actual: bytes.len(),
            });
        }
        let slices: Vec<&[u8]> = bytes.chunks_exact(geometry.slice_bytes()).collect();
        Self::new(geometry, &slices)
    }

    /// Builds the tree from the roots of all slices ([`slice_root`]), in
    /// slice order: for encoders that hash each slice as they produce it.
    pub fn from_slice_roots(geometry: Geometry, slice_roots: &[Digest]) -> Result<Self, Error> {
        expect_count("slice roots", geometry.slices(), slice_roots.len())?;
        let families: Vec<Vec<Vec<Digest>>> = slice_roots
            .chunks_exact(geometry.rows())
            .map(|family| {
                let mut levels = alloc::vec![family.to_vec()];
                while let Some(level) = levels.last().filter(|l| l.len() > 1) {
                    let next = level
                        .chunks_exact(2)
                        .map(|pair| match pair {
                            [left, right] => hash_pair(left, right),
                            _ => Digest::default(),
                        })
                        .collect();
                    levels.push(next);
                }
                levels
            })
            .collect();
        let family_roots: Vec<Digest> = families
            .iter()
            .map(|levels| {
                levels
                    .last()
                    .and_then(|top| top.first())
                    .copied()
                    .unwrap_or_default()
            })
            .collect();
        let root = fold_family_roots(&family_roots).ok_or(Error::WrongCount {
            what: "family roots",
            expected: geometry.families(),
            actual: 0,
        })?;
        Ok(Self {
            geometry,
            families,
            family_roots,
            root,
        })
    }

    /// The blob's data root.
    pub const fn root(&self) -> Digest {
        self.root
    }
    /// The root of each coset family's tree, in family order.
    pub fn family_roots(&self) -> &[Digest] {
        &self.family_roots
    }
    /// The geometry the tree was built for.
    pub const fn geometry(&self) -> &Geometry {
        &self.geometry
    }
    /// The root of slice `slice`'s subtree.
    pub fn slice_root(&self, slice: usize) -> Option<Digest> {
        if slice >= self.geometry.slices() {
            return None;
        }
        self.families
            .get(self.geometry.family_of(slice))?
            .first()?
            .get(self.geometry.row_of(slice))
            .copied()
    }

    /// Proves the bytes of `span`. `slice_bytes` are all the bytes of the
    /// span's slice (needed to hash inside it); they must hash to the slice
    /// root the tree holds.
    pub fn prove(&self, span: &SectorSpan, slice_bytes: &[u8]) -> Result<MerkleProof, Error> {
        span.check(&self.geometry)?;
        let expected_root = self.slice_root(span.slice).ok_or(Error::IndexOutOfRange {
            what: "slice",
            index: span.slice,
            bound: self.geometry.slices(),
        })?;
        if slice_bytes.len() != self.geometry.slice_bytes() {
            return Err(Error::WrongLength {
                what: "slice",
                expected: self.geometry.slice_bytes(),
                actual: slice_bytes.len(),
            });
        }
        // Levels of the slice's own subtree, from the leaves to its root.
        let mut levels: Vec<Vec<Digest>> = alloc::vec![
            slice_bytes
                .chunks_exact(SECTOR_BYTES)
                .map(keccak256)
                .collect()
        ];
        while let Some(level) = levels.last().filter(|l| l.len() > 1) {
            let next = level
                .chunks_exact(2)
                .map(|pair| match pair {
                    [left, right] => hash_pair(left, right),
                    _ => Digest::default(),
                })
                .collect();
            levels.push(next);
        }
        let computed = levels.last().and_then(|top| top.first()).copied();
        if computed != Some(expected_root) {
            return Err(Error::SliceRootMismatch { slice: span.slice });
        }
        let mut path = Vec::with_capacity(span.path_len(&self.geometry));
        let height = span.sectors.trailing_zeros() as usize;
        let mut index = span.first_sector / span.sectors;
        for level in levels.iter().skip(height).take_while(|l| l.len() > 1) {
            path.push(sibling(level, index));
            index /= 2;
        }
        self.push_family_path(span.slice, &mut path);
        Ok(MerkleProof {
            family_roots: self.family_roots.clone(),
            path,
        })
    }

    /// Proves a whole slice without its bytes (the proof of a whole slice
    /// needs only the tree above the slices).
    pub fn prove_slice(&self, slice: usize) -> Result<MerkleProof, Error> {
        let span = SectorSpan::slice(&self.geometry, slice)?;
        let mut path = Vec::with_capacity(span.path_len(&self.geometry));
        self.push_family_path(slice, &mut path);
        Ok(MerkleProof {
            family_roots: self.family_roots.clone(),
            path,
        })
    }

    /// Appends the siblings from slice `slice`'s root to its family root.
    fn push_family_path(&self, slice: usize, path: &mut Vec<Digest>) {
        let Some(levels) = self.families.get(self.geometry.family_of(slice)) else {
            return;
        };
        let mut index = self.geometry.row_of(slice);
        for level in levels.iter().take_while(|l| l.len() > 1) {
            path.push(sibling(level, index));
            index /= 2;
        }
    }
}

/// The sibling of node `index` in a level of even length.
fn sibling(level: &[Digest], index: usize) -> Digest {
    debug_assert!(index ^ 1 < level.len(), "sibling outside its level");
    level.get(index ^ 1).copied().unwrap_or_default()
}

fn expect_count(what: &'static str, expected: usize, actual: usize) -> Result<(), Error> {
    if expected == actual {
        Ok(())
    } else {
        Err(Error::WrongCount {
            what,
            expected,
            actual,
        })
    }
}

/// A Merkle proof of a [`SectorSpan`]'s bytes against a blob's data root.
///
/// It holds the sibling hashes from the span's subtree up to its family's
/// root (bottom up: the first sibling is at the span's height) and the roots
/// of all coset families. For 0G's production geometry a sector proof has
/// 17 siblings, a subline 15, a slice 10, plus 3 family roots.
///
/// # Byte encoding
///
/// [`to_bytes`](Self::to_bytes) writes, with no padding:
///
/// | bytes | content |
/// | --- | --- |
/// | 2 | number of family roots `f`, big-endian `u16` |
/// | 1 | number of path siblings `p`, `u8` |
/// | `32 f` | the family roots, in family order |
/// | `32 p` | the siblings, bottom up |
///
/// [`from_bytes`](Self::from_bytes) accepts exactly this form (the length
/// must match the counts), so every proof has one encoding. The counts are
/// checked against a geometry only when verifying.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "ProofParts"))]
pub struct MerkleProof {
    family_roots: Vec<Digest>,
    path: Vec<Digest>,
}

/// The fields of a [`MerkleProof`] as deserialized, before the count checks
/// of [`MerkleProof::from_parts`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct ProofParts {
    family_roots: Vec<Digest>,
    path: Vec<Digest>,
}

#[cfg(feature = "serde")]
impl TryFrom<ProofParts> for MerkleProof {
    type Error = Error;
    fn try_from(parts: ProofParts) -> Result<Self, Error> {
        Self::from_parts(parts.family_roots, parts.path)
    }
}

/// Bytes before the digests in a proof's encoding.
const PROOF_HEADER_BYTES: usize = 3;

impl MerkleProof {
    /// A proof from its parts (as a prover elsewhere produced them).
    /// Fails if the counts do not fit the encoding (more than 65,535 family
    /// roots or 255 siblings).
    pub fn from_parts(family_roots: Vec<Digest>, path: Vec<Digest>) -> Result<Self, Error> {
        if u16::try_from(family_roots.len()).is_err() {
            return Err(Error::WrongCount {
                what: "family roots (at most 65535)",
                expected: usize::from(u16::MAX),
                actual: family_roots.len(),
            });
        }
        if u8::try_from(path.len()).is_err() {
            return Err(Error::WrongCount {
                what: "path siblings (at most 255)",
                expected: usize::from(u8::MAX),
                actual: path.len(),
            });
        }
        Ok(Self { family_roots, path })
    }

    /// The roots of all coset families.
    pub fn family_roots(&self) -> &[Digest] {
        &self.family_roots
    }
    /// The sibling hashes, bottom up.
    pub fn path(&self) -> &[Digest] {
        &self.path
    }
    /// The data root the proof's family roots fold to (`None` if it has
    /// none).
    pub fn implied_root(&self) -> Option<Digest> {
        fold_family_roots(&self.family_roots)
    }

    /// Checks that `data` are the bytes of `span` in the blob whose data
    /// root is `root`, under `geometry`.
    ///
    /// The checks, in order: the span fits the geometry
    /// ([`Error::IndexOutOfRange`], [`Error::InvalidSpan`]); `data` is the
    /// span's length ([`Error::WrongLength`]); the proof has one root per
    /// family and the path length the span needs ([`Error::WrongCount`]);
    /// data and path hash to the span's family root
    /// ([`Error::FamilyRootMismatch`]); the family roots fold to `root`
    /// ([`Error::BlobRootMismatch`]).
    pub fn verify(
        &self,
        root: &Digest,
        geometry: &Geometry,
        span: &SectorSpan,
        data: &[u8],
    ) -> Result<(), Error> {
        span.check(geometry)?;
        if data.len() != span.len_bytes() {
            return Err(Error::WrongLength {
                what: "proven data",
                expected: span.len_bytes(),
                actual: data.len(),
            });
        }
        expect_count("family roots", geometry.families(), self.family_roots.len())?;
        expect_count("path siblings", span.path_len(geometry), self.path.len())?;
        let mut node = run_root(data);
        let mut index = span.node_index(geometry);
        for sibling in &self.path {
            node = if index.is_multiple_of(2) {
                hash_pair(&node, sibling)
            } else {
                hash_pair(sibling, &node)
            };
            index /= 2;
        }
        let family = geometry.family_of(span.slice);
        if self.family_roots.get(family) != Some(&node) {
            return Err(Error::FamilyRootMismatch { family });
        }
        if self.implied_root().as_ref() != Some(root) {
            return Err(Error::BlobRootMismatch);
        }
        Ok(())
    }

    /// Bytes in this proof's encoding.
    pub fn encoded_len(&self) -> usize {
        PROOF_HEADER_BYTES + DIGEST_BYTES * (self.family_roots.len() + self.path.len())
    }

    /// The canonical encoding (see the type's docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        // `from_parts`, `from_bytes` and `DataTree` keep the counts in range.
        let families = u16::try_from(self.family_roots.len()).unwrap_or(u16::MAX);
        let path = u8::try_from(self.path.len()).unwrap_or(u8::MAX);
        out.extend_from_slice(&families.to_be_bytes());
        out.push(path);
        for digest in self.family_roots.iter().chain(&self.path) {
            out.extend_from_slice(&digest.0);
        }
        out
    }

    /// Parses the canonical encoding, checking the length against the
    /// counts in the header before allocating.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let Some((&[f_hi, f_lo, p], body)) = bytes.split_first_chunk::<PROOF_HEADER_BYTES>() else {
            return Err(Error::WrongLength {
                what: "Merkle proof header",
                expected: PROOF_HEADER_BYTES,
                actual: bytes.len(),
            });
        };
        let families = usize::from(u16::from_be_bytes([f_hi, f_lo]));
        let path = usize::from(p);
        let expected = PROOF_HEADER_BYTES + DIGEST_BYTES * (families + path);
        if bytes.len() != expected {
            return Err(Error::WrongLength {
                what: "Merkle proof",
                expected,
                actual: bytes.len(),
            });
        }
        let mut digests = body
            .chunks_exact(DIGEST_BYTES)
            .map(|chunk| {
                let mut d = [0u8; DIGEST_BYTES];
                d.copy_from_slice(chunk);
                Digest(d)
            })
            .collect::<Vec<_>>();
        let path = digests.split_off(families);
        Ok(Self {
            family_roots: digests,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn slices(geometry: &Geometry) -> Vec<Vec<u8>> {
        (0..geometry.slices())
            .map(|s| {
                (0..geometry.slice_bytes())
                    .map(|i| u8::try_from((s * 31 + i * 7) % 251).unwrap())
                    .collect()
            })
            .collect()
    }

    /// The tree computed the naive way: all sectors of a family, then
    /// pairwise levels.
    fn naive_root(geometry: &Geometry, slices: &[Vec<u8>]) -> Digest {
        let roots: Vec<Digest> = slices
            .chunks(geometry.rows())
            .map(|family| {
                let mut level: Vec<Digest> = family
                    .iter()
                    .flat_map(|s| s.chunks(SECTOR_BYTES).map(keccak256))
                    .collect();
                while level.len() > 1 {
                    level = level.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
                }
                level[0]
            })
            .collect();
        assert_eq!(roots.len(), 3);
        hash_pair(&hash_pair(&roots[0], &roots[1]), &roots[2])
    }

    #[test]
    fn digest_conversions_keep_the_bytes() {
        let bytes: [u8; DIGEST_BYTES] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let digest = Digest::from(bytes);
        assert_eq!(digest.to_bytes(), bytes);
        assert_eq!(digest.as_bytes(), &bytes);
        assert_eq!(digest.as_ref(), &bytes[..]);
        let hex = digest.to_string();
        assert_eq!(hex.len(), 64);
        assert!(hex.starts_with("000102"));
        assert_eq!(
            alloc::format!("{digest:?}"),
            alloc::format!("Digest({hex})")
        );
    }

    #[test]
    fn keccak_known_answer() {
        // keccak256("") from the Ethereum yellow paper.
        assert_eq!(
            keccak256(b"").to_string(),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
    }

    #[test]
    fn root_matches_naive_construction() {
        let g = Geometry::ZG_TEST;
        let s = slices(&g);
        let tree = DataTree::new(g, &s).unwrap();
        assert_eq!(tree.root(), naive_root(&g, &s));
        assert_eq!(tree.family_roots().len(), 3);
        let g = Geometry::new(4, 8, 3).unwrap();
        let s = slices(&g);
        assert_eq!(DataTree::new(g, &s).unwrap().root(), naive_root(&g, &s));
        let flat = s.concat();
        assert_eq!(
            DataTree::from_contiguous(g, &flat).unwrap(),
            DataTree::new(g, &s).unwrap()
        );
        assert_eq!(
            DataTree::from_contiguous(g, &flat[1..]),
            Err(Error::WrongLength {
                what: "contiguous slices",
                expected: flat.len(),
                actual: flat.len() - 1
            })
        );
    }

    #[test]
    fn proofs_verify_and_paths_have_the_documented_lengths() {
        let g = Geometry::ETHEREUM; // 2048-byte slices: 8 sectors, 2 sublines
        let s = slices(&g);
        let tree = DataTree::new(g, &s).unwrap();
        for slice in [0, 1, 63, 64, 127] {
            for span in [
                SectorSpan::sector(&g, slice, 5).unwrap(),
                SectorSpan::subline(&g, slice, 1).unwrap(),
                SectorSpan::new(&g, slice, 6, 2).unwrap(),
                SectorSpan::slice(&g, slice).unwrap(),
            ] {
                let proof = tree.prove(&span, &s[slice]).unwrap();
                assert_eq!(proof.path().len(), span.path_len(&g));
                proof
                    .verify(&tree.root(), &g, &span, &s[slice][span.byte_range()])
                    .unwrap();
            }
            assert_eq!(
                tree.prove_slice(slice).unwrap(),
                tree.prove(&SectorSpan::slice(&g, slice).unwrap(), &s[slice])
                    .unwrap()
            );
        }
        let p = Geometry::ZG_PRODUCTION;
        let span = SectorSpan::sector(&p, 0, 0).unwrap();
        assert_eq!(span.path_len(&p), 17);
        assert_eq!(SectorSpan::subline(&p, 0, 31).unwrap().path_len(&p), 15);
        assert_eq!(SectorSpan::slice(&p, 3071).unwrap().path_len(&p), 10);
    }

    #[test]
    fn failures_are_reported_precisely() {
        let g = Geometry::ZG_TEST;
        let s = slices(&g);
        let tree = DataTree::new(g, &s).unwrap();
        let span = SectorSpan::sector(&g, 100, 3).unwrap();
        let proof = tree.prove(&span, &s[100]).unwrap();
        let data = &s[100][span.byte_range()];
        let root = tree.root();

        assert_eq!(
            proof.verify(&root, &g, &span, &data[1..]),
            Err(Error::WrongLength {
                what: "proven data",
                expected: 256,
                actual: 255
            })
        );
        let mut bad = data.to_vec();
        bad[0] ^= 1;
        assert_eq!(
            proof.verify(&root, &g, &span, &bad),
            Err(Error::FamilyRootMismatch { family: 1 })
        );
        let other = SectorSpan::sector(&g, 100, 2).unwrap();
        assert!(proof.verify(&root, &g, &other, data).is_err());
        let mut wrong_root = root.to_bytes();
        wrong_root[31] ^= 1;
        assert_eq!(
            proof.verify(&Digest::from(wrong_root), &g, &span, data),
            Err(Error::BlobRootMismatch)
        );
        assert_eq!(
            proof.verify(&root, &Geometry::ETHEREUM, &span, data),
            Err(Error::WrongCount {
                what: "family roots",
                expected: 2,
                actual: 3
            })
        );
        let far = SectorSpan::sector(&Geometry::ZG_PRODUCTION, 3000, 0).unwrap();
        assert_eq!(
            proof.verify(&root, &g, &far, data),
            Err(Error::IndexOutOfRange {
                what: "slice",
                index: 3000,
                bound: 192
            })
        );
        assert!(matches!(
            SectorSpan::new(&g, 0, 1, 2),
            Err(Error::InvalidSpan { .. })
        ));
        assert!(matches!(
            SectorSpan::new(&g, 0, 0, 3),
            Err(Error::InvalidSpan { .. })
        ));
        assert!(matches!(
            SectorSpan::new(&g, 0, 0, 8),
            Err(Error::InvalidSpan { .. })
        ));
        // The last sector is a span; the one past it is not.
        let per_slice = sectors_per_slice(&g);
        let last = SectorSpan::new(&g, 0, per_slice - 1, 1).unwrap();
        assert_eq!((last.first_sector(), last.sectors()), (per_slice - 1, 1));
        assert!(matches!(
            SectorSpan::new(&g, 0, per_slice, 1),
            Err(Error::InvalidSpan { .. })
        ));
        assert_eq!(SectorSpan::slice(&g, 0).unwrap().sectors(), per_slice);
        assert_eq!(
            SectorSpan::subline(&g, 0, 1),
            Err(Error::IndexOutOfRange {
                what: "subline",
                index: 1,
                bound: 1
            })
        );
        assert_eq!(
            tree.prove(&span, &s[99]),
            Err(Error::SliceRootMismatch { slice: 100 })
        );
        assert_eq!(
            DataTree::new(g, &s[1..]),
            Err(Error::WrongCount {
                what: "slices",
                expected: 192,
                actual: 191
            })
        );
        let mut short = s.clone();
        short[7].pop();
        assert_eq!(
            DataTree::new(g, &short),
            Err(Error::SliceWrongLength {
                slice: 7,
                expected: 1024,
                actual: 1023
            })
        );
    }

    #[test]
    fn proof_bytes_round_trip_and_reject_bad_lengths() {
        let g = Geometry::ZG_TEST;
        let s = slices(&g);
        let tree = DataTree::new(g, &s).unwrap();
        let proof = tree.prove_slice(5).unwrap();
        let bytes = proof.to_bytes();
        assert_eq!(bytes.len(), proof.encoded_len());
        assert_eq!(bytes.len(), 3 + 32 * (3 + 6));
        assert_eq!(&bytes[..3], &[0, 3, 6]);
        assert_eq!(MerkleProof::from_bytes(&bytes).unwrap(), proof);
        assert!(matches!(
            MerkleProof::from_bytes(&bytes[..bytes.len() - 1]),
            Err(Error::WrongLength { .. })
        ));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(MerkleProof::from_bytes(&longer).is_err());
        assert!(MerkleProof::from_bytes(&[0, 0]).is_err());
        assert_eq!(
            MerkleProof::from_bytes(&[0, 0, 0]).unwrap(),
            MerkleProof::from_parts(vec![], vec![]).unwrap()
        );
        assert!(MerkleProof::from_parts(vec![], vec![Digest::default(); 256]).is_err());
    }
}
