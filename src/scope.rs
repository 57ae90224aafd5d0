//! What an assessment looks at: the categories, Type I or Type II, the dates, the controls
//! excluded with their reasons and the remediation items. Plain data, built by the binary from
//! flags and `soc2.toml`, read by the scoring.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use crate::criteria::Category;

/// Type I (design on one date) or Type II (operation over a period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReportType {
    /// Controls designed and in place as of one date.
    #[serde(rename = "type1")]
    Type1,
    /// Controls operating over an observation period.
    #[serde(rename = "type2")]
    Type2,
}

impl ReportType {
    /// `type1` or `type2`, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportType::Type1 => "type1",
            ReportType::Type2 => "type2",
        }
    }

    /// `Type I` or `Type II`, for people.
    pub fn title(self) -> &'static str {
        match self {
            ReportType::Type1 => "Type I",
            ReportType::Type2 => "Type II",
        }
    }
}

/// An observation period, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl Period {
    /// Whether the period is shorter than three calendar months (a three-month period such as
    /// 2026-01-01..2026-03-31 is long enough).
    pub fn too_short(&self) -> bool {
        self.start
            .checked_add_months(Months::new(3))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .is_some_and(|min_end| self.end < min_end)
    }

    /// Whether the period is longer than twelve calendar months.
    pub fn too_long(&self) -> bool {
        self.start
            .checked_add_months(Months::new(12))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .is_some_and(|max_end| self.end > max_end)
    }

    /// Parses `START..END` with ISO dates.
    pub fn parse(text: &str) -> Option<Period> {
        let (a, b) = text.trim().split_once("..")?;
        let start = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").ok()?;
        let end = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").ok()?;
        Some(Period { start, end })
    }
}

/// A control left out of the assessment, with the reason an auditor will ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// The control id.
    pub control: String,
    /// Why it does not apply.
    pub reason: String,
    /// Who approved the exclusion.
    pub approved_by: Option<String>,
    /// After this date the exclusion lapses and the control is assessed again.
    pub expires: Option<NaiveDate>,
}

/// Who fixes a gap, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remediation {
    /// The control id.
    pub control: String,
    /// Who owns the fix.
    pub owner: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// A short note.
    pub note: Option<String>,
}

/// Everything the scoring needs besides the library and the evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// Selected categories, security always among them, in catalog order.
    pub categories: Vec<Category>,
    /// Type I or Type II.
    pub report_type: ReportType,
    /// The as-of date: the assessment date of a Type I; in a Type II, windows ending after it
    /// are upcoming.
    pub as_of: NaiveDate,
    /// The observation period (Type II only).
    pub period: Option<Period>,
    /// Exclusions.
    pub exclusions: Vec<Exclusion>,
    /// Remediation items.
    pub remediation: Vec<Remediation>,
}

impl Scope {
    /// The date evidence is judged at: the as-of date for a Type I; the earlier of the period
    /// end and the as-of date for a Type II.
    pub fn assessment_date(&self) -> NaiveDate {
        match (self.report_type, self.period) {
            (ReportType::Type2, Some(p)) => p.end.min(self.as_of),
            _ => self.as_of,
        }
    }
}

/// Adds security to a category list when it is missing; returns whether it was added.
pub fn with_security(categories: &mut Vec<Category>) -> bool {
    if categories.contains(&Category::Security) {
        return false;
    }
    categories.push(Category::Security);
    categories.sort();
    true
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_of_exactly_three_months_is_not_too_short() {
        let p = Period::parse("2026-01-01..2026-03-31").unwrap();
        assert!(!p.too_short());
        let p = Period::parse("2026-01-01..2026-03-30").unwrap();
        assert!(p.too_short());
    }

    #[test]
    fn a_period_of_exactly_twelve_months_is_not_too_long() {
        let p = Period::parse("2026-01-01..2026-12-31").unwrap();
        assert!(!p.too_long());
        let p = Period::parse("2026-01-01..2027-01-01").unwrap();
        assert!(p.too_long());
    }

    #[test]
    fn type2_assessment_date_is_earlier_of_period_end_and_as_of() {
        let mut scope = Scope {
            categories: vec![Category::Security],
            report_type: ReportType::Type2,
            as_of: d("2026-04-15"),
            period: Period::parse("2026-01-01..2026-06-30"),
            exclusions: vec![],
            remediation: vec![],
        };
        assert_eq!(scope.assessment_date(), d("2026-04-15"));
        scope.as_of = d("2026-09-01");
        assert_eq!(scope.assessment_date(), d("2026-06-30"));
        scope.report_type = ReportType::Type1;
        assert_eq!(scope.assessment_date(), d("2026-09-01"));
    }

    #[test]
    fn selecting_criteria_without_security_adds_it() {
        let mut cats = vec![Category::Availability];
        assert!(with_security(&mut cats));
        assert_eq!(cats, vec![Category::Security, Category::Availability]);
        assert!(!with_security(&mut cats));
    }
}
