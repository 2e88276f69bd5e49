//! Builds the data root of a production-size encoded blob (3072 slices of
//! 32 KiB = 96 MiB), then proves and verifies a sector, a `PoDAS` subline
//! and a whole slice, printing sizes and times.
//!
//! `cargo run --release -p zg-types --example data_root --features parallel`
//! (with `parallel`, slices are hashed on rayon's global pool, which the
//! example, not the library, sets up).

use std::time::Instant;
use zg_types::Geometry;
use zg_types::merkle::{DataTree, SectorSpan};

fn main() -> Result<(), zg_types::Error> {
    let geometry = Geometry::ZG_PRODUCTION;
    let slice_bytes = geometry.slice_bytes();
    // Deterministic filler; real slices come from the erasure encoder.
    let slices: Vec<Vec<u8>> = (0..geometry.slices())
        .map(|s| {
            let mut state = (s as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (0..slice_bytes)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state.to_le_bytes()[0]
                })
                .collect()
        })
        .collect();
    let total = slices.len() * slice_bytes;
    println!(
        "geometry: {} slices of {} bytes = {} MiB",
        geometry.slices(),
        slice_bytes,
        total >> 20
    );

    let start = Instant::now();
    let tree = DataTree::new(geometry, &slices)?;
    let elapsed = start.elapsed();
    println!(
        "data root {} in {:.3} s ({:.0} MiB/s)",
        tree.root(),
        elapsed.as_secs_f64(),
        f64::from(u32::try_from(total >> 20).unwrap_or(u32::MAX)) / elapsed.as_secs_f64()
    );

    let slice = 2049;
    for (name, span) in [
        ("sector", SectorSpan::sector(&geometry, slice, 77)?),
        ("subline", SectorSpan::subline(&geometry, slice, 31)?),
        ("slice", SectorSpan::slice(&geometry, slice)?),
    ] {
        let start = Instant::now();
        let proof = tree.prove(&span, &slices[slice])?;
        let proved = start.elapsed();
        let start = Instant::now();
        proof.verify(
            &tree.root(),
            &geometry,
            &span,
            &slices[slice][span.byte_range()],
        )?;
        println!(
            "{name}: {} data bytes, proof {} bytes ({} siblings), prove {:?}, verify {:?}",
            span.len_bytes(),
            proof.to_bytes().len(),
            proof.path().len(),
            proved,
            start.elapsed()
        );
    }
    Ok(())
}
