//! `soc2 pbc`: the auditor's request list for the scope.

use super::*;

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
