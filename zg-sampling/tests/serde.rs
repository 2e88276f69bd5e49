//! Serde round trips of the public types (with the `serde` feature).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, reason = "tests")]

use zg_sampling::{MAX_PODAS_TARGET, PodasBlob, PodasRound, SampleSeed, SectorPosition, U256};
use zg_types::merkle::keccak256;

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[test]
fn public_types_round_trip() {
    let seed = SampleSeed::new([0xa5; 32]);
    assert_eq!(round_trip(&seed), seed);
    let position = SectorPosition {
        slice: 3071,
        sector: 127,
    };
    assert_eq!(round_trip(&position), position);
    let blob = PodasBlob {
        epoch: 9,
        quorum_id: u64::MAX,
        data_root: keccak256(b"root"),
    };
    assert_eq!(round_trip(&blob), blob);
    let round = PodasRound {
        seed,
        target: MAX_PODAS_TARGET,
    };
    assert_eq!(round_trip(&round), round);
    assert_eq!(round_trip(&U256::from(u64::MAX)), U256::from(u64::MAX));
}
