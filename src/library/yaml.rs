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
        format!(
            "anchors and aliases expand the file into more YAML than a control library needs ({first}); write the entries out without anchors and aliases"
        )
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
