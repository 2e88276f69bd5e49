//! The Fiat-Shamir challenge of batch cell verification, exactly as
//! EIP-7594's `compute_verify_cell_kzg_proof_batch_challenge`, with the
//! geometry's `N` and `cols` in place of Ethereum's constants.

use sha2::{Digest, Sha256};
use zg_types::curve::PrimeField;
use zg_types::encoding::{g1_to_bytes, scalar_to_bytes};
use zg_types::{G1Affine, Geometry, Scalar};

/// Domain separator of the batch challenge.
const DOMAIN: &[u8; 16] = b"RCKZGCBATCH__V1_";

/// The batch challenge over byte encodings: `commitments` are the distinct
/// commitments (48 bytes each), and cell `k` is `cells[k]` (its `32 *
/// cols` bytes) at `cell_indices[k]` for commitment
/// `commitment_indices[k]` with proof `proofs[k]`. The slices must have
/// equal lengths (checked by the callers).
pub fn batch_challenge<C: AsRef<[u8]>>(
    geometry: Geometry,
    commitments: &[[u8; 48]],
    commitment_indices: &[u64],
    cell_indices: &[u64],
    cells: &[C],
    proofs: &[[u8; 48]],
) -> Scalar {
    let mut h = header(geometry, commitments.len(), cell_indices.len());
    for c in commitments {
        h.update(c);
    }
    for (((j, s), cell), proof) in commitment_indices
        .iter()
        .zip(cell_indices)
        .zip(cells)
        .zip(proofs)
    {
        h.update(j.to_be_bytes());
        h.update(s.to_be_bytes());
        h.update(cell.as_ref());
        h.update(proof);
    }
    finish(h)
}

/// [`batch_challenge`] over checked values, encoded canonically.
pub(crate) fn typed<C: AsRef<[Scalar]>>(
    geometry: Geometry,
    commitments: &[G1Affine],
    commitment_indices: &[usize],
    cell_indices: &[usize],
    cells: &[C],
    proofs: &[G1Affine],
) -> Scalar {
    let mut h = header(geometry, commitments.len(), cell_indices.len());
    for c in commitments {
        h.update(g1_to_bytes(c));
    }
    for (((j, s), cell), proof) in commitment_indices
        .iter()
        .zip(cell_indices)
        .zip(cells)
        .zip(proofs)
    {
        h.update((*j as u64).to_be_bytes());
        h.update((*s as u64).to_be_bytes());
        for v in cell.as_ref() {
            h.update(scalar_to_bytes(v));
        }
        h.update(g1_to_bytes(proof));
    }
    finish(h)
}

fn header(geometry: Geometry, commitments: usize, cells: usize) -> Sha256 {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update((geometry.elements() as u64).to_be_bytes());
    h.update((geometry.cols() as u64).to_be_bytes());
    h.update((commitments as u64).to_be_bytes());
    h.update((cells as u64).to_be_bytes());
    h
}

/// `hash_to_bls_field`: the digest as a big-endian integer, reduced.
fn finish(h: Sha256) -> Scalar {
    Scalar::from_be_bytes_mod_order(&h.finalize())
}
