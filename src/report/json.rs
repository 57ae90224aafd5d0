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
    let text = serde_json::to_string_pretty(report).map_err(io::Error::other)?;
    write_escaped(&text, out)?;
    out.write_all(b"\n")
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
