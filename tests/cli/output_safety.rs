//! Output safety (SPEC §6): hostile titles, names, reasons and file names, rendered in every
//! report format. Every format must keep raw control characters and bidirectional overrides out
//! of its output (terminal escapes, forged lines) and never let a line start a CI workflow command
//! (`::error::`); each format then has its own rule (JSON round-trips the exact values, the table
//! shows visible escapes).
//!
//! `FORMATS` is the table to extend: a new format adds one row with its own check (CSV: no cell
//! starts with `=`, `+`, `-`, `@`, tab or CR unquoted; Markdown: `|` and newlines escaped in cells;
//! HTML: no raw tag from user text; JUnit/SARIF: well-formed XML without control characters).

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use super::soc2;

/// One report format and what safety means for it beyond the checks every format gets.
struct Format {
    /// The `--format` value.
    name: &'static str,
    /// Checks the rendered output against the hostile project.
    check: fn(&str),
}

/// Every report format of `soc2 assess`.
const FORMATS: &[Format] = &[
    Format {
        name: "table",
        check: table_is_safe,
    },
    Format {
        name: "json",
        check: json_round_trips,
    },
    Format {
        name: "markdown",
        check: no_raw_markup,
    },
    Format {
        name: "html",
        check: html_is_escaped,
    },
    Format {
        name: "csv",
        check: csv_has_no_formula_cell,
    },
    Format {
        name: "junit",
        check: xml_is_well_formed,
    },
    Format {
        name: "sarif",
        check: sarif_round_trips,
    },
];

/// A control title no format may execute: a spreadsheet formula, a Markdown pipe, an HTML tag,
/// a workflow command and a URL-encoded newline.
const TITLE: &str = "=HYPERLINK(\"http://evil.example\",\"x\") | <script>alert(1)</script> ::error::title %0A@SUM(1)";

/// The project name, written with TOML escapes: a terminal title sequence, a bell, markup and a
/// newline followed by a workflow command.
const PROJECT: &str = "Acme\u{1b}]0;owned\u{7} <b>|</b> =1+1\n::error::project";

/// The remediation owner: a leading minus, markup, CR LF and a workflow command.
const OWNER: &str = "-2+3 <i>owner</i>\r\n::warning::owner";

/// The exclusion reason: a DDE-style formula, a newline and a workflow command.
const REASON: &str = "+cmd|' /C calc'!A0\n::notice::reason";

/// Evidence file names (bytes): a formula, a pipe, a tag, a newline, a workflow command, a screen
/// clear, a C1 escape and a bidi override; a future-dated one, a draft and a byte-identical copy,
/// so that warnings quote hostile paths too.
const FILES: [(&[u8], &str); 4] = [
    (
        b"2026-Q1-=HYPERLINK(1)|<script>x\n::error::name\x1b[2J\xc2\x9b31m\xe2\x80\xae.csv",
        "same bytes\n",
    ),
    (b"2026-07-01-@SUM(1)\n::warning::future.csv", "future\n"),
    (
        b"draft-<b>|\n::error::draft.md",
        "---\nstatus: draft\ndate: 2026-02-01\n---\n",
    ),
    (b"2026-Q1-copy-+1\t::error::copy.csv", "same bytes\n"),
];

/// The first file's name as the report must show it in JSON.
fn first_name() -> String {
    String::from_utf8_lossy(FILES[0].0).into_owned()
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|e| unreachable!("{e}"))
}

