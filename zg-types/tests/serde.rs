//! Serde round trips of the public types (with the `serde` feature).
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    reason = "test helpers panic on broken invariants"
)]

use zg_types::merkle::{DataTree, Digest, MerkleProof, SectorSpan};
use zg_types::{BlobId, Geometry, NodeId};

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[test]
fn public_types_round_trip() {
    let g = Geometry::ZG_TEST;
    assert_eq!(round_trip(&g), g);
    let slices = vec![vec![3u8; g.slice_bytes()]; g.slices()];
    let tree = DataTree::new(g, &slices).unwrap();
    let span = SectorSpan::subline(&g, 150, 0).unwrap();
    let proof = tree.prove(&span, &slices[150]).unwrap();
    assert_eq!(round_trip(&span), span);
    assert_eq!(round_trip(&proof), proof);
    assert_eq!(round_trip(&tree.root()), tree.root());
    let blob = BlobId::from(tree.root());
    assert_eq!(round_trip(&blob), blob);
    assert_eq!(round_trip(&NodeId::new(u64::MAX)), NodeId::new(u64::MAX));
}

#[test]
fn deserialized_proofs_are_checked() {
    let too_long = serde_json::json!({
        "family_roots": [],
        "path": vec![Digest::default(); 256],
    });
    assert!(serde_json::from_value::<MerkleProof>(too_long).is_err());
    let fine = serde_json::json!({ "family_roots": [], "path": [] });
    assert_eq!(
        serde_json::from_value::<MerkleProof>(fine).unwrap(),
        MerkleProof::from_parts(vec![], vec![]).unwrap()
    );
}
