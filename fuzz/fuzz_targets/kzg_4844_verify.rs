//! The EIP-4844 verification functions on arbitrary bytes: they return an
//! error or a verdict, never panic.
#![no_main]

use std::sync::OnceLock;
use zg_kzg::Eip4844;
use zg_kzg::eip4844::BYTES_PER_BLOB;

fn context() -> &'static Eip4844 {
    static CONTEXT: OnceLock<Eip4844> = OnceLock::new();
    CONTEXT.get_or_init(|| Eip4844::mainnet_verifier().expect("embedded setup loads"))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let kzg = context();
    // Cut the input into commitment, z, y, proof (short pieces at the end
    // exercise the length checks).
    let take = |from: usize, len: usize| {
        &data[from.min(data.len())..from.saturating_add(len).min(data.len())]
    };
    let commitment = take(0, 48);
    let z = take(48, 32);
    let y = take(80, 32);
    let proof = take(112, 48);
    let verdict = kzg.verify_kzg_proof(commitment, z, y, proof);
    if commitment.len() < 48 || z.len() < 32 || y.len() < 32 || proof.len() < 48 {
        assert!(verdict.is_err());
    }
    let rest = take(160, usize::MAX);
    if rest.is_empty() {
        return;
    }
    let blob: Vec<u8> = rest.iter().copied().cycle().take(BYTES_PER_BLOB).collect();
    let single = kzg.verify_blob_kzg_proof(&blob, commitment, proof);
    let batch = kzg.verify_blob_kzg_proof_batch(&[&blob[..]], &[commitment], &[proof]);
    // A batch of one agrees with the single check.
    assert_eq!(single.is_ok(), batch.is_ok());
    if let (Ok(a), Ok(b)) = (single, batch) {
        assert_eq!(a, b);
    }
    // Mismatched list lengths are an error.
    assert!(
        kzg.verify_blob_kzg_proof_batch(&[&blob[..]], &[commitment, commitment], &[proof])
            .is_err()
    );
});
