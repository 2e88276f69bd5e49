//! The G1 arithmetic under every KZG operation: zg's (arkworks 0.6 with its
//! `asm` MULX/ADX field multiplication, and the limb-tested formulas of
//! `zg_types::g1_ops` that zg's hot loops use) against blst's (through
//! `blstrs`: what `rust_eth_kzg` and `c-kzg` run on). Chains of 1000
//! dependent Jacobian doublings and 1000 dependent mixed (Jacobian +
//! affine) additions, the steps of a subgroup check, a decompression's
//! exponentiation aside, and of a scalar multiplication.
//!
//! Also decompression of 64 proofs (48-byte compressed G1 points): the
//! square root alone (`unchecked`), and with the subgroup check, which is
//! what a verifier must do for every proof and commitment it is given.
//!
//! Where zg and a peer do the same point operations (decompressing and
//! subgroup-checking proofs, for instance), the ratio of these timings is
//! the ratio zg can reach; it beats the peers only where it does fewer
//! operations.
//!
//! Run: `cargo bench -p zg-benches --bench arith`.
#![allow(
    clippy::unwrap_used,
    reason = "bench setup on known inputs: a failure should abort the run"
)]

use ark_ff::AdditiveGroup;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use group::Group;
use std::hint::black_box;
use zg_types::curve::{CurveGroup, PrimeGroup};
use zg_types::{G1Affine, G1Projective};

/// Steps per measured chain.
const STEPS: u64 = 1000;

fn arith(c: &mut Criterion) {
    let mut group = c.benchmark_group("arith");
    group.throughput(Throughput::Elements(STEPS));

    let zg_start = G1Projective::generator().double();
    let zg_addend: G1Affine =
        (G1Projective::generator() * zg_types::Scalar::from(7u64)).into_affine();
    group.bench_function("g1_double_x1000/zg", |b| {
        b.iter(|| {
            let mut p = black_box(zg_start);
            for _ in 0..STEPS {
                zg_types::g1_ops::double(&mut p);
            }
            p
        });
    });
    group.bench_function("g1_add_affine_x1000/zg", |b| {
        b.iter(|| {
            let mut p = black_box(zg_start);
            for _ in 0..STEPS {
                zg_types::g1_ops::add_affine(&mut p, black_box(&zg_addend));
            }
            p
        });
    });

    let blst_start = blstrs::G1Projective::generator().double();
    let blst_addend =
        blstrs::G1Affine::from(blstrs::G1Projective::generator() * blstrs::Scalar::from(7u64));
    group.bench_function("g1_double_x1000/blst", |b| {
        b.iter(|| {
            let mut p = black_box(blst_start);
            for _ in 0..STEPS {
                p = p.double();
            }
            p
        });
    });
    group.bench_function("g1_add_affine_x1000/blst", |b| {
        b.iter(|| {
            let mut p = black_box(blst_start);
            for _ in 0..STEPS {
                p += black_box(&blst_addend);
            }
            p
        });
    });
    group.finish();
    decompress(c);
}

/// Compressed points decoded per measurement.
const POINTS: u64 = 64;

fn decompress(c: &mut Criterion) {
    let mut group = c.benchmark_group("arith");
    group.throughput(Throughput::Elements(POINTS));
    let mut p = G1Projective::generator() * zg_types::Scalar::from(0x5eed_u64);
    let bytes: Vec<[u8; zg_types::encoding::G1_BYTES]> = (0..POINTS)
        .map(|_| {
            p.double_in_place();
            p += G1Projective::generator();
            zg_types::encoding::g1_to_bytes(&p.into_affine())
        })
        .collect();
    group.bench_function("g1_decompress_x64/zg", |b| {
        b.iter(|| decode_each(&bytes, |x| zg_types::encoding::g1_from_bytes(x).unwrap()));
    });
    group.bench_function("g1_decompress_x64/blst", |b| {
        b.iter(|| decode_each(&bytes, |x| blstrs::G1Affine::from_compressed(x).unwrap()));
    });
    group.bench_function("g1_decompress_unchecked_x64/zg", |b| {
        b.iter(|| {
            decode_each(&bytes, |x| {
                zg_types::encoding::g1_from_bytes_unchecked_subgroup(x).unwrap()
            })
        });
    });
    group.bench_function("g1_decompress_unchecked_x64/blst", |b| {
        b.iter(|| {
            decode_each(&bytes, |x| {
                blstrs::G1Affine::from_compressed_unchecked(x).unwrap()
            })
        });
    });
    group.finish();
}

/// Decodes every point and returns the last, so that none of the decodings
/// is optimised away.
fn decode_each<T>(
    bytes: &[[u8; zg_types::encoding::G1_BYTES]],
    decode: impl Fn(&[u8; zg_types::encoding::G1_BYTES]) -> T,
) -> Option<T> {
    let mut last = None;
    for x in bytes {
        last = Some(decode(black_box(x)));
    }
    last
}

criterion_group!(benches, arith);
criterion_main!(benches);
