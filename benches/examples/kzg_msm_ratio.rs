//! Times zg's fixed-base MSM against arkworks' variable-base MSM over the
//! mainnet Lagrange points (4096), alternating, in one process: a ratio
//! that stays meaningful on a busy machine. Single-threaded.
//!
//! `cargo run --release -p zg-benches --example kzg_msm_ratio -- [window_bits]`
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    reason = "a measurement program: a failed setup should abort it loudly; floats only for display"
)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};
use zg_kzg::{FixedBaseMsm, Kzg, Setup};
use zg_types::Scalar;
use zg_types::curve::PrimeField;

fn main() {
    let bits: u32 = std::env::args()
        .nth(1)
        .and_then(|b| b.parse().ok())
        .unwrap_or(FixedBaseMsm::DEFAULT_WINDOW_BITS);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    pool.install(|| {
        let setup = Setup::ethereum_mainnet().unwrap();
        let start = Instant::now();
        let table = Kzg::with_window_bits(setup.clone(), bits).unwrap();
        println!(
            "window {bits}: table {:.1} MB built in {:.0} ms",
            table.precomputation_bytes() as f64 / 1e6,
            start.elapsed().as_secs_f64() * 1e3
        );
        let plain = Kzg::without_precomputation(setup).unwrap();
        let mut rng = StdRng::seed_from_u64(1);
        let scalars: Vec<Scalar> = (0..table.len())
            .map(|_| Scalar::from_le_bytes_mod_order(&rng.r#gen::<[u8; 32]>()))
            .collect();
        let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..10 {
            let t = Instant::now();
            let a = table.commit(&scalars).unwrap();
            ours += t.elapsed();
            let t = Instant::now();
            let b = plain.commit(&scalars).unwrap();
            theirs += t.elapsed();
            assert_eq!(a, b);
        }
        println!(
            "fixed-base {:.1} ms, arkworks variable-base {:.1} ms, ratio {:.2}",
            ours.as_secs_f64() * 100.0,
            theirs.as_secs_f64() * 100.0,
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    });
}
