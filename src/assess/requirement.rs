//! The verdict on one evidence requirement (SPEC §5): design requirements and Type I operating
//! ones by presence and age; Type II operating ones by calendar windows or, for `event`, by a
//! count over the period. Reasons are written for people in a readiness meeting.

use std::sync::Arc;

use chrono::NaiveDate;

use super::model::{RequirementResult, Status, UpcomingWindow};
use crate::calendar::{Cadence, Window, period_windows};
use crate::evidence::EvidenceFile;
use crate::library::{Kind, Requirement};
use crate::scope::{Period, ReportType};

/// The dates a requirement is judged against.
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    /// Type I or Type II.
    pub report_type: ReportType,
    /// The observation period (Type II).
    pub period: Option<Period>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The assessment date (evidence after it does not count).
    pub assessment: NaiveDate,
}

/// Matching files that do not count, kept to explain a missing requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// How many were dated after the assessment date.
    pub future: usize,
    /// Drafts (`status: draft` front matter), by path.
    pub drafts: Vec<String>,
}

/// Judges one requirement from the files that count for it (no copies, nothing future-dated);
/// `left` says which matching files were left out, for the reason text.
pub fn judge(
    req: &Requirement,
    files: &[&EvidenceFile],
    left: &LeftOut,
    dates: &Dates,
) -> RequirementResult {
    let mut result = RequirementResult {
        id: req.id.clone(),
        title: req.title.clone(),
        kind: req.kind,
        every: req.every,
        status: Status::Missing,
        score: Some(0.0),
        files: Vec::new(),
        windows_required: Vec::new(),
        windows_missing: Vec::new(),
        windows_upcoming: Vec::new(),
        reason: None,
        line: req.line,
    };
    match (dates.report_type, req.kind, req.every, dates.period) {
        (ReportType::Type2, Kind::Operating, Some(Cadence::Event), Some(period)) => {
            judge_event(req, files, left, period, dates, &mut result);
        }
        (ReportType::Type2, Kind::Operating, Some(cadence), Some(period)) => {
            judge_windows(req, files, left, cadence, period, dates, &mut result);
        }
        _ => {
            result.files = files.iter().map(|f| f.path.clone()).collect();
            judge_presence(req, files, left, dates.assessment, &mut result);
        }
    }
    result
}

