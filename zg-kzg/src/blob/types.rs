//! The encoded blob's header, its slices and their light form, with their
//! canonical byte encodings and checked parsing.

use crate::Error;
use alloc::vec::Vec;
use zg_erasure::slice_to_bytes;
use zg_types::encoding::{G1_BYTES, SCALAR_BYTES, g1_from_slice, g1_to_bytes, scalar_from_bytes};
use zg_types::merkle::{DIGEST_BYTES, Digest, MerkleProof, SectorSpan, hash_pair};
use zg_types::{G1Affine, Geometry, Scalar};

/// Version byte of the header encoding.
pub const HEADER_VERSION: u8 = 1;
/// Bytes in an encoded [`BlobHeader`].
pub const HEADER_BYTES: usize = 1 + 3 * 4 + G1_BYTES + DIGEST_BYTES;

/// What identifies an encoded blob to the network: its geometry, its
/// erasure commitment (one KZG commitment binding all slices) and its keccak
/// data root.
///
/// # Byte encoding ([`HEADER_BYTES`] = 93 bytes)
///
/// | bytes | content |
/// | --- | --- |
/// | 1 | version, [`HEADER_VERSION`] |
/// | 4 | `rows`, big-endian `u32` |
/// | 4 | `cols`, big-endian `u32` |
/// | 4 | `families`, big-endian `u32` |
/// | 48 | erasure commitment, compressed G1 (checked: on the curve, in the subgroup) |
/// | 32 | data root (keccak-256) |
///
/// The geometry must pass [`Geometry::new`]; no other encoding of a header
/// parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlobHeader {
    geometry: Geometry,
    commitment: G1Affine,
    data_root: Digest,
}

impl BlobHeader {
    /// A header from its parts.
    pub const fn new(geometry: Geometry, commitment: G1Affine, data_root: Digest) -> Self {
        Self {
            geometry,
            commitment,
            data_root,
        }
    }

    /// The geometry of the blob.
    pub const fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// The erasure commitment: `[f(tau)]G1` of the blob's polynomial.
    pub const fn commitment(&self) -> &G1Affine {
        &self.commitment
    }

    /// The keccak data root over all slices.
    pub const fn data_root(&self) -> Digest {
        self.data_root
    }

    /// The canonical encoding (see the type's docs).
    pub fn to_bytes(&self) -> [u8; HEADER_BYTES] {
        let mut out = [0u8; HEADER_BYTES];
        let mut w = Writer::new(&mut out);
        w.put(&[HEADER_VERSION]);
        for v in [
            self.geometry.rows(),
            self.geometry.cols(),
            self.geometry.families(),
        ] {
            w.put(&u32_be(v));
        }
        w.put(&g1_to_bytes(&self.commitment));
        w.put(self.data_root.as_bytes());
        out
    }

    /// Parses the canonical encoding, checking the length, the version, the
    /// geometry and the commitment point.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() != HEADER_BYTES {
            return Err(Error::LengthMismatch {
                what: "blob header bytes",
                expected: HEADER_BYTES,
                actual: bytes.len(),
            });
        }
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version != HEADER_VERSION {
            return Err(Error::InvalidParameter {
                what: "blob header version",
                value: usize::from(version),
                min: usize::from(HEADER_VERSION),
                max: usize::from(HEADER_VERSION),
            });
        }
        let rows = r.u32()?;
        let cols = r.u32()?;
        let families = r.u32()?;
        let geometry = Geometry::new(rows, cols, families)?;
        let commitment = g1_from_slice(r.take(G1_BYTES)?)?;
        let data_root = r.digest()?;
        Ok(Self {
            geometry,
            commitment,
            data_root,
        })
    }
}

/// One slice of an encoded blob, as a storage or signer node receives it:
/// its index, its `cols` field elements, its KZG cell proof against the
/// erasure commitment, and its Merkle proof against the data root.
///
/// Holding a `BlobSlice` says nothing about validity: check it with
/// [`BlobVerifier`](super::BlobVerifier).
///
/// # Byte encoding (`8 + 32 cols + 48 + merkle` bytes)
///
/// | bytes | content |
/// | --- | --- |
/// | 4 | slice index, big-endian `u32` |
/// | 4 | number of elements `c`, big-endian `u32` |
/// | `32 c` | the elements, each a canonical big-endian scalar (the slice's data-root bytes) |
/// | 48 | KZG proof, compressed G1 (checked: on the curve, in the subgroup) |
/// | rest | the Merkle proof, in [`MerkleProof::to_bytes`]'s encoding |
///
/// For 0G's production geometry a slice is 32,768 + 56 + 419 = 33,243 bytes.
/// Parsing checks the structure only; whether the counts fit a geometry is
/// checked when verifying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobSlice {
    index: usize,
    elements: Vec<Scalar>,
    proof: G1Affine,
    merkle: MerkleProof,
}

