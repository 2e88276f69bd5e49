//! Byte codec round trips from random subsets of shards.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use zg_erasure::ByteCodec;

fn round_trip(k: usize, m: usize, shard_bytes: usize, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let data: Vec<Vec<u8>> = (0..k)
        .map(|_| (0..shard_bytes).map(|_| rng.r#gen()).collect())
        .collect();
    let mut codec = ByteCodec::new(k, m, shard_bytes).unwrap();
    let parity = codec.encode(&data).unwrap().to_vec();
    assert_eq!(parity.len(), m);
    let all: Vec<&[u8]> = data
        .iter()
        .map(Vec::as_slice)
        .chain(parity.iter().map(|p| &p[..]))
        .collect();
    let mut order: Vec<usize> = (0..k + m).collect();
    order.shuffle(&mut rng);
    let count = rng.gen_range(k..=k + m);
    let kept: Vec<(usize, &[u8])> = order[..count].iter().map(|i| (*i, all[*i])).collect();
    let restored = codec.reconstruct_data(&kept).unwrap();
    assert_eq!(restored.len(), k);
    for (got, want) in restored.iter().zip(&data) {
        assert_eq!(&got[..], &want[..]);
    }
    // The borrowed view restores exactly the missing data shards.
    let restored = codec.reconstruct(&kept).unwrap();
    for (index, shard) in restored.iter() {
        assert!(!order[..count].contains(&index));
        assert_eq!(shard, &data[index][..]);
    }
}

#[test]
fn many_shards_round_trip() {
    round_trip(1024, 2048, 64, 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_shapes_round_trip(k in 1usize..=40, m in 1usize..=40, half in 1usize..=128, seed: u64) {
        round_trip(k, m, 2 * half, seed);
    }
}
