//! Scoring (SPEC §5) as a pure function of the library, the evidence index and the scope. It
//! never reads the clock, the environment or the file system: dates come in as data.

pub mod model;
mod requirement;
mod score;

use std::collections::{BTreeMap, BTreeSet};

use crate::evidence::{EvidenceFile, EvidenceIndex};
use crate::library::{Control, Library};
use crate::scope::{ReportType, Scope};
use crate::warning::{Warning, WarningKind};

pub use model::*;
pub use requirement::{Dates, LeftOut, judge};

/// Which controls are assessed and which requirement each evidence slot stands for.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Indexes of assessed controls in the library (in scope, not excluded or lapsed).
    pub controls: Vec<usize>,
    /// Indexes of in-scope controls excluded with a valid exclusion.
    pub excluded: Vec<usize>,
    /// `slots[i] = (control index, requirement index)` for every requirement of `controls`.
    pub slots: Vec<(usize, usize)>,
    /// Warnings about the scope itself (lapsed or out-of-scope exclusions).
    pub warnings: Vec<Warning>,
}

impl Plan {
    /// The globs of each slot, in slot order, for building the evidence index.
    pub fn globs(&self, library: &Library) -> Vec<Vec<String>> {
        self.slots
            .iter()
            .map(|&(c, r)| {
                library
                    .controls
                    .get(c)
                    .and_then(|c| c.evidence.get(r))
                    .map(|r| r.paths.clone())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// Decides which controls are assessed. Exclusion and remediation ids must already be known to
/// the library (the caller reports unknown ones with their position in `soc2.toml`).
pub fn plan(library: &Library, scope: &Scope) -> Plan {
    let date = scope.assessment_date();
    let mut plan = Plan::default();
    for (ci, control) in library.controls.iter().enumerate() {
        if !control.in_scope(&scope.categories) {
            continue;
        }
        match scope.exclusions.iter().find(|e| e.control == control.id) {
            Some(e) if e.expires.is_some_and(|x| x < date) => {
                let expired = e.expires.map(|d| d.to_string()).unwrap_or_default();
                plan.warnings.push(Warning::new(WarningKind::ExclusionLapsed, format!("the exclusion of {} expired on {expired}, before {date}; the control is assessed again (renew the exclusion or collect its evidence)", control.id)));
            }
            Some(_) => {
                plan.excluded.push(ci);
                continue;
            }
            None => {}
        }
        plan.controls.push(ci);
        plan.slots
            .extend((0..control.evidence.len()).map(|ri| (ci, ri)));
    }
    for e in &scope.exclusions {
        if library
            .get(&e.control)
            .is_some_and(|c| !c.in_scope(&scope.categories))
        {
            plan.warnings.push(Warning::new(WarningKind::OutOfScope, format!("{} is excluded but none of its criteria is in the selected categories; the exclusion has no effect", e.control)));
        }
    }
    plan
}

/// Assesses the planned controls against the evidence index.
pub fn assess(library: &Library, plan: &Plan, index: &EvidenceIndex, scope: &Scope) -> Assessment {
    let dates = Dates {
        report_type: scope.report_type,
        period: if scope.report_type == ReportType::Type2 {
            scope.period
        } else {
            None
        },
        as_of: scope.as_of,
        assessment: scope.assessment_date(),
    };
    let mut warnings: BTreeSet<Warning> = plan.warnings.iter().cloned().collect();
    warnings.extend(index.warnings.iter().cloned());
    if let (ReportType::Type2, Some(p)) = (scope.report_type, dates.period) {
        if p.too_short() {
            warnings.insert(Warning::new(WarningKind::PeriodTooShort, format!("the period {}..{} is shorter than 3 months; a Type II usually observes 3 to 12 months", p.start, p.end)));
        }
        if p.too_long() {
            warnings.insert(Warning::new(WarningKind::PeriodTooLong, format!("the period {}..{} is longer than 12 months; a Type II usually observes 3 to 12 months", p.start, p.end)));
        }
    }
    let per_slot = files_per_slot(index, plan.slots.len());
    let mut controls = Vec::with_capacity(plan.controls.len());
    let mut slot = 0usize;
    for &ci in &plan.controls {
        let Some(control) = library.controls.get(ci) else {
            continue;
        };
        let mut requirements = Vec::with_capacity(control.evidence.len());
        for req in &control.evidence {
            let slot_id = slot;
            let all = per_slot.get(slot).map(Vec::as_slice).unwrap_or_default();
            slot += 1;
            let (counted, future): (Vec<&EvidenceFile>, Vec<&EvidenceFile>) = all
                .iter()
                .filter_map(|&i| index.files.get(i))
                .partition(|f| f.date.is_none_or(|d| d <= dates.assessment));
            for f in &future {
                if let Some(d) = f.date {
                    warnings.insert(Warning::new(
                        WarningKind::FutureDatedEvidence,
                        format!(
                            "{} is dated {d}, after the assessment date {}, and does not count",
                            f.path, dates.assessment
                        ),
                    ));
                }
            }
            let drafts: Vec<String> = index
                .drafts
                .iter()
                .filter(|d| d.slots.contains(&(slot_id as u32)))
                .map(|d| d.path.clone())
                .collect();
            let left = LeftOut {
                future: future.len(),
                drafts,
            };
            let result = judge(req, &counted, &left, &dates);
            let undated_only = !counted.is_empty() && counted.iter().all(|f| f.date.is_none());
            if undated_only && result.status != Status::Met {
                warnings.insert(Warning::new(
                    WarningKind::UndatedOnly,
                    format!(
                        "{}/{} matches only undated files; date them in the name or front matter",
                        control.id, req.id
                    ),
                ));
            }
            requirements.push(result);
        }
        controls.push(score::control_result(
            control,
            requirements,
            scope,
            dates.assessment,
        ));
    }
    let excluded: Vec<&Control> = plan
        .excluded
        .iter()
        .filter_map(|&i| library.controls.get(i))
        .collect();
    score::finish(
        library,
        scope,
        &dates,
        controls,
        &excluded,
        index,
        warnings.into_iter().collect(),
    )
}

/// For each slot, the indexes of the files that count for it (copies left out).
fn files_per_slot(index: &EvidenceIndex, slots: usize) -> Vec<Vec<usize>> {
    let copies: BTreeMap<(u32, usize), ()> = index
        .reused
        .iter()
        .map(|r| ((r.slot, r.copy), ()))
        .collect();
    let mut per_slot: Vec<Vec<usize>> = vec![Vec::new(); slots];
    for (fi, file) in index.files.iter().enumerate() {
        for &s in &file.slots {
            if copies.contains_key(&(s, fi)) {
                continue;
            }
            if let Some(list) = per_slot.get_mut(s as usize) {
                list.push(fi);
            }
        }
    }
    per_slot
}