impl BlobSlice {
    /// A slice from its parts.
    pub const fn new(
        index: usize,
        elements: Vec<Scalar>,
        proof: G1Affine,
        merkle: MerkleProof,
    ) -> Self {
        Self {
            index,
            elements,
            proof,
            merkle,
        }
    }

    /// The slice's index (`0 .. rows * families`).
    pub const fn index(&self) -> usize {
        self.index
    }

    /// The slice's field elements.
    pub fn elements(&self) -> &[Scalar] {
        &self.elements
    }

    /// The KZG cell proof.
    pub const fn proof(&self) -> &G1Affine {
        &self.proof
    }

    /// The Merkle proof of the slice's bytes against the data root.
    pub const fn merkle_proof(&self) -> &MerkleProof {
        &self.merkle
    }

    /// The slice's bytes as the data root hashes them (32 big-endian bytes
    /// per element).
    pub fn element_bytes(&self) -> Vec<u8> {
        slice_to_bytes(&self.elements)
    }

    /// The light form: the same slice without its elements, carrying the
    /// root of its bytes instead. Fails if the slice does not have
    /// `geometry`'s length.
    pub fn to_light(&self, geometry: &Geometry) -> Result<LightSlice, Error> {
        let root = zg_types::merkle::slice_root(geometry, &self.element_bytes())?;
        Ok(LightSlice {
            index: self.index,
            slice_root: root,
            proof: self.proof,
            merkle: self.merkle.clone(),
        })
    }

    /// Bytes in this slice's encoding.
    pub fn encoded_len(&self) -> usize {
        8 + SCALAR_BYTES * self.elements.len() + G1_BYTES + self.merkle.encoded_len()
    }

    /// The canonical encoding (see the type's docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&u32_be(self.index));
        out.extend_from_slice(&u32_be(self.elements.len()));
        out.extend_from_slice(&slice_to_bytes(&self.elements));
        out.extend_from_slice(&g1_to_bytes(&self.proof));
        out.extend_from_slice(&self.merkle.to_bytes());
        out
    }

    /// Parses the canonical encoding: the element count is checked against
    /// the length before anything is allocated, every element must be a
    /// canonical scalar and the proof a valid G1 point.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let index = r.u32()?;
        let count = r.u32()?;
        let element_bytes = count
            .checked_mul(SCALAR_BYTES)
            .filter(|n| *n <= r.remaining())
            .ok_or(Error::LengthMismatch {
                what: "blob slice bytes (at least the elements it declares)",
                expected: count.saturating_mul(SCALAR_BYTES).saturating_add(8),
                actual: bytes.len(),
            })?;
        let elements = r
            .take(element_bytes)?
            .chunks_exact(SCALAR_BYTES)
            .enumerate()
            .map(|(element, chunk)| {
                let mut b = [0u8; SCALAR_BYTES];
                b.copy_from_slice(chunk);
                scalar_from_bytes(&b).map_err(|_| Error::InvalidSliceElement { index, element })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let proof = g1_from_slice(r.take(G1_BYTES)?)?;
        let merkle = MerkleProof::from_bytes(r.rest())?;
        Ok(Self {
            index,
            elements,
            proof,
            merkle,
        })
    }
}

/// A slice without its elements, for headers and gossip: the index, the
/// root of the slice's bytes, the KZG proof and the Merkle proof. It shows
/// that a slice with that root sits at that index under the data root
/// ([`LightSlice::verify_in_data_root`]); checking the KZG proof needs the
/// elements.
///
/// # Byte encoding (`4 + 32 + 48 + merkle` bytes)
///
/// | bytes | content |
/// | --- | --- |
/// | 4 | slice index, big-endian `u32` |
/// | 32 | the slice root: the root of the slice's sectors in the data tree |
/// | 48 | KZG proof, compressed G1 (checked) |
/// | rest | the Merkle proof, in [`MerkleProof::to_bytes`]'s encoding |
///
/// For 0G's production geometry a light slice is 503 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LightSlice {
    index: usize,
    slice_root: Digest,
    proof: G1Affine,
    merkle: MerkleProof,
}

impl LightSlice {
    /// The slice's index.
    pub const fn index(&self) -> usize {
        self.index
    }

