//! The confidence math of sampling: how likely an unavailable blob is to
//! pass a light client's samples, how many samples a wanted confidence
//! needs, and how likely many light clients together hold enough to
//! reconstruct.

use crate::Error;
use alloc::vec;
use alloc::vec::Vec;
use zg_types::Geometry;
use zg_types::merkle::sectors_per_slice;

/// The largest population handled: counts up to `2^53` convert to `f64`
/// exactly.
const MAX_UNITS: u64 = 1 << 53;

/// How a sector-level adversary is measured: which decoder the network uses
/// to recover a blob from sectors.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SectorDecoder {
    /// Any `rows * cols` distinct elements recover the blob (interpolation
    /// over arbitrary points of the extended domain). The adversary must
    /// withhold all but `rows * s - 1` sectors.
    AnyElements,
    /// Only complete slices are decoded (as slice-based recovery does); a
    /// slice with one missing sector is lost. The adversary withholds one
    /// sector in each of `slices - rows + 1` slices.
    WholeSlices,
}

/// A blob seen as `units` pieces of which any `needed` recover it, and the
/// probabilities of sampling it.
///
/// # Model
///
/// A blob is cut into `units` equal pieces (slices, or sectors) of which any
/// `needed` recover it; [`SampleSpace`] holds those two numbers. The
/// adversary that makes the blob unrecoverable while withholding the least
/// withholds `units - needed + 1` pieces and serves the other
/// `needed - 1`. A client draws `k` **distinct** pieces uniformly (as
/// [`select_indices`](crate::select_indices) does) and accepts the blob if
/// all are served. The chance of accepting the unavailable blob is the
/// hypergeometric probability
///
/// ```text
/// P(k) = C(needed - 1, k) / C(units, k) = prod_{i < k} (needed - 1 - i) / (units - i)
/// ```
///
/// which is zero for `k >= needed`. Sector spaces come in two flavours
/// ([`SectorDecoder`]): with a decoder that uses any elements (the whole
/// extension is one Reed-Solomon code over distinct points, so any `N`
/// elements recover) the adversary must withhold `(slices - rows) * s + 1`
/// of the `slices * s` sectors (`s` sectors per slice); with a decoder that
/// uses only complete slices, one missing sector spoils a slice, and
/// withholding one sector in each of `slices - rows + 1` slices suffices:
/// far fewer, and far harder to catch.
///
/// # Arithmetic
///
/// Everything runs in `core` (no `std`, no `libm`): products of ratios are
/// kept as a mantissa in `[0.5, 1)` with a separate binary exponent, so
/// tiny probabilities (`1e-800` and below) neither underflow nor lose
/// precision; the relative error of [`SampleSpace::undetected_probability`]
/// is about `2k` units in the last place. Logarithms and exponentials (for
/// [`SampleSpace::undetected_log2`] and the many-clients computation) are
/// computed by short series in this module, accurate to about `1e-15`
/// relative per call; the many-clients probability sums hypergeometric terms
/// from a log-factorial table, with an absolute error near
/// `units * ln(units) * 1e-16` in each exponent (below `1e-10` relative for
/// the geometries here). Known values computed exactly with rational
/// arithmetic (`tools/known_values.py`) are the tests.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct SampleSpace {
    units: u64,
    needed: u64,
}

impl SampleSpace {
    /// `units` pieces, any `needed` of which recover the blob
    /// (`1 <= needed <= units <= 2^53`).
    pub fn new(units: u64, needed: u64) -> Result<Self, Error> {
        let reason = if units == 0 {
            Some("the blob has no units")
        } else if needed == 0 || needed > units {
            Some("needed must be between 1 and units")
        } else if units > MAX_UNITS {
            Some("at most 2^53 units")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(Error::InvalidSampleSpace {
                units,
                needed,
                reason,
            }),
            None => Ok(Self { units, needed }),
        }
    }

