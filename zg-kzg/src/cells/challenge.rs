//! The Fiat-Shamir challenge of batch cell verification, exactly as
//! EIP-7594's `compute_verify_cell_kzg_proof_batch_challenge`, with the
//! geometry's `N` and `cols` in place of Ethereum's constants.

use alloc::vec::Vec;
use sha2::{Digest, Sha256};
use zg_types::curve::PrimeField;
use zg_types::encoding::{g1_to_bytes, scalar_to_bytes};
use zg_types::{G1Affine, Geometry, Scalar};

/// Domain separator of the batch challenge.
const DOMAIN: &[u8; 16] = b"RCKZGCBATCH__V1_";

/// Domain separator of the weights drawn from a challenge (32 bytes, so
/// that with the challenge it fills one SHA-256 block).
const WEIGHTS_DOMAIN: &[u8; 32] = b"ZG_CELL_BATCH_WEIGHTS_V1________";

/// The `n` weights of a batch's random linear combination, drawn from its
/// challenge `r`: weight `k` is the first 16 bytes of `SHA-256(domain || r
/// || k)`, a big-endian `u128`.
///
/// Why not `r^k` as the spec writes it: any weights that whoever made the
/// cells cannot predict give a sound batch check, and 128-bit ones let
/// the MSM over the proofs skip half its points. With independent weights
/// below `2^128`, an invalid cell passes with probability at most
/// `2^-128` for each challenge tried (for the other weights fixed, at most
/// one value of its weight cancels it, since `r > 2^128`): weaker than the
/// spec's `n / r`, but beyond BLS12-381's own security of about `2^120`.
/// Valid cells pass with any weights, so the result is the spec's wherever
/// neither check is fooled.
pub(crate) fn weights(r: Scalar, n: usize) -> Vec<u128> {
    let mut keyed = Sha256::new();
    keyed.update(WEIGHTS_DOMAIN);
    keyed.update(scalar_to_bytes(&r));
    (0..n as u64)
        .map(|k| {
            let digest = keyed.clone().chain_update(k.to_be_bytes()).finalize();
            let mut first = [0u8; 16];
            first.copy_from_slice(&digest[..16]);
            u128::from_be_bytes(first)
        })
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::{batch_challenge, typed, weights};
    use zg_types::curve::{PrimeGroup, UniformRand};
    use zg_types::encoding::{g1_to_bytes, scalar_to_bytes};
    use zg_types::{G1Affine, G1Projective, Geometry, Scalar};

    /// The verifier's challenge over parsed values is the spec's over their
    /// bytes, and it changes when a cell or a cell index does.
    #[test]
    fn typed_challenge_is_the_byte_challenge() {
        let mut rng = ark_std::test_rng();
        let geometry = Geometry::ETHEREUM;
        let point = |rng: &mut _| G1Affine::from(G1Projective::generator() * Scalar::rand(rng));
        let commitments: Vec<G1Affine> = (0..2).map(|_| point(&mut rng)).collect();
        let commitment_indices = [1usize, 0, 1];
        let cell_indices = [7usize, 0, 127];
        let cells: Vec<Vec<Scalar>> = (0..3)
            .map(|_| {
                (0..geometry.cols())
                    .map(|_| Scalar::rand(&mut rng))
                    .collect()
            })
            .collect();
        let proofs: Vec<G1Affine> = (0..3).map(|_| point(&mut rng)).collect();

        let challenge = |cells: &[Vec<Scalar>], cell_indices: &[usize]| {
            let r = typed(
                geometry,
                &commitments,
                &commitment_indices,
                cell_indices,
                cells,
                &proofs,
            );
            let bytes: Vec<Vec<u8>> = cells
                .iter()
                .map(|c| c.iter().flat_map(scalar_to_bytes).collect())
                .collect();
            let from_bytes = batch_challenge(
                geometry,
                &commitments.iter().map(g1_to_bytes).collect::<Vec<_>>(),
                &commitment_indices.map(|j| j as u64),
                &cell_indices.iter().map(|&s| s as u64).collect::<Vec<_>>(),
                &bytes,
                &proofs.iter().map(g1_to_bytes).collect::<Vec<_>>(),
            );
            assert_eq!(r, from_bytes);
            r
        };
        let r = challenge(&cells, &cell_indices);
        let mut changed = cells.clone();
        changed[2][63] += Scalar::from(1u64);
        assert_ne!(challenge(&changed, &cell_indices), r);
        assert_ne!(challenge(&cells, &[7, 1, 127]), r);
    }

    #[test]
    fn weights_are_distinct_and_follow_the_challenge() {
        let r = Scalar::from(12_345u64);
        let w = weights(r, 64);
        assert_eq!(w.len(), 64);
        // A prefix of a longer batch's weights: weight k depends on k only.
        assert_eq!(weights(r, 10)[..], w[..10]);
        let mut sorted = w.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 64, "weights repeat");
        // They use all 128 bits, not a short range.
        assert!(w.iter().any(|&x| x >> 120 != 0));
        let other = weights(r + Scalar::from(1u64), 64);
        assert!(w.iter().zip(&other).all(|(a, b)| a != b));
        assert!(weights(r, 0).is_empty());
    }
}
