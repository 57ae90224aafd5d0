//! Text that users wrote (titles, names, reasons) or that the file system holds (file names),
//! made safe for plain-text output: a terminal, a CI log, a pager.
//!
//! A file name may hold a newline, an escape sequence or a bidirectional override. Printed raw, it
//! could clear the screen, retitle the terminal, forge a report line, start a CI workflow command
//! (`::error::` at the start of a line) or make one path read as another. Escaped, every such
//! character shows as a visible `\n`, `\r`, `\t` or `\u{..}`, and a line of output is always one
//! line. Other formats escape for their own syntax in their own renderers.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character must not reach a terminal as it is: C0 and C1 controls, DEL, and the
/// bidirectional embeddings, overrides and isolates that reorder how a line is shown.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character written as a visible escape; borrowed when nothing needs it.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        for text in [
            "AC-04 Quarterly review",
            "résumé 日本 ٢٠٢٦",
            "a | b <i>",
            "=1+1",
        ] {
            assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn controls_and_bidi_overrides_become_visible_escapes() {
        let cases = [
            ("a\nb", "a\\nb"),
            ("a\r\nb", "a\\r\\nb"),
            ("\ttab", "\\ttab"),
            ("\u{1b}[2Jclear", "\\u{1b}[2Jclear"),
            ("bell\u{7}", "bell\\u{7}"),
            ("del\u{7f}", "del\\u{7f}"),
            ("c1\u{9b}31m", "c1\\u{9b}31m"),
            ("evil\u{202e}fdp.exe", "evil\\u{202e}fdp.exe"),
            ("iso\u{2066}x\u{2069}", "iso\\u{2066}x\\u{2069}"),
            ("x\n::error::pwned", "x\\n::error::pwned"),
        ];
        for (raw, shown) in cases {
            assert_eq!(escape(raw), shown, "{raw:?}");
            assert!(!escape(raw).chars().any(is_unsafe));
        }
    }
}
