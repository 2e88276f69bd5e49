//! How a polynomial is cut into slices, and where each slice lives.

use crate::Error;
use crate::curve::{Scalar, root_of_unity};
use ark_ff::Field;

/// The shape of an erasure-coded blob: a polynomial of `N = rows * cols`
/// evaluations, extended over `families` coset families into
/// `rows * families` slices of `cols` evaluations each. Any `rows` distinct
/// slices recover the polynomial.
///
/// # Index convention
///
/// Let `F = families.next_power_of_two()` and `D` the multiplicative
/// subgroup of order `F * N`, listed in bit-reversed order. Slice `s`
/// (for `s < rows * families`) holds the evaluations of the polynomial at
/// entries `s * cols .. (s + 1) * cols` of that list. This is exactly
/// Ethereum's EIP-7594 cell layout (there `F = 2`, `N = 4096`,
/// `cols = 64`), generalised to any family count. It follows that:
///
/// - slice `s` is the coset `shift(s) * H` of the order-`cols` subgroup
///   `H`, its elements in bit-reversed order of `H`;
/// - slices `0 .. rows` (family 0) are the polynomial's evaluations on the
///   order-`N` subgroup in bit-reversed order, i.e. the original data; the
///   code is systematic;
/// - family `k` (slices `k * rows .. (k + 1) * rows`) is the coset
///   `g_k * D_N` with `g_k = w^bitrev_F(k)`, `w` of order `F * N`;
/// - the `x^cols` of the shifts of distinct slices are distinct points of
///   the order-`F * rows` subgroup, which is what makes every column code a
///   Reed-Solomon code of dimension `rows`.
///
/// With the `serde` feature, deserializing runs the checks of
/// [`Geometry::new`], so a deserialized geometry is always valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "GeometryParts"))]
pub struct Geometry {
    rows: usize,
    cols: usize,
    families: usize,
}

/// The fields of a [`Geometry`] as deserialized, before validation.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct GeometryParts {
    rows: usize,
    cols: usize,
    families: usize,
}

#[cfg(feature = "serde")]
impl TryFrom<GeometryParts> for Geometry {
    type Error = Error;
    fn try_from(parts: GeometryParts) -> Result<Self, Error> {
        Self::new(parts.rows, parts.cols, parts.families)
    }
}

/// Elements in one 256-byte sector of the data root (8 elements of 32 bytes).
const ELEMENTS_PER_SECTOR: usize = 8;

impl Geometry {
    /// 0G's production geometry: a 1024 x 1024 matrix extended at rate 1/3
    /// into 3072 slices of 1024 elements.
    pub const ZG_PRODUCTION: Self = Self {
        rows: 1024,
        cols: 1024,
        families: 3,
    };
    /// 0G's test geometry: 64 rows x 32 columns, 3 families (192 slices).
    pub const ZG_TEST: Self = Self {
        rows: 64,
        cols: 32,
        families: 3,
    };
    /// Ethereum's EIP-7594 geometry: blobs of 4096 elements, cells of 64,
    /// rate 1/2 (128 cells).
    pub const ETHEREUM: Self = Self {
        rows: 64,
        cols: 64,
        families: 2,
    };

    /// A geometry of `rows` data rows (slices needed to recover), `cols`
    /// elements per slice and `families` coset families.
    ///
    /// Requirements: `rows` and `cols` are powers of two, `cols >= 8` (a
    /// slice is a whole number of 256-byte sectors), `families >= 2` (there
    /// must be redundancy), the extended domain `F * rows * cols` (with
    /// `F` the next power of two above `families`) is at most `2^32`, the
    /// largest power-of-two subgroup of the scalar field, and the bytes of
    /// all slices (`rows * families * cols * 32`) fit in `usize`.
    pub const fn new(rows: usize, cols: usize, families: usize) -> Result<Self, Error> {
        let reason = Self::violation(rows, cols, families);
        if let Some(reason) = reason {
            return Err(Error::InvalidGeometry {
                rows,
                cols,
                families,
                reason,
            });
        }
        Ok(Self {
            rows,
            cols,
            families,
        })
    }

