//! Escaping of user-written text (titles, owners, reasons, file names) for every output format,
//! in one place so each rule is written and tested once. Renderers call these on every string
//! that did not come from the program itself.
//!
//! One rule runs through all of them: no user-written line break survives as a raw line break.
//! A line that starts with `::` in a CI log is a GitHub workflow command, so a title such as
//! "x\n::error::y" must never begin a line of any report.

/// Whether a character is a control character other than tab, line feed and carriage return,
/// or a bidirectional override: none has a place in any report; some (NUL, ESC) corrupt a
/// terminal or a parser, and the overrides make one file name read as another.
fn is_stray_control(c: char) -> bool {
    super::plain::is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r')
}

/// A Markdown table cell or inline text: backslash-escapes `\`, `|` and the characters that
/// start emphasis, code, links or raw HTML, and turns line breaks into `<br>` (GitHub and
/// GitLab both render it in a table cell), so a cell can never end the row or the table early.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in split_lines(text).into_iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in line.chars().filter(|&c| !is_stray_control(c)) {
            if matches!(
                c,
                '\\' | '|' | '<' | '>' | '&' | '*' | '_' | '`' | '[' | ']'
            ) {
                out.push('\\');
            }
            out.push(if c == '\t' { ' ' } else { c });
        }
    }
    out
}

/// Splits on CR, LF and CRLF.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some((line, after)) = rest.split_once(['\r', '\n']) {
        lines.push(line);
        // The separator was one byte; a CR followed by LF is one line break, not two.
        let crlf = rest
            .get(line.len()..)
            .is_some_and(|r| r.starts_with("\r\n"));
        rest = if crlf {
            after.strip_prefix('\n').unwrap_or(after)
        } else {
            after
        };
    }
    lines.push(rest);
    lines
}

/// Text for a terminal or a CI log: every control character, DEL and bidirectional override
/// shows as a visible escape (`\\n`, `\\u{1b}`), so a title can neither start a line of its own
/// nor send escape sequences to the terminal (see [`super::plain`]).
pub fn terminal(text: &str) -> String {
    super::plain::escape(text).into_owned()
}

/// A CSV text cell (RFC 4180): always quoted, `"` doubled. A cell that a spreadsheet would
/// read as a formula (first character `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, as
/// OWASP recommends. Line breaks become spaces, so every record is one line: spreadsheets lose
/// nothing that matters and line-oriented tools and CI logs read the file safely.
pub fn csv(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    out.push('"');
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    let mut cell = String::with_capacity(text.len());
    for (i, line) in split_lines(text).into_iter().enumerate() {
        if i > 0 {
            cell.push(' ');
        }
        cell.extend(line.chars().filter(|&c| !is_stray_control(c)));
    }
    out.push_str(&cell.replace('"', "\"\""));
    out.push('"');
    out
}

