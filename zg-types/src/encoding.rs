//! Canonical byte encodings, and checked parsing of untrusted bytes.
//!
//! The formats are those of Ethereum's consensus specifications (and of the
//! `ZCash` BLS12-381 serialization they adopt), so zg's bytes interoperate with
//! every other BLS12-381 KZG implementation:
//!
//! - **Scalar** (32 bytes): the integer value, big-endian. Parsing rejects
//!   values `>=` the scalar modulus `r`; there is exactly one encoding per
//!   scalar.
//! - **G1 point** (48 bytes, compressed): the x coordinate big-endian, with
//!   the three most significant bits of byte 0 used as flags: `0x80`
//!   compression (must be set), `0x40` point at infinity, `0x20` "y is the
//!   lexicographically larger root". The point at infinity is exactly
//!   `0xc0` followed by 47 zero bytes.
//! - **G2 point** (96 bytes, compressed): the same flags in byte 0, then
//!   `x = x1 * u + x0` as `x1 || x0`, each 48 bytes big-endian.
//!
//! Parsing a point checks, in order: flags, coordinate `< p`, on the curve,
//! in the prime-order subgroup; each failure is its own [`Error`] variant.

use crate::Error;
use crate::curve::{Fq, Fq2, G1Affine, G2Affine, Scalar};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, PrimeField};

/// Bytes in an encoded scalar.
pub const SCALAR_BYTES: usize = 32;
/// Bytes in a compressed G1 point.
pub const G1_BYTES: usize = 48;
/// Bytes in a compressed G2 point.
pub const G2_BYTES: usize = 96;

const FLAG_COMPRESSED: u8 = 0x80;
const FLAG_INFINITY: u8 = 0x40;
const FLAG_LARGEST_Y: u8 = 0x20;
const FLAG_MASK: u8 = 0xe0;

/// Parses a canonical big-endian scalar; values `>= r` are rejected.
pub fn scalar_from_bytes(bytes: &[u8; SCALAR_BYTES]) -> Result<Scalar, Error> {
    let mut limbs = [0u64; 4];
    for (i, chunk) in bytes.rchunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        limbs[i] = u64::from_be_bytes(word);
    }
    Scalar::from_bigint(ark_ff::BigInt(limbs)).ok_or(Error::NonCanonicalScalar)
}

/// Parses a scalar from a byte slice that must be exactly 32 bytes long.
pub fn scalar_from_slice(bytes: &[u8]) -> Result<Scalar, Error> {
    scalar_from_bytes(&fixed::<SCALAR_BYTES>("scalar", bytes)?)
}

/// The canonical 32-byte big-endian encoding of a scalar.
pub fn scalar_to_bytes(scalar: &Scalar) -> [u8; SCALAR_BYTES] {
    let limbs = scalar.into_bigint().0;
    let mut out = [0u8; SCALAR_BYTES];
    for (i, limb) in limbs.iter().enumerate() {
        let start = SCALAR_BYTES - 8 * (i + 1);
        out[start..start + 8].copy_from_slice(&limb.to_be_bytes());
    }
    out
}

/// Parses a compressed G1 point, checking flags, canonical coordinate, curve
/// equation and subgroup membership.
pub fn g1_from_bytes(bytes: &[u8; G1_BYTES]) -> Result<G1Affine, Error> {
    let point = g1_from_bytes_unchecked_subgroup(bytes)?;
    if crate::g1::g1_in_subgroup(&point) {
        Ok(point)
    } else {
        Err(Error::PointNotInSubgroup { group: "G1" })
    }
}

/// Whether `point` is on the curve and in the prime-order subgroup G1: what
/// [`g1_from_bytes`] checks, for points that were not decoded from bytes
/// (assembled in memory, read from a trusted cache), with the decoder's
/// subgroup test (`phi(P) = -[x^2]P` through two multiplications by the
/// sparse `|x|`).
pub fn g1_is_valid(point: &G1Affine) -> bool {
    point.is_on_curve() && crate::g1::g1_in_subgroup(point)
}

/// Parses a G1 point from a byte slice that must be exactly 48 bytes long.
pub fn g1_from_slice(bytes: &[u8]) -> Result<G1Affine, Error> {
    g1_from_bytes(&fixed::<G1_BYTES>("G1 point", bytes)?)
}

/// Like [`g1_from_bytes`] but without the subgroup check, for points whose
/// origin is trusted (a setup checked at build time). Flags, canonical
/// coordinate and the curve equation are still checked.
pub fn g1_from_bytes_unchecked_subgroup(bytes: &[u8; G1_BYTES]) -> Result<G1Affine, Error> {
    let Some(largest) = check_flags("G1", bytes)? else {
        return Ok(G1Affine::zero());
    };
    let x = fq_from_be(&bytes[..G1_BYTES], "G1")?;
    crate::g1::g1_from_x(x, largest).ok_or(Error::PointNotOnCurve { group: "G1" })
}

