//! Fiat-Shamir challenges, derived exactly as the consensus specifications
//! derive them (SHA-256, big-endian, reduced modulo `r`), so that results
//! are deterministic and match every other implementation.

use ark_ff::PrimeField;
use sha2::{Digest, Sha256};
use zg_types::Scalar;

/// Domain separator of the blob challenge (`FIAT_SHAMIR_PROTOCOL_DOMAIN`).
pub(crate) const FIAT_SHAMIR_PROTOCOL_DOMAIN: &[u8; 16] = b"FSBLOBVERIFY_V1_";
/// Domain separator of the batch-verification randomness
/// (`RANDOM_CHALLENGE_KZG_BATCH_DOMAIN`).
pub(crate) const RANDOM_CHALLENGE_KZG_BATCH_DOMAIN: &[u8; 16] = b"RCKZGBATCH___V1_";

/// `hash_to_bls_field`: SHA-256, read as a big-endian integer, mod `r`.
pub(crate) fn hash_to_scalar(hasher: Sha256) -> Scalar {
    Scalar::from_be_bytes_mod_order(&hasher.finalize())
}

/// The spec's `compute_challenge`: the evaluation point of a blob,
/// `H(domain || n as 16 bytes || blob || commitment)`.
pub(crate) fn blob_challenge(elements: usize, blob: &[u8], commitment: &[u8; 48]) -> Scalar {
    let mut hasher = Sha256::new();
    hasher.update(FIAT_SHAMIR_PROTOCOL_DOMAIN);
    hasher.update((elements as u128).to_be_bytes());
    hasher.update(blob);
    hasher.update(commitment);
    hash_to_scalar(hasher)
}

/// The randomness of the spec's `verify_kzg_proof_batch`:
/// `H(domain || n as 8 bytes || count as 8 bytes || (C_i || z_i || y_i || pi_i)*)`.
pub(crate) fn batch_randomness<'a>(
    elements: usize,
    items: impl ExactSizeIterator<Item = ([u8; 48], [u8; 32], [u8; 32], [u8; 48])> + 'a,
) -> Scalar {
    let mut hasher = Sha256::new();
    hasher.update(RANDOM_CHALLENGE_KZG_BATCH_DOMAIN);
    hasher.update((elements as u64).to_be_bytes());
    hasher.update((items.len() as u64).to_be_bytes());
    for (c, z, y, p) in items {
        hasher.update(c);
        hasher.update(z);
        hasher.update(y);
        hasher.update(p);
    }
    hash_to_scalar(hasher)
}
