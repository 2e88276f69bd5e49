//! The prover's side: the slices a node holds, and the samples it can (and
//! cannot) answer from them.

use crate::Error;
use crate::podas::{PodasBlob, PodasHit, PodasRound, PodasSample, mine_line};
use crate::sector::SectorSample;
use crate::select::SectorPosition;
use crate::slice::{SliceSample, elements_from_bytes};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use zg_kzg::blob::{BlobSlice, EncodedBlob};
use zg_kzg::{Proof, Slices};
use zg_types::encoding::scalar_to_bytes;
use zg_types::merkle::{SECTOR_BYTES, hash_pair, keccak256};
use zg_types::{DataTree, Digest, G1Affine, Geometry, MerkleProof, SectorSpan};

/// One held slice: its bytes and the Merkle siblings from its root to its
/// family root.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeldSlice {
    bytes: Vec<u8>,
    family_path: Vec<Digest>,
    cell_proof: Option<Proof>,
}

/// The slices of one blob that a node holds, each checked against the
/// blob's data root when it is added. A node answers samples of these
/// slices and reports the ones it lacks ([`Error::MissingSlice`]).
///
/// A storage node gets each slice with its whole-slice Merkle proof
/// ([`DataTree::prove_slice`]); [`insert`](Self::insert) checks that proof
/// and keeps its path, so sector and subline proofs need only the slice's own
/// bytes afterwards. [`from_tree`](Self::from_tree) fills it from an encoded
/// blob's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSlices {
    geometry: Geometry,
    data_root: Digest,
    family_roots: Vec<Digest>,
    held: BTreeMap<usize, HeldSlice>,
}

/// A node's answer to a list of slice requests: what it could prove, and
/// which slices it lacks (or holds without a cell proof).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SliceAnswers {
    /// Samples for the requested slices the node can prove, in request
    /// order.
    pub samples: Vec<SliceSample>,
    /// Requested slices the node does not hold, or holds without a KZG cell
    /// proof.
    pub missing: Vec<usize>,
}

/// A node's answer to a list of sector requests: what it could prove, and
/// which positions it lacks.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SectorAnswers {
    /// Samples for the requested positions the node holds, in request order.
    pub samples: Vec<SectorSample>,
    /// Requested positions in slices the node does not hold.
    pub missing: Vec<SectorPosition>,
}

impl NodeSlices {
    /// A node holding nothing yet of the blob with data root `data_root`.
    pub fn new(geometry: Geometry, data_root: Digest) -> Self {
        Self {
            geometry,
            data_root,
            family_roots: Vec::new(),
            held: BTreeMap::new(),
        }
    }

    /// The slices `which` of an encoded blob (`slices` are all its slices in
    /// order, `tree` their data tree).
    pub fn from_tree<S: AsRef<[u8]>>(
        tree: &DataTree,
        slices: &[S],
        which: impl IntoIterator<Item = usize>,
    ) -> Result<Self, Error> {
        let mut node = Self::new(*tree.geometry(), tree.root());
        for slice in which {
            let bytes = slices.get(slice).ok_or(Error::IndexOutOfRange {
                what: "slice",
                index: slice as u64,
                bound: slices.len() as u64,
            })?;
            let proof = tree.prove_slice(slice)?;
            node.insert(slice, bytes.as_ref().to_vec(), &proof)?;
        }
        Ok(node)
    }

    /// The slices `which` of a blob given as cells and their KZG cell proofs
    /// (what [`CellProver::cells_and_proofs`](zg_kzg::CellProver::cells_and_proofs)
    /// returns): builds the data tree over all cells' bytes and keeps the
    /// chosen slices with both proofs.
    pub fn from_cells(
        cells: &Slices,
        proofs: &[G1Affine],
        which: impl IntoIterator<Item = usize>,
    ) -> Result<Self, Error> {
        let geometry = cells.geometry();
        if proofs.len() != geometry.slices() {
            return Err(Error::WrongLength {
                what: "cell proofs (one per slice)",
                expected: geometry.slices(),
                actual: proofs.len(),
            });
        }
        let bytes: Vec<Vec<u8>> = cells
            .iter()
            .map(|cell| cell.iter().flat_map(scalar_to_bytes).collect())
            .collect();
        let tree = DataTree::new(geometry, &bytes)?;
        let mut node = Self::new(geometry, tree.root());
        for slice in which {
            let (Some(slice_bytes), Some(proof)) = (bytes.get(slice), proofs.get(slice)) else {
                return Err(Error::IndexOutOfRange {
                    what: "slice",
                    index: slice as u64,
                    bound: geometry.slices() as u64,
                });
            };
            node.insert(slice, slice_bytes.clone(), &tree.prove_slice(slice)?)?;
            node.insert_cell_proof(slice, Proof::from_point(*proof))?;
        }
        Ok(node)
    }

