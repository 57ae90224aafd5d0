//! Rows shared by the renderers, built once from the report: the gap list in meeting order and
//! what each gap is missing in plain words, the same list per requirement (CSV, SARIF), the
//! controls of each category (JUnit), the heat map of criteria (HTML) and the score bands every
//! coloured format uses. Renderers arrange these rows; they never score anything.

use super::baseline::ControlState;
use super::{Report, percent};
use crate::assess::{ControlResult, CriterionStatus, NotApplicable, RequirementResult, Status};
use crate::criteria::{self, Category};

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

/// What one requirement is missing in plain words: its reason, else its status.
pub fn reason(requirement: &RequirementResult) -> &str {
    requirement
        .reason
        .as_deref()
        .unwrap_or(requirement.status.as_str())
}

/// The missing phrases followed by the remediation note, if the control has one, so the plan
/// shows next to the gap in every format.
fn with_plan(mut missing: Vec<String>, control: &ControlResult) -> Vec<String> {
    if let Some(note) = control.remediation.as_ref().and_then(|r| r.note.as_deref()) {
        missing.push(format!("plan: {note}"));
    }
    missing
}

/// What one control is missing: `requirement: reason` for each requirement that is a gap.
pub fn missing(control: &ControlResult) -> Vec<String> {
    control
        .requirements
        .iter()
        .filter(|r| r.status.is_gap())
        .map(|r| format!("{}: {}", r.id, reason(r)))
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
            missing: with_plan(missing(c), c),
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

impl GapRow<'_> {
    /// The due date with an overdue mark (`2026-05-01 OVERDUE`), or empty.
    pub fn due_text(&self) -> String {
        self.due_marked(|d| format!("{d} OVERDUE"))
    }

    /// The due date, with `overdue` deciding how an overdue date is marked in a format.
    pub fn due_marked(&self, overdue: impl Fn(&str) -> String) -> String {
        match (&self.due, self.overdue) {
            (Some(d), true) => overdue(d),
            (Some(d), false) => d.clone(),
            (None, _) => String::new(),
        }
    }
}

/// Control ids escaped for a format and joined with commas, or `none`.
pub fn id_list(ids: &[String], escape: impl Fn(&str) -> String) -> String {
    if ids.is_empty() {
        return "none".to_string();
    }
    ids.iter()
        .map(|id| escape(id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A control's score as a whole percentage (`50%`), or empty when it has none.
pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(String::new, |s| format!("{:.0}%", s * 100.0))
}

/// One requirement that is not met, with its control: a CSV row, a SARIF result.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementGap<'a> {
    /// The control's gap row.
    pub gap: GapRow<'a>,
    /// The requirement.
    pub requirement: &'a RequirementResult,
}

/// Every requirement that is a gap, in gap order (worst control first), then library order.
pub fn requirement_gaps(report: &Report) -> Vec<RequirementGap<'_>> {
    gaps(report)
        .into_iter()
        .flat_map(|gap| {
            gap.control
                .requirements
                .iter()
                .filter(|r| r.status.is_gap())
                .map(move |requirement| RequirementGap {
                    gap: gap.clone(),
                    requirement,
                })
        })
        .collect()
}

/// Whether any of `criteria` belongs to `category`.
pub fn touches(criteria: &[String], category: Category) -> bool {
    criteria
        .iter()
        .any(|id| criteria::criterion(id).is_some_and(|c| c.category == category))
}

/// The assessed and the excluded controls touching one category, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryControls<'a> {
    /// The category.
    pub category: Category,
    /// Its score in percent, as the report gives it.
    pub score: Option<f64>,
    /// Assessed controls touching it.
    pub controls: Vec<&'a ControlResult>,
    /// Excluded controls touching it.
    pub not_applicable: Vec<&'a NotApplicable>,
}

/// The controls of each selected category, in the report's category order.
pub fn by_category(report: &Report) -> Vec<CategoryControls<'_>> {
    report
        .categories
        .iter()
        .map(|c| CategoryControls {
            category: c.category,
            score: c.score,
            controls: report
                .controls
                .iter()
                .filter(|x| touches(&x.criteria, c.category))
                .collect(),
            not_applicable: report
                .not_applicable
                .iter()
                .filter(|x| touches(&x.criteria, c.category))
                .collect(),
        })
        .collect()
}

/// How a score reads at a glance; every coloured format maps these to its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    /// 85% or more.
    Ready,
    /// 60% to under 85%.
    Close,
    /// Above 0% and under 60%.
    Weak,
    /// 0%.
    Empty,
    /// Covered, but nothing is due yet (no score).
    NotDue,
    /// Every control mapped to it is excluded.
    NotApplicable,
    /// No control of the library maps to it.
    Uncovered,
}

