//! `soc2 assess` in every output format, on the example scenario and on `hostile-names`, whose
//! titles, owners, reasons and file names hold `|`, `<script>`, `=cmd`, line breaks, `::error::`
//! and non-ASCII text: snapshots, well-formed XML, SARIF's required fields, CSV formula
//! neutralisation, `--output`, the baseline ratchet and GitHub Actions annotations.

use std::collections::BTreeSet;
use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use serde_json::Value;

use super::{fixture, soc2};

const FORMATS: [&str; 7] = ["table", "markdown", "json", "csv", "junit", "html", "sarif"];
const AS_OF: [&str; 2] = ["--as-of", "2026-06-30"];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, &[])
}

fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = soc2();
    cmd.arg("assess")
        .arg(dir)
        .args(args)
        .env_remove("GITHUB_WORKSPACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| unreachable!("{e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap_or_else(|e| unreachable!("{e}")),
        stderr: String::from_utf8(out.stderr).unwrap_or_else(|e| unreachable!("{e}")),
    }
}

/// A format's output on a fixture, with the crate version masked so snapshots survive releases.
fn render(name: &str, format: &str) -> String {
    let r = run(&fixture(name), &["--format", format, AS_OF[0], AS_OF[1]]);
    assert_eq!(r.code, 0, "{format}: {}", r.stderr);
    r.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn every_format_snapshot_on_the_example() {
    for format in FORMATS {
        insta::assert_snapshot!(
            format!("type2_missing_q2_{format}"),
            render("type2-missing-q2", format)
        );
    }
}

#[test]
fn every_format_snapshot_on_hostile_names() {
    for format in FORMATS {
        insta::assert_snapshot!(
            format!("hostile_names_{format}"),
            render("hostile-names", format)
        );
    }
}

#[test]
fn no_format_lets_a_title_start_a_line_with_a_workflow_command() {
    for format in FORMATS {
        let out = render("hostile-names", format);
        for line in out.lines() {
            assert!(!line.trim_start().starts_with("::"), "{format}: {line}");
        }
    }
}

/// The JUnit XML parses in full; suite counts match their test cases; names come back intact.
#[test]
fn junit_is_well_formed_and_counts_add_up() {
    let xml = render("hostile-names", "junit");
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        "control character in XML"
    );
    let mut reader = quick_xml::Reader::from_str(&xml);
    let attr = |e: &quick_xml::events::BytesStart<'_>, key: &str| -> Option<String> {
        e.attributes().flatten().find_map(|a| {
            (a.key.as_ref() == key).then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .unwrap_or_else(|e| unreachable!("{e}"))
                    .into_owned()
            })
        })
    };
    struct Suite {
        name: String,
        declared: [usize; 3],
        counted: [usize; 3],
    }
    let mut suites: Vec<Suite> = Vec::new();
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut roots = 0;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| unreachable!("JUnit XML does not parse: {e}"));
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                depth -= 1;
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(e) = start else { continue };
        let num = |key: &str| {
            attr(&e, key)
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or_else(|| unreachable!("{key} missing"))
        };
        match e.name().as_ref() {
            "testsuites" => {
                assert_eq!(depth, 0);
                roots += 1;
            }
            "testsuite" => suites.push(Suite {
                name: attr(&e, "name").unwrap_or_default(),
                declared: [num("tests"), num("failures"), num("skipped")],
                counted: [0; 3],
            }),
            "testcase" => {
                let suite = suites.last_mut().unwrap_or_else(|| unreachable!());
                suite.counted[0] += 1;
                assert_eq!(
                    attr(&e, "classname").as_deref(),
                    Some(format!("soc2.{}", suite.name).as_str())
                );
                names.push(attr(&e, "name").unwrap_or_default());
            }
            "failure" => suites.last_mut().map_or((), |s| s.counted[1] += 1),
            "skipped" => suites.last_mut().map_or((), |s| s.counted[2] += 1),
            _ => {}
        }
        if !empty {
            depth += 1;
        }
    }
    assert_eq!((roots, depth), (1, 0));
    assert_eq!(suites.len(), 1);
    for s in &suites {
        assert_eq!(s.declared, s.counted, "suite {}", s.name);
    }
    // 5 assessed controls (1 met, 4 gaps) and 1 excluded.
    assert_eq!(suites[0].declared, [6, 4, 1]);
    assert!(names.contains(&"HX-01 Pipes | and <script>alert(1)</script>".to_string()));
    assert!(names.contains(&"HX-03 First line\n::error::injected title".to_string()));
    assert!(names.contains(&"HX-04 Zugriffsprüfung — 日本".to_string()));
}

