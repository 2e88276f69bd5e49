//! The conformance suite passes the in-memory backends and catches broken
//! ones.
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    reason = "test helpers panic on broken invariants"
)]

use std::sync::Mutex;
use zg_types::store::conformance::{check_slice_store, check_transport};
use zg_types::store::{Bytes, MemoryStore, MemoryTransport, sample_of};
use zg_types::{BlobId, Error, NodeId, SliceStore, Transport};

/// A store with one seeded bug, to check that the suite notices it.
#[derive(Default)]
struct Broken {
    inner: MemoryStore,
    bug: u8,
    seen: Mutex<Vec<usize>>,
}

impl SliceStore for Broken {
    fn put(&self, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error> {
        if self.bug == 0 && self.inner.get(blob, slice)?.is_some() {
            return Ok(()); // keeps the first bytes
        }
        self.seen.lock().unwrap().push(slice);
        self.inner.put(blob, slice, data)
    }
    fn get(&self, blob: BlobId, slice: usize) -> Result<Option<Bytes>, Error> {
        self.inner.get(blob, slice)
    }
    fn remove(&self, blob: BlobId, slice: usize) -> Result<bool, Error> {
        let removed = self.inner.remove(blob, slice)?;
        Ok(if self.bug == 1 { true } else { removed })
    }
    fn slices(&self, blob: BlobId) -> Result<Vec<usize>, Error> {
        if self.bug == 2 {
            // Insertion order, with duplicates.
            return Ok(self.seen.lock().unwrap().clone());
        }
        let all = self.inner.slices(blob)?;
        Ok(if self.bug == 3 {
            // Ignores the blob.
            self.seen.lock().unwrap().clone()
        } else {
            all
        })
    }
}

#[test]
fn in_memory_backends_conform() {
    check_slice_store(MemoryStore::new).unwrap();
    check_slice_store(|| Box::new(MemoryStore::new())).unwrap();
    check_slice_store(|| &*Box::leak(Box::new(MemoryStore::new()))).unwrap();
    check_transport(|nodes| MemoryTransport::<MemoryStore>::with_nodes(nodes.iter().copied()))
        .unwrap();
}

#[test]
fn broken_stores_are_caught() {
    for bug in 0..4 {
        let failure = check_slice_store(|| Broken {
            bug,
            ..Broken::default()
        })
        .unwrap_err();
        assert!(!failure.check().is_empty(), "bug {bug}: {failure}");
    }
}

/// A transport whose samples ignore the range start.
struct SloppySamples(MemoryTransport);

impl Transport for SloppySamples {
    fn deliver(&self, node: NodeId, blob: BlobId, slice: usize, data: Bytes) -> Result<(), Error> {
        self.0.deliver(node, blob, slice, data)
    }
    fn fetch_slice(
        &self,
        node: NodeId,
        blob: BlobId,
        slice: usize,
    ) -> Result<Option<Bytes>, Error> {
        self.0.fetch_slice(node, blob, slice)
    }
    fn fetch_sample(
        &self,
        node: NodeId,
        blob: BlobId,
        slice: usize,
        range: std::ops::Range<usize>,
    ) -> Result<Option<Bytes>, Error> {
        match self.0.fetch_slice(node, blob, slice)? {
            Some(b) => sample_of(&b, 0..range.end).map(Some),
            None => Ok(None),
        }
    }
}

#[test]
fn broken_transports_are_caught() {
    let failure =
        check_transport(|nodes| SloppySamples(MemoryTransport::with_nodes(nodes.iter().copied())))
            .unwrap_err();
    assert_eq!(failure.check(), "sample is the byte range");
    // A transport that accepts any node id.
    let failure = check_transport(|nodes| {
        let mut t = MemoryTransport::with_nodes(nodes.iter().copied());
        t.add_node(NodeId::new(7), MemoryStore::new());
        t
    })
    .unwrap_err();
    assert_eq!(failure.check(), "deliver to an unknown node fails");
}
