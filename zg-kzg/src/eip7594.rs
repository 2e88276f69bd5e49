//! Ethereum's EIP-7594 (`PeerDAS`) cell functions
//! (`specs/fulu/polynomial-commitments-sampling.md`) on the spec's byte
//! encodings, over the cell engine with [`Geometry::ETHEREUM`].
//!
//! Every function takes untrusted bytes. An input that the spec rejects (a
//! wrong length, a non-canonical field element, an invalid point, an index
//! out of range, unsorted or repeated recovery indices, too few or too many
//! cells) is an [`Error`]; a well-formed batch that does not verify is
//! `Ok(false)`.

use crate::cells::{CellProver, ProverOptions, Slices, batch_challenge};
use crate::{Eip4844, Error, Setup};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use zg_types::encoding::{self, G1_BYTES, SCALAR_BYTES};
use zg_types::{G1Affine, Geometry, Scalar};

/// Field elements in a cell (`FIELD_ELEMENTS_PER_CELL`).
pub const FIELD_ELEMENTS_PER_CELL: usize = 64;
/// Bytes in a cell (`BYTES_PER_CELL`).
pub const BYTES_PER_CELL: usize = FIELD_ELEMENTS_PER_CELL * SCALAR_BYTES;
/// Cells in an extended blob (`CELLS_PER_EXT_BLOB`).
pub const CELLS_PER_EXT_BLOB: usize = 128;

/// A cell on the wire: 64 big-endian field elements.
pub type CellBytes = [u8; BYTES_PER_CELL];

/// The EIP-7594 functions over a 4096-point setup (the mainnet one by
/// default).
#[derive(Clone, Debug)]
pub struct Eip7594 {
    prover: CellProver,
}

impl Eip7594 {
    /// Over Ethereum's embedded mainnet setup, without fixed-base tables.
    #[cfg(feature = "ethereum-setup")]
    pub fn mainnet() -> Result<Self, Error> {
        Self::new(&Setup::ethereum_mainnet()?, ProverOptions::new())
    }

    /// Over any setup with 4096 G1 powers and at least 65 G2 powers. The
    /// options size FK20's precomputation (see [`ProverOptions`]).
    pub fn new(setup: &Setup, options: ProverOptions) -> Result<Self, Error> {
        let geometry = Geometry::ETHEREUM;
        if setup.len() != geometry.elements() {
            return Err(Error::LengthMismatch {
                what: "G1 powers of an EIP-7594 setup",
                expected: geometry.elements(),
                actual: setup.len(),
            });
        }
        Ok(Self {
            prover: CellProver::with_options(geometry, setup, options)?,
        })
    }

    /// The cell engine underneath.
    pub fn prover(&self) -> &CellProver {
        &self.prover
    }

    /// `compute_cells`: the 128 cells of a blob.
    pub fn compute_cells(&self, blob: &[u8]) -> Result<Vec<CellBytes>, Error> {
        let data = Eip4844::blob_to_polynomial(blob)?;
        Ok(cells_to_bytes(&self.prover.cells(&data)?))
    }

    /// `compute_cells_and_kzg_proofs`: the 128 cells of a blob and their
    /// proofs.
    pub fn compute_cells_and_kzg_proofs(
        &self,
        blob: &[u8],
    ) -> Result<(Vec<CellBytes>, Vec<[u8; G1_BYTES]>), Error> {
        let data = Eip4844::blob_to_polynomial(blob)?;
        let (cells, proofs) = self.prover.cells_and_proofs(&data)?;
        Ok((cells_to_bytes(&cells), proofs_to_bytes(&proofs)))
    }

    /// `recover_cells_and_kzg_proofs`: all cells and proofs from at least
    /// 64 of them. As the spec requires, `cell_indices` must be strictly
    /// increasing (the engine, [`CellProver::recover_cells_and_proofs`],
    /// accepts any order).
    pub fn recover_cells_and_kzg_proofs<C: AsRef<[u8]>>(
        &self,
        cell_indices: &[u64],
        cells: &[C],
    ) -> Result<(Vec<CellBytes>, Vec<[u8; G1_BYTES]>), Error> {
        if cell_indices.len() != cells.len() {
            return Err(Error::LengthMismatch {
                what: "cell indices (one per cell)",
                expected: cells.len(),
                actual: cell_indices.len(),
            });
        }
        if cells.len() > CELLS_PER_EXT_BLOB {
            return Err(Error::TooManyCells {
                max: CELLS_PER_EXT_BLOB,
                got: cells.len(),
            });
        }
        if cells.len() < CELLS_PER_EXT_BLOB / 2 {
            return Err(Error::TooFewCells {
                needed: CELLS_PER_EXT_BLOB / 2,
                got: cells.len(),
            });
        }
        let indices = cell_indices_checked(cell_indices)?;
        for (position, pair) in indices.windows(2).enumerate() {
            if let [a, b] = pair {
                if a == b {
                    return Err(Error::DuplicateCellIndex { index: *b });
                }
                if a > b {
                    return Err(Error::UnsortedCellIndices {
                        position: position + 1,
                        index: *b,
                    });
                }
            }
        }
        let parsed = indices
            .iter()
            .zip(cells)
            .map(|(&index, cell)| Ok((index, cell_from_bytes(index, cell.as_ref())?)))
            .collect::<Result<Vec<_>, Error>>()?;
        let (cells, proofs) = self.prover.recover_cells_and_proofs(&parsed)?;
        Ok((cells_to_bytes(&cells), proofs_to_bytes(&proofs)))
    }

