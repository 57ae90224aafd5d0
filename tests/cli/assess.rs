//! `soc2 assess` on scenario fixtures: statuses, reasons, warnings, exit codes and the gate.

use std::os::unix::fs::symlink;

use predicates::prelude::*;
use serde_json::json;

use super::{control, fixture, json_report, sandbox, soc2};

#[test]
fn type2_missing_q2_is_partial_with_plain_reason() {
    let report = json_report(&fixture("type2-missing-q2"), &["--as-of", "2026-06-30"]);
    let rev = control(&report, "REV-01");
    assert_eq!(rev["status"], "partial");
    assert_eq!(rev["score"], 0.5);
    let req = &rev["requirements"][0];
    assert_eq!(req["windows_required"], json!(["2026-Q1", "2026-Q2"]));
    assert_eq!(req["windows_missing"], json!(["2026-Q2"]));
    assert_eq!(req["reason"], "no record dated in 2026-Q2");
    assert_eq!(req["files"], json!(["access/reviews/2026-Q1-review.csv"]));
    // (3*1 + 3*0.5 + 2*1 + 1*1) / 9 = 83.3
    assert_eq!(report["readiness"], 83.3);
    assert_eq!(
        report["not_applicable"],
        json!([{"id": "PHY-01", "title": "Office badge access", "reason": "Fully remote"}])
    );
    assert!(
        report["controls"]
            .as_array()
            .is_some_and(|c| c.iter().all(|c| c["id"] != "PHY-01"))
    );
}

