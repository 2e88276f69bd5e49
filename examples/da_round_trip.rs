//! The data-availability round trip, from payload to slices and back.
//!
//! Packs a random payload into a blob matrix (0G's production geometry:
//! 1024 x 1024 field elements), extends it at rate 1/3 to 3072 slices,
//! drops two thirds of the slices at random and recovers the payload from
//! the 1024 that are left, printing sizes and the time of every stage.
//!
//! ```text
//! cargo run --release -p zg-examples --example da_round_trip            # production, 32 MB
//! cargo run --release -p zg-examples --example da_round_trip -- --quick # 0G test geometry
//! ```

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngCore, SeedableRng};
use std::time::Instant;
use zg_erasure::{ReedSolomon, Scalar, pack_zg, unpack_zg, zg_capacity};
use zg_types::Geometry;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let geometry = if quick {
        Geometry::ZG_TEST
    } else {
        Geometry::ZG_PRODUCTION
    };
    let mut rng = StdRng::from_entropy();

    println!(
        "geometry: {} rows x {} columns, {} coset families -> {} slices of {} bytes; any {} recover",
        geometry.rows(),
        geometry.cols(),
        geometry.families(),
        geometry.slices(),
        geometry.slice_bytes(),
        geometry.rows_to_recover()
    );

    let mut payload = vec![0u8; zg_capacity(&geometry)];
    rng.fill_bytes(&mut payload);
    println!(
        "payload: {} bytes (the largest this geometry holds)",
        payload.len()
    );

    let start = Instant::now();
    let engine = ReedSolomon::new(geometry);
    report("build the engine (domains)", start);

    let start = Instant::now();
    let data = pack_zg(&payload, &geometry)?;
    report(&format!("pack into {} field elements", data.len()), start);

    let start = Instant::now();
    let slices = engine.extend(&data)?;
    report(
        &format!(
            "extend to {} slices ({} bytes encoded)",
            slices.len(),
            slices.len() * geometry.slice_bytes()
        ),
        start,
    );

    // Drop two thirds of the slices at random.
    let mut kept_indices: Vec<usize> = (0..geometry.slices()).collect();
    kept_indices.shuffle(&mut rng);
    kept_indices.truncate(geometry.rows_to_recover());
    kept_indices.sort_unstable();
    let kept: Vec<(usize, &[Scalar])> = kept_indices
        .iter()
        .filter_map(|s| Some((*s, slices.slice(*s)?)))
        .collect();
    let systematic = kept_indices
        .iter()
        .filter(|s| **s < geometry.rows())
        .count();
    println!(
        "kept {} of {} slices at random ({} of them original data)",
        kept.len(),
        geometry.slices(),
        systematic
    );

    let start = Instant::now();
    let recovered_data = engine.recover_data(&kept)?;
    report("recover the data from the kept slices", start);

    let start = Instant::now();
    let recovered = unpack_zg(&recovered_data, &geometry)?;
    report("unpack the payload", start);

    let same = recovered == payload;
    println!(
        "payload came back byte for byte: {}",
        if same { "yes" } else { "NO" }
    );
    if same {
        Ok(())
    } else {
        Err("recovered payload differs from the original".into())
    }
}

fn report(stage: &str, start: Instant) {
    println!(
        "  {stage}: {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
}
