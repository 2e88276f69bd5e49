//! Setup serializations: the text form of `c-kzg-4844`, the JSON form of the
//! consensus specifications, and the uncompressed binary form embedded in
//! this crate.

use super::Setup;
use crate::Error;
use alloc::vec::Vec;
use ark_ff::{BigInteger, PrimeField};
use zg_types::curve::{AffineRepr, Fq};
use zg_types::encoding::{G1_BYTES, G2_BYTES};
use zg_types::{G1Affine, G2Affine};

/// Bytes of an uncompressed affine G1 point: `x || y`, each 48 bytes big-endian.
pub(crate) const G1_UNCOMPRESSED_BYTES: usize = 96;
/// Bytes of an uncompressed affine G2 point: `x.c1 || x.c0 || y.c1 || y.c0`.
pub(crate) const G2_UNCOMPRESSED_BYTES: usize = 192;

/// Magic prefix of the binary form (version 1).
#[cfg(any(feature = "ethereum-setup", test))]
pub(crate) const BINARY_MAGIC: &[u8; 8] = b"ZGSRS\x00\x00\x01";

/// Largest setup the parsers accept: 2^21 G1 points. Bounds what an
/// untrusted header can make the parser allocate.
const MAX_G1_POINTS: usize = 1 << 21;
/// Largest number of G2 points the parsers accept.
const MAX_G2_POINTS: usize = 1 << 21;

fn format_error(line: usize, reason: &'static str) -> Error {
    Error::SetupFormat { line, reason }
}

/// Decodes hex (either case) into `out`; `None` on a bad digit or length.
fn decode_hex(hex: &[u8], out: &mut [u8]) -> Option<()> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    if hex.len() != 2 * out.len() {
        return None;
    }
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = (digit(pair[0])? << 4) | digit(pair[1])?;
    }
    Some(())
}

/// A hex token of a point, with the line it came from.
#[derive(Clone, Copy)]
struct Token<'a> {
    text: &'a [u8],
    line: usize,
}

fn g1_from_token(token: Token<'_>) -> Result<G1Affine, Error> {
    let mut bytes = [0u8; G1_BYTES];
    decode_hex(token.text, &mut bytes)
        .ok_or_else(|| format_error(token.line, "a G1 point must be 96 hex digits"))?;
    Ok(zg_types::encoding::g1_from_bytes(&bytes)?)
}

fn g2_from_token(token: Token<'_>) -> Result<G2Affine, Error> {
    let mut bytes = [0u8; G2_BYTES];
    decode_hex(token.text, &mut bytes)
        .ok_or_else(|| format_error(token.line, "a G2 point must be 192 hex digits"))?;
    Ok(zg_types::encoding::g2_from_bytes(&bytes)?)
}

