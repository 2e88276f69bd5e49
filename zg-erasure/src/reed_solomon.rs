//! Reed-Solomon over the scalar field: extend a polynomial's evaluations to
//! every coset family, and recover it from any `rows` slices.

use crate::Error;
use crate::fft::{Domain, coset, inverse_power_series, subgroup, vanishing_polynomial};
use alloc::vec;
use alloc::vec::Vec;
use ark_ff::Zero;
use ark_poly::EvaluationDomain;
use zg_types::{Geometry, Scalar, bit_reverse_permute};

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// The Reed-Solomon engine of one [`Geometry`]: the evaluation domains it
/// needs are computed once here and reused by every call.
///
/// # Layout and coefficient order
///
/// The engine follows the index convention documented on [`Geometry`]:
/// slice `s` holds the polynomial's evaluations at entries
/// `s * cols .. (s + 1) * cols` of the bit-reversed subgroup of order
/// `F * rows * cols`. So:
///
/// - **data** is the `rows * cols` evaluations on the order-`N` subgroup in
///   bit-reversed order, which is family 0 (slices `0 .. rows`) laid end to
///   end: data position `j` is slice `j / cols`, entry `j % cols`;
/// - **coefficients** are always monomial and in natural order:
///   `coefficients[i]` multiplies `X^i`, for `i < rows * cols`;
/// - the code is systematic: [`extend`](Self::extend) returns the data
///   itself as family 0.
///
/// Slice `s`, entry `c` is `f(coset_shift(s) * w^bitrev(c))` with `w` the
/// generator of the order-`cols` subgroup ([`zg_types::curve::root_of_unity`]).
///
/// # Recovery
///
/// Any `rows` distinct slices determine the polynomial. Writing
/// `f(X) = sum_t X^t f_t(X^cols)`, one inverse DFT of size `cols` per slice
/// gives a point of every column polynomial `f_t` (degree `< rows`); the
/// points of all slices lie in the subgroup of order `F * rows`. Each `f_t`
/// is then recovered with the same erasure locator (the vanishing
/// polynomial of the missing points), computed once: `O(F rows log(F rows))`
/// per column.
#[derive(Debug, Clone)]
pub struct ReedSolomon {
    geometry: Geometry,
    /// Order `N = rows * cols`: data and coefficients.
    data_domain: Domain,
    /// `g_k * D_N` for each family `k` (family 0 is `D_N` itself).
    family_domains: Vec<Domain>,
    /// Order `cols`: the inside of one slice.
    slice_domain: Domain,
    /// Order `F * rows`: where the column codes live.
    column_domain: Domain,
    /// Order `2 * rows`: products of two polynomials of `rows` coefficients
    /// (the division by the erasure locator).
    quotient_domain: Domain,
}

/// The slices of an extended polynomial: `rows * families` slices of
/// `cols` elements each, family by family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slices {
    geometry: Geometry,
    /// One vector of `rows * cols` elements per coset family.
    families: Vec<Vec<Scalar>>,
}

impl Slices {
    /// The geometry these slices belong to.
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// Number of slices (`rows * families`).
    pub fn len(&self) -> usize {
        self.geometry.slices()
    }

    /// Always false: a geometry has at least two slices.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Slice `index` (`cols` elements), or `None` when out of range.
    pub fn slice(&self, index: usize) -> Option<&[Scalar]> {
        let g = self.geometry;
        let family = self.families.get(g.family_of(index))?;
        let start = g.row_of(index) * g.cols();
        family.get(start..start + g.cols())
    }