#[test]
fn report_lists_every_criterion_of_selected_categories() {
    let report = json_report(&fixture("type2-missing-q2"), &["--as-of", "2026-06-30"]);
    let criteria = report["criteria"].as_array().cloned().unwrap_or_default();
    assert_eq!(criteria.len(), 33 + 3);
    let find = |id: &str| {
        criteria
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(find("CC6.2")["status"], "covered");
    assert_eq!(find("CC6.2")["score"], 50.0);
    assert_eq!(find("CC6.4")["status"], "not_applicable");
    assert_eq!(find("CC1.1")["status"], "uncovered");
    assert_eq!(find("CC1.1")["score"], serde_json::Value::Null);
    assert_eq!(
        report["categories_selected"],
        json!(["security", "availability"])
    );
}

#[test]
fn undated_only_says_none_carries_a_date() {
    let report = json_report(&fixture("undated-only"), &["--as-of", "2026-06-30"]);
    let rev = control(&report, "REV-01");
    assert_eq!(rev["status"], "missing");
    assert!(
        rev["requirements"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .starts_with("2 files match but none carries a date")
    );
    assert_eq!(control(&report, "POL-01")["status"], "stale");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("undated-only: REV-01/reviews"),
        "{warnings}"
    );
    let evidence = report["evidence"].as_array().cloned().unwrap_or_default();
    assert!(
        evidence
            .iter()
            .all(|e| e["date_source"] == "none" && e["date"].is_null())
    );
}

#[test]
fn future_dated_evidence_does_not_count_and_warns() {
    let report = json_report(&fixture("future-dated"), &["--as-of", "2026-12-31"]);
    let req = &control(&report, "REV-01")["requirements"][0];
    assert_eq!(req["windows_missing"], json!(["2026-Q2"]));
    assert!(report["warnings"].to_string().contains(
        "future-dated-evidence: access/reviews/review-2026-07-15.csv is dated 2026-07-15"
    ));
}

#[test]
fn reused_copy_counts_once_as_earliest() {
    let report = json_report(&fixture("reused-copy"), &["--as-of", "2026-06-30"]);
    let req = &control(&report, "REV-01")["requirements"][0];
    assert_eq!(req["windows_missing"], json!(["2026-Q2"]));
    assert_eq!(req["files"], json!(["access/reviews/2026-Q1-review.csv"]));
    assert!(report["warnings"].to_string().contains("reused-evidence: access/reviews/2026-Q2-review.csv is a byte-identical copy of access/reviews/2026-Q1-review.csv"));
}

#[test]
fn ongoing_period_lists_upcoming_windows_and_overdue_remediation() {
    let report = json_report(&fixture("ongoing-period"), &[]);
    assert_eq!(report["as_of"], "2026-05-15");
    let req = &control(&report, "REV-01")["requirements"][0];
    assert_eq!(req["windows_required"], json!(["2026-Q1"]));
    assert_eq!(req["status"], "met");
    assert_eq!(
        req["windows_upcoming"][0],
        json!({"window": "2026-Q2", "due": "2026-06-30"})
    );
    let chg = control(&report, "CHG-01");
    assert_eq!(
        chg["remediation"],
        json!({"owner": "dev-lead@example.com", "due": "2026-04-30", "overdue": true, "note": "Attach approvals to tickets"})
    );
    assert_eq!(chg["owner"], "dev-lead@example.com");
    // Security only, nothing added: no note on stderr.
    soc2()
        .arg("assess")
        .arg(fixture("ongoing-period"))
        .assert()
        .success()
        .stderr("");
}

#[test]
fn all_windows_upcoming_makes_readiness_null_and_gate_treats_it_as_zero() {
    let dir = fixture("ongoing-period");
    let report = json_report(&dir, &["--as-of", "2025-12-01", "--criteria", "security"]);
    let upcoming = report["controls"]
        .as_array()
        .map(|c| c.iter().filter(|c| c["status"] == "upcoming").count());
    assert_eq!(upcoming, Some(3), "{report}");
    soc2()
        .arg("assess")
        .arg(&dir)
        .args(["--as-of", "2025-12-01", "--fail-under", "1"])
        .assert()
        .code(1);
}

#[test]
fn type1_front_matter_dates_and_drafts_do_not_count() {
    let report = json_report(&fixture("type1-front-matter"), &[]);
    assert_eq!(report["report_type"], "type1");
    assert_eq!(report["period"], serde_json::Value::Null);
    assert_eq!(control(&report, "POL-01")["status"], "met");
    let evidence = report["evidence"].to_string();
    assert!(evidence.contains(r#"{"date":"2026-02-01","date_source":"front-matter","path":"policies/security-policy.md"}"#), "{evidence}");
    assert!(
        !evidence.contains("security-policy-v2"),
        "draft listed: {evidence}"
    );
    assert!(
        !evidence.contains(".hidden") && !evidence.contains("README"),
        "{evidence}"
    );
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("draft-evidence: policies/security-policy-v2.md"));
    assert!(warnings.contains("exclusion-lapsed: the exclusion of PHY-01 expired on 2026-03-31"));
    assert_eq!(control(&report, "PHY-01")["status"], "missing");
}

#[test]
fn json_output_is_deterministic_and_has_no_absolute_paths() {
    let dir = fixture("type2-missing-q2");
    let a = soc2()
        .arg("assess")
        .arg(&dir)
        .args(["--format", "json", "--as-of", "2026-06-30"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let b = soc2()
        .arg("assess")
        .arg(&dir)
        .args(["--format", "json", "--as-of", "2026-06-30"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8_lossy(&a.stdout);
    assert!(!text.contains(env!("CARGO_MANIFEST_DIR")));
    assert!(text.contains("\"schema_version\": 1"));
}

#[test]
fn selecting_criteria_without_security_adds_it_and_says_so() {
    soc2()
        .arg("assess")
        .arg(fixture("type2-missing-q2"))
        .args(["--criteria", "a", "--as-of", "2026-06-30"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "security (the common criteria) is always in scope",
        ));
}

#[test]
fn gate_fails_under_threshold_with_exit_1() {
    let dir = fixture("type2-missing-q2");
    soc2()
        .arg("assess")
        .arg(&dir)
        .args(["--as-of", "2026-06-30", "--fail-under", "90"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAILED"));
    soc2()
        .arg("assess")
        .arg(&dir)
        .args(["--as-of", "2026-06-30", "--fail-under", "80"])
        .assert()
        .code(0);
    soc2()
        .arg("assess")
        .arg(&dir)
        .args(["--as-of", "2026-06-30", "--strict"])
        .assert()
        .code(1);
    let report = json_report(&dir, &["--as-of", "2026-06-30", "--fail-under", "90"]);
    assert_eq!(
        report["gate"],
        json!({"fail_under": 90.0, "strict": false, "passed": false})
    );
}

#[test]
fn missing_evidence_root_is_exit_2_naming_path_and_init() {
    let sb = sandbox("type2-missing-q2");
    std::fs::remove_dir_all(sb.path.join("evidence")).unwrap_or_else(|e| unreachable!("{e}"));
    soc2()
        .arg("assess")
        .arg(&sb.path)
        .args(["--as-of", "2026-06-30"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("evidence")
                .and(predicate::str::contains("does not exist"))
                .and(predicate::str::contains("soc2 init")),
        );
}

#[test]
fn unknown_control_in_exclusion_is_exit_2_with_line() {
    let sb = sandbox("type2-missing-q2");
    let toml = sb.path.join("soc2.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap_or_default()
        .replace("PHY-01", "PHY-99");
    std::fs::write(&toml, text).unwrap_or_else(|e| unreachable!("{e}"));
    soc2()
        .arg("assess")
        .arg(&sb.path)
        .args(["--as-of", "2026-06-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "soc2.toml:10:1: [[exclude]] names control `PHY-99`",
        ));
}

#[test]
fn unknown_key_in_config_is_exit_2_with_line_and_column() {
    let sb = sandbox("type2-missing-q2");
    let toml = sb.path.join("soc2.toml");
    let text = std::fs::read_to_string(&toml)
        .unwrap_or_default()
        .replace("type = 2", "typ = 2");
    std::fs::write(&toml, text).unwrap_or_else(|e| unreachable!("{e}"));
    soc2()
        .arg("assess")
        .arg(&sb.path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "soc2.toml:5:1: unknown field `typ`",
        ));
}

#[test]
fn flags_override_the_file() {
    let report = json_report(
        &fixture("type2-missing-q2"),
        &["--type", "1", "--as-of", "2026-04-01"],
    );
    assert_eq!(report["report_type"], "type1");
    assert_eq!(control(&report, "REV-01")["status"], "met");
    let report = json_report(
        &fixture("type2-missing-q2"),
        &[
            "--period",
            "2026-01-01..2026-03-31",
            "--as-of",
            "2026-12-31",
        ],
    );
    assert_eq!(
        report["period"],
        json!({"start": "2026-01-01", "end": "2026-03-31"})
    );
    assert_eq!(control(&report, "REV-01")["status"], "met");
}

#[test]
fn period_length_warnings() {
    let short = json_report(
        &fixture("type2-missing-q2"),
        &[
            "--period",
            "2026-01-01..2026-02-15",
            "--as-of",
            "2026-12-31",
        ],
    );
    assert!(short["warnings"].to_string().contains("period-too-short"));
    let long = json_report(
        &fixture("type2-missing-q2"),
        &[
            "--period",
            "2025-01-01..2026-06-30",
            "--as-of",
            "2026-12-31",
        ],
    );
    assert!(long["warnings"].to_string().contains("period-too-long"));
    soc2()
        .arg("assess")
        .arg(fixture("type2-missing-q2"))
        .args(["--period", "2026-06-30..2026-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("swap the dates"));
}

#[test]
fn output_file_is_written_atomically_and_stdout_stays_empty() {
    let sb = sandbox("type2-missing-q2");
    let out = sb.path.join("report.json");
    soc2()
        .arg("assess")
        .arg(&sb.path)
        .args(["--format", "json", "--as-of", "2026-06-30", "--output"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(text.starts_with('{') && text.ends_with("}\n"));
    let leftovers = std::fs::read_dir(&sb.path).map(|d| {
        d.flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".soc2-"))
            .count()
    });
    assert_eq!(leftovers.ok(), Some(0));
}

#[test]
fn symlink_loop_is_a_warning_not_fatal() {
    let sb = sandbox("type2-missing-q2");
    let ev = sb.path.join("evidence");
    symlink(&ev, ev.join("access/loop")).unwrap_or_else(|e| unreachable!("{e}"));
    symlink("self-link", ev.join("self-link")).unwrap_or_else(|e| unreachable!("{e}"));
    let report = json_report(&sb.path, &["--as-of", "2026-06-30"]);
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("link-loop: access/loop"), "{warnings}");
    assert!(warnings.contains("link-loop: self-link"), "{warnings}");
    assert_eq!(report["readiness"], 83.3);
}

#[test]
fn links_outside_root_are_not_followed_but_inside_ones_are() {
    let sb = sandbox("type2-missing-q2");
    let ev = sb.path.join("evidence");
    let outside = sb.path.join("outside");
    std::fs::create_dir_all(&outside).unwrap_or_else(|e| unreachable!("{e}"));
    std::fs::write(outside.join("2026-Q2-review.csv"), "outside")
        .unwrap_or_else(|e| unreachable!("{e}"));
    symlink(
        outside.join("2026-Q2-review.csv"),
        ev.join("access/reviews/2026-Q2-review.csv"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    symlink(&outside, ev.join("access/reviews/outside-dir"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let report = json_report(&sb.path, &["--as-of", "2026-06-30"]);
    assert_eq!(control(&report, "REV-01")["status"], "partial");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("link-outside-root: access/reviews/2026-Q2-review.csv"),
        "{warnings}"
    );
    assert!(
        warnings.contains("link-outside-root: access/reviews/outside-dir"),
        "{warnings}"
    );
    // A link to a file inside the root counts at the link's path.
    std::fs::create_dir_all(ev.join("archive")).unwrap_or_else(|e| unreachable!("{e}"));
    std::fs::write(ev.join("archive/q2.csv"), "q2 review").unwrap_or_else(|e| unreachable!("{e}"));
    std::fs::remove_file(ev.join("access/reviews/2026-Q2-review.csv"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    symlink(
        ev.join("archive/q2.csv"),
        ev.join("access/reviews/2026-Q2-review.csv"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let report = json_report(&sb.path, &["--as-of", "2026-06-30"]);
    assert_eq!(control(&report, "REV-01")["status"], "met");
}

#[test]
fn fifo_is_skipped_and_never_blocks() {
    let sb = sandbox("type2-missing-q2");
    let fifo = sb.path.join("evidence/access/reviews/2026-Q2-review.csv");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        return;
    }
    let report = json_report(&sb.path, &["--as-of", "2026-06-30"]);
    assert_eq!(control(&report, "REV-01")["status"], "partial");
    assert!(
        report["warnings"]
            .to_string()
            .contains("special-file: access/reviews/2026-Q2-review.csv")
    );
}

#[test]
fn evidence_exclude_globs_are_honoured() {
    let sb = sandbox("type2-missing-q2");
    let toml = sb.path.join("soc2.toml");
    let text = std::fs::read_to_string(&toml).unwrap_or_default()
        + "[evidence]\nexclude = [\"**/reviews/**\"]\n";
    std::fs::write(&toml, text).unwrap_or_else(|e| unreachable!("{e}"));
    let report = json_report(&sb.path, &["--as-of", "2026-06-30"]);
    assert_eq!(control(&report, "REV-01")["status"], "missing");
}

#[test]
fn non_utf8_file_names_are_evidence_shown_with_replacement_character() {
    use std::os::unix::ffi::OsStrExt;
    let sb = sandbox("type2-missing-q2");
    let name = std::ffi::OsStr::from_bytes(b"2026-Q2-r\xffview.csv");
    std::fs::write(sb.path.join("evidence/access/reviews").join(name), "q2")
        .unwrap_or_else(|e| unreachable!("{e}"));
    let report = json_report(&sb.path, &["--as-of", "2026-06-30"]);
    assert_eq!(control(&report, "REV-01")["status"], "met");
    assert!(
        report["evidence"]
            .to_string()
            .contains("access/reviews/2026-Q2-r\u{fffd}view.csv")
    );
}

#[test]
fn colour_follows_flag_no_color_and_clicolor_force() {
    let dir = fixture("type2-missing-q2");
    let run = |args: &[&str], envs: &[(&str, &str)], no_color: bool| {
        let mut cmd = soc2();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd
            .arg("assess")
            .arg(&dir)
            .args(["--as-of", "2026-06-30"])
            .args(args)
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    assert!(!run(&[], &[], true), "NO_COLOR must switch colour off");
    assert!(!run(&[], &[], false), "a pipe is not a terminal");
    assert!(
        run(&[], &[("CLICOLOR_FORCE", "1")], false),
        "CLICOLOR_FORCE forces colour"
    );
    assert!(
        !run(&[], &[("CLICOLOR_FORCE", "1")], true),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
    assert!(
        run(&["--color", "always"], &[], true),
        "--color always wins"
    );
    assert!(
        !run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        "--color never wins"
    );
    assert!(
        !run(&["--color", "always", "--format", "json"], &[], true),
        "JSON never carries colour"
    );
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    soc2()
        .env_remove("CI")
        .arg("assess")
        .arg(fixture("type2-missing-q2"))
        .args(["--as-of", "2026-06-30", "--format", "json"])
        .assert()
        .success()
        .stderr("");
}