/// SARIF 2.1.0: the fields code scanning requires, rules unique and referenced, locations at the
/// requirement's line in the control's YAML file, fingerprints present and distinct.
#[test]
fn sarif_has_the_required_2_1_0_fields() {
    let log: Value = serde_json::from_str(&render("hostile-names", "sarif"))
        .unwrap_or_else(|e| unreachable!("SARIF is not JSON: {e}"));
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif")));
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "soc2");
    let rules = driver["rules"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), rules.len());
    assert_eq!(unique.len(), ids.len(), "rule ids repeat");
    for r in &rules {
        assert!(r["shortDescription"]["text"].is_string());
    }
    let results = runs[0]["results"].as_array().cloned().unwrap_or_default();
    // HX-01/records, HX-02/tickets, HX-03/monitoring, HX-04/monthly.
    assert_eq!(results.len(), 4);
    let yaml_file = "tests/fixtures/hostile-names/controls/hostile.yaml";
    let yaml = std::fs::read_to_string(fixture("hostile-names/controls/hostile.yaml"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let mut prints = BTreeSet::new();
    for r in &results {
        let rule = r["ruleId"].as_str().unwrap_or_default();
        assert!(unique.contains(rule), "result for unknown rule {rule}");
        let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(index).map(|x| &x["id"]), Some(&r["ruleId"]));
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(matches!(r["level"].as_str(), Some("error" | "warning")));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], yaml_file);
        let line = loc["region"]["startLine"].as_u64().unwrap_or(0) as usize;
        let requirement = r["properties"]["requirement"].as_str().unwrap_or_default();
        let text = yaml.lines().nth(line.saturating_sub(1)).unwrap_or_default();
        assert_eq!(
            text.trim(),
            format!("- id: {requirement}"),
            "line {line} of {yaml_file}"
        );
        let print = r["partialFingerprints"]["soc2ControlRequirement/v1"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(print.len(), 64);
        prints.insert(print);
    }
    assert_eq!(prints.len(), results.len(), "fingerprints repeat");
    let level = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .map(|r| r["level"].clone())
    };
    assert_eq!(level("HX-01"), Some("error".into()));
    assert_eq!(level("HX-02"), Some("warning".into()));
}

/// Splits RFC 4180 text into records of unquoted fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => field.push(c),
        }
    }
    records
}

#[test]
fn csv_neutralises_every_formula_cell() {
    let text = render("hostile-names", "csv");
    assert!(text.ends_with("\r\n"));
    let records = parse_csv(&text);
    let width = records[0].len();
    assert_eq!(records.len(), 1 + 4);
    for record in &records {
        assert_eq!(record.len(), width, "{record:?}");
        for field in record {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {field:?}"
            );
            assert!(!field.contains(['\n', '\r']), "line break in {field:?}");
        }
    }
    let row = |id: &str| {
        records
            .iter()
            .find(|r| r[0] == id)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(row("HX-02")[1], "'=cmd|' /C calc'!A0");
    assert_eq!(row("HX-02")[6], "'+Approved tickets");
    assert_eq!(row("HX-03")[6], "'-Alert rules");
    assert_eq!(row("HX-03")[13], "'=HYPERLINK(\"http://evil.example\")");
    assert_eq!(row("HX-01")[13], "'@owner, with comma");
    assert_eq!(row("HX-03")[1], "First line ::error::injected title");
    assert_eq!(row("HX-04")[1], "Zugriffsprüfung — 日本");
}

#[test]
fn markdown_tables_keep_their_shape() {
    let text = render("hostile-names", "markdown");
    for block in text.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells = |line: &str| line.replace("\\|", "").matches('|').count();
        let lines: Vec<&str> = block.lines().collect();
        for line in &lines {
            assert_eq!(cells(line), cells(lines[0]), "{line}");
        }
    }
    assert!(text.contains("| HX-03 | First line<br>::error::injected title |"));
    // Every `<` the user wrote is backslash-escaped; the only raw tag is our own `<br>`.
    let stray = text
        .match_indices('<')
        .filter(|(i, _)| !text[*i..].starts_with("<br>") && !text[..*i].ends_with('\\'))
        .count();
    assert_eq!(stray, 0, "{text}");
}

