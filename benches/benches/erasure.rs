//! Erasure coding: the production blob (extension, worst-case recovery) and
//! the byte codec against raw `reed-solomon-simd` and `reed-solomon-erasure`.
//!
//! Run: `RAYON_NUM_THREADS=2 cargo bench -p zg-benches --bench erasure`.
#![allow(
    clippy::unwrap_used,
    reason = "bench setup on known inputs: a failure should abort the run"
)]

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngCore, SeedableRng};
use reed_solomon_erasure::galois_8;
use reed_solomon_simd::{ReedSolomonDecoder, ReedSolomonEncoder};
use std::hint::black_box;
use std::time::Duration;
use zg_benches::measure_peak;
use zg_erasure::{ByteCodec, Geometry, ReedSolomon, Scalar, pack_zg, zg_capacity};

fn random_bytes(len: usize, rng: &mut StdRng) -> Vec<u8> {
    let mut out = vec![0u8; len];
    rng.fill_bytes(&mut out);
    out
}

/// 2^20 elements -> 3072 slices, and recovery from 1024 slices none of
/// which is original data.
fn production_blob(c: &mut Criterion) {
    let geometry = Geometry::ZG_PRODUCTION;
    let mut rng = StdRng::seed_from_u64(1);
    let payload = random_bytes(zg_capacity(&geometry), &mut rng);
    let data = pack_zg(&payload, &geometry).unwrap();
    let engine = ReedSolomon::new(geometry);

    let mut group = c.benchmark_group("erasure/production_blob");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(payload.len() as u64));

    let slices = measure_peak("erasure/production_blob/extend", || {
        engine.extend(&data).unwrap()
    });
    group.bench_function("extend", |b| {
        b.iter(|| engine.extend(black_box(&data)).unwrap());
    });

    // Worst case: 1024 random slices from families 1 and 2 only.
    let mut indices: Vec<usize> = (geometry.rows()..geometry.slices()).collect();
    indices.shuffle(&mut rng);
    indices.truncate(geometry.rows());
    let kept: Vec<(usize, &[Scalar])> = indices
        .iter()
        .map(|s| (*s, slices.slice(*s).unwrap()))
        .collect();
    let recovered = measure_peak("erasure/production_blob/recover_worst_case", || {
        engine.recover_data(&kept).unwrap()
    });
    assert_eq!(recovered, data);
    group.bench_function("recover_worst_case", |b| {
        b.iter(|| engine.recover_data(black_box(&kept)).unwrap());
    });
    group.finish();
}

struct Shape {
    name: &'static str,
    data: usize,
    parity: usize,
    shard_bytes: usize,
}

const SHAPES: [Shape; 2] = [
    Shape {
        name: "1024+2048x1KiB",
        data: 1024,
        parity: 2048,
        shard_bytes: 1024,
    },
    Shape {
        name: "10+4x1MiB",
        data: 10,
        parity: 4,
        shard_bytes: 1 << 20,
    },
];

