//! The one place that knows which YAML parser reads control libraries, so it can be swapped.
//! It turns parser errors into a `Problem` with line, column and a sentence that says what to fix.

use serde::de::DeserializeOwned;

use crate::error::Problem;

/// Largest library file read, in bytes; larger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Parses one YAML document into `T`, rejecting duplicate keys and bounding alias expansion.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Problem::new(
            file,
            0,
            0,
            format!(
                "file is {} bytes, more than the {MAX_FILE_BYTES} a control library file may hold; split it into several files",
                text.len()
            ),
        ));
    }
    if let Some((line, column)) = nul_position(text) {
        return Err(Problem::new(
            file,
            line,
            column,
            "the file holds a NUL byte, which YAML does not allow; remove it (a binary file saved as .yaml?)"
                .to_string(),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = serde_saphyr::options! {
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((0, 0));
        Problem::new(file, line, column, explain(&err.to_string()))
    })
}

/// 1-based line and column (in characters) of the first NUL character, if any.
fn nul_position(text: &str) -> Option<(usize, usize)> {
    let at = text.find('\0')?;
    let before = text.get(..at)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// Rewrites a parser message into one sentence with the fix, keeping the parser's own words
/// where they already say what is wrong.
fn explain(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = strip_position(first);
    let lower = first.to_ascii_lowercase();
    if lower.contains("unknown field") {
        format!("{first}; remove it or fix its spelling")
    } else if lower.contains("duplicate") {
        format!("{first}; each key may appear once in a mapping, remove or rename the repeated one")
    } else if lower.contains("recursion") || lower.contains("depth") || lower.contains("nest") {
        format!(
            "{first}; lists and mappings are nested far deeper than a control library needs, flatten them"
        )
    } else if lower.contains("budget") || lower.contains("alias") || lower.contains("limit") {
        // The parser's own words here are a debug dump of its counters; say it plainly.
        "anchors and aliases expand the file into more YAML than a control library needs; write the entries out without anchors and aliases".to_string()
    } else if lower.contains("tab") {
        format!("{first}; indent with spaces, not tabs")
    } else {
        format!("{first}; check the indentation and quoting on this line")
    }
}

/// Drops a trailing " at line X column Y" that the position fields already carry.
fn strip_position(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => message
            .get(..i)
            .unwrap_or(message)
            .trim_end_matches(&[',', ' '][..]),
        None => message,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::library::RawFile;

    fn message(text: &str) -> String {
        parse::<RawFile>("lib.yaml", text).unwrap_err().to_string()
    }

    #[test]
    fn a_nul_byte_is_named_with_its_position_and_the_fix() {
        let msg = message("controls:\n  - id: A\0B\n");
        assert_eq!(
            msg,
            "lib.yaml:2:10: the file holds a NUL byte, which YAML does not allow; remove it (a binary file saved as .yaml?)"
        );
    }

    #[test]
    fn deep_nesting_says_to_flatten() {
        let text = format!("controls: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let msg = message(&text);
        assert!(msg.starts_with("lib.yaml:1:"), "{msg}");
        assert!(msg.ends_with("flatten them"), "{msg}");
    }

    #[test]
    fn an_alias_bomb_is_stopped_by_the_budget_and_says_what_to_change() {
        let n = 300;
        let mut text = String::from(
            "controls:\n  - &c0\n    id: AC-01\n    title: t\n    criteria: [CC6.1]\n    evidence:\n      - &r0\n        id: r\n        title: t\n        kind: design\n",
        );
        text.push_str(&format!(
            "        paths: [&s0 \"{}\", {}]\n",
            "x".repeat(200),
            vec!["*s0"; n].join(", ")
        ));
        text.push_str(&"      - *r0\n".repeat(n));
        text.push_str(&"  - *c0\n".repeat(n));
        let msg = message(&text);
        assert!(msg.contains("anchors and aliases expand the file"), "{msg}");
        assert!(
            msg.ends_with("write the entries out without anchors and aliases"),
            "{msg}"
        );
    }

    #[test]
    fn an_oversized_file_is_refused_before_parsing() {
        let text = format!("controls: []\n#{}\n", "x".repeat(MAX_FILE_BYTES));
        let msg = message(&text);
        assert!(msg.starts_with("lib.yaml: file is "), "{msg}");
        assert!(msg.ends_with("split it into several files"), "{msg}");
    }
}
