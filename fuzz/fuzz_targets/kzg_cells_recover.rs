//! Cell recovery on arbitrary index sets (a small geometry with 3 families):
//! out-of-range, repeated and too few indices are errors; any `rows`
//! distinct cells, in any order, return the original cells and proofs.
#![no_main]

use std::collections::BTreeSet;
use std::sync::OnceLock;
use zg_kzg::{CellProver, Setup, Slices};
use zg_types::{G1Affine, Geometry, Scalar};

struct Fixture {
    prover: CellProver,
    cells: Slices,
    proofs: Vec<G1Affine>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let geometry = Geometry::new(8, 8, 3).expect("valid geometry");
        let setup = Setup::insecure_from_seed(b"fuzz", 64, 9).expect("small setup");
        let prover = CellProver::new(geometry, &setup).expect("setup fits");
        let data: Vec<Scalar> = (0..64u64).map(|i| Scalar::from(i * i + 7)).collect();
        let (cells, proofs) = prover.cells_and_proofs(&data).expect("64 elements");
        Fixture {
            prover,
            cells,
            proofs,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let geometry = f.prover.geometry();
    // Each byte is an index (some beyond the 24 cells); a byte of 0xff
    // shortens the following cell.
    let mut given: Vec<(usize, Vec<Scalar>)> = Vec::new();
    let mut short = false;
    for &b in data.iter().take(40) {
        if b == 0xff {
            short = true;
            continue;
        }
        let index = usize::from(b % 32);
        let mut cell = f.cells.slice(index).map_or_else(
            || vec![Scalar::from(0u64); geometry.cols()],
            <[Scalar]>::to_vec,
        );
        if short {
            cell.pop();
            short = false;
        }
        given.push((index, cell));
    }
    let result = f.prover.recover_cells_and_proofs(&given);
    let distinct: BTreeSet<usize> = given.iter().map(|(i, _)| *i).collect();
    let well_formed = distinct.len() == given.len()
        && given
            .iter()
            .all(|(i, c)| *i < geometry.slices() && c.len() == geometry.cols())
        && given.len() >= geometry.rows();
    assert_eq!(result.is_ok(), well_formed, "{result:?}");
    if let Ok((cells, proofs)) = result {
        assert_eq!(cells, f.cells);
        assert_eq!(proofs, f.proofs);
    }
});
