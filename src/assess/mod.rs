//! Scoring (SPEC §5) as a pure function of the library, the evidence index and the scope. It
//! never reads the clock, the environment or the file system: dates come in as data.

pub mod model;
mod requirement;
mod score;

use std::collections::BTreeSet;

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
    // A file dated after the assessment date is left out of every requirement that counts it;
    // one warning says so, whichever requirements match it.
    for (fi, file) in index.files.iter().enumerate() {
        if let Some(d) = file.date.filter(|d| *d > dates.assessment)
            && per_slot.counted.get(fi) == Some(&true)
        {
            warnings.insert(Warning::new(
                WarningKind::FutureDatedEvidence,
                format!(
                    "{} is dated {d}, after the assessment date {}, and does not count",
                    file.path, dates.assessment
                ),
            ));
        }
    }
    // Each control's first slot: slots are numbered control by control, requirement by
    // requirement, in plan order.
    let mut jobs = Vec::with_capacity(plan.controls.len());
    let mut slot = 0usize;
    for &ci in &plan.controls {
        if let Some(control) = library.controls.get(ci) {
            jobs.push((control, slot));
            slot += control.evidence.len();
        }
    }
    // Controls are judged independently, so a large library is judged on a few threads.
    let judged = crate::par::map(
        &jobs,
        crate::par::threads(),
        |_: &mut (), &(control, first)| {
            judge_control(control, first, index, &per_slot, &dates, scope)
        },
    );
    let mut controls = Vec::with_capacity(judged.len());
    for (control, found) in judged {
        controls.push(control);
        warnings.extend(found);
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

/// Judges one control whose requirements are the slots from `first` on; returns its result
/// and the warnings it raised.
fn judge_control(
    control: &Control,
    first: usize,
    index: &EvidenceIndex,
    per_slot: &PerSlot,
    dates: &Dates,
    scope: &Scope,
) -> (ControlResult, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut requirements = Vec::with_capacity(control.evidence.len());
    for (slot, req) in (first..).zip(&control.evidence) {
        let all = per_slot
            .files
            .get(slot)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (counted, future): (Vec<&EvidenceFile>, Vec<&EvidenceFile>) = all
            .iter()
            .filter_map(|&i| index.files.get(i))
            .partition(|f| f.date.is_none_or(|d| d <= dates.assessment));
        let drafts = per_slot
            .drafts
            .get(slot)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let left = LeftOut {
            future: future.len(),
            drafts: drafts
                .iter()
                .filter_map(|&d| index.drafts.get(d))
                .map(|d| d.path.clone())
                .collect(),
        };
        let result = judge(req, &counted, &left, dates);
        let undated_only = !counted.is_empty() && counted.iter().all(|f| f.date.is_none());
        if undated_only && result.status != Status::Met {
            warnings.push(Warning::new(
                WarningKind::UndatedOnly,
                format!(
                    "{}/{} matches only undated files; date them in the name or front matter",
                    control.id, req.id
                ),
            ));
        }
        requirements.push(result);
    }
    let result = score::control_result(control, requirements, scope, dates.assessment);
    (result, warnings)
}

/// The evidence of each slot.
struct PerSlot {
    /// Indexes in `EvidenceIndex::files` of the files that count for each slot (copies left
    /// out), in path order.
    files: Vec<Vec<usize>>,
    /// Indexes in `EvidenceIndex::drafts` of the drafts each slot matched.
    drafts: Vec<Vec<usize>>,
    /// Whether a file counts for at least one slot.
    counted: Vec<bool>,
}

/// Sorts the index's files and drafts into slots; a copy is left out of the slot it copies in.
fn files_per_slot(index: &EvidenceIndex, slots: usize) -> PerSlot {
    let mut copies: Vec<(u32, usize)> = index.reused.iter().map(|r| (r.slot, r.copy)).collect();
    copies.sort_unstable();
    // Few files are copies: only theirs are looked up.
    let mut a_copy = vec![false; index.files.len()];
    for &(_, file) in &copies {
        if let Some(c) = a_copy.get_mut(file) {
            *c = true;
        }
    }
    let is_copy = |slot: u32, file: usize| {
        a_copy.get(file) == Some(&true) && copies.binary_search(&(slot, file)).is_ok()
    };
    let mut per_slot = PerSlot {
        files: vec![Vec::new(); slots],
        drafts: vec![Vec::new(); slots],
        counted: vec![false; index.files.len()],
    };
    for (fi, file) in index.files.iter().enumerate() {
        for &s in &file.slots {
            if is_copy(s, fi) {
                continue;
            }
            if let Some(list) = per_slot.files.get_mut(s as usize) {
                list.push(fi);
                if let Some(c) = per_slot.counted.get_mut(fi) {
                    *c = true;
                }
            }
        }
    }
    for (di, draft) in index.drafts.iter().enumerate() {
        for &s in &draft.slots {
            if let Some(list) = per_slot.drafts.get_mut(s as usize) {
                list.push(di);
            }
        }
    }
    per_slot
}
