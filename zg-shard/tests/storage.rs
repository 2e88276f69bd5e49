//! Storage shards: parsing, membership, byte ranges, split/merge, coverage,
//! recall positions.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    clippy::many_single_char_names,
    clippy::single_match_else,
    reason = "test helpers: small known values, failures should panic"
)]

use proptest::prelude::*;
use zg_shard::{Coverage, Error, SECTORS_PER_SEGMENT, SEGMENT_BYTES, ShardPosition};

fn pos(id: u64, n: u64) -> ShardPosition {
    ShardPosition::new(id, n).unwrap()
}

#[test]
fn parses_the_text_form() {
    assert_eq!("3/8".parse::<ShardPosition>().unwrap(), pos(3, 8));
    assert_eq!(ShardPosition::parse(" 0 / 8 ").unwrap(), pos(0, 8));
    assert_eq!(ShardPosition::parse("0/1").unwrap(), ShardPosition::FULL);
    assert_eq!(pos(5, 16).to_string(), "5/16");
    let big = 1u64 << 63;
    assert_eq!(
        ShardPosition::parse(&format!("{}/{big}", big - 1)).unwrap(),
        pos(big - 1, big)
    );
}

#[test]
fn parse_errors_are_typed() {
    for text in [
        "", "3", "/8", "3/", "a/8", "+1/2", "-1/2", "1/2/3", "1 /2x", "0x1/2", "1\t/2",
    ] {
        assert!(
            matches!(
                ShardPosition::parse(text),
                Err(Error::MalformedShardPosition { .. })
            ),
            "{text:?}"
        );
    }
    assert_eq!(
        ShardPosition::parse("8/8"),
        Err(Error::ShardIdOutOfRange {
            shard_id: 8,
            num_shards: 8
        })
    );
    assert_eq!(
        ShardPosition::parse("1/6"),
        Err(Error::ShardCountNotPowerOfTwo { num_shards: 6 })
    );
    assert_eq!(
        ShardPosition::parse("0/0"),
        Err(Error::ShardCountNotPowerOfTwo { num_shards: 0 })
    );
    // Overflowing numbers are malformed, not silently wrapped.
    assert!(matches!(
        ShardPosition::parse("0/36893488147419103232"),
        Err(Error::MalformedShardPosition { .. })
    ));
}

#[test]
fn membership_is_residue_mod_count() {
    for n in [1u64, 2, 4, 8, 16] {
        for id in 0..n {
            let p = pos(id, n);
            for s in 0..100u64 {
                assert_eq!(p.stores_segment(s), s % n == id);
                assert_eq!(p.stores_byte(s * SEGMENT_BYTES + 17), s % n == id);
            }
        }
    }
}

#[test]
fn split_merge_and_errors() {
    let p = pos(3, 8);
    let (a, b) = p.split().unwrap();
    assert_eq!((a, b), (pos(3, 16), pos(11, 16)));
    assert_eq!(ShardPosition::merge(a, b).unwrap(), p);
    assert_eq!(ShardPosition::merge(b, a).unwrap(), p);
    assert!(matches!(
        ShardPosition::merge(pos(3, 16), pos(5, 16)),
        Err(Error::NotSiblings { .. })
    ));
    assert!(ShardPosition::merge(pos(3, 16), pos(3, 16)).is_err());
    assert!(ShardPosition::merge(pos(3, 16), pos(3, 8)).is_err());
    assert!(ShardPosition::merge(ShardPosition::FULL, ShardPosition::FULL).is_err());
    assert_eq!(
        pos(0, 1 << 63).split(),
        Err(Error::CannotSplit {
            num_shards: 1 << 63
        })
    );
}

