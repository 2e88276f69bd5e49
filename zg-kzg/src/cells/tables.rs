//! FK20's precomputed SRS FFTs outside [`CellProver::new`]: derived from
//! tau directly for insecure setups, and exported to bytes / imported back
//! with validation for real ones.
//!
//! Building the SRS FFTs from a setup is `cols` G1 FFTs of size `2 rows`
//! (minutes at 0G's production geometry). They are `[s]G1` points for
//! scalars `s` that are polynomials in tau, so:
//!
//! - with tau known ([`CellProver::insecure_from_seed`]) they are a scalar
//!   FFT per column plus `2N` fixed-base multiplications of the generator;
//! - with a real ceremony, a node builds them once ([`CellProver::new`]),
//!   writes them with [`CellProver::export_tables`] and loads them with
//!   [`CellProver::with_tables`].
//!
//! # Table bytes
//!
//! | bytes | content |
//! | --- | --- |
//! | 8 | magic `zgFK20` followed by version bytes `0x00 0x01` |
//! | 4 | `rows`, big-endian `u32` |
//! | 4 | `cols`, big-endian `u32` |
//! | `96 * 2N` | the SRS-FFT points, MSM-major: point `p * cols + i` is `S_i[bitrev(p)]`, each uncompressed (x then y, 48 big-endian bytes each; the identity is 96 zero bytes) |
//!
//! # Validation on import
//!
//! Every point is checked on the curve, and all of them at once against
//! the setup with one random linear combination: with independent 128-bit
//! weights squeezed from keccak over the table bytes, the weighted sum of
//! the points must equal the matching combination of the setup's G1
//! powers, which a scalar FFT per column gives. Points are not checked one
//! by one for the prime-order subgroup (a subgroup check for 2 million
//! points costs what building the tables costs), and the combination
//! cannot see every small-order component: a point with an order-3 part
//! passes it with probability 1/3. The G1 parts of accepted tables are
//! right, so such a component is all that can be wrong, and it can only
//! push FK20's outputs out of G1. A prover with imported tables therefore
//! checks every proof and commitment it computes for the subgroup (about
//! 1% of a 0G encoding) and returns [`Error::TablesOutsideSubgroup`]
//! instead of a proof that verifiers would reject.

use super::fft::{dif, twiddles};
use super::fk20::Fk20;
use super::{CellProver, ProverOptions};
use crate::{Error, Setup};
use alloc::vec;
use alloc::vec::Vec;
use zg_types::curve::{AffineRepr, Fq, PrimeField, Zero, root_of_unity};
use zg_types::{G1Affine, Geometry, Scalar, bit_reverse_index};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

const MAGIC: [u8; 8] = *b"zgFK20\x00\x01";
const HEADER: usize = 16;
const POINT: usize = 96;
const FQ_BYTES: usize = 48;

impl CellProver {
    /// Bytes of [`export_tables`](Self::export_tables)' output for
    /// `geometry`: `16 + 96 * 2N` (201 MB at 0G's production geometry).
    pub const fn table_bytes(geometry: &Geometry) -> usize {
        HEADER + POINT * 2 * geometry.elements()
    }