    const fn violation(rows: usize, cols: usize, families: usize) -> Option<&'static str> {
        if !rows.is_power_of_two() {
            return Some("rows must be a power of two");
        }
        if !cols.is_power_of_two() || cols < ELEMENTS_PER_SECTOR {
            return Some("cols must be a power of two and at least 8");
        }
        if families < 2 {
            return Some("at least 2 coset families are needed for redundancy");
        }
        if families > 1 << 16 {
            return Some("at most 2^16 coset families");
        }
        let log = rows.trailing_zeros()
            + cols.trailing_zeros()
            + families.next_power_of_two().trailing_zeros();
        if log > 32 {
            return Some("the extended domain exceeds 2^32, the field's two-adicity");
        }
        // All slices' bytes must be addressable, so that every size derived
        // from the geometry fits in `usize` (this only bites on 32-bit targets).
        let all_bytes = match rows.checked_mul(families) {
            Some(slices) => match slices.checked_mul(cols) {
                Some(elements) => elements.checked_mul(32),
                None => None,
            },
            None => None,
        };
        if all_bytes.is_none() {
            return Some("the encoded blob's size does not fit in usize on this target");
        }
        None
    }

    /// Data rows: the number of distinct slices that recover the blob.
    pub const fn rows(&self) -> usize {
        self.rows
    }
    /// Elements per slice.
    pub const fn cols(&self) -> usize {
        self.cols
    }
    /// Coset families (the extension factor).
    pub const fn families(&self) -> usize {
        self.families
    }
    /// Same as [`rows`](Self::rows), named for the question it answers.
    pub const fn rows_to_recover(&self) -> usize {
        self.rows
    }
    /// Field elements of data: `rows * cols`, the length of the polynomial.
    pub const fn elements(&self) -> usize {
        self.rows * self.cols
    }
    /// Slices after extension: `rows * families`.
    pub const fn slices(&self) -> usize {
        self.rows * self.families
    }
    /// `F`: the family count rounded up to a power of two.
    pub const fn families_pow2(&self) -> usize {
        self.families.next_power_of_two()
    }
    /// Size of the (virtual) extended domain `F * rows * cols`.
    pub const fn extended_domain_size(&self) -> usize {
        self.families_pow2() * self.elements()
    }
    /// Bytes of one slice when each element is stored in 32 bytes.
    pub const fn slice_bytes(&self) -> usize {
        self.cols * 32
    }
    /// Which coset family slice `slice` belongs to.
    pub const fn family_of(&self, slice: usize) -> usize {
        slice / self.rows
    }
    /// Position of `slice` inside its family.
    pub const fn row_of(&self, slice: usize) -> usize {
        slice % self.rows
    }

    /// The exponent `e` with `shift(slice) = w^e`, `w` a primitive root of
    /// order `F * N` (see the type's index convention). Also the position of
    /// the slice's column-code point `shift^cols` in the order-`F * rows`
    /// subgroup (as a power of its generator).
    pub const fn shift_exponent(&self, slice: usize) -> usize {
        bit_reverse_index(slice, self.families_pow2() * self.rows)
    }

    /// The coset shift of slice `slice`: its elements are
    /// `shift * h` for `h` in the order-`cols` subgroup, in bit-reversed order.
    pub fn coset_shift(&self, slice: usize) -> Scalar {
        self.extended_root()
            .pow([self.shift_exponent(slice) as u64])
    }

    /// The shift `g_k` of coset family `family`: family `k` is the
    /// evaluations on `g_k * D_N`.
    pub fn family_shift(&self, family: usize) -> Scalar {
        let exponent = bit_reverse_index(family, self.families_pow2());
        self.extended_root().pow([exponent as u64])
    }

    /// A primitive root of unity of order `F * N`.
    pub fn extended_root(&self) -> Scalar {
        root_of_unity(self.extended_domain_size() as u64).unwrap_or_else(unreachable_root)
    }
}

#[cold]
fn unreachable_root() -> Scalar {
    // Geometry::new bounds the domain by 2^32, so a root always exists.
    Scalar::from(1u64)
}

