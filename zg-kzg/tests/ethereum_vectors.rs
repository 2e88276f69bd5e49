//! Conformance against Ethereum's official KZG test vectors.
//!
//! Walks `<dir>/<handler>/<config>/<case>/data.yaml` (the layout of the
//! consensus-spec tests) where `<dir>` is `$ZG_ETH_VECTORS` when set, else
//! the repository's copy `test_vectors/ethereum-kzg/`. Every case of every
//! handler that [`run_case`] knows is run; a line
//! `<handler>: N passed, M failed` is printed per handler, and handlers it
//! does not know are listed as skipped with their case counts. The test
//! fails if any case fails or if no case ran at all.
//!
//! A case's `output: null` means the call must fail with an error; any
//! other output must be returned exactly.
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on unexpected errors"
)]

mod ethereum_vectors {
    pub(crate) mod yaml;
}

use ethereum_vectors::yaml::{self, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use zg_kzg::{Eip4844, Eip7594, Error};

fn vectors_dir() -> PathBuf {
    std::env::var_os("ZG_ETH_VECTORS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../test_vectors/ethereum-kzg"),
        PathBuf::from,
    )
}

fn eip4844() -> &'static Eip4844 {
    static CONTEXT: OnceLock<Eip4844> = OnceLock::new();
    CONTEXT.get_or_init(|| Eip4844::mainnet().unwrap())
}

/// The EIP-7594 handlers of [`run_case`]; `None` for an unknown handler.
fn run_eip7594_case(handler: &str, input: &Value) -> Option<Result<Outcome, String>> {
    let outcome = match handler {
        "compute_cells" => (|| {
            let blob = bytes_field(input, "blob")?;
            Ok(match eip7594().compute_cells(&blob) {
                Ok(cells) => Outcome::Value(hex_list(&cells)),
                Err(e) => error_outcome(&e),
            })
        })(),
        "compute_cells_and_kzg_proofs" => (|| {
            let blob = bytes_field(input, "blob")?;
            Ok(cells_and_proofs_outcome(
                eip7594().compute_cells_and_kzg_proofs(&blob),
            ))
        })(),
        "recover_cells_and_kzg_proofs" => (|| {
            let cell_indices = int_list(input, "cell_indices")?;
            let cells = bytes_list(input, "cells")?;
            Ok(cells_and_proofs_outcome(
                eip7594().recover_cells_and_kzg_proofs(&cell_indices, &cells),
            ))
        })(),
        "verify_cell_kzg_proof_batch" => (|| {
            let commitments = bytes_list(input, "commitments")?;
            let cell_indices = int_list(input, "cell_indices")?;
            let cells = bytes_list(input, "cells")?;
            let proofs = bytes_list(input, "proofs")?;
            Ok(bool_outcome(eip7594().verify_cell_kzg_proof_batch(
                &commitments,
                &cell_indices,
                &cells,
                &proofs,
            )))
        })(),
        "compute_verify_cell_kzg_proof_batch_challenge" => (|| {
            let commitments = bytes_list(input, "commitments")?;
            let commitment_indices = int_list(input, "commitment_indices")?;
            let cell_indices = int_list(input, "cell_indices")?;
            let cosets_evals: Vec<Vec<u8>> = input
                .get("cosets_evals")
                .and_then(Value::as_list)
                .ok_or("missing list cosets_evals")?
                .iter()
                .map(|evals| {
                    let evals = evals.as_list().ok_or("expected a list of field elements")?;
                    let mut cell = Vec::new();
                    for e in evals {
                        cell.extend(decode_hex(e)?);
                    }
                    Ok::<_, String>(cell)
                })
                .collect::<Result<_, _>>()?;
            let proofs = bytes_list(input, "proofs")?;
            Ok(bytes_outcome(
                Eip7594::compute_verify_cell_kzg_proof_batch_challenge(
                    &commitments,
                    &commitment_indices,
                    &cell_indices,
                    &cosets_evals,
                    &proofs,
                ),
            ))
        })(),
        _ => return None,
    };
    Some(outcome)
}

fn eip7594() -> &'static Eip7594 {
    static CONTEXT: OnceLock<Eip7594> = OnceLock::new();
    CONTEXT.get_or_init(|| Eip7594::mainnet().unwrap())
}

/// Why a case did not produce the expected output.
type CaseResult = Result<(), String>;

