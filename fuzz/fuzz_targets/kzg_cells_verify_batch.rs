//! EIP-7594 batch cell verification on arbitrary input: an error or a
//! verdict, never a panic; and a batch of genuine cells verifies while the
//! same batch with one fuzzed cell, index or proof does not.
#![no_main]

use zg_fuzz::ethereum_cells;
use zg_kzg::eip7594::BYTES_PER_CELL;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = ethereum_cells();
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