    /// The prover's precomputed SRS FFTs as bytes (format in the
    /// `cells::tables` docs: magic, geometry, `2N` uncompressed points).
    pub fn export_tables(&self) -> Vec<u8> {
        let count = 2 * self.geometry.elements();
        let mut out = Vec::with_capacity(HEADER + POINT * count);
        out.extend_from_slice(&MAGIC);
        for v in [self.geometry.rows(), self.geometry.cols()] {
            out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes());
        }
        for k in 0..count {
            let p = self.fk20.srs_fft_point(k).unwrap_or_default();
            out.extend_from_slice(&point_to_bytes(&p));
        }
        out
    }

    /// A prover for `geometry` and `setup` whose SRS FFTs are read from
    /// `tables` ([`export_tables`](Self::export_tables)' format) instead of
    /// computed, after checking them against the setup (see the module
    /// docs): seconds instead of minutes at 0G's production geometry. The
    /// proofs and commitments it computes are checked for the subgroup
    /// before they are returned ([`Error::TablesOutsideSubgroup`]).
    pub fn with_tables(
        geometry: Geometry,
        setup: &Setup,
        options: ProverOptions,
        tables: &[u8],
    ) -> Result<Self, Error> {
        let expected = Self::table_bytes(&geometry);
        if tables.len() != expected {
            return Err(Error::LengthMismatch {
                what: "FK20 table bytes",
                expected,
                actual: tables.len(),
            });
        }
        let (header, body) = tables.split_at(HEADER);
        if header.get(..8) != Some(&MAGIC[..]) {
            return Err(Error::InvalidSetup {
                reason: "FK20 tables: wrong magic or version",
            });
        }
        let field = |at: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(header.get(at..at + 4).unwrap_or(&[0; 4]));
            u32::from_be_bytes(b) as usize
        };
        for (what, expected, actual) in [
            ("rows of the FK20 tables", geometry.rows(), field(8)),
            ("cols of the FK20 tables", geometry.cols(), field(12)),
        ] {
            if actual != expected {
                return Err(Error::GeometryMismatch {
                    what,
                    expected,
                    actual,
                });
            }
        }
        let parse = |chunk: &[u8]| point_from_bytes(chunk);
        #[cfg(feature = "parallel")]
        let points: Vec<G1Affine> = body
            .par_chunks_exact(POINT)
            .map(parse)
            .collect::<Result<_, _>>()?;
        #[cfg(not(feature = "parallel"))]
        let points: Vec<G1Affine> = body
            .chunks_exact(POINT)
            .map(parse)
            .collect::<Result<_, _>>()?;
        let n = geometry.elements();
        let g1 = setup.g1_monomial().get(..n).ok_or(Error::SetupTooSmall {
            what: "G1 powers (rows * cols)",
            needed: n,
            available: setup.len(),
        })?;
        let weights = check_weights(tables, points.len());
        if !matches_setup(geometry, g1, &points, &weights) {
            return Err(Error::InvalidSetup {
                reason: "FK20 tables do not match the setup",
            });
        }
        let mut prover = Self::from_srs_ffts(geometry, setup, options, points)?;
        prover.imported_tables = true;
        Ok(prover)
    }

    /// **INSECURE**: the setup of [`Setup::insecure_from_seed`]`(seed, N,
    /// cols + 1)` and a prover on it whose SRS FFTs are computed from the
    /// known tau (a scalar FFT per column and `2N` fixed-base
    /// multiplications) instead of with G1 FFTs. Anyone who knows `seed`
    /// can forge proofs: for tests, benchmarks and demonstrations only.
    #[cfg(feature = "insecure-setup")]
    pub fn insecure_from_seed(
        geometry: Geometry,
        seed: &[u8],
        options: ProverOptions,
    ) -> Result<(Setup, Self), Error> {
        use zg_types::curve::CurveGroup;
        let n = geometry.elements();
        let setup = Setup::insecure_from_seed(seed, n, geometry.cols() + 1)?;
        let tau = insecure_tau(seed);
        // The derivation above must be the setup's own: check [tau]G1.
        if setup.g1_monomial().get(1).copied() != Some((G1Affine::generator() * tau).into_affine())
        {
            return Err(Error::InvalidSetup {
                reason: "the insecure tau derivation differs from the setup's",
            });
        }
        let scalars = srs_fft_scalars(geometry, tau);
        let points = crate::msm::generator_mul_g1(&scalars);
        drop(scalars);
        let prover = Self::from_srs_ffts(geometry, &setup, options, points)?;
        Ok((setup, prover))
    }

    fn from_srs_ffts(
        geometry: Geometry,
        setup: &Setup,
        options: ProverOptions,
        points: Vec<G1Affine>,
    ) -> Result<Self, Error> {
        let n = geometry.elements();
        Self::assemble(geometry, setup, options, |_| {
            if points.len() != 2 * n {
                return Err(Error::LengthMismatch {
                    what: "FK20 SRS-FFT points",
                    expected: 2 * n,
                    actual: points.len(),
                });
            }
            Ok(Fk20::from_srs_ffts(geometry, points, options.table_width()))
        })
    }
}

