//! The setup loaders (text and JSON forms) on arbitrary bytes: they return
//! an error or a fully validated setup, never panic.
#![no_main]

use zg_kzg::Setup;
use zg_types::curve::AffineRepr;
use zg_types::{G1Affine, G2Affine};

fn check(setup: &Setup) {
    assert!(setup.len().is_power_of_two());
    assert_eq!(setup.g1_lagrange_brp().len(), setup.len());
    assert_eq!(setup.g1_monomial()[0], G1Affine::generator());
    assert_eq!(setup.g2_monomial()[0], G2Affine::generator());
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(setup) = Setup::from_text(data) {
        check(&setup);
    }
    if let Ok(setup) = Setup::from_json(data) {
        check(&setup);
    }
});
