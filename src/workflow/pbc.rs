//! The Prepared-By-Client request list (`soc2 pbc`): the evidence requests a CPA firm sends before
//! fieldwork, one per in-scope requirement, built from the library and an assessment so every
//! status and file list is the assessment's own.

use chrono::NaiveDate;
use serde::Serialize;

use crate::assess::{Assessment, RequirementResult, Status};
use crate::calendar::{Cadence, period_windows};
use crate::library::{Kind, Library, Requirement};
use crate::scope::{Period, ReportType};

/// One evidence request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PbcRow {
    /// `PBC-001`, numbered in control and requirement order.
    pub number: String,
    /// Control id.
    pub control: String,
    /// Control title.
    pub control_title: String,
    /// Requirement id.
    pub requirement: String,
    /// Criteria the control maps to.
    pub criteria: Vec<String>,
    /// Design or operating.
    pub kind: Kind,
    /// Cadence of an operating requirement.
    pub every: Option<Cadence>,
    /// What is requested: the requirement's title and guidance.
    pub request: String,
    /// The period or windows the request covers, in words.
    pub covers: String,
    /// The windows of the period (Type II operating requirements with a cadence).
    pub windows: Vec<String>,
    /// Where the evidence is expected, as globs under the evidence root.
    pub expected: Vec<String>,
    /// Status from the assessment.
    pub status: Status,
    /// Files that satisfy it, from the assessment.
    pub files: Vec<String>,
    /// The remediation owner, else the control's owner.
    pub owner: Option<String>,
    /// The remediation due date, if any.
    pub due: Option<NaiveDate>,
}

/// The whole request list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PbcList {
    /// Project name.
    pub project: String,
    /// Type I or Type II.
    pub report_type: ReportType,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The observation period (Type II).
    pub period: Option<Period>,
    /// The requests.
    pub requests: Vec<PbcRow>,
}

/// The request text: the title, then the guidance when there is one.
fn request_text(req: &Requirement) -> String {
    let title = req.title.trim().trim_end_matches('.');
    match req.guidance.trim() {
        "" => format!("{title}."),
        guidance => format!("{title}. {guidance}"),
    }
}

/// What period a request covers, in words, and the window labels behind it.
fn coverage(result: &RequirementResult, assessment: &Assessment) -> (String, Vec<String>) {
    let date = assessment.assessment_date;
    match (result.kind, result.every, assessment.period) {
        (Kind::Design, _, _) => (format!("current version as of {date}"), Vec::new()),
        (Kind::Operating, Some(Cadence::Event), Some(p)) => {
            (format!("each event in {}..{}", p.start, p.end), Vec::new())
        }
        (Kind::Operating, Some(cadence), Some(p)) => {
            let labels: Vec<String> = period_windows(cadence, p.start, p.end)
                .into_iter()
                .map(|w| w.label)
                .collect();
            (window_summary(cadence, &labels), labels)
        }
        (Kind::Operating, _, _) => (
            format!("the most recent record on or before {date}"),
            Vec::new(),
        ),
    }
}

/// The window labels, or for long lists the first, the last and the count.
fn window_summary(cadence: Cadence, labels: &[String]) -> String {
    const SHOWN: usize = 6;
    match labels {
        [] => String::new(),
        [one] => format!("{cadence} {one}", cadence = cadence.noun()),
        many if many.len() <= SHOWN => many.join(", "),
        [first, .., last] => format!(
            "{} {} windows, {first} to {last}",
            labels.len(),
            cadence.noun()
        ),
    }
}

/// The request list: one row per requirement of every assessed control, in the assessment's
/// order (controls by id, requirements as the library lists them).
pub fn requests(project: &str, assessment: &Assessment, library: &Library) -> PbcList {
    let mut rows = Vec::new();
    for control in &assessment.controls {
        let definition = library.get(&control.id);
        for result in &control.requirements {
            let req = definition.and_then(|c| c.evidence.iter().find(|r| r.id == result.id));
            let (covers, windows) = coverage(result, assessment);
            rows.push(PbcRow {
                number: format!("PBC-{:03}", rows.len() + 1),
                control: control.id.clone(),
                control_title: control.title.clone(),
                requirement: result.id.clone(),
                criteria: control.criteria.clone(),
                kind: result.kind,
                every: result.every,
                request: req.map_or_else(|| result.title.clone(), request_text),
                covers,
                windows,
                expected: req.map(|r| r.paths.clone()).unwrap_or_default(),
                status: result.status,
                files: result.files.iter().map(|f| f.to_string()).collect(),
                owner: control.owner.clone(),
                due: control.remediation.as_ref().and_then(|r| r.due),
            });
        }
    }
    PbcList {
        project: project.to_string(),
        report_type: assessment.report_type,
        as_of: assessment.as_of,
        period: assessment.period,
        requests: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("2026-{i:02}")).collect()
    }

    #[test]
    fn short_window_lists_are_spelled_out_and_long_ones_summarized() {
        assert_eq!(window_summary(Cadence::Month, &labels(1)), "month 2026-01");
        assert_eq!(
            window_summary(Cadence::Month, &labels(3)),
            "2026-01, 2026-02, 2026-03"
        );
        assert_eq!(
            window_summary(Cadence::Month, &labels(12)),
            "12 month windows, 2026-01 to 2026-12"
        );
    }
}