/// The tau of [`Setup::insecure_from_seed`], derived the same way (and
/// checked against the setup by the caller).
#[cfg(feature = "insecure-setup")]
fn insecure_tau(seed: &[u8]) -> Scalar {
    use tiny_keccak::{Hasher, Keccak};
    let mut digest = [0u8; 32];
    let mut hasher = Keccak::v256();
    hasher.update(b"zg insecure setup tau");
    hasher.update(seed);
    hasher.finalize(&mut digest);
    Scalar::from_be_bytes_mod_order(&digest)
}

/// The scalars of the SRS-FFT points, MSM-major: column `i` is the FFT
/// (bit-reversed output) of `(tau^((R-1-m)L + i))_(m<R)` zero-padded to
/// `2R`, exactly what `Fk20::new` computes in G1.
#[cfg(feature = "insecure-setup")]
fn srs_fft_scalars(geometry: Geometry, tau: Scalar) -> Vec<Scalar> {
    use zg_types::curve::Field;
    let rows = geometry.rows();
    let cols = geometry.cols();
    let n2 = 2 * rows;
    let tw = twiddles(root_of_unity(n2 as u64).unwrap_or_default(), n2);
    let tau_cols = tau.pow([cols as u64]);
    let column = |i: usize| -> Vec<Scalar> {
        let mut v = vec![Scalar::zero(); n2];
        // m = R-1 has exponent i; each step down in m multiplies by tau^L.
        let mut acc = tau.pow([i as u64]);
        for m in (0..rows).rev() {
            v[m] = acc;
            acc *= tau_cols;
        }
        dif(&mut v, &tw);
        v
    };
    #[cfg(feature = "parallel")]
    let columns: Vec<Vec<Scalar>> = (0..cols).into_par_iter().map(column).collect();
    #[cfg(not(feature = "parallel"))]
    let columns: Vec<Vec<Scalar>> = (0..cols).map(column).collect();
    let mut out = Vec::with_capacity(n2 * cols);
    for p in 0..n2 {
        for col in &columns {
            out.push(col.get(p).copied().unwrap_or_default());
        }
    }
    out
}

/// Checks `sum_k w_k points[k] == sum_k c_k g1[k]` where `c` is the same
/// combination pulled back through the FFTs onto the setup's powers.
fn matches_setup(
    geometry: Geometry,
    g1: &[G1Affine],
    points: &[G1Affine],
    weights: &[Scalar],
) -> bool {
    let rows = geometry.rows();
    let cols = geometry.cols();
    let n2 = 2 * rows;
    let n = geometry.elements();
    let tw = twiddles(root_of_unity(n2 as u64).unwrap_or_default(), n2);
    // Point (p, i) = sum_m v_i[m] w^(m bitrev(p)), so its weight lands on
    // v_i[m] as c_(i,m) = sum_p w_(p,i) w^(m bitrev(p)) = DFT(a_i)[m] with
    // a_i[bitrev(p)] = w_(p,i).
    let column = |i: usize| -> Vec<Scalar> {
        let mut a = vec![Scalar::zero(); n2];
        for p in 0..n2 {
            if let (Some(slot), Some(w)) = (
                a.get_mut(bit_reverse_index(p, n2)),
                weights.get(p * cols + i),
            ) {
                *slot = *w;
            }
        }
        dif(&mut a, &tw);
        zg_types::bit_reverse_permute(&mut a);
        a
    };
    #[cfg(feature = "parallel")]
    let columns: Vec<Vec<Scalar>> = (0..cols).into_par_iter().map(column).collect();
    #[cfg(not(feature = "parallel"))]
    let columns: Vec<Vec<Scalar>> = (0..cols).map(column).collect();
    let mut coefficients = vec![Scalar::zero(); n];
    for (i, c) in columns.iter().enumerate() {
        for m in 0..rows {
            if let (Some(slot), Some(v)) =
                (coefficients.get_mut((rows - 1 - m) * cols + i), c.get(m))
            {
                *slot = *v;
            }
        }
    }
    crate::msm::msm(points, weights) == crate::msm::msm(g1, &coefficients)
}