fn byte_codec(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(2);
    for shape in &SHAPES {
        let (k, m, size) = (shape.data, shape.parity, shape.shard_bytes);
        let data: Vec<Vec<u8>> = (0..k).map(|_| random_bytes(size, &mut rng)).collect();

        let mut group = c.benchmark_group(format!("erasure/byte_codec/{}", shape.name));
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(5));
        group.throughput(Throughput::Bytes((k * size) as u64));

        // Encode.
        let mut codec = ByteCodec::new(k, m, size).unwrap();
        let parity = measure_peak(
            &format!("erasure/byte_codec/{}/encode/zg", shape.name),
            || codec.encode(&data).unwrap().to_vec(),
        );
        group.bench_function(BenchmarkId::new("encode", "zg"), |b| {
            b.iter(|| {
                let p = codec.encode(black_box(&data)).unwrap();
                black_box(p.get(0).map(<[u8]>::len));
            });
        });
        let mut encoder = ReedSolomonEncoder::new(k, m, size).unwrap();
        measure_peak(
            &format!("erasure/byte_codec/{}/encode/reed-solomon-simd", shape.name),
            || {
                for shard in &data {
                    encoder.add_original_shard(shard).unwrap();
                }
                let r = encoder.encode().unwrap();
                assert_eq!(r.recovery(0), Some(&parity[0][..]));
            },
        );
        group.bench_function(BenchmarkId::new("encode", "reed-solomon-simd"), |b| {
            b.iter(|| {
                for shard in black_box(&data) {
                    encoder.add_original_shard(shard).unwrap();
                }
                let r = encoder.encode().unwrap();
                black_box(r.recovery(0).map(<[u8]>::len));
            });
        });

        // Reconstruct from the worst case: as many data shards missing as
        // there are parity shards (all data missing when m >= k).
        let lost = m.min(k);
        let kept: Vec<(usize, &[u8])> = (lost..k)
            .map(|i| (i, &data[i][..]))
            .chain((0..lost).map(|j| (k + j, &parity[j][..])))
            .collect();
        measure_peak(
            &format!("erasure/byte_codec/{}/reconstruct/zg", shape.name),
            || {
                let restored = codec.reconstruct(&kept).unwrap();
                assert_eq!(restored.get(0), Some(&data[0][..]));
            },
        );
        group.bench_function(BenchmarkId::new("reconstruct", "zg"), |b| {
            b.iter(|| {
                let r = codec.reconstruct(black_box(&kept)).unwrap();
                black_box(r.get(0).map(<[u8]>::len));
            });
        });
        let mut decoder = ReedSolomonDecoder::new(k, m, size).unwrap();
        let simd_decode = |decoder: &mut ReedSolomonDecoder| {
            for (index, shard) in &kept {
                if *index < k {
                    decoder.add_original_shard(*index, shard).unwrap();
                } else {
                    decoder.add_recovery_shard(*index - k, shard).unwrap();
                }
            }
            let r = decoder.decode().unwrap();
            black_box(r.restored_original(0).map(<[u8]>::len))
        };
        measure_peak(
            &format!(
                "erasure/byte_codec/{}/reconstruct/reed-solomon-simd",
                shape.name
            ),
            || simd_decode(&mut decoder),
        );
        group.bench_function(BenchmarkId::new("reconstruct", "reed-solomon-simd"), |b| {
            b.iter(|| simd_decode(&mut decoder));
        });

        // reed-solomon-erasure: GF(2^8) holds at most 256 shards. Its
        // GF(2^16) mode would fit 1024 + 2048, but building that code takes
        // ~30 s and encodes at ~0.5 MB/s, so it is left out there.
        if k + m <= 256 {
            reed_solomon_erasure_peer(&mut group, shape, &data, lost);
        }
        group.finish();
    }
}

/// `reed-solomon-erasure` in GF(2^8): encode, and reconstruct with the first
/// `lost` data shards missing.
fn reed_solomon_erasure_peer(
    group: &mut BenchmarkGroup<'_, WallTime>,
    shape: &Shape,
    data: &[Vec<u8>],
    lost: usize,
) {
    let (k, m, size) = (shape.data, shape.parity, shape.shard_bytes);
    let rse = reed_solomon_erasure::ReedSolomon::<galois_8::Field>::new(k, m).unwrap();
    let mut shards: Vec<Vec<u8>> = data
        .iter()
        .cloned()
        .chain((0..m).map(|_| vec![0u8; size]))
        .collect();
    measure_peak(
        &format!(
            "erasure/byte_codec/{}/encode/reed-solomon-erasure",
            shape.name
        ),
        || {
            rse.encode(&mut shards).unwrap();
        },
    );
    group.bench_function(BenchmarkId::new("encode", "reed-solomon-erasure"), |b| {
        b.iter(|| rse.encode(black_box(&mut shards)).unwrap());
    });
    let damaged = || -> Vec<Option<Vec<u8>>> {
        shards
            .iter()
            .enumerate()
            .map(|(i, s)| (i >= lost).then(|| s.clone()))
            .collect()
    };
    measure_peak(
        &format!(
            "erasure/byte_codec/{}/reconstruct/reed-solomon-erasure",
            shape.name
        ),
        || {
            let mut d = damaged();
            rse.reconstruct_data(&mut d).unwrap();
            assert_eq!(d[0].as_deref(), Some(&data[0][..]));
        },
    );
    group.bench_function(
        BenchmarkId::new("reconstruct", "reed-solomon-erasure"),
        |b| {
            b.iter_batched(
                damaged,
                |mut d| rse.reconstruct_data(&mut d).unwrap(),
                BatchSize::LargeInput,
            );
        },
    );
}

criterion_group!(benches, production_blob, byte_codec);
criterion_main!(benches);
