//! Merkle proof parsing and verification on arbitrary bytes: never panics,
//! parsed proofs re-encode to the same bytes, genuine proofs verify, and a
//! proof that verifies against a genuine data root proves the genuine bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zg_types::Geometry;
use zg_types::merkle::{DataTree, MerkleProof, SectorSpan};

fuzz_target!(|input: &[u8]| {
    let [g0, s0, s1, kind, l0, l1, rest @ ..] = input else {
        return;
    };
    // Small geometries only, so that building the genuine tree stays cheap.
    let Ok(geometry) = Geometry::new(
        1 << (g0 & 3),
        8 << ((g0 >> 2) % 3),
        2 + usize::from((g0 >> 4) % 3),
    ) else {
        return;
    };
    let slice = usize::from(u16::from_be_bytes([*s0, *s1])) % geometry.slices();
    let per_slice = geometry.slice_bytes() / 256;
    let span = match kind % 4 {
        0 => SectorSpan::sector(&geometry, slice, usize::from(*s1) % per_slice),
        1 => SectorSpan::subline(&geometry, slice, usize::from(*s1)),
        2 => SectorSpan::slice(&geometry, slice),
        _ => SectorSpan::new(&geometry, slice, usize::from(*s1), usize::from(*l0)),
    };
    let split = usize::from(u16::from_be_bytes([*l0, *l1])) % (rest.len() + 1);
    let (proof_bytes, data) = rest.split_at(split);

    let parsed = MerkleProof::from_bytes(proof_bytes);
    if let Ok(proof) = &parsed {
        assert_eq!(
            proof.to_bytes(),
            proof_bytes,
            "proof encoding is not canonical"
        );
        assert_eq!(
            MerkleProof::from_bytes(&proof.to_bytes()).as_ref(),
            Ok(proof)
        );
    }
    let Ok(span) = span else {
        return;
    };

    // The genuine blob: slices filled from the input.
    let slices: Vec<Vec<u8>> = (0..geometry.slices())
        .map(|s| {
            (0..geometry.slice_bytes())
                .map(|i| {
                    let fill = rest
                        .get((s * 131 + i) % rest.len().max(1))
                        .copied()
                        .unwrap_or(0);
                    fill ^ (s as u8)
                })
                .collect()
        })
        .collect();
    let tree = DataTree::new(geometry, &slices).expect("slices have the geometry's sizes");
    let genuine_data = &slices[slice][span.byte_range()];
    let genuine = tree.prove(&span, &slices[slice]).expect("genuine proof");
    genuine
        .verify(&tree.root(), &geometry, &span, genuine_data)
        .expect("genuine proof verifies");
    assert_eq!(
        MerkleProof::from_bytes(&genuine.to_bytes()).as_ref(),
        Ok(&genuine)
    );

    if let Ok(proof) = parsed {
        if let Some(root) = proof.implied_root() {
            let _ = proof.verify(&root, &geometry, &span, data);
        }
        if proof.verify(&tree.root(), &geometry, &span, data).is_ok() {
            assert_eq!(
                data, genuine_data,
                "a proof verified other bytes: keccak collision?"
            );
        }
        let _ = genuine.verify(&tree.root(), &geometry, &span, data);
    }
});
