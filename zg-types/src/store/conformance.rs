//! Checks that a [`SliceStore`] or [`Transport`] backend behaves as the
//! traits document.
//!
//! Call [`check_slice_store`] and [`check_transport`] from a backend's
//! tests. They stop at the first broken rule and say which one in a
//! [`ConformanceFailure`]. They use blob ids starting with the bytes
//! `zg-conformance` and slice indices up to `u32::MAX`, write at most a few
//! hundred KiB, and clean up nothing: give them fresh, empty backends.

use super::{BlobId, Bytes, NodeId, SliceStore, Transport};
use crate::Error;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The first rule a backend broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConformanceFailure {
    check: &'static str,
    detail: String,
}

impl ConformanceFailure {
    /// The rule that was broken, in words.
    pub fn check(&self) -> &'static str {
        self.check
    }
    /// What the backend did instead.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for ConformanceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "conformance check failed: {}: {}",
            self.check, self.detail
        )
    }
}

impl core::error::Error for ConformanceFailure {}

/// Compares what a backend returned with what the rule wants.
#[allow(
    clippy::needless_pass_by_value,
    reason = "callers pass fresh results; taking them by value keeps the checks readable"
)]
fn expect<T: PartialEq + fmt::Debug>(
    check: &'static str,
    got: T,
    want: T,
) -> Result<(), ConformanceFailure> {
    if got == want {
        Ok(())
    } else {
        Err(ConformanceFailure {
            check,
            detail: format!("got {got:?}, expected {want:?}"),
        })
    }
}

/// Unwraps a backend result, turning an error into a failure of `check`.
fn ok<T>(check: &'static str, result: Result<T, Error>) -> Result<T, ConformanceFailure> {
    result.map_err(|e| ConformanceFailure {
        check,
        detail: format!("unexpected error: {e}"),
    })
}

/// A test blob id: a fixed prefix and a distinguishing last byte.
fn blob(tag: u8) -> BlobId {
    let mut bytes = [tag; 32];
    bytes[..14].copy_from_slice(b"zg-conformance");
    BlobId::from_bytes(bytes)
}

/// Test slice bytes that differ for every `(seed, len)`.
fn payload(seed: u8, len: usize) -> Bytes {
    (0..len)
        .map(|i| {
            #[allow(clippy::cast_possible_truncation, reason = "a repeating pattern")]
            let low = i as u8;
            low.wrapping_mul(31).wrapping_add(seed)
        })
        .collect::<Vec<u8>>()
        .into()
}

/// Runs every [`SliceStore`] rule against stores from `make` (called once
/// per group of checks; each must return an empty store).
pub fn check_slice_store<S: SliceStore>(make: impl Fn() -> S) -> Result<(), ConformanceFailure> {
    let (a, b) = (blob(1), blob(2));

    // An empty store holds nothing.
    let store = make();
    expect("empty store: get", ok("get", store.get(a, 0))?, None)?;
    expect(
        "empty store: slices",
        ok("slices", store.slices(a))?,
        Vec::new(),
    )?;
    expect(
        "empty store: remove",
        ok("remove", store.remove(a, 0))?,
        false,
    )?;

    // Put then get returns the same bytes; put replaces.
    let store = make();
    let first = payload(1, 1024);
    let second = payload(2, 32 * 1024);
    ok("put", store.put(a, 9, first.clone()))?;
    expect("get after put", ok("get", store.get(a, 9))?, Some(first))?;
    ok("put again", store.put(a, 9, second.clone()))?;
    expect("put replaces", ok("get", store.get(a, 9))?, Some(second))?;
    expect(
        "replacing keeps one entry",
        ok("slices", store.slices(a))?,
        [9].to_vec(),
    )?;
    ok("put empty", store.put(a, 10, Bytes::new()))?;
    expect(
        "empty slice is held",
        ok("get", store.get(a, 10))?,
        Some(Bytes::new()),
    )?;

    // Listing is ascending and without duplicates, whatever the put order.
    let store = make();
    let extreme = usize::try_from(u32::MAX).unwrap_or(usize::MAX);
    for slice in [3071, 0, 17, extreme, 5, 17] {
        ok("put", store.put(a, slice, payload(3, 64)))?;
    }
    expect(
        "slices lists ascending without duplicates",
        ok("slices", store.slices(a))?,
        [0, 5, 17, 3071, extreme].to_vec(),
    )?;

    // Blobs are independent.
    ok("put", store.put(b, 17, payload(4, 64)))?;
    expect(
        "other blob: slices",
        ok("slices", store.slices(b))?,
        [17].to_vec(),
    )?;
    expect(
        "same slice, other blob",
        ok("get", store.get(a, 17))?,
        Some(payload(3, 64)),
    )?;
    expect(
        "unknown blob",
        ok("slices", store.slices(blob(3)))?,
        Vec::new(),
    )?;
    let mut last = [0xff; 32];
    last[..14].copy_from_slice(b"zg-conformance");
    expect(
        "blob id with high bytes",
        ok("slices", store.slices(BlobId::from_bytes(last)))?,
        Vec::new(),
    )?;

    // Remove deletes one entry and reports it.
    expect(
        "remove held slice",
        ok("remove", store.remove(a, 17))?,
        true,
    )?;
    expect("get after remove", ok("get", store.get(a, 17))?, None)?;
    expect("remove again", ok("remove", store.remove(a, 17))?, false)?;
    expect(
        "slices after remove",
        ok("slices", store.slices(a))?,
        [0, 5, 3071, extreme].to_vec(),
    )?;
    expect(
        "remove leaves other blobs",
        ok("get", store.get(b, 17))?,
        Some(payload(4, 64)),
    )?;
    Ok(())
}