    /// All slices in index order.
    pub fn iter(&self) -> impl Iterator<Item = &[Scalar]> + '_ {
        let cols = self.geometry.cols();
        self.families.iter().flat_map(move |f| f.chunks_exact(cols))
    }

    /// The data: family 0, `rows * cols` elements in the data layout.
    pub fn data(&self) -> &[Scalar] {
        self.families.first().map_or(&[], Vec::as_slice)
    }

    /// All slices of family `family` laid end to end (`rows * cols`
    /// elements): the evaluations on `family_shift(family) * D_N` in
    /// bit-reversed order.
    pub fn family(&self, family: usize) -> Option<&[Scalar]> {
        self.families.get(family).map(Vec::as_slice)
    }

    /// All slices laid end to end (`rows * families * cols` elements).
    pub fn to_flat(&self) -> Vec<Scalar> {
        self.families.concat()
    }

    /// Consumes the slices, returning the data (family 0).
    pub fn into_data(self) -> Vec<Scalar> {
        self.families.into_iter().next().unwrap_or_default()
    }
}

impl ReedSolomon {
    /// Builds the engine for `geometry`, precomputing its domains.
    pub fn new(geometry: Geometry) -> Self {
        let data_domain = subgroup(geometry.elements());
        let family_domains = (0..geometry.families())
            .map(|k| coset(&data_domain, geometry.family_shift(k)))
            .collect();
        let column_domain = subgroup(geometry.families_pow2() * geometry.rows());
        Self {
            geometry,
            data_domain,
            family_domains,
            slice_domain: subgroup(geometry.cols()),
            column_domain,
            quotient_domain: subgroup(2 * geometry.rows()),
        }
    }

    /// The geometry this engine serves.
    pub fn geometry(&self) -> Geometry {
        self.geometry
    }

    /// Monomial coefficients (natural order, `rows * cols` of them) of the
    /// polynomial whose evaluations are `data` (in the data layout: family 0,
    /// bit-reversed order of the order-`N` subgroup). One inverse FFT.
    pub fn data_to_coefficients(&self, data: &[Scalar]) -> Result<Vec<Scalar>, Error> {
        let expected = self.geometry.elements();
        if data.len() != expected {
            return Err(Error::WrongDataLength {
                expected,
                actual: data.len(),
            });
        }
        let mut values = data.to_vec();
        bit_reverse_permute(&mut values);
        self.data_domain.ifft_in_place(&mut values);
        Ok(values)
    }

    /// The data (family 0) of a polynomial given by its monomial
    /// coefficients (natural order, at most `rows * cols`; missing high
    /// coefficients are zero). One FFT.
    pub fn coefficients_to_data(&self, coefficients: &[Scalar]) -> Result<Vec<Scalar>, Error> {
        self.check_coefficients(coefficients)?;
        Ok(self.evaluate_family(coefficients, 0))
    }

    /// All slices of a polynomial given by its monomial coefficients
    /// (natural order, at most `rows * cols`; missing high coefficients are
    /// zero). One coset FFT of size `rows * cols` per family.
    pub fn coefficients_to_slices(&self, coefficients: &[Scalar]) -> Result<Slices, Error> {
        self.check_coefficients(coefficients)?;
        let families = self.map_families(0, |k| self.evaluate_family(coefficients, k));
        Ok(Slices {
            geometry: self.geometry,
            families,
        })
    }

    /// Extends `data` (`rows * cols` elements in the data layout) to all
    /// slices. Systematic: family 0 is `data` itself.
    pub fn extend(&self, data: &[Scalar]) -> Result<Slices, Error> {
        Ok(self.extend_with_coefficients(data)?.0)
    }

    /// [`extend`](Self::extend), also returning the monomial coefficients
    /// it computes on the way (what [`data_to_coefficients`](Self::data_to_coefficients)
    /// returns): one inverse FFT and one coset FFT per family after the
    /// first, for callers that need both (a prover).
    pub fn extend_with_coefficients(
        &self,
        data: &[Scalar],
    ) -> Result<(Slices, Vec<Scalar>), Error> {
        let coefficients = self.data_to_coefficients(data)?;
        let mut families = Vec::with_capacity(self.geometry.families());
        families.push(data.to_vec());
        families.extend(self.map_families(1, |k| self.evaluate_family(&coefficients, k)));
        let slices = Slices {
            geometry: self.geometry,
            families,
        };
        Ok((slices, coefficients))
    }

