//! A byte-level erasure code for payloads that need no commitment.

use crate::Error;
use alloc::vec;
use alloc::vec::Vec;
use bytes::Bytes;
use core::fmt;
use reed_solomon_simd::{DecoderResult, EncoderResult, ReedSolomonDecoder, ReedSolomonEncoder};

/// `k` data + `m` parity shards of equal size over GF(2^16), any `k` of
/// which reconstruct the data: a thin, checked layer over
/// [`reed_solomon_simd`] (`O(n log n)`, SIMD-accelerated).
///
/// Shard indices are `0 .. k` for data shards and `k .. k + m` for parity
/// shards. The codec keeps its encoder and decoder work space between calls,
/// so reuse one codec per shape. Encoding and reconstruction hand back
/// borrowed views of that work space ([`Parity`], [`Restored`]): no copy is
/// made unless asked for.
pub struct ByteCodec {
    data_shards: usize,
    parity_shards: usize,
    shard_bytes: usize,
    encoder: ReedSolomonEncoder,
    decoder: ReedSolomonDecoder,
    seen: Vec<bool>,
}

impl fmt::Debug for ByteCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteCodec")
            .field("data_shards", &self.data_shards)
            .field("parity_shards", &self.parity_shards)
            .field("shard_bytes", &self.shard_bytes)
            .finish_non_exhaustive()
    }
}

impl ByteCodec {
    /// The most shards (data + parity) a codec may have.
    pub const MAX_SHARDS: usize = 32_768;

    /// A codec of `data_shards` + `parity_shards` shards of `shard_bytes`
    /// bytes each. Both counts must be at least 1 and add up to at most
    /// [`MAX_SHARDS`](Self::MAX_SHARDS); the shard size must be non-zero
    /// and even (a GF(2^16) symbol is two bytes).
    pub fn new(
        data_shards: usize,
        parity_shards: usize,
        shard_bytes: usize,
    ) -> Result<Self, Error> {
        let counts = |reason| Error::InvalidShardCounts {
            data: data_shards,
            parity: parity_shards,
            reason,
        };
        if data_shards == 0 || parity_shards == 0 {
            return Err(counts("at least one data and one parity shard are needed"));
        }
        if data_shards.saturating_add(parity_shards) > Self::MAX_SHARDS {
            return Err(counts("at most 32768 shards in all"));
        }
        if !ReedSolomonEncoder::supports(data_shards, parity_shards) {
            return Err(counts("not supported by reed-solomon-simd"));
        }
        if shard_bytes == 0 || !shard_bytes.is_multiple_of(2) {
            return Err(Error::InvalidShardSize { shard_bytes });
        }
        let simd = |e| simd_error(e, data_shards, parity_shards, 0);
        Ok(Self {
            data_shards,
            parity_shards,
            shard_bytes,
            encoder: ReedSolomonEncoder::new(data_shards, parity_shards, shard_bytes)
                .map_err(simd)?,
            decoder: ReedSolomonDecoder::new(data_shards, parity_shards, shard_bytes)
                .map_err(simd)?,
            seen: vec![false; data_shards + parity_shards],
        })
    }

    /// Data shards (`k`).
    pub fn data_shards(&self) -> usize {
        self.data_shards
    }
    /// Parity shards (`m`).
    pub fn parity_shards(&self) -> usize {
        self.parity_shards
    }
    /// Bytes per shard.
    pub fn shard_bytes(&self) -> usize {
        self.shard_bytes
    }