#[test]
fn byte_range_edges() {
    let p = pos(1, 4);
    assert!(p.segments_of_byte_range(10, 10).unwrap().is_empty());
    assert_eq!(
        p.segments_of_byte_range(10, 9),
        Err(Error::InvalidRange { start: 10, end: 9 })
    );
    let r = p
        .segments_of_byte_range(SEGMENT_BYTES, 6 * SEGMENT_BYTES)
        .unwrap();
    assert_eq!(r.iter().collect::<Vec<_>>(), vec![1, 5]);
    assert_eq!(
        (r.first(), r.step(), r.len(), r.is_empty()),
        (1, 4, 2, false)
    );
    let r = p
        .segments_of_byte_range(2 * SEGMENT_BYTES, 6 * SEGMENT_BYTES)
        .unwrap();
    assert_eq!((r.first(), r.len()), (5, 1));
    // A range that ends exactly where segment 1 starts does not touch it;
    // one byte more does.
    assert_eq!(SEGMENT_BYTES, 256 * 1024);
    assert!(
        p.segments_of_byte_range(0, SEGMENT_BYTES)
            .unwrap()
            .is_empty()
    );
    let r = p.segments_of_byte_range(0, SEGMENT_BYTES + 1).unwrap();
    assert_eq!(r.iter().collect::<Vec<_>>(), vec![1]);
    // Near the top of the address space nothing overflows.
    let r = pos(3, 4)
        .segments_of_byte_range(u64::MAX - 10, u64::MAX)
        .unwrap();
    assert!(r.iter().all(|s| s % 4 == 3));
}

#[test]
fn recall_positions() {
    let seed = |v: u64| {
        let mut s = [0u8; 32];
        s[24..].copy_from_slice(&v.to_be_bytes());
        s
    };
    // 0G's rule: (seed mod m) & !(n-1) | id.
    assert_eq!(
        pos(3, 8).recall_segment(&seed(1000), 100 * SECTORS_PER_SEGMENT),
        Ok(3)
    );
    assert_eq!(
        pos(3, 8).recall_segment(&seed(1099), 100 * SECTORS_PER_SEGMENT),
        Ok(99)
    );
    // Partial segments at the end of the flow do not count.
    assert_eq!(
        pos(3, 8).recall_segment(&seed(1099), 100 * SECTORS_PER_SEGMENT + 1023),
        Ok(99)
    );
    // Past the end (5 segments, 3/4, offset 4 -> 7): one shard period back.
    assert_eq!(
        pos(3, 4).recall_segment(&seed(4), 5 * SECTORS_PER_SEGMENT),
        Ok(3)
    );
    // Landing exactly on the segment count is past the end too (7 segments,
    // 3/4, offset 4 -> 7).
    assert_eq!(
        pos(3, 4).recall_segment(&seed(4), 7 * SECTORS_PER_SEGMENT),
        Ok(3)
    );
    assert_eq!(
        pos(7, 8).recall_segment(&seed(4), 5 * SECTORS_PER_SEGMENT),
        Err(Error::NothingToRecall {
            shard_id: 7,
            num_shards: 8,
            segments: 5
        })
    );
    // All 256 bits of the seed take part.
    let mut high = [0u8; 32];
    high[0] = 1; // 2^248
    let m = 1_000_003u64;
    let expected = {
        let mut r = 1u128;
        for _ in 0..248 {
            r = r * 2 % u128::from(m);
        }
        u64::try_from(r).unwrap()
    };
    assert_eq!(
        ShardPosition::FULL.recall_segment(&high, m * SECTORS_PER_SEGMENT),
        Ok(expected)
    );
}

fn brute_replicas(positions: &[ShardPosition], s: u64) -> u32 {
    positions.iter().filter(|p| p.stores_segment(s)).count() as u32
}

/// The classes of a small coverage, exactly: `0/2` held once, `1/4` once,
/// `3/4` by nobody.
#[test]
fn coverage_classes_partition_the_flow() {
    let c = Coverage::new(&[pos(0, 2), pos(1, 4)], 8).unwrap();
    assert_eq!(c.segments(), 8);
    assert_eq!(
        c.classes(),
        [(pos(0, 2), 1), (pos(1, 4), 1), (pos(3, 4), 0)]
    );
    // A class with no segment in a short flow is left out.
    let short = Coverage::new(&[pos(0, 2), pos(1, 4)], 2).unwrap();
    assert_eq!(short.classes(), [(pos(0, 2), 1), (pos(1, 4), 1)]);
}

