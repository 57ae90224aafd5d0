//! Rows shared by the table, Markdown, CSV and HTML renderers, built once from the report: the
//! gap list in meeting order and what each gap is missing, in plain words.

use super::Report;
use crate::assess::{ControlResult, Status};

/// One control that is not met, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow<'a> {
    /// The control.
    pub control: &'a ControlResult,
    /// What is missing, one phrase per requirement that is not met.
    pub missing: Vec<String>,
    /// Owner, if known.
    pub owner: Option<&'a str>,
    /// Due date as text, if any.
    pub due: Option<String>,
    /// Whether the remediation is overdue.
    pub overdue: bool,
}

/// What one control is missing: `requirement: reason` for each requirement that is a gap.
pub fn missing(control: &ControlResult) -> Vec<String> {
    control
        .requirements
        .iter()
        .filter(|r| r.status.is_gap())
        .map(|r| {
            format!(
                "{}: {}",
                r.id,
                r.reason.as_deref().unwrap_or(r.status.as_str())
            )
        })
        .collect()
}

/// Gaps, worst risk first, then lowest score, then id.
pub fn gaps(report: &Report) -> Vec<GapRow<'_>> {
    let mut rows: Vec<GapRow<'_>> = report
        .controls
        .iter()
        .filter(|c| c.status.is_gap())
        .map(|c| GapRow {
            control: c,
            missing: missing(c),
            owner: c.owner.as_deref(),
            due: c
                .remediation
                .as_ref()
                .and_then(|r| r.due)
                .map(|d| d.to_string()),
            overdue: c.remediation.as_ref().is_some_and(|r| r.overdue),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.control
            .risk
            .cmp(&b.control.risk)
            .then(
                a.control
                    .score
                    .unwrap_or(0.0)
                    .total_cmp(&b.control.score.unwrap_or(0.0)),
            )
            .then(a.control.id.cmp(&b.control.id))
    });
    rows
}

/// Counts of controls by status, in a fixed order.
pub fn status_counts(report: &Report) -> Vec<(Status, usize)> {
    [
        Status::Met,
        Status::Partial,
        Status::Stale,
        Status::Missing,
        Status::Upcoming,
    ]
    .into_iter()
    .map(|s| (s, report.controls.iter().filter(|c| c.status == s).count()))
    .collect()
}