    /// `verify_cell_kzg_proof_batch`: whether every `cells[k]` at
    /// `cell_indices[k]` opens `commitments[k]` with `proofs[k]`. Repeated
    /// commitments are merged as the spec does; an empty batch verifies.
    /// The challenge is the spec's; the linear combination weights cells
    /// with 128-bit values hashed from it instead of its powers
    /// ([`CellVerifier::verify_batch`](crate::CellVerifier::verify_batch)):
    /// sound to `2^-128`, and faster.
    pub fn verify_cell_kzg_proof_batch<A: AsRef<[u8]>, C: AsRef<[u8]>, P: AsRef<[u8]>>(
        &self,
        commitments: &[A],
        cell_indices: &[u64],
        cells: &[C],
        proofs: &[P],
    ) -> Result<bool, Error> {
        let n = cells.len();
        Error::check_lengths(
            n,
            [
                ("commitments (one per cell)", commitments.len()),
                ("cell indices (one per cell)", cell_indices.len()),
                ("proofs (one per cell)", proofs.len()),
            ],
        )?;
        // Distinct commitments in order of first appearance.
        let mut distinct: Vec<[u8; G1_BYTES]> = Vec::new();
        let mut position: BTreeMap<[u8; G1_BYTES], usize> = BTreeMap::new();
        let mut commitment_indices = Vec::with_capacity(n);
        for c in commitments {
            let bytes: [u8; G1_BYTES] = encoding::fixed("commitment", c.as_ref())?;
            let next = distinct.len();
            let j = *position.entry(bytes).or_insert(next);
            if j == next {
                distinct.push(bytes);
            }
            commitment_indices.push(j);
        }
        let indices = cell_indices_checked(cell_indices)?;
        let proof_bytes: Vec<[u8; G1_BYTES]> = proofs
            .iter()
            .map(|p| encoding::fixed("proof", p.as_ref()))
            .collect::<Result<_, _>>()?;
        let parsed_cells = indices
            .iter()
            .zip(cells)
            .map(|(&index, cell)| cell_from_bytes(index, cell.as_ref()))
            .collect::<Result<Vec<_>, Error>>()?;
        let parsed_commitments = parse_points(&distinct)?;
        let parsed_proofs = parse_points(&proof_bytes)?;
        if n == 0 {
            return Ok(true);
        }
        let commitment_indices_u64: Vec<u64> =
            commitment_indices.iter().map(|&j| j as u64).collect();
        let cell_bytes: Vec<&[u8]> = cells.iter().map(AsRef::as_ref).collect();
        let r = batch_challenge(
            Geometry::ETHEREUM,
            &distinct,
            &commitment_indices_u64,
            cell_indices,
            &cell_bytes,
            &proof_bytes,
        );
        self.prover.verifier().verify_batch_with_challenge(
            &parsed_commitments,
            &commitment_indices,
            &indices,
            &parsed_cells,
            &parsed_proofs,
            r,
        )
    }