/// What a handler's function returned: a value to compare with `output`,
/// or an error (expected when `output` is `null`).
enum Outcome {
    Value(Value),
    Error(String),
}

/// The one place that knows the handlers: returns `None` for a handler that
/// is not implemented (it is then reported as skipped). EIP-7594 handlers
/// (`compute_cells`, `compute_cells_and_kzg_proofs`,
/// `recover_cells_and_kzg_proofs`, `verify_cell_kzg_proof_batch`,
/// `compute_verify_cell_kzg_proof_batch_challenge`) are added here.
fn run_case(handler: &str, input: &Value) -> Option<Result<Outcome, String>> {
    let kzg = eip4844();
    let outcome = match handler {
        "blob_to_kzg_commitment" => {
            let blob = bytes_field(input, "blob");
            blob.map(|blob| bytes_outcome(kzg.blob_to_kzg_commitment(&blob)))
        }
        "compute_kzg_proof" => (|| {
            let blob = bytes_field(input, "blob")?;
            let z = bytes_field(input, "z")?;
            Ok(match kzg.compute_kzg_proof(&blob, &z) {
                Ok((proof, y)) => {
                    Outcome::Value(Value::List(vec![hex_value(&proof), hex_value(&y)]))
                }
                Err(e) => error_outcome(&e),
            })
        })(),
        "verify_kzg_proof" => (|| {
            let commitment = bytes_field(input, "commitment")?;
            let z = bytes_field(input, "z")?;
            let y = bytes_field(input, "y")?;
            let proof = bytes_field(input, "proof")?;
            Ok(bool_outcome(kzg.verify_kzg_proof(
                &commitment,
                &z,
                &y,
                &proof,
            )))
        })(),
        "compute_blob_kzg_proof" => (|| {
            let blob = bytes_field(input, "blob")?;
            let commitment = bytes_field(input, "commitment")?;
            Ok(bytes_outcome(
                kzg.compute_blob_kzg_proof(&blob, &commitment),
            ))
        })(),
        "verify_blob_kzg_proof" => (|| {
            let blob = bytes_field(input, "blob")?;
            let commitment = bytes_field(input, "commitment")?;
            let proof = bytes_field(input, "proof")?;
            Ok(bool_outcome(kzg.verify_blob_kzg_proof(
                &blob,
                &commitment,
                &proof,
            )))
        })(),
        "verify_blob_kzg_proof_batch" => (|| {
            let blobs = bytes_list(input, "blobs")?;
            let commitments = bytes_list(input, "commitments")?;
            let proofs = bytes_list(input, "proofs")?;
            Ok(bool_outcome(kzg.verify_blob_kzg_proof_batch(
                &blobs,
                &commitments,
                &proofs,
            )))
        })(),
        "compute_challenge" => (|| {
            let blob = bytes_field(input, "blob")?;
            let commitment = bytes_field(input, "commitment")?;
            Ok(bytes_outcome(Eip4844::compute_challenge(
                &blob,
                &commitment,
            )))
        })(),
        // EIP-7594 handlers.
        _ => return run_eip7594_case(handler, input),
    };
    Some(outcome)
}

fn hex_value(bytes: &[u8]) -> Value {
    Value::Str(format!("0x{}", hex::encode(bytes)))
}

fn error_outcome(e: &Error) -> Outcome {
    Outcome::Error(e.to_string())
}

fn hex_list<T: AsRef<[u8]>>(items: &[T]) -> Value {
    Value::List(items.iter().map(|i| hex_value(i.as_ref())).collect())
}

fn cells_and_proofs_outcome<C: AsRef<[u8]>, P: AsRef<[u8]>>(
    result: Result<(Vec<C>, Vec<P>), Error>,
) -> Outcome {
    match result {
        Ok((cells, proofs)) => {
            Outcome::Value(Value::List(vec![hex_list(&cells), hex_list(&proofs)]))
        }
        Err(e) => error_outcome(&e),
    }
}

/// A list of unsigned integers (indices).
fn int_list(input: &Value, key: &str) -> Result<Vec<u64>, String> {
    input
        .get(key)
        .and_then(Value::as_list)
        .ok_or_else(|| format!("missing list {key}"))?
        .iter()
        .map(|v| {
            v.as_str()
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or_else(|| format!("{key}: expected an unsigned integer, got {v:?}"))
        })
        .collect()
}

