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
fn deserialized_geometries_are_checked() {
    for (rows, cols, families) in [(0, 32, 3), (3, 32, 3), (64, 0, 3), (64, 4, 3), (64, 32, 1)] {
        let raw = serde_json::json!({ "rows": rows, "cols": cols, "families": families });
        assert!(serde_json::from_value::<Geometry>(raw).is_err());
    }
    let raw = serde_json::json!({ "rows": 64, "cols": 32, "families": 3 });
    assert_eq!(
        serde_json::from_value::<Geometry>(raw).unwrap(),
        Geometry::ZG_TEST
    );
}

#[test]
fn deserialized_spans_are_checked_when_used() {
    let g = Geometry::ZG_TEST;
    let raw = serde_json::json!({ "slice": 0, "first_sector": usize::MAX, "sectors": usize::MAX });
    let span: SectorSpan = serde_json::from_value(raw).unwrap();
    assert!(span.check(&g).is_err());
    assert_eq!(span.len_bytes(), usize::MAX);
    let proof = MerkleProof::from_parts(vec![Digest::default(); 3], vec![]).unwrap();
    assert!(proof.verify(&Digest::default(), &g, &span, &[]).is_err());
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
