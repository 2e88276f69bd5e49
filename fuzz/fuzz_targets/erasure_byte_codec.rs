//! The byte codec with arbitrary shapes and shard sets: never panics;
//! whatever reconstructs equals the encoded data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zg_erasure::{ByteCodec, Error};

fuzz_target!(|data: &[u8]| {
    let Some((header, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let k = usize::from(header[0] % 16);
    let m = usize::from(header[1] % 16);
    let shard_bytes = usize::from(header[2] % 64);
    let flags = header[3];
    let mut codec = match ByteCodec::new(k, m, shard_bytes) {
        Ok(codec) => codec,
        Err(Error::InvalidShardCounts { .. }) => {
            assert!(k == 0 || m == 0);
            return;
        }
        Err(Error::InvalidShardSize { .. }) => {
            assert!(shard_bytes == 0 || shard_bytes % 2 == 1);
            return;
        }
        Err(other) => panic!("unexpected error {other:?}"),
    };
    let shards: Vec<Vec<u8>> = (0..k)
        .map(|i| {
            (0..shard_bytes)
                .map(|j| rest.get((i * shard_bytes + j) % rest.len().max(1)).copied().unwrap_or(0) ^ j as u8)
                .collect()
        })
        .collect();
    let parity = codec.encode(&shards).expect("valid data shards encode").to_vec();
    let all: Vec<&[u8]> = shards.iter().map(Vec::as_slice).chain(parity.iter().map(|p| &p[..])).collect();

    // Each input byte picks a shard (possibly out of range or repeated);
    // with flag 1 the first shard is shortened.
    let mut request: Vec<(usize, Vec<u8>)> = rest
        .iter()
        .take(2 * (k + m))
        .map(|b| {
            let index = usize::from(*b) % (k + m + 1);
            (index, all.get(index).map_or_else(|| vec![0; shard_bytes], |s| s.to_vec()))
        })
        .collect();
    if flags & 1 != 0 {
        if let Some((_, shard)) = request.first_mut() {
            shard.pop();
        }
    }
    match codec.reconstruct_data(&request) {
        Ok(restored) => {
            assert_eq!(restored.len(), k);
            for (got, want) in restored.iter().zip(&shards) {
                assert_eq!(&got[..], &want[..]);
            }
        }
        Err(
            Error::TooFewShards { .. }
            | Error::DuplicateShard { .. }
            | Error::ShardOutOfRange { .. }
            | Error::WrongShardLength { .. },
        ) => {}
        Err(other) => panic!("unexpected error {other:?}"),
    }
});
