//! The baseline ratchet: an earlier JSON report (schema_version 1) compared with this one —
//! the readiness delta, the controls newly met and the controls that got worse — so CI can
//! require "no worse than main" long before a team reaches its target score. Pure: the binary
//! reads the file and hands its text in.

use serde::{Deserialize, Serialize};

use super::{Report, SCHEMA_VERSION};
use crate::assess::{ControlResult, Status};
use crate::error::Problem;

/// The comparison with an earlier report, as it appears under `baseline` in the JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// Readiness of the earlier report, in percent.
    pub readiness_before: Option<f64>,
    /// Readiness now, in percent.
    pub readiness_after: Option<f64>,
    /// `readiness_after - readiness_before`, one decimal; `null` when either is `null`.
    pub delta: Option<f64>,
    /// Controls in both reports that are met now and were not met before, by id.
    pub newly_met: Vec<String>,
    /// Controls in both reports whose status got worse or whose score dropped, by id.
    pub regressed: Vec<Regression>,
}

/// A control that got worse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regression {
    /// Control id.
    pub id: String,
    /// Its state in the earlier report.
    pub before: ControlState,
    /// Its state now.
    pub after: ControlState,
}

/// A control's status and score at one time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ControlState {
    /// Status.
    pub status: Status,
    /// Score 0..1, `null` when upcoming.
    pub score: Option<f64>,
}

/// The part of an earlier report a comparison reads; other fields are ignored, so reports of
/// later versions with added fields still compare.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Previous {
    /// Readiness in percent.
    pub readiness: Option<f64>,
    /// Its controls.
    pub controls: Vec<PreviousControl>,
}

/// One control of an earlier report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviousControl {
    /// Control id.
    pub id: String,
    /// Status.
    pub status: Status,
    /// Score 0..1, `null` when upcoming.
    pub score: Option<f64>,
}

impl PreviousControl {
    /// Its state.
    pub fn state(&self) -> ControlState {
        ControlState {
            status: self.status,
            score: self.score,
        }
    }
}