#[cfg(feature = "parallel")]
fn decode_all<T: Send>(
    tokens: &[Token<'_>],
    f: impl Fn(Token<'_>) -> Result<T, Error> + Sync,
) -> Result<Vec<T>, Error> {
    use rayon::prelude::*;
    tokens.par_iter().map(|t| f(*t)).collect()
}

#[cfg(not(feature = "parallel"))]
fn decode_all<T>(
    tokens: &[Token<'_>],
    f: impl Fn(Token<'_>) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    tokens.iter().map(|t| f(*t)).collect()
}

/// Decodes the three point lists (each point fully checked), puts the
/// Lagrange points in bit-reversed order and assembles the setup.
fn assemble(
    g1_lagrange: &[Token<'_>],
    g2_monomial: &[Token<'_>],
    g1_monomial: &[Token<'_>],
) -> Result<Setup, Error> {
    let mut lagrange = decode_all(g1_lagrange, g1_from_token)?;
    let g2 = decode_all(g2_monomial, g2_from_token)?;
    let monomial = decode_all(g1_monomial, g1_from_token)?;
    if !lagrange.len().is_power_of_two() {
        return Err(Error::NotPowerOfTwo {
            what: "G1 powers of a setup",
            count: lagrange.len(),
        });
    }
    zg_types::bit_reverse_permute(&mut lagrange);
    Setup::from_points(monomial, lagrange, g2)
}

/// Parses the text form (see [`Setup::from_text`]); checks every point but
/// not the pairing consistency.
pub(super) fn parse_text(bytes: &[u8]) -> Result<Setup, Error> {
    let mut tokens = Vec::new();
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        for word in line
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
        {
            tokens.push(Token {
                text: word,
                line: index + 1,
            });
        }
    }
    let count = |token: Option<&Token<'_>>, what: &'static str, max: usize| {
        let token = token.ok_or_else(|| format_error(0, what))?;
        let text = core::str::from_utf8(token.text).map_err(|_| format_error(token.line, what))?;
        let value: usize = text.parse().map_err(|_| format_error(token.line, what))?;
        if value > max {
            return Err(format_error(token.line, "too many points"));
        }
        Ok(value)
    };
    let n_g1 = count(
        tokens.first(),
        "expected the number of G1 points",
        MAX_G1_POINTS,
    )?;
    let n_g2 = count(
        tokens.get(1),
        "expected the number of G2 points",
        MAX_G2_POINTS,
    )?;
    let rest = tokens.get(2..).unwrap_or_default();
    let expected = 2 * n_g1 + n_g2;
    if rest.len() != expected {
        let line = rest.last().map_or(0, |t| t.line);
        return Err(format_error(
            line,
            if rest.len() < expected {
                "fewer points than the header announces (n G1 Lagrange, m G2, n G1 monomial)"
            } else {
                "more points than the header announces"
            },
        ));
    }
    let (lagrange, rest) = rest.split_at(n_g1);
    let (g2, monomial) = rest.split_at(n_g2);
    assemble(lagrange, g2, monomial)
}

/// A minimal reader of the consensus-specs JSON form: one object whose
/// values are arrays of strings. Other value types are rejected.
struct JsonReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> JsonReader<'a> {
    fn error(&self, reason: &'static str) -> Error {
        format_error(self.line, reason)
    }

    fn skip_whitespace(&mut self) {
        while let Some(&c) = self.bytes.get(self.pos) {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, c: u8, reason: &'static str) -> Result<(), Error> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(reason))
        }
    }

    /// A string without escapes (setup files have none).
    fn string(&mut self) -> Result<Token<'a>, Error> {
        self.expect(b'"', "expected a string")?;
        let start = self.pos;
        let line = self.line;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => break,
                Some(b'\\' | b'\n') | None => {
                    return Err(self.error("unterminated string or escape in a string"));
                }
                Some(_) => self.pos += 1,
            }
        }
        let text = self.bytes.get(start..self.pos).unwrap_or_default();
        self.pos += 1;
        Ok(Token { text, line })
    }

    fn string_array(&mut self) -> Result<Vec<Token<'a>>, Error> {
        self.expect(b'[', "expected an array of strings")?;
        let mut out = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(out);
        }
        loop {
            if out.len() >= MAX_G1_POINTS {
                return Err(self.error("too many points"));
            }
            out.push(self.string()?);
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }
}

fn strip_0x(tokens: &mut [Token<'_>]) -> Result<(), Error> {
    for token in tokens {
        token.text = token
            .text
            .strip_prefix(b"0x")
            .ok_or_else(|| format_error(token.line, "points must be 0x-prefixed hex"))?;
    }
    Ok(())
}

/// Parses the JSON form (see [`Setup::from_json`]); checks every point but
/// not the pairing consistency.
pub(super) fn parse_json(bytes: &[u8]) -> Result<Setup, Error> {
    let mut reader = JsonReader {
        bytes,
        pos: 0,
        line: 1,
    };
    let mut g1_monomial = None;
    let mut g1_lagrange = None;
    let mut g2_monomial = None;
    reader.expect(b'{', "expected a JSON object")?;
    if reader.peek() == Some(b'}') {
        reader.pos += 1;
    } else {
        loop {
            let key = reader.string()?;
            reader.expect(b':', "expected ':'")?;
            let mut values = reader.string_array()?;
            strip_0x(&mut values)?;
            let slot = match key.text {
                b"g1_monomial" => &mut g1_monomial,
                b"g1_lagrange" => &mut g1_lagrange,
                b"g2_monomial" => &mut g2_monomial,
                _ => return Err(format_error(key.line, "unknown key")),
            };
            if slot.replace(values).is_some() {
                return Err(format_error(key.line, "duplicate key"));
            }
            match reader.peek() {
                Some(b',') => reader.pos += 1,
                Some(b'}') => {
                    reader.pos += 1;
                    break;
                }
                _ => return Err(reader.error("expected ',' or '}'")),
            }
        }
    }
    if reader.peek().is_some() {
        return Err(reader.error("trailing bytes after the JSON object"));
    }
    let (Some(g1_monomial), Some(g1_lagrange), Some(g2_monomial)) =
        (g1_monomial, g1_lagrange, g2_monomial)
    else {
        return Err(format_error(
            0,
            "the keys g1_monomial, g1_lagrange and g2_monomial are all required",
        ));
    };
    if g1_monomial.len() != g1_lagrange.len() {
        return Err(Error::LengthMismatch {
            what: "g1_lagrange points (one per g1_monomial point)",
            expected: g1_monomial.len(),
            actual: g1_lagrange.len(),
        });
    }
    assemble(&g1_lagrange, &g2_monomial, &g1_monomial)
}

fn fq_to_be(value: &Fq, out: &mut [u8]) {
    let bytes = value.into_bigint().to_bytes_be();
    out.copy_from_slice(&bytes);
}

#[cfg(any(feature = "ethereum-setup", test))]
fn fq_from_be(bytes: &[u8]) -> Option<Fq> {
    let mut limbs = [0u64; 6];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    Fq::from_bigint(ark_ff::BigInt(limbs))
}

/// `x || y`, big-endian; the point at infinity is 96 zero bytes (it never
/// occurs in a setup, and `(0, 0)` is not on the curve).
pub(crate) fn g1_to_uncompressed(point: &G1Affine) -> [u8; G1_UNCOMPRESSED_BYTES] {
    let mut out = [0u8; G1_UNCOMPRESSED_BYTES];
    if let Some((x, y)) = point.xy() {
        let (a, b) = out.split_at_mut(48);
        fq_to_be(&x, a);
        fq_to_be(&y, b);
    }
    out
}

/// `x.c1 || x.c0 || y.c1 || y.c0`, big-endian.
pub(crate) fn g2_to_uncompressed(point: &G2Affine) -> [u8; G2_UNCOMPRESSED_BYTES] {
    let mut out = [0u8; G2_UNCOMPRESSED_BYTES];
    if let Some((x, y)) = point.xy() {
        for (chunk, value) in out.chunks_exact_mut(48).zip([x.c1, x.c0, y.c1, y.c0]) {
            fq_to_be(&value, chunk);
        }
    }
    out
}

/// Reads an uncompressed G1 point, checking canonical coordinates and the
/// curve equation, not the subgroup.
#[cfg(any(feature = "ethereum-setup", test))]
pub(crate) fn g1_from_uncompressed(bytes: &[u8]) -> Option<G1Affine> {
    if bytes.len() != G1_UNCOMPRESSED_BYTES {
        return None;
    }
    if bytes.iter().all(|b| *b == 0) {
        return Some(G1Affine::zero());
    }
    let point = G1Affine::new_unchecked(fq_from_be(&bytes[..48])?, fq_from_be(&bytes[48..])?);
    point.is_on_curve().then_some(point)
}

/// Reads an uncompressed G2 point, checking canonical coordinates and the
/// curve equation, not the subgroup.
#[cfg(any(feature = "ethereum-setup", test))]
pub(crate) fn g2_from_uncompressed(bytes: &[u8]) -> Option<G2Affine> {
    if bytes.len() != G2_UNCOMPRESSED_BYTES {
        return None;
    }
    if bytes.iter().all(|b| *b == 0) {
        return Some(G2Affine::zero());
    }
    let fq = |i: usize| fq_from_be(bytes.get(48 * i..48 * (i + 1))?);
    let x = zg_types::curve::Fq2::new(fq(1)?, fq(0)?);
    let y = zg_types::curve::Fq2::new(fq(3)?, fq(2)?);
    let point = G2Affine::new_unchecked(x, y);
    point.is_on_curve().then_some(point)
}

/// The binary form: magic, `n` and `m` as little-endian u32, then the `n`
/// Lagrange points in bit-reversed order, the `m` G2 points and the `n`
/// monomial G1 points, all uncompressed.
#[cfg(test)]
pub(crate) fn to_binary(setup: &Setup) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        16 + setup.len() * 2 * G1_UNCOMPRESSED_BYTES
            + setup.g2_monomial().len() * G2_UNCOMPRESSED_BYTES,
    );
    out.extend_from_slice(BINARY_MAGIC);
    for count in [setup.len(), setup.g2_monomial().len()] {
        out.extend_from_slice(&u32::try_from(count).unwrap_or(u32::MAX).to_le_bytes());
    }
    for p in setup.g1_lagrange_brp() {
        out.extend_from_slice(&g1_to_uncompressed(p));
    }
    for p in setup.g2_monomial() {
        out.extend_from_slice(&g2_to_uncompressed(p));
    }
    for p in setup.g1_monomial() {
        out.extend_from_slice(&g1_to_uncompressed(p));
    }
    out
}

