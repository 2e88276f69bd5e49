//! Serde forms of the public types (with the `serde` feature): round trips,
//! and the checks that deserializing keeps the types' invariants.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, reason = "tests")]

use std::collections::BTreeSet;
use zg_shard::{
    Certification, EpochQuorums, Quorum, QuorumCursor, QuorumParams, ShardPosition, SignerId,
    SignerRegistration,
};

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[test]
fn public_types_round_trip() {
    let id = SignerId::from_u64(7);
    assert_eq!(round_trip(&id), id);
    let registration = SignerRegistration::new(id, u128::from(u64::MAX) * 3, vec![1, 2, 3]);
    assert_eq!(round_trip(&registration), registration);
    let position = ShardPosition::new(3, 8).unwrap();
    assert_eq!(round_trip(&position), position);
    assert_eq!(
        serde_json::to_string(&position).unwrap(),
        r#"{"shard_id":3,"num_shards":8}"#
    );
    let cursor = QuorumCursor::new(41);
    assert_eq!(round_trip(&cursor), cursor);

    let quorum = Quorum::from_slots(vec![id, SignerId::from_u64(9), id]);
    let certification = quorum.certification(&BTreeSet::from([id]));
    assert_eq!((certification.total(), certification.signed()), (3, 2));
    assert_eq!(round_trip(&certification), certification);
}

/// Quorums and parameters are results and settings: written out for
/// records, never read back (their invariants come from building them).
#[test]
fn quorums_serialize() {
    let signers: Vec<SignerRegistration> = (0..4u8)
        .map(|i| SignerRegistration::new(SignerId::from_u64(i.into()), 20, vec![i; 64]))
        .collect();
    let params = QuorumParams::new(10, 1024, 4, 2).unwrap();
    let epoch = EpochQuorums::build(&signers, &params).unwrap();
    let json = serde_json::to_value(&epoch).unwrap();
    assert!(json.is_object(), "{json}");
    let params_json = serde_json::to_value(params).unwrap();
    assert_eq!(params_json["slices_per_quorum"], 4);
}

#[test]
fn deserializing_checks_invariants() {
    for bad in [
        r#"{"shard_id":3,"num_shards":3}"#,
        r#"{"shard_id":4,"num_shards":4}"#,
        r#"{"shard_id":0,"num_shards":0}"#,
    ] {
        assert!(serde_json::from_str::<ShardPosition>(bad).is_err(), "{bad}");
    }
    let err = serde_json::from_str::<Certification>(r#"{"total":3,"signed":5}"#).unwrap_err();
    assert!(
        err.to_string().contains("5 signed slots in a quorum of 3"),
        "{err}"
    );
    let full: Certification = serde_json::from_str(r#"{"total":3,"signed":3}"#).unwrap();
    assert!(full.is_certified());
}