    /// The root of the slice's bytes.
    pub const fn slice_root(&self) -> Digest {
        self.slice_root
    }

    /// The KZG cell proof.
    pub const fn proof(&self) -> &G1Affine {
        &self.proof
    }

    /// The Merkle proof from the slice root to the data root.
    pub const fn merkle_proof(&self) -> &MerkleProof {
        &self.merkle
    }

    /// Checks that the slice root sits at the slice's index under
    /// `header`'s data root.
    pub fn verify_in_data_root(&self, header: &BlobHeader) -> Result<(), Error> {
        let index = self.index;
        self.check_path(header)
            .map_err(|source| Error::SliceNotInDataRoot { index, source })
    }

    fn check_path(&self, header: &BlobHeader) -> Result<(), zg_types::Error> {
        let geometry = header.geometry();
        // Checks the index against the geometry.
        SectorSpan::slice(&geometry, self.index)?;
        let wrong_count = |what, expected: usize, actual: usize| zg_types::Error::WrongCount {
            what,
            expected,
            actual,
        };
        let families = self.merkle.family_roots();
        if families.len() != geometry.families() {
            return Err(wrong_count(
                "family roots",
                geometry.families(),
                families.len(),
            ));
        }
        let depth = geometry.rows().trailing_zeros() as usize;
        if self.merkle.path().len() != depth {
            return Err(wrong_count(
                "path siblings",
                depth,
                self.merkle.path().len(),
            ));
        }
        let mut node = self.slice_root;
        let mut position = geometry.row_of(self.index);
        for sibling in self.merkle.path() {
            node = if position.is_multiple_of(2) {
                hash_pair(&node, sibling)
            } else {
                hash_pair(sibling, &node)
            };
            position /= 2;
        }
        let family = geometry.family_of(self.index);
        if families.get(family) != Some(&node) {
            return Err(zg_types::Error::FamilyRootMismatch { family });
        }
        if self.merkle.implied_root() != Some(header.data_root()) {
            return Err(zg_types::Error::BlobRootMismatch);
        }
        Ok(())
    }

    /// Bytes in this light slice's encoding.
    pub fn encoded_len(&self) -> usize {
        4 + DIGEST_BYTES + G1_BYTES + self.merkle.encoded_len()
    }

    /// The canonical encoding (see the type's docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&u32_be(self.index));
        out.extend_from_slice(self.slice_root.as_bytes());
        out.extend_from_slice(&g1_to_bytes(&self.proof));
        out.extend_from_slice(&self.merkle.to_bytes());
        out
    }

    /// Parses the canonical encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader::new(bytes);
        let index = r.u32()?;
        let slice_root = r.digest()?;
        let proof = g1_from_slice(r.take(G1_BYTES)?)?;
        let merkle = MerkleProof::from_bytes(r.rest())?;
        Ok(Self {
            index,
            slice_root,
            proof,
            merkle,
        })
    }
}

/// `v` as a big-endian `u32`; values of this crate's geometries and
/// indices always fit (a geometry's domain is at most `2^32`), anything
/// larger saturates and fails to parse back.
fn u32_be(v: usize) -> [u8; 4] {
    u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes()
}

struct Writer<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut [u8]) -> Self {
        Self { out, at: 0 }
    }

    fn put(&mut self, bytes: &[u8]) {
        if let Some(dst) = self.out.get_mut(self.at..self.at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
        self.at += bytes.len();
    }
}

/// A cursor over untrusted bytes whose reads fail instead of panicking.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.at)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let out = self
            .at
            .checked_add(n)
            .and_then(|end| self.bytes.get(self.at..end))
            .ok_or(Error::LengthMismatch {
                what: "blob encoding (truncated)",
                expected: self.at.saturating_add(n),
                actual: self.bytes.len(),
            })?;
        self.at += n;
        Ok(out)
    }

    fn rest(&mut self) -> &'a [u8] {
        let out = self.bytes.get(self.at..).unwrap_or_default();
        self.at = self.bytes.len();
        out
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?.first().copied().unwrap_or_default())
    }

    fn u32(&mut self) -> Result<usize, Error> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        usize::try_from(u32::from_be_bytes(b)).map_err(|_| Error::InvalidParameter {
            what: "u32 field (does not fit usize)",
            value: usize::MAX,
            min: 0,
            max: usize::MAX,
        })
    }

    fn digest(&mut self) -> Result<Digest, Error> {
        let mut b = [0u8; DIGEST_BYTES];
        b.copy_from_slice(self.take(DIGEST_BYTES)?);
        Ok(Digest::from_bytes(b))
    }
}
