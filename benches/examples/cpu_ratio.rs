//! CPU-time ratios of zg to `rust_eth_kzg` on one thread, the two called
//! alternately in one process, so that the ratio stays meaningful on a busy
//! machine where criterion's wall-clock times are not (thread CPU time from
//! `/proc`, 10 ms ticks: use enough rounds). Linux only.
//!
//! `cargo run --release -p zg-benches --features peers-singlethreaded --example cpu_ratio -- [op] [rounds]`
//!
//! `op`: `commit` (`blob_to_kzg_commitment`), `proofs`
//! (`compute_cells_and_kzg_proofs`, tables of width 8 on both sides),
//! `recover` (`recover_cells_and_kzg_proofs` from the odd half, width 8),
//! `verify` (`verify_cell_kzg_proof_batch`, the 128 cells of one blob).
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    reason = "a measurement program: failures abort it loudly; floats only for display"
)]

use rand::SeedableRng;
use rand::rngs::StdRng;
use zg_benches::{BLOB_BYTES, pool, random_blob};
use zg_kzg::{Eip4844, Eip7594, Kzg, ProverOptions, Setup};

/// User + system CPU seconds of the calling thread.
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    // Fields after the command name (which is in parentheses): utime and
    // stime are the 12th and 13th.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

fn main() {
    let op = std::env::args().nth(1).unwrap_or_else(|| "proofs".into());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    pool(1).install(|| {
        let setup = Setup::ethereum_mainnet().unwrap();
        let zg4844 = Eip4844::new(Kzg::new(setup.clone()).unwrap()).unwrap();
        let zg = Eip7594::new(&setup, ProverOptions::new().with_table_width(8)).unwrap();
        let trusted = rust_eth_kzg::TrustedSetup::default();
        let reth =
            rust_eth_kzg::DASContext::new(&trusted, rust_eth_kzg::UsePrecomp::Yes { width: 8 });
        let blob = random_blob(&mut StdRng::seed_from_u64(7594));
        let blob_arr: &[u8; BLOB_BYTES] = blob.as_slice().try_into().unwrap();
        let (cells, proofs) = reth.compute_cells_and_kzg_proofs(blob_arr).unwrap();
        let commitment = reth.blob_to_kzg_commitment(blob_arr).unwrap();
        let odd_cells: Vec<&[u8; 2048]> = cells.iter().skip(1).step_by(2).map(|c| &**c).collect();
        let odd: Vec<u64> = (0..128u64).filter(|i| i % 2 == 1).collect();
        let all: Vec<u64> = (0..128).collect();
        let all_cells: Vec<&[u8; 2048]> = cells.iter().map(|c| &**c).collect();
        let all_proofs: Vec<&[u8; 48]> = proofs.iter().collect();
        let commitments = vec![&commitment; 128];
        let zg_odd: Vec<&[u8]> = odd_cells.iter().map(|c| &c[..]).collect();
        let zg_cells: Vec<&[u8]> = all_cells.iter().map(|c| &c[..]).collect();
        let zg_proofs: Vec<&[u8]> = all_proofs.iter().map(|p| &p[..]).collect();
        let zg_commitments: Vec<&[u8]> = vec![&commitment[..]; 128];
        let (mut ours, mut theirs) = (0.0, 0.0);
        for _ in 0..rounds {
            let t = thread_cpu();
            match op.as_str() {
                "commit" => {
                    assert_eq!(zg4844.blob_to_kzg_commitment(&blob).unwrap(), commitment);
                }
                "recover" => drop(zg.recover_cells_and_kzg_proofs(&odd, &zg_odd).unwrap()),
                "verify" => assert!(
                    zg.verify_cell_kzg_proof_batch(&zg_commitments, &all, &zg_cells, &zg_proofs)
                        .unwrap()
                ),
                _ => drop(zg.compute_cells_and_kzg_proofs(&blob).unwrap()),
            }
            ours += thread_cpu() - t;
            let t = thread_cpu();
            match op.as_str() {
                "commit" => drop(reth.blob_to_kzg_commitment(blob_arr).unwrap()),
                "recover" => drop(
                    reth.recover_cells_and_kzg_proofs(odd.clone(), odd_cells.clone())
                        .unwrap(),
                ),
                "verify" => assert!(
                    reth.verify_cell_kzg_proof_batch(
                        commitments.clone(),
                        &all,
                        all_cells.clone(),
                        all_proofs.clone()
                    )
                    .is_ok()
                ),
                _ => drop(reth.compute_cells_and_kzg_proofs(blob_arr).unwrap()),
            }
            theirs += thread_cpu() - t;
        }
        println!(
            "{op}: zg {:.1} ms, rust_eth_kzg {:.1} ms (thread CPU per call, {rounds} rounds), ratio {:.2}",
            ours * 1e3 / rounds as f64,
            theirs * 1e3 / rounds as f64,
            ours / theirs
        );
    });
}
