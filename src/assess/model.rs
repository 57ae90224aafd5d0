//! The result of an assessment: plain data that serialises to the controls, criteria, evidence
//! and warnings of the JSON report (SPEC §8). Nothing here computes.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Cadence;
use crate::criteria::Category;
use crate::evidence::DateSource;
use crate::library::{Kind, Risk};
use crate::scope::{Period, ReportType};
use crate::warning::Warning;

/// A date as chrono writes it, from plain digits: the evidence list has a date for every file.
fn iso_date<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date.map(|d| (d, crate::calendar::iso_date(d))) {
        None => s.serialize_none(),
        Some((_, Some(digits))) => {
            s.serialize_some(std::str::from_utf8(&digits).unwrap_or_default())
        }
        Some((d, None)) => s.serialize_some(&d),
    }
}

/// Writes a 0..1 score with four decimals: the value stays exact for the arithmetic, and the
/// report shows what a person can check without float noise such as 0.3333333333333333.
fn four_places<S: serde::Serializer>(score: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match score {
        Some(v) => s.serialize_f64(four_decimals(*v)),
        None => s.serialize_none(),
    }
}

/// A 0..1 score as reports show it: four decimals.
pub fn four_decimals(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// The status of a requirement or control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every required window or check is satisfied.
    Met,
    /// Some windows are covered.
    Partial,
    /// Evidence exists but is too old or undated.
    Stale,
    /// No evidence that counts.
    Missing,
    /// Nothing is due yet.
    Upcoming,
}

impl Status {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Stale => "stale",
            Status::Missing => "missing",
            Status::Upcoming => "upcoming",
        }
    }

    /// Whether this status is a gap (scored and not met).
    pub fn is_gap(self) -> bool {
        matches!(self, Status::Partial | Status::Stale | Status::Missing)
    }
}

/// A window that ends after the as-of date, with its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpcomingWindow {
    /// The window label.
    pub window: String,
    /// Its last day.
    pub due: NaiveDate,
}

/// The verdict on one evidence requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementResult {
    /// Requirement id.
    pub id: String,
    /// What is asked for.
    pub title: String,
    /// Design or operating.
    pub kind: Kind,
    /// Cadence of an operating requirement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every: Option<Cadence>,
    /// Status.
    pub status: Status,
    /// Score 0..1; `null` when upcoming.
    #[serde(serialize_with = "four_places")]
    pub score: Option<f64>,
    /// Files that count for it, sorted (shared with the index: a clone is a count, not a copy).
    pub files: Vec<Arc<str>>,
    /// Windows that had to be covered by the as-of date.
    pub windows_required: Vec<String>,
    /// Required windows without enough records.
    pub windows_missing: Vec<String>,
    /// Windows not yet due.
    pub windows_upcoming: Vec<UpcomingWindow>,
    /// What is missing, in plain words; `null` when met.
    pub reason: Option<String>,
    /// 1-based line of the requirement in its library file (0 when unknown); for SARIF and
    /// annotations, not part of the JSON report.
    #[serde(skip)]
    pub line: usize,
}

/// Who fixes a control's gap and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemediationStatus {
    /// Owner of the fix.
    pub owner: String,
    /// Due date.
    pub due: Option<NaiveDate>,
    /// Due before the assessment date.
    pub overdue: bool,
    /// A short note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The verdict on one control.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlResult {
    /// Control id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Risk.
    pub risk: Risk,
    /// Status.
    pub status: Status,
    /// Score 0..1 (mean of its non-upcoming requirements); `null` when upcoming.
    #[serde(serialize_with = "four_places")]
    pub score: Option<f64>,
    /// Criteria it maps to.
    pub criteria: Vec<String>,
    /// Owner: the remediation owner, else the library's default.
    pub owner: Option<String>,
    /// Remediation item, if any.
    pub remediation: Option<RemediationStatus>,
    /// Requirement verdicts, in library order.
    pub requirements: Vec<RequirementResult>,
    /// Where the control is defined; for SARIF and annotations, not part of the JSON report.
    #[serde(skip)]
    pub source: SourceLocation,
}

/// Where a control is defined: its library file as a `/`-separated path (the built-in library's
/// files as `controls/<name>.yaml`) and the 1-based line of its entry (0 when unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLocation {
    /// The library file.
    pub file: String,
    /// The line of the control's entry.
    pub line: usize,
}

/// A category's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryScore {
    /// The category.
    pub category: Category,
    /// Risk-weighted percentage; `null` when nothing in it is scored.
    pub score: Option<f64>,
    /// Assessed controls touching the category.
    pub controls: usize,
}

/// Whether a criterion is served by the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionStatus {
    /// An assessed control maps to it.
    Covered,
    /// All controls mapping to it are excluded.
    NotApplicable,
    /// No control of the library maps to it.
    Uncovered,
}

impl CriterionStatus {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionStatus::Covered => "covered",
            CriterionStatus::NotApplicable => "not_applicable",
            CriterionStatus::Uncovered => "uncovered",
        }
    }
}

/// A criterion's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    /// Criterion id.
    pub id: String,
    /// Risk-weighted percentage; `null` when nothing mapped to it is scored.
    pub score: Option<f64>,
    /// Covered, not applicable or uncovered.
    pub status: CriterionStatus,
    /// Assessed controls mapped to it.
    pub controls: Vec<String>,
}

/// One evidence file some requirement matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceEntry {
    /// Path relative to the evidence root (shared with the index).
    pub path: Arc<str>,
    /// Its date.
    #[serde(serialize_with = "iso_date")]
    pub date: Option<NaiveDate>,
    /// The rule that dated it.
    pub date_source: DateSource,
}

/// An excluded control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotApplicable {
    /// Control id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Why it does not apply.
    pub reason: String,
    /// Who approved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// When the exclusion lapses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// Criteria the control maps to, so per-category reports can list it; not in the JSON.
    #[serde(skip)]
    pub criteria: Vec<String>,
}

/// The whole verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Type I or Type II.
    pub report_type: ReportType,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The observation period (Type II).
    pub period: Option<Period>,
    /// The date evidence is judged at.
    #[serde(skip)]
    pub assessment_date: NaiveDate,
    /// Selected categories.
    pub categories_selected: Vec<Category>,
    /// Risk-weighted readiness in percent, one decimal; `null` when nothing is scored.
    pub readiness: Option<f64>,
    /// Per-category scores.
    pub categories: Vec<CategoryScore>,
    /// Per-criterion scores.
    pub criteria: Vec<CriterionScore>,
    /// Assessed controls, sorted by id.
    pub controls: Vec<ControlResult>,
    /// Every matched evidence file, sorted by path.
    pub evidence: Vec<EvidenceEntry>,
    /// Excluded controls.
    pub not_applicable: Vec<NotApplicable>,
    /// Warnings, sorted.
    pub warnings: Vec<Warning>,
}

impl Assessment {
    /// Controls that are gaps (scored and not met).
    pub fn gaps(&self) -> impl Iterator<Item = &ControlResult> {
        self.controls.iter().filter(|c| c.status.is_gap())
    }
}
