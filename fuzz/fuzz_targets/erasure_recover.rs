//! Recovery from arbitrary slice sets: any indices (duplicates, out of
//! range), any lengths, any values. Never panics; a valid request from an
//! honest codeword gives the data back; whatever is recovered is consistent
//! with the slices it was recovered from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zg_erasure::{Error, Geometry, ReedSolomon, Scalar};
use zg_types::curve::PrimeField;

fuzz_target!(|data: &[u8]| {
    let Some((header, rest)) = data.split_first_chunk::<3>() else {
        return;
    };
    let rows = 1 << (header[0] % 4);
    let cols = 8 << (header[0] / 4 % 2);
    let families = 2 + usize::from(header[1] % 3);
    let Ok(geometry) = Geometry::new(rows, cols, families) else {
        return;
    };
    let engine = ReedSolomon::new(geometry);
    let flags = header[2];

    // The honest data: coefficients drawn from the input.
    let coefficients: Vec<Scalar> = (0..geometry.elements())
        .map(|i| Scalar::from(u64::from(rest.get(i % rest.len().max(1)).copied().unwrap_or(0)) + i as u64))
        .collect();
    let Ok(slices) = engine.coefficients_to_slices(&coefficients) else {
        panic!("coefficients within the degree bound were rejected");
    };

    // The request: each input byte picks a slice index (possibly out of
    // range or repeated); with flag 1 a slice is corrupted, with flag 2 a
    // slice is shortened.
    let bound = geometry.slices();
    let mut request: Vec<(usize, Vec<Scalar>)> = rest
        .iter()
        .take(2 * bound)
        .map(|b| {
            let index = usize::from(*b) % (bound + 2);
            let values = slices.slice(index).map_or_else(|| vec![Scalar::from(1u64); cols], <[Scalar]>::to_vec);
            (index, values)
        })
        .collect();
    let mut honest = true;
    if let Some((_, values)) = request.first_mut() {
        if flags & 1 != 0 {
            values[usize::from(flags) % cols] += Scalar::from_le_bytes_mod_order(rest);
            honest = false;
        }
        if flags & 2 != 0 {
            values.pop();
            honest = false;
        }
    }

    let mut seen = vec![false; bound];
    let valid_indices = request.iter().all(|(i, _)| i < &bound && !std::mem::replace(&mut seen[*i], true));
    let enough = request.len() >= rows;

    match engine.recover_data(&request) {
        Ok(recovered) => {
            assert!(valid_indices && enough);
            let all = engine.extend(&recovered).expect("recovered data has the right length");
            let systematic = (0..rows).all(|s| request.iter().any(|(i, _)| *i == s));
            for (index, values) in &request {
                if !systematic || *index < rows {
                    assert_eq!(all.slice(*index), Some(&values[..]), "slice {index} disagrees");
                }
            }
            if honest {
                assert_eq!(recovered, slices.data());
            }
        }
        Err(Error::InconsistentSlices { column }) => {
            assert!(!honest && column < cols);
        }
        Err(Error::TooFewSlices { needed, got }) => {
            assert!(valid_indices && (needed, got) == (rows, request.len()));
        }
        Err(Error::SliceOutOfRange { index, bound: b }) => assert!(index >= b && b == bound),
        Err(Error::DuplicateSlice { index }) => {
            assert!(request.iter().filter(|(i, _)| *i == index).count() > 1);
        }
        Err(Error::WrongSliceLength { expected, actual, .. }) => {
            assert!(flags & 2 != 0 && expected == cols && actual == cols - 1);
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
});
