//! Verifying untrusted samples against a fixed blob. The fuzzer's bytes
//! either are a whole sample encoding, or (first byte odd) flip bits of a
//! genuine sample. Property: whatever verifies carries exactly the blob's
//! bytes at the position it claims (no forged sector, subline or slice
//! passes).
#![no_main]

use std::sync::OnceLock;
use zg_kzg::{CellProver, CellVerifier, Commitment, Setup, Slices};
use zg_sampling::{
    NodeSlices, PodasRound, PodasSample, SampleSeed, SectorPosition, SectorSample, SliceSample,
    U256,
};
use zg_types::{DataTree, Digest, Geometry, Scalar, SectorSpan};

struct Fixture {
    geometry: Geometry,
    slices: Vec<Vec<u8>>,
    root: Digest,
    sector: Vec<u8>,
    podas: Vec<u8>,
    round: PodasRound,
    cells: Slices,
    verifier: CellVerifier,
    commitment: Commitment,
    slice: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // Slices of 4 KiB: 16 sectors and 4 PoDAS sublines each.
        let geometry = Geometry::new(8, 128, 3).expect("valid geometry");
        let slices: Vec<Vec<u8>> = (0..geometry.slices())
            .map(|s| {
                (0..geometry.slice_bytes())
                    .map(|i| (s * 37 + i * 11) as u8)
                    .collect()
            })
            .collect();
        let tree = DataTree::new(geometry, &slices).expect("tree");
        let node = NodeSlices::from_tree(&tree, &slices, 0..geometry.slices()).expect("node");
        let sector = node
            .sector_sample(SectorPosition {
                slice: 13,
                sector: 5,
            })
            .expect("sample")
            .to_bytes();
        let round = PodasRound {
            seed: SampleSeed::new([7; 32]),
            target: U256::MAX,
        };
        let hits = node.mine(&round, 3, 1).expect("mine");
        let hit = hits
            .first()
            .expect("with the largest target something wins");
        let podas = node
            .podas_sample(&round, 3, 1, hit)
            .expect("answer")
            .to_bytes()
            .expect("encodable");
        // A small KZG blob: 16 cells of 8 elements.
        let cell_geometry = Geometry::new(8, 8, 2).expect("valid geometry");
        let setup = Setup::insecure_from_seed(b"zg-sampling fuzz", 64, 9).expect("setup");
        let prover = CellProver::new(cell_geometry, &setup).expect("prover");
        let data: Vec<Scalar> = (0..64u64).map(|i| Scalar::from(i * 3 + 1)).collect();
        let (cells, proofs) = prover.cells_and_proofs(&data).expect("cells");
        let commitment = Commitment::from_point(prover.commit_data(&data).expect("commit"));
        let cell_node = NodeSlices::from_cells(&cells, &proofs, 0..16).expect("node");
        let slice = cell_node.slice_sample(5).expect("sample").to_bytes();
        Fixture {
            geometry,
            slices,
            root: tree.root(),
            sector,
            podas,
            round,
            cells,
            verifier: prover.verifier().clone(),
            commitment,
            slice,
        }
    })
}

fn mutate(base: &[u8], mask: &[u8]) -> Vec<u8> {
    let mut out = base.to_vec();
    for (i, m) in mask.iter().enumerate() {
        if let Some(b) = out.get_mut(i % base.len().max(1)) {
            *b ^= m;
        }
    }
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let (mode, rest) = match data.split_first() {
        Some((m, r)) => (*m, r),
        None => return,
    };
    let (sector_bytes, podas_bytes) = if mode & 1 == 1 {
        (mutate(&f.sector, rest), mutate(&f.podas, rest))
    } else {
        (rest.to_vec(), rest.to_vec())
    };

    let slice_bytes = if mode & 1 == 1 {
        mutate(&f.slice, rest)
    } else {
        rest.to_vec()
    };
    if let Ok(sample) = SliceSample::from_bytes(&slice_bytes) {
        if sample
            .verify(&f.verifier, &f.commitment, sample.slice())
            .is_ok()
        {
            assert_eq!(Some(sample.elements()), f.cells.slice(sample.slice()));
        }
    }
    if let Ok(sample) = SectorSample::from_bytes(&sector_bytes) {
        let pos = sample.position();
        if sample.verify(&f.geometry, &f.root, pos).is_ok() {
            let span =
                SectorSpan::sector(&f.geometry, pos.slice, pos.sector).expect("verified span");
            assert_eq!(&sample.data()[..], &f.slices[pos.slice][span.byte_range()]);
        }
    }
    if let Ok(sample) = PodasSample::from_bytes(&podas_bytes) {
        if sample.verify(&f.geometry, &f.round).is_ok() && sample.blob().data_root == f.root {
            let span = SectorSpan::subline(
                &f.geometry,
                sample.line() as usize,
                sample.subline() as usize,
            )
            .expect("verified span");
            assert_eq!(
                sample.data(),
                &f.slices[sample.line() as usize][span.byte_range()]
            );
        }
    }
});
