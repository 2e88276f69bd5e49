//! serde for the blob types: each is (de)serialized as its canonical bytes,
//! and deserializing runs the same checked parser.

use super::types::{BlobHeader, BlobSlice, LightSlice};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use serde::de::{Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

struct BytesVisitor<T>(PhantomData<T>, fn(&[u8]) -> Result<T, crate::Error>);

impl<'de, T> Visitor<'de> for BytesVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the canonical byte encoding of a zg blob type")
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<T, E> {
        (self.1)(v).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(b) = seq.next_element::<u8>()? {
            bytes.push(b);
        }
        (self.1)(&bytes).map_err(A::Error::custom)
    }
}

macro_rules! bytes_serde {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(self.to_bytes().as_ref())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_bytes(BytesVisitor(PhantomData, <$ty>::from_bytes))
            }
        }
    )*};
}

bytes_serde!(BlobHeader, BlobSlice, LightSlice);
