//! `soc2 map iso27001`: the ISO/IEC 27001:2022 crosswalk, with and without a project.

use super::*;

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
