//! Property tests of the data root and its proofs at small geometries.
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    reason = "test helpers panic on broken invariants"
)]

use proptest::prelude::*;
use zg_types::merkle::{
    DataTree, Digest, MerkleProof, SECTOR_BYTES, SUBLINE_BYTES, SectorSpan, hash_pair, keccak256,
    slice_root,
};
use zg_types::{Error, Geometry};

/// Deterministic pseudo-random bytes (xorshift64*), so a case is its seed.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_be_bytes()[0]
        })
        .collect()
}

fn slices(geometry: &Geometry, seed: u64) -> Vec<Vec<u8>> {
    let all = bytes(seed, geometry.slices() * geometry.slice_bytes());
    all.chunks(geometry.slice_bytes())
        .map(<[u8]>::to_vec)
        .collect()
}

/// The 0G data root computed straight from the definition: every family's
/// sectors as leaves of one tree, then the left fold of the family roots.
fn reference_root(geometry: &Geometry, slices: &[Vec<u8>]) -> Digest {
    let family_roots: Vec<Digest> = slices
        .chunks(geometry.rows())
        .map(|family| {
            let mut level: Vec<Digest> = family
                .concat()
                .chunks(SECTOR_BYTES)
                .map(keccak256)
                .collect();
            while level.len() > 1 {
                level = level.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
            }
            level[0]
        })
        .collect();
    let mut acc = family_roots[0];
    for root in &family_roots[1..] {
        acc = hash_pair(&acc, root);
    }
    acc
}

fn geometry() -> impl Strategy<Value = Geometry> {
    prop_oneof![
        Just(Geometry::ZG_TEST),
        Just(Geometry::ETHEREUM),
        (0u32..5, 3u32..7, 2usize..6)
            .prop_map(|(r, c, f)| Geometry::new(1 << r, 1 << c, f).unwrap()),
    ]
}