    /// The slices `which` of a blob from `zg-kzg`'s 0G blob encoder: each
    /// with its elements, KZG cell proof and Merkle proof (checked against
    /// the header's data root as it is added).
    pub fn from_encoded_blob(
        blob: &EncodedBlob,
        which: impl IntoIterator<Item = usize>,
    ) -> Result<Self, Error> {
        let geometry = blob.header().geometry();
        let mut node = Self::new(geometry, blob.data_root());
        for slice in which {
            let held = blob.slice(slice).ok_or(Error::IndexOutOfRange {
                what: "slice",
                index: slice as u64,
                bound: blob.slices().len() as u64,
            })?;
            node.insert_blob_slice(held)?;
        }
        Ok(node)
    }

    /// Adds one slice as `zg-kzg`'s blob encoder hands it out (index,
    /// elements, KZG cell proof, Merkle proof); the Merkle proof is checked
    /// against this node's data root. Check the KZG proof with
    /// `zg-kzg`'s `BlobVerifier` before trusting the slice.
    pub fn insert_blob_slice(&mut self, slice: &BlobSlice) -> Result<(), Error> {
        let index = slice.index();
        self.insert(index, slice.element_bytes(), slice.merkle_proof())?;
        self.insert_cell_proof(index, Proof::from_point(*slice.proof()))
    }

    /// Attaches the KZG cell proof of a held slice (a signer node receives
    /// it with the slice and checks it with `zg-kzg`'s verifier first).
    pub fn insert_cell_proof(&mut self, slice: usize, proof: Proof) -> Result<(), Error> {
        let held = self
            .held
            .get_mut(&slice)
            .ok_or(Error::MissingSlice { slice })?;
        held.cell_proof = Some(proof);
        Ok(())
    }

    /// Adds slice `slice` with its whole-slice Merkle proof, after checking
    /// the proof against the data root (so a node never stores, and later
    /// serves, bytes that do not belong to the blob).
    pub fn insert(
        &mut self,
        slice: usize,
        bytes: Vec<u8>,
        proof: &MerkleProof,
    ) -> Result<(), Error> {
        let span = SectorSpan::slice(&self.geometry, slice)?;
        proof.verify(&self.data_root, &self.geometry, &span, &bytes)?;
        if self.family_roots.is_empty() {
            self.family_roots = proof.family_roots().to_vec();
        }
        self.held.insert(
            slice,
            HeldSlice {
                bytes,
                family_path: proof.path().to_vec(),
                cell_proof: None,
            },
        );
        Ok(())
    }

