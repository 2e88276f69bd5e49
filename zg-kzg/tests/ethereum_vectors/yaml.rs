//! A reader for the subset of YAML that the consensus-spec test vectors use:
//! nested block mappings and block sequences (`- item`, `- - item`), flow
//! sequences of scalars (`[0, 1, 2]`, possibly over several lines), and
//! plain or single-quoted scalars.

use std::collections::BTreeMap;

/// A parsed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// `null` or `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any other scalar (quoted or plain), as written without quotes.
    Str(String),
    /// A sequence.
    List(Vec<Value>),
    /// A mapping.
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// The value under `key` of a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.get(key),
            _ => None,
        }
    }

    /// The scalar as a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The sequence's items.
    pub(crate) fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }
}

struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// Parses a document whose top level is a mapping.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let lines: Vec<Line<'_>> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let trimmed = l.trim_start_matches(' ');
            Line {
                indent: l.len() - trimmed.len(),
                text: trimmed.trim_end(),
            }
        })
        .collect();
    let mut pos = 0;
    let value = parse_block(&lines, &mut pos, 0)?;
    if pos != lines.len() {
        return Err(format!("unexpected content at line {}", pos + 1));
    }
    Ok(value)
}

/// Parses the block starting at `lines[*pos]`, whose indentation is at
/// least `min_indent`.
fn parse_block(lines: &[Line<'_>], pos: &mut usize, min_indent: usize) -> Result<Value, String> {
    let Some(first) = lines.get(*pos) else {
        return Ok(Value::Null);
    };
    if first.indent < min_indent {
        return Ok(Value::Null);
    }
    let indent = first.indent;
    if first.text.starts_with("- ") || first.text == "-" {
        let mut items = Vec::new();
        while let Some(line) = lines.get(*pos) {
            if line.indent != indent || !(line.text.starts_with("- ") || line.text == "-") {
                break;
            }
            let rest = line.text[1..].trim_start();
            if rest.is_empty() {
                *pos += 1;
                items.push(parse_block(lines, pos, indent + 1)?);
            } else if rest.starts_with("- ") || key_split(rest).is_some() {
                // An inline nested block: re-read this line with the
                // content shifted to where it starts.
                let offset = line.text.len() - rest.len();
                let mut shifted: Vec<Line<'_>> = vec![Line {
                    indent: indent + offset,
                    text: rest,
                }];
                let mut end = *pos + 1;
                while let Some(l) = lines.get(end) {
                    if l.indent <= indent {
                        break;
                    }
                    shifted.push(Line {
                        indent: l.indent,
                        text: l.text,
                    });
                    end += 1;
                }
                let mut inner = 0;
                items.push(parse_block(&shifted, &mut inner, indent + offset)?);
                if inner != shifted.len() {
                    return Err(format!("bad nested sequence near line {}", *pos + 1));
                }
                *pos = end;
            } else {
                *pos += 1;
                items.push(scalar_or_flow(rest, lines, pos, indent)?);
            }
        }
        return Ok(Value::List(items));
    }
    let mut map = BTreeMap::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent != indent {
            if line.indent > indent {
                return Err(format!("unexpected indentation at line {}", *pos + 1));
            }
            break;
        }
        let (key, rest) =
            key_split(line.text).ok_or_else(|| format!("expected 'key:' at line {}", *pos + 1))?;
        *pos += 1;
        let value = if rest.is_empty() {
            // A nested block (sequences may sit at the key's own indentation).
            match lines.get(*pos) {
                Some(next)
                    if next.indent > indent
                        || (next.indent == indent && next.text.starts_with("- ")) =>
                {
                    parse_block(lines, pos, indent)?
                }
                _ => Value::Null,
            }
        } else {
            scalar_or_flow(rest, lines, pos, indent)?
        };
        map.insert(key.to_string(), value);
    }
    Ok(Value::Map(map))
}

/// Splits `key: rest` (a plain key without quotes).
fn key_split(text: &str) -> Option<(&str, &str)> {
    if text.starts_with('\'') || text.starts_with('"') || text.starts_with('[') {
        return None;
    }
    let colon = text
        .find(": ")
        .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
    Some((&text[..colon], text[colon + 1..].trim_start()))
}

/// A scalar, or a flow sequence that may continue on following lines that
/// are indented deeper than `indent`.
fn scalar_or_flow(
    first: &str,
    lines: &[Line<'_>],
    pos: &mut usize,
    indent: usize,
) -> Result<Value, String> {
    if !first.starts_with('[') {
        return Ok(scalar(first));
    }
    let mut text = first.to_string();
    while !text.ends_with(']') {
        let line = lines
            .get(*pos)
            .filter(|l| l.indent > indent)
            .ok_or_else(|| "unterminated flow sequence".to_string())?;
        text.push(' ');
        text.push_str(line.text);
        *pos += 1;
    }
    let inner = text[1..text.len() - 1].trim();
    if inner.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    Ok(Value::List(
        inner.split(',').map(|item| scalar(item.trim())).collect(),
    ))
}

fn scalar(text: &str) -> Value {
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return Value::Str(inner.replace("''", "'"));
    }
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        return Value::Str(inner.to_string());
    }
    match text {
        "null" | "~" | "" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::Str(text.to_string()),
    }
}

#[test]
fn parses_the_vector_shapes() {
    let doc = "input:\n  blob: '0x00'\n  z: '0x01'\n  ids: [0, 1,\n    2]\n  empty: []\n  list:\n  - '0xaa'\n  - '0xbb'\noutput:\n- - '0x01'\n  - '0x02'\n- - '0x03'\n";
    let v = parse(doc).unwrap();
    let input = v.get("input").unwrap();
    assert_eq!(input.get("blob").unwrap().as_str(), Some("0x00"));
    assert_eq!(input.get("ids").unwrap().as_list().unwrap().len(), 3);
    assert_eq!(input.get("empty").unwrap().as_list().unwrap().len(), 0);
    assert_eq!(input.get("list").unwrap().as_list().unwrap().len(), 2);
    let out = v.get("output").unwrap().as_list().unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].as_list().unwrap().len(), 2);
    assert_eq!(out[1].as_list().unwrap()[0].as_str(), Some("0x03"));
    assert_eq!(
        parse("output: null\n").unwrap().get("output"),
        Some(&Value::Null)
    );
    assert_eq!(
        parse("output: true\n").unwrap().get("output"),
        Some(&Value::Bool(true))
    );
}