/// Parses an earlier JSON report; `file` names it in the error, which says what to change.
pub fn parse(file: &str, text: &str) -> Result<Previous, Problem> {
    let hint = "pass a report written by `soc2 assess --format json`";
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Problem::new(
            file,
            e.line(),
            e.column(),
            format!("the baseline is not valid JSON ({e}); {hint}"),
        )
    })?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(SCHEMA_VERSION) => {}
        Some(v) => {
            return Err(Problem::new(
                file,
                0,
                0,
                format!(
                    "the baseline has schema_version {v}, but this soc2 reads schema_version {SCHEMA_VERSION}; regenerate it with this version of soc2"
                ),
            ));
        }
        None => {
            return Err(Problem::new(
                file,
                0,
                0,
                format!("the baseline has no schema_version, so it is not a soc2 report; {hint}"),
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| {
        Problem::new(
            file,
            0,
            0,
            format!("the baseline is not a soc2 report ({e}); {hint}"),
        )
    })
}

/// How good a status is, for spotting regressions: met > partial > stale or missing. Upcoming
/// is not scored, so a change to or from it is no regression by status.
fn rank(status: Status) -> Option<u8> {
    match status {
        Status::Met => Some(3),
        Status::Partial => Some(2),
        Status::Stale | Status::Missing => Some(1),
        Status::Upcoming => None,
    }
}

/// Whether `after` is worse than `before`: a lower status rank or a lower score.
fn worse(before: ControlState, after: ControlState) -> bool {
    let by_status =
        matches!((rank(before.status), rank(after.status)), (Some(b), Some(a)) if a < b);
    let by_score = matches!((before.score, after.score), (Some(b), Some(a)) if a < b - 1e-9);
    by_status || by_score
}

fn state(control: &ControlResult) -> ControlState {
    ControlState {
        status: control.status,
        score: control.score,
    }
}

/// Compares an earlier report with this one. Only controls present in both are compared:
/// a control that entered or left the scope moves the readiness, not the lists.
pub fn compare(previous: &Previous, report: &Report) -> Baseline {
    let mut newly_met = Vec::new();
    let mut regressed = Vec::new();
    for control in &report.controls {
        let Some(before) = previous.controls.iter().find(|p| p.id == control.id) else {
            continue;
        };
        let (before, after) = (before.state(), state(control));
        if after.status == Status::Met && before.status != Status::Met {
            newly_met.push(control.id.clone());
        }
        if worse(before, after) {
            regressed.push(Regression {
                id: control.id.clone(),
                before,
                after,
            });
        }
    }
    let delta = match (previous.readiness, report.readiness) {
        (Some(b), Some(a)) => Some(((a - b) * 10.0).round() / 10.0),
        _ => None,
    };
    Baseline {
        readiness_before: previous.readiness,
        readiness_after: report.readiness,
        delta,
        newly_met,
        regressed,
    }
}

impl Report {
    /// Attaches the comparison with an earlier report; with `fail_on_regression`, any
    /// regression fails the gate as well.
    pub fn compare_with(&mut self, previous: &Previous, fail_on_regression: bool) {
        let baseline = compare(previous, self);
        if fail_on_regression {
            self.gate.fail_on_regression = true;
            if !baseline.regressed.is_empty() {
                self.gate.passed = false;
            }
        }
        self.baseline = Some(baseline);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn previous(json: &str) -> Previous {
        parse("old.json", json).unwrap()
    }

    #[test]
    fn status_order_is_met_partial_then_stale_or_missing() {
        let s = |status, score| ControlState { status, score };
        assert!(worse(
            s(Status::Met, Some(1.0)),
            s(Status::Partial, Some(0.5))
        ));
        assert!(worse(
            s(Status::Partial, Some(0.5)),
            s(Status::Stale, Some(0.0))
        ));
        assert!(worse(
            s(Status::Partial, Some(0.5)),
            s(Status::Partial, Some(0.25))
        ));
        assert!(!worse(
            s(Status::Stale, Some(0.0)),
            s(Status::Missing, Some(0.0))
        ));
        assert!(!worse(
            s(Status::Missing, Some(0.0)),
            s(Status::Stale, Some(0.0))
        ));
        assert!(!worse(s(Status::Met, Some(1.0)), s(Status::Upcoming, None)));
        assert!(!worse(
            s(Status::Partial, Some(0.5)),
            s(Status::Met, Some(1.0))
        ));
    }

    #[test]
    fn newly_met_regressed_and_delta() {
        let report = sample::report();
        // In the sample, AC-04 is partial 0.75, CM-02 missing, PL-01 met, BK-01 upcoming.
        let old = previous(
            r#"{"schema_version": 1, "readiness": 70.0, "controls": [
                {"id": "AC-04", "status": "met", "score": 1.0},
                {"id": "PL-01", "status": "partial", "score": 0.5},
                {"id": "CM-02", "status": "missing", "score": 0.0},
                {"id": "GONE-1", "status": "met", "score": 1.0}
            ]}"#,
        );
        let b = compare(&old, &report);
        assert_eq!(b.readiness_before, Some(70.0));
        assert_eq!(b.readiness_after, report.readiness);
        assert_eq!(
            b.delta,
            report.readiness.map(|r| ((r - 70.0) * 10.0).round() / 10.0)
        );
        assert_eq!(b.newly_met, vec!["PL-01".to_string()]);
        assert_eq!(b.regressed.len(), 1);
        assert_eq!(b.regressed[0].id, "AC-04");
        assert_eq!(b.regressed[0].before.status, Status::Met);
        assert_eq!(b.regressed[0].after.status, Status::Partial);
    }

    #[test]
    fn fail_on_regression_fails_the_gate_only_when_something_regressed() {
        let passing = || {
            let mut report = sample::report();
            report.gate.fail_under = None;
            report.gate.passed = true;
            report
        };
        let mut report = passing();
        let same = serde_json::to_string(&report).unwrap();
        report.compare_with(&previous(&same), true);
        assert!(report.gate.passed);
        assert!(report.baseline.as_ref().unwrap().regressed.is_empty());

        let mut report = passing();
        let old = r#"{"schema_version": 1, "readiness": 99.0,
            "controls": [{"id": "AC-04", "status": "met", "score": 1.0}]}"#;
        report.compare_with(&previous(old), false);
        assert!(report.gate.passed);
        report.compare_with(&previous(old), true);
        assert!(!report.gate.passed);
    }

    #[test]
    fn other_schema_versions_and_bad_json_are_refused_naming_the_file() {
        let e = parse("old.json", r#"{"schema_version": 2, "controls": []}"#).unwrap_err();
        assert!(e.to_string().starts_with("old.json: "), "{e}");
        assert!(e.to_string().contains("schema_version 2"), "{e}");
        let e = parse("old.json", "{\n  \"schema_version\": 1,\n  oops").unwrap_err();
        assert_eq!((e.line, e.file.as_str()), (3, "old.json"));
        let e = parse("old.json", r#"{"controls": []}"#).unwrap_err();
        assert!(e.message.contains("no schema_version"), "{e}");
        let e = parse("old.json", r#"{"schema_version": 1}"#).unwrap_err();
        assert!(e.message.contains("not a soc2 report"), "{e}");
    }

    #[test]
    fn baseline_shows_in_json_only_when_compared() {
        let mut report = sample::report();
        let json = serde_json::to_value(&report).unwrap();
        assert!(json.get("baseline").is_none());
        assert!(json["gate"].get("fail_on_regression").is_none());
        let same = serde_json::to_string(&report).unwrap();
        report.compare_with(&previous(&same), true);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["baseline"]["delta"], 0.0);
        assert_eq!(json["gate"]["fail_on_regression"], true);
    }
}
