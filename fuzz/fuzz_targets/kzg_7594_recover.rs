//! EIP-7594 `recover_cells_and_kzg_proofs` on edited inputs: genuine cells
//! of one blob, picked by a bit mask, then reordered, repeated, pushed out
//! of range, cut short or overwritten as the input says. Only the inputs the spec
//! accepts (64 to 128 cells, strictly increasing indices below 128, 2048-byte
//! cells of canonical elements) that also fit one blob recover; the rest are
//! errors, and nothing panics. Unedited cells give back every cell and proof.
#![no_main]

use zg_fuzz::ethereum_cells;
use zg_kzg::eip7594::BYTES_PER_CELL;
use zg_types::encoding::scalar_from_slice;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = ethereum_cells();
    let Some((mask, edits)) = data.split_first_chunk::<16>() else {
        return;
    };
    let mut indices: Vec<u64> = (0..128u64)
        .filter(|&i| mask[(i / 8) as usize] >> (i % 8) & 1 == 1)
        .collect();
    let mut cells: Vec<Vec<u8>> = indices
        .iter()
        .map(|&i| f.cells[i as usize].to_vec())
        .collect();
    for edit in edits.chunks_exact(3).take(8) {
        let n = indices.len();
        if n == 0 {
            break;
        }
        let (a, b) = (usize::from(edit[1]) % n, usize::from(edit[2]));
        match edit[0] % 6 {
            0 => indices.swap(a, b % n),
            1 => indices[a] = indices[b % n],
            2 => indices[a] = if b == 255 { u64::MAX } else { 128 + b as u64 },
            3 => cells[a].truncate(BYTES_PER_CELL - 1 - b),
            // The top byte of an element: 0x74 and above are not canonical.
            4 => {
                if let Some(top) = cells[a].get_mut(32 * (b % 64)) {
                    *top = edit[2];
                }
            }
            _ => {
                if let Some(low) = cells[a].get_mut(32 * (b % 64) + 31) {
                    *low ^= 1;
                }
            }
        }
    }
    let well_formed = (64..=128).contains(&indices.len())
        && indices.windows(2).all(|w| w[0] < w[1])
        && indices.iter().all(|&i| i < 128)
        && cells.iter().all(|c| {
            c.len() == BYTES_PER_CELL && c.chunks_exact(32).all(|e| scalar_from_slice(e).is_ok())
        });
    let unchanged = well_formed
        && indices
            .iter()
            .zip(&cells)
            .all(|(&i, c)| f.cells[i as usize][..] == c[..]);
    let result = f.kzg.recover_cells_and_kzg_proofs(&indices, &cells);
    // 64 rewritten cells are another codeword; more must fit one.
    let recoverable = well_formed && (unchanged || indices.len() == 64);
    assert_eq!(result.is_ok(), recoverable, "{:?}", result.as_ref().err());
    if unchanged {
        let (all_cells, all_proofs) = result.expect("genuine cells recover");
        assert!(all_cells == f.cells && all_proofs == f.proofs);
    }
});
