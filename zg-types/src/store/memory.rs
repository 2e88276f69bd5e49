//! In-memory [`SliceStore`] and [`Transport`].
//!
//! Interior mutability: with the `std` feature the maps sit behind a
//! `std::sync::RwLock`, so both types are `Send + Sync` and can be shared
//! between threads. Without `std` they sit in a `core::cell::RefCell`: the
//! types are then `Send` but not `Sync`, which is what a single-threaded
//! `no_std` or wasm host needs, and the compiler stops them from being
//! shared across threads. Either way no lock or borrow is held while
//! foreign code runs: values displaced by `put` or `remove` are dropped
//! after the map is released. A poisoned lock (a panic on another thread
//! while holding it) is recovered from, since every update leaves the map
//! consistent.

use super::{BlobId, NodeId, SliceStore, Transport, sample_of};
use crate::Error;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use bytes::Bytes;
use core::ops::Range;
use core::sync::atomic::{AtomicBool, Ordering};

/// The map behind a [`MemoryStore`], with interior mutability fitting the
/// build (see the module docs).
#[derive(Debug, Default)]
struct Shared<T> {
    #[cfg(feature = "std")]
    inner: std::sync::RwLock<T>,
    #[cfg(not(feature = "std"))]
    inner: core::cell::RefCell<T>,
}

impl<T> Shared<T> {
    #[cfg(feature = "std")]
    #[allow(
        clippy::unnecessary_wraps,
        reason = "the same signature as the no_std version, which can fail"
    )]
    fn read<R>(&self, blob: BlobId, f: impl FnOnce(&T) -> R) -> Result<R, Error> {
        let _ = blob;
        let guard = self
            .inner
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(f(&guard))
    }

    #[cfg(feature = "std")]
    #[allow(
        clippy::unnecessary_wraps,
        reason = "the same signature as the no_std version, which can fail"
    )]
    fn write<R>(&self, blob: BlobId, f: impl FnOnce(&mut T) -> R) -> Result<R, Error> {
        let _ = blob;
        let mut guard = self
            .inner
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(f(&mut guard))
    }

    #[cfg(not(feature = "std"))]
    fn read<R>(&self, blob: BlobId, f: impl FnOnce(&T) -> R) -> Result<R, Error> {
        let guard = self.inner.try_borrow().map_err(|_| reentered(blob))?;
        Ok(f(&guard))
    }

    #[cfg(not(feature = "std"))]
    fn write<R>(&self, blob: BlobId, f: impl FnOnce(&mut T) -> R) -> Result<R, Error> {
        let mut guard = self.inner.try_borrow_mut().map_err(|_| reentered(blob))?;
        Ok(f(&mut guard))
    }
}

/// The error for a store entered again while it is being updated (only
/// possible without `std`, from a destructor of a stored value's owner).
#[cfg(not(feature = "std"))]
fn reentered(blob: BlobId) -> Error {
    Error::Backend {
        blob,
        reason: alloc::string::String::from("in-memory store entered again while busy"),
    }
}

/// A [`SliceStore`] in a `BTreeMap` keyed by `(blob, slice)`.
#[derive(Debug, Default)]
pub struct MemoryStore {
    slices: Shared<BTreeMap<(BlobId, usize), Bytes>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The blobs with at least one slice held, ascending.
    pub fn blobs(&self) -> Result<Vec<BlobId>, Error> {
        self.slices.read(BlobId::default(), |map| {
            let mut blobs: Vec<BlobId> = map.keys().map(|(blob, _)| *blob).collect();
            blobs.dedup();
            blobs
        })
    }

    /// Total bytes held.
    pub fn stored_bytes(&self) -> Result<usize, Error> {
        self.slices
            .read(BlobId::default(), |map| map.values().map(Bytes::len).sum())
    }
}