/// Reads the binary form. Checks the structure, canonical coordinates and
/// the curve equations; no subgroup or pairing checks (the bytes are
/// trusted: see [`Setup::ethereum_mainnet`]).
#[cfg(any(feature = "ethereum-setup", test))]
pub(crate) fn from_binary_trusted(bytes: &[u8]) -> Result<Setup, Error> {
    let bad = |reason| format_error(0, reason);
    let header = bytes
        .get(..16)
        .ok_or_else(|| bad("binary setup too short"))?;
    if &header[..8] != BINARY_MAGIC {
        return Err(bad("not a zg binary setup"));
    }
    let read_u32 = |at: usize| {
        let mut word = [0u8; 4];
        word.copy_from_slice(&header[at..at + 4]);
        u32::from_le_bytes(word) as usize
    };
    let (n, m) = (read_u32(8), read_u32(12));
    if n > MAX_G1_POINTS || m > MAX_G2_POINTS {
        return Err(bad("too many points"));
    }
    let g1_len = n * G1_UNCOMPRESSED_BYTES;
    let g2_len = m * G2_UNCOMPRESSED_BYTES;
    let body = &bytes[16..];
    if body.len() != 2 * g1_len + g2_len {
        return Err(bad("binary setup has the wrong length"));
    }
    let (lagrange, rest) = body.split_at(g1_len);
    let (g2, monomial) = rest.split_at(g2_len);
    let g1_points = |bytes: &[u8]| -> Result<Vec<G1Affine>, Error> {
        bytes
            .chunks_exact(G1_UNCOMPRESSED_BYTES)
            .map(|c| g1_from_uncompressed(c).ok_or_else(|| bad("a G1 point is not on the curve")))
            .collect()
    };
    let g2_points: Vec<G2Affine> = g2
        .chunks_exact(G2_UNCOMPRESSED_BYTES)
        .map(|c| g2_from_uncompressed(c).ok_or_else(|| bad("a G2 point is not on the curve")))
        .collect::<Result<_, _>>()?;
    Setup::from_points(g1_points(monomial)?, g1_points(lagrange)?, g2_points)
}

