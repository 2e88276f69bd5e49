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
    assert_eq!(
        (
            codec.data_shards(),
            codec.parity_shards(),
            codec.shard_bytes()
        ),
        (k, m, shard_bytes)
    );
    let parity = {
        let view = codec.encode(&data).unwrap();
        assert_eq!(view.len(), m);
        assert!(!view.is_empty());
        let parity = view.to_vec();
        // The borrowed view, shard by shard and as an iterator, holds what
        // `to_vec` copied, and nothing past the last parity shard.
        assert!(view.iter().eq(parity.iter().map(|p| &p[..])));
        assert!((0..m).all(|i| view.get(i) == Some(&parity[i][..])));
        assert_eq!(view.get(m), None);
        parity
    };
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
    for (index, shard) in data.iter().enumerate() {
        let given = order[..count].contains(&index);
        let expected = (!given).then_some(&shard[..]);
        assert_eq!(restored.get(index), expected, "data shard {index}");
    }
}

#[test]
fn debug_forms_name_the_shape() {
    let mut codec = ByteCodec::new(3, 2, 8).unwrap();
    assert_eq!(
        format!("{codec:?}"),
        "ByteCodec { data_shards: 3, parity_shards: 2, shard_bytes: 8, .. }"
    );
    let data = [[1u8; 8], [2; 8], [3; 8]];
    assert_eq!(
        format!("{:?}", codec.encode(&data).unwrap()),
        "Parity { count: 2, .. }"
    );
    let parity = codec.encode(&data).unwrap().to_vec();
    let shards = [
        (0usize, &data[0][..]),
        (3, &parity[0][..]),
        (4, &parity[1][..]),
    ];
    assert_eq!(
        format!("{:?}", codec.reconstruct(&shards).unwrap()),
        "Restored { .. }"
    );
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