impl Band {
    /// The band of a percentage; `None` (nothing scored) is not due.
    pub fn of(percent: Option<f64>) -> Band {
        match percent {
            Some(p) if p >= 85.0 => Band::Ready,
            Some(p) if p >= 60.0 => Band::Close,
            Some(p) if p > 0.0 => Band::Weak,
            Some(_) => Band::Empty,
            None => Band::NotDue,
        }
    }

    /// A short kebab-case name, used as a CSS class and in legends.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Ready => "ready",
            Band::Close => "close",
            Band::Weak => "weak",
            Band::Empty => "empty",
            Band::NotDue => "not-due",
            Band::NotApplicable => "not-applicable",
            Band::Uncovered => "uncovered",
        }
    }

    /// What the band means, for a legend.
    pub fn label(self) -> &'static str {
        match self {
            Band::Ready => "85% or more",
            Band::Close => "60% to 85%",
            Band::Weak => "under 60%",
            Band::Empty => "0%",
            Band::NotDue => "nothing due yet",
            Band::NotApplicable => "not applicable",
            Band::Uncovered => "no control maps to it",
        }
    }
}

/// One criterion on the heat map.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell<'a> {
    /// Criterion id.
    pub id: &'a str,
    /// The catalog's short title.
    pub title: &'static str,
    /// Its score in percent.
    pub score: Option<f64>,
    /// Its band.
    pub band: Band,
    /// Assessed controls mapped to it.
    pub controls: &'a [String],
}

/// The criteria of the report grouped by category, in catalog order, each with its band.
pub fn heat_map(report: &Report) -> Vec<(Category, Vec<HeatCell<'_>>)> {
    report
        .categories_selected
        .iter()
        .map(|&category| {
            let cells = report
                .criteria
                .iter()
                .filter_map(|c| {
                    let known = criteria::criterion(&c.id)?;
                    (known.category == category).then(|| HeatCell {
                        id: &c.id,
                        title: known.title,
                        score: c.score,
                        band: match c.status {
                            CriterionStatus::Covered => Band::of(c.score),
                            CriterionStatus::NotApplicable => Band::NotApplicable,
                            CriterionStatus::Uncovered => Band::Uncovered,
                        },
                        controls: &c.controls,
                    })
                })
                .collect();
            (category, cells)
        })
        .collect()
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

/// The gate's rules and verdict in words (`readiness at least 85.0%, no regression`), or
/// `None` when no gate was asked for.
pub fn gate_rules(report: &Report) -> Option<(String, bool)> {
    let gate = &report.gate;
    let mut rules = Vec::new();
    if let Some(min) = gate.fail_under {
        rules.push(format!("readiness at least {min:.1}%"));
    }
    if gate.strict {
        rules.push("no gaps (strict)".to_string());
    }
    if gate.fail_on_regression {
        rules.push("no regression against the baseline".to_string());
    }
    (!rules.is_empty()).then(|| (rules.join(", "), gate.passed))
}

/// A readiness change in points with its sign (`+3.2 points`, `-0.5 points`, `no change`).
pub fn delta_text(delta: Option<f64>) -> String {
    match delta {
        None => "n/a".to_string(),
        // Deltas carry one decimal, so anything under half a tenth is no change (also -0.0).
        Some(d) if d.abs() < 0.05 => "no change".to_string(),
        Some(d) => format!("{d:+.1} points"),
    }
}

/// A control's state at one time (`partial 75%`, `upcoming`).
pub fn state_text(state: &ControlState) -> String {
    match state.score {
        Some(s) => format!("{} {}", state.status.as_str(), score_text(Some(s))),
        None => state.status.as_str().to_string(),
    }
}

/// `70.0% -> 72.5% (+2.5 points)`: the baseline's readiness line.
pub fn readiness_change(before: Option<f64>, after: Option<f64>, delta: Option<f64>) -> String {
    format!(
        "{} -> {} ({})",
        percent(before),
        percent(after),
        delta_text(delta)
    )
}

/// What an upcoming control waits for: `restore: 2026 due 2026-12-31`, one per window.
pub fn upcoming(control: &ControlResult) -> Vec<String> {
    control
        .requirements
        .iter()
        .flat_map(|r| {
            r.windows_upcoming
                .iter()
                .map(move |w| format!("{}: {} due {}", r.id, w.window, w.due))
        })
        .collect()
}