#[test]
fn coverage_of_huge_flows_stays_small() {
    let positions = [pos(0, 2), pos(1, 4), pos(5, 1 << 40), pos(0, 2)];
    let s = 1u64 << 60;
    let c = Coverage::new(&positions, s).unwrap();
    assert!(c.classes().len() < 200);
    assert_eq!(c.histogram().values().sum::<u64>(), s);
    // 3/4 is uncovered: a quarter of the flow.
    assert_eq!(c.uncovered_segments(), s / 4);
    assert!(!c.covers_all());
    assert_eq!(c.replicas(0), Ok(2));
    assert_eq!(c.replicas(5), Ok(2)); // 1/4 and 5/2^40
    assert_eq!(c.replicas(3), Ok(0));
    assert!(c.replicas(s).is_err());
    let full = Coverage::new(&[pos(0, 2), pos(1, 2)], s).unwrap();
    assert!(full.covers_all());
    assert_eq!(full.min_replicas(), Some(1));
    // An empty flow is covered by anything.
    assert!(Coverage::new(&[], 0).unwrap().covers_all());
    assert!(!Coverage::new(&[], 1).unwrap().covers_all());
}

fn position() -> impl Strategy<Value = ShardPosition> {
    (0u32..7, any::<u64>()).prop_map(|(log, id)| {
        let n = 1u64 << log;
        ShardPosition::new(id % n, n).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn coverage_matches_brute_force(
        positions in prop::collection::vec(position(), 0..12),
        segments in 0u64..300,
    ) {
        let c = Coverage::new(&positions, segments).unwrap();
        let mut uncovered = 0;
        for s in 0..segments {
            let brute = brute_replicas(&positions, s);
            prop_assert_eq!(c.replicas(s).unwrap(), brute);
            if brute == 0 { uncovered += 1; }
        }
        prop_assert_eq!(c.uncovered_segments(), uncovered);
        prop_assert_eq!(c.covers_all(), uncovered == 0);
        let hist = c.histogram();
        prop_assert_eq!(hist.values().sum::<u64>(), segments);
        for (count, n) in hist {
            let brute = (0..segments).filter(|s| brute_replicas(&positions, *s) == count).count() as u64;
            prop_assert_eq!(n, brute);
        }
        for class in c.uncovered_classes() {
            prop_assert!(class.shard_id() < segments);
            prop_assert_eq!(brute_replicas(&positions, class.shard_id()), 0);
        }
    }

    #[test]
    fn split_is_consistent_with_coverage(p in position(), segments in 1u64..500) {
        let (a, b) = p.split().unwrap();
        prop_assert_eq!(ShardPosition::merge(a, b).unwrap(), p);
        let whole = Coverage::new(&[p], segments).unwrap();
        let halves = Coverage::new(&[a, b], segments).unwrap();
        for s in 0..segments {
            prop_assert_eq!(whole.replicas(s).unwrap(), halves.replicas(s).unwrap());
            prop_assert_eq!(p.stores_segment(s), a.stores_segment(s) || b.stores_segment(s));
            prop_assert!(!(a.stores_segment(s) && b.stores_segment(s)));
        }
        prop_assert_eq!(p.segments_in_flow(segments), a.segments_in_flow(segments) + b.segments_in_flow(segments));
        prop_assert!(p.intersects(&a) && p.intersects(&b) && !a.intersects(&b));
    }

    #[test]
    fn byte_ranges_match_brute_force(p in position(), start in 0u64..40 * SEGMENT_BYTES, len in 0u64..20 * SEGMENT_BYTES) {
        let end = start + len;
        let got: Vec<u64> = p.segments_of_byte_range(start, end).unwrap().iter().collect();
        let brute: Vec<u64> = if len == 0 { vec![] } else {
            (start / SEGMENT_BYTES..=(end - 1) / SEGMENT_BYTES).filter(|s| p.stores_segment(*s)).collect()
        };
        prop_assert_eq!(got, brute);
    }

    #[test]
    fn recall_lands_in_own_shard(p in position(), seed in any::<[u8; 32]>(), segments in 1u64..2000) {
        match p.recall_segment(&seed, segments * SECTORS_PER_SEGMENT) {
            Ok(s) => {
                prop_assert!(s < segments && p.stores_segment(s));
                // Equal to 0G's formula whenever that lands inside the flow.
                let mut r = 0u128;
                for b in seed { r = ((r << 8) | u128::from(b)) % u128::from(segments); }
                let candidate = (r as u64 & !(p.num_shards() - 1)) | p.shard_id();
                if candidate < segments { prop_assert_eq!(s, candidate); }
            }
            Err(_) => prop_assert_eq!(p.segments_in_flow(segments), 0),
        }
    }

    #[test]
    fn text_round_trip(p in position()) {
        prop_assert_eq!(p.to_string().parse::<ShardPosition>().unwrap(), p);
    }
}
