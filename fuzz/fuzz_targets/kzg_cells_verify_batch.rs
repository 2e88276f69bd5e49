//! EIP-7594 batch cell verification on arbitrary input: an error or a
//! verdict, never a panic; and a batch of genuine cells verifies while the
//! same batch with one fuzzed cell, index or proof does not.
#![no_main]

use std::sync::OnceLock;
use zg_kzg::Eip7594;
use zg_kzg::eip7594::BYTES_PER_CELL;

struct Fixture {
    kzg: Eip7594,
    commitment: [u8; 48],
    cells: Vec<[u8; BYTES_PER_CELL]>,
    proofs: Vec<[u8; 48]>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let kzg = Eip7594::mainnet().expect("embedded setup loads");
        let mut blob = vec![0u8; 131_072];
        for (i, chunk) in blob.chunks_exact_mut(32).enumerate() {
            chunk[31] = (i % 251) as u8;
            chunk[30] = (i / 251) as u8;
        }
        let (cells, proofs) = kzg.compute_cells_and_kzg_proofs(&blob).expect("valid blob");
        let eip4844 = zg_kzg::Eip4844::mainnet_verifier().expect("embedded setup loads");
        let commitment = eip4844.blob_to_kzg_commitment(&blob).expect("valid blob");
        Fixture {
            kzg,
            commitment,
            cells,
            proofs,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        // Fully arbitrary: n cells cut from the input.
        let n = usize::from(mode / 2 % 4);
        let per = 48 + 8 + BYTES_PER_CELL + 48;
        let mut commitments = Vec::new();
        let mut indices = Vec::new();
        let mut cells = Vec::new();
        let mut proofs = Vec::new();
        for k in 0..n {
            let chunk = rest.get(k * per..).unwrap_or_default();
            let take = |from: usize, len: usize| {
                chunk
                    .get(from.min(chunk.len())..(from + len).min(chunk.len()))
                    .unwrap_or_default()
            };
            commitments.push(take(0, 48).to_vec());
            let mut index = [0u8; 8];
            let raw = take(48, 8);
            index[..raw.len()].copy_from_slice(raw);
            indices.push(u64::from_le_bytes(index));
            cells.push(take(56, BYTES_PER_CELL).to_vec());
            proofs.push(take(56 + BYTES_PER_CELL, 48).to_vec());
        }
        let _ = f
            .kzg
            .verify_cell_kzg_proof_batch(&commitments, &indices, &cells, &proofs);
        return;
    }
    // Genuine cells, one of them changed by the input.
    let Some((&which, patch)) = rest.split_first() else {
        return;
    };
    let picks: Vec<usize> = (0..4)
        .map(|k| (usize::from(which) + 37 * k) % 128)
        .collect();
    let commitments = vec![f.commitment; picks.len()];
    let mut indices: Vec<u64> = picks.iter().map(|&i| i as u64).collect();
    let mut cells: Vec<Vec<u8>> = picks.iter().map(|&i| f.cells[i].to_vec()).collect();
    let mut proofs: Vec<Vec<u8>> = picks.iter().map(|&i| f.proofs[i].to_vec()).collect();
    assert_eq!(
        f.kzg
            .verify_cell_kzg_proof_batch(&commitments, &indices, &cells, &proofs),
        Ok(true)
    );
    let before = (indices.clone(), cells.clone(), proofs.clone());
    match which % 3 {
        0 => {
            for (b, p) in cells[0].iter_mut().zip(patch) {
                *b ^= p;
            }
        }
        1 => indices[1] = u64::from(patch.first().copied().unwrap_or(0) % 128),
        _ => {
            for (b, p) in proofs[2].iter_mut().zip(patch) {
                *b ^= p;
            }
        }
    }
    let verdict = f
        .kzg
        .verify_cell_kzg_proof_batch(&commitments, &indices, &cells, &proofs);
    if (indices.clone(), cells.clone(), proofs.clone()) != before {
        assert_ne!(verdict, Ok(true));
    }
});