/// A geometry, a span inside it (sector, subline where slices are large
/// enough, whole slice, or any aligned run) and a data seed.
fn case() -> impl Strategy<Value = (Geometry, SectorSpan, u64)> {
    (geometry(), any::<u64>(), any::<u64>(), 0u8..4).prop_map(|(g, pick, seed, kind)| {
        let slice = usize::try_from(pick % g.slices() as u64).unwrap();
        let per_slice = g.slice_bytes() / SECTOR_BYTES;
        let low = usize::try_from(pick >> 32).unwrap();
        let span = match kind {
            0 => SectorSpan::sector(&g, slice, low % per_slice).unwrap(),
            1 if g.slice_bytes() >= SUBLINE_BYTES => {
                SectorSpan::subline(&g, slice, low % (g.slice_bytes() / SUBLINE_BYTES)).unwrap()
            }
            2 => {
                let sectors = 1 << (low % (per_slice.trailing_zeros() as usize + 1));
                let first = (low / 7) % (per_slice / sectors) * sectors;
                SectorSpan::new(&g, slice, first, sectors).unwrap()
            }
            _ => SectorSpan::slice(&g, slice).unwrap(),
        };
        (g, span, seed)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn tree_matches_the_definition((g, _span, seed) in case()) {
        let s = slices(&g, seed);
        let tree = DataTree::new(g, &s).unwrap();
        prop_assert_eq!(tree.root(), reference_root(&g, &s));
        let roots: Vec<Digest> = s.iter().map(|x| slice_root(&g, x).unwrap()).collect();
        prop_assert_eq!(DataTree::from_slice_roots(g, &roots).unwrap(), tree);
    }

    #[test]
    fn proofs_verify_and_break_on_any_change((g, span, seed) in case(), flip in any::<u64>()) {
        let s = slices(&g, seed);
        let tree = DataTree::new(g, &s).unwrap();
        let root = tree.root();
        let slice = &s[span.slice_index()];
        let data = &slice[span.byte_range()];
        let proof = tree.prove(&span, slice).unwrap();
        proof.verify(&root, &g, &span, data).unwrap();
        if span.sectors() * SECTOR_BYTES == g.slice_bytes() {
            prop_assert_eq!(&tree.prove_slice(span.slice_index()).unwrap(), &proof);
        }

        // Bytes round trip.
        let encoded = proof.to_bytes();
        prop_assert_eq!(&MerkleProof::from_bytes(&encoded).unwrap(), &proof);

        let mask = u8::try_from(flip % 255 + 1).unwrap();
        let at = usize::try_from(flip >> 40).unwrap();

        // Any byte of the data.
        let mut bad = data.to_vec();
        let n = bad.len();
        bad[at % n] ^= mask;
        prop_assert_eq!(
            proof.verify(&root, &g, &span, &bad),
            Err(Error::FamilyRootMismatch { family: g.family_of(span.slice_index()) })
        );

        // Any byte of the root.
        let mut bad_root = root.to_bytes();
        bad_root[at % 32] ^= mask;
        prop_assert_eq!(
            proof.verify(&Digest::from(bad_root), &g, &span, data),
            Err(Error::BlobRootMismatch)
        );

        // Any byte of the encoded proof: header changes break parsing,
        // digest changes break verification.
        let mut bad_bytes = encoded.clone();
        bad_bytes[at % encoded.len()] ^= mask;
        match MerkleProof::from_bytes(&bad_bytes) {
            Err(Error::WrongLength { .. }) => prop_assert!(at % encoded.len() < 3),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
            Ok(changed) => prop_assert!(changed.verify(&root, &g, &span, data).is_err()),
        }

        // Any byte of the path alone (when there is one).
        if !proof.path().is_empty() {
            let mut path = proof.path().to_vec();
            let i = at % path.len();
            let mut d = path[i].to_bytes();
            d[(at / 7) % 32] ^= mask;
            path[i] = Digest::from(d);
            let changed = MerkleProof::from_parts(proof.family_roots().to_vec(), path).unwrap();
            prop_assert_eq!(
                changed.verify(&root, &g, &span, data),
                Err(Error::FamilyRootMismatch { family: g.family_of(span.slice_index()) })
            );
        }

        // Another position of the same size: another slice, or another run
        // in the same slice.
        let other_slice = (span.slice_index() + 1 + at % (g.slices() - 1)) % g.slices();
        let moved = SectorSpan::new(&g, other_slice, span.first_sector(), span.sectors()).unwrap();
        prop_assert!(proof.verify(&root, &g, &moved, data).is_err());
        let runs = g.slice_bytes() / SECTOR_BYTES / span.sectors();
        if runs > 1 {
            let run = span.first_sector() / span.sectors();
            let other = (run + 1 + at % (runs - 1)) % runs;
            let shifted = SectorSpan::new(&g, span.slice_index(), other * span.sectors(), span.sectors()).unwrap();
            prop_assert!(proof.verify(&root, &g, &shifted, data).is_err());
        }
    }

    #[test]
    fn proof_parsing_never_panics_and_round_trips(raw in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(proof) = MerkleProof::from_bytes(&raw) {
            prop_assert_eq!(proof.to_bytes(), raw);
        }
    }
}

#[test]
fn proving_checks_its_inputs() {
    let g = Geometry::new(4, 16, 2).unwrap();
    let s = slices(&g, 9);
    let tree = DataTree::new(g, &s).unwrap();
    let span = SectorSpan::sector(&g, 2, 1).unwrap();
    assert_eq!(
        tree.prove(&span, &s[2][1..]),
        Err(Error::WrongLength {
            what: "slice",
            expected: 512,
            actual: 511
        })
    );
    assert!(matches!(
        SectorSpan::subline(&g, 0, 0),
        Err(Error::IndexOutOfRange {
            what: "subline",
            ..
        })
    ));
    assert!(matches!(
        tree.prove_slice(8),
        Err(Error::IndexOutOfRange { what: "slice", .. })
    ));
    assert_eq!(tree.slice_root(3), Some(slice_root(&g, &s[3]).unwrap()));
    assert_eq!(tree.slice_root(8), None);
}
