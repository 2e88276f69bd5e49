//! Property tests of the canonical encodings.
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    reason = "test helpers panic on broken invariants"
)]

use proptest::prelude::*;
use zg_types::curve::{BigInteger, CurveGroup, PrimeField, PrimeGroup};
use zg_types::encoding::{
    g1_from_bytes, g1_to_bytes, g2_from_bytes, g2_to_bytes, scalar_from_bytes, scalar_from_slice,
    scalar_to_bytes,
};
use zg_types::{Error, G1Projective, G2Projective, Scalar};

fn modulus() -> [u8; 32] {
    Scalar::MODULUS.to_bytes_be().try_into().unwrap()
}

/// Adds two 256-bit big-endian integers (no overflow for the inputs used).
fn add_be(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum.to_be_bytes()[1];
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    out
}

fn scalar() -> impl Strategy<Value = Scalar> {
    any::<[u8; 32]>().prop_map(|b| Scalar::from_be_bytes_mod_order(&b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scalars_round_trip(s in scalar()) {
        let bytes = scalar_to_bytes(&s);
        prop_assert_eq!(scalar_from_bytes(&bytes), Ok(s));
        prop_assert_eq!(scalar_from_slice(&bytes), Ok(s));
        prop_assert!(bytes < modulus());
    }

    /// Every value `>= r` is rejected: `v + r` for any `v < r` covers
    /// `[r, 2r)`, and values with the top bit set cover the rest up to
    /// `2^256` (since `2r > 2^255`).
    #[test]
    fn every_non_canonical_scalar_is_rejected(s in scalar(), high in any::<[u8; 32]>()) {
        let above = add_be(&scalar_to_bytes(&s), &modulus());
        prop_assert_eq!(scalar_from_bytes(&above), Err(Error::NonCanonicalScalar));
        let mut high = high;
        high[0] |= 0x80;
        prop_assert_eq!(scalar_from_bytes(&high), Err(Error::NonCanonicalScalar));
    }

    #[test]
    fn arbitrary_scalar_bytes_parse_iff_below_the_modulus(bytes in any::<[u8; 32]>()) {
        match scalar_from_bytes(&bytes) {
            Ok(s) => {
                prop_assert!(bytes < modulus());
                prop_assert_eq!(scalar_to_bytes(&s), bytes);
            }
            Err(e) => {
                prop_assert!(bytes >= modulus());
                prop_assert_eq!(e, Error::NonCanonicalScalar);
            }
        }
    }

    #[test]
    fn points_round_trip(s in scalar()) {
        let p = (G1Projective::generator() * s).into_affine();
        prop_assert_eq!(g1_from_bytes(&g1_to_bytes(&p)), Ok(p));
        let q = (G2Projective::generator() * s).into_affine();
        prop_assert_eq!(g2_from_bytes(&g2_to_bytes(&q)), Ok(q));
    }

    /// Whatever parses re-encodes to the same bytes: one encoding per point.
    #[test]
    fn parsed_points_are_canonical(s in scalar(), flip in any::<(usize, u8)>()) {
        let p = g1_to_bytes(&(G1Projective::generator() * s).into_affine());
        let mut bytes = p;
        bytes[flip.0 % 48] ^= flip.1;
        if let Ok(point) = g1_from_bytes(&bytes) {
            prop_assert_eq!(g1_to_bytes(&point), bytes);
        }
        let q = g2_to_bytes(&(G2Projective::generator() * s).into_affine());
        let mut bytes = q;
        bytes[flip.0 % 96] ^= flip.1;
        if let Ok(point) = g2_from_bytes(&bytes) {
            prop_assert_eq!(g2_to_bytes(&point), bytes);
        }
    }
}

#[test]
fn boundary_scalars() {
    let r = modulus();
    assert_eq!(scalar_from_bytes(&r), Err(Error::NonCanonicalScalar));
    assert_eq!(
        scalar_from_bytes(&add_be(&r, &{
            let mut one = [0u8; 32];
            one[31] = 1;
            one
        })),
        Err(Error::NonCanonicalScalar)
    );
    assert_eq!(
        scalar_from_bytes(&[0xff; 32]),
        Err(Error::NonCanonicalScalar)
    );
    assert_eq!(scalar_from_bytes(&[0; 32]), Ok(Scalar::from(0u64)));
    assert_eq!(
        scalar_from_slice(&[0; 33]),
        Err(Error::WrongLength {
            what: "scalar",
            expected: 32,
            actual: 33
        })
    );
}
