//! Property tests (SPEC §4, §5, §8) with a bounded number of cases, so they run in CI on every
//! `cargo test`: date tokens and window labels round-trip, windows cut the calendar into exact
//! pieces, scores stay in range, adding evidence never lowers a score (and copies, future-dated
//! files and drafts never change one), and the JSON report depends on its inputs only.
//!
//! Libraries, scopes and evidence are built in code; the monotonicity and determinism properties
//! write real evidence folders so the index builder's own rules (drafts, copies) take part.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use soc2::assess::{self, Assessment, ControlResult};
use soc2::calendar::{
    Age, AgeUnit, Cadence, parse_window_label, period_windows, window_containing,
};
use soc2::criteria::Category;
use soc2::evidence::dates::{DateSource, date_in_name};
use soc2::evidence::{self, EvidenceFile, EvidenceIndex};
use soc2::library::{Control, Kind, Library, Origin, Requirement, Risk};
use soc2::report::{self, Format, Gate, Report, Style};
use soc2::scope::{Exclusion, Period, ReportType, Scope};

/// Cases per property: enough to find shape bugs, few enough for CI.
const CASES: u32 = 256;

/// Cadences that have calendar windows.
const WINDOWED: [Cadence; 6] = [
    Cadence::Day,
    Cadence::Week,
    Cadence::Month,
    Cadence::Quarter,
    Cadence::HalfYear,
    Cadence::Year,
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).expect("in range")
}

fn minus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).expect("in range")
}

/// Any date a token may hold: 1990-01-01..=2100-12-31.
fn token_date() -> impl Strategy<Value = NaiveDate> {
    let first = day(1990, 1, 1);
    let span = (day(2100, 12, 31) - first).num_days() as u64;
    (0..=span).prop_map(move |n| plus(first, n))
}

/// A date near the periods the fixtures use, 2025..2027.
fn near_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..3 * 366).prop_map(|n| plus(day(2025, 1, 1), n))
}

/// Text before a token: letters then a delimiter, or nothing. No digits, so no earlier token.
fn prefix() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z]{1,6}[-_ .(]"]
}