#[cfg(all(test, feature = "insecure-setup"))]
#[allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]
mod tests {
    use super::*;
    use alloc::string::String;
    use core::fmt::Write;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    /// The text form of a setup, as `c-kzg-4844` writes it.
    fn text_form(setup: &Setup) -> String {
        let mut lagrange = setup.g1_lagrange_brp().to_vec();
        zg_types::bit_reverse_permute(&mut lagrange);
        let mut s = String::new();
        let _ = writeln!(s, "{}\n{}", setup.len(), setup.g2_monomial().len());
        for p in &lagrange {
            let _ = writeln!(s, "{}", hex(&zg_types::encoding::g1_to_bytes(p)));
        }
        for p in setup.g2_monomial() {
            let _ = writeln!(s, "{}", hex(&zg_types::encoding::g2_to_bytes(p)));
        }
        for p in setup.g1_monomial() {
            let _ = writeln!(s, "{}", hex(&zg_types::encoding::g1_to_bytes(p)));
        }
        s
    }

    fn json_form(setup: &Setup) -> String {
        let mut lagrange = setup.g1_lagrange_brp().to_vec();
        zg_types::bit_reverse_permute(&mut lagrange);
        let list = |items: Vec<String>| {
            let quoted: Vec<String> = items.iter().map(|h| alloc::format!("\"0x{h}\"")).collect();
            alloc::format!("[\n    {}\n  ]", quoted.join(",\n    "))
        };
        let g1 = |ps: &[G1Affine]| {
            ps.iter()
                .map(|p| hex(&zg_types::encoding::g1_to_bytes(p)))
                .collect()
        };
        let g2: Vec<String> = setup
            .g2_monomial()
            .iter()
            .map(|p| hex(&zg_types::encoding::g2_to_bytes(p)))
            .collect();
        alloc::format!(
            "{{\n  \"g1_monomial\": {},\n  \"g1_lagrange\": {},\n  \"g2_monomial\": {}\n}}\n",
            list(g1(setup.g1_monomial())),
            list(g1(&lagrange)),
            list(g2)
        )
    }

