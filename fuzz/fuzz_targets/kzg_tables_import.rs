//! FK20 table import (`CellProver::with_tables`) on arbitrary edits of a
//! valid export: the input is read as byte patches (a 2-byte offset and an
//! XOR mask each) and an optional truncation. Any change is an error, never
//! a panic; the unchanged bytes load into the same prover.
#![no_main]

use std::sync::OnceLock;
use zg_kzg::{CellProver, ProverOptions, Setup};
use zg_types::{Geometry, Scalar};

struct Fixture {
    geometry: Geometry,
    setup: Setup,
    tables: Vec<u8>,
    /// Coefficients to prove, and their proofs under the unchanged tables.
    data: Vec<Scalar>,
    proofs: Vec<zg_types::G1Affine>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let geometry = Geometry::new(4, 8, 3).expect("valid geometry");
        let (setup, prover) =
            CellProver::insecure_from_seed(geometry, b"fuzz tables", ProverOptions::new())
                .expect("small setup");
        let data: Vec<Scalar> = (0..32u64).map(|i| Scalar::from(3 * i + 1)).collect();
        let proofs = prover.proofs(&data).expect("32 coefficients");
        Fixture {
            geometry,
            setup,
            tables: prover.export_tables(),
            data,
            proofs,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let mut tables = f.tables.clone();
    let (patches, tail) = data.split_at(data.len() - data.len() % 3);
    for patch in patches.chunks_exact(3) {
        let offset = usize::from(u16::from_le_bytes([patch[0], patch[1]])) % tables.len();
        tables[offset] ^= patch[2];
    }
    // A leftover byte cuts the table short by that many bytes (at least one).
    if let Some(&cut) = tail.first() {
        tables.truncate(tables.len().saturating_sub(usize::from(cut) + 1));
    }
    let result = CellProver::with_tables(f.geometry, &f.setup, ProverOptions::new(), &tables);
    assert_eq!(
        result.is_ok(),
        tables == f.tables,
        "{:?}",
        result.as_ref().err()
    );
    if let Ok(prover) = result {
        assert_eq!(prover.proofs(&f.data).ok(), Some(f.proofs.clone()));
    }
});