/// Text after a token: a delimiter then letters, or nothing. No digits, so the token cannot grow.
fn suffix() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[-_.) ][a-z]{0,6}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Every window label reads back as the window it names.
    #[test]
    fn window_labels_round_trip(date in token_date()) {
        for cadence in WINDOWED {
            let window = window_containing(cadence, date).expect("a window");
            prop_assert!(window.contains(date));
            prop_assert_eq!(parse_window_label(&window.label), Some(window));
        }
    }

    /// A day, month, quarter or half-year label inside a file name dates the file at the end of
    /// that window; a week or year label is no date (SPEC §4).
    #[test]
    fn labels_in_names_date_files_at_the_window_end(
        date in token_date(),
        before in prefix(),
        after in suffix(),
    ) {
        for cadence in WINDOWED {
            let window = window_containing(cadence, date).expect("a window");
            let name = format!("{before}{}{after}", window.label);
            let expected = match cadence {
                Cadence::Week | Cadence::Year => None,
                _ => Some(window.end),
            };
            prop_assert_eq!(date_in_name(&name), expected, "{}", name);
        }
    }

    /// The compact YYYYMMDD token and lowercase q/h read like their canonical forms.
    #[test]
    fn compact_and_lowercase_tokens_read_like_canonical_ones(
        date in token_date(),
        before in prefix(),
        after in suffix(),
    ) {
        let compact = format!("{before}{:04}{:02}{:02}{after}", date.year(), date.month(), date.day());
        prop_assert_eq!(date_in_name(&compact), Some(date));
        for cadence in [Cadence::Quarter, Cadence::HalfYear] {
            let window = window_containing(cadence, date).expect("a window");
            let name = format!("{before}{}{after}", window.label.to_lowercase());
            prop_assert_eq!(date_in_name(&name), Some(window.end), "{}", name);
        }
    }

    /// A window contains exactly the dates whose window it is: the day before and after belong to
    /// neighbours, and every day inside maps back to the same window.
    #[test]
    fn a_window_contains_exactly_its_dates(date in near_date()) {
        for cadence in WINDOWED {
            let window = window_containing(cadence, date).expect("a window");
            let from = minus(window.start, 2);
            let to = plus(window.end, 2);
            let mut x = from;
            while x <= to {
                let same = window_containing(cadence, x).as_ref() == Some(&window);
                prop_assert_eq!(window.contains(x), same, "{} {}", window.label, x);
                x = plus(x, 1);
            }
        }
    }

    /// The windows of a period follow each other without gap or overlap and end inside the
    /// period; a period shorter than one cadence gets the one look-back window ending at its end.
    #[test]
    fn period_windows_tile_the_period(start in near_date(), length in 0u64..800) {
        let end = plus(start, length);
        for cadence in WINDOWED {
            let windows = period_windows(cadence, start, end);
            prop_assert!(!windows.is_empty());
            for pair in windows.windows(2) {
                prop_assert_eq!(plus(pair[0].end, 1), pair[1].start);
            }
            for w in &windows {
                prop_assert!(w.start <= w.end);
                prop_assert_eq!(parse_window_label(&w.label), Some(w.clone()));
            }
            let look_back = windows.len() == 1 && windows[0].label.contains("..");
            if look_back {
                prop_assert_eq!(windows[0].end, end);
                prop_assert!(window_containing(cadence, start).expect("a window").end > end);
            } else {
                prop_assert!(windows.iter().all(|w| start <= w.end && w.end <= end));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Random libraries, scopes and evidence indexes, in memory.

const CRITERIA: [&str; 6] = ["CC6.1", "CC7.2", "A1.2", "C1.1", "PI1.1", "P1.1"];

#[derive(Debug, Clone)]
struct ReqSpec {
    operating: bool,
    cadence: usize,
    min: u32,
    max_age: Option<(u32, usize)>,
}

#[derive(Debug, Clone)]
struct ControlSpec {
    criteria: Vec<usize>,
    risk: usize,
    reqs: Vec<ReqSpec>,
}

fn req_spec() -> impl Strategy<Value = ReqSpec> {
    (
        any::<bool>(),
        0..Cadence::ALL.len(),
        1u32..4,
        proptest::option::of((1u32..30, 0usize..4)),
    )
        .prop_map(|(operating, cadence, min, max_age)| ReqSpec {
            operating,
            cadence,
            min,
            max_age,
        })
}

fn control_spec() -> impl Strategy<Value = ControlSpec> {
    (
        proptest::collection::vec(0..CRITERIA.len(), 1..3),
        0usize..3,
        proptest::collection::vec(req_spec(), 1..4),
    )
        .prop_map(|(criteria, risk, reqs)| ControlSpec {
            criteria,
            risk,
            reqs,
        })
}

fn requirement(id: String, kind: Kind, paths: Vec<String>) -> Requirement {
    Requirement {
        title: format!("Requirement {id}"),
        id,
        kind,
        paths,
        max_age: None,
        every: None,
        min: 1,
        guidance: String::new(),
        line: 1,
    }
}

fn control(id: &str, criteria: Vec<String>, risk: Risk, evidence: Vec<Requirement>) -> Control {
    Control {
        id: id.to_string(),
        title: format!("Control {id}"),
        description: String::new(),
        criteria,
        iso27001: Vec::new(),
        risk,
        owner: None,
        evidence,
        origin: Origin {
            file: "props.yaml".to_string(),
            line: 1,
        },
    }
}

fn library_from(specs: &[ControlSpec]) -> Library {
    let units = [AgeUnit::Day, AgeUnit::Week, AgeUnit::Month, AgeUnit::Year];
    let risks = [Risk::High, Risk::Medium, Risk::Low];
    let controls = specs
        .iter()
        .enumerate()
        .map(|(ci, spec)| {
            let evidence = spec
                .reqs
                .iter()
                .enumerate()
                .map(|(ri, r)| {
                    let kind = if r.operating {
                        Kind::Operating
                    } else {
                        Kind::Design
                    };
                    let mut req =
                        requirement(format!("r{ri}"), kind, vec![format!("c{ci}/r{ri}/**")]);
                    req.every = r.operating.then(|| Cadence::ALL[r.cadence]);
                    req.min = r.min;
                    req.max_age = r.max_age.map(|(count, unit)| Age {
                        count,
                        unit: units[unit],
                    });
                    req
                })
                .collect();
            let mut criteria: Vec<String> = spec
                .criteria
                .iter()
                .map(|&i| CRITERIA[i].to_string())
                .collect();
            criteria.sort();
            criteria.dedup();
            control(&format!("C{ci:02}"), criteria, risks[spec.risk], evidence)
        })
        .collect();
    Library { controls }
}

fn scope_strategy() -> impl Strategy<Value = Scope> {
    (
        any::<bool>(),
        near_date(),
        0u64..500,
        0u64..700,
        proptest::collection::vec(any::<bool>(), 4),
        proptest::option::of((0usize..8, proptest::option::of(near_date()))),
    )
        .prop_map(|(type2, start, length, as_of_offset, picks, exclusion)| {
            let mut categories = vec![Category::Security];
            let others = [
                Category::Availability,
                Category::ProcessingIntegrity,
                Category::Confidentiality,
                Category::Privacy,
            ];
            categories.extend(
                others
                    .iter()
                    .zip(picks)
                    .filter(|(_, p)| *p)
                    .map(|(c, _)| *c),
            );
            categories.sort();
            let end = plus(start, length);
            Scope {
                categories,
                report_type: if type2 {
                    ReportType::Type2
                } else {
                    ReportType::Type1
                },
                as_of: plus(start, as_of_offset),
                period: type2.then_some(Period { start, end }),
                exclusions: exclusion
                    .map(|(ci, expires)| Exclusion {
                        control: format!("C{ci:02}"),
                        reason: "not used here".to_string(),
                        approved_by: None,
                        expires,
                    })
                    .into_iter()
                    .collect(),
                remediation: Vec::new(),
            }
        })
}

/// Evidence files as (date, slot picks); slots are reduced modulo the plan's slot count.
fn files_strategy() -> impl Strategy<Value = Vec<(Option<NaiveDate>, Vec<u32>)>> {
    proptest::collection::vec(
        (
            proptest::option::of(near_date()),
            proptest::collection::vec(0u32..64, 1..3),
        ),
        0..24,
    )
}

fn index_from(files: &[(Option<NaiveDate>, Vec<u32>)], slots: usize) -> EvidenceIndex {
    let mut index = EvidenceIndex::default();
    if slots == 0 {
        return index;
    }
    for (i, (date, picks)) in files.iter().enumerate() {
        let mut picked: Vec<u32> = picks.iter().map(|s| s % slots as u32).collect();
        picked.sort_unstable();
        picked.dedup();
        index.files.push(EvidenceFile {
            path: format!("f{i:03}.csv").into(),
            date: *date,
            source: if date.is_some() {
                DateSource::Name
            } else {
                DateSource::None
            },
            slots: picked,
        });
    }
    index
}

fn in_unit(score: Option<f64>) -> bool {
    score.is_none_or(|s| (0.0..=1.0).contains(&s))
}

fn in_percent(score: Option<f64>) -> bool {
    score.is_none_or(|s| (0.0..=100.0).contains(&s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Requirement and control scores stay in 0..1; readiness, category and criterion scores in
    /// 0..100, whatever the library, scope and evidence.
    #[test]
    fn scores_stay_in_range(
        specs in proptest::collection::vec(control_spec(), 1..8),
        scope in scope_strategy(),
        files in files_strategy(),
    ) {
        let library = library_from(&specs);
        let plan = assess::plan(&library, &scope);
        let index = index_from(&files, plan.slots.len());
        let result = assess::assess(&library, &plan, &index, &scope);
        prop_assert!(in_percent(result.readiness), "readiness {:?}", result.readiness);
        for c in &result.controls {
            prop_assert!(in_unit(c.score), "{} {:?}", c.id, c.score);
            for r in &c.requirements {
                prop_assert!(in_unit(r.score), "{}/{} {:?}", c.id, r.id, r.score);
            }
        }
        for c in &result.categories {
            prop_assert!(in_percent(c.score));
        }
        for c in &result.criteria {
            prop_assert!(in_percent(c.score));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Real evidence folders: monotonicity and determinism through the index builder.

/// One folder per requirement of a fixed library that has every kind of rule.
const FOLDERS: [&str; 6] = ["pol", "acc", "rev", "bkp", "chg", "trn"];

fn fixed_library() -> Library {
    let mut policy = requirement("policy".into(), Kind::Design, vec!["pol/**".into()]);
    policy.max_age = Some(Age {
        count: 1,
        unit: AgeUnit::Year,
    });
    let access = requirement("standard".into(), Kind::Design, vec!["acc/**".into()]);
    let operating = |id: &str, folder: &str, every: Cadence, min: u32| {
        let mut r = requirement(id.into(), Kind::Operating, vec![format!("{folder}/**")]);
        r.every = Some(every);
        r.min = min;
        r
    };
    Library {
        controls: vec![
            control(
                "BKP-01",
                vec!["A1.2".into()],
                Risk::Low,
                vec![operating("restore", "bkp", Cadence::Month, 1)],
            ),
            control(
                "CHG-01",
                vec!["CC8.1".into()],
                Risk::Medium,
                vec![operating("tickets", "chg", Cadence::Event, 2)],
            ),
            control(
                "POL-01",
                vec!["CC5.3".into()],
                Risk::High,
                vec![policy, access],
            ),
            control(
                "REV-01",
                vec!["CC6.2".into()],
                Risk::High,
                vec![operating("reviews", "rev", Cadence::Quarter, 1)],
            ),
            control(
                "TRN-01",
                vec!["CC1.4".into()],
                Risk::Medium,
                vec![operating("training", "trn", Cadence::Year, 1)],
            ),
        ],
    }
}

/// How a generated file carries its date.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dating {
    Name,
    FrontMatter,
}

/// One evidence file to write: folder, date and how it is dated, and its content.
#[derive(Debug, Clone)]
struct Spec {
    folder: usize,
    date: Option<NaiveDate>,
    dating: Dating,
    draft: bool,
    content: String,
}

impl Spec {
    fn path(&self, n: usize) -> String {
        let folder = FOLDERS[self.folder];
        match (self.dating, self.date) {
            (Dating::FrontMatter, _) => format!("{folder}/record-{n:03}.md"),
            (Dating::Name, Some(d)) => format!("{folder}/record-{n:03}-{d}.csv"),
            (Dating::Name, None) => format!("{folder}/record-{n:03}.csv"),
        }
    }

    fn bytes(&self) -> String {
        match self.dating {
            Dating::Name => self.content.clone(),
            Dating::FrontMatter => {
                let date = self.date.map(|d| d.to_string()).unwrap_or_default();
                let status = if self.draft { "draft" } else { "approved" };
                format!(
                    "---\ndate: {date}\nstatus: {status}\n---\n{}\n",
                    self.content
                )
            }
        }
    }
}

fn spec_strategy() -> impl Strategy<Value = Spec> {
    (
        0..FOLDERS.len(),
        proptest::option::of(near_date()),
        any::<bool>(),
    )
        .prop_map(|(folder, date, front)| Spec {
            folder,
            date,
            dating: if front {
                Dating::FrontMatter
            } else {
                Dating::Name
            },
            draft: false,
            content: String::new(),
        })
}

/// Gives every spec its own content, so no two are byte-identical unless a test says so.
fn distinct(mut specs: Vec<Spec>) -> Vec<Spec> {
    for (i, s) in specs.iter_mut().enumerate() {
        s.content = format!("record {i}");
    }
    specs
}

fn write_tree(root: &Path, specs: &[Spec], reverse: bool) {
    let mut order: Vec<usize> = (0..specs.len()).collect();
    if reverse {
        order.reverse();
    }
    for folder in FOLDERS {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }
    for i in order {
        std::fs::write(root.join(specs[i].path(i)), specs[i].bytes()).unwrap();
    }
}

fn assess_tree(library: &Library, scope: &Scope, specs: &[Spec], reverse: bool) -> Assessment {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), specs, reverse);
    let plan = assess::plan(library, scope);
    let index = evidence::index(dir.path(), &[], &plan.globs(library)).unwrap();
    assess::assess(library, &plan, &index, scope)
}

fn scores(a: &Assessment) -> Vec<(String, Option<f64>)> {
    a.controls
        .iter()
        .map(|c: &ControlResult| (c.id.clone(), c.score))
        .collect()
}

fn json(a: Assessment) -> Vec<u8> {
    let gate = Gate::decide(&a, Some(80.0), false);
    let report = Report::new("Props".to_string(), a, gate);
    let mut out = Vec::new();
    report::render(&report, Format::Json, &Style::default(), &mut out).unwrap();
    out
}

/// What is added to a folder in the monotonicity property.
#[derive(Debug, Clone)]
enum Added {
    /// A new record with content of its own, dated anyhow (or not at all).
    New(Spec),
    /// A byte-identical copy of an existing record, in the same folder, dated no earlier.
    Copy { of: usize, later_by: u64 },
    /// A record dated after the assessment date.
    Future { folder: usize, after: u64 },
    /// A Markdown record marked `status: draft`.
    Draft { folder: usize, date: NaiveDate },
}

fn added_strategy() -> impl Strategy<Value = Added> {
    prop_oneof![
        spec_strategy().prop_map(Added::New),
        (any::<usize>(), 0u64..200).prop_map(|(of, later_by)| Added::Copy { of, later_by }),
        (0..FOLDERS.len(), 1u64..400).prop_map(|(folder, after)| Added::Future { folder, after }),
        (0..FOLDERS.len(), near_date()).prop_map(|(folder, date)| Added::Draft { folder, date }),
    ]
}

/// The spec of the added file, and whether it may raise a score (only a new record may).
fn added_spec(added: &Added, specs: &[Spec], scope: &Scope) -> Option<(Spec, bool)> {
    let content = "the added record".to_string();
    match added {
        Added::New(spec) => Some((
            Spec {
                content,
                ..spec.clone()
            },
            true,
        )),
        Added::Copy { of, later_by } => {
            let original = specs.get(of % specs.len().max(1))?;
            // Same bytes. A Markdown copy carries the same front matter date; a named copy gets
            // a date no earlier than the original's, or none when the original has none.
            let date = match original.dating {
                Dating::FrontMatter => original.date,
                Dating::Name => original.date.map(|d| plus(d, *later_by)),
            };
            Some((
                Spec {
                    date,
                    ..original.clone()
                },
                false,
            ))
        }
        Added::Future { folder, after } => Some((
            Spec {
                folder: *folder,
                date: Some(plus(scope.assessment_date(), *after)),
                dating: Dating::Name,
                draft: false,
                content,
            },
            false,
        )),
        Added::Draft { folder, date } => Some((
            Spec {
                folder: *folder,
                date: Some(*date),
                dating: Dating::FrontMatter,
                draft: true,
                content,
            },
            false,
        )),
    }
}

fn fixed_scope() -> impl Strategy<Value = Scope> {
    (any::<bool>(), near_date(), 60u64..420, 0u64..500).prop_map(|(type2, start, length, as_of)| {
        Scope {
            categories: vec![Category::Security, Category::Availability],
            report_type: if type2 {
                ReportType::Type2
            } else {
                ReportType::Type1
            },
            as_of: plus(start, as_of),
            period: type2.then_some(Period {
                start,
                end: plus(start, length),
            }),
            exclusions: Vec::new(),
            remediation: Vec::new(),
        }
    })
}

proptest! {
    // Each case writes and walks real folders: fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig::with_cases(CASES / 4))]

    /// Adding a record never lowers any control's score or the readiness; adding a copy that is
    /// no earlier than its original, a future-dated record or a draft changes no score at all.
    #[test]
    fn adding_evidence_never_lowers_a_score(
        specs in proptest::collection::vec(spec_strategy(), 0..14),
        added in added_strategy(),
        scope in fixed_scope(),
    ) {
        let library = fixed_library();
        let specs = distinct(specs);
        let Some((extra, may_raise)) = added_spec(&added, &specs, &scope) else {
            return Ok(());
        };
        let before = assess_tree(&library, &scope, &specs, false);
        let mut more = specs.clone();
        more.push(extra);
        let after = assess_tree(&library, &scope, &more, false);
        for ((id, was), (_, now)) in scores(&before).into_iter().zip(scores(&after)) {
            if may_raise {
                prop_assert!(now.unwrap_or(0.0) >= was.unwrap_or(0.0), "{} fell from {:?} to {:?}", id, was, now);
            } else {
                prop_assert_eq!(was, now, "{} changed after {:?}", id, added);
            }
        }
        let (was, now) = (before.readiness.unwrap_or(0.0), after.readiness.unwrap_or(0.0));
        if may_raise {
            prop_assert!(now >= was, "readiness fell from {} to {}", was, now);
        } else {
            prop_assert_eq!(was, now);
        }
    }

    /// The same folder gives byte-identical JSON, run after run, whatever order the files were
    /// created in (and so whatever order the walk meets them).
    #[test]
    fn json_report_depends_on_inputs_only(
        specs in proptest::collection::vec(spec_strategy(), 0..14),
        copies in proptest::collection::vec(any::<usize>(), 0..3),
        scope in fixed_scope(),
    ) {
        let library = fixed_library();
        let mut specs = distinct(specs);
        for of in copies {
            if let Some(original) = specs.get(of % specs.len().max(1)).cloned() {
                specs.push(original);
            }
        }
        let first = json(assess_tree(&library, &scope, &specs, false));
        let again = json(assess_tree(&library, &scope, &specs, false));
        let reversed = json(assess_tree(&library, &scope, &specs, true));
        prop_assert_eq!(&first, &again);
        prop_assert_eq!(&first, &reversed);
    }
}