/// The combination's weights: `count` 128-bit numbers squeezed from keccak
/// over the table bytes, so that a table cannot be made to fit them.
///
/// 128 bits suffice: a wrong G1 point survives the combination with
/// probability `2^-128`. They also make the MSM over the `2N` table points,
/// the larger of the check's two, half as long as with full-size weights.
fn check_weights(tables: &[u8], count: usize) -> Vec<Scalar> {
    use tiny_keccak::{Hasher, Keccak};
    let mut bytes = vec![0u8; 16 * count];
    let mut hasher = Keccak::v256();
    hasher.update(b"zg FK20 tables check, 128-bit weights");
    hasher.update(tables);
    hasher.finalize(&mut bytes);
    bytes
        .chunks_exact(16)
        .map(|b| {
            let mut le = [0u8; 16];
            le.copy_from_slice(b);
            Scalar::from(u128::from_le_bytes(le))
        })
        .collect()
}

fn point_to_bytes(p: &G1Affine) -> [u8; POINT] {
    let mut out = [0u8; POINT];
    if let Some((x, y)) = p.xy() {
        let (xs, ys) = out.split_at_mut(FQ_BYTES);
        write_fq(xs, &x);
        write_fq(ys, &y);
    }
    out
}

/// Writes `v` as 48 big-endian bytes (its six limbs) to the start of `out`.
fn write_fq(out: &mut [u8], v: &Fq) {
    use zg_types::curve::BigInteger;
    for (dst, src) in out.iter_mut().zip(v.into_bigint().to_bytes_be()) {
        *dst = src;
    }
}

fn point_from_bytes(b: &[u8]) -> Result<G1Affine, Error> {
    let bad = |reason| Error::InvalidSetup { reason };
    if b.iter().all(|&x| x == 0) {
        return Ok(G1Affine::zero());
    }
    let (xs, ys) = b.split_at(FQ_BYTES.min(b.len()));
    let read = |s: &[u8]| -> Result<Fq, Error> {
        let v = Fq::from_be_bytes_mod_order(s);
        // Canonical: re-encoding gives the same bytes.
        let mut again = [0u8; FQ_BYTES];
        write_fq(&mut again, &v);
        if again[..] == *s {
            Ok(v)
        } else {
            Err(bad("FK20 tables: coordinate not below the field modulus"))
        }
    };
    let p = G1Affine::new_unchecked(read(xs)?, read(ys)?);
    if p.is_on_curve() {
        Ok(p)
    } else {
        Err(bad("FK20 tables: point not on the curve"))
    }
}

#[cfg(all(test, feature = "insecure-setup"))]
mod tests {
    use super::*;