/// The canonical 48-byte compressed encoding of a G1 point.
pub fn g1_to_bytes(point: &G1Affine) -> [u8; G1_BYTES] {
    let mut out = [0u8; G1_BYTES];
    let Some((x, y)) = point.xy() else {
        out[0] = FLAG_COMPRESSED | FLAG_INFINITY;
        return out;
    };
    fq_to_be(&x, &mut out);
    out[0] |= FLAG_COMPRESSED;
    if y > -y {
        out[0] |= FLAG_LARGEST_Y;
    }
    out
}

/// Parses a compressed G2 point, checking flags, canonical coordinates, curve
/// equation and subgroup membership.
pub fn g2_from_bytes(bytes: &[u8; G2_BYTES]) -> Result<G2Affine, Error> {
    let Some(largest) = check_flags("G2", bytes)? else {
        return Ok(G2Affine::zero());
    };
    let c1 = fq_from_be(&bytes[..48], "G2")?;
    // Only byte 0 of the whole encoding carries flags: the top bits of c0
    // are value bits, so a set bit there is a value `>= p`.
    if bytes[48] & FLAG_MASK != 0 {
        return Err(Error::NonCanonicalPoint {
            group: "G2",
            reason: "coordinate is not below the base-field modulus",
        });
    }
    let c0 = fq_from_be(&bytes[48..], "G2")?;
    let point = G2Affine::get_point_from_x_unchecked(Fq2::new(c0, c1), largest)
        .ok_or(Error::PointNotOnCurve { group: "G2" })?;
    if point.is_in_correct_subgroup_assuming_on_curve() {
        Ok(point)
    } else {
        Err(Error::PointNotInSubgroup { group: "G2" })
    }
}

/// Parses a G2 point from a byte slice that must be exactly 96 bytes long.
pub fn g2_from_slice(bytes: &[u8]) -> Result<G2Affine, Error> {
    g2_from_bytes(&fixed::<G2_BYTES>("G2 point", bytes)?)
}

/// The canonical 96-byte compressed encoding of a G2 point.
pub fn g2_to_bytes(point: &G2Affine) -> [u8; G2_BYTES] {
    let mut out = [0u8; G2_BYTES];
    let Some((x, y)) = point.xy() else {
        out[0] = FLAG_COMPRESSED | FLAG_INFINITY;
        return out;
    };
    let (hi, lo) = out.split_at_mut(48);
    fq_to_be(&x.c1, hi);
    fq_to_be(&x.c0, lo);
    out[0] |= FLAG_COMPRESSED;
    if y > -y {
        out[0] |= FLAG_LARGEST_Y;
    }
    out
}

/// Copies a slice into a fixed-size array, or reports the length mismatch.
pub fn fixed<const N: usize>(what: &'static str, bytes: &[u8]) -> Result<[u8; N], Error> {
    bytes.try_into().map_err(|_| Error::WrongLength {
        what,
        expected: N,
        actual: bytes.len(),
    })
}

/// Checks the three flag bits. Returns `None` for the (canonical) point at
/// infinity, else `Some(y_is_largest)`.
fn check_flags(group: &'static str, bytes: &[u8]) -> Result<Option<bool>, Error> {
    let flags = bytes[0] & FLAG_MASK;
    if flags & FLAG_COMPRESSED == 0 {
        return Err(Error::NonCanonicalPoint {
            group,
            reason: "compression flag not set",
        });
    }
    if flags & FLAG_INFINITY != 0 {
        let rest_zero = bytes[0] & !FLAG_MASK == 0 && bytes[1..].iter().all(|b| *b == 0);
        if flags & FLAG_LARGEST_Y != 0 || !rest_zero {
            return Err(Error::NonCanonicalPoint {
                group,
                reason: "point at infinity with other bits set",
            });
        }
        return Ok(None);
    }
    Ok(Some(flags & FLAG_LARGEST_Y != 0))
}

/// Reads a 48-byte big-endian base-field element, ignoring the flag bits of
/// byte 0, and rejects values `>= p`.
fn fq_from_be(bytes: &[u8], group: &'static str) -> Result<Fq, Error> {
    let mut limbs = [0u64; 6];
    for (i, chunk) in bytes[..48].rchunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if i == 5 {
            word[0] &= !FLAG_MASK;
        }
        limbs[i] = u64::from_be_bytes(word);
    }
    Fq::from_bigint(ark_ff::BigInt(limbs)).ok_or(Error::NonCanonicalPoint {
        group,
        reason: "coordinate is not below the base-field modulus",
    })
}