/// Reverses the low `log2(n)` bits of `index` (`n` a power of two).
pub const fn bit_reverse_index(index: usize, n: usize) -> usize {
    let bits = n.trailing_zeros();
    if bits == 0 {
        return 0;
    }
    index.reverse_bits() >> (usize::BITS - bits)
}

/// Permutes `values` into bit-reversed order, in place (length a power of two).
pub fn bit_reverse_permute<T>(values: &mut [T]) {
    let n = values.len();
    if n <= 2 {
        return;
    }
    debug_assert!(
        n.is_power_of_two(),
        "bit reversal needs a power-of-two length"
    );
    for i in 0..n {
        let j = bit_reverse_index(i, n);
        if i < j {
            values.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use ark_ff::One;

    #[test]
    fn presets_have_the_documented_sizes() {
        let p = Geometry::ZG_PRODUCTION;
        assert_eq!(
            (p.elements(), p.slices(), p.extended_domain_size()),
            (1 << 20, 3072, 1 << 22)
        );
        let t = Geometry::ZG_TEST;
        assert_eq!((t.elements(), t.slices()), (2048, 192));
        let e = Geometry::ETHEREUM;
        assert_eq!(
            (e.elements(), e.slices(), e.extended_domain_size()),
            (4096, 128, 8192)
        );
        for g in [p, t, e] {
            assert_eq!(Geometry::new(g.rows(), g.cols(), g.families()), Ok(g));
        }
    }

    #[test]
    fn invalid_geometries_rejected() {
        assert!(Geometry::new(3, 32, 3).is_err());
        assert!(Geometry::new(64, 4, 3).is_err());
        assert!(Geometry::new(64, 24, 3).is_err());
        assert!(Geometry::new(64, 32, 1).is_err());
        assert!(Geometry::new(1 << 20, 1 << 12, 2).is_err());
        // 2^32 elements of 32 bytes: addressable on 64-bit targets only.
        let largest = Geometry::new(1 << 20, 1 << 11, 2);
        if usize::BITS >= 64 {
            assert!(largest.is_ok());
        } else {
            assert!(matches!(
                largest,
                Err(Error::InvalidGeometry { reason, .. }) if reason.contains("usize")
            ));
        }
    }

    #[test]
    fn family_zero_is_the_data_domain_and_shifts_are_distinct() {
        let g = Geometry::ZG_TEST;
        let w_n = root_of_unity(g.elements() as u64).unwrap();
        let mut points = Vec::new();
        for s in 0..g.slices() {
            let shift = g.coset_shift(s);
            if s < g.rows() {
                // Family 0: shift^N == 1, i.e. it lies in D_N.
                assert_eq!(shift.pow([g.elements() as u64]), Scalar::one());
                // And matches the bit-reversed data layout.
                let e = bit_reverse_index(s * g.cols(), g.elements());
                assert_eq!(shift, w_n.pow([e as u64]));
            }
            let point = shift.pow([g.cols() as u64]);
            assert!(!points.contains(&point));
            points.push(point);
            assert_eq!(
                shift,
                g.family_shift(g.family_of(s))
                    * w_n.pow([bit_reverse_index(g.row_of(s) * g.cols(), g.elements()) as u64])
            );
        }
    }

    #[test]
    fn ethereum_cells_match_the_spec_shifts() {
        // EIP-7594: cell i has coset shift w_8192^bitrev_128(i).
        let g = Geometry::ETHEREUM;
        let w = root_of_unity(8192).unwrap();
        for i in 0..128 {
            assert_eq!(g.coset_shift(i), w.pow([bit_reverse_index(i, 128) as u64]));
        }
    }

    #[test]
    fn bit_reversal() {
        assert_eq!(bit_reverse_index(1, 8), 4);
        assert_eq!(bit_reverse_index(6, 8), 3);
        assert_eq!(bit_reverse_index(0, 1), 0);
        let mut v: Vec<usize> = (0..16).collect();
        bit_reverse_permute(&mut v);
        assert_eq!(v[1], 8);
        bit_reverse_permute(&mut v);
        assert_eq!(v, (0..16).collect::<Vec<_>>());
    }
}
