//! A small unsigned 256-bit integer: just what `PoDAS` qualities and
//! targets need (0G compares and adds them as Solidity `uint256`).

use core::cmp::Ordering;
use core::fmt;

/// An unsigned 256-bit integer, stored as four 64-bit limbs, least
/// significant first. Bytes convert big-endian, as Solidity's `uint256` and
/// `bytes32` do.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct U256([u64; 4]);

impl U256 {
    /// Zero.
    pub const ZERO: Self = Self([0; 4]);
    /// `2^256 - 1`.
    pub const MAX: Self = Self([u64::MAX; 4]);

    /// A value from its limbs, least significant first.
    pub(crate) const fn from_limbs(limbs: [u64; 4]) -> Self {
        Self(limbs)
    }

    /// A value from a `u64`.
    pub const fn from_u64(value: u64) -> Self {
        Self([value, 0, 0, 0])
    }

    /// Reads 32 big-endian bytes.
    pub fn from_be_bytes(bytes: &[u8; 32]) -> Self {
        let mut limbs = [0u64; 4];
        for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks_exact(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            *limb = u64::from_be_bytes(word);
        }
        Self(limbs)
    }

    /// The 32 big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, limb) in out.rchunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    /// `self + other`, or `None` when the sum needs more than 256 bits.
    pub fn checked_add(&self, other: &Self) -> Option<Self> {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(other.0)) {
            let (s1, c1) = a.overflowing_add(b);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *o = s2;
            carry = c1 || c2;
        }
        (!carry).then_some(Self(out))
    }

    /// `self - other`, or `None` when `other > self`.
    pub fn checked_sub(&self, other: &Self) -> Option<Self> {
        let mut out = [0u64; 4];
        let mut borrow = false;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(other.0)) {
            let (d1, b1) = a.overflowing_sub(b);
            let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
            *o = d2;
            borrow = b1 || b2;
        }
        (!borrow).then_some(Self(out))
    }

    /// `self * factor`, or `None` when the product needs more than 256 bits.
    pub fn checked_mul_u64(&self, factor: u64) -> Option<Self> {
        let mut out = [0u64; 4];
        let mut carry = 0u64;
        for (o, a) in out.iter_mut().zip(self.0) {
            let wide = u128::from(a) * u128::from(factor) + u128::from(carry);
            #[allow(
                clippy::cast_possible_truncation,
                reason = "keeps the low limb on purpose"
            )]
            {
                *o = wide as u64;
            }
            carry = (wide >> 64) as u64;
        }
        (carry == 0).then_some(Self(out))
    }

    /// `self / divisor` (rounding down), or `None` for a zero divisor.
    pub fn checked_div_u64(&self, divisor: u64) -> Option<Self> {
        if divisor == 0 {
            return None;
        }
        let mut out = [0u64; 4];
        let mut rem = 0u128;
        for (o, a) in out.iter_mut().zip(self.0).rev() {
            let cur = (rem << 64) | u128::from(a);
            #[allow(
                clippy::cast_possible_truncation,
                reason = "rem < divisor, so cur / divisor < 2^64"
            )]
            {
                *o = (cur / u128::from(divisor)) as u64;
            }
            rem = cur % u128::from(divisor);
        }
        Some(Self(out))
    }

    /// `self >> shift` (zero for shifts of 256 or more).
    #[must_use]
    pub fn shr(&self, shift: u32) -> Self {
        if shift >= 256 {
            return Self::ZERO;
        }
        let limbs = (shift / 64) as usize;
        let bits = shift % 64;
        let mut out = [0u64; 4];
        for (i, o) in out.iter_mut().enumerate() {
            let lo = self.0.get(i + limbs).copied().unwrap_or(0);
            let hi = self.0.get(i + limbs + 1).copied().unwrap_or(0);
            *o = if bits == 0 {
                lo
            } else {
                (lo >> bits) | (hi << (64 - bits))
            };
        }
        Self(out)
    }

    /// `self << shift` (bits shifted out are lost; zero for 256 or more).
    #[must_use]
    pub fn shl(&self, shift: u32) -> Self {
        if shift >= 256 {
            return Self::ZERO;
        }
        let limbs = (shift / 64) as usize;
        let bits = shift % 64;
        let mut out = [0u64; 4];
        for (i, o) in out.iter_mut().enumerate() {
            let Some(src) = i.checked_sub(limbs) else {
                continue;
            };
            let lo = self.0.get(src).copied().unwrap_or(0);
            let below = src
                .checked_sub(1)
                .and_then(|j| self.0.get(j).copied())
                .unwrap_or(0);
            *o = if bits == 0 {
                lo
            } else {
                (lo << bits) | (below >> (64 - bits))
            };
        }
        Self(out)
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<u64> for U256 {
    fn from(value: u64) -> Self {
        Self::from_u64(value)
    }
}

impl fmt::Debug for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U256(0x{self})")
    }
}

