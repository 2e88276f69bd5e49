//! The blob encoder: payload -> commitment, data root and slices.

use super::decoder::BlobDecoder;
use super::types::{BlobHeader, BlobSlice, LightSlice};
use super::verifier::BlobVerifier;
use crate::{CellProver, Error};
use alloc::vec::Vec;
use zg_erasure::{pack_zg, slice_to_bytes, zg_capacity};
use zg_types::merkle::{DataTree, Digest, slice_root};
use zg_types::{Geometry, Scalar};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// The stages of [`BlobEncoder::encode_with_progress`], in the order they
/// run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeStage {
    /// The payload becomes `rows * cols` field elements (0G's packing).
    Packing,
    /// One inverse FFT to coefficients and one coset FFT per family after
    /// the first to slices (family 0 is the packed data itself).
    Extension,
    /// The erasure commitment and all slice proofs, with FK20: `2 rows`
    /// MSMs of `cols` terms and a few G1 FFTs. The commitment is one more
    /// entry of FK20's convolution, so it has no stage (and no MSM) of its
    /// own.
    Proofs,
    /// Slice roots, the data tree and one Merkle proof per slice.
    Merkle,
}

impl EncodeStage {
    /// All stages, in order.
    pub const ALL: [Self; 4] = [Self::Packing, Self::Extension, Self::Proofs, Self::Merkle];

    /// A short lower-case name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Packing => "packing",
            Self::Extension => "extension",
            Self::Proofs => "commitment+proofs",
            Self::Merkle => "merkle",
        }
    }
}

/// Encodes payloads into blobs of one geometry: packs the payload in 0G's
/// form, extends it into `rows * families` slices, commits to it once,
/// proves every slice with FK20 and builds the keccak data root with a
/// Merkle proof per slice.
///
/// Build it once per setup and geometry: the [`CellProver`] inside holds
/// FK20's precomputation (see the [`cells` docs](crate::CellProver)).
#[derive(Clone, Debug)]
pub struct BlobEncoder {
    prover: CellProver,
}

/// An encoded blob: its header (geometry, commitment, data root) and all
/// its slices in index order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedBlob {
    header: BlobHeader,
    slices: Vec<BlobSlice>,
}

impl EncodedBlob {
    /// The header: what every slice is verified against.
    pub const fn header(&self) -> &BlobHeader {
        &self.header
    }

    /// The erasure commitment.
    pub const fn commitment(&self) -> &zg_types::G1Affine {
        self.header.commitment()
    }

    /// The data root.
    pub const fn data_root(&self) -> Digest {
        self.header.data_root()
    }

    /// All slices, slice `i` at position `i`.
    pub fn slices(&self) -> &[BlobSlice] {
        &self.slices
    }

    /// Slice `index`, if in range.
    pub fn slice(&self, index: usize) -> Option<&BlobSlice> {
        self.slices.get(index)
    }

    /// Consumes the blob into its header and slices.
    pub fn into_parts(self) -> (BlobHeader, Vec<BlobSlice>) {
        (self.header, self.slices)
    }

    /// The light form of every slice.
    pub fn light_slices(&self) -> Result<Vec<LightSlice>, Error> {
        let geometry = self.header.geometry();
        self.slices.iter().map(|s| s.to_light(&geometry)).collect()
    }
}

impl BlobEncoder {
    /// An encoder around a prover (which fixes the geometry and the setup).
    pub const fn new(prover: CellProver) -> Self {
        Self { prover }
    }

    /// The prover inside.
    pub const fn prover(&self) -> &CellProver {
        &self.prover
    }

    /// The geometry of the blobs this encoder makes.
    pub fn geometry(&self) -> Geometry {
        self.prover.geometry()
    }

    /// The largest payload, in bytes (`31 * rows * cols - 4`; 32,505,852
    /// for [`Geometry::ZG_PRODUCTION`]).
    pub fn capacity(&self) -> usize {
        zg_capacity(&self.geometry())
    }

    /// The verifier of the same setup and geometry (small: `cols` G1
    /// points and two G2 points).
    pub fn verifier(&self) -> BlobVerifier {
        BlobVerifier::new(self.prover.verifier().clone())
    }

    /// A decoder for the same geometry.
    pub fn decoder(&self) -> BlobDecoder {
        BlobDecoder::with_engine(self.prover.erasure().clone())
    }

    /// Encodes `payload` (at most [`capacity`](Self::capacity) bytes).
    pub fn encode(&self, payload: &[u8]) -> Result<EncodedBlob, Error> {
        self.encode_with_progress(payload, |_| {})
    }

    /// [`encode`](Self::encode), calling `on_stage` as each stage starts
    /// (so a caller can time the stages and show progress; the last stage
    /// ends when this returns). With `parallel`, every stage runs on the
    /// caller's rayon pool.
    pub fn encode_with_progress(
        &self,
        payload: &[u8],
        mut on_stage: impl FnMut(EncodeStage),
    ) -> Result<EncodedBlob, Error> {
        let geometry = self.geometry();
        on_stage(EncodeStage::Packing);
        let data = pack_zg(payload, &geometry)?;

        on_stage(EncodeStage::Extension);
        let (cells, coefficients) = self.prover.erasure().extend_with_coefficients(&data)?;
        drop(data);

        on_stage(EncodeStage::Proofs);
        let (proofs, commitment) = self.prover.proofs_and_commitment(&coefficients)?;
        drop(coefficients);

        on_stage(EncodeStage::Merkle);
        let count = geometry.slices();
        let root_of = |s: usize| -> Result<Digest, Error> {
            let elements = cells.slice(s).unwrap_or_default();
            Ok(slice_root(&geometry, &slice_to_bytes(elements))?)
        };
        #[cfg(feature = "parallel")]
        let roots = (0..count)
            .into_par_iter()
            .map(root_of)
            .collect::<Result<Vec<_>, _>>()?;
        #[cfg(not(feature = "parallel"))]
        let roots = (0..count).map(root_of).collect::<Result<Vec<_>, _>>()?;
        let tree = DataTree::from_slice_roots(geometry, &roots)?;
        let slices = (0..count)
            .zip(&proofs)
            .map(|(s, proof)| {
                let elements: Vec<Scalar> = cells.slice(s).unwrap_or_default().to_vec();
                Ok(BlobSlice::new(s, elements, *proof, tree.prove_slice(s)?))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        if slices.len() != count {
            return Err(Error::LengthMismatch {
                what: "slice proofs",
                expected: count,
                actual: slices.len(),
            });
        }
        Ok(EncodedBlob {
            header: BlobHeader::new(geometry, commitment, tree.root()),
            slices,
        })
    }
}