    /// `compute_verify_cell_kzg_proof_batch_challenge`: the challenge of a
    /// batch over already deduplicated `commitments`, as 32 bytes. Cell `k`
    /// is `cells[k]` (its 64 field elements, 2048 bytes). Lengths and field
    /// elements are checked; points are hashed as given.
    pub fn compute_verify_cell_kzg_proof_batch_challenge<
        A: AsRef<[u8]>,
        C: AsRef<[u8]>,
        P: AsRef<[u8]>,
    >(
        commitments: &[A],
        commitment_indices: &[u64],
        cell_indices: &[u64],
        cells: &[C],
        proofs: &[P],
    ) -> Result<[u8; SCALAR_BYTES], Error> {
        let n = cells.len();
        Error::check_lengths(
            n,
            [
                (
                    "commitment indices (one per cell)",
                    commitment_indices.len(),
                ),
                ("cell indices (one per cell)", cell_indices.len()),
                ("proofs (one per cell)", proofs.len()),
            ],
        )?;
        let commitments: Vec<[u8; G1_BYTES]> = commitments
            .iter()
            .map(|c| encoding::fixed("commitment", c.as_ref()))
            .collect::<Result<_, _>>()?;
        let proofs: Vec<[u8; G1_BYTES]> = proofs
            .iter()
            .map(|p| encoding::fixed("proof", p.as_ref()))
            .collect::<Result<_, _>>()?;
        for &j in commitment_indices {
            if usize::try_from(j).map_or(true, |j| j >= commitments.len()) {
                return Err(Error::CommitmentIndexOutOfRange {
                    index: usize::try_from(j).unwrap_or(usize::MAX),
                    bound: commitments.len(),
                });
            }
        }
        let indices = cell_indices_checked(cell_indices)?;
        for (&index, cell) in indices.iter().zip(cells) {
            cell_from_bytes(index, cell.as_ref())?;
        }
        Ok(encoding::scalar_to_bytes(&batch_challenge(
            Geometry::ETHEREUM,
            &commitments,
            commitment_indices,
            cell_indices,
            cells,
            &proofs,
        )))
    }
}

/// Indices as `usize`, each below [`CELLS_PER_EXT_BLOB`].
fn cell_indices_checked(cell_indices: &[u64]) -> Result<Vec<usize>, Error> {
    cell_indices
        .iter()
        .map(|&i| match usize::try_from(i) {
            Ok(i) if i < CELLS_PER_EXT_BLOB => Ok(i),
            _ => Err(Error::CellIndexOutOfRange {
                index: usize::try_from(i).unwrap_or(usize::MAX),
                bound: CELLS_PER_EXT_BLOB,
            }),
        })
        .collect()
}

/// Parses an untrusted cell (`cell_to_coset_evals`): exactly 2048 bytes,
/// 64 canonical big-endian field elements.
pub fn parse_cell(bytes: &[u8]) -> Result<Vec<Scalar>, Error> {
    cell_from_bytes(0, bytes)
}

/// Encodes a cell of 64 field elements (`coset_evals_to_cell`).
pub fn encode_cell(cell: &[Scalar; FIELD_ELEMENTS_PER_CELL]) -> CellBytes {
    let mut out = [0u8; BYTES_PER_CELL];
    for (chunk, v) in out.chunks_exact_mut(SCALAR_BYTES).zip(cell) {
        chunk.copy_from_slice(&encoding::scalar_to_bytes(v));
    }
    out
}

/// `cell_to_coset_evals` for cell `index` (named in errors).
fn cell_from_bytes(index: usize, bytes: &[u8]) -> Result<Vec<Scalar>, Error> {
    if bytes.len() != BYTES_PER_CELL {
        return Err(Error::WrongCellLength {
            index,
            expected: BYTES_PER_CELL,
            actual: bytes.len(),
        });
    }
    bytes
        .chunks_exact(SCALAR_BYTES)
        .map(|chunk| encoding::scalar_from_slice(chunk).map_err(Error::from))
        .collect()
}

/// Decompresses and subgroup-checks every point: about half of a batch
/// verification, so it is spread over the caller's rayon pool under the
/// `parallel` feature. The error reported is the first in input order
/// either way.
fn parse_points(bytes: &[[u8; G1_BYTES]]) -> Result<Vec<G1Affine>, Error> {
    let parse = |b: &[u8; G1_BYTES]| encoding::g1_from_bytes(b).map_err(Error::from);
    #[cfg(feature = "parallel")]
    let parsed: Vec<Result<G1Affine, Error>> = {
        use rayon::prelude::*;
        bytes.par_iter().map(parse).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parsed: Vec<Result<G1Affine, Error>> = bytes.iter().map(parse).collect();
    parsed.into_iter().collect()
}

fn cells_to_bytes(cells: &Slices) -> Vec<CellBytes> {
    cells
        .iter()
        .map(|cell| {
            let mut out = [0u8; BYTES_PER_CELL];
            for (chunk, v) in out.chunks_exact_mut(SCALAR_BYTES).zip(cell) {
                chunk.copy_from_slice(&encoding::scalar_to_bytes(v));
            }
            out
        })
        .collect()
}

fn proofs_to_bytes(proofs: &[G1Affine]) -> Vec<[u8; G1_BYTES]> {
    proofs.iter().map(encoding::g1_to_bytes).collect()
}