fn bytes_outcome<const N: usize>(result: Result<[u8; N], Error>) -> Outcome {
    match result {
        Ok(bytes) => Outcome::Value(hex_value(&bytes)),
        Err(e) => error_outcome(&e),
    }
}

fn bool_outcome(result: Result<bool, Error>) -> Outcome {
    match result {
        Ok(b) => Outcome::Value(Value::Bool(b)),
        Err(e) => error_outcome(&e),
    }
}

/// Decodes a `0x`-prefixed hex string. Malformed hex in an input (some
/// cases have odd lengths) decodes to whatever bytes it holds, so that the
/// function under test sees the wrong length and must reject it.
fn decode_hex(value: &Value) -> Result<Vec<u8>, String> {
    let text = value.as_str().ok_or("expected a hex string")?;
    let digits = text.strip_prefix("0x").ok_or("expected a 0x prefix")?;
    hex::decode(digits).map_err(|e| format!("bad hex in input: {e}"))
}

fn bytes_field(input: &Value, key: &str) -> Result<Vec<u8>, String> {
    decode_hex(
        input
            .get(key)
            .ok_or_else(|| format!("missing input {key}"))?,
    )
}

fn bytes_list(input: &Value, key: &str) -> Result<Vec<Vec<u8>>, String> {
    input
        .get(key)
        .and_then(Value::as_list)
        .ok_or_else(|| format!("missing list {key}"))?
        .iter()
        .map(decode_hex)
        .collect()
}

/// Compares hex strings case-insensitively; everything else exactly.
fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Str(a), Value::Str(b)) => a.eq_ignore_ascii_case(b),
        (Value::List(a), Value::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        _ => expected == actual,
    }
}

fn check_case(handler: &str, path: &Path) -> Option<CaseResult> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Some(Err(format!("cannot read: {e}"))),
    };
    let doc = match yaml::parse(&text) {
        Ok(d) => d,
        Err(e) => return Some(Err(format!("cannot parse: {e}"))),
    };
    let empty = Value::Map(BTreeMap::new());
    let input = doc.get("input").unwrap_or(&empty);
    let expected = doc.get("output").unwrap_or(&Value::Null);
    let outcome = run_case(handler, input)?;
    Some(match (outcome, expected) {
        // Inputs the runner cannot even decode (bad hex) must be rejected.
        (Err(_) | Ok(Outcome::Error(_)), Value::Null) => Ok(()),
        (Err(e), _) => Err(e),
        (Ok(Outcome::Error(e)), _) => Err(format!("unexpected error: {e}")),
        (Ok(Outcome::Value(v)), Value::Null) => Err(format!("expected an error, got {v:?}")),
        (Ok(Outcome::Value(v)), expected) if same(expected, &v) => Ok(()),
        (Ok(Outcome::Value(v)), expected) => Err(format!("expected {expected:?}, got {v:?}")),
    })
}

fn sorted_dirs(path: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|it| {
            it.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

#[test]
fn ethereum_kzg_vectors() {
    let root = vectors_dir();
    assert!(root.is_dir(), "no vector directory at {}", root.display());
    let mut total_run = 0usize;
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for handler_dir in sorted_dirs(&root) {
        let handler = handler_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let cases: Vec<PathBuf> = sorted_dirs(&handler_dir)
            .iter()
            .flat_map(|config| sorted_dirs(config))
            .map(|case| case.join("data.yaml"))
            .filter(|p| p.is_file())
            .collect();
        let (mut passed, mut failed) = (0usize, 0usize);
        let mut known = true;
        for case in &cases {
            match check_case(&handler, case) {
                None => {
                    known = false;
                    break;
                }
                Some(Ok(())) => passed += 1,
                Some(Err(why)) => {
                    failed += 1;
                    failures.push(format!("{}: {why}", case.display()));
                }
            }
        }
        if known {
            println!("{handler}: {passed} passed, {failed} failed");
            total_run += passed + failed;
        } else {
            skipped.push(format!("{handler} ({} cases)", cases.len()));
        }
    }
    for s in &skipped {
        println!("skipped (not implemented): {s}");
    }
    for f in &failures {
        println!("FAILED {f}");
    }
    assert!(
        total_run > 0,
        "no vector case found under {}",
        root.display()
    );
    assert!(
        failures.is_empty(),
        "{} vector cases failed",
        failures.len()
    );
}