    #[test]
    fn text_json_and_binary_forms_round_trip() {
        let setup = Setup::insecure_from_seed(b"format", 16, 4).unwrap();
        assert_eq!(
            Setup::from_text(text_form(&setup).as_bytes()).unwrap(),
            setup
        );
        assert_eq!(
            Setup::from_json(json_form(&setup).as_bytes()).unwrap(),
            setup
        );
        assert_eq!(from_binary_trusted(&to_binary(&setup)).unwrap(), setup);
    }

    #[test]
    fn malformed_text_is_a_typed_error() {
        let setup = Setup::insecure_from_seed(b"format", 8, 3).unwrap();
        let text = text_form(&setup);
        // Truncated: one point missing.
        let truncated = &text[..text.len() - 97];
        assert!(matches!(
            Setup::from_text(truncated.as_bytes()),
            Err(Error::SetupFormat { .. })
        ));
        // A bad hex digit on line 3 (the first point).
        let bad = text.replacen('\n', "\nzz", 2).replacen("\nzz", "\n", 1);
        assert!(matches!(
            Setup::from_text(bad.as_bytes()),
            Err(Error::SetupFormat { line: 3, .. })
        ));
        // A point that is not canonical.
        let lines: Vec<&str> = text.lines().collect();
        let mut edited: Vec<String> = lines.iter().map(|l| String::from(*l)).collect();
        edited[4] = "00".repeat(48);
        assert!(matches!(
            Setup::from_text(edited.join("\n").as_bytes()),
            Err(Error::Encoding(_))
        ));
        // Two points swapped: every point is valid, the pairing check fails.
        let mut swapped: Vec<String> = lines.iter().map(|l| String::from(*l)).collect();
        swapped.swap(2, 3);
        assert!(matches!(
            Setup::from_text(swapped.join("\n").as_bytes()),
            Err(Error::InvalidSetup { .. })
        ));
        assert!(Setup::from_text(b"").is_err());
        assert!(Setup::from_text(b"99999999999999999999 3").is_err());
        assert!(Setup::from_text(b"4194304 3").is_err());
    }

    /// `line` and `reason` of a [`Error::SetupFormat`]; any other result
    /// gives `(usize::MAX, "not a format error")`, which no test expects.
    fn format_reason(result: &Result<Setup, Error>) -> (usize, &'static str) {
        match result {
            Err(Error::SetupFormat { line, reason }) => (*line, reason),
            _ => (usize::MAX, "not a format error"),
        }
    }