/// HTML text or a double- or single-quoted attribute value: `&`, `<`, `>`, `"` and `'` become
/// entities, line breaks become character references (the same whitespace to a browser) and
/// stray control characters are dropped.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_stray_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows a character at all; C1 controls (U+007F..U+009F) are allowed there
/// but mean nothing in a report, so they are dropped as well.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// XML character data: `&`, `<` and `>` escaped, line breaks written as character references,
/// characters XML cannot hold (NUL, ESC and other control characters) removed.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars().filter(|&c| xml_allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// An XML attribute value in double or single quotes: as [`xml_text`], plus quotes escaped and
/// tabs written as references (a parser would otherwise normalise them to spaces).
pub fn xml_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in xml_text(text).chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// The message of a GitHub workflow command (after the second `::`): `%`, CR and LF
/// percent-encoded as the runner expects, other control characters dropped.
pub fn workflow_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A property value of a GitHub workflow command (`file=`, `title=`): as [`workflow_data`],
/// plus `:` and `,` encoded, so a value can neither end the property list (`::`) nor start
/// another property.
pub fn workflow_property(text: &str) -> String {
    workflow_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A path as a URI reference (RFC 3986): `/` kept, unreserved characters kept, every other
/// byte of the UTF-8 text percent-encoded.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_pipes_backslashes_and_html() {
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("C:\\path"), "C:\\\\path");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(
            markdown("*bold* _x_ `c` [l]"),
            "\\*bold\\* \\_x\\_ \\`c\\` \\[l\\]"
        );
        assert_eq!(markdown("Zugriffsprüfung — 日本"), "Zugriffsprüfung — 日本");
    }

    #[test]
    fn markdown_turns_every_line_break_into_br_and_drops_controls() {
        assert_eq!(
            markdown("one\ntwo\r\nthree\rfour"),
            "one<br>two<br>three<br>four"
        );
        assert_eq!(markdown("x\n::error::y|z"), "x<br>::error::y\\|z");
        assert_eq!(markdown("a\u{1b}[31mb\u{0}"), "a[31mb".replace('[', "\\["));
        assert!(!markdown("a\nb").contains('\n'));
    }

    #[test]
    fn terminal_text_is_one_line_without_escape_sequences() {
        assert_eq!(terminal("a\nb\r\nc\td"), "a\\nb\\r\\nc\\td");
        assert_eq!(terminal("x\u{1b}[2Jy\u{7}"), "x\\u{1b}[2Jy\\u{7}");
        assert!(!terminal("a\u{202e}b").contains('\u{202e}'));
        assert_eq!(terminal("Zugriffsprüfung — 日本"), "Zugriffsprüfung — 日本");
    }

    #[test]
    fn csv_quotes_per_rfc_4180() {
        assert_eq!(csv("plain"), "\"plain\"");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv(""), "\"\"");
    }

    #[test]
    fn csv_neutralises_formulas_with_a_leading_quote() {
        for formula in ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            let cell = csv(formula);
            assert!(cell.starts_with("\"'"), "{formula:?} -> {cell}");
        }
        assert_eq!(csv("=1+1"), "\"'=1+1\"");
        assert_eq!(csv("a=1"), "\"a=1\"");
        assert_eq!(csv("x-1"), "\"x-1\"");
    }

    #[test]
    fn csv_keeps_each_record_on_one_line() {
        assert_eq!(csv("one\ntwo\r\nthree"), "\"one two three\"");
        assert_eq!(csv("x\u{7}y"), "\"xy\"");
    }

    #[test]
    fn html_escapes_markup_quotes_and_line_breaks() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("a\nb\rc"), "a&#10;b&#13;c");
        assert_eq!(html("a\u{0}\u{1b}b\tc\u{202e}"), "ab&#9;c");
        assert_eq!(html("日本"), "日本");
    }

    #[test]
    fn xml_text_escapes_and_strips_control_characters() {
        assert_eq!(xml_text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(
            xml_text("a\u{0}b\u{8}c\u{b}d\u{c}e\u{1f}f\u{7f}g\u{85}h"),
            "abcdefgh"
        );
        assert_eq!(xml_text("tab\there\nnext"), "tab\there&#10;next");
        assert_eq!(xml_text("\"quoted\""), "\"quoted\"");
    }

    #[test]
    fn xml_attr_escapes_quotes_tabs_and_breaks() {
        assert_eq!(xml_attr("\"a\" 'b'"), "&quot;a&quot; &apos;b&apos;");
        assert_eq!(xml_attr("a\tb\r\nc"), "a&#9;b&#13;&#10;c");
        assert_eq!(xml_attr("x\u{1b}y"), "xy");
    }

    #[test]
    fn workflow_data_encodes_percent_and_line_breaks() {
        assert_eq!(workflow_data("100% done"), "100%25 done");
        assert_eq!(workflow_data("a\r\n::error::b"), "a%0D%0A::error::b");
        assert_eq!(workflow_data("x\u{1b}y"), "xy");
    }

    #[test]
    fn workflow_property_also_encodes_colon_and_comma() {
        assert_eq!(workflow_property("a::b,c=d"), "a%3A%3Ab%2Cc=d");
        assert_eq!(
            workflow_property("f\n::warning::x"),
            "f%0A%3A%3Awarning%3A%3Ax"
        );
        assert_eq!(workflow_property("%0A"), "%250A");
    }

    #[test]
    fn uri_path_percent_encodes_all_but_unreserved_and_slash() {
        assert_eq!(uri_path("controls/access.yaml"), "controls/access.yaml");
        assert_eq!(uri_path("a b/ü|<x>"), "a%20b/%C3%BC%7C%3Cx%3E");
    }
}
