//! One report model and its renderers. `Report` is the JSON of SPEC §8; every format renders
//! the same value and computes nothing of its own. The gate decision lives here too, apart from
//! any renderer.

pub mod baseline;
pub mod csv;
pub mod escape;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod paths;
pub mod plain;
pub mod rows;
pub mod sarif;
pub mod table;

#[cfg(test)]
mod sample;

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use crate::assess::{
    Assessment, CategoryScore, ControlResult, CriterionScore, EvidenceEntry, NotApplicable,
};
use crate::criteria::Category;
use crate::scope::{Period, ReportType};
use crate::warning::Warning;

/// The JSON report's schema version.
pub const SCHEMA_VERSION: u32 = 1;

/// The tool that wrote a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    /// Always `soc2`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Tool {
    /// This build.
    pub fn current() -> Tool {
        Tool {
            name: "soc2".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The CI gate's settings and verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gate {
    /// Minimum readiness, in percent.
    pub fail_under: Option<f64>,
    /// Whether any gap fails.
    pub strict: bool,
    /// Whether the gate passed.
    pub passed: bool,
    /// Whether a regression against a baseline fails the gate (`--fail-on-regression`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fail_on_regression: bool,
}

impl Gate {
    /// Decides the gate: readiness below `fail_under` fails (no readiness counts as 0); with
    /// `strict`, any control that is a gap fails.
    pub fn decide(assessment: &Assessment, fail_under: Option<f64>, strict: bool) -> Gate {
        let readiness = assessment.readiness.unwrap_or(0.0);
        let under = fail_under.is_some_and(|min| readiness < min);
        let gap = strict && assessment.gaps().next().is_some();
        Gate {
            fail_under,
            strict,
            passed: !under && !gap,
            fail_on_regression: false,
        }
    }
}

/// The whole report: SPEC §8, `schema_version` 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always 1 for this layout.
    pub schema_version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// Project name.
    pub project: String,
    /// Type I or Type II.
    pub report_type: ReportType,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The observation period (Type II).
    pub period: Option<Period>,
    /// The date evidence was judged at (not in the JSON: it follows from as_of and period).
    #[serde(skip)]
    pub assessment_date: NaiveDate,
    /// Selected categories.
    pub categories_selected: Vec<Category>,
    /// Readiness in percent.
    pub readiness: Option<f64>,
    /// The gate.
    pub gate: Gate,
    /// Category scores.
    pub categories: Vec<CategoryScore>,
    /// Criterion scores.
    pub criteria: Vec<CriterionScore>,
    /// Assessed controls.
    pub controls: Vec<ControlResult>,
    /// Matched evidence.
    pub evidence: Vec<EvidenceEntry>,
    /// Excluded controls.
    pub not_applicable: Vec<NotApplicable>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The comparison with an earlier report (`--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<baseline::Baseline>,
}

impl Report {
    /// Wraps an assessment with the project name and the gate.
    pub fn new(project: String, assessment: Assessment, gate: Gate) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool::current(),
            project,
            report_type: assessment.report_type,
            as_of: assessment.as_of,
            period: assessment.period,
            assessment_date: assessment.assessment_date,
            categories_selected: assessment.categories_selected,
            readiness: assessment.readiness,
            gate,
            categories: assessment.categories,
            criteria: assessment.criteria,
            controls: assessment.controls,
            evidence: assessment.evidence,
            not_applicable: assessment.not_applicable,
            warnings: assessment.warnings,
            baseline: None,
        }
    }

    /// "Type II, 2026-01-01..2026-06-30 (as of 2026-06-30)" or "Type I as of 2026-06-30".
    pub fn when(&self) -> String {
        match self.period {
            Some(p) => format!(
                "{}, {}..{} (as of {})",
                self.report_type.title(),
                p.start,
                p.end,
                self.as_of
            ),
            None => format!("{} as of {}", self.report_type.title(), self.as_of),
        }
    }
}

/// Readiness or a score in percent as text: `72.5%`, or `n/a`.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.1}%"))
}

/// How a renderer should look: decided once by the binary, never by a renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Whether to use ANSI colours.
    pub color: bool,
    /// Terminal width, when known.
    pub width: Option<u16>,
}

/// The output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal table.
    Table,
    /// JSON (SPEC §8).
    Json,
    /// Markdown for a wiki, a merge request or a CI step summary.
    Markdown,
    /// CSV, one row per requirement not met.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// JUnit XML for CI test reporters.
    Junit,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

/// A report rendered in a format, as bytes; the same bytes `render` writes.
pub fn to_bytes(report: &Report, format: Format, style: &Style) -> io::Result<Vec<u8>> {
    if format == Format::Json {
        return json::to_bytes(report);
    }
    let mut out = Vec::new();
    render(report, format, style, &mut out)?;
    Ok(out)
}

/// Renders a report in a format.
pub fn render(
    report: &Report,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, style, out),
        Format::Json => json::render(report, out),
        Format::Markdown => markdown::render(report, style, out),
        Format::Csv => csv::render(report, style, out),
        Format::Html => html::render(report, style, out),
        Format::Junit => junit::render(report, style, out),
        Format::Sarif => sarif::render(report, style, out),
    }
}