    #[test]
    fn text_errors_name_the_line_and_the_reason() {
        let setup = Setup::insecure_from_seed(b"format", 8, 3).unwrap();
        let text = text_form(&setup);
        // Hex digits in either case.
        assert_eq!(
            Setup::from_text(text.to_uppercase().as_bytes()).unwrap(),
            setup
        );
        // 2 + 8 + 3 + 8 lines; one point missing or one too many.
        let last_line = text.lines().count();
        let missing_one = &text[..text.len() - 97];
        assert_eq!(
            format_reason(&Setup::from_text(missing_one.as_bytes())),
            (
                last_line - 1,
                "fewer points than the header announces (n G1 Lagrange, m G2, n G1 monomial)"
            )
        );
        let one_more = alloc::format!("{text}{}\n", &text[text.len() - 97..text.len() - 1]);
        assert_eq!(
            format_reason(&Setup::from_text(one_more.as_bytes())),
            (last_line + 1, "more points than the header announces")
        );
        // The header's bound is 2^21 G1 points: at the bound the count is
        // accepted (and the points are missing), above it refused.
        assert_eq!(
            format_reason(&Setup::from_text(b"2097152 0")).1,
            "fewer points than the header announces (n G1 Lagrange, m G2, n G1 monomial)"
        );
        // Bad headers: (text, line, reason).
        for (text, line, reason) in [
            (&b"2097153 0"[..], 1, "too many points"),
            (b"4 2097153", 1, "too many points"),
            (b"4\nx", 2, "expected the number of G2 points"),
            (b"", 0, "expected the number of G1 points"),
        ] {
            assert_eq!(
                format_reason(&Setup::from_text(text)),
                (line, reason),
                "{text:?}"
            );
        }
    }

    #[test]
    fn json_errors_name_the_line_and_the_reason() {
        let setup = Setup::insecure_from_seed(b"format", 8, 3).unwrap();
        let json = json_form(&setup);
        // Hex digits in either case.
        let upper = json.replace("0x", "0X").to_uppercase().replace("0X", "0x");
        let upper = upper
            .replace("G1_MONOMIAL", "g1_monomial")
            .replace("G1_LAGRANGE", "g1_lagrange")
            .replace("G2_MONOMIAL", "g2_monomial");
        assert_eq!(Setup::from_json(upper.as_bytes()).unwrap(), setup);
        // An empty object and empty lists are read to the end: what is
        // wrong is their content.
        assert_eq!(
            format_reason(&Setup::from_json(b"{ }")),
            (
                0,
                "the keys g1_monomial, g1_lagrange and g2_monomial are all required"
            )
        );
        let empty = br#"{"g1_monomial": [], "g1_lagrange": [ ], "g2_monomial": []}"#;
        assert!(matches!(
            Setup::from_json(empty),
            Err(Error::NotPowerOfTwo { count: 0, .. })
        ));
        // Line 1 is `{`, line 2 opens g1_monomial; its third point is on
        // line 5.
        let third = json.lines().nth(4).unwrap();
        let broken = json.replacen(third, "    \"0xzz\",", 1);
        assert_eq!(
            format_reason(&Setup::from_json(broken.as_bytes())),
            (5, "a G1 point must be 96 hex digits")
        );
        let renamed = json.replacen("\"g2_monomial\"", "\"g3\"", 1);
        let key_line = json
            .lines()
            .position(|l| l.contains("g2_monomial"))
            .unwrap()
            + 1;
        assert_eq!(
            format_reason(&Setup::from_json(renamed.as_bytes())),
            (key_line, "unknown key")
        );
        // The form ends with `}` and a newline; after two more newlines the
        // stray `x` is three lines below the `}`.
        assert_eq!(
            format_reason(&Setup::from_json(alloc::format!("{json}\n\nx").as_bytes())),
            (
                json.lines().count() + 3,
                "trailing bytes after the JSON object"
            )
        );
    }

