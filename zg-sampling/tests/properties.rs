//! Property tests: selection, confidence against exact integer arithmetic,
//! and `PoDAS` answer encodings.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "tests"
)]

use proptest::prelude::*;
use std::collections::BTreeSet;
use zg_sampling::{PodasBlob, PodasSample, SampleSeed, SampleSpace, U256, select_indices};
use zg_types::{Digest, MerkleProof};

/// `C(n, k)` exactly (small arguments).
fn choose(n: u64, k: u64) -> u128 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    (0..k).fold(1u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn selections_are_distinct_in_range_and_extend(
        seed in any::<[u8; 32]>(), n in 1u64..5000, k in 0u64..300,
    ) {
        let k = k.min(n);
        let picks = select_indices(&SampleSeed::new(seed), n, k).unwrap();
        prop_assert_eq!(picks.len() as u64, k);
        prop_assert!(picks.iter().all(|x| *x < n));
        prop_assert_eq!(picks.iter().collect::<BTreeSet<_>>().len() as u64, k);
        let shorter = select_indices(&SampleSeed::new(seed), n, k / 2).unwrap();
        prop_assert_eq!(&picks[..shorter.len()], &shorter[..]);
    }

    /// Against `C(needed - 1, k) / C(units, k)` in exact integers (units
    /// small enough for u128).
    #[test]
    fn undetected_probability_is_the_hypergeometric_ratio(
        units in 1u64..60, needed_pick in any::<u64>(), k in 0u64..60,
    ) {
        let needed = 1 + needed_pick % units;
        let k = k.min(units);
        let space = SampleSpace::new(units, needed).unwrap();
        let exact = choose(needed - 1, k) as f64 / choose(units, k) as f64;
        let got = space.undetected_probability(k).unwrap();
        prop_assert!((got - exact).abs() <= 1e-13 * exact, "{} vs {}", got, exact);
        // More samples never make passing likelier.
        if k < units {
            prop_assert!(space.undetected_probability(k + 1).unwrap() <= got);
        }
        // samples_for is the smallest k reaching a bound.
        let eps = 1e-6;
        let need = space.samples_for(eps).unwrap();
        prop_assert!(space.undetected_probability(need).unwrap() <= eps);
        if need > 0 {
            prop_assert!(space.undetected_probability(need - 1).unwrap() > eps);
        }
    }

    #[test]
    fn reconstruction_probability_grows_with_clients(
        units in 4u64..40, k in 1u64..8, clients in 0u64..12,
    ) {
        let space = SampleSpace::new(units, units / 2).unwrap();
        let k = k.min(units);
        let a = space.reconstruction_probability(clients, k).unwrap();
        let b = space.reconstruction_probability(clients + 1, k).unwrap();
        prop_assert!((0.0..=1.0).contains(&a));
        prop_assert!(b + 1e-12 >= a);
    }

    #[test]
    fn podas_samples_round_trip(
        seed in any::<[u8; 32]>(), epoch in any::<u64>(), quorum in any::<u64>(),
        root in any::<[u8; 32]>(), line in any::<u32>(), subline in any::<u32>(),
        fill in any::<u8>(), path_len in 0usize..20,
    ) {
        let proof = MerkleProof::from_parts(
            vec![Digest::from_bytes(root); 3],
            vec![Digest::from_bytes([fill; 32]); path_len],
        ).unwrap();
        let sample = PodasSample::new(
            SampleSeed::new(seed),
            PodasBlob { epoch, quorum_id: quorum, data_root: Digest::from_bytes(root) },
            line as usize, subline as usize, vec![fill; 1024], proof,
        ).unwrap();
        let bytes = sample.to_bytes().unwrap();
        prop_assert_eq!(bytes.len(), sample.encoded_len());
        prop_assert_eq!(PodasSample::from_bytes(&bytes).unwrap(), sample);
    }

    #[test]
    fn podas_parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..1400)) {
        if let Ok(s) = PodasSample::from_bytes(&bytes) {
            prop_assert_eq!(s.to_bytes().unwrap(), bytes);
        }
    }

    #[test]
    fn u256_bytes_round_trip(bytes in any::<[u8; 32]>()) {
        let v = U256::from_be_bytes(&bytes);
        prop_assert_eq!(v.to_be_bytes(), bytes);
        prop_assert_eq!(v.shl(8).shr(8), U256::from_be_bytes(&{
            let mut b = bytes;
            b[0] = 0;
            b
        }));
    }
}
