//! Ethereum's EIP-4844 KZG functions (`specs/deneb/polynomial-commitments.md`)
//! on the spec's byte encodings.
//!
//! Every function takes untrusted bytes. An input that the spec rejects
//! (`assert` fails: a wrong length, a non-canonical field element, a point
//! that is not a valid compressed G1 point in the subgroup) is an
//! [`Error`]; a well-formed proof that does not verify is `Ok(false)`.

use crate::commit::{Commitment, Kzg, Opening, Proof};
use crate::{Error, transcript};
use alloc::vec::Vec;
use zg_types::Scalar;
use zg_types::encoding::{self, G1_BYTES, SCALAR_BYTES};

/// Field elements in a blob (`FIELD_ELEMENTS_PER_BLOB`).
pub const FIELD_ELEMENTS_PER_BLOB: usize = 4096;
/// Bytes in a field element (`BYTES_PER_FIELD_ELEMENT`).
pub const BYTES_PER_FIELD_ELEMENT: usize = SCALAR_BYTES;
/// Bytes in a blob (`BYTES_PER_BLOB`).
pub const BYTES_PER_BLOB: usize = FIELD_ELEMENTS_PER_BLOB * BYTES_PER_FIELD_ELEMENT;
/// Bytes in a commitment (`BYTES_PER_COMMITMENT`).
pub const BYTES_PER_COMMITMENT: usize = G1_BYTES;
/// Bytes in a proof (`BYTES_PER_PROOF`).
pub const BYTES_PER_PROOF: usize = G1_BYTES;

/// The EIP-4844 functions over a 4096-point setup (the mainnet one by
/// default).
#[derive(Clone, Debug)]
pub struct Eip4844 {
    kzg: Kzg,
}

impl Eip4844 {
    /// Over Ethereum's embedded mainnet setup, with the default prover
    /// precomputation.
    #[cfg(feature = "ethereum-setup")]
    pub fn mainnet() -> Result<Self, Error> {
        Self::new(Kzg::new(crate::Setup::ethereum_mainnet()?)?)
    }

    /// Over Ethereum's embedded mainnet setup without prover precomputation:
    /// cheap to build, for verifiers (commitments and proofs then use a
    /// plain variable-base MSM).
    #[cfg(feature = "ethereum-setup")]
    pub fn mainnet_verifier() -> Result<Self, Error> {
        Self::new(Kzg::without_precomputation(
            crate::Setup::ethereum_mainnet()?,
        )?)
    }

    /// Over any [`Kzg`] context whose setup has 4096 G1 powers.
    pub fn new(kzg: Kzg) -> Result<Self, Error> {
        if kzg.len() != FIELD_ELEMENTS_PER_BLOB {
            return Err(Error::LengthMismatch {
                what: "G1 powers of an EIP-4844 setup",
                expected: FIELD_ELEMENTS_PER_BLOB,
                actual: kzg.len(),
            });
        }
        Ok(Self { kzg })
    }

    /// The commitment engine underneath.
    pub fn kzg(&self) -> &Kzg {
        &self.kzg
    }

    /// `blob_to_polynomial`: the blob's 4096 field elements, each checked
    /// to be canonical.
    pub fn blob_to_polynomial(blob: &[u8]) -> Result<Vec<Scalar>, Error> {
        if blob.len() != BYTES_PER_BLOB {
            return Err(Error::LengthMismatch {
                what: "blob bytes",
                expected: BYTES_PER_BLOB,
                actual: blob.len(),
            });
        }
        blob.chunks_exact(BYTES_PER_FIELD_ELEMENT)
            .enumerate()
            .map(|(index, chunk)| {
                encoding::scalar_from_slice(chunk).map_err(|_| Error::InvalidBlobElement { index })
            })
            .collect()
    }

    /// `compute_challenge`: the Fiat-Shamir evaluation point of a blob and
    /// its commitment, as 32 bytes. Only lengths are checked: the
    /// challenge hashes the bytes as given.
    pub fn compute_challenge(blob: &[u8], commitment: &[u8]) -> Result<[u8; 32], Error> {
        check_blob_len(blob)?;
        let commitment: [u8; BYTES_PER_COMMITMENT] = encoding::fixed("commitment", commitment)?;
        Ok(encoding::scalar_to_bytes(&transcript::blob_challenge(
            FIELD_ELEMENTS_PER_BLOB,
            blob,
            &commitment,
        )))
    }

    /// `blob_to_kzg_commitment`.
    pub fn blob_to_kzg_commitment(&self, blob: &[u8]) -> Result<[u8; BYTES_PER_COMMITMENT], Error> {
        let polynomial = Self::blob_to_polynomial(blob)?;
        Ok(self.kzg.commit(&polynomial)?.to_bytes())
    }

