//! A report built in code for the renderers' snapshot tests: every status, an overdue and a
//! future remediation, an excluded control, warnings, and titles and paths that need escaping.

use chrono::NaiveDate;

use super::{Gate, Report, SCHEMA_VERSION, Tool};
use crate::assess::{
    CategoryScore, ControlResult, CriterionScore, CriterionStatus, EvidenceEntry, NotApplicable,
    RemediationStatus, RequirementResult, SourceLocation, Status, UpcomingWindow,
};
use crate::calendar::Cadence;
use crate::criteria::Category;
use crate::evidence::DateSource;
use crate::library::{Kind, Risk};
use crate::scope::{Period, ReportType};
use crate::warning::{Warning, WarningKind};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn requirement(id: &str, title: &str, status: Status, score: Option<f64>) -> RequirementResult {
    RequirementResult {
        id: id.to_string(),
        title: title.to_string(),
        kind: Kind::Design,
        every: None,
        status,
        score,
        files: Vec::new(),
        windows_required: Vec::new(),
        windows_missing: Vec::new(),
        windows_upcoming: Vec::new(),
        reason: None,
        line: 0,
    }
}

#[allow(clippy::too_many_arguments)]
fn control(
    id: &str,
    title: &str,
    risk: Risk,
    status: Status,
    score: Option<f64>,
    criteria: &[&str],
    line: usize,
    requirements: Vec<RequirementResult>,
) -> ControlResult {
    ControlResult {
        id: id.to_string(),
        title: title.to_string(),
        risk,
        status,
        score,
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        owner: None,
        remediation: None,
        requirements,
        source: SourceLocation {
            file: "controls/sample.yaml".to_string(),
            line,
        },
    }
}

