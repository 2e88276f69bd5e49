//! Ethereum's mainnet trusted setup, embedded in uncompressed binary form.
//!
//! `data/trusted_setup.bin` is generated from the repository's copy of the
//! ceremony output (`test_vectors/ethereum-kzg/trusted_setup.txt`) by the
//! test below, which also checks on every test run that it still matches
//! the text after full validation (encodings, subgroups, pairings). Set
//! `ZG_WRITE_EMBEDDED_SETUP=1` when running that test to rewrite it.

use super::{Setup, format};
use crate::Error;

static BINARY: &[u8] = include_bytes!("../../data/trusted_setup.bin");

pub(super) fn load() -> Result<Setup, Error> {
    format::from_binary_trusted(BINARY)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn embedded_setup_matches_the_ceremony_text() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../test_vectors/ethereum-kzg/trusted_setup.txt");
        let text = std::fs::read(&path).unwrap();
        let from_text = Setup::from_text(&text).unwrap();
        assert_eq!(from_text.len(), 4096);
        assert_eq!(from_text.g2_monomial().len(), 65);
        let binary = format::to_binary(&from_text);
        if std::env::var_os("ZG_WRITE_EMBEDDED_SETUP").is_some() {
            std::fs::write(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/trusted_setup.bin"),
                &binary,
            )
            .unwrap();
            return;
        }
        assert!(binary == BINARY, "data/trusted_setup.bin is stale");
        assert_eq!(load().unwrap(), from_text);
    }
}