    /// `compute_kzg_proof`: the proof of the blob's polynomial at `z` and
    /// the value `y = p(z)`.
    pub fn compute_kzg_proof(
        &self,
        blob: &[u8],
        z: &[u8],
    ) -> Result<([u8; BYTES_PER_PROOF], [u8; 32]), Error> {
        let polynomial = Self::blob_to_polynomial(blob)?;
        let z = encoding::scalar_from_slice(z)?;
        let (proof, y) = self.kzg.open(&polynomial, z)?;
        Ok((proof.to_bytes(), encoding::scalar_to_bytes(&y)))
    }

    /// `verify_kzg_proof`: whether `proof` shows that the committed
    /// polynomial takes the value `y` at `z`.
    pub fn verify_kzg_proof(
        &self,
        commitment: &[u8],
        z: &[u8],
        y: &[u8],
        proof: &[u8],
    ) -> Result<bool, Error> {
        let commitment = Commitment::from_slice(commitment)?;
        let z = encoding::scalar_from_slice(z)?;
        let y = encoding::scalar_from_slice(y)?;
        let proof = Proof::from_slice(proof)?;
        Ok(self.kzg.verify(&commitment, z, y, &proof))
    }

    /// `compute_blob_kzg_proof`: the proof at the blob's Fiat-Shamir point.
    /// Does not check that `commitment` commits to the blob.
    pub fn compute_blob_kzg_proof(
        &self,
        blob: &[u8],
        commitment: &[u8],
    ) -> Result<[u8; BYTES_PER_PROOF], Error> {
        let commitment = Commitment::from_slice(commitment)?;
        let polynomial = Self::blob_to_polynomial(blob)?;
        let z = transcript::blob_challenge(FIELD_ELEMENTS_PER_BLOB, blob, &commitment.to_bytes());
        let (proof, _) = self.kzg.open(&polynomial, z)?;
        Ok(proof.to_bytes())
    }

    /// The opening a blob proof claims: the blob's challenge `z`, `y = p(z)`.
    fn blob_opening(&self, blob: &[u8], commitment: &[u8], proof: &[u8]) -> Result<Opening, Error> {
        let commitment = Commitment::from_slice(commitment)?;
        let polynomial = Self::blob_to_polynomial(blob)?;
        let z = transcript::blob_challenge(FIELD_ELEMENTS_PER_BLOB, blob, &commitment.to_bytes());
        let y = self.kzg.evaluate(&polynomial, z)?;
        let proof = Proof::from_slice(proof)?;
        Ok(Opening {
            commitment,
            z,
            y,
            proof,
        })
    }

    /// `verify_blob_kzg_proof`: whether `proof` shows that `commitment`
    /// commits to `blob`.
    pub fn verify_blob_kzg_proof(
        &self,
        blob: &[u8],
        commitment: &[u8],
        proof: &[u8],
    ) -> Result<bool, Error> {
        let o = self.blob_opening(blob, commitment, proof)?;
        Ok(self.kzg.verify(&o.commitment, o.z, o.y, &o.proof))
    }

    /// `verify_blob_kzg_proof_batch`: [`Self::verify_blob_kzg_proof`] for
    /// many blobs with one pairing check (true for an empty batch). The
    /// three lists must have the same length.
    pub fn verify_blob_kzg_proof_batch<B, C, P>(
        &self,
        blobs: &[B],
        commitments: &[C],
        proofs: &[P],
    ) -> Result<bool, Error>
    where
        B: AsRef<[u8]> + Sync,
        C: AsRef<[u8]> + Sync,
        P: AsRef<[u8]> + Sync,
    {
        if commitments.len() != blobs.len() || proofs.len() != blobs.len() {
            return Err(Error::LengthMismatch {
                what: "commitments and proofs (one per blob)",
                expected: blobs.len(),
                actual: if commitments.len() == blobs.len() {
                    proofs.len()
                } else {
                    commitments.len()
                },
            });
        }
        let opening = |i: usize| {
            self.blob_opening(
                blobs[i].as_ref(),
                commitments[i].as_ref(),
                proofs[i].as_ref(),
            )
        };
        #[cfg(feature = "parallel")]
        let openings: Vec<Opening> = {
            use rayon::prelude::*;
            (0..blobs.len())
                .into_par_iter()
                .map(opening)
                .collect::<Result<_, _>>()?
        };
        #[cfg(not(feature = "parallel"))]
        let openings: Vec<Opening> = (0..blobs.len()).map(opening).collect::<Result<_, _>>()?;
        Ok(self.kzg.verify_batch(&openings))
    }
}

fn check_blob_len(blob: &[u8]) -> Result<(), Error> {
    if blob.len() == BYTES_PER_BLOB {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            what: "blob bytes",
            expected: BYTES_PER_BLOB,
            actual: blob.len(),
        })
    }
}
