use thiserror::Error;

/// Errors of `zg-erasure`, each with the numbers that explain it.
///
/// Every public function checks its input and reports one of these instead
/// of panicking.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A data vector did not hold exactly `rows * cols` field elements.
    #[error("wrong data length: expected {expected} field elements, got {actual}")]
    WrongDataLength {
        /// `rows * cols` of the geometry.
        expected: usize,
        /// The number of elements given.
        actual: usize,
    },
    /// More coefficients than the polynomial degree bound `rows * cols`.
    #[error("too many coefficients: at most {max}, got {actual}")]
    TooManyCoefficients {
        /// `rows * cols` of the geometry.
        max: usize,
        /// The number of coefficients given.
        actual: usize,
    },
    /// Fewer distinct slices than recovery needs.
    #[error("too few slices to recover: need {needed}, got {got}")]
    TooFewSlices {
        /// Slices needed (`rows`).
        needed: usize,
        /// Slices given.
        got: usize,
    },
    /// The same slice index was given twice.
    #[error("slice {index} was given more than once")]
    DuplicateSlice {
        /// The repeated index.
        index: usize,
    },
    /// A slice index beyond the last slice of the geometry.
    #[error("slice index {index} is out of range (there are {bound} slices)")]
    SliceOutOfRange {
        /// The index given.
        index: usize,
        /// The number of slices (`rows * families`).
        bound: usize,
    },
    /// A slice of the wrong number of elements (or bytes).
    #[error("slice {index} has the wrong length: expected {expected}, got {actual}")]
    WrongSliceLength {
        /// The slice's index.
        index: usize,
        /// The length a slice must have (`cols` elements, or `32 * cols` bytes).
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// More than `rows` slices were given and they do not all lie on one
    /// polynomial of degree below `rows * cols`: at least one is corrupt.
    #[error("slices are inconsistent: column code {column} has no codeword through them")]
    InconsistentSlices {
        /// The first column code (0 .. cols) found inconsistent.
        column: usize,
    },
    /// A slice element (32 bytes) was not a canonical scalar.
    #[error("slice {slice}, element {element}: not a canonical scalar")]
    NonCanonicalSliceElement {
        /// The slice's index.
        slice: usize,
        /// The element's position in the slice.
        element: usize,
    },

    /// A payload larger than the geometry's packing capacity.
    #[error("payload of {size} bytes exceeds the capacity of {capacity} bytes")]
    PayloadTooLarge {
        /// The payload's length.
        size: usize,
        /// The largest payload the geometry holds.
        capacity: usize,
    },
    /// An element count that does not match the geometry.
    #[error("wrong element count: expected {expected}, got {actual}")]
    WrongElementCount {
        /// `rows * cols` of the geometry.
        expected: usize,
        /// The number of elements given.
        actual: usize,
    },
    /// 0G packing: an element at or above `2^248`, which 31-byte packing
    /// never produces.
    #[error("element {index} is not below 2^248, so it does not hold 31 packed bytes")]
    ElementTooLarge {
        /// The element's position.
        index: usize,
    },
    /// 0G packing: the length field claims more bytes than fit.
    #[error("length field says {length} bytes, but the capacity is {capacity}")]
    LengthFieldTooLarge {
        /// The length stored in the blob's last 4 bytes.
        length: usize,
        /// The largest payload the geometry holds.
        capacity: usize,
    },
    /// 0G packing: a non-zero byte between the payload and the length field.
    #[error("padding byte at blob offset {offset} is {value:#04x}, not zero")]
    NonZeroPadding {
        /// The byte's offset in the 31-byte-per-element blob.
        offset: usize,
        /// The byte found.
        value: u8,
    },
    /// Ethereum packing: a byte string that is not exactly `32 * rows * cols`
    /// bytes.
    #[error("wrong blob length: expected {expected} bytes, got {actual}")]
    WrongBlobLength {
        /// `32 * rows * cols`.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// Ethereum packing: a 32-byte chunk that is not a canonical scalar.
    #[error("blob element {index} is not a canonical scalar")]
    NonCanonicalElement {
        /// The element's position.
        index: usize,
    },

    /// Byte codec: an unsupported combination of shard counts.
    #[error("unsupported shard counts {data} data + {parity} parity: {reason}")]
    InvalidShardCounts {
        /// Data (original) shards asked for.
        data: usize,
        /// Parity (recovery) shards asked for.
        parity: usize,
        /// Which rule the counts break.
        reason: &'static str,
    },
    /// Byte codec: a shard size reed-solomon-simd cannot use (it must be
    /// non-zero and even).
    #[error("invalid shard size of {shard_bytes} bytes: must be non-zero and even")]
    InvalidShardSize {
        /// The shard size asked for.
        shard_bytes: usize,
    },
    /// Byte codec: encoding was given the wrong number of data shards.
    #[error("wrong number of data shards: expected {expected}, got {actual}")]
    WrongShardCount {
        /// The codec's data shard count.
        expected: usize,
        /// The number given.
        actual: usize,
    },
    /// Byte codec: a shard of the wrong size.
    #[error("shard {index} has {actual} bytes, expected {expected}")]
    WrongShardLength {
        /// The shard's index (data shards first, then parity shards).
        index: usize,
        /// The codec's shard size.
        expected: usize,
        /// The size given.
        actual: usize,
    },
    /// Byte codec: a shard index beyond `data + parity`.
    #[error("shard index {index} is out of range (there are {bound} shards)")]
    ShardOutOfRange {
        /// The index given.
        index: usize,
        /// `data + parity`.
        bound: usize,
    },
    /// Byte codec: the same shard index twice.
    #[error("shard {index} was given more than once")]
    DuplicateShard {
        /// The repeated index.
        index: usize,
    },
    /// Byte codec: fewer shards than data shards.
    #[error("too few shards to reconstruct: need {needed}, got {got}")]
    TooFewShards {
        /// Shards needed (the data shard count).
        needed: usize,
        /// Distinct shards given.
        got: usize,
    },

    /// An error from `zg-types`.
    #[error(transparent)]
    Types(#[from] zg_types::Error),
}
