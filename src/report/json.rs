//! The JSON report: the `Report` value itself, pretty-printed, deterministic.
//!
//! serde_json escapes the C0 control characters; DEL, the C1 controls (U+009B starts an escape
//! sequence on some terminals) and the bidirectional overrides and isolates, which it leaves as
//! they are, are written as `\uXXXX` escapes too, so `cat report.json` can neither drive a
//! terminal nor show a path reordered. The parsed value is the same either way.

use std::io::{self, Write};

use super::Report;
use super::plain;

/// Writes the report as JSON with a trailing newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(&to_bytes(report)?)
}

/// The JSON report as bytes, with a trailing newline. A report of 100,000 evidence files is
/// close to 20 MB: it is serialised into one buffer sized for the evidence list, checked with a
/// byte scan, and handed over without another copy.
pub fn to_bytes(report: &Report) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(4096 + 192 * report.evidence.len());
    serde_json::to_writer_pretty(&mut bytes, report).map_err(io::Error::other)?;
    bytes.push(b'\n');
    if !may_need_escapes(&bytes) {
        return Ok(bytes);
    }
    let text = String::from_utf8(bytes).map_err(io::Error::other)?;
    let mut escaped = Vec::with_capacity(text.len() + 64);
    write_escaped(&text, &mut escaped)?;
    Ok(escaped)
}

/// Whether `json` holds a byte that starts a character serde_json leaves raw and we escape: a
/// C0 control other than the pretty printer's newlines, DEL, or the first byte of a C1 control
/// (`C2 80..9F`) or of a bidirectional control (`E2 80 AA..AE`, `E2 81 A6..A9`). Blocks are
/// folded without stopping early so the compiler can check many bytes at once; the usual
/// answer, no, then costs a fraction of decoding the text as characters.
fn may_need_escapes(json: &[u8]) -> bool {
    let flagged = |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7f) | (b == 0xc2) | (b == 0xe2);
    json.chunks(256)
        .any(|block| block.iter().fold(false, |seen, &b| seen | flagged(b)))
}

/// Writes JSON text with the characters serde_json leaves raw escaped as `\uXXXX`.
fn write_escaped(text: &str, out: &mut dyn Write) -> io::Result<()> {
    // Newlines are the pretty printer's own; inside strings serde_json has escaped them.
    let raw = |c: char| c != '\n' && plain::is_unsafe(c);
    if !text.chars().any(raw) {
        return out.write_all(text.as_bytes());
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            // None of these is JSON syntax, so they can only stand inside strings, where
            // `\uXXXX` means the same character.
            escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    out.write_all(escaped.as_bytes())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn json_report_snapshot() {
        let mut out = Vec::new();
        render(&sample::report(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn the_byte_check_sees_every_character_that_gets_escaped() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            if c != '\n' && plain::is_unsafe(c) {
                let one = c.encode_utf8(&mut buf).as_bytes();
                assert!(may_need_escapes(one), "{c:?}");
                // Also deep inside a block and at a block boundary.
                let mut long = vec![b'a'; 300];
                long.splice(255..255, one.iter().copied());
                assert!(may_need_escapes(&long), "{c:?} at 255");
            }
        }
        assert!(!may_need_escapes(
            "{\n  \"path\": \"caf\u{e9}/\u{4e2d}.pdf\"\n}\n".as_bytes()
        ));
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_escaped_and_the_value_is_unchanged() {
        let value = "a\u{9b}31m\u{202e}b\u{7f}\nc";
        let text = serde_json::to_string_pretty(&serde_json::json!({ "path": value })).unwrap();
        let mut out = Vec::new();
        let report_like: serde_json::Value = serde_json::from_str(&text).unwrap();
        write_escaped(&text, &mut out).unwrap();
        let back: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, report_like);
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("a\\u009b31m\\u202eb\\u007f\\nc"), "{shown}");
    }
}