/// Writes the hostile project into `dir` and returns its folder.
fn hostile_project(dir: &Path) -> PathBuf {
    let library = dir.join("library");
    fs::create_dir_all(&library).unwrap_or_else(|e| unreachable!("{e}"));
    let yaml = format!(
        "controls:
  - id: OUT-01
    title: {title}
    criteria: [CC6.2]
    risk: high
    evidence:
      - id: reviews
        title: {title}
        kind: operating
        paths: [\"reviews/**\"]
        every: quarter
  - id: OUT-02
    title: Excluded with a hostile reason
    criteria: [CC6.4]
    evidence:
      - id: logs
        title: Logs
        kind: design
        paths: [\"logs/**\"]
",
        title = toml_string(TITLE)
    );
    fs::write(library.join("hostile.yaml"), yaml).unwrap_or_else(|e| unreachable!("{e}"));
    let project = dir.join("project");
    let reviews = project.join("evidence/reviews");
    fs::create_dir_all(&reviews).unwrap_or_else(|e| unreachable!("{e}"));
    // JSON string syntax is valid TOML basic-string syntax for these values.
    let config = format!(
        "[project]
name = {project}
[scope]
type = 2
period = {{ start = 2026-01-01, end = 2026-06-30 }}
as_of = 2026-06-30
[library]
paths = [\"../library\"]
builtin = false
[[exclude]]
control = \"OUT-02\"
reason = {reason}
[[remediation]]
control = \"OUT-01\"
owner = {owner}
due = 2026-05-01
note = {owner}
",
        project = toml_string(PROJECT),
        reason = toml_string(REASON),
        owner = toml_string(OWNER),
    );
    fs::write(project.join("soc2.toml"), config).unwrap_or_else(|e| unreachable!("{e}"));
    for (name, body) in FILES {
        fs::write(reviews.join(OsStr::from_bytes(name)), body)
            .unwrap_or_else(|e| unreachable!("{e}"));
    }
    project
}

fn render(project: &Path, format: &str) -> Output {
    soc2()
        .arg("assess")
        .arg(project)
        .args(["--format", format])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"))
}

/// Whether a character must never appear raw: the same rule as the library's `plain` module,
/// restated here so the test does not trust the code it checks.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The checks every format gets.
fn common(format: &str, out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{format}: exit {:?}: {stderr}",
        out.status.code()
    );
    let text = String::from_utf8(out.stdout.clone())
        .unwrap_or_else(|e| unreachable!("{format}: output is not UTF-8: {e}"));
    for (n, line) in text.lines().enumerate() {
        assert!(
            !line.chars().any(unsafe_char),
            "{format}: line {} holds a raw control or bidi character: {line:?}",
            n + 1
        );
        assert!(
            !line.trim_start().starts_with("::"),
            "{format}: line {} would start a CI workflow command: {line:?}",
            n + 1
        );
    }
    assert!(
        !stderr.chars().any(unsafe_char),
        "{format}: stderr: {stderr:?}"
    );
    text
}

fn table_is_safe(text: &str) {
    for shown in [
        "Acme\\u{1b}]0;owned\\u{7} <b>|</b> =1+1\\n::error::project",
        "\\n::error::name\\u{1b}[2J\\u{9b}31m\\u{202e}.csv",
        "2026-07-01-@SUM(1)\\n::warning::future.csv",
        "draft-<b>|\\n::error::draft.md",
        "+cmd|' /C calc'!A0\\n::notice::reason",
    ] {
        assert!(
            text.contains(shown),
            "table: `{shown}` is not shown escaped:\n{text}"
        );
    }
}

fn json_round_trips(text: &str) {
    let report: Value =
        serde_json::from_str(text).unwrap_or_else(|e| unreachable!("json: not JSON: {e}"));
    assert_eq!(report["project"], PROJECT);
    let out = super::control(&report, "OUT-01");
    assert_eq!(out["title"], TITLE);
    assert_eq!(out["owner"], OWNER);
    assert_eq!(out["remediation"]["note"], OWNER);
    assert_eq!(report["not_applicable"][0]["reason"], REASON);
    let files = out["requirements"][0]["files"].to_string();
    let first = format!("reviews/{}", first_name());
    assert!(
        out["requirements"][0]["files"]
            .as_array()
            .is_some_and(|f| f.iter().any(|p| p == first.as_str())),
        "json: {first:?} not among {files}"
    );
    let warnings = report["warnings"].to_string();
    for needle in ["future.csv", "draft.md", "copy.csv"] {
        assert!(
            warnings.contains(needle),
            "json: no warning quotes {needle}: {warnings}"
        );
    }
}

fn no_raw_markup(text: &str) {
    assert!(
        !text.contains("<script>"),
        "markdown: raw <script>:\n{text}"
    );
    assert!(!text.contains("<b>"), "markdown: raw <b>:\n{text}");
    for line in text.lines().filter(|l| l.starts_with('|')) {
        assert!(
            line.ends_with('|'),
            "markdown: a cell broke its row: {line:?}"
        );
    }
}

fn html_is_escaped(text: &str) {
    assert!(!text.contains("<script>"), "html: raw <script>");
    assert!(
        text.contains("&lt;script&gt;"),
        "html: the title is missing"
    );
    assert!(!text.contains("<b>|</b>"), "html: raw project markup");
}

fn csv_has_no_formula_cell(text: &str) {
    for line in text.lines() {
        for cell in line.split("\",\"") {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "csv: a cell a spreadsheet would run: {cell:?} in {line:?}"
            );
        }
    }
}

fn xml_is_well_formed(text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => unreachable!("junit: not well-formed XML: {e}"),
        }
    }
    assert!(!text.contains("<script>"), "junit: raw <script>");
}

fn sarif_round_trips(text: &str) {
    let sarif: Value =
        serde_json::from_str(text).unwrap_or_else(|e| unreachable!("sarif: not JSON: {e}"));
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        text.contains("OUT-01"),
        "sarif: the hostile control is missing"
    );
}

#[test]
fn every_format_renders_hostile_text_safely() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let project = hostile_project(dir.path());
    for format in FORMATS {
        let out = render(&project, format.name);
        let text = common(format.name, &out);
        (format.check)(&text);
    }
}

#[test]
fn error_messages_quoting_hostile_paths_stay_one_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let name = OsStr::from_bytes(b"missing\n::error::pwned\x1b[2J");
    let out = soc2()
        .arg("assess")
        .arg(dir.path().join(name))
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.contains("missing\\n::error::pwned\\u{1b}[2J"),
        "{stderr:?}"
    );
    assert!(!stderr.chars().any(unsafe_char), "{stderr:?}");
}

#[test]
fn library_text_with_control_characters_is_refused_by_validate() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    fs::write(
        dir.path().join("lib.yaml"),
        "controls:\n  - id: ESC-01\n    title: \"Clear\\e[2J\"\n    criteria: [CC6.1]\n    evidence:\n      - id: a\n        title: A\n        kind: design\n        paths: [\"a/*\"]\n",
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let out = soc2()
        .args(["validate", "--no-builtin", "--controls"])
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "lib.yaml:3:12: control ESC-01: `title` holds the control character U+001B; remove it"
        ),
        "{stderr}"
    );
}