impl SliceStore for MemoryStore {
    fn put(&self, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error> {
        let displaced = self
            .slices
            .write(blob, |map| map.insert((blob, slice), data))?;
        drop(displaced);
        Ok(())
    }

    fn get(&self, blob: BlobId, slice: usize) -> Result<Option<Bytes>, Error> {
        self.slices
            .read(blob, |map| map.get(&(blob, slice)).cloned())
    }

    fn remove(&self, blob: BlobId, slice: usize) -> Result<bool, Error> {
        let removed = self.slices.write(blob, |map| map.remove(&(blob, slice)))?;
        Ok(removed.is_some())
    }

    fn slices(&self, blob: BlobId) -> Result<Vec<usize>, Error> {
        self.slices.read(blob, |map| {
            map.range((blob, 0)..=(blob, usize::MAX))
                .map(|((_, slice), _)| *slice)
                .collect()
        })
    }
}

/// One node of a [`MemoryTransport`]: its store and whether it answers.
#[derive(Debug)]
struct Node<S> {
    store: S,
    reachable: AtomicBool,
}

/// A [`Transport`] over a fixed set of in-memory nodes, each with its own
/// [`SliceStore`] (a [`MemoryStore`] by default).
///
/// Nodes are added while setting up (`&mut self`); afterwards every
/// operation takes `&self`. A node can be made unreachable and reachable
/// again with [`set_reachable`](Self::set_reachable), to test how the
/// layers above cope with failing nodes.
#[derive(Debug)]
pub struct MemoryTransport<S = MemoryStore> {
    nodes: BTreeMap<NodeId, Node<S>>,
}

impl<S> Default for MemoryTransport<S> {
    fn default() -> Self {
        Self {
            nodes: BTreeMap::new(),
        }
    }
}

impl<S: SliceStore> MemoryTransport<S> {
    /// A transport with no nodes.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport with the given nodes, each with an empty default store.
    pub fn with_nodes(nodes: impl IntoIterator<Item = NodeId>) -> Self
    where
        S: Default,
    {
        let mut transport = Self::new();
        for node in nodes {
            transport.add_node(node, S::default());
        }
        transport
    }

    /// Adds (or replaces) node `node` with the store `store`; it starts
    /// reachable.
    pub fn add_node(&mut self, node: NodeId, store: S) {
        self.nodes.insert(
            node,
            Node {
                store,
                reachable: AtomicBool::new(true),
            },
        );
    }

    /// Makes `node` answer (`true`) or fail with
    /// [`Error::NodeUnreachable`] (`false`).
    pub fn set_reachable(&self, node: NodeId, reachable: bool) -> Result<(), Error> {
        let entry = self.nodes.get(&node).ok_or(Error::UnknownNode { node })?;
        entry.reachable.store(reachable, Ordering::Relaxed);
        Ok(())
    }

    /// The store of node `node`, to inspect what it holds.
    pub fn store(&self, node: NodeId) -> Option<&S> {
        self.nodes.get(&node).map(|entry| &entry.store)
    }

    /// The nodes, ascending.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes.keys().copied()
    }

    fn reach(&self, node: NodeId) -> Result<&S, Error> {
        let entry = self.nodes.get(&node).ok_or(Error::UnknownNode { node })?;
        if entry.reachable.load(Ordering::Relaxed) {
            Ok(&entry.store)
        } else {
            Err(Error::NodeUnreachable { node })
        }
    }
}

impl<S: SliceStore> Transport for MemoryTransport<S> {
    fn deliver(&self, node: NodeId, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error> {
        self.reach(node)?.put(blob, slice, data)
    }

    fn fetch_slice(
        &self,
        node: NodeId,
        blob: BlobId,
        slice: usize,
    ) -> Result<Option<Bytes>, Error> {
        self.reach(node)?.get(blob, slice)
    }

    fn fetch_sample(
        &self,
        node: NodeId,
        blob: BlobId,
        slice: usize,
        range: Range<usize>,
    ) -> Result<Option<Bytes>, Error> {
        match self.reach(node)?.get(blob, slice)? {
            Some(bytes) => sample_of(&bytes, range).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance;
    use alloc::vec;

    #[test]
    fn memory_store_passes_conformance() {
        conformance::check_slice_store(MemoryStore::new).unwrap();
    }

    #[test]
    fn memory_transport_passes_conformance() {
        conformance::check_transport(|nodes| {
            MemoryTransport::<MemoryStore>::with_nodes(nodes.iter().copied())
        })
        .unwrap();
    }

    #[cfg(feature = "std")]
    #[test]
    fn memory_types_are_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<MemoryStore>();
        shareable::<MemoryTransport>();
    }

    #[test]
    fn unreachable_nodes_fail_and_recover() {
        let a = NodeId::new(1);
        let t = MemoryTransport::<MemoryStore>::with_nodes([a]);
        let blob = BlobId::from([7; 32]);
        t.deliver(a, blob, 3, Bytes::from_static(b"abc")).unwrap();
        t.set_reachable(a, false).unwrap();
        assert_eq!(
            t.fetch_slice(a, blob, 3),
            Err(Error::NodeUnreachable { node: a })
        );
        t.set_reachable(a, true).unwrap();
        assert_eq!(
            t.fetch_sample(a, blob, 3, 1..3).unwrap().as_deref(),
            Some(&b"bc"[..])
        );
        assert_eq!(t.store(a).unwrap().blobs(), Ok(vec![blob]));
        assert_eq!(t.store(a).unwrap().stored_bytes(), Ok(3));
        assert_eq!(
            t.set_reachable(NodeId::new(2), true),
            Err(Error::UnknownNode {
                node: NodeId::new(2)
            })
        );
    }
}
