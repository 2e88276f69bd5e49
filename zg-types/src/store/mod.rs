//! Storage and transport traits for the layers above zg, with in-memory
//! implementations and a conformance suite.
//!
//! zg's libraries do no I/O. A node, a client or a chain module plugs its
//! own storage and networking in through two traits:
//!
//! - [`SliceStore`]: put, get and remove the bytes of one slice of one
//!   blob, and list the slice indices held for a blob;
//! - [`Transport`]: deliver a slice to a node, fetch a slice or a sample (a
//!   byte range of a slice) from a node.
//!
//! Both are plain synchronous traits taking `&self`, so they work the same
//! under any async runtime (wrap a call in the runtime's blocking task),
//! with threads, or in a single-threaded wasm module. Payloads are
//! [`Bytes`]: cheap to clone and to slice, so a sample is a view of the
//! stored slice, not a copy. Implementations that are shared between
//! threads should be `Send + Sync`; the traits do not demand it so that
//! single-threaded (`no_std`) backends can implement them too.
//!
//! [`MemoryStore`] and [`MemoryTransport`] keep everything in `BTreeMap`s.
//! [`conformance`] holds the checks every backend must pass; run them from
//! a backend's own tests:
//!
//! ```
//! use zg_types::store::{MemoryStore, MemoryTransport, conformance};
//!
//! conformance::check_slice_store(MemoryStore::new)?;
//! conformance::check_transport(|nodes| MemoryTransport::<MemoryStore>::with_nodes(nodes.iter().copied()))?;
//! # Ok::<(), conformance::ConformanceFailure>(())
//! ```

pub mod conformance;
mod memory;

use crate::Error;
use crate::merkle::Digest;
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
pub use bytes::Bytes;
use core::fmt;
use core::ops::Range;
pub use memory::{MemoryStore, MemoryTransport};

/// Identifies a blob: 32 bytes chosen by the layer above (typically the
/// blob's data root or a hash of its commitment).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BlobId([u8; 32]);

impl BlobId {
    /// Wraps 32 bytes as a blob id.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    /// The id's bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl From<[u8; 32]> for BlobId {
    fn from(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

impl From<Digest> for BlobId {
    /// A blob named by a digest, e.g. its data root.
    fn from(digest: Digest) -> Self {
        Self(digest.to_bytes())
    }
}

impl fmt::Debug for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobId({self})")
    }
}

impl fmt::Display for BlobId {
    /// Lower-case hex, 64 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Identifies a node to a [`Transport`]: an opaque number the layer above
/// assigns (an index into its node registry, a hash of a public key...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NodeId(u64);

impl NodeId {
    /// Wraps a number as a node id.
    pub const fn new(id: u64) -> Self {
        Self(id)
    }
    /// The id's number.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl From<u64> for NodeId {
    fn from(id: u64) -> Self {
        Self(id)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Where the slices of blobs are kept.
///
/// Semantics every implementation follows (checked by
/// [`conformance::check_slice_store`]):
///
/// - `put` stores `data` under `(blob, slice)`, replacing what was there;
/// - `get` returns exactly the bytes last put there, or `None`;
/// - `remove` deletes the entry and says whether there was one;
/// - `slices` lists the slice indices held for `blob`, ascending, each once;
/// - blobs are independent of each other.
///
/// Stores do not interpret the bytes: checking them against a geometry or a
/// commitment is the caller's job.
pub trait SliceStore {
    /// Stores the bytes of slice `slice` of `blob`, replacing any earlier
    /// bytes.
    fn put(&self, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error>;
    /// The bytes of slice `slice` of `blob`, if held.
    fn get(&self, blob: BlobId, slice: usize) -> Result<Option<Bytes>, Error>;
    /// Deletes slice `slice` of `blob`; `true` if it was held.
    fn remove(&self, blob: BlobId, slice: usize) -> Result<bool, Error>;
    /// The slice indices held for `blob`, ascending.
    fn slices(&self, blob: BlobId) -> Result<Vec<usize>, Error>;
}

/// How slices and samples move between nodes.
///
/// Semantics every implementation follows (checked by
/// [`conformance::check_transport`]):
///
/// - `deliver` hands slice `slice` of `blob` to `node`, which keeps it
///   (replacing an earlier delivery of the same slice);
/// - `fetch_slice` returns the bytes `node` holds for that slice, or `None`
///   when the node answers that it does not hold it;
/// - `fetch_sample` returns the bytes `range` of that slice (a view of
///   it), `None` when the node does not hold the slice, and
///   [`Error::RangeOutOfSlice`] when the range is not inside the slice;
/// - a node the transport cannot address gives [`Error::UnknownNode`], one
///   it cannot reach now [`Error::NodeUnreachable`].
pub trait Transport {
    /// Delivers slice `slice` of `blob` to `node`.
    fn deliver(&self, node: NodeId, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error>;
    /// Fetches slice `slice` of `blob` from `node`.
    fn fetch_slice(&self, node: NodeId, blob: BlobId, slice: usize)
    -> Result<Option<Bytes>, Error>;
    /// Fetches the bytes `range` of slice `slice` of `blob` from `node`.
    fn fetch_sample(
        &self,
        node: NodeId,
        blob: BlobId,
        slice: usize,
        range: Range<usize>,
    ) -> Result<Option<Bytes>, Error>;
}

/// Cuts `range` out of a slice's bytes, or says why it cannot.
pub fn sample_of(slice: &Bytes, range: Range<usize>) -> Result<Bytes, Error> {
    if range.start > range.end || range.end > slice.len() {
        return Err(Error::RangeOutOfSlice {
            start: range.start,
            end: range.end,
            slice_len: slice.len(),
        });
    }
    Ok(slice.slice(range))
}

macro_rules! forward_store {
    ($($ty:ty),*) => {$(
        impl<S: SliceStore + ?Sized> SliceStore for $ty {
            fn put(&self, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error> {
                (**self).put(blob, slice, data)
            }
            fn get(&self, blob: BlobId, slice: usize) -> Result<Option<Bytes>, Error> {
                (**self).get(blob, slice)
            }
            fn remove(&self, blob: BlobId, slice: usize) -> Result<bool, Error> {
                (**self).remove(blob, slice)
            }
            fn slices(&self, blob: BlobId) -> Result<Vec<usize>, Error> {
                (**self).slices(blob)
            }
        }
    )*};
}

macro_rules! forward_transport {
    ($($ty:ty),*) => {$(
        impl<T: Transport + ?Sized> Transport for $ty {
            fn deliver(&self, node: NodeId, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error> {
                (**self).deliver(node, blob, slice, data)
            }
            fn fetch_slice(&self, node: NodeId, blob: BlobId, slice: usize) -> Result<Option<Bytes>, Error> {
                (**self).fetch_slice(node, blob, slice)
            }
            fn fetch_sample(
                &self,
                node: NodeId,
                blob: BlobId,
                slice: usize,
                range: Range<usize>,
            ) -> Result<Option<Bytes>, Error> {
                (**self).fetch_sample(node, blob, slice, range)
            }
        }
    )*};
}

forward_store!(&S, Box<S>, Arc<S>);
forward_transport!(&T, Box<T>, Arc<T>);