    #[test]
    fn tau_derived_tables_equal_the_g1_fft_ones_and_round_trip() {
        for geometry in [
            Geometry::ZG_TEST,
            Geometry::new(8, 8, 2).unwrap_or(Geometry::ZG_TEST),
        ] {
            let (setup, fast) =
                CellProver::insecure_from_seed(geometry, b"tables", ProverOptions::new()).unwrap();
            let slow = CellProver::new(geometry, &setup).unwrap();
            let bytes = slow.export_tables();
            assert_eq!(bytes.len(), CellProver::table_bytes(&geometry));
            assert_eq!(fast.export_tables(), bytes);
            let loaded =
                CellProver::with_tables(geometry, &setup, ProverOptions::new(), &bytes).unwrap();
            let coefficients: Vec<Scalar> =
                (0..geometry.elements() as u64).map(Scalar::from).collect();
            assert_eq!(loaded.proofs(&coefficients), slow.proofs(&coefficients));
            // With fixed-base tables the points read back the same.
            let wide = CellProver::with_tables(
                geometry,
                &setup,
                ProverOptions::new().with_table_width(4),
                &bytes,
            )
            .unwrap();
            assert_eq!(wide.export_tables(), bytes);
            // ... and the width is used: 2^3 multiples of each point.
            assert_eq!(
                wide.precomputation_bytes(),
                2 * geometry.elements() * 8 * POINT
            );
            assert_eq!(wide.proofs(&coefficients), slow.proofs(&coefficients));
        }
    }

    #[test]
    fn check_weights_are_128_bit_and_follow_the_bytes() {
        use zg_types::curve::BigInteger;
        let a = check_weights(b"table a", 40);
        assert_eq!(a.len(), 40);
        assert!(a.iter().all(|w| w.into_bigint().num_bits() <= 128));
        assert_eq!(check_weights(b"table a", 40), a);
        // A prefix of a longer squeeze: the count does not change them.
        assert_eq!(check_weights(b"table a", 50)[..40], a[..]);
        assert_ne!(check_weights(b"table b", 40), a);
        let distinct: std::collections::BTreeSet<_> = a.iter().map(|w| w.into_bigint().0).collect();
        assert_eq!(distinct.len(), 40);
    }

    #[test]
    fn tampered_or_foreign_tables_are_rejected() {
        let geometry = Geometry::ZG_TEST;
        let (setup, prover) =
            CellProver::insecure_from_seed(geometry, b"tables", ProverOptions::new()).unwrap();
        let bytes = prover.export_tables();
        let options = ProverOptions::new();
        // Another setup.
        let other = Setup::insecure_from_seed(b"other", geometry.elements(), 33).unwrap();
        assert!(CellProver::with_tables(geometry, &other, options, &bytes).is_err());
        // Swapped points (each on the curve, in the subgroup).
        let mut swapped = bytes.clone();
        for j in 0..POINT {
            swapped.swap(HEADER + j, HEADER + POINT + j);
        }
        assert!(CellProver::with_tables(geometry, &setup, options, &swapped).is_err());
        // A flipped byte, a truncation, another geometry.
        let mut flipped = bytes.clone();
        flipped[HEADER + 5 * POINT + 40] ^= 1;
        assert!(CellProver::with_tables(geometry, &setup, options, &flipped).is_err());
        assert!(CellProver::with_tables(geometry, &setup, options, &bytes[1..]).is_err());
        let mut header = bytes.clone();
        header[11] ^= 1;
        assert_eq!(
            CellProver::with_tables(geometry, &setup, options, &header).err(),
            Some(Error::GeometryMismatch {
                what: "rows of the FK20 tables",
                expected: geometry.rows(),
                actual: geometry.rows() ^ 1,
            })
        );
    }

    /// `k * p` by double-and-add with arkworks' generic formulas: exact for
    /// any curve point (the curve's own multiplication assumes G1).
    fn plain_mul(p: &G1Affine, k: &[u64]) -> zg_types::G1Projective {
        use ark_ec::AdditiveGroup;
        use ark_ff::BitIteratorBE;
        let mut acc = zg_types::G1Projective::zero();
        for bit in BitIteratorBE::without_leading_zeros(k) {
            acc.double_in_place();
            if bit {
                acc += p;
            }
        }
        acc
    }