    /// Recovers the polynomial's monomial coefficients (natural order,
    /// `rows * cols` of them) from any `rows` or more distinct slices, given
    /// as `(slice index, slice elements)` pairs in any order.
    ///
    /// When all family-0 slices are present they are used directly (one
    /// inverse FFT) and the other slices are ignored. Otherwise the column
    /// codes are decoded; if more than `rows` slices were given and they do
    /// not fit one polynomial, [`Error::InconsistentSlices`] is returned.
    /// Recovery does not authenticate slices: check their proofs first.
    ///
    /// `S` is any owner or view of a slice (`&[Scalar]`, `Vec<Scalar>`); it
    /// is `Sync` so that the `parallel` feature can read slices from several
    /// threads.
    pub fn recover_coefficients<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
    ) -> Result<Vec<Scalar>, Error> {
        let present = self.check_slices(slices)?;
        if let Some(data) = self.systematic_data(slices, &present) {
            return self.data_to_coefficients(&data);
        }
        self.decode_columns(slices, &present)
    }

    /// Recovers the data (family 0, `rows * cols` elements) from any `rows`
    /// or more distinct slices. See [`recover_coefficients`](Self::recover_coefficients).
    pub fn recover_data<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
    ) -> Result<Vec<Scalar>, Error> {
        let present = self.check_slices(slices)?;
        if let Some(data) = self.systematic_data(slices, &present) {
            return Ok(data);
        }
        let coefficients = self.decode_columns(slices, &present)?;
        Ok(self.evaluate_family(&coefficients, 0))
    }

    /// Recovers all slices from any `rows` or more distinct slices. See
    /// [`recover_coefficients`](Self::recover_coefficients).
    pub fn recover_slices<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
    ) -> Result<Slices, Error> {
        let coefficients = self.recover_coefficients(slices)?;
        self.coefficients_to_slices(&coefficients)
    }

    fn check_coefficients(&self, coefficients: &[Scalar]) -> Result<(), Error> {
        let max = self.geometry.elements();
        if coefficients.len() > max {
            return Err(Error::TooManyCoefficients {
                max,
                actual: coefficients.len(),
            });
        }
        Ok(())
    }

    /// Evaluates the polynomial on family `family`, in slice layout.
    fn evaluate_family(&self, coefficients: &[Scalar], family: usize) -> Vec<Scalar> {
        let n = self.geometry.elements();
        let mut values = Vec::with_capacity(n);
        values.extend_from_slice(coefficients);
        values.resize(n, Scalar::zero());
        match self.family_domains.get(family) {
            Some(domain) => domain.fft_in_place(&mut values),
            None => self.data_domain.fft_in_place(&mut values),
        }
        bit_reverse_permute(&mut values);
        values
    }

    /// Runs `op` for the families `first .. families`, in parallel with the
    /// `parallel` feature.
    fn map_families<T: Send>(&self, first: usize, op: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
        let range = first..self.geometry.families();
        #[cfg(feature = "parallel")]
        {
            range.into_par_iter().map(op).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            range.map(op).collect()
        }
    }

    /// Validates indices and lengths; returns which slices are present.
    fn check_slices<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
    ) -> Result<Vec<bool>, Error> {
        let g = self.geometry;
        let bound = g.slices();
        let mut present = vec![false; bound];
        for (index, values) in slices {
            let index = *index;
            let seen = present
                .get_mut(index)
                .ok_or(Error::SliceOutOfRange { index, bound })?;
            if *seen {
                return Err(Error::DuplicateSlice { index });
            }
            *seen = true;
            let actual = values.as_ref().len();
            if actual != g.cols() {
                return Err(Error::WrongSliceLength {
                    index,
                    expected: g.cols(),
                    actual,
                });
            }
        }
        if slices.len() < g.rows() {
            return Err(Error::TooFewSlices {
                needed: g.rows(),
                got: slices.len(),
            });
        }
        Ok(present)
    }

    /// The data, when every family-0 slice is present.
    fn systematic_data<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
        present: &[bool],
    ) -> Option<Vec<Scalar>> {
        let g = self.geometry;
        if !present.get(..g.rows())?.iter().all(|p| *p) {
            return None;
        }
        let mut data = vec![Scalar::zero(); g.elements()];
        for (index, values) in slices {
            if *index < g.rows() {
                let start = index * g.cols();
                data.get_mut(start..start + g.cols())?
                    .copy_from_slice(values.as_ref());
            }
        }
        Some(data)
    }

    /// The general recovery: per-slice inverse DFTs, one erasure locator,
    /// one decode per column code, then interleaving.
    fn decode_columns<S: AsRef<[Scalar]> + Sync>(
        &self,
        slices: &[(usize, S)],
        present: &[bool],
    ) -> Result<Vec<Scalar>, Error> {
        let g = self.geometry;
        let (rows, cols) = (g.rows(), g.cols());
        let column_size = g.families_pow2() * rows;

        // 1. Each slice s is f on shift(s) * H: the coset inverse DFT gives
        //    f_t(shift^cols) for every column t, at column point number
        //    shift_exponent(s) of the order-(F * rows) subgroup.
        let slice_points = |(index, values): &(usize, S)| {
            let mut v = values.as_ref().to_vec();
            bit_reverse_permute(&mut v);
            coset(&self.slice_domain, g.coset_shift(*index)).ifft_in_place(&mut v);
            (g.shift_exponent(*index), v)
        };
        #[cfg(feature = "parallel")]
        let points: Vec<(usize, Vec<Scalar>)> = slices.par_iter().map(slice_points).collect();
        #[cfg(not(feature = "parallel"))]
        let points: Vec<(usize, Vec<Scalar>)> = slices.iter().map(slice_points).collect();

        // 2. The erasure locator Z: vanishes on the column points of the
        //    missing slices, including the virtual slices of families
        //    `families .. F`; degree D = F * rows - present. Needed: its
        //    evaluations on the column domain (non-zero at present points)
        //    and 1 / Z as a power series mod X^rows (Z(0) != 0: its roots
        //    are roots of unity), transformed for products of size 2 rows.
        let mut known = vec![false; column_size];
        for (index, is_present) in present.iter().enumerate() {
            if let (true, Some(k)) = (*is_present, known.get_mut(g.shift_exponent(index))) {
                *k = true;
            }
        }
        let missing: Vec<Scalar> = known
            .iter()
            .enumerate()
            .filter(|(_, k)| !**k)
            .map(|(e, _)| self.column_domain.element(e))
            .collect();
        let locator = vanishing_polynomial(&missing);
        let degree_bound = missing.len() + rows;
        let mut locator_on_domain = locator.clone();
        self.column_domain.fft_in_place(&mut locator_on_domain);
        let mut locator_inverse = inverse_power_series(&locator, rows);
        self.quotient_domain.fft_in_place(&mut locator_inverse);

        // 3. Per column t: P = interpolation of E * Z on the column domain,
        //    where E is f_t at the present points and 0 elsewhere. P
        //    vanishes at the missing points, so P = Z * Q with Q the
        //    interpolant of E (degree < present). The slices are consistent
        //    iff deg Q < rows, i.e. deg P < D + rows; then f_t = Q =
        //    P * (1 / Z) mod X^rows.
        let decode_column = |t: usize| -> Result<Vec<Scalar>, Error> {
            let mut buf = vec![Scalar::zero(); column_size];
            for (exponent, values) in &points {
                if let (Some(slot), Some(value), Some(z)) = (
                    buf.get_mut(*exponent),
                    values.get(t),
                    locator_on_domain.get(*exponent),
                ) {
                    *slot = *value * z;
                }
            }
            self.column_domain.ifft_in_place(&mut buf);
            if buf.iter().skip(degree_bound).any(|c| !c.is_zero()) {
                return Err(Error::InconsistentSlices { column: t });
            }
            buf.truncate(rows);
            self.quotient_domain.fft_in_place(&mut buf);
            for (x, z_inv) in buf.iter_mut().zip(&locator_inverse) {
                *x *= z_inv;
            }
            self.quotient_domain.ifft_in_place(&mut buf);
            buf.truncate(rows);
            Ok(buf)
        };
        #[cfg(feature = "parallel")]
        let columns: Vec<Vec<Scalar>> = (0..cols)
            .into_par_iter()
            .map(decode_column)
            .collect::<Result<_, _>>()?;
        #[cfg(not(feature = "parallel"))]
        let columns: Vec<Vec<Scalar>> = (0..cols).map(decode_column).collect::<Result<_, _>>()?;

        // 4. Interleave: coefficient j * cols + t of f is coefficient j of f_t.
        let mut coefficients = vec![Scalar::zero(); g.elements()];
        for (t, column) in columns.iter().enumerate() {
            for (out, c) in coefficients.iter_mut().skip(t).step_by(cols).zip(column) {
                *out = *c;
            }
        }
        Ok(coefficients)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::Field;
    use ark_ff::UniformRand;
    use ark_poly::{DenseUVPolynomial, Polynomial, univariate::DensePolynomial};
    use zg_types::bit_reverse_index;
    use zg_types::curve::root_of_unity;

    fn random_coefficients(n: usize, seed: u64) -> Vec<Scalar> {
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(seed);
        (0..n).map(|_| Scalar::rand(&mut rng)).collect::<Vec<_>>()
    }

    /// `x^cols` of a slice's coset shift: the slice's column-code point.
    fn column_point(geometry: &Geometry, slice: usize) -> Scalar {
        geometry.coset_shift(slice).pow([geometry.cols() as u64])
    }

    fn small() -> Geometry {
        Geometry::new(4, 8, 3).unwrap()
    }

    #[test]
    fn slices_are_evaluations_at_the_documented_points() {
        for g in [small(), Geometry::ZG_TEST, Geometry::new(2, 16, 5).unwrap()] {
            let rs = ReedSolomon::new(g);
            let coefficients = random_coefficients(g.elements(), 1);
            let poly = DensePolynomial::from_coefficients_slice(&coefficients);
            let slices = rs.coefficients_to_slices(&coefficients).unwrap();
            let w = root_of_unity(g.cols() as u64).unwrap();
            for s in 0..g.slices() {
                let slice = slices.slice(s).unwrap();
                let shift = g.coset_shift(s);
                for (c, value) in slice.iter().enumerate() {
                    let x = shift * w.pow([bit_reverse_index(c, g.cols()) as u64]);
                    assert_eq!(*value, poly.evaluate(&x), "slice {s} entry {c}");
                }
            }
            assert!(slices.slice(g.slices()).is_none());
            // Family 0 is the data, and round trips through coefficients.
            let data = slices.data().to_vec();
            assert_eq!(rs.data_to_coefficients(&data).unwrap(), coefficients);
            assert_eq!(rs.coefficients_to_data(&coefficients).unwrap(), data);
            assert_eq!(rs.extend(&data).unwrap(), slices);
            assert_eq!(
                rs.extend_with_coefficients(&data).unwrap(),
                (slices, coefficients)
            );
        }
    }

    #[test]
    fn slices_accessors_agree() {
        let g = small();
        let rs = ReedSolomon::new(g);
        let slices = rs
            .coefficients_to_slices(&random_coefficients(20, 5))
            .unwrap();
        assert_eq!((slices.len(), slices.is_empty()), (12, false));
        let flat = slices.to_flat();
        assert_eq!(flat.len(), 12 * 8);
        for (s, slice) in slices.iter().enumerate() {
            assert_eq!(slice, &flat[s * 8..(s + 1) * 8]);
            assert_eq!(Some(slice), slices.slice(s));
        }
        assert_eq!(slices.family(2), Some(&flat[64..]));
        assert_eq!(slices.family(3), None);
        assert_eq!(slices.data(), &flat[..32]);
        assert_eq!(slices.clone().into_data(), flat[..32].to_vec());
        assert_eq!(slices.geometry(), g);
    }

    #[test]
    fn column_points_are_the_shift_exponents() {
        let g = Geometry::ZG_TEST;
        let rs = ReedSolomon::new(g);
        for s in 0..g.slices() {
            assert_eq!(
                column_point(&g, s),
                rs.column_domain.element(g.shift_exponent(s))
            );
        }
    }

    #[test]
    fn worst_case_recovery_without_family_zero() {
        let g = Geometry::ZG_TEST;
        let rs = ReedSolomon::new(g);
        let coefficients = random_coefficients(g.elements(), 2);
        let slices = rs.coefficients_to_slices(&coefficients).unwrap();
        let subset: Vec<(usize, &[Scalar])> = (g.rows()..2 * g.rows())
            .map(|s| (s, slices.slice(s).unwrap()))
            .collect();
        assert_eq!(rs.recover_coefficients(&subset).unwrap(), coefficients);
        assert_eq!(rs.recover_slices(&subset).unwrap(), slices);
    }

    #[test]
    fn corrupted_extra_slice_is_reported() {
        let g = small();
        let rs = ReedSolomon::new(g);
        let coefficients = random_coefficients(g.elements(), 3);
        let slices = rs.coefficients_to_slices(&coefficients).unwrap();
        let mut subset: Vec<(usize, Vec<Scalar>)> = (3..=3 + g.rows())
            .map(|s| (s, slices.slice(s).unwrap().to_vec()))
            .collect();
        subset[1].1[5] += Scalar::from(1u64);
        assert!(matches!(
            rs.recover_coefficients(&subset),
            Err(Error::InconsistentSlices { .. })
        ));
    }

    #[test]
    fn input_errors_are_typed() {
        let g = small();
        let rs = ReedSolomon::new(g);
        let slices = rs
            .coefficients_to_slices(&random_coefficients(10, 4))
            .unwrap();
        let take = |ids: &[usize]| -> Vec<(usize, Vec<Scalar>)> {
            ids.iter()
                .map(|s| (*s, slices.slice(*s).unwrap().to_vec()))
                .collect()
        };
        assert_eq!(
            rs.recover_coefficients(&take(&[0, 5, 9])),
            Err(Error::TooFewSlices { needed: 4, got: 3 })
        );
        assert_eq!(
            rs.recover_coefficients(&take(&[0, 5, 9, 5])),
            Err(Error::DuplicateSlice { index: 5 })
        );
        let mut bad = take(&[0, 5, 9, 1]);
        bad[2].0 = 12;
        assert_eq!(
            rs.recover_coefficients(&bad),
            Err(Error::SliceOutOfRange {
                index: 12,
                bound: 12
            })
        );
        let mut short = take(&[0, 5, 9, 1]);
        short[3].1.pop();
        assert_eq!(
            rs.recover_coefficients(&short),
            Err(Error::WrongSliceLength {
                index: 1,
                expected: 8,
                actual: 7
            })
        );
        assert_eq!(
            rs.extend(&[Scalar::zero(); 31]),
            Err(Error::WrongDataLength {
                expected: 32,
                actual: 31
            })
        );
        assert_eq!(
            rs.coefficients_to_slices(&[Scalar::zero(); 33]),
            Err(Error::TooManyCoefficients {
                max: 32,
                actual: 33
            })
        );
    }
}
