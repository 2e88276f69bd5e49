//! The three MSM engines behind a commitment, against each other on
//! full-size blobs of few distinct elements (the input's 32-byte chunks,
//! reduced into the field, and their negations, repeated in an
//! input-chosen pattern): crowded buckets, equal and opposite digits. The
//! mainnet fixed-base table of 13 bits (batched bucket accumulator), one of
//! 8 bits (sorted buckets) and no table (the streamed variable-base MSM)
//! must give the same commitment.
#![no_main]

use std::sync::OnceLock;
use zg_kzg::{Kzg, Setup};
use zg_types::Scalar;
use zg_types::curve::PrimeField;

struct Engines {
    wide: Kzg,
    narrow: Kzg,
    plain: Kzg,
}

fn engines() -> &'static Engines {
    static ENGINES: OnceLock<Engines> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let setup = Setup::ethereum_mainnet().expect("embedded setup loads");
        Engines {
            wide: Kzg::with_window_bits(setup.clone(), 13).expect("valid window"),
            narrow: Kzg::with_window_bits(setup.clone(), 8).expect("valid window"),
            plain: Kzg::without_precomputation(setup).expect("valid setup"),
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&stride, rest)) = data.split_first() else {
        return;
    };
    // Each chunk gives a value and its negation: short inputs still give
    // full-size scalars (r - v), and opposite digits in every window.
    let mut values: Vec<Scalar> = rest
        .chunks(32)
        .take(4)
        .map(Scalar::from_be_bytes_mod_order)
        .flat_map(|v| [v, -v])
        .collect();
    if values.is_empty() {
        values.push(Scalar::from(0u64));
    }
    // Element i takes value (i * stride / 7) mod count: runs of one value
    // for small strides, a scattered pattern for large ones.
    let stride = usize::from(stride) + 1;
    let blob: Vec<Scalar> = (0..4096)
        .map(|i| values[(i * stride / 7) % values.len()])
        .collect();
    let e = engines();
    let wide = e.wide.commit(&blob).expect("4096 elements");
    assert_eq!(e.narrow.commit(&blob).expect("4096 elements"), wide);
    assert_eq!(e.plain.commit(&blob).expect("4096 elements"), wide);
});