fn set(result: &mut RequirementResult, status: Status, score: f64, reason: Option<String>) {
    result.status = status;
    result.score = Some(score);
    result.reason = reason;
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The reason when nothing counts.
fn nothing_counts(req: &Requirement, left: &LeftOut, date: NaiveDate) -> String {
    if let Some(first) = left.drafts.first() {
        return match left.drafts.len() {
            1 => format!(
                "only a draft matches ({first}); approve it and change its `status` so it counts"
            ),
            n => format!(
                "only drafts match ({first} and {} more); approve them and change their `status` so they count",
                n - 1
            ),
        };
    }
    let future = left.future;
    if future > 0 {
        let (noun, verbs) = if future == 1 {
            ("file is", "does")
        } else {
            ("files are", "do")
        };
        return format!("{future} matching {noun} dated after {date} and {verbs} not count yet");
    }
    let globs: Vec<&str> = req.paths.iter().take(2).map(String::as_str).collect();
    format!("no file matches {}", globs.join(" or "))
}

fn undated_only(n: usize) -> String {
    format!(
        "{} {} but none carries a date; put YYYY-MM-DD in the name or `date:` in the front matter",
        plural(n, "file", "files"),
        if n == 1 { "matches" } else { "match" }
    )
}

/// Design requirements, and operating requirements of a Type I: present, and young enough when
/// `max_age` is set.
fn judge_presence(
    req: &Requirement,
    files: &[&EvidenceFile],
    left: &LeftOut,
    date: NaiveDate,
    result: &mut RequirementResult,
) {
    if files.is_empty() {
        set(
            result,
            Status::Missing,
            0.0,
            Some(nothing_counts(req, left, date)),
        );
        return;
    }
    let Some(age) = req.max_age else {
        set(result, Status::Met, 1.0, None);
        return;
    };
    let newest = files.iter().filter_map(|f| f.date).max();
    let earliest = age.earliest(date);
    match (newest, earliest) {
        (None, _) => set(result, Status::Stale, 0.0, Some(undated_only(files.len()))),
        (Some(newest), Some(earliest)) if newest < earliest => {
            let reason = format!(
                "newest file is dated {newest}, older than {age}; it needs one dated {earliest} or later"
            );
            set(result, Status::Stale, 0.0, Some(reason));
        }
        _ => set(result, Status::Met, 1.0, None),
    }
}

fn list_labels(labels: &[String]) -> String {
    const SHOWN: usize = 3;
    let head: Vec<&str> = labels.iter().take(SHOWN).map(String::as_str).collect();
    match labels.len().saturating_sub(SHOWN) {
        0 => head.join(", "),
        more => format!("{} and {more} more", head.join(", ")),
    }
}

/// Type II operating requirement with calendar windows.
fn judge_windows(
    req: &Requirement,
    files: &[&EvidenceFile],
    left: &LeftOut,
    cadence: Cadence,
    period: Period,
    dates: &Dates,
    result: &mut RequirementResult,
) {
    let windows = period_windows(cadence, period.start, period.end);
    let (required, upcoming): (Vec<Window>, Vec<Window>) =
        windows.into_iter().partition(|w| w.end <= dates.as_of);
    result.windows_upcoming = upcoming
        .iter()
        .map(|w| UpcomingWindow {
            window: w.label.clone(),
            due: w.end,
        })
        .collect();
    result.windows_required = required.iter().map(|w| w.label.clone()).collect();
    if required.is_empty() {
        result.status = Status::Upcoming;
        result.score = None;
        result.reason = upcoming
            .first()
            .map(|w| format!("first window {} is due {}", w.label, w.end));
        return;
    }
    let mut dated: Vec<NaiveDate> = files.iter().filter_map(|f| f.date).collect();
    dated.sort_unstable();
    let count_in = |w: &Window| {
        let lo = dated.partition_point(|d| *d < w.start);
        let hi = dated.partition_point(|d| *d <= w.end);
        hi.saturating_sub(lo)
    };
    let missing: Vec<String> = required
        .iter()
        .filter(|w| count_in(w) < req.min as usize)
        .map(|w| w.label.clone())
        .collect();
    let covered = required.len() - missing.len();
    let score = covered as f64 / required.len() as f64;
    // Only files inside a window of the period count; list those, not stray older ones. The
    // windows follow one another without a gap, so they cover one span of days.
    let first_day = required.first().map(|w| w.start);
    let last_day = upcoming.last().or(required.last()).map(|w| w.end);
    let in_window =
        |d: NaiveDate| first_day.is_some_and(|a| a <= d) && last_day.is_some_and(|b| d <= b);
    result.files = files
        .iter()
        .filter(|f| f.date.is_some_and(in_window))
        .map(|f| f.path.clone())
        .collect();
    // When no dated file falls in any window, say where the newest one is.
    let newest = match (result.files.is_empty(), dated.last()) {
        (true, Some(d)) => format!("; the newest is dated {d}"),
        _ => String::new(),
    };
    let status = match covered {
        c if c == required.len() => Status::Met,
        0 => Status::Missing,
        _ => Status::Partial,
    };
    let reason = if missing.is_empty() {
        None
    } else if files.is_empty() {
        Some(nothing_counts(req, left, dates.assessment))
    } else if dated.is_empty() {
        Some(undated_only(files.len()))
    } else if req.min > 1 {
        Some(format!(
            "fewer than {} records dated in {}{newest}",
            req.min,
            list_labels(&missing)
        ))
    } else {
        Some(format!(
            "no record dated in {}{newest}",
            list_labels(&missing)
        ))
    };
    result.windows_missing = missing;
    set(result, status, score, reason);
}

/// Type II `event` requirement: at least `min` records dated within the period.
fn judge_event(
    req: &Requirement,
    files: &[&EvidenceFile],
    left: &LeftOut,
    period: Period,
    dates: &Dates,
    result: &mut RequirementResult,
) {
    if dates.as_of < period.start {
        result.status = Status::Upcoming;
        result.score = None;
        result.reason = Some(format!("the period starts {}", period.start));
        return;
    }
    let inside_files: Vec<Arc<str>> = files
        .iter()
        .filter(|f| f.date.is_some_and(|d| d >= period.start && d <= period.end))
        .map(|f| f.path.clone())
        .collect();
    let inside = inside_files.len();
    result.files = inside_files;
    if inside >= req.min as usize {
        set(result, Status::Met, 1.0, None);
        return;
    }
    let dated = files.iter().filter(|f| f.date.is_some()).count();
    let reason = if files.is_empty() {
        nothing_counts(req, left, dates.assessment)
    } else if dated == 0 {
        undated_only(files.len())
    } else if inside == 0 {
        format!("no record dated within {}..{}", period.start, period.end)
    } else {
        format!(
            "{} dated within the period, {} needed",
            plural(inside, "record", "records"),
            req.min
        )
    };
    set(result, Status::Missing, 0.0, Some(reason));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::calendar::Age;
    use crate::evidence::DateSource;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn req(kind: Kind, every: Option<Cadence>, max_age: Option<&str>, min: u32) -> Requirement {
        Requirement {
            id: "r".into(),
            title: "R".into(),
            kind,
            paths: vec!["x/**".into()],
            max_age: max_age.and_then(Age::parse),
            every,
            min,
            guidance: String::new(),
            line: 1,
        }
    }

    fn file(path: &str, date: Option<&str>) -> EvidenceFile {
        EvidenceFile {
            path: path.into(),
            date: date.map(d),
            source: if date.is_some() {
                DateSource::Name
            } else {
                DateSource::None
            },
            slots: vec![0],
        }
    }

    fn type1(on: &str) -> Dates {
        Dates {
            report_type: ReportType::Type1,
            period: None,
            as_of: d(on),
            assessment: d(on),
        }
    }

    fn type2(start: &str, end: &str, as_of: &str) -> Dates {
        let period = Period {
            start: d(start),
            end: d(end),
        };
        Dates {
            report_type: ReportType::Type2,
            period: Some(period),
            as_of: d(as_of),
            assessment: d(end).min(d(as_of)),
        }
    }

    fn run(r: &Requirement, files: &[EvidenceFile], dates: &Dates) -> RequirementResult {
        let refs: Vec<&EvidenceFile> = files.iter().collect();
        judge(r, &refs, &LeftOut::default(), dates)
    }

    #[test]
    fn type1_design_is_met_by_an_undated_or_earlier_file() {
        let r = req(Kind::Design, None, None, 1);
        assert_eq!(
            run(&r, &[file("x/p.pdf", None)], &type1("2026-06-30")).status,
            Status::Met
        );
        assert_eq!(
            run(
                &r,
                &[file("x/p-2026-01-01.pdf", Some("2026-01-01"))],
                &type1("2026-06-30")
            )
            .status,
            Status::Met
        );
        let missing = run(&r, &[], &type1("2026-06-30"));
        assert_eq!(
            (missing.status, missing.score),
            (Status::Missing, Some(0.0))
        );
        assert_eq!(missing.reason.as_deref(), Some("no file matches x/**"));
    }

    #[test]
    fn type1_design_with_max_age_is_stale_when_newest_is_too_old() {
        let r = req(Kind::Design, None, Some("1y"), 1);
        let old = run(
            &r,
            &[
                file("x/a", Some("2024-05-01")),
                file("x/b", Some("2025-06-29")),
            ],
            &type1("2026-06-30"),
        );
        assert_eq!(old.status, Status::Stale);
        assert_eq!(
            old.reason.as_deref(),
            Some(
                "newest file is dated 2025-06-29, older than 1y; it needs one dated 2025-06-30 or later"
            )
        );
        let fresh = run(&r, &[file("x/a", Some("2025-06-30"))], &type1("2026-06-30"));
        assert_eq!(fresh.status, Status::Met);
    }

    #[test]
    fn max_age_with_only_undated_matches_is_stale_with_hint() {
        let r = req(Kind::Design, None, Some("1y"), 1);
        let res = run(
            &r,
            &[file("x/a", None), file("x/b", None), file("x/c", None)],
            &type1("2026-06-30"),
        );
        assert_eq!(res.status, Status::Stale);
        assert!(
            res.reason
                .unwrap()
                .starts_with("3 files match but none carries a date")
        );
    }

    #[test]
    fn type1_operating_is_met_when_control_ran_once() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        assert_eq!(
            run(&r, &[file("x/a", Some("2025-02-01"))], &type1("2026-06-30")).status,
            Status::Met
        );
        assert_eq!(
            run(&r, &[file("x/a", None)], &type1("2026-06-30")).status,
            Status::Met
        );
    }

    #[test]
    fn type1_operating_honours_max_age() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), Some("6m"), 1);
        assert_eq!(
            run(&r, &[file("x/a", Some("2025-02-01"))], &type1("2026-06-30")).status,
            Status::Stale
        );
    }

    #[test]
    fn type2_design_is_judged_at_earlier_of_period_end_and_as_of() {
        let r = req(Kind::Design, None, Some("1y"), 1);
        let dates = type2("2026-01-01", "2026-06-30", "2026-12-31");
        assert_eq!(
            run(&r, &[file("x/a", Some("2025-07-01"))], &dates).status,
            Status::Met
        );
        assert_eq!(
            run(&r, &[file("x/a", Some("2025-06-29"))], &dates).status,
            Status::Stale
        );
    }

    #[test]
    fn type2_quarterly_partial_scores_covered_over_required() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        let res = run(
            &r,
            &[file("x/q1", Some("2026-03-31"))],
            &type2("2026-01-01", "2026-06-30", "2026-06-30"),
        );
        assert_eq!(res.status, Status::Partial);
        assert_eq!(res.score, Some(0.5));
        assert_eq!(res.windows_required, vec!["2026-Q1", "2026-Q2"]);
        assert_eq!(res.windows_missing, vec!["2026-Q2"]);
        assert_eq!(res.reason.as_deref(), Some("no record dated in 2026-Q2"));
    }

    #[test]
    fn type2_window_needs_min_records() {
        let r = req(Kind::Operating, Some(Cadence::Month), None, 2);
        let files = [
            file("x/a", Some("2026-01-05")),
            file("x/b", Some("2026-01-20")),
            file("x/c", Some("2026-02-03")),
        ];
        let res = run(&r, &files, &type2("2026-01-01", "2026-03-31", "2026-03-31"));
        assert_eq!(res.windows_missing, vec!["2026-02", "2026-03"]);
        assert_eq!(
            res.reason.as_deref(),
            Some("fewer than 2 records dated in 2026-02, 2026-03")
        );
        assert!((res.score.unwrap() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn type2_window_counts_whole_calendar_window_even_outside_period() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        // The period starts mid-quarter; a record from before the period start still covers Q1.
        let res = run(
            &r,
            &[file("x/a", Some("2026-01-10"))],
            &type2("2026-02-15", "2026-06-30", "2026-06-30"),
        );
        assert_eq!(res.windows_required, vec!["2026-Q1", "2026-Q2"]);
        assert_eq!(res.windows_missing, vec!["2026-Q2"]);
    }

    #[test]
    fn type2_period_shorter_than_cadence_uses_lookback_span() {
        let r = req(Kind::Operating, Some(Cadence::Year), None, 1);
        let res = run(
            &r,
            &[file("x/a", Some("2025-09-01"))],
            &type2("2026-01-01", "2026-06-30", "2026-06-30"),
        );
        assert_eq!(res.windows_required, vec!["2025-07-01..2026-06-30"]);
        assert_eq!(res.status, Status::Met);
    }

    #[test]
    fn undated_files_never_cover_a_window() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        let res = run(
            &r,
            &[file("x/a", None), file("x/b", None)],
            &type2("2026-01-01", "2026-06-30", "2026-06-30"),
        );
        assert_eq!(res.status, Status::Missing);
        assert!(
            res.reason
                .unwrap()
                .starts_with("2 files match but none carries a date")
        );
    }

    #[test]
    fn windows_ending_after_as_of_are_upcoming() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        let res = run(
            &r,
            &[file("x/a", Some("2026-02-01"))],
            &type2("2026-01-01", "2026-12-31", "2026-05-15"),
        );
        assert_eq!(res.windows_required, vec!["2026-Q1"]);
        let upcoming: Vec<&str> = res
            .windows_upcoming
            .iter()
            .map(|w| w.window.as_str())
            .collect();
        assert_eq!(upcoming, vec!["2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(res.windows_upcoming[0].due, d("2026-06-30"));
        assert_eq!(res.status, Status::Met);
    }

    #[test]
    fn requirement_with_all_windows_upcoming_is_upcoming_without_score() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        let res = run(&r, &[], &type2("2026-01-01", "2026-12-31", "2026-02-15"));
        assert_eq!((res.status, res.score), (Status::Upcoming, None));
        assert_eq!(
            res.reason.as_deref(),
            Some("first window 2026-Q1 is due 2026-03-31")
        );
    }

    #[test]
    fn event_requirement_needs_min_records_within_period() {
        let r = req(Kind::Operating, Some(Cadence::Event), None, 2);
        let dates = type2("2026-01-01", "2026-06-30", "2026-06-30");
        let one = run(
            &r,
            &[
                file("x/a", Some("2026-03-01")),
                file("x/b", Some("2025-12-31")),
            ],
            &dates,
        );
        assert_eq!(one.status, Status::Missing);
        assert_eq!(
            one.reason.as_deref(),
            Some("1 record dated within the period, 2 needed")
        );
        let two = run(
            &r,
            &[
                file("x/a", Some("2026-03-01")),
                file("x/b", Some("2026-06-30")),
            ],
            &dates,
        );
        assert_eq!((two.status, two.score), (Status::Met, Some(1.0)));
        assert!(two.windows_required.is_empty());
    }

    #[test]
    fn future_dated_only_says_so() {
        let r = req(Kind::Design, None, None, 1);
        let res = judge(
            &r,
            &[],
            &LeftOut {
                future: 2,
                drafts: vec![],
            },
            &type1("2026-06-30"),
        );
        assert_eq!(
            res.reason.as_deref(),
            Some("2 matching files are dated after 2026-06-30 and do not count yet")
        );
    }

    #[test]
    fn windowed_requirement_lists_only_files_inside_windows_and_names_the_newest() {
        let r = req(Kind::Operating, Some(Cadence::Year), None, 1);
        let res = run(
            &r,
            &[file("x/old", Some("2025-05-14"))],
            &type2("2026-01-01", "2026-06-30", "2026-06-30"),
        );
        assert!(res.files.is_empty());
        assert_eq!(
            res.reason.as_deref(),
            Some("no record dated in 2025-07-01..2026-06-30; the newest is dated 2025-05-14")
        );
    }

    #[test]
    fn windowed_requirement_lists_files_from_the_first_window_to_the_last_upcoming_one() {
        let r = req(Kind::Operating, Some(Cadence::Quarter), None, 1);
        let files = [
            file("x/before", Some("2025-12-31")),
            file("x/q1-first-day", Some("2026-01-01")),
            file("x/q3-upcoming", Some("2026-08-01")),
            file("x/q4-last-day", Some("2026-12-31")),
            file("x/after", Some("2027-01-01")),
        ];
        let res = run(&r, &files, &type2("2026-01-01", "2026-12-31", "2026-06-30"));
        let files: Vec<&str> = res.files.iter().map(AsRef::as_ref).collect();
        assert_eq!(files, ["x/q1-first-day", "x/q3-upcoming", "x/q4-last-day"]);
        assert_eq!(res.windows_missing, ["2026-Q2"]);
    }

    #[test]
    fn a_requirement_matched_only_by_drafts_says_so() {
        let r = req(Kind::Design, None, None, 1);
        let left = LeftOut {
            future: 0,
            drafts: vec!["x/policy.md".into()],
        };
        let res = judge(&r, &[], &left, &type1("2026-06-30"));
        assert_eq!(
            res.reason.as_deref(),
            Some(
                "only a draft matches (x/policy.md); approve it and change its `status` so it counts"
            )
        );
    }
}