    /// Slices of `geometry`: `slices` units, any `rows` recover.
    pub fn slices(geometry: &Geometry) -> Self {
        Self {
            units: geometry.slices() as u64,
            needed: geometry.rows() as u64,
        }
    }

    /// Sectors of `geometry` under `decoder` (see [`SectorDecoder`]).
    pub fn sectors(geometry: &Geometry, decoder: SectorDecoder) -> Self {
        let per_slice = sectors_per_slice(geometry) as u64;
        let slices = geometry.slices() as u64;
        let rows = geometry.rows() as u64;
        let units = slices * per_slice;
        let needed = match decoder {
            SectorDecoder::AnyElements => rows * per_slice,
            // Any units - (slices - rows) sectors spoil at most slices - rows
            // slices, leaving `rows` complete ones; one more missing sector
            // can spoil one slice too many.
            SectorDecoder::WholeSlices => units - (slices - rows),
        };
        Self { units, needed }
    }

    /// Pieces in the blob.
    pub const fn units(&self) -> u64 {
        self.units
    }
    /// Pieces that recover it.
    pub const fn needed(&self) -> u64 {
        self.needed
    }
    /// The fewest pieces an adversary withholds to block recovery:
    /// `units - needed + 1`.
    pub const fn withheld(&self) -> u64 {
        self.units - self.needed + 1
    }

    fn check_samples(&self, samples: u64) -> Result<(), Error> {
        if samples > self.units {
            return Err(Error::TooManySamples {
                wanted: samples,
                population: self.units,
            });
        }
        Ok(())
    }

    /// `P(k)`: the probability that `samples` distinct uniform samples all
    /// land on served pieces of a blob whose adversary withholds
    /// [`withheld`](Self::withheld) pieces, i.e. that the unavailable blob
    /// passes. Values below `f64`'s smallest subnormal come out as `0.0`;
    /// [`undetected_log2`](Self::undetected_log2) gives them in full.
    pub fn undetected_probability(&self, samples: u64) -> Result<f64, Error> {
        self.check_samples(samples)?;
        Ok(self.undetected_scaled(samples).to_f64())
    }

    /// `log2 P(k)` ([`undetected_probability`](Self::undetected_probability)
    /// in bits; `-inf` when the probability is zero). `-log2 P` is the
    /// "security level" of `k` samples.
    pub fn undetected_log2(&self, samples: u64) -> Result<f64, Error> {
        self.check_samples(samples)?;
        Ok(self.undetected_scaled(samples).log2())
    }

    fn undetected_scaled(&self, samples: u64) -> Scaled {
        let available = self.needed - 1;
        let mut p = Scaled::ONE;
        for i in 0..samples {
            if i >= available {
                return Scaled::ZERO;
            }
            p.mul(exact(available - i) / exact(self.units - i));
        }
        p
    }

    /// The smallest `k` with `P(k) <= max_undetected`: the samples a client
    /// needs so that an unavailable blob passes with probability at most
    /// `max_undetected` (`0 < max_undetected <= 1`). Never more than
    /// `needed` (with `needed` distinct samples one must hit a withheld
    /// piece).
    pub fn samples_for(&self, max_undetected: f64) -> Result<u64, Error> {
        if !(max_undetected > 0.0 && max_undetected <= 1.0) {
            return Err(Error::InvalidProbability {
                what: "max_undetected",
                range: "(0, 1]",
            });
        }
        let bound = Scaled::from_f64(max_undetected);
        let available = self.needed - 1;
        let mut p = Scaled::ONE;
        let mut k = 0;
        while p > bound {
            if k >= available {
                return Ok(available + 1);
            }
            p.mul(exact(available - k) / exact(self.units - k));
            k += 1;
        }
        Ok(k)
    }

