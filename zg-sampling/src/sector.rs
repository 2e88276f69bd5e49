//! Sector samples: 256 bytes of one slice and their Merkle path to the
//! blob's data root.

use crate::Error;
use crate::podas::Reader;
use crate::select::SectorPosition;
use alloc::vec::Vec;
use zg_types::merkle::SECTOR_BYTES;
use zg_types::{Digest, Geometry, MerkleProof, SectorSpan};

/// The answer to one sector sample: the sector's 256 bytes and the Merkle
/// proof that they sit at the asked position under the data root.
///
/// # Byte encoding
///
/// | bytes | content |
/// | --- | --- |
/// | 4 | slice, big-endian |
/// | 4 | sector inside the slice, big-endian |
/// | 256 | the sector's bytes |
/// | rest | the Merkle proof ([`MerkleProof::to_bytes`]) |
///
/// Parsing requires the proof to fill the rest exactly, so every sample has
/// one encoding.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SectorSample {
    slice: u32,
    sector: u32,
    data: [u8; SECTOR_BYTES],
    proof: MerkleProof,
}

const SECTOR_HEADER_BYTES: usize = 8;

impl SectorSample {
    /// A sample from its parts. Positions must fit in `u32`.
    pub fn new(
        position: SectorPosition,
        data: [u8; SECTOR_BYTES],
        proof: MerkleProof,
    ) -> Result<Self, Error> {
        Ok(Self {
            slice: crate::error::narrow_to_u32("slice", position.slice)?,
            sector: crate::error::narrow_to_u32("sector", position.sector)?,
            data,
            proof,
        })
    }

    /// The position the sample claims to answer.
    pub fn position(&self) -> SectorPosition {
        SectorPosition {
            slice: self.slice as usize,
            sector: self.sector as usize,
        }
    }
    /// The sector's bytes.
    pub const fn data(&self) -> &[u8; SECTOR_BYTES] {
        &self.data
    }
    /// The Merkle proof.
    pub const fn proof(&self) -> &MerkleProof {
        &self.proof
    }

    /// Checks that the sample answers `requested` and that its bytes are
    /// that sector of the blob with data root `root`.
    ///
    /// Failures: [`Error::WrongPosition`] when the sample is for another
    /// slice or sector than asked; [`Error::Types`] with the geometry or
    /// Merkle failure (index out of range, wrong path length, data or path
    /// not hashing to the family root, family roots not folding to `root`).
    pub fn verify(
        &self,
        geometry: &Geometry,
        root: &Digest,
        requested: SectorPosition,
    ) -> Result<(), Error> {
        let position = self.position();
        if position.slice != requested.slice {
            return Err(Error::WrongPosition {
                what: "slice",
                expected: requested.slice as u64,
                actual: position.slice as u64,
            });
        }
        if position.sector != requested.sector {
            return Err(Error::WrongPosition {
                what: "sector",
                expected: requested.sector as u64,
                actual: position.sector as u64,
            });
        }
        let span = SectorSpan::sector(geometry, position.slice, position.sector)?;
        self.proof.verify(root, geometry, &span, &self.data)?;
        Ok(())
    }

    /// Bytes in the encoding.
    pub fn encoded_len(&self) -> usize {
        SECTOR_HEADER_BYTES + SECTOR_BYTES + self.proof.encoded_len()
    }

    /// The canonical encoding (see the type's docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&self.slice.to_be_bytes());
        out.extend_from_slice(&self.sector.to_be_bytes());
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.proof.to_bytes());
        out
    }

    /// Parses the canonical encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let min = SECTOR_HEADER_BYTES + SECTOR_BYTES;
        if bytes.len() < min {
            return Err(Error::WrongLength {
                what: "sector sample (header and sector)",
                expected: min,
                actual: bytes.len(),
            });
        }
        let mut reader = Reader(bytes);
        let slice = u32::from_be_bytes(reader.array()?);
        let sector = u32::from_be_bytes(reader.array()?);
        let data = reader.array::<SECTOR_BYTES>()?;
        Ok(Self {
            slice,
            sector,
            data,
            proof: MerkleProof::from_bytes(reader.0)?,
        })
    }
}