/// Runs every [`Transport`] rule against transports from `make`. `make`
/// receives the node ids the checks use and must return a transport in
/// which exactly those nodes are reachable and hold nothing; a node id not
/// in the list must give an error.
pub fn check_transport<T: Transport>(
    make: impl Fn(&[NodeId]) -> T,
) -> Result<(), ConformanceFailure> {
    let nodes = [NodeId::new(1), NodeId::new(2), NodeId::new(u64::MAX)];
    let [n1, n2, n3] = nodes;
    let stranger = NodeId::new(7);
    let (a, b) = (blob(1), blob(2));
    let transport = make(&nodes);
    let data = payload(5, 2048);

    expect(
        "fetch from empty node",
        ok("fetch_slice", transport.fetch_slice(n1, a, 0))?,
        None,
    )?;
    expect(
        "sample from empty node",
        ok("fetch_sample", transport.fetch_sample(n1, a, 0, 0..1))?,
        None,
    )?;

    // Delivered slices come back from that node only.
    ok("deliver", transport.deliver(n1, a, 4, data.clone()))?;
    expect(
        "fetch after deliver",
        ok("fetch_slice", transport.fetch_slice(n1, a, 4))?,
        Some(data.clone()),
    )?;
    expect(
        "other node",
        ok("fetch_slice", transport.fetch_slice(n2, a, 4))?,
        None,
    )?;
    expect(
        "other blob",
        ok("fetch_slice", transport.fetch_slice(n1, b, 4))?,
        None,
    )?;
    expect(
        "other slice",
        ok("fetch_slice", transport.fetch_slice(n1, a, 5))?,
        None,
    )?;
    ok("deliver", transport.deliver(n3, b, 4, payload(6, 64)))?;
    expect(
        "node with the largest id",
        ok("fetch_slice", transport.fetch_slice(n3, b, 4))?,
        Some(payload(6, 64)),
    )?;

    // Samples are byte ranges of the slice.
    for range in [0..2048, 0..0, 1024..2048, 256..512, 2048..2048, 2047..2048] {
        expect(
            "sample is the byte range",
            ok(
                "fetch_sample",
                transport.fetch_sample(n1, a, 4, range.clone()),
            )?,
            Some(data.slice(range)),
        )?;
    }
    for (start, end) in [(0, 2049), (2048, 2049), (3000, 4000), (600, 500)] {
        expect(
            "sample outside the slice",
            transport.fetch_sample(n1, a, 4, start..end),
            Err(Error::RangeOutOfSlice {
                start,
                end,
                slice_len: 2048,
            }),
        )?;
    }
    expect(
        "sample of a slice not held",
        ok("fetch_sample", transport.fetch_sample(n2, a, 4, 0..4096))?,
        None,
    )?;

    // Redelivery replaces.
    let newer = payload(7, 1024);
    ok("deliver again", transport.deliver(n1, a, 4, newer.clone()))?;
    expect(
        "redelivery replaces",
        ok("fetch_slice", transport.fetch_slice(n1, a, 4))?,
        Some(newer),
    )?;

    // Nodes the transport does not know fail.
    if transport.deliver(stranger, a, 0, payload(8, 8)).is_ok() {
        return Err(ConformanceFailure {
            check: "deliver to an unknown node fails",
            detail: format!("delivering to {stranger} succeeded"),
        });
    }
    if transport.fetch_slice(stranger, a, 0).is_ok() {
        return Err(ConformanceFailure {
            check: "fetch from an unknown node fails",
            detail: format!("fetching from {stranger} succeeded"),
        });
    }
    if transport.fetch_sample(stranger, a, 0, 0..1).is_ok() {
        return Err(ConformanceFailure {
            check: "sample from an unknown node fails",
            detail: format!("sampling {stranger} succeeded"),
        });
    }
    Ok(())
}