    /// The probability that `clients` light clients, each drawing
    /// `samples_each` distinct uniform pieces independently, together hold at
    /// least `needed` distinct pieces, so that their samples alone
    /// reconstruct the blob.
    ///
    /// Exact dynamic programming over the number of distinct pieces covered
    /// (each client adds a hypergeometric number of new ones); cost
    /// `O(clients * units * samples_each)` term evaluations and
    /// `O(units)` memory.
    pub fn reconstruction_probability(
        &self,
        clients: u64,
        samples_each: u64,
    ) -> Result<f64, Error> {
        self.check_samples(samples_each)?;
        let units = usize::try_from(self.units).map_err(|_| Error::InvalidSampleSpace {
            units: self.units,
            needed: self.needed,
            reason: "too many units for this platform's memory",
        })?;
        let k = usize::try_from(samples_each).unwrap_or(usize::MAX);
        let ln_fact = ln_factorials(units);
        let ln_choose = |a: usize, b: usize| -> f64 {
            match (ln_fact.get(a), ln_fact.get(b), a.checked_sub(b)) {
                (Some(fa), Some(fb), Some(d)) => fa - fb - ln_fact.get(d).copied().unwrap_or(0.0),
                _ => f64::NEG_INFINITY,
            }
        };
        let ln_total = ln_choose(units, k);
        let mut dist = vec![0.0f64; units + 1];
        if let Some(first) = dist.first_mut() {
            *first = 1.0;
        }
        let mut next = vec![0.0f64; units + 1];
        let mut reached = 0usize;
        for _ in 0..clients {
            next.fill(0.0);
            for m in 0..=reached {
                let p = dist.get(m).copied().unwrap_or(0.0);
                if p == 0.0 {
                    continue;
                }
                // j new pieces: C(units - m, j) * C(m, k - j) / C(units, k).
                let lo = k.saturating_sub(m);
                let hi = k.min(units - m);
                for j in lo..=hi {
                    let ln_h = ln_choose(units - m, j) + ln_choose(m, k - j) - ln_total;
                    if let Some(slot) = next.get_mut(m + j) {
                        *slot += p * exp(ln_h);
                    }
                }
            }
            core::mem::swap(&mut dist, &mut next);
            reached = (reached + k).min(units);
        }
        let needed = usize::try_from(self.needed).unwrap_or(usize::MAX);
        let p: f64 = dist.iter().skip(needed).sum();
        Ok(p.clamp(0.0, 1.0))
    }
}

/// `value` as `f64`; exact because every count here is at most `2^53`.
#[allow(
    clippy::cast_precision_loss,
    reason = "counts are bounded by MAX_UNITS = 2^53, which f64 holds exactly"
)]
fn exact(value: u64) -> f64 {
    value as f64
}

/// `ln(i!)` for `i = 0..=n`.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    out.push(acc);
    for i in 1..=n {
        acc += ln(exact(i as u64));
        out.push(acc);
    }
    out
}

/// A positive number as `m * 2^e` with `m` in `[0.5, 1)`, or zero: products
/// of many ratios without underflow.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scaled {
    m: f64,
    e: i64,
}

impl Scaled {
    const ONE: Self = Self { m: 0.5, e: 1 };
    const ZERO: Self = Self { m: 0.0, e: 0 };

    fn from_f64(x: f64) -> Self {
        if x <= 0.0 {
            return Self::ZERO;
        }
        let (m, e) = frexp(x);
        Self { m, e }
    }

    fn mul(&mut self, factor: f64) {
        if self.m == 0.0 || factor <= 0.0 {
            *self = Self::ZERO;
            return;
        }
        let (m, e) = frexp(self.m * factor);
        self.m = m;
        self.e += e;
    }

    fn to_f64(self) -> f64 {
        if self.m == 0.0 {
            return 0.0;
        }
        ldexp(self.m, self.e)
    }