impl fmt::Display for U256 {
    /// Lower-case hex, 64 digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_be_bytes()
            .iter()
            .try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "test values are small"
)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;
    use proptest::prelude::*;

    fn to_u128(v: &U256) -> Option<u128> {
        (v.0[2] == 0 && v.0[3] == 0).then(|| u128::from(v.0[0]) | (u128::from(v.0[1]) << 64))
    }
    fn from_u128(v: u128) -> U256 {
        U256([v as u64, (v >> 64) as u64, 0, 0])
    }

    #[test]
    fn edges() {
        assert_eq!(U256::MAX.checked_add(&U256::from_u64(1)), None);
        assert_eq!(U256::MAX.checked_add(&U256::ZERO), Some(U256::MAX));
        assert_eq!(U256::ZERO.checked_sub(&U256::from_u64(1)), None);
        assert_eq!(U256::MAX.checked_mul_u64(2), None);
        assert_eq!(U256::MAX.shr(255), U256::from_u64(1));
        assert_eq!(U256::from_u64(1).shl(255).shr(255), U256::from_u64(1));
        assert_eq!(U256::MAX.shr(256), U256::ZERO);
        let mut bytes = [0u8; 32];
        bytes[0] = 0x80;
        assert_eq!(U256::from_be_bytes(&bytes), U256::from_u64(1).shl(255));
        assert_eq!(U256::from_u64(1).shl(255).to_be_bytes(), bytes);
        assert!(U256::from_u64(1).shl(200) > U256::from_u64(u64::MAX));
        assert_eq!(U256::MAX.checked_div_u64(0), None);
        // MAX / 128 = 2^249 - 1.
        let max_target = U256::MAX.checked_div_u64(128).unwrap();
        assert_eq!(
            max_target.checked_add(&U256::from_u64(1)),
            Some(U256::from_u64(1).shl(249))
        );
        assert_eq!(
            U256::from_u64(0xabcd).to_string(),
            format!("{}{:04x}", "0".repeat(60), 0xabcd)
        );
        assert_eq!(
            format!("{:?}", U256::from(0xabcd_u64)),
            format!("U256(0x{}{:04x})", "0".repeat(60), 0xabcd)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn agrees_with_u128(a in any::<u64>(), b in any::<u64>(), c in any::<u64>(), d in 1u64.., s in 0u32..128) {
            let x = (u128::from(a) << 64) | u128::from(b);
            let y = u128::from(c);
            let (ux, uy) = (from_u128(x), from_u128(y));
            if let Some(sum) = x.checked_add(y) {
                prop_assert_eq!(to_u128(&ux.checked_add(&uy).unwrap()), Some(sum));
            }
            if x >= y {
                prop_assert_eq!(to_u128(&ux.checked_sub(&uy).unwrap()), Some(x - y));
                prop_assert_eq!(ux.checked_sub(&uy).unwrap().checked_add(&uy), Some(ux));
            } else {
                prop_assert_eq!(ux.checked_sub(&uy), None);
            }
            prop_assert_eq!(to_u128(&ux.checked_div_u64(d).unwrap()), Some(x / u128::from(d)));
            prop_assert_eq!(to_u128(&ux.shr(s)), Some(x >> s));
            prop_assert_eq!(ux.cmp(&uy), x.cmp(&y));
            prop_assert_eq!(U256::from_be_bytes(&ux.to_be_bytes()), ux);
            if let Some(p) = x.checked_mul(u128::from(d)) {
                prop_assert_eq!(to_u128(&ux.checked_mul_u64(d).unwrap()), Some(p));
            }
            prop_assert_eq!(ux.shl(s).shr(s), from_u128(x).shl(s).shr(s));
            if x.leading_zeros() >= s {
                prop_assert_eq!(to_u128(&ux.shl(s)), Some(x << s));
            }
        }
    }
}