fn fq_to_be(value: &Fq, out: &mut [u8]) {
    let bytes = value.into_bigint().to_bytes_be();
    out[..48].copy_from_slice(&bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::{CurveGroup, PrimeGroup, UniformRand};
    use crate::{G1Projective, G2Projective};
    use ark_std::test_rng;

    #[test]
    fn scalar_round_trip_and_modulus_rejected() {
        let mut rng = test_rng();
        for _ in 0..100 {
            let s = Scalar::rand(&mut rng);
            assert_eq!(scalar_from_bytes(&scalar_to_bytes(&s)).unwrap(), s);
        }
        let modulus: [u8; 32] = Scalar::MODULUS.to_bytes_be().try_into().unwrap();
        assert_eq!(scalar_from_bytes(&modulus), Err(Error::NonCanonicalScalar));
        let mut below = modulus;
        below[31] -= 1;
        assert_eq!(scalar_from_bytes(&below).unwrap(), -Scalar::from(1u64));
        assert_eq!(
            scalar_from_bytes(&[0xff; 32]),
            Err(Error::NonCanonicalScalar)
        );
    }

    #[test]
    fn points_round_trip_and_match_arkworks() {
        use ark_serialize::CanonicalSerialize;
        let mut rng = test_rng();
        for _ in 0..20 {
            let p = G1Projective::rand(&mut rng).into_affine();
            let bytes = g1_to_bytes(&p);
            let mut ark = [0u8; 48];
            p.serialize_compressed(&mut ark[..]).unwrap();
            assert_eq!(bytes, ark);
            assert_eq!(g1_from_bytes(&bytes).unwrap(), p);

            let q = G2Projective::rand(&mut rng).into_affine();
            let bytes = g2_to_bytes(&q);
            let mut ark = [0u8; 96];
            q.serialize_compressed(&mut ark[..]).unwrap();
            assert_eq!(bytes, ark);
            assert_eq!(g2_from_bytes(&bytes).unwrap(), q);
        }
        let inf = g1_to_bytes(&G1Affine::zero());
        assert_eq!(inf[0], 0xc0);
        assert!(g1_from_bytes(&inf).unwrap().is_zero());
        assert!(
            g2_from_bytes(&g2_to_bytes(&G2Affine::zero()))
                .unwrap()
                .is_zero()
        );
        let g = G1Projective::generator().into_affine();
        assert_eq!(
            hex::encode(g1_to_bytes(&g)),
            "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"
        );
    }

    #[test]
    fn malformed_points_rejected_with_reasons() {
        let g = g1_to_bytes(&G1Projective::generator().into_affine());
        let mut uncompressed = g;
        uncompressed[0] &= 0x7f;
        assert!(matches!(
            g1_from_bytes(&uncompressed),
            Err(Error::NonCanonicalPoint { .. })
        ));

        let mut inf_dirty = [0u8; 48];
        inf_dirty[0] = 0xc0;
        inf_dirty[47] = 1;
        assert!(matches!(
            g1_from_bytes(&inf_dirty),
            Err(Error::NonCanonicalPoint { .. })
        ));
        inf_dirty[47] = 0;
        inf_dirty[0] = 0xe0;
        assert!(matches!(
            g1_from_bytes(&inf_dirty),
            Err(Error::NonCanonicalPoint { .. })
        ));

        // x = p (with the compression flag) is not canonical.
        let p_bytes = Fq::MODULUS.to_bytes_be();
        let mut x_eq_p = [0u8; 48];
        x_eq_p.copy_from_slice(&p_bytes);
        x_eq_p[0] |= 0x80;
        assert!(matches!(
            g1_from_bytes(&x_eq_p),
            Err(Error::NonCanonicalPoint { .. })
        ));

        // Some x has no y on the curve: find one.
        let mut off = [0u8; 48];
        off[0] = 0x80;
        let mut found = false;
        for v in 1u8..50 {
            off[47] = v;
            if let Err(e) = g1_from_bytes(&off) {
                assert!(matches!(e, Error::PointNotOnCurve { group: "G1" }));
                found = true;
                break;
            }
        }
        assert!(found);

        assert_eq!(
            g1_from_slice(&[0u8; 47]),
            Err(Error::WrongLength {
                what: "G1 point",
                expected: 48,
                actual: 47
            })
        );
    }

    #[test]
    fn g2_from_slice_takes_exactly_96_bytes() {
        let q = G2Projective::generator().into_affine();
        let bytes = g2_to_bytes(&q);
        assert_eq!(g2_from_slice(&bytes), Ok(q));
        for len in [95, 97] {
            let mut other = bytes.to_vec();
            other.resize(len, 0);
            assert_eq!(
                g2_from_slice(&other),
                Err(Error::WrongLength {
                    what: "G2 point",
                    expected: 96,
                    actual: len
                })
            );
        }
    }

    #[test]
    fn g2_second_coordinate_top_bits_rejected() {
        let q = g2_to_bytes(&G2Projective::generator().into_affine());
        for bit in [0x20u8, 0x40, 0x80] {
            let mut bad = q;
            bad[48] |= bit;
            assert!(matches!(
                g2_from_bytes(&bad),
                Err(Error::NonCanonicalPoint { group: "G2", .. })
            ));
        }
    }

    #[test]
    fn points_outside_the_subgroup_rejected() {
        // Points on the curve with small x are almost never in the subgroup
        // (the cofactor of G1 is large).
        let mut bytes = [0u8; 48];
        bytes[0] = 0x80;
        let mut saw = false;
        for v in 1u8..=255 {
            bytes[47] = v;
            if g1_from_bytes_unchecked_subgroup(&bytes).is_ok() {
                assert_eq!(
                    g1_from_bytes(&bytes),
                    Err(Error::PointNotInSubgroup { group: "G1" })
                );
                saw = true;
                break;
            }
        }
        assert!(saw);
    }
}