    fn log2(self) -> f64 {
        if self.m == 0.0 {
            return f64::NEG_INFINITY;
        }
        #[allow(clippy::cast_precision_loss, reason = "exponents are far below 2^53")]
        let e = self.e as f64;
        e + ln(self.m) * core::f64::consts::LOG2_E
    }
}

impl PartialOrd for Scaled {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        use core::cmp::Ordering;
        match (self.m == 0.0, other.m == 0.0) {
            (true, true) => Some(Ordering::Equal),
            (true, false) => Some(Ordering::Less),
            (false, true) => Some(Ordering::Greater),
            (false, false) => match self.e.cmp(&other.e) {
                Ordering::Equal => self.m.partial_cmp(&other.m),
                ord => Some(ord),
            },
        }
    }
}

const EXP_MASK: u64 = 0x7ff << 52;

/// `x = m * 2^e` with `m` in `[0.5, 1)`, for finite positive `x`.
fn frexp(x: f64) -> (f64, i64) {
    let bits = x.to_bits();
    let biased = ((bits & EXP_MASK) >> 52).cast_signed();
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * pow2(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !EXP_MASK) | (1022 << 52));
    (m, biased - 1022)
}

/// `m * 2^e`, saturating to zero or infinity.
fn ldexp(m: f64, e: i64) -> f64 {
    let mut x = m;
    let mut e = e;
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * pow2(e)
}

/// `2^e` for `-1022 <= e <= 1023`.
fn pow2(e: i64) -> f64 {
    let biased = (e + 1023).clamp(1, 2046).cast_unsigned();
    f64::from_bits(biased << 52)
}

/// Natural logarithm of a finite positive `x` (`-inf` for zero), by
/// `ln x = e ln 2 + 2 atanh((m - 1) / (m + 1))` with `m` in `[0.7, 1.42)`.
fn ln(x: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let (mut m, mut e) = frexp(x);
    if m < core::f64::consts::FRAC_1_SQRT_2 {
        m *= 2.0;
        e -= 1;
    }
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    // |z| < 0.172, so z^2 < 0.0295: 12 terms reach below 1e-18.
    let mut term = z;
    let mut sum = 0.0;
    for i in 0..12 {
        sum += term / f64::from(2 * i + 1);
        term *= z2;
    }
    #[allow(clippy::cast_precision_loss, reason = "binary exponents are tiny")]
    let e = e as f64;
    e * core::f64::consts::LN_2 + 2.0 * sum
}

/// `e^y`, by `y = n ln 2 + r` with `|r| <= ln 2` and a Taylor series for
/// `e^r`.
fn exp(y: f64) -> f64 {
    // ln 2 split so that n * LN2_HI is exact for |n| < 2^11.
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    if y.is_nan() {
        return y;
    }
    if y < -746.0 {
        return 0.0;
    }
    if y > 710.0 {
        return f64::INFINITY;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "|y| < 746, so the quotient fits; truncation toward zero is the intent"
    )]
    let n = (y * core::f64::consts::LOG2_E) as i64;
    #[allow(clippy::cast_precision_loss, reason = "|n| < 1100")]
    let nf = n as f64;
    let r = (y - nf * LN2_HI) - nf * LN2_LO;
    // |r| < ln 2: 24 terms reach below 1e-25.
    let mut sum = 1.0;
    let mut term = 1.0;
    for i in 1..24 {
        term *= r / f64::from(i);
        sum += term;
    }
    ldexp(sum, n)
}

