//! The data-availability round trip, from payload to verifiable slices on
//! simulated nodes and back.
//!
//! On 0G's production geometry (1024 x 1024 field elements, 3 coset
//! families): encode a random payload of the largest size (32,505,852
//! bytes) into an erasure commitment, a keccak data root and 3072 slices,
//! each with its KZG cell proof and Merkle proof; hand every slice to one of
//! 48 simulated nodes through zg-types' in-memory transport and stores; let
//! every node verify its slices against the 93-byte header; drop two thirds
//! of the nodes; recover the payload from the 1024 slices the rest still
//! serve and check it byte for byte. Prints sizes and the time of every
//! stage.
//!
//! **The trusted setup is INSECURE**: it is generated from a public seed
//! (zg-kzg's `insecure-setup` feature), so anyone can forge proofs under
//! it. It is for demonstration only; a deployment loads a real ceremony's
//! powers (`Setup::from_text` / `Setup::from_json`) and builds its prover
//! with `CellProver::new` once, then `CellProver::export_tables` /
//! `CellProver::with_tables`.
//!
//! ```text
//! cargo run --release -p zg-examples --example da_round_trip            # production, 32 MB
//! cargo run --release -p zg-examples --example da_round_trip -- --quick # 0G test geometry
//! ```
#![allow(
    clippy::too_many_lines,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "a linear demonstration script; node counts are tiny; sizes are printed"
)]

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngCore, SeedableRng};
use std::fmt::Write as _;
use std::io::Write;
use std::time::{Duration, Instant};
use zg_kzg::blob::{BlobEncoder, BlobSlice, EncodeStage, HEADER_BYTES};
use zg_kzg::{CellProver, ProverOptions};
use zg_types::store::{Bytes, MemoryStore, MemoryTransport, SliceStore, Transport};
use zg_types::{BlobId, Geometry, NodeId};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (geometry, node_count) = if quick {
        (Geometry::ZG_TEST, 12u64)
    } else {
        (Geometry::ZG_PRODUCTION, 48u64)
    };
    let mut rng = StdRng::from_entropy();

    println!(
        "geometry: {} rows x {} columns, {} coset families -> {} slices of {} elements; any {} recover",
        geometry.rows(),
        geometry.cols(),
        geometry.families(),
        geometry.slices(),
        geometry.cols(),
        geometry.rows_to_recover()
    );
    println!(
        "WARNING: the trusted setup below is INSECURE (derived from a public seed): for demonstration only"
    );

    progress("generating the insecure setup and the prover's FK20 tables from its tau...");
    let start = Instant::now();
    let (setup, prover) = CellProver::insecure_from_seed(
        geometry,
        b"zg da_round_trip INSECURE demo setup",
        ProverOptions::new(),
    )?;
    report(
        &format!(
            "insecure setup ({} G1 powers, {} G2 powers) and prover ({:.0} MB of FK20 tables derived from tau)",
            setup.len(),
            setup.g2_monomial().len(),
            mb(prover.precomputation_bytes())
        ),
        start,
    );
    drop(setup);
    let encoder = BlobEncoder::new(prover);
    let verifier = encoder.verifier();
    let decoder = encoder.decoder();

    let mut payload = vec![0u8; encoder.capacity()];
    rng.fill_bytes(&mut payload);
    println!(
        "payload: {} bytes (the largest this geometry holds)",
        payload.len()
    );

    // Encode, timing every stage as the encoder reports it.
    let mut stages: Vec<(EncodeStage, Instant)> = Vec::new();
    let start = Instant::now();
    let blob = encoder.encode_with_progress(&payload, |stage| {
        if let Some((previous, at)) = stages.last() {
            println!(
                "\r  {:<11} {:>9.3} s",
                previous.name(),
                at.elapsed().as_secs_f64()
            );
        }
        progress(&format!("  {}...", stage.name()));
        stages.push((stage, Instant::now()));
    })?;
    if let Some((last, at)) = stages.last() {
        println!(
            "\r  {:<11} {:>9.3} s",
            last.name(),
            at.elapsed().as_secs_f64()
        );
    }
    report(
        "encode (commitment + all slices with proofs + data root)",
        start,
    );

    let header = *blob.header();
    let slice_len = blob.slices().first().map_or(0, BlobSlice::encoded_len);
    let light_len = blob
        .slices()
        .first()
        .map(|s| s.to_light(&geometry).map(|l| l.encoded_len()))
        .transpose()?
        .unwrap_or(0);
    let commitment_hex = header.to_bytes()[13..13 + 48]
        .iter()
        .fold(String::new(), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        });
    println!("header: {HEADER_BYTES} bytes; erasure commitment: {commitment_hex}");
    println!("data root: {}", header.data_root());
    println!(
        "slice: {slice_len} bytes ({} of elements, 48 of KZG proof, {} of Merkle proof); light slice: {light_len} bytes",
        geometry.slice_bytes(),
        slice_len - 8 - geometry.slice_bytes() - 48
    );
    println!(
        "encoded blob: {:.1} MB for a {:.1} MB payload",
        mb(slice_len * geometry.slices()),
        mb(payload.len())
    );

    // Hand every slice to its node: slice s goes to node s % nodes, so each
    // node holds slices of all three families.
    let nodes: Vec<NodeId> = (0..node_count).map(NodeId::new).collect();
    let transport = MemoryTransport::<MemoryStore>::with_nodes(nodes.iter().copied());
    let blob_id = BlobId::from(header.data_root());
    let start = Instant::now();
    let (_, slices) = blob.into_parts();
    for slice in &slices {
        let node = NodeId::new(slice.index() as u64 % node_count);
        transport.deliver(node, blob_id, slice.index(), Bytes::from(slice.to_bytes()))?;
    }
    drop(slices);
    report(
        &format!(
            "deliver {} slices to {node_count} nodes through the in-memory transport",
            geometry.slices()
        ),
        start,
    );

    // Every node parses and verifies what it holds, as one batch.
    let start = Instant::now();
    let mut single = Duration::ZERO;
    for (n, &node) in nodes.iter().enumerate() {
        let store = transport.store(node).ok_or("node without a store")?;
        let held: Vec<BlobSlice> = store
            .slices(blob_id)?
            .into_iter()
            .map(|s| -> Result<BlobSlice, Box<dyn std::error::Error>> {
                let bytes = store.get(blob_id, s)?.ok_or("slice vanished")?;
                Ok(BlobSlice::from_bytes(&bytes)?)
            })
            .collect::<Result<_, _>>()?;
        if n == 0
            && let Some(first) = held.first()
        {
            let t = Instant::now();
            verifier.verify_slice(&header, first.index(), first)?;
            single = t.elapsed();
        }
        verifier.verify_batch(&header, &held)?;
        progress(&format!("  nodes verified: {}/{node_count}", n + 1));
    }
    println!();
    report(
        &format!(
            "every node verified its {} slices in one batch (one slice alone: {:.2} ms)",
            geometry.slices() / node_count as usize,
            single.as_secs_f64() * 1e3
        ),
        start,
    );

    // Two thirds of the nodes go away.
    let mut order = nodes.clone();
    order.shuffle(&mut rng);
    let dropped = node_count as usize * 2 / 3;
    for node in &order[..dropped] {
        transport.set_reachable(*node, false)?;
    }
    println!("dropped {dropped} of {node_count} nodes at random");

    // Ask every node for the slices it was given; the dropped ones fail.
    let start = Instant::now();
    let mut fetched = Vec::new();
    let mut failed = 0usize;
    for index in 0..geometry.slices() {
        let node = NodeId::new(index as u64 % node_count);
        match transport.fetch_slice(node, blob_id, index) {
            Ok(Some(bytes)) => fetched.push(BlobSlice::from_bytes(&bytes)?),
            Ok(None) | Err(_) => failed += 1,
        }
    }
    let data_slices = fetched
        .iter()
        .filter(|s| s.index() < geometry.rows())
        .count();
    report(
        &format!(
            "fetched {} slices ({} from family 0), {failed} requests failed",
            fetched.len(),
            data_slices
        ),
        start,
    );

    let start = Instant::now();
    progress("recovering the payload...");
    let recovered = decoder.decode(&fetched)?;
    report(
        &format!("recover the payload from {} slices", fetched.len()),
        start,
    );

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

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn progress(line: &str) {
    print!("\r{line}");
    let _ = std::io::stdout().flush();
}

fn report(what: &str, start: Instant) {
    println!("\r{what}: {:.3} s", start.elapsed().as_secs_f64());
}