    /// Computes the parity shards of `data` (exactly `k` shards of
    /// `shard_bytes` bytes).
    pub fn encode<T: AsRef<[u8]>>(&mut self, data: &[T]) -> Result<Parity<'_>, Error> {
        if data.len() != self.data_shards {
            return Err(Error::WrongShardCount {
                expected: self.data_shards,
                actual: data.len(),
            });
        }
        for (index, shard) in data.iter().enumerate() {
            self.check_length(index, shard.as_ref())?;
        }
        let (k, m) = (self.data_shards, self.parity_shards);
        for (index, shard) in data.iter().enumerate() {
            if let Err(e) = self.encoder.add_original_shard(shard) {
                // Forget the shards added so far, so the next call starts clean.
                let _ = self.encoder.reset(k, m, self.shard_bytes);
                return Err(simd_error(e, k, m, index));
            }
        }
        let result = self.encoder.encode().map_err(|e| simd_error(e, k, m, 0))?;
        Ok(Parity { result, count: m })
    }

    /// Reconstructs the missing data shards from any `k` or more distinct
    /// shards, given as `(index, shard)` pairs (data `0 .. k`, parity
    /// `k .. k + m`).
    pub fn reconstruct<T: AsRef<[u8]>>(
        &mut self,
        shards: &[(usize, T)],
    ) -> Result<Restored<'_>, Error> {
        let (k, m) = (self.data_shards, self.parity_shards);
        self.check_shards(shards)?;
        for (index, shard) in shards {
            let added = if *index < k {
                self.decoder.add_original_shard(*index, shard)
            } else {
                self.decoder.add_recovery_shard(*index - k, shard)
            };
            if let Err(e) = added {
                let _ = self.decoder.reset(k, m, self.shard_bytes);
                return Err(simd_error(e, k, m, *index));
            }
        }
        let result = self.decoder.decode().map_err(|e| simd_error(e, k, m, 0))?;
        Ok(Restored { result })
    }

    /// Reconstructs all `k` data shards (given and restored) from any `k` or
    /// more distinct shards, as owned buffers in index order.
    pub fn reconstruct_data<T: AsRef<[u8]>>(
        &mut self,
        shards: &[(usize, T)],
    ) -> Result<Vec<Bytes>, Error> {
        let k = self.data_shards;
        let mut out: Vec<Option<Bytes>> = vec![None; k];
        for (index, shard) in shards {
            if let Some(slot) = out.get_mut(*index) {
                *slot = Some(Bytes::copy_from_slice(shard.as_ref()));
            }
        }
        let restored = self.reconstruct(shards)?;
        for (index, shard) in restored.iter() {
            if let Some(slot) = out.get_mut(index) {
                *slot = Some(Bytes::copy_from_slice(shard));
            }
        }
        let got = out.iter().filter(|s| s.is_some()).count();
        out.into_iter()
            .collect::<Option<Vec<Bytes>>>()
            .ok_or(Error::TooFewShards { needed: k, got })
    }

    fn check_length(&self, index: usize, shard: &[u8]) -> Result<(), Error> {
        if shard.len() == self.shard_bytes {
            Ok(())
        } else {
            Err(Error::WrongShardLength {
                index,
                expected: self.shard_bytes,
                actual: shard.len(),
            })
        }
    }

    fn check_shards<T: AsRef<[u8]>>(&mut self, shards: &[(usize, T)]) -> Result<(), Error> {
        let bound = self.data_shards + self.parity_shards;
        self.seen.fill(false);
        for (index, shard) in shards {
            let index = *index;
            let seen = self
                .seen
                .get_mut(index)
                .ok_or(Error::ShardOutOfRange { index, bound })?;
            if *seen {
                return Err(Error::DuplicateShard { index });
            }
            *seen = true;
            self.check_length(index, shard.as_ref())?;
        }
        if shards.len() < self.data_shards {
            return Err(Error::TooFewShards {
                needed: self.data_shards,
                got: shards.len(),
            });
        }
        Ok(())
    }
}

/// The parity shards of one [`ByteCodec::encode`] call, borrowed from the
/// codec's work space.
pub struct Parity<'a> {
    result: EncoderResult<'a>,
    count: usize,
}

impl fmt::Debug for Parity<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parity")
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl Parity<'_> {
    /// Number of parity shards (`m`).
    pub fn len(&self) -> usize {
        self.count
    }
    /// Always false: a codec has at least one parity shard.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// Parity shard `i` (`0 .. m`; its shard index is `k + i`).
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.result.recovery(i)
    }
    /// The parity shards in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.result.recovery_iter()
    }
    /// Copies the parity shards into owned buffers.
    pub fn to_vec(&self) -> Vec<Bytes> {
        self.iter().map(Bytes::copy_from_slice).collect()
    }
}

/// The data shards restored by one [`ByteCodec::reconstruct`] call (only
/// those that were missing), borrowed from the codec's work space.
pub struct Restored<'a> {
    result: DecoderResult<'a>,
}

impl fmt::Debug for Restored<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Restored").finish_non_exhaustive()
    }
}

impl Restored<'_> {
    /// Data shard `index`, if it was missing and is now restored.
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        self.result.restored_original(index)
    }
    /// The restored data shards as `(index, shard)`, in index order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &[u8])> + '_ {
        self.result.restored_original_iter()
    }
}

