//! Radix-2 FFTs over the scalar field and over G1, with the orderings FK20
//! needs: decimation in frequency (natural order in, bit-reversed order out)
//! and decimation in time (bit-reversed order in, natural order out).
//!
//! Twiddle factors equal to one are skipped: in G1 each twiddle
//! multiplication is a full scalar multiplication, the dominant cost of the
//! small FFTs of FK20.

use alloc::vec::Vec;
use core::ops::{Add, Sub};
use zg_types::curve::{Field, One};
use zg_types::{G1Projective, Scalar};

/// Elements an FFT can transform: a module over the scalar field.
pub(crate) trait FftElement:
    Copy + Add<Output = Self> + Sub<Output = Self> + Send + Sync
{
    /// `self * s`.
    fn scale(self, s: &Scalar) -> Self;
}

impl FftElement for Scalar {
    fn scale(self, s: &Scalar) -> Self {
        self * s
    }
}

impl FftElement for G1Projective {
    fn scale(self, s: &Scalar) -> Self {
        self * s
    }
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
            for (k, (u, v)) in lo.iter_mut().zip(hi.iter_mut()).enumerate() {
                let a = *u;
                let b = *v;
                *u = a + b;
                *v = if k == 0 {
                    a - b
                } else {
                    (a - b).scale(&tw[k * stride])
                };
            }
        }
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
        for block in values.chunks_exact_mut(len) {
            let (lo, hi) = block.split_at_mut(half);
            for (k, (u, v)) in lo.iter_mut().zip(hi.iter_mut()).enumerate() {
                let a = *u;
                let b = if k == 0 { *v } else { v.scale(&tw[k * stride]) };
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
}
