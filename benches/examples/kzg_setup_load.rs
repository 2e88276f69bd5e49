//! Loads one library's embedded Ethereum mainnet setup once and prints the
//! time it took, so that setup loading is measured in a fresh process for
//! every library (`c-kzg` caches its setup for the life of a process).
//!
//! ```text
//! cargo build --release -p zg-benches --example kzg_setup_load
//! for lib in zg zg-prover zg-full rust_eth_kzg c-kzg; do
//!   for i in 1 2 3 4 5; do target/release/examples/kzg_setup_load $lib; done
//! done
//! ```
//!
//! `zg`: `Setup::ethereum_mainnet()` plus the verifier context (what a
//! verifier needs); `zg-prover`: the same plus the fixed-base commitment
//! table (what `blob_to_kzg_commitment` needs); `zg-full`: the EIP-4844
//! prover plus the EIP-7594 cell prover with its FK20 tables (the same
//! capabilities as `rust_eth_kzg`'s `DASContext`); `rust_eth_kzg`:
//! `DASContext::new(&TrustedSetup::default(), UsePrecomp::No)`; `c-kzg`:
//! `ethereum_kzg_settings(0)`. `insecure <k>` instead times generating an
//! insecure setup of `2^k` powers (`Setup::insecure_from_seed`).

use std::time::Instant;

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "zg".to_string());
    let start = Instant::now();
    match which.as_str() {
        "zg" => {
            let kzg = or_exit(zg_kzg::Eip4844::mainnet_verifier());
            std::hint::black_box(&kzg);
        }
        "zg-prover" => {
            let kzg = or_exit(zg_kzg::Eip4844::mainnet());
            std::hint::black_box(&kzg);
        }
        "zg-full" => {
            let kzg = or_exit(zg_kzg::Eip4844::mainnet());
            let cells = or_exit(zg_kzg::Eip7594::mainnet());
            std::hint::black_box((&kzg, &cells));
        }
        "rust_eth_kzg" => {
            let ctx = rust_eth_kzg::DASContext::new(
                &rust_eth_kzg::TrustedSetup::default(),
                rust_eth_kzg::UsePrecomp::No,
            );
            std::hint::black_box(&ctx);
        }
        "insecure" => {
            // Not a load: times generating an insecure setup of 2^k powers
            // (second argument k, default 20) with 65 G2 powers.
            let log_n: u32 = std::env::args()
                .nth(2)
                .and_then(|k| k.parse().ok())
                .unwrap_or(20);
            let setup = or_exit(zg_kzg::Setup::insecure_from_seed(b"bench", 1 << log_n, 65));
            std::hint::black_box(&setup);
        }
        "c-kzg" => {
            let settings = c_kzg::ethereum_kzg_settings(0);
            std::hint::black_box(settings);
        }
        other => {
            eprintln!("unknown library {other}: use zg, zg-prover, zg-full, rust_eth_kzg or c-kzg");
            std::process::exit(2);
        }
    }
    let elapsed = start.elapsed();
    let peak = zg_benches::peak_rss_bytes().unwrap_or(0);
    println!(
        "setup load {which}: {:.1} ms, peak RSS {} MiB",
        elapsed.as_secs_f64() * 1e3,
        peak / (1024 * 1024)
    );
}

fn or_exit<T>(result: Result<T, zg_kzg::Error>) -> T {
    result.unwrap_or_else(|error| {
        eprintln!("setup failed: {error}");
        std::process::exit(1)
    })
}
