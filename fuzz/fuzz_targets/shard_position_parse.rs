//! Shard-position parsing on arbitrary text: parse -> display -> parse round
//! trips, and every accepted position behaves as `s % n == id`.
#![no_main]

use zg_shard::{Coverage, SEGMENT_BYTES, ShardPosition};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(position) = ShardPosition::parse(text) else {
        return;
    };
    let (id, n) = (position.shard_id(), position.num_shards());
    assert!(n.is_power_of_two() && id < n);
    let shown = position.to_string();
    assert_eq!(ShardPosition::parse(&shown), Ok(position));
    for s in [0u64, 1, id, id.wrapping_add(n), u64::MAX] {
        assert_eq!(position.stores_segment(s), s % n == id);
    }
    if let Ok((low, high)) = position.split() {
        assert_eq!(ShardPosition::merge(low, high), Ok(position));
        assert_eq!(ShardPosition::merge(high, low), Ok(position));
        let coverage = Coverage::new(&[low, high], 64).expect("two positions");
        let whole = Coverage::new(&[position], 64).expect("one position");
        assert_eq!(coverage.histogram(), whole.histogram());
    }
    let range = position
        .segments_of_byte_range(0, 100 * SEGMENT_BYTES)
        .expect("ordered range");
    assert!(range.iter().all(|s| s < 100 && position.stores_segment(s)));
    assert_eq!(range.len(), position.segments_in_flow(100));
    if let Ok(segment) = position.recall_segment(&[0xab; 32], 1 << 30) {
        assert!(position.stores_segment(segment));
        assert!(segment < (1 << 30) / 1024);
    }
});
