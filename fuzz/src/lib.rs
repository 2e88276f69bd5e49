//! Fixtures shared by the fuzz targets.

use std::sync::OnceLock;
use zg_kzg::Eip7594;
use zg_kzg::eip7594::CellBytes;

/// One EIP-7594 blob under the mainnet setup: the prover/verifier, the
/// blob's commitment, and all its cells and proofs.
pub struct EthereumCells {
    /// `Eip7594::mainnet()`.
    pub kzg: Eip7594,
    /// The blob's commitment.
    pub commitment: [u8; 48],
    /// All 128 cells.
    pub cells: Vec<CellBytes>,
    /// All 128 proofs.
    pub proofs: Vec<[u8; 48]>,
}

/// [`EthereumCells`] of a fixed blob, built on first use.
pub fn ethereum_cells() -> &'static EthereumCells {
    static FIXTURE: OnceLock<EthereumCells> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let kzg = Eip7594::mainnet().expect("embedded setup loads");
        let mut blob = vec![0u8; 131_072];
        for (i, chunk) in blob.chunks_exact_mut(32).enumerate() {
            chunk[31] = (i % 251) as u8;
            chunk[30] = (i / 251) as u8;
        }
        let (cells, proofs) = kzg.compute_cells_and_kzg_proofs(&blob).expect("valid blob");
        let eip4844 = zg_kzg::Eip4844::mainnet_verifier().expect("embedded setup loads");
        let commitment = eip4844.blob_to_kzg_commitment(&blob).expect("valid blob");
        EthereumCells {
            kzg,
            commitment,
            cells,
            proofs,
        }
    })
}