#[cfg(test)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "test values are small"
)]
#[allow(
    clippy::float_cmp,
    reason = "exact zeros and ones are the point of these checks"
)]
#[allow(
    clippy::excessive_precision,
    reason = "the 18 digits known_values.py prints"
)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, rel: f64) {
        if actual == expected {
            return;
        }
        let err = ((actual - expected) / expected).abs();
        assert!(
            err <= rel,
            "{actual:e} vs {expected:e}: relative error {err:e}"
        );
    }

    #[test]
    fn series_functions() {
        for x in [
            1e-300, 1e-10, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300,
        ] {
            close(ln(x), x.ln(), 1e-15 * x.ln().abs().max(1.0));
            close(ln(x).exp(), x, 1e-13);
        }
        assert_eq!(ln(1.0), 0.0);
        for y in [-700.0, -20.5, -1.0, -1e-9, 0.0, 0.5, 1.0, 3.3, 100.0, 700.0] {
            close(exp(y), y.exp(), 4e-15);
        }
        assert_eq!(exp(-800.0), 0.0);
        let tiny = 5e-320;
        let (m, e) = frexp(tiny);
        assert!((0.5..1.0).contains(&m));
        assert_eq!(ldexp(m, e), tiny);
        // Exponents past one step of 2^1000 are applied in steps, and
        // saturate beyond f64's range.
        assert_eq!(ldexp(0.5, 1024), 2f64.powi(1023));
        assert_eq!(ldexp(0.5, 2100), f64::INFINITY);
        assert_eq!(ldexp(0.5, -1073), 2f64.powi(-1074));
        assert_eq!(ldexp(0.5, -2100), 0.0);
    }

    #[test]
    fn scaled_products_stay_exact_below_f64_and_stop_at_zero() {
        let mut p = Scaled::ONE;
        p.mul(0.25);
        assert_eq!(p.to_f64(), 0.25);
        for _ in 0..2000 {
            p.mul(0.5);
        }
        assert_eq!(p.log2(), -2002.0);
        assert_eq!(p.to_f64(), 0.0);
        assert!(Scaled::ZERO < p && p < Scaled::ONE);
        p.mul(0.0);
        assert_eq!(p, Scaled::ZERO);
        p.mul(0.5);
        assert_eq!(p, Scaled::ZERO);
        assert_eq!(p.log2(), f64::NEG_INFINITY);
        assert_eq!(Scaled::from_f64(0.0), Scaled::ZERO);
        assert_eq!(Scaled::from_f64(0.75).to_f64(), 0.75);
    }

    /// Exact values from `tools/known_values.py` (rational arithmetic).
    #[test]
    fn known_values_slices() {
        // Ethereum PeerDAS: 128 cells, any 64 recover; the adversary
        // withholds 65 and serves 63.
        let eth = SampleSpace::slices(&Geometry::ETHEREUM);
        assert_eq!((eth.units(), eth.needed(), eth.withheld()), (128, 64, 65));
        close(
            eth.undetected_probability(8).unwrap(),
            2.708_881_242_193_042_75e-3,
            1e-14,
        );
        close(
            eth.undetected_probability(30).unwrap(),
            5.581_611_476_947_149_77e-12,
            1e-14,
        );
        close(
            eth.undetected_probability(63).unwrap(),
            4.240_402_518_618_860_52e-38,
            1e-13,
        );
        // Withholding 65 of 128 cells: 75 (or even 64) distinct samples
        // cannot all land on the 63 served ones.
        assert_eq!(eth.undetected_probability(64).unwrap(), 0.0);
        assert_eq!(eth.undetected_probability(75).unwrap(), 0.0);
        assert_eq!(eth.undetected_log2(75).unwrap(), f64::NEG_INFINITY);
        assert_eq!(eth.undetected_probability(0).unwrap(), 1.0);
        // 0G: 3072 slices at rate 1/3, any 1024 recover.
        let zg = SampleSpace::slices(&Geometry::ZG_PRODUCTION);
        assert_eq!(zg.withheld(), 2049);
        close(
            zg.undetected_probability(75).unwrap(),
            2.354_185_675_308_684_38e-37,
            1e-13,
        );
        close(
            zg.undetected_probability(30).unwrap(),
            3.538_795_232_681_072_67e-15,
            1e-14,
        );
        close(
            zg.undetected_log2(75).unwrap(),
            2.354_185_675_308_684_38e-37f64.log2(),
            1e-14,
        );
        let test = SampleSpace::slices(&Geometry::ZG_TEST);
        close(
            test.undetected_probability(16).unwrap(),
            4.273_636_331_598_585_40e-9,
            1e-14,
        );
        assert!(matches!(
            eth.undetected_probability(129),
            Err(Error::TooManySamples {
                wanted: 129,
                population: 128
            })
        ));
    }

    #[test]
    fn known_values_sectors_and_smallest_k() {
        let g = Geometry::ZG_TEST;
        let any = SampleSpace::sectors(&g, SectorDecoder::AnyElements);
        assert_eq!((any.units(), any.needed(), any.withheld()), (768, 256, 513));
        close(
            any.undetected_probability(16).unwrap(),
            1.579_565_996_658_278_55e-8,
            1e-14,
        );
        let whole = SampleSpace::sectors(&g, SectorDecoder::WholeSlices);
        assert_eq!(whole.withheld(), 129);
        close(
            whole.undetected_probability(16).unwrap(),
            5.108_915_261_580_473_24e-2,
            1e-14,
        );

        let eth = SampleSpace::slices(&Geometry::ETHEREUM);
        assert_eq!(eth.samples_for(2f64.powi(-30)).unwrap(), 26);
        let zg = SampleSpace::slices(&Geometry::ZG_PRODUCTION);
        assert_eq!(zg.samples_for(1e-9).unwrap(), 19);
        assert_eq!(zg.samples_for(2f64.powi(-40)).unwrap(), 26);
        assert_eq!(zg.samples_for(1.0).unwrap(), 0);
        // Beyond f64's range: still answered, and never above `needed`.
        assert_eq!(eth.samples_for(f64::MIN_POSITIVE).unwrap(), 64);
        assert!(zg.samples_for(f64::MIN_POSITIVE).unwrap() < 1024);
        assert!(zg.samples_for(0.0).is_err());
        assert!(zg.samples_for(f64::NAN).is_err());
        assert!(zg.samples_for(1.5).is_err());
        // The answer is the smallest: one fewer sample is not enough.
        for eps in [0.5, 1e-3, 1e-12, 1e-30] {
            let k = zg.samples_for(eps).unwrap();
            assert!(zg.undetected_probability(k).unwrap() <= eps);
            assert!(zg.undetected_probability(k - 1).unwrap() > eps);
        }
    }

    #[test]
    fn known_values_many_clients() {
        let eth = SampleSpace::slices(&Geometry::ETHEREUM);
        close(
            eth.reconstruction_probability(10, 8).unwrap(),
            1.831_782_598_181_843_64e-1,
            1e-10,
        );
        close(
            eth.reconstruction_probability(20, 4).unwrap(),
            1.286_691_649_997_789_84e-1,
            1e-10,
        );
        let test = SampleSpace::slices(&Geometry::ZG_TEST);
        close(
            test.reconstruction_probability(12, 8).unwrap(),
            9.999_777_814_968_850_99e-1,
            1e-10,
        );
        // Too few samples in total can never reconstruct.
        assert_eq!(eth.reconstruction_probability(7, 9).unwrap(), 0.0);
        assert_eq!(eth.reconstruction_probability(0, 9).unwrap(), 0.0);
        // One client taking `needed` samples always can.
        close(eth.reconstruction_probability(1, 64).unwrap(), 1.0, 1e-12);
    }

    #[test]
    fn invalid_spaces() {
        assert!(SampleSpace::new(0, 0).is_err());
        assert!(SampleSpace::new(10, 11).is_err());
        assert!(SampleSpace::new(10, 0).is_err());
        assert!(SampleSpace::new(1 << 54, 1).is_err());
        let s = SampleSpace::new(10, 10).unwrap();
        assert_eq!(s.withheld(), 1);
        close(s.undetected_probability(1).unwrap(), 0.9, 1e-15);
    }
}
