//! Radix-2 FFTs over the scalar field and over G1, with the orderings FK20
//! needs: decimation in frequency (natural order in, bit-reversed order out)
//! and decimation in time (bit-reversed order in, natural order out).
//!
//! Twiddle factors equal to one are skipped: in G1 each twiddle
//! multiplication is a full scalar multiplication, the dominant cost of the
//! small FFTs of FK20. The twiddle products of one layer are computed in one
//! call ([`FftElement::scale_layer`]), which G1 batches (see [`g1mul`]).

use super::g1mul::{self, Recoded};
use alloc::vec::Vec;
use core::ops::{Add, Sub};
use zg_types::curve::{Field, One};
use zg_types::{G1Projective, Scalar};

/// Elements an FFT can transform: a module over the scalar field.
pub(crate) trait FftElement:
    Copy + Add<Output = Self> + Sub<Output = Self> + Send + Sync
{
    /// The twiddle multiplications of one FFT layer: in every block of
    /// `len` consecutive values, entry `len / 2 + k` is multiplied by
    /// `tw[k * stride]` for `1 <= k < len / 2` (twiddle `k = 0` is one).
    fn scale_layer(values: &mut [Self], len: usize, tw: &[Scalar], stride: usize);
}

impl FftElement for Scalar {
    fn scale_layer(values: &mut [Self], len: usize, tw: &[Scalar], stride: usize) {
        let half = len / 2;
        for block in values.chunks_exact_mut(len) {
            for (k, v) in block.iter_mut().enumerate().skip(half + 1) {
                *v *= tw[(k - half) * stride];
            }
        }
    }
}

impl FftElement for G1Projective {
    /// Each distinct twiddle is split and recoded once, and all products
    /// of the layer are computed together by [`g1mul`].
    fn scale_layer(values: &mut [Self], len: usize, tw: &[Scalar], stride: usize) {
        let half = len / 2;
        if half < 2 {
            return;
        }
        let recoded: Vec<Recoded> = (1..half).map(|k| Recoded::new(&tw[k * stride])).collect();
        let blocks = values.len() / len;
        let mut points = Vec::with_capacity(blocks * (half - 1));
        let mut scalars = Vec::with_capacity(blocks * (half - 1));
        for block in values.chunks_exact(len) {
            points.extend_from_slice(&block[half + 1..]);
            scalars.extend(recoded.iter());
        }
        g1mul::mul_recoded(&mut points, &scalars);
        for (block, products) in values
            .chunks_exact_mut(len)
            .zip(points.chunks_exact(half - 1))
        {
            block[half + 1..].copy_from_slice(products);
        }
    }
}

/// `points[i] *= scalars[i]` (extra points are left alone), batched: much
/// faster than one `p * s` at a time (see [`g1mul`]).
pub(crate) fn scale_points(points: &mut [G1Projective], scalars: &[Scalar]) {
    g1mul::scale_points(points, scalars);
}

/// The twiddle factors `root^m` for `m < n / 2` of a size-`n` transform.
pub(crate) fn twiddles(root: Scalar, n: usize) -> Vec<Scalar> {
    let mut out = Vec::with_capacity(n / 2);
    let mut acc = Scalar::one();
    for _ in 0..n / 2 {
        out.push(acc);
        acc *= root;
    }
    out
}

/// In-place FFT, natural order in, bit-reversed order out:
/// `values[q] <- sum_m values[m] * root^(m * bitrev(q))`, where `tw` holds
/// the twiddles of `root` for `values.len()` (see [`twiddles`]).
pub(crate) fn dif<T: FftElement>(values: &mut [T], tw: &[Scalar]) {
    let n = values.len();
    if n <= 1 {
        return;
    }
    let mut len = n;
    while len >= 2 {
        let half = len / 2;
        let stride = n / len;
        for block in values.chunks_exact_mut(len) {
            let (lo, hi) = block.split_at_mut(half);
            for (u, v) in lo.iter_mut().zip(hi.iter_mut()) {
                let a = *u;
                let b = *v;
                *u = a + b;
                *v = a - b;
            }
        }
        T::scale_layer(values, len, tw, stride);
        len = half;
    }
}