    #[test]
    fn malformed_json_is_a_typed_error() {
        let setup = Setup::insecure_from_seed(b"format", 8, 3).unwrap();
        let json = json_form(&setup);
        assert!(Setup::from_json(json.replace("g1_lagrange", "g1_other").as_bytes()).is_err());
        assert!(Setup::from_json(json.replacen("0x", "", 1).as_bytes()).is_err());
        assert!(Setup::from_json(&json.as_bytes()[..json.len() / 2]).is_err());
        assert!(Setup::from_json(alloc::format!("{json}x").as_bytes()).is_err());
        assert!(Setup::from_json(b"{}").is_err());
        assert!(Setup::from_json(b"").is_err());
        assert!(Setup::from_json(b"{\"g1_monomial\": [1]}").is_err());
    }

    use proptest::prelude::*;

    /// A small setup and its text and JSON forms, built once.
    fn forms() -> &'static (Setup, String, String) {
        static FORMS: std::sync::OnceLock<(Setup, String, String)> = std::sync::OnceLock::new();
        FORMS.get_or_init(|| {
            let setup = Setup::insecure_from_seed(b"format props", 8, 3).unwrap();
            let (text, json) = (text_form(&setup), json_form(&setup));
            (setup, text, json)
        })
    }

    /// `bytes` with byte `at` (taken modulo the length) replaced by `with`.
    fn edited(bytes: &[u8], at: usize, with: u8) -> Vec<u8> {
        let mut out = bytes.to_vec();
        let at = at % out.len();
        out[at] = with;
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// One replaced byte anywhere in the text or JSON form is either
        /// rejected with an error or changes nothing (a hex digit in the
        /// other case, one whitespace for another): no edit loads a
        /// different setup, whether it hits a count, a separator, a point's
        /// flag bits or its coordinates.
        #[test]
        fn one_edited_byte_is_rejected_or_changes_nothing(at in any::<usize>(), with in any::<u8>()) {
            let (setup, text, json) = forms();
            for (form, parse) in [
                (text.as_bytes(), Setup::from_text as fn(&[u8]) -> Result<Setup, Error>),
                (json.as_bytes(), Setup::from_json),
            ] {
                if let Ok(loaded) = parse(&edited(form, at, with)) {
                    prop_assert_eq!(&loaded, setup);
                }
            }
        }

        /// Any prefix of a valid form is rejected, except the whole form.
        #[test]
        fn truncated_forms_are_rejected(cut in any::<usize>()) {
            let (_, text, json) = forms();
            for (form, parse) in [
                (text.as_bytes(), Setup::from_text as fn(&[u8]) -> Result<Setup, Error>),
                (json.as_bytes(), Setup::from_json),
            ] {
                // A trailing newline may go without harm; anything more may not.
                let cut = cut % (form.len() - 1);
                prop_assert!(parse(&form[..cut]).is_err());
            }
        }
    }

    #[test]
    fn binary_form_rejects_points_off_the_curve() {
        let setup = Setup::insecure_from_seed(b"format", 8, 3).unwrap();
        let mut bytes = to_binary(&setup);
        bytes[16 + 95] ^= 1;
        assert!(from_binary_trusted(&bytes).is_err());
        assert!(from_binary_trusted(&bytes[..100]).is_err());
        let mut bad_magic = to_binary(&setup);
        bad_magic[0] = b'X';
        assert!(from_binary_trusted(&bad_magic).is_err());
        // Counts above 2^21 are refused from the header alone; at 2^21 the
        // (missing) body is what is wrong.
        let header = |n: u32, m: u32| {
            let mut out = BINARY_MAGIC.to_vec();
            out.extend_from_slice(&n.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
            out
        };
        let limit = 1 << 21;
        for (n, m, reason) in [
            (limit + 1, 1, "too many points"),
            (1, limit + 1, "too many points"),
            (limit, 1, "binary setup has the wrong length"),
            (1, limit, "binary setup has the wrong length"),
        ] {
            assert_eq!(
                format_reason(&from_binary_trusted(&header(n, m))),
                (0, reason),
                "n = {n}, m = {m}"
            );
        }
    }
}
