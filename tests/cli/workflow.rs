//! The readiness workflow: `soc2 init`, `soc2 pbc`, `soc2 sample` and `soc2 map iso27001`, on
//! fixture folders and sandboxes, always with fixed dates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{Days, NaiveDate};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{control, fixture, json_report, sandbox, soc2};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"))
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    soc2()
        .args(args)
        .args(paths)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| unreachable!("bad JSON: {e}"))
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| unreachable!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| unreachable!("{e}"));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| unreachable!("{}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, by relative path: equal snapshots mean nothing was
/// added, removed or changed.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir)
            .unwrap_or_else(|e| unreachable!("{e}"))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// init

#[test]
fn init_into_an_empty_folder_writes_a_valid_project_and_lists_what_it_wrote() {
    let tmp = tempdir();
    let dir = tmp.path().join("acme");
    let out = run(
        &[
            "init",
            "--criteria",
            "security,availability",
            "--period",
            "2026-01-01..2026-06-30",
        ],
        &[&dir],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for rel in [
        "soc2.toml",
        "evidence/README.md",
        "evidence/access/README.md",
        "evidence/access/reviews/README.md",
        "evidence/policies/README.md",
    ] {
        let path = dir.join(rel);
        assert!(path.is_file(), "{rel} missing");
        assert!(
            text.contains(&format!("wrote        {}", path.display())),
            "{rel} not listed:\n{text}"
        );
    }
    assert!(text.contains("left 0 existing files alone"), "{text}");
    let config = read(&dir.join("soc2.toml"));
    assert!(config.contains("criteria = [\"security\", \"availability\"]"));
    assert!(config.contains("type = 2"));
    assert!(config.contains("period = { start = 2026-01-01, end = 2026-06-30 }"));
    let comments = config.lines().filter(|l| l.starts_with('#')).count();
    assert!(comments > 30, "soc2.toml is not commented:\n{config}");

    let readme = read(&dir.join("evidence/access/reviews/README.md"));
    assert!(readme.contains("## AC-04"), "{readme}");
    assert!(readme.contains("What an auditor expects:"), "{readme}");
    assert!(readme.contains("every quarter"), "{readme}");
    assert!(
        readme.contains("`access/reviews/2026-Q1-reviews.pdf`"),
        "{readme}"
    );

    // The written soc2.toml is valid as written: assess runs on it (0 or 1, never 2).
    let report = json_report(&dir, &["--as-of", "2026-06-30"]);
    assert_eq!(report["report_type"], "type2");
    assert_eq!(
        report["categories_selected"],
        serde_json::json!(["security", "availability"])
    );
    assert_eq!(report["period"]["start"], "2026-01-01");
}

#[test]
fn init_type1_with_as_of_is_valid_as_written() {
    let tmp = tempdir();
    let out = run(
        &["init", "--type", "1", "--as-of", "2026-03-31"],
        &[tmp.path()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = read(&tmp.path().join("soc2.toml"));
    assert!(config.contains("type = 1\n"), "{config}");
    assert!(config.contains("\nas_of = 2026-03-31\n"), "{config}");
    assert!(config.contains("\n# period = "), "{config}");
    let assess = soc2()
        .arg("assess")
        .arg(tmp.path())
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        matches!(assess.status.code(), Some(0 | 1)),
        "{}",
        stderr(&assess)
    );
    assert!(stdout(&assess).contains("Type I as of 2026-03-31"));
}

#[test]
fn init_type2_without_a_period_is_refused() {
    let tmp = tempdir();
    let out = run(&["init", "--type", "2"], &[tmp.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--period START..END"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("soc2.toml").exists());
}

#[test]
fn init_into_a_populated_folder_overwrites_nothing_and_says_so() {
    let tmp = tempdir();
    let dir = tmp.path();
    let own_config = "# our own settings\n[scope]\ntype = 1\n";
    write(&dir.join("soc2.toml"), own_config);
    write(
        &dir.join("evidence/access/reviews/README.md"),
        "our notes\n",
    );
    write(
        &dir.join("evidence/access/reviews/2026-Q1-review.csv"),
        "user,decision\n",
    );
    let before = snapshot(dir);
    let out = run(&["init", "--templates", "--as-of", "2026-06-30"], &[dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = snapshot(dir);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} changed");
    }
    assert!(after.len() > before.len(), "nothing new was written");
    let text = stdout(&out);
    for rel in ["soc2.toml", "evidence/access/reviews/README.md"] {
        assert!(
            text.contains(&format!(
                "left alone   {} (already exists)",
                dir.join(rel).display()
            )),
            "{rel}:\n{text}"
        );
    }
    assert!(text.contains("left 2 existing files alone"), "{text}");
    assert!(text.contains(&format!(
        "wrote        {}",
        dir.join("evidence/access/README.md").display()
    )));
}

#[test]
fn init_twice_changes_nothing() {
    let tmp = tempdir();
    let args = [
        "init",
        "--templates",
        "--criteria",
        "security,privacy",
        "--period",
        "2026-01-01..2026-06-30",
    ];
    assert_eq!(run(&args, &[tmp.path()]).status.code(), Some(0));
    let first = snapshot(tmp.path());
    let out = run(&args, &[tmp.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(tmp.path()), first);
    assert!(stdout(&out).contains("wrote 0 files"), "{}", stdout(&out));
}

#[test]
fn init_with_own_controls_writes_them_relative_to_the_project() {
    // The sandbox holds a copy of the small library beside the fixture: tmp/library.
    let sb = sandbox("type2-missing-q2");
    let root = sb
        .path
        .parent()
        .unwrap_or_else(|| unreachable!())
        .to_path_buf();
    let dir = root.join("proj");
    let out = soc2()
        .current_dir(&root)
        .args(["init", "proj", "--controls", "library", "--no-builtin"])
        .args(["--type", "1", "--as-of", "2026-06-30"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = read(&dir.join("soc2.toml"));
    assert!(config.contains("\nbuiltin = false\n"), "{config}");
    assert!(config.contains("\npaths = [\"../library\"]\n"), "{config}");
    // Folders of the small library's in-scope controls only: no built-in folders, and no
    // backups/ (BKP-01 is an availability control; security alone is in scope).
    assert!(dir.join("evidence/access/reviews/README.md").is_file());
    assert!(dir.join("evidence/change/README.md").is_file());
    assert!(!dir.join("evidence/backups").exists());
    assert!(!dir.join("evidence/vendors").exists());
    let report = json_report(&dir, &[]);
    let ids: Vec<String> = report["controls"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids, ["CHG-01", "PHY-01", "POL-01", "REV-01"]);
}

#[test]
fn templates_do_not_count_until_approved_and_dated() {
    let tmp = tempdir();
    let dir = tmp.path();
    let out = run(
        &[
            "init",
            "--templates",
            "--criteria",
            "security,privacy",
            "--period",
            "2026-01-01..2026-06-30",
        ],
        &[dir],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let policy = dir.join("evidence/policies/access-control-policy.md");
    let notice = dir.join("evidence/privacy/published/privacy-notice.md");
    for path in [&policy, &notice] {
        let text = read(path);
        assert!(text.starts_with("---\ntitle: "), "{text}");
        assert!(text.contains("\nowner: "), "{text}");
        assert!(text.contains("\ndate:\nstatus: draft\n---\n"), "{text}");
    }
    for name in [
        "information-security-policy.md",
        "change-management-policy.md",
        "incident-response-plan.md",
        "business-continuity-plan.md",
        "disaster-recovery-plan.md",
        "vendor-management-policy.md",
        "data-classification-policy.md",
        "data-retention-policy.md",
        "acceptable-use-policy.md",
        "risk-management-policy.md",
    ] {
        assert!(dir.join("evidence/policies").join(name).is_file(), "{name}");
    }

    let report = json_report(dir, &["--as-of", "2026-06-30"]);
    let policy_req = |report: &Value, id: &str| control(report, id)["requirements"][0].clone();
    assert_eq!(policy_req(&report, "AC-01")["id"], "policy");
    assert_eq!(policy_req(&report, "AC-01")["status"], "missing");
    assert_eq!(policy_req(&report, "GOV-01")["status"], "missing");
    let warnings = report["warnings"].to_string();
    for path in [
        "policies/access-control-policy.md",
        "policies/information-security-policy.md",
        "privacy/published/privacy-notice.md",
    ] {
        assert!(
            warnings.contains(&format!("draft-evidence: {path} is marked")),
            "{path}: {warnings}"
        );
    }

    let approved = read(&policy)
        .replacen("\ndate:\n", "\ndate: 2026-02-01\n", 1)
        .replacen("\nstatus: draft\n", "\nstatus: approved\n", 1);
    write(&policy, &approved);
    let report = json_report(dir, &["--as-of", "2026-06-30"]);
    let req = policy_req(&report, "AC-01");
    assert_eq!(req["status"], "met");
    assert_eq!(
        strings(&req["files"]),
        ["policies/access-control-policy.md"]
    );
    assert_eq!(policy_req(&report, "GOV-01")["status"], "missing");
    let warnings = report["warnings"].to_string();
    assert!(!warnings.contains("draft-evidence: policies/access-control-policy.md"));
}

#[test]
fn privacy_notice_template_only_when_privacy_is_in_scope() {
    let tmp = tempdir();
    let out = run(
        &["init", "--templates", "--as-of", "2026-06-30"],
        &[tmp.path()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !tmp.path()
            .join("evidence/privacy/published/privacy-notice.md")
            .exists()
    );
    assert!(
        stdout(&out).contains("no template  Privacy Notice: privacy is not in scope"),
        "{}",
        stdout(&out)
    );
    assert!(
        tmp.path()
            .join("evidence/policies/information-security-policy.md")
            .is_file()
    );
}

// ---------------------------------------------------------------------------------------------
// pbc

/// For each (control, requirement) of an assess report: status and files.
fn assess_rows(report: &Value) -> Vec<(String, String, String, Vec<String>)> {
    let mut rows = Vec::new();
    for c in report["controls"].as_array().cloned().unwrap_or_default() {
        for r in c["requirements"].as_array().cloned().unwrap_or_default() {
            rows.push((
                c["id"].as_str().unwrap_or_default().to_string(),
                r["id"].as_str().unwrap_or_default().to_string(),
                r["status"].as_str().unwrap_or_default().to_string(),
                strings(&r["files"]),
            ));
        }
    }
    rows
}

#[test]
fn pbc_rows_match_the_assessment() {
    for (name, as_of) in [
        ("type2-missing-q2", "2026-06-30"),
        ("ongoing-period", "2026-05-15"),
        ("type1-front-matter", "2026-06-30"),
        ("undated-only", "2026-06-30"),
    ] {
        let dir = fixture(name);
        let report = json_report(&dir, &["--as-of", as_of]);
        let pbc = json(&run(
            &["pbc", "--as-of", as_of, "--format", "json"],
            &[&dir],
        ));
        let requests = pbc["requests"].as_array().cloned().unwrap_or_default();
        let rows: Vec<(String, String, String, Vec<String>)> = requests
            .iter()
            .map(|r| {
                (
                    r["control"].as_str().unwrap_or_default().to_string(),
                    r["requirement"].as_str().unwrap_or_default().to_string(),
                    r["status"].as_str().unwrap_or_default().to_string(),
                    strings(&r["files"]),
                )
            })
            .collect();
        assert_eq!(rows, assess_rows(&report), "{name}");
        for (i, r) in requests.iter().enumerate() {
            assert_eq!(r["number"], format!("PBC-{:03}", i + 1), "{name}");
        }
    }
}

#[test]
fn pbc_rows_say_what_is_asked_for_which_windows_and_who_owns_it() {
    let pbc = json(&run(
        &["pbc", "--format", "json"],
        &[&fixture("ongoing-period")],
    ));
    let find = |control: &str| {
        pbc["requests"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["control"] == control))
            .cloned()
            .unwrap_or_default()
    };
    let review = find("REV-01");
    assert_eq!(
        strings(&review["windows"]),
        ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    );
    assert_eq!(review["covers"], "2026-Q1, 2026-Q2, 2026-Q3, 2026-Q4");
    assert_eq!(
        review["request"],
        "Completed access review. Export with reviewer decisions."
    );
    assert_eq!(strings(&review["expected"]), ["access/reviews/**"]);
    let change = find("CHG-01");
    assert_eq!(change["covers"], "each event in 2026-01-01..2026-12-31");
    assert_eq!(change["owner"], "dev-lead@example.com");
    assert_eq!(change["due"], "2026-04-30");
    let policy = find("POL-01");
    assert_eq!(policy["covers"], "current version as of 2026-05-15");
    assert_eq!(policy["owner"], "Security lead");
    assert_eq!(policy["criteria"], serde_json::json!(["CC2.2", "CC5.3"]));
}

#[test]
fn pbc_csv_and_markdown_hold_one_row_per_request() {
    let dir = fixture("type2-missing-q2");
    let csv = stdout(&run(
        &["pbc", "--as-of", "2026-06-30", "--format", "csv"],
        &[&dir],
    ));
    assert!(csv.starts_with(
        "\"Request\",\"Control\",\"Criteria\",\"Requested\",\"Covers\",\"Expected in\",\"Status\",\"Files\",\"Owner\",\"Due\"\r\n"
    ));
    assert_eq!(csv.matches("\r\n\"PBC-").count(), 4, "{csv}");
    let md = stdout(&run(
        &["pbc", "--as-of", "2026-06-30", "--format", "markdown"],
        &[&dir],
    ));
    assert!(md.starts_with("# PBC request list: Scenario\n"), "{md}");
    assert!(
        md.contains("| PBC-004 | REV-01 reviews | CC6.2, CC6.3 | Completed access review. Export with reviewer decisions. | 2026-Q1, 2026-Q2 | access/reviews/\\*\\* | partial |"),
        "{md}"
    );
    let tmp = tempdir();
    let file = tmp.path().join("pbc.csv");
    let out = soc2()
        .args([
            "pbc",
            "--as-of",
            "2026-06-30",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&file)
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(read(&file), csv);
}

// ---------------------------------------------------------------------------------------------
// sample

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| unreachable!("{e}"))
}

/// Every `step` days from `from` to `to`, both included.
fn days(from: &str, to: &str, step: u64) -> Vec<NaiveDate> {
    let (mut d, end) = (day(from), day(to));
    let mut out = Vec::new();
    while d <= end {
        out.push(d);
        d = d
            .checked_add_days(Days::new(step))
            .unwrap_or_else(|| unreachable!());
    }
    out
}

/// The sample-cadences fixture with its evidence written: counts per cadence are in the asserts.
fn cadences() -> super::Sandbox {
    let sb = sandbox("sample-cadences");
    let ev = sb.path.join("evidence");
    for d in days("2026-01-01", "2026-06-30", 1) {
        write(
            &ev.join(format!("daily/{d}-jobs.csv")),
            &format!("jobs {d}\n"),
        );
    }
    // A copy counts once, undated and future-dated files not at all.
    write(
        &ev.join("daily/copies/2026-02-10-jobs.csv"),
        "jobs 2026-02-09\n",
    );
    write(&ev.join("daily/notes.txt"), "undated\n");
    write(&ev.join("daily/2026-07-02-jobs.csv"), "jobs 2026-07-02\n");
    // Mondays 2026-01-05 .. 2026-06-22: 25 weeks.
    for d in days("2026-01-05", "2026-06-22", 7) {
        write(
            &ev.join(format!("weekly/{d}-triage.md")),
            &format!("triage {d}\n"),
        );
    }
    for m in 1..=6 {
        write(
            &ev.join(format!("monthly/restore-2026-{m:02}.log")),
            &format!("restore {m}\n"),
        );
    }
    write(&ev.join("monthly/restore-2026-07.log"), "restore 7\n");
    // Three reviews in Q1, one in Q2: a spread sample of 2 takes one of each.
    for (name, text) in [
        ("quarterly/2026-01-20-review.csv", "a"),
        ("quarterly/2026-02-20-review.csv", "b"),
        ("quarterly/2026-03-20-review.csv", "c"),
        ("quarterly/2026-05-20-review.csv", "d"),
    ] {
        write(&ev.join(name), text);
    }
    write(&ev.join("half-yearly/2026-H1-rules.pdf"), "rules\n");
    write(&ev.join("yearly/2026-03-01-pentest.pdf"), "pentest\n");
    for d in days("2026-01-02", "2026-06-30", 6).into_iter().take(30) {
        write(
            &ev.join(format!("events/CHG-{d}.md")),
            &format!("change {d}\n"),
        );
    }
    for d in days("2026-01-10", "2026-06-30", 20).into_iter().take(7) {
        write(
            &ev.join(format!("few-events/leaver-{d}.csv")),
            &format!("leaver {d}\n"),
        );
    }
    write(
        &ev.join("policies/security-policy-2026-01-10.pdf"),
        "policy\n",
    );
    sb
}

fn sample_json(dir: &Path, extra: &[&str]) -> Value {
    json(
        &soc2()
            .arg("sample")
            .arg(dir)
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap_or_else(|e| unreachable!("{e}")),
    )
}

fn requirement<'a>(plan: &'a Value, control: &str) -> &'a Value {
    plan["requirements"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["control"] == control))
        .unwrap_or_else(|| unreachable!("no {control}"))
}

fn picked(plan: &Value, control: &str) -> Vec<String> {
    requirement(plan, control)["picks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sample_sizes_follow_the_cadence_table() {
    let sb = cadences();
    let plan = sample_json(&sb.path, &[]);
    let table = [
        ("DAY-01", "day", 181, 25),
        ("WEEK-01", "week", 25, 5),
        ("MON-01", "month", 6, 2),
        ("QTR-01", "quarter", 4, 2),
        ("HALF-01", "half-year", 1, 1),
        ("YEAR-01", "year", 1, 1),
        ("EVT-01", "event", 30, 25),
        ("EVT-02", "event", 7, 7),
    ];
    assert_eq!(
        plan["requirements"].as_array().map(Vec::len),
        Some(table.len()),
        "design requirements have no sample"
    );
    for (id, every, population, size) in table {
        let r = requirement(&plan, id);
        assert_eq!(r["every"], every, "{id}");
        assert_eq!(r["population"], population, "{id}");
        assert_eq!(r["size"], size, "{id}");
        let picks = picked(&plan, id);
        assert_eq!(picks.len(), size, "{id}");
        let mut unique = picks.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), size, "{id}: a file picked twice");
    }
    let daily = picked(&plan, "DAY-01");
    assert!(
        !daily
            .iter()
            .any(|p| p.contains("copies/") || p.contains("notes") || p.contains("2026-07"))
    );
    let monthly = picked(&plan, "MON-01");
    assert!(!monthly.iter().any(|p| p.contains("2026-07")));
    // Spread across windows: one Q1 review and the only Q2 review, whatever the seed.
    for seed in ["1", "2", "3", "4", "5"] {
        let plan = sample_json(&sb.path, &["--seed", seed]);
        let q = picked(&plan, "QTR-01");
        assert!(
            q.contains(&"quarterly/2026-05-20-review.csv".to_string()),
            "{q:?}"
        );
        let windows: Vec<String> = requirement(&plan, "MON-01")["picks"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["window"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert_ne!(windows.first(), windows.get(1), "two picks from one month");
    }
}

#[test]
fn sample_sizes_can_be_set_in_soc2_toml() {
    let sb = cadences();
    let config = sb.path.join("soc2.toml");
    write(
        &config,
        &(read(&config) + "[sample]\nmonth = 4\nevent = 3\nday = 500\n"),
    );
    let plan = sample_json(&sb.path, &[]);
    assert_eq!(requirement(&plan, "MON-01")["size"], 4);
    assert_eq!(requirement(&plan, "EVT-01")["size"], 3);
    assert_eq!(requirement(&plan, "EVT-02")["size"], 3);
    assert_eq!(
        requirement(&plan, "DAY-01")["size"],
        181,
        "never above the population"
    );
    assert_eq!(requirement(&plan, "WEEK-01")["size"], 5);
}

#[test]
fn same_seed_same_picks_and_another_seed_other_picks() {
    let sb = cadences();
    let a = sample_json(&sb.path, &["--seed", "42"]);
    let b = sample_json(&sb.path, &["--seed", "42"]);
    assert_eq!(a, b);
    assert_eq!(a["seed"], 42);
    let c = sample_json(&sb.path, &["--seed", "43"]);
    assert_ne!(picked(&a, "DAY-01"), picked(&c, "DAY-01"));
    assert_ne!(picked(&a, "EVT-01"), picked(&c, "EVT-01"));
    // The default seed comes from the period: reruns repeat it.
    let d1 = sample_json(&sb.path, &[]);
    let d2 = sample_json(&sb.path, &[]);
    assert_eq!(d1, d2);
}

#[test]
fn sample_hashes_each_picked_file() {
    let sb = cadences();
    let plan = sample_json(&sb.path, &["--seed", "7"]);
    let picks = requirement(&plan, "WEEK-01")["picks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(picks.len(), 5);
    for p in picks {
        let path = p["path"].as_str().unwrap_or_default();
        let bytes = std::fs::read(sb.path.join("evidence").join(path)).unwrap_or_default();
        let want: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(p["sha256"], want, "{path}");
    }
}

#[test]
fn copy_to_copies_the_picks_and_leaves_the_evidence_untouched() {
    let sb = cadences();
    let evidence = sb.path.join("evidence");
    let before = snapshot(&evidence);
    let tmp = tempdir();
    let target = tmp.path().join("dry-run");
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .args(["--seed", "3", "--format", "json", "--copy-to"])
        .arg(&target)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let plan = json(&out);
    assert!(stderr(&out).contains("copied"), "{}", stderr(&out));
    let mut expected: Vec<String> = plan["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["picks"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["path"].as_str().map(str::to_string))
        .collect();
    expected.sort();
    expected.dedup();
    let copied = snapshot(&target);
    assert_eq!(copied.keys().cloned().collect::<Vec<_>>(), expected);
    for (rel, bytes) in &copied {
        assert_eq!(before.get(rel), Some(bytes), "{rel}");
    }
    assert_eq!(snapshot(&evidence), before);

    // Inside the evidence root, or not empty: refused, nothing written.
    let inside: PathBuf = evidence.join("dry-run");
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .arg("--copy-to")
        .arg(&inside)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("inside the evidence folder"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .arg("--copy-to")
        .arg(evidence.join("daily/../monthly/new"))
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .arg("--copy-to")
        .arg(&target)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(snapshot(&evidence), before);
}

#[test]
fn sample_of_a_type1_is_refused() {
    let out = run(
        &["sample", "--as-of", "2026-06-30"],
        &[&fixture("type1-front-matter")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("needs a Type II"), "{}", stderr(&out));
}

#[test]
fn sample_help_documents_the_size_table() {
    let out = run(&["sample", "--help"], &[]);
    let text = stdout(&out);
    assert!(
        text.contains("year 1, half-year 1, quarter 2, month 2, week 5, day 25, event 25"),
        "{text}"
    );
}

#[test]
fn sample_csv_and_markdown_escape_what_users_named() {
    let sb = cadences();
    write(
        &sb.path
            .join("evidence/few-events/leaver, late-2026-03-03.csv"),
        "comma\n",
    );
    write(
        &sb.path.join("evidence/few-events/a|b-2026-03-04.csv"),
        "pipe\n",
    );
    let csv = stdout(&run(&["sample", "--format", "csv"], &[&sb.path]));
    assert!(
        csv.starts_with(
            "\"Control\",\"Requirement\",\"Every\",\"Population\",\"Sample\",\"Window\",\"Picked file\",\"SHA-256\"\r\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(",\"few-events/leaver, late-2026-03-03.csv\","),
        "{csv}"
    );
    let md = stdout(&run(&["sample", "--format", "markdown"], &[&sb.path]));
    assert!(md.starts_with("# Sample pull: Cadences\n"), "{md}");
    assert!(md.contains("| EVT-02 | removals | event | 9 | 9 |"), "{md}");
    assert!(md.contains("few-events/a\\|b-2026-03-04.csv"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// map iso27001

#[test]
fn crosswalk_lists_all_93_annex_a_controls_and_theme_totals() {
    let map = json(&run(&["map", "iso27001", "--format", "json"], &[]));
    let rows = map["rows"].as_array().cloned().unwrap_or_default();
    let annex: Vec<&Value> = rows
        .iter()
        .filter(|r| r["id"].as_str().is_some_and(|id| id.starts_with("A.")))
        .collect();
    assert_eq!(annex.len(), 93);
    for (prefix, count) in [("A.5.", 37), ("A.6.", 8), ("A.7.", 14), ("A.8.", 34)] {
        assert_eq!(
            annex
                .iter()
                .filter(|r| r["id"].as_str().is_some_and(|id| id.starts_with(prefix)))
                .count(),
            count,
            "{prefix}"
        );
    }
    assert!(rows.iter().any(|r| r["id"] == "4.1"));
    assert!(rows.iter().any(|r| r["id"] == "10.2"));
    let totals = map["totals"].as_array().cloned().unwrap_or_default();
    let themes: Vec<&str> = totals.iter().filter_map(|t| t["theme"].as_str()).collect();
    assert_eq!(
        themes,
        [
            "organizational",
            "people",
            "physical",
            "technological",
            "clause"
        ]
    );
    for t in &totals {
        let of_theme: Vec<&Value> = rows.iter().filter(|r| r["theme"] == t["theme"]).collect();
        assert_eq!(t["ids"], of_theme.len());
        let covered = of_theme
            .iter()
            .filter(|r| r["controls"].as_array().is_some_and(|c| !c.is_empty()))
            .count();
        assert_eq!(t["covered"], covered);
        assert!(covered > 0);
    }
    let a815 = rows
        .iter()
        .find(|r| r["id"] == "A.5.15")
        .cloned()
        .unwrap_or_default();
    assert!(a815["controls"].to_string().contains("\"AC-01\""));
    assert!(a815["controls"][0].get("readiness").is_none());
}

#[test]
fn crosswalk_with_a_project_shows_readiness_from_the_evidence() {
    let map = json(&run(
        &[
            "map",
            "iso27001",
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
        ],
        &[&fixture("type2-missing-q2")],
    ));
    let row = |id: &str| {
        map["rows"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    let a51 = row("A.5.1");
    assert_eq!(a51["controls"][0]["id"], "POL-01");
    assert_eq!(a51["controls"][0]["readiness"]["status"], "met");
    assert_eq!(a51["controls"][0]["readiness"]["score"], 1.0);
    assert_eq!(a51["score"], 100.0);
    assert_eq!(row("A.8.1")["controls"], serde_json::json!([]));
    let people = map["totals"]
        .as_array()
        .and_then(|a| a.iter().find(|t| t["theme"] == "people"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(people["ids"], 8);
    assert_eq!(people["covered"], 0);
    let text = stdout(&run(
        &["map", "iso27001", "--as-of", "2026-06-30"],
        &[&fixture("type2-missing-q2")],
    ));
    assert!(text.contains("POL-01 met"), "{text}");
    assert!(text.contains("Coverage by theme"), "{text}");
}

#[test]
fn crosswalk_without_a_project_refuses_scope_flags_instead_of_ignoring_them() {
    for (args, flag) in [
        (&["--criteria", "availability"][..], "--criteria"),
        (&["--as-of", "2026-06-30"], "--as-of"),
        (
            &["--type", "2", "--period", "2026-01-01..2026-06-30"],
            "--type",
        ),
        (&["--evidence", "elsewhere"], "--evidence"),
    ] {
        let out = run(&[&["map", "iso27001"][..], args].concat(), &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(flag) && err.contains("project folder"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn crosswalk_csv_has_one_record_per_id() {
    let csv = stdout(&run(&["map", "iso27001", "--format", "csv"], &[]));
    assert_eq!(csv.matches("\r\n").count(), 1 + 93 + 23);
    assert!(csv.starts_with("\"ISO id\",\"Theme\",\"Name\",\"Controls\"\r\n"));
}
