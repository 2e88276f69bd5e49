//! The in-memory backends against a model, on random operation sequences.
#![allow(clippy::unwrap_used, reason = "test helpers")]

use proptest::prelude::*;
use std::collections::BTreeMap;
use zg_types::store::{Bytes, MemoryStore, MemoryTransport};
use zg_types::{BlobId, Error, NodeId, SliceStore, Transport};

#[derive(Debug, Clone)]
enum Op {
    Put(u8, usize, Vec<u8>),
    Remove(u8, usize),
    Sample(u8, u8, usize, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            0u8..3,
            0usize..6,
            proptest::collection::vec(any::<u8>(), 0..40)
        )
            .prop_map(|(b, s, d)| Op::Put(b, s, d)),
        (0u8..3, 0usize..6).prop_map(|(b, s)| Op::Remove(b, s)),
        (0u8..4, 0u8..3, 0usize..6, 0usize..50, 0usize..50)
            .prop_map(|(n, b, s, x, y)| Op::Sample(n, b, s, x, y)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn memory_store_matches_a_map(ops in proptest::collection::vec(op(), 0..60)) {
        let store = MemoryStore::new();
        let mut model: BTreeMap<(u8, usize), Vec<u8>> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Put(b, s, d) => {
                    store.put(BlobId::from([b; 32]), s, Bytes::from(d.clone())).unwrap();
                    model.insert((b, s), d);
                }
                Op::Remove(b, s) => {
                    let removed = store.remove(BlobId::from([b; 32]), s).unwrap();
                    prop_assert_eq!(removed, model.remove(&(b, s)).is_some());
                }
                Op::Sample(_, b, s, _, _) => {
                    let got = store.get(BlobId::from([b; 32]), s).unwrap();
                    prop_assert_eq!(got.as_deref(), model.get(&(b, s)).map(Vec::as_slice));
                }
            }
            for b in 0..3u8 {
                let want: Vec<usize> = model.keys().filter(|k| k.0 == b).map(|k| k.1).collect();
                prop_assert_eq!(store.slices(BlobId::from([b; 32])).unwrap(), want);
            }
        }
        let total: usize = model.values().map(Vec::len).sum();
        prop_assert_eq!(store.stored_bytes().unwrap(), total);
    }

    #[test]
    fn memory_transport_matches_a_map(ops in proptest::collection::vec(op(), 0..60)) {
        // Nodes 0..3 exist; node 3 does not.
        let transport = MemoryTransport::<MemoryStore>::with_nodes((0..3).map(NodeId::new));
        let mut model: BTreeMap<(u8, u8, usize), Vec<u8>> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Put(b, s, d) => {
                    let node = b; // reuse the blob tag as the node
                    transport
                        .deliver(NodeId::new(u64::from(node)), BlobId::from([b; 32]), s, Bytes::from(d.clone()))
                        .unwrap();
                    model.insert((node, b, s), d);
                }
                Op::Remove(..) => {}
                Op::Sample(n, b, s, x, y) => {
                    let node = NodeId::new(u64::from(n));
                    let got = transport.fetch_sample(node, BlobId::from([b; 32]), s, x..y);
                    if n == 3 {
                        prop_assert_eq!(got, Err(Error::UnknownNode { node }));
                        continue;
                    }
                    match model.get(&(n, b, s)) {
                        None => prop_assert_eq!(got, Ok(None)),
                        Some(d) if x <= y && y <= d.len() => {
                            let got = got.unwrap();
                            prop_assert_eq!(got.as_deref(), Some(&d[x..y]));
                        }
                        Some(d) => prop_assert_eq!(
                            got,
                            Err(Error::RangeOutOfSlice { start: x, end: y, slice_len: d.len() })
                        ),
                    }
                }
            }
        }
    }
}