/// Maps an error of reed-solomon-simd (the codec checks its input first, so
/// these are not expected) onto this crate's typed errors.
fn simd_error(e: reed_solomon_simd::Error, data: usize, parity: usize, index: usize) -> Error {
    use reed_solomon_simd::Error as E;
    let bound = data + parity;
    match e {
        E::DifferentShardSize { shard_bytes, got } => Error::WrongShardLength {
            index,
            expected: shard_bytes,
            actual: got,
        },
        E::DuplicateOriginalShardIndex { index } => Error::DuplicateShard { index },
        E::DuplicateRecoveryShardIndex { index } => Error::DuplicateShard {
            index: data + index,
        },
        E::InvalidOriginalShardIndex { index, .. } => Error::ShardOutOfRange { index, bound },
        E::InvalidRecoveryShardIndex { index, .. } => Error::ShardOutOfRange {
            index: data + index,
            bound,
        },
        E::InvalidShardSize { shard_bytes } => Error::InvalidShardSize { shard_bytes },
        E::NotEnoughShards {
            original_count,
            original_received_count,
            recovery_received_count,
        } => Error::TooFewShards {
            needed: original_count,
            got: original_received_count + recovery_received_count,
        },
        E::TooFewOriginalShards {
            original_count,
            original_received_count,
        } => Error::WrongShardCount {
            expected: original_count,
            actual: original_received_count,
        },
        E::TooManyOriginalShards { original_count } => Error::WrongShardCount {
            expected: original_count,
            actual: original_count + 1,
        },
        E::UnsupportedShardCount { .. } => Error::InvalidShardCounts {
            data,
            parity,
            reason: "not supported by reed-solomon-simd",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_are_typed() {
        assert!(matches!(
            ByteCodec::new(0, 4, 64),
            Err(Error::InvalidShardCounts { data: 0, .. })
        ));
        assert!(matches!(
            ByteCodec::new(30_000, 2_769, 64),
            Err(Error::InvalidShardCounts { .. })
        ));
        assert!(ByteCodec::new(30_000, 2_768, 2).is_ok());
        assert_eq!(
            ByteCodec::new(4, 2, 63).err(),
            Some(Error::InvalidShardSize { shard_bytes: 63 })
        );
        assert_eq!(
            ByteCodec::new(4, 2, 0).err(),
            Some(Error::InvalidShardSize { shard_bytes: 0 })
        );
    }

    #[test]
    fn simd_errors_map_to_indices_of_the_whole_code() {
        use reed_solomon_simd::Error as E;
        // A codec of 5 data + 3 parity shards: the library counts recovery
        // shards from 0, this crate from 5.
        let cases = [
            (
                E::DifferentShardSize {
                    shard_bytes: 8,
                    got: 6,
                },
                Error::WrongShardLength {
                    index: 2,
                    expected: 8,
                    actual: 6,
                },
            ),
            (
                E::DuplicateOriginalShardIndex { index: 4 },
                Error::DuplicateShard { index: 4 },
            ),
            (
                E::DuplicateRecoveryShardIndex { index: 1 },
                Error::DuplicateShard { index: 6 },
            ),
            (
                E::InvalidOriginalShardIndex {
                    original_count: 5,
                    index: 9,
                },
                Error::ShardOutOfRange { index: 9, bound: 8 },
            ),
            (
                E::InvalidRecoveryShardIndex {
                    recovery_count: 3,
                    index: 3,
                },
                Error::ShardOutOfRange { index: 8, bound: 8 },
            ),
            (
                E::InvalidShardSize { shard_bytes: 7 },
                Error::InvalidShardSize { shard_bytes: 7 },
            ),
            (
                E::NotEnoughShards {
                    original_count: 5,
                    original_received_count: 2,
                    recovery_received_count: 1,
                },
                Error::TooFewShards { needed: 5, got: 3 },
            ),
            (
                E::TooFewOriginalShards {
                    original_count: 5,
                    original_received_count: 4,
                },
                Error::WrongShardCount {
                    expected: 5,
                    actual: 4,
                },
            ),
            (
                E::TooManyOriginalShards { original_count: 5 },
                Error::WrongShardCount {
                    expected: 5,
                    actual: 6,
                },
            ),
            (
                E::UnsupportedShardCount {
                    original_count: 5,
                    recovery_count: 3,
                },
                Error::InvalidShardCounts {
                    data: 5,
                    parity: 3,
                    reason: "not supported by reed-solomon-simd",
                },
            ),
        ];
        for (simd, expected) in cases {
            assert_eq!(simd_error(simd, 5, 3, 2), expected);
        }
    }

    #[test]
    fn input_errors_are_typed_and_leave_the_codec_usable() {
        let mut codec = ByteCodec::new(3, 2, 8).unwrap();
        let data = [[1u8; 8], [2; 8], [3; 8]];
        assert_eq!(
            codec.encode(&data[..2]).err(),
            Some(Error::WrongShardCount {
                expected: 3,
                actual: 2
            })
        );
        let short: [&[u8]; 3] = [&[1; 8], &[2; 6], &[3; 8]];
        assert_eq!(
            codec.encode(&short).err(),
            Some(Error::WrongShardLength {
                index: 1,
                expected: 8,
                actual: 6
            })
        );
        let parity = codec.encode(&data).unwrap().to_vec();
        assert_eq!(parity.len(), 2);
        let shards = [(0usize, &data[0][..]), (4, &parity[1][..])];
        assert_eq!(
            codec.reconstruct(&shards).err(),
            Some(Error::TooFewShards { needed: 3, got: 2 })
        );
        let dup = [
            (0usize, &data[0][..]),
            (4, &parity[1][..]),
            (4, &parity[1][..]),
        ];
        assert_eq!(
            codec.reconstruct(&dup).err(),
            Some(Error::DuplicateShard { index: 4 })
        );
        let far = [
            (0usize, &data[0][..]),
            (4, &parity[1][..]),
            (5, &parity[1][..]),
        ];
        assert_eq!(
            codec.reconstruct(&far).err(),
            Some(Error::ShardOutOfRange { index: 5, bound: 5 })
        );
        let good = [
            (0usize, &data[0][..]),
            (4, &parity[1][..]),
            (3, &parity[0][..]),
        ];
        let all = codec.reconstruct_data(&good).unwrap();
        assert_eq!(
            all,
            data.iter()
                .map(|d| Bytes::copy_from_slice(d))
                .collect::<Vec<_>>()
        );
    }
}
