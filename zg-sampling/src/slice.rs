//! Slice samples: a whole slice (cell) with its KZG cell proof, checked
//! against the blob's erasure commitment alone.

use crate::Error;
use crate::podas::Reader;
use alloc::vec::Vec;
use zg_kzg::{CellVerifier, Commitment, Proof};
use zg_types::encoding::{G1_BYTES, SCALAR_BYTES, scalar_from_bytes, scalar_to_bytes};
use zg_types::{Geometry, Scalar};

/// The answer to one slice sample: the slice's `cols` field elements and
/// the KZG proof that they are the committed polynomial's evaluations on
/// the slice's coset.
///
/// Unlike a [`SectorSample`](crate::SectorSample) it needs no data root: a
/// light client that knows the 48-byte erasure commitment checks it with one
/// pairing equation ([`CellVerifier::verify_cell`]).
///
/// # Byte encoding
///
/// | bytes | content |
/// | --- | --- |
/// | 4 | slice, big-endian |
/// | 4 | element count `c`, big-endian |
/// | `32 c` | the elements, each a canonical 32-byte big-endian scalar |
/// | 48 | the proof, a compressed G1 point |
///
/// Parsing checks the length against the count before allocating, that
/// every element is below the field modulus, and that the proof is a
/// canonical point of the prime-order subgroup.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SliceSample {
    slice: u32,
    elements: Vec<Scalar>,
    proof: Proof,
}

const SLICE_HEADER_BYTES: usize = 8;

impl SliceSample {
    /// A sample from its parts. The index must fit in `u32`.
    pub fn new(slice: usize, elements: Vec<Scalar>, proof: Proof) -> Result<Self, Error> {
        let slice = u32::try_from(slice).map_err(|_| Error::IndexOutOfRange {
            what: "slice",
            index: slice as u64,
            bound: 1 << 32,
        })?;
        if u32::try_from(elements.len()).is_err() {
            return Err(Error::WrongLength {
                what: "slice sample elements (count must fit in u32)",
                expected: u32::MAX as usize,
                actual: elements.len(),
            });
        }
        Ok(Self {
            slice,
            elements,
            proof,
        })
    }

    /// The slice the sample claims to answer.
    pub const fn slice(&self) -> usize {
        self.slice as usize
    }
    /// The slice's elements.
    pub fn elements(&self) -> &[Scalar] {
        &self.elements
    }
    /// The KZG cell proof.
    pub const fn proof(&self) -> &Proof {
        &self.proof
    }
    /// The slice's bytes as the data root hashes them (each element's
    /// 32-byte big-endian encoding).
    pub fn element_bytes(&self) -> Vec<u8> {
        self.elements.iter().flat_map(scalar_to_bytes).collect()
    }

    /// Checks that the sample answers slice `requested` and that its
    /// elements open `commitment` on that slice's coset.
    ///
    /// Failures: [`Error::WrongPosition`] for another slice than asked;
    /// [`Error::Kzg`] for a slice index outside the verifier's geometry or a
    /// wrong element count; [`Error::CellProofInvalid`] when the pairing
    /// check fails (wrong elements, proof, index or commitment).
    pub fn verify(
        &self,
        verifier: &CellVerifier,
        commitment: &Commitment,
        requested: usize,
    ) -> Result<(), Error> {
        let slice = self.slice();
        if slice != requested {
            return Err(Error::WrongPosition {
                what: "slice",
                expected: requested as u64,
                actual: slice as u64,
            });
        }
        let ok = verifier.verify_cell(
            &commitment.point(),
            slice,
            &self.elements,
            &self.proof.point(),
        )?;
        if ok {
            Ok(())
        } else {
            Err(Error::CellProofInvalid { slice })
        }
    }

    /// Checks many slice samples of one blob with one batch check
    /// ([`CellVerifier::verify_batch`]: one 2-pairing equation for all).
    /// `requested[i]` is the slice asked for by sample `i`. On failure the
    /// samples are checked one by one so the error names the first bad one.
    pub fn verify_batch(
        samples: &[Self],
        verifier: &CellVerifier,
        commitment: &Commitment,
        requested: &[usize],
    ) -> Result<(), Error> {
        if samples.len() != requested.len() {
            return Err(Error::WrongLength {
                what: "requested slices (one per sample)",
                expected: samples.len(),
                actual: requested.len(),
            });
        }
        for (sample, &asked) in samples.iter().zip(requested) {
            if sample.slice() != asked {
                return Err(Error::WrongPosition {
                    what: "slice",
                    expected: asked as u64,
                    actual: sample.slice() as u64,
                });
            }
        }
        let indices: Vec<usize> = samples.iter().map(Self::slice).collect();
        let cells: Vec<&[Scalar]> = samples.iter().map(|s| s.elements.as_slice()).collect();
        let proofs: Vec<_> = samples.iter().map(|s| s.proof.point()).collect();
        let commitment_indices = alloc::vec![0; samples.len()];
        let ok = verifier.verify_batch(
            &[commitment.point()],
            &commitment_indices,
            &indices,
            &cells,
            &proofs,
        )?;
        if ok {
            return Ok(());
        }
        for (sample, &asked) in samples.iter().zip(requested) {
            sample.verify(verifier, commitment, asked)?;
        }
        // The batch failed yet every sample passes alone: only possible for
        // a negligible-probability challenge collision; report it as such.
        Err(Error::CellProofInvalid {
            slice: indices.first().copied().unwrap_or_default(),
        })
    }

    /// Bytes in the encoding.
    pub fn encoded_len(&self) -> usize {
        SLICE_HEADER_BYTES + SCALAR_BYTES * self.elements.len() + G1_BYTES
    }

    /// The canonical encoding (see the type's docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        out.extend_from_slice(&self.slice.to_be_bytes());
        // `new` and `from_bytes` keep the count within u32.
        let count = u32::try_from(self.elements.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&count.to_be_bytes());
        for e in &self.elements {
            out.extend_from_slice(&scalar_to_bytes(e));
        }
        out.extend_from_slice(&self.proof.to_bytes());
        out
    }

    /// Parses the canonical encoding (see the type's docs).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut reader = Reader(bytes);
        let slice = u32::from_be_bytes(reader.array()?);
        let count = u32::from_be_bytes(reader.array()?) as usize;
        let expected = count
            .checked_mul(SCALAR_BYTES)
            .and_then(|n| n.checked_add(SLICE_HEADER_BYTES + G1_BYTES));
        if expected != Some(bytes.len()) {
            return Err(Error::WrongLength {
                what: "slice sample",
                expected: expected.unwrap_or(usize::MAX),
                actual: bytes.len(),
            });
        }
        let mut elements = Vec::with_capacity(count);
        for _ in 0..count {
            elements.push(scalar_from_bytes(&reader.array::<SCALAR_BYTES>()?)?);
        }
        let proof = Proof::from_bytes(&reader.array::<G1_BYTES>()?)?;
        Ok(Self {
            slice,
            elements,
            proof,
        })
    }
}

/// Parses a slice's bytes (as the data root hashes them) into its elements.
pub(crate) fn elements_from_bytes(geometry: &Geometry, bytes: &[u8]) -> Result<Vec<Scalar>, Error> {
    if bytes.len() != geometry.slice_bytes() {
        return Err(Error::WrongLength {
            what: "slice",
            expected: geometry.slice_bytes(),
            actual: bytes.len(),
        });
    }
    bytes
        .chunks_exact(SCALAR_BYTES)
        .map(|chunk| Ok(zg_types::encoding::scalar_from_slice(chunk)?))
        .collect()
}
