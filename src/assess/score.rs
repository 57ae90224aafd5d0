//! Aggregation: requirement scores into control scores and statuses, controls into the
//! risk-weighted readiness, category and criterion scores (SPEC §5).

use chrono::NaiveDate;

use super::model::*;
use super::requirement::Dates;
use crate::criteria::{self, Category};
use crate::evidence::EvidenceIndex;
use crate::library::{Control, Library};
use crate::scope::Scope;
use crate::warning::Warning;

/// Rounds to `places` decimals, so reports diff cleanly.
pub fn round(value: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (value * f).round() / f
}

/// A control's status and score from its requirements (SPEC §5): the mean over requirements
/// that are not upcoming; `met` when all are met; with score 0, `stale` when all are stale and
/// `missing` otherwise; else `partial`. All upcoming: `upcoming`, no score.
pub fn control_status(requirements: &[RequirementResult]) -> (Status, Option<f64>) {
    let scored: Vec<&RequirementResult> = requirements
        .iter()
        .filter(|r| r.status != Status::Upcoming)
        .collect();
    if scored.is_empty() {
        return (Status::Upcoming, None);
    }
    let score = scored.iter().filter_map(|r| r.score).sum::<f64>() / scored.len() as f64;
    let status = if scored.iter().all(|r| r.status == Status::Met) {
        Status::Met
    } else if score == 0.0 {
        if scored.iter().all(|r| r.status == Status::Stale) {
            Status::Stale
        } else {
            Status::Missing
        }
    } else {
        Status::Partial
    };
    (status, Some(score))
}

/// Builds one control's result.
pub fn control_result(
    control: &Control,
    requirements: Vec<RequirementResult>,
    scope: &Scope,
    date: NaiveDate,
) -> ControlResult {
    let (status, score) = control_status(&requirements);
    let remediation = scope
        .remediation
        .iter()
        .find(|r| r.control == control.id)
        .map(|r| RemediationStatus {
            owner: r.owner.clone(),
            due: r.due,
            overdue: r.due.is_some_and(|d| d < date),
            note: r.note.clone(),
        });
    ControlResult {
        id: control.id.clone(),
        title: control.title.clone(),
        risk: control.risk,
        status,
        score,
        criteria: control.criteria.clone(),
        owner: remediation
            .as_ref()
            .map(|r| r.owner.clone())
            .or_else(|| control.owner.clone()),
        remediation,
        requirements,
        source: SourceLocation {
            file: control
                .origin
                .file
                .strip_prefix("builtin:")
                .unwrap_or(&control.origin.file)
                .to_string(),
            line: control.origin.line,
        },
    }
}

/// Risk-weighted mean of control scores in percent, one decimal; `None` when none is scored.
pub fn weighted_percent<'a>(controls: impl Iterator<Item = &'a ControlResult>) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for c in controls {
        if let Some(score) = c.score {
            sum += c.risk.weight() * score;
            weight += c.risk.weight();
        }
    }
    (weight > 0.0).then(|| round(100.0 * sum / weight, 1))
}

fn touches(control: &ControlResult, category: Category) -> bool {
    control
        .criteria
        .iter()
        .any(|id| criteria::criterion(id).is_some_and(|c| c.category == category))
}

