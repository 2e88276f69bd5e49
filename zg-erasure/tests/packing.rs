//! Packing round trips and rejection of anything packing cannot produce.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use ark_ff::{Field, PrimeField, UniformRand};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use zg_erasure::{
    BlobCodec, Error, Geometry, Scalar, pack_ethereum, pack_zg, unpack_ethereum, unpack_zg,
    zg_capacity,
};

/// 8 elements: capacity 31 * 8 - 4 = 244 bytes.
fn tiny() -> Geometry {
    Geometry::new(1, 8, 2).unwrap()
}

fn random_bytes(len: usize, rng: &mut StdRng) -> Vec<u8> {
    (0..len).map(|_| rng.r#gen()).collect()
}

#[test]
fn every_length_round_trips_up_to_the_maximum() {
    let g = tiny();
    let capacity = zg_capacity(&g);
    assert_eq!(capacity, 244);
    let mut rng = StdRng::seed_from_u64(1);
    for len in 0..=capacity {
        let payload = random_bytes(len, &mut rng);
        let elements = pack_zg(&payload, &g).unwrap();
        assert_eq!(elements.len(), 8);
        assert_eq!(unpack_zg(&elements, &g).unwrap(), payload, "length {len}");
    }
    assert_eq!(
        pack_zg(&vec![0; capacity + 1], &g),
        Err(Error::PayloadTooLarge {
            size: 245,
            capacity: 244
        })
    );
}

#[test]
fn test_geometry_round_trips_at_the_edges() {
    let g = Geometry::ZG_TEST;
    let capacity = zg_capacity(&g);
    assert_eq!(capacity, 31 * 2048 - 4);
    let mut rng = StdRng::seed_from_u64(2);
    for len in [0, 1, 30, 31, 32, capacity - 1, capacity] {
        let payload = random_bytes(len, &mut rng);
        assert_eq!(
            unpack_zg(&pack_zg(&payload, &g).unwrap(), &g).unwrap(),
            payload
        );
    }
    assert!(matches!(
        pack_zg(&vec![1; capacity + 1], &g),
        Err(Error::PayloadTooLarge { .. })
    ));
}

#[test]
fn tampered_packings_are_rejected() {
    let g = tiny();
    let payload = b"hello".to_vec();
    let elements = pack_zg(&payload, &g).unwrap();

    // An element at or above 2^248.
    let mut big = elements.clone();
    big[3] = Scalar::from_bigint(ark_ff::BigInt([0, 0, 0, 1 << 56])).unwrap();
    assert_eq!(
        unpack_zg(&big, &g),
        Err(Error::ElementTooLarge { index: 3 })
    );
    big[3] = -Scalar::from(1u64);
    assert_eq!(
        unpack_zg(&big, &g),
        Err(Error::ElementTooLarge { index: 3 })
    );

    // A padding byte: element 1, byte 2 = blob offset 33.
    let mut padded = elements.clone();
    padded[1] = Scalar::from(7u64 << 16);
    assert_eq!(
        unpack_zg(&padded, &g),
        Err(Error::NonZeroPadding {
            offset: 33,
            value: 7
        })
    );

    // The length field (last element, bytes 27..31) claiming 245 bytes.
    let mut long = elements.clone();
    long[7] = Scalar::from(245u64) * Scalar::from(2u64).pow([27 * 8]);
    assert_eq!(
        unpack_zg(&long, &g),
        Err(Error::LengthFieldTooLarge {
            length: 245,
            capacity: 244
        })
    );
    // A shorter length than the payload: the tail becomes non-zero padding.
    let mut short = elements.clone();
    short[7] = Scalar::from(2u64) * Scalar::from(2u64).pow([27 * 8]);
    assert_eq!(
        unpack_zg(&short, &g),
        Err(Error::NonZeroPadding {
            offset: 2,
            value: b'l'
        })
    );

    assert_eq!(
        unpack_zg(&elements[..7], &g),
        Err(Error::WrongElementCount {
            expected: 8,
            actual: 7
        })
    );
}

#[test]
fn ethereum_form_round_trips_and_rejects_non_canonical() {
    let g = Geometry::ETHEREUM;
    let mut rng = StdRng::seed_from_u64(3);
    let elements: Vec<Scalar> = (0..4096).map(|_| Scalar::rand(&mut rng)).collect();
    let blob = unpack_ethereum(&elements, &g).unwrap();
    assert_eq!(blob.len(), 131_072);
    assert_eq!(pack_ethereum(&blob, &g).unwrap(), elements);

    let mut bad = blob.clone();
    bad[32 * 100] = 0xff;
    assert_eq!(
        pack_ethereum(&bad, &g),
        Err(Error::NonCanonicalElement { index: 100 })
    );
    assert_eq!(
        pack_ethereum(&blob[1..], &g),
        Err(Error::WrongBlobLength {
            expected: 131_072,
            actual: 131_071
        })
    );
    assert_eq!(
        unpack_ethereum(&elements[1..], &g),
        Err(Error::WrongElementCount {
            expected: 4096,
            actual: 4095
        })
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn blob_codec_round_trips(len in 0usize..=63_484, seed: u64) {
        let codec = BlobCodec::new(Geometry::ZG_TEST);
        let mut rng = StdRng::seed_from_u64(seed);
        let payload = random_bytes(len, &mut rng);
        let slices = codec.encode(&payload).unwrap();
        let start = rng.gen_range(0..=codec.geometry().slices() - codec.geometry().rows());
        let kept: Vec<(usize, &[Scalar])> = (start..start + codec.geometry().rows())
            .map(|s| (s, slices.slice(s).unwrap()))
            .collect();
        prop_assert_eq!(codec.decode(&kept).unwrap(), payload);
    }

    #[test]
    fn altered_packings_are_rejected_or_repack_identically(len in 0usize..=244, seed: u64) {
        // Replace one element of a valid packing by a random value below
        // 2^248: unpacking either rejects it with a typed error or accepts
        // it, and then packing the result gives exactly those elements.
        let g = tiny();
        let mut rng = StdRng::seed_from_u64(seed);
        let mut elements = pack_zg(&random_bytes(len, &mut rng), &g).unwrap();
        let mut limbs: [u64; 4] = rng.r#gen();
        limbs[3] &= (1 << 56) - 1;
        let at = rng.gen_range(0..8);
        elements[at] = Scalar::from_bigint(ark_ff::BigInt(limbs)).unwrap();
        match unpack_zg(&elements, &g) {
            Ok(payload) => prop_assert_eq!(pack_zg(&payload, &g).unwrap(), elements),
            Err(e) => {
                let typed = matches!(
                    e,
                    Error::NonZeroPadding { .. } | Error::LengthFieldTooLarge { .. }
                );
                prop_assert!(typed, "unexpected error {e:?}");
            }
        }
    }
}
