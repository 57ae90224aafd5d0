//! Cell escaping for the workflow listings (`pbc`, `sample`, `map`): Markdown table cells and CSV
//! fields. It owns escaping only; which cells a listing has is its own business.
//!
//! Markdown: a `|` would end the cell and a newline would end the row, so `|` is escaped, a
//! backslash is doubled first (so user text cannot escape our escape) and line breaks become a
//! space. CSV follows RFC 4180 (a field holding a comma, quote, CR or LF is quoted, quotes are
//! doubled, records end in CRLF) and neutralizes spreadsheet formulas: a field that starts with
//! `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`, so a file named `=HYPERLINK(...)` is shown,
//! not run.

/// Escapes text for one Markdown table cell.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' => {
                // CRLF is one line break, not two.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether a spreadsheet would read a field starting with this character as a formula.
fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Escapes text for one CSV field: formula neutralization first, then RFC 4180 quoting.
pub fn csv_field(text: &str) -> String {
    let mut value = String::with_capacity(text.len() + 3);
    if starts_formula(text) {
        value.push('\'');
    }
    value.push_str(text);
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV record: escaped fields joined by commas, ended by CRLF (RFC 4180).
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_pipe_backslash_and_newlines() {
        let cases = [
            ("plain", "plain"),
            ("a|b", "a\\|b"),
            ("a\\|b", "a\\\\\\|b"),
            ("line1\nline2", "line1 line2"),
            ("line1\r\nline2", "line1 line2"),
            ("cr\ronly", "cr only"),
            ("`code`", "`code`"),
        ];
        for (input, want) in cases {
            assert_eq!(markdown_cell(input), want, "{input:?}");
        }
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(csv_field(input), want, "{input:?}");
        }
    }

    #[test]
    fn csv_neutralizes_formula_starts() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"x\",\"y\")",
                "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
            ),
            ("a=b", "a=b"),
            ("2026-Q1", "2026-Q1"),
        ];
        for (input, want) in cases {
            assert_eq!(csv_field(input), want, "{input:?}");
        }
    }

    #[test]
    fn csv_record_ends_in_crlf() {
        assert_eq!(csv_record(&["a", "b,c", "=x"]), "a,\"b,c\",'=x\r\n");
    }
}