    /// The geometry of the blob.
    pub const fn geometry(&self) -> &Geometry {
        &self.geometry
    }
    /// The blob's data root.
    pub const fn data_root(&self) -> Digest {
        self.data_root
    }
    /// Whether the node holds slice `slice`.
    pub fn holds(&self, slice: usize) -> bool {
        self.held.contains_key(&slice)
    }
    /// The slices held, ascending.
    pub fn held(&self) -> impl Iterator<Item = usize> + '_ {
        self.held.keys().copied()
    }
    /// The slices of the blob not held, ascending.
    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.geometry.slices()).filter(|s| !self.held.contains_key(s))
    }
    /// The bytes of a held slice.
    pub fn slice_bytes(&self, slice: usize) -> Option<&[u8]> {
        self.held.get(&slice).map(|h| h.bytes.as_slice())
    }

    fn get(&self, slice: usize) -> Result<&HeldSlice, Error> {
        if slice >= self.geometry.slices() {
            return Err(Error::IndexOutOfRange {
                what: "slice",
                index: slice as u64,
                bound: self.geometry.slices() as u64,
            });
        }
        self.held.get(&slice).ok_or(Error::MissingSlice { slice })
    }

    /// A Merkle proof of any aligned span inside a held slice.
    pub fn prove_span(&self, span: &SectorSpan) -> Result<MerkleProof, Error> {
        span.check(&self.geometry)?;
        let held = self.get(span.slice_index())?;
        let mut path = path_inside_slice(&held.bytes, span);
        path.extend_from_slice(&held.family_path);
        Ok(MerkleProof::from_parts(self.family_roots.clone(), path)?)
    }

    /// The sample of one sector, or [`Error::MissingSlice`] when its slice
    /// is not held.
    pub fn sector_sample(&self, position: SectorPosition) -> Result<SectorSample, Error> {
        let span = SectorSpan::sector(&self.geometry, position.slice, position.sector)?;
        let proof = self.prove_span(&span)?;
        let held = self.get(position.slice)?;
        let mut data = [0u8; SECTOR_BYTES];
        if let Some(bytes) = held.bytes.get(span.byte_range()) {
            data.copy_from_slice(bytes);
        }
        SectorSample::new(position, data, proof)
    }

    /// Answers a list of sector requests: a sample for each position in a
    /// held slice, and the list of positions the node lacks. Positions
    /// outside the geometry are an error (they are not "missing", they do
    /// not exist).
    pub fn answer_sectors(&self, requests: &[SectorPosition]) -> Result<SectorAnswers, Error> {
        let mut answers = SectorAnswers::default();
        for &position in requests {
            match self.sector_sample(position) {
                Ok(sample) => answers.samples.push(sample),
                Err(Error::MissingSlice { .. }) => answers.missing.push(position),
                Err(e) => return Err(e),
            }
        }
        Ok(answers)
    }

    /// The slice sample of a held slice, or [`Error::MissingSlice`] /
    /// [`Error::MissingCellProof`] naming what the node lacks.
    pub fn slice_sample(&self, slice: usize) -> Result<SliceSample, Error> {
        let held = self.get(slice)?;
        let proof = held.cell_proof.ok_or(Error::MissingCellProof { slice })?;
        let elements = elements_from_bytes(&self.geometry, &held.bytes)?;
        SliceSample::new(slice, elements, proof)
    }

    /// Answers a list of slice requests: a sample for each slice the node
    /// can prove, and the list of slices it lacks. Slices outside the
    /// geometry are an error.
    pub fn answer_slices(&self, requests: &[usize]) -> Result<SliceAnswers, Error> {
        let mut answers = SliceAnswers::default();
        for &slice in requests {
            match self.slice_sample(slice) {
                Ok(sample) => answers.samples.push(sample),
                Err(Error::MissingSlice { .. } | Error::MissingCellProof { .. }) => {
                    answers.missing.push(slice);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(answers)
    }

    /// Every winning (line, subline) among the held slices for `round`:
    /// the `PoDAS` miner's scan. With the `parallel` feature the lines are
    /// scanned on the caller's rayon pool. Hits are in line order.
    pub fn mine(
        &self,
        round: &PodasRound,
        epoch: u64,
        quorum_id: u64,
    ) -> Result<Vec<PodasHit>, Error> {
        let blob = PodasBlob {
            epoch,
            quorum_id,
            data_root: self.data_root,
        };
        let scan = |(line, held): (&usize, &HeldSlice)| {
            mine_line(&self.geometry, round, &blob, *line, &held.bytes)
        };
        #[cfg(feature = "parallel")]
        let per_line: Vec<Vec<PodasHit>> = {
            use rayon::prelude::*;
            let lines: Vec<_> = self.held.iter().collect();
            lines.into_par_iter().map(scan).collect::<Result<_, _>>()?
        };
        #[cfg(not(feature = "parallel"))]
        let per_line: Vec<Vec<PodasHit>> = self.held.iter().map(scan).collect::<Result<_, _>>()?;
        Ok(per_line.into_iter().flatten().collect())
    }

    /// The `PoDAS` answer for a hit of [`mine`](Self::mine): the subline
    /// and its Merkle proof.
    pub fn podas_sample(
        &self,
        round: &PodasRound,
        epoch: u64,
        quorum_id: u64,
        hit: &PodasHit,
    ) -> Result<PodasSample, Error> {
        let span = SectorSpan::subline(&self.geometry, hit.line, hit.subline)?;
        let proof = self.prove_span(&span)?;
        let held = self.get(hit.line)?;
        let data = held
            .bytes
            .get(span.byte_range())
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        PodasSample::new(
            round.seed,
            PodasBlob {
                epoch,
                quorum_id,
                data_root: self.data_root,
            },
            hit.line,
            hit.subline,
            data,
            proof,
        )
    }
}

/// The siblings from `span`'s subtree up to its slice's root, bottom up.
/// `slice` is the whole slice's bytes and `span` fits them.
fn path_inside_slice(slice: &[u8], span: &SectorSpan) -> Vec<Digest> {
    let mut level: Vec<Digest> = slice.chunks_exact(SECTOR_BYTES).map(keccak256).collect();
    let mut path = Vec::new();
    let mut width = 1;
    let mut index = span.first_sector();
    while level.len() > 1 {
        if width >= span.sectors() {
            path.push(level.get(index ^ 1).copied().unwrap_or_default());
        }
        level = level
            .chunks_exact(2)
            .map(|pair| match pair {
                [left, right] => hash_pair(left, right),
                _ => Digest::default(),
            })
            .collect();
        width *= 2;
        index /= 2;
    }
    path
}