#[test]
fn html_escapes_every_title_reason_and_path() {
    let page = render("hostile-names", "html");
    for raw in ["<script", "<img", "<b>|", "<b>-", "<b>signed", "<i>badge"] {
        assert!(!page.contains(raw), "{raw} reached the page");
    }
    assert!(page.contains("Pipes | and &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt; | =SUM(A1)"));
    assert!(page.contains("records/=1+1 &lt;b&gt;|ü-2026-Q3.csv"));
    assert!(page.contains("Zugriffsprüfung — 日本"));
}

#[test]
fn output_file_works_for_every_format_and_leaves_stdout_empty() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    for format in FORMATS {
        let file = tmp.path().join(format!("report.{format}"));
        let r = run(
            &fixture("hostile-names"),
            &[
                "--format",
                format,
                AS_OF[0],
                AS_OF[1],
                "--output",
                &file.display().to_string(),
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{format}");
        let written = std::fs::read_to_string(&file).unwrap_or_else(|e| unreachable!("{e}"));
        let stdout = run(
            &fixture("hostile-names"),
            &["--format", format, AS_OF[0], AS_OF[1]],
        )
        .stdout;
        assert_eq!(written, stdout, "{format}");
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap_or_else(|e| unreachable!("{e}"))
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".soc2-"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind");
}

/// Writes the JSON report of the example as of `as_of` into `dir` and returns its path.
fn baseline_at(dir: &Path, as_of: &str) -> String {
    let file = dir.join(format!("baseline-{as_of}.json"));
    let r = run(
        &fixture("type2-missing-q2"),
        &[
            "--format",
            "json",
            "--as-of",
            as_of,
            "--output",
            &file.display().to_string(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    file.display().to_string()
}

#[test]
fn baseline_lists_newly_met_regressed_and_delta() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    // As of 2026-03-31 only Q1 is due: REV-01 is met and CHG-01 has one of its two changes.
    let march = baseline_at(tmp.path(), "2026-03-31");
    let r = run(
        &fixture("type2-missing-q2"),
        &["--format", "json", AS_OF[0], AS_OF[1], "--baseline", &march],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| unreachable!("{e}"));
    let before: Value = serde_json::from_str(
        &std::fs::read_to_string(&march).unwrap_or_else(|e| unreachable!("{e}")),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let b = &report["baseline"];
    assert_eq!(b["readiness_before"], before["readiness"]);
    assert_eq!(b["readiness_after"], report["readiness"]);
    let delta = report["readiness"].as_f64().unwrap_or_default()
        - before["readiness"].as_f64().unwrap_or_default();
    assert_eq!(b["delta"].as_f64(), Some((delta * 10.0).round() / 10.0));
    assert_eq!(b["newly_met"], serde_json::json!(["CHG-01"]));
    assert_eq!(
        b["regressed"],
        serde_json::json!([{
            "id": "REV-01",
            "before": {"status": "met", "score": 1.0},
            "after": {"status": "partial", "score": 0.5}
        }])
    );
    // Without --baseline the JSON has no `baseline` key.
    let plain = run(
        &fixture("type2-missing-q2"),
        &["--format", "json", AS_OF[0], AS_OF[1]],
    );
    assert!(!plain.stdout.contains("\"baseline\""));
    for (format, heading) in [
        ("table", "Baseline: readiness"),
        ("markdown", "## Compared with the baseline"),
        ("html", "<h2>Compared with the baseline</h2>"),
    ] {
        let r = run(
            &fixture("type2-missing-q2"),
            &["--format", format, AS_OF[0], AS_OF[1], "--baseline", &march],
        );
        assert!(r.stdout.contains(heading), "{format}");
        assert!(r.stdout.contains("REV-01"), "{format}");
    }
}

#[test]
fn fail_on_regression_exits_1_only_when_a_control_regressed() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let march = baseline_at(tmp.path(), "2026-03-31");
    let june = baseline_at(tmp.path(), "2026-06-30");
    let code = |baseline: &str, extra: &[&str]| {
        let mut args = vec![AS_OF[0], AS_OF[1], "--baseline", baseline];
        args.extend_from_slice(extra);
        run(&fixture("type2-missing-q2"), &args).code
    };
    assert_eq!(code(&march, &[]), 0, "a regression alone does not fail");
    assert_eq!(code(&march, &["--fail-on-regression"]), 1);
    assert_eq!(code(&june, &["--fail-on-regression"]), 0, "no change");
    assert_eq!(
        code(&june, &["--fail-on-regression", "--fail-under", "90"]),
        1,
        "the readiness gate still applies"
    );
    let r = run(
        &fixture("type2-missing-q2"),
        &[
            "--format",
            "json",
            AS_OF[0],
            AS_OF[1],
            "--baseline",
            &march,
            "--fail-on-regression",
        ],
    );
    let report: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(report["gate"]["passed"], false);
    assert_eq!(report["gate"]["fail_on_regression"], true);
    // --fail-on-regression needs --baseline.
    assert_eq!(
        run(
            &fixture("type2-missing-q2"),
            &[AS_OF[0], AS_OF[1], "--fail-on-regression"]
        )
        .code,
        2
    );
}

#[test]
fn unusable_baseline_is_exit_2_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let write = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| unreachable!("{e}"));
        path.display().to_string()
    };
    let cases = [
        (
            write("v2.json", r#"{"schema_version": 2, "controls": []}"#),
            "schema_version 2",
        ),
        (
            write("broken.json", "{\"schema_version\": 1,"),
            "not valid JSON",
        ),
        (write("other.json", r#"{"name": "x"}"#), "no schema_version"),
        (
            tmp.path().join("absent.json").display().to_string(),
            "could not read",
        ),
    ];
    for (file, words) in &cases {
        let r = run(
            &fixture("type2-missing-q2"),
            &[AS_OF[0], AS_OF[1], "--baseline", file],
        );
        assert_eq!(r.code, 2, "{file}");
        assert!(r.stdout.is_empty(), "{file}");
        assert!(r.stderr.contains(file.as_str()), "{}", r.stderr);
        assert!(r.stderr.contains(words), "{}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
}

#[test]
fn github_annotations_go_to_stderr_and_cannot_be_injected() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let summary = tmp.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap_or_else(|e| unreachable!("{e}"));
    let summary_path = summary.display().to_string();
    let workspace = env!("CARGO_MANIFEST_DIR");
    let r = run_with(
        &fixture("hostile-names"),
        &["--format", "json", AS_OF[0], AS_OF[1]],
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", &summary_path),
            ("GITHUB_WORKSPACE", workspace),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let _: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| unreachable!("stdout is no longer JSON: {e}"));
    assert!(!r.stdout.lines().any(|l| l.trim_start().starts_with("::")));
    let commands: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("::"))
        .collect();
    let file = "file=tests/fixtures/hostile-names/controls/hostile.yaml,line=";
    // One high-risk gap (HX-01) and three others, worst first.
    assert_eq!(commands.len(), 4, "{}", r.stderr);
    assert!(commands[0].starts_with(&format!("::error {file}")));
    for c in &commands[1..] {
        assert!(c.starts_with(&format!("::warning {file}")), "{c}");
    }
    // Each command is exactly one of ours: `::level props::message` with the user's `::` and
    // line break encoded inside the title.
    for c in &commands {
        let (props, _) = c
            .trim_start_matches("::")
            .split_once("::")
            .unwrap_or_else(|| unreachable!("{c}"));
        assert!(props.contains(",title=HX-0"), "{c}");
    }
    assert!(
        commands
            .iter()
            .any(|c| c.contains("title=HX-03 First line%0A%3A%3Aerror%3A%3Ainjected title::"))
    );
    assert!(r.stderr.lines().all(|l| {
        let l = l.trim_start();
        !l.starts_with("::") || commands.contains(&l)
    }));
    let text = std::fs::read_to_string(&summary).unwrap_or_else(|e| unreachable!("{e}"));
    let markdown = render("hostile-names", "markdown");
    assert!(text.starts_with("earlier step\n# SOC 2 readiness: Hostile"));
    assert_eq!(&text["earlier step\n".len()..], markdown);
}

#[test]
fn outside_github_there_are_no_annotations() {
    let r = run(
        &fixture("hostile-names"),
        &["--format", "json", AS_OF[0], AS_OF[1]],
    );
    assert!(
        !r.stderr.lines().any(|l| l.starts_with("::")),
        "{}",
        r.stderr
    );
}

#[test]
fn unwritable_step_summary_is_exit_2_with_nothing_on_stdout() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let folder = tmp.path().display().to_string();
    let r = run_with(
        &fixture("hostile-names"),
        &["--format", "json", AS_OF[0], AS_OF[1]],
        &[("GITHUB_ACTIONS", "true"), ("GITHUB_STEP_SUMMARY", &folder)],
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("GITHUB_STEP_SUMMARY"), "{}", r.stderr);
    assert!(
        !r.stderr.lines().any(|l| l.starts_with("::")),
        "{}",
        r.stderr
    );
}