    /// A curve point of order 3: what is left of a point outside G1 once
    /// multiplied by `r * m^2`, the cofactor being `3 m^2` with
    /// `m = (|x| + 1) / 3`.
    #[allow(clippy::unwrap_used, reason = "a test helper")]
    fn order_three_point() -> G1Affine {
        use zg_types::curve::CurveGroup;
        let m = (0xd201_0000_0001_0000u64 + 1) / 3;
        (1u64..1000)
            .filter_map(|x| G1Affine::get_point_from_x_unchecked(Fq::from(x), false))
            .map(|p| {
                let q = plain_mul(&p, &Scalar::MODULUS.0).into_affine();
                let q = plain_mul(&q, &[m]).into_affine();
                plain_mul(&q, &[m]).into_affine()
            })
            .find(|q| !q.is_zero())
            .unwrap()
    }

    /// A table point with an order-3 part gets through the import about
    /// one time in three; the prover then refuses, with a typed error,
    /// every output that the part pushes out of G1, and returns the right
    /// proofs when it cancels.
    #[test]
    fn a_table_point_outside_g1_is_caught_when_proving() {
        use zg_types::curve::CurveGroup;
        let geometry = Geometry::ZG_TEST;
        let (setup, honest) =
            CellProver::insecure_from_seed(geometry, b"tables", ProverOptions::new()).unwrap();
        let bytes = honest.export_tables();
        let z3 = order_three_point();
        assert!(plain_mul(&z3, &[3]).is_zero());
        assert!(!zg_types::encoding::g1_is_valid(&z3));
        // The first table entry whose corruption the import lets through.
        let loaded = (0..64)
            .find_map(|k| {
                let at = HEADER + k * POINT;
                let point = point_from_bytes(&bytes[at..at + POINT]).unwrap();
                let mut edited = bytes.clone();
                edited[at..at + POINT]
                    .copy_from_slice(&point_to_bytes(&(point + z3).into_affine()));
                CellProver::with_tables(geometry, &setup, ProverOptions::new(), &edited).ok()
            })
            .unwrap();
        let mut caught = 0;
        for seed in 0..4u64 {
            let data: Vec<Scalar> = (0..geometry.elements() as u64)
                .map(|i| Scalar::from(i * 7 + seed))
                .collect();
            match loaded.cells_and_proofs(&data) {
                Ok(outputs) => assert_eq!(outputs, honest.cells_and_proofs(&data).unwrap()),
                Err(Error::TablesOutsideSubgroup { .. }) => caught += 1,
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert!(caught > 0);
    }

    /// A small prover's setup and exported tables, built once.
    #[allow(clippy::unwrap_used, reason = "a test fixture")]
    fn small_tables() -> &'static (Geometry, Setup, Vec<u8>) {
        static TABLES: std::sync::OnceLock<(Geometry, Setup, Vec<u8>)> = std::sync::OnceLock::new();
        TABLES.get_or_init(|| {
            let geometry = Geometry::new(4, 8, 3).unwrap();
            let (setup, prover) =
                CellProver::insecure_from_seed(geometry, b"patched", ProverOptions::new()).unwrap();
            let bytes = prover.export_tables();
            (geometry, setup, bytes)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Any edit of an exported table (header or points) is rejected;
        /// edits that cancel out load the same table.
        #[test]
        fn edited_tables_load_only_when_unchanged(
            patches in proptest::collection::vec((0usize..8192, 0u8..=255), 1..4)
        ) {
            let (geometry, setup, bytes) = small_tables();
            let mut edited = bytes.clone();
            for &(at, mask) in &patches {
                let at = at % edited.len();
                edited[at] ^= mask;
            }
            let loaded = CellProver::with_tables(*geometry, setup, ProverOptions::new(), &edited);
            proptest::prop_assert_eq!(loaded.is_ok(), edited == *bytes);
            if let Ok(prover) = loaded {
                proptest::prop_assert_eq!(&prover.export_tables(), bytes);
            }
        }
    }
}