/// In-place FFT, bit-reversed order in, natural order out:
/// `values[q] <- sum_m values[bitrev(m)] * root^(m * q)`.
pub(crate) fn dit<T: FftElement>(values: &mut [T], tw: &[Scalar]) {
    let n = values.len();
    if n <= 1 {
        return;
    }
    let mut len = 2;
    while len <= n {
        let half = len / 2;
        let stride = n / len;
        T::scale_layer(values, len, tw, stride);
        for block in values.chunks_exact_mut(len) {
            let (lo, hi) = block.split_at_mut(half);
            for (u, v) in lo.iter_mut().zip(hi.iter_mut()) {
                let a = *u;
                let b = *v;
                *u = a + b;
                *v = a - b;
            }
        }
        len *= 2;
    }
}

/// `base^e` for `e < len`, as a vector.
pub(crate) fn powers(base: Scalar, len: usize) -> Vec<Scalar> {
    let mut out = Vec::with_capacity(len);
    let mut acc = Scalar::one();
    for _ in 0..len {
        out.push(acc);
        acc *= base;
    }
    out
}

/// The inverse of `x`, or zero for zero (callers only pass units).
pub(crate) fn inverse(x: Scalar) -> Scalar {
    x.inverse().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zg_types::bit_reverse_index;
    use zg_types::curve::root_of_unity;

    fn naive(values: &[Scalar], root: Scalar) -> Vec<Scalar> {
        let n = values.len();
        (0..n)
            .map(|q| {
                values
                    .iter()
                    .enumerate()
                    .map(|(m, v)| *v * root.pow([(m * q) as u64]))
                    .sum()
            })
            .collect()
    }

    #[test]
    fn dif_and_dit_match_the_definition() {
        for n in [1usize, 2, 8, 32] {
            let root = root_of_unity(n as u64).unwrap();
            let tw = twiddles(root, n);
            let values: Vec<Scalar> = (0..n).map(|i| Scalar::from((i * i + 3) as u64)).collect();
            let expected = naive(&values, root);
            let mut a = values.clone();
            dif(&mut a, &tw);
            for q in 0..n {
                assert_eq!(a[q], expected[bit_reverse_index(q, n)]);
            }
            let mut b: Vec<Scalar> = (0..n).map(|m| values[bit_reverse_index(m, n)]).collect();
            dit(&mut b, &tw);
            assert_eq!(b, expected);
        }
    }

    /// G1 FFTs (batched twiddle products) equal the scalar FFT times a
    /// generator, also with identity points and zero values in the input.
    #[test]
    fn g1_ffts_match_the_scalar_ffts() {
        use zg_types::curve::{PrimeGroup, UniformRand};
        let mut rng = ark_std::test_rng();
        let g = G1Projective::generator();
        for n in [1usize, 2, 4, 16, 64] {
            let root = root_of_unity(n as u64).unwrap();
            for tw in [twiddles(root, n), twiddles(inverse(root), n)] {
                let values: Vec<Scalar> = (0..n)
                    .map(|i| {
                        if i % 5 == 2 {
                            Scalar::from(0u64)
                        } else {
                            Scalar::rand(&mut rng)
                        }
                    })
                    .collect();
                let points: Vec<G1Projective> = values.iter().map(|v| g * v).collect();
                let mut a = values.clone();
                dif(&mut a, &tw);
                let mut pa = points.clone();
                dif(&mut pa, &tw);
                assert_eq!(pa, a.iter().map(|v| g * v).collect::<Vec<_>>());
                let mut b = values.clone();
                dit(&mut b, &tw);
                let mut pb = points;
                dit(&mut pb, &tw);
                assert_eq!(pb, b.iter().map(|v| g * v).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn scale_points_matches_one_by_one() {
        use zg_types::curve::{PrimeGroup, UniformRand, Zero};
        let mut rng = ark_std::test_rng();
        let mut points: Vec<G1Projective> = (0..20).map(|_| G1Projective::rand(&mut rng)).collect();
        points[3] = G1Projective::zero();
        let mut scalars: Vec<Scalar> = (0..20).map(|_| Scalar::rand(&mut rng)).collect();
        scalars[5] = Scalar::from(0u64);
        scalars[6] = Scalar::one();
        scalars[7] = -Scalar::one();
        points[8] = G1Projective::generator();
        let expected: Vec<G1Projective> =
            points.iter().zip(&scalars).map(|(p, s)| *p * s).collect();
        scale_points(&mut points, &scalars);
        assert_eq!(points, expected);
    }
}