/// The sample report: Type II over H1 2026, as of 2026-06-30, security and availability.
pub fn report() -> Report {
    let mut reviews = requirement(
        "reviews",
        "Completed access review",
        Status::Partial,
        Some(0.5),
    );
    reviews.kind = Kind::Operating;
    reviews.every = Some(Cadence::Quarter);
    reviews.files = vec!["access/reviews/2026-Q1 | review.csv".into()];
    reviews.windows_required = vec!["2026-Q1".to_string(), "2026-Q2".to_string()];
    reviews.windows_missing = vec!["2026-Q2".to_string()];
    reviews.reason = Some("no record dated in 2026-Q2".to_string());
    reviews.line = 12;
    let mut policy = requirement("policy", "Access policy", Status::Met, Some(1.0));
    policy.files = vec!["policies/access-2026-01-10.pdf".into()];
    policy.line = 8;
    let mut access = control(
        "AC-04",
        "Quarterly access review | <script>alert(1)</script>",
        Risk::High,
        Status::Partial,
        Some(0.75),
        &["CC6.2", "CC6.3"],
        3,
        vec![policy, reviews],
    );
    access.owner = Some("=HYPERLINK(\"http://x\")".to_string());
    access.remediation = Some(RemediationStatus {
        owner: "=HYPERLINK(\"http://x\")".to_string(),
        due: Some(date(2026, 5, 1)),
        overdue: true,
        note: None,
    });

    let mut tickets = requirement(
        "tickets",
        "Approved change tickets",
        Status::Missing,
        Some(0.0),
    );
    tickets.kind = Kind::Operating;
    tickets.every = Some(Cadence::Event);
    tickets.reason = Some("no file matches change/**".to_string());
    tickets.line = 25;
    let mut change = control(
        "CM-02",
        "Changes are approved\n::error::before release",
        Risk::Medium,
        Status::Missing,
        Some(0.0),
        &["CC8.1"],
        20,
        vec![tickets],
    );
    change.owner = Some("Zugriffsprüfung — 日本".to_string());
    change.remediation = Some(RemediationStatus {
        owner: "Zugriffsprüfung — 日本".to_string(),
        due: Some(date(2026, 9, 1)),
        overdue: false,
        note: Some("First run in Q3".to_string()),
    });

    let mut training = requirement("records", "Training records", Status::Stale, Some(0.0));
    training.reason = Some("newest file is dated 2024-11-02, older than 1y".to_string());
    training.line = 40;
    let training = control(
        "HR-03",
        "Security awareness training",
        Risk::Low,
        Status::Stale,
        Some(0.0),
        &["CC1.4", "CC2.2"],
        35,
        vec![training],
    );

    let mut pl = requirement("policy", "Approved security policy", Status::Met, Some(1.0));
    pl.files = vec!["policies/security-policy-2026-01-10.pdf".into()];
    let policy = control(
        "PL-01",
        "Information security policy",
        Risk::High,
        Status::Met,
        Some(1.0),
        &["CC5.3", "CC2.2"],
        50,
        vec![pl],
    );

    let mut restore = requirement("restore", "Yearly restore test", Status::Upcoming, None);
    restore.kind = Kind::Operating;
    restore.every = Some(Cadence::Year);
    restore.windows_upcoming = vec![UpcomingWindow {
        window: "2026".to_string(),
        due: date(2026, 12, 31),
    }];
    let backup = control(
        "BK-01",
        "Backups are restore-tested",
        Risk::Low,
        Status::Upcoming,
        None,
        &["A1.2"],
        60,
        vec![restore],
    );

    let covered = |id: &str, score: Option<f64>, controls: &[&str]| CriterionScore {
        id: id.to_string(),
        score,
        status: CriterionStatus::Covered,
        controls: controls.iter().map(|c| c.to_string()).collect(),
    };
    let mut criteria: Vec<CriterionScore> = Vec::new();
    for c in Category::Security
        .criteria()
        .chain(Category::Availability.criteria())
    {
        criteria.push(match c.id {
            "CC1.4" => covered(c.id, Some(0.0), &["HR-03"]),
            "CC2.2" => covered(c.id, Some(75.0), &["HR-03", "PL-01"]),
            "CC5.3" => covered(c.id, Some(100.0), &["PL-01"]),
            "CC6.2" | "CC6.3" => covered(c.id, Some(75.0), &["AC-04"]),
            "CC8.1" => covered(c.id, Some(0.0), &["CM-02"]),
            "A1.2" => covered(c.id, None, &["BK-01"]),
            "CC6.4" => CriterionScore {
                id: c.id.to_string(),
                score: None,
                status: CriterionStatus::NotApplicable,
                controls: Vec::new(),
            },
            _ => CriterionScore {
                id: c.id.to_string(),
                score: None,
                status: CriterionStatus::Uncovered,
                controls: Vec::new(),
            },
        });
    }

    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "soc2".to_string(),
            version: "0.0.0-sample".to_string(),
        },
        project: "Acme | <Cloud> & \"Co\"".to_string(),
        report_type: ReportType::Type2,
        as_of: date(2026, 6, 30),
        period: Some(Period {
            start: date(2026, 1, 1),
            end: date(2026, 6, 30),
        }),
        assessment_date: date(2026, 6, 30),
        categories_selected: vec![Category::Security, Category::Availability],
        readiness: Some(58.3),
        gate: Gate {
            fail_under: Some(80.0),
            strict: false,
            passed: false,
            fail_on_regression: false,
        },
        categories: vec![
            CategoryScore {
                category: Category::Security,
                score: Some(58.3),
                controls: 4,
            },
            CategoryScore {
                category: Category::Availability,
                score: None,
                controls: 1,
            },
        ],
        criteria,
        controls: vec![access, backup, change, training, policy],
        evidence: vec![
            EvidenceEntry {
                path: "access/reviews/2026-Q1 | review.csv".into(),
                date: Some(date(2026, 3, 31)),
                date_source: DateSource::Name,
            },
            EvidenceEntry {
                path: "policies/security-policy-2026-01-10.pdf".into(),
                date: Some(date(2026, 1, 10)),
                date_source: DateSource::Name,
            },
        ],
        not_applicable: vec![NotApplicable {
            id: "PHY-01".to_string(),
            title: "Office badge access".to_string(),
            reason: "Fully remote; =1+1 <b>no office</b>".to_string(),
            approved_by: Some("cto@acme.example".to_string()),
            expires: Some(date(2027, 1, 31)),
            criteria: vec!["CC6.4".to_string()],
        }],
        warnings: vec![
            Warning::new(
                WarningKind::FutureDatedEvidence,
                "access/reviews/<b>2026-07-15</b>.csv is dated 2026-07-15, after the assessment date 2026-06-30, and does not count",
            ),
            Warning::new(
                WarningKind::UndatedOnly,
                "HR-03/records matches only undated files; date them in the name or front matter",
            ),
        ],
        baseline: None,
    }
}