/// Puts the whole assessment together.
pub fn finish(
    library: &Library,
    scope: &Scope,
    dates: &Dates,
    controls: Vec<ControlResult>,
    excluded: &[&Control],
    index: &EvidenceIndex,
    warnings: Vec<Warning>,
) -> Assessment {
    let categories = scope
        .categories
        .iter()
        .map(|&category| {
            let members: Vec<&ControlResult> =
                controls.iter().filter(|c| touches(c, category)).collect();
            CategoryScore {
                category,
                score: weighted_percent(members.iter().copied()),
                controls: members.len(),
            }
        })
        .collect();
    let criteria = scope
        .categories
        .iter()
        .flat_map(|c| c.criteria())
        .map(|criterion| {
            let members: Vec<&ControlResult> = controls
                .iter()
                .filter(|c| c.criteria.iter().any(|x| x == criterion.id))
                .collect();
            let status = if !members.is_empty() {
                CriterionStatus::Covered
            } else if library.controls_for(criterion.id).is_empty() {
                CriterionStatus::Uncovered
            } else {
                CriterionStatus::NotApplicable
            };
            CriterionScore {
                id: criterion.id.to_string(),
                score: weighted_percent(members.iter().copied()),
                status,
                controls: members.iter().map(|c| c.id.clone()).collect(),
            }
        })
        .collect();
    let not_applicable = excluded
        .iter()
        .filter_map(|c| {
            let e = scope.exclusions.iter().find(|e| e.control == c.id)?;
            Some(NotApplicable {
                id: c.id.clone(),
                title: c.title.clone(),
                reason: e.reason.clone(),
                approved_by: e.approved_by.clone(),
                expires: e.expires,
                criteria: c.criteria.clone(),
            })
        })
        .collect();
    let evidence = index
        .files
        .iter()
        .map(|f| EvidenceEntry {
            path: f.path.clone(),
            date: f.date,
            date_source: f.source,
        })
        .collect();
    Assessment {
        report_type: scope.report_type,
        as_of: scope.as_of,
        period: dates.period,
        assessment_date: dates.assessment,
        categories_selected: scope.categories.clone(),
        readiness: weighted_percent(controls.iter()),
        categories,
        criteria,
        controls,
        evidence,
        not_applicable,
        warnings,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::library::{Kind, Risk};

    fn req(status: Status, score: Option<f64>) -> RequirementResult {
        RequirementResult {
            id: "r".into(),
            title: "R".into(),
            kind: Kind::Design,
            every: None,
            status,
            score,
            files: vec![],
            windows_required: vec![],
            windows_missing: vec![],
            windows_upcoming: vec![],
            reason: None,
            line: 0,
        }
    }

    fn control(risk: Risk, score: Option<f64>) -> ControlResult {
        ControlResult {
            id: "C".into(),
            title: "T".into(),
            risk,
            status: Status::Partial,
            score,
            criteria: vec!["CC6.1".into()],
            owner: None,
            remediation: None,
            requirements: vec![],
            source: SourceLocation::default(),
        }
    }

    #[test]
    fn control_score_is_mean_of_non_upcoming_requirements() {
        let (status, score) = control_status(&[
            req(Status::Met, Some(1.0)),
            req(Status::Partial, Some(0.5)),
            req(Status::Upcoming, None),
        ]);
        assert_eq!((status, score), (Status::Partial, Some(0.75)));
    }

    #[test]
    fn control_is_met_only_when_every_requirement_is_met() {
        assert_eq!(
            control_status(&[req(Status::Met, Some(1.0)), req(Status::Met, Some(1.0))]).0,
            Status::Met
        );
        assert_eq!(
            control_status(&[req(Status::Met, Some(1.0)), req(Status::Missing, Some(0.0))]).0,
            Status::Partial
        );
    }

    #[test]
    fn control_with_zero_score_is_stale_only_when_all_requirements_are_stale() {
        assert_eq!(
            control_status(&[req(Status::Stale, Some(0.0)), req(Status::Stale, Some(0.0))]).0,
            Status::Stale
        );
        assert_eq!(
            control_status(&[
                req(Status::Stale, Some(0.0)),
                req(Status::Missing, Some(0.0))
            ])
            .0,
            Status::Missing
        );
    }

    #[test]
    fn control_whose_requirements_are_all_upcoming_is_upcoming() {
        assert_eq!(
            control_status(&[req(Status::Upcoming, None)]),
            (Status::Upcoming, None)
        );
    }

    #[test]
    fn readiness_is_risk_weighted_3_2_1_with_one_decimal() {
        let controls = [
            control(Risk::High, Some(1.0)),
            control(Risk::Medium, Some(0.5)),
            control(Risk::Low, Some(0.0)),
        ];
        // (3*1 + 2*0.5 + 1*0) / 6 = 66.666..%
        assert_eq!(weighted_percent(controls.iter()), Some(66.7));
    }

    #[test]
    fn upcoming_controls_are_left_out_and_nothing_scored_is_none() {
        let controls = [control(Risk::High, None), control(Risk::Low, Some(0.5))];
        assert_eq!(weighted_percent(controls.iter()), Some(50.0));
        assert_eq!(weighted_percent([control(Risk::High, None)].iter()), None);
    }
}
