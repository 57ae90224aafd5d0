//! What `soc2 init` writes, as text: a fully commented `soc2.toml` reflecting the chosen scope, a
//! README.md for every evidence folder the library in use expects (which controls and
//! requirements it serves, what an auditor expects, the cadence, how to name files so they are
//! dated), and draft policy templates. Writing the files, and never overwriting one, is the
//! binary's job.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::calendar::{Age, AgeUnit, Cadence, window_containing};
use crate::criteria::Category;
use crate::evidence::dates::date_from_path;
use crate::evidence::glob_builder;
use crate::library::{Control, Kind, Library, Requirement};
use crate::scope::{Period, ReportType};
use crate::workflow::sample::default_size;

/// The choices `soc2.toml` is written from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitScope {
    /// Project name.
    pub project: String,
    /// Categories in scope, security among them.
    pub categories: Vec<Category>,
    /// Type I or Type II.
    pub report_type: ReportType,
    /// The observation period (required for a Type II; written commented out for a Type I).
    pub period: Option<Period>,
    /// The as-of date, when one was chosen.
    pub as_of: Option<NaiveDate>,
    /// `[library] paths` as they should be written, relative to the project folder.
    pub library_paths: Vec<String>,
    /// `[library] builtin`.
    pub builtin: bool,
    /// The date example file names are built around (the period start, the as-of date, or
    /// today, chosen by the caller).
    pub anchor: NaiveDate,
}

/// One file of the kit, relative to the evidence root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitFile {
    /// Path relative to the evidence root, with `/`.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// A requirement that expects files in a folder.
#[derive(Debug, Clone, Copy)]
struct Served<'a> {
    control: &'a Control,
    requirement: &'a Requirement,
    glob: &'a str,
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The folder a glob's files live in: its literal prefix up to the first wildcard, cut after the
/// last `/` (`access/reviews/**` -> `access/reviews/`, `policies/access-control*` ->
/// `policies/`). `None` when the glob starts with a wildcard or has no folder (the evidence
/// root itself). A backslash escapes the next character, as in the matcher.
pub fn folder_of(glob: &str) -> Option<String> {
    let mut literal = String::new();
    let mut chars = glob.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' | '?' | '[' | '{' => break,
            '\\' => match chars.next() {
                Some(next) => literal.push(next),
                None => break,
            },
            c => literal.push(c),
        }
    }
    let cut = literal.rfind('/')?;
    let folder = literal.get(..=cut)?;
    (!folder.is_empty() && folder != "/").then(|| folder.to_string())
}

/// The literal text of a glob before its first wildcard, when the rest is a single `*`
/// (`policies/access-control*` -> `policies/access-control`).
fn stem_before_star(glob: &str) -> Option<&str> {
    let stem = glob.strip_suffix('*')?;
    (!stem.is_empty() && !stem.contains(['*', '?', '[', '{', '\\'])).then_some(stem)
}

/// Whether `path` matches `glob` under the project's matching rules.
fn glob_matches(glob: &str, path: &str) -> bool {
    glob_builder(glob)
        .build()
        .is_ok_and(|g| g.compile_matcher().is_match(path))
}

/// In-scope controls, by id.
fn in_scope<'a>(library: &'a Library, categories: &[Category]) -> Vec<&'a Control> {
    library
        .controls
        .iter()
        .filter(|c| c.in_scope(categories))
        .collect()
}

/// The date token an example file name carries for a cadence: the shortest token that dates a
/// record inside the window holding `anchor`.
fn date_token(every: Option<Cadence>, anchor: NaiveDate) -> String {
    let window = every.and_then(|c| window_containing(c, anchor));
    match (every, window) {
        (Some(Cadence::Month | Cadence::Quarter | Cadence::HalfYear), Some(w)) => w.label,
        (Some(Cadence::Week), Some(w)) => w.start.to_string(),
        _ => anchor.to_string(),
    }
}

/// An example file name that matches `glob` and is dated by its name, or `None` when no simple
/// name does.
pub fn example_name(glob: &str, requirement: &Requirement, anchor: NaiveDate) -> Option<String> {
    let token = date_token(requirement.every, anchor);
    let slug: String = requirement
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let (literal, rest) = match glob.find(['*', '?', '[', '{']) {
        Some(i) => (glob.get(..i)?, glob.get(i..)?),
        None => (glob, ""),
    };
    if rest.is_empty() {
        // No wildcard: the only name is the glob itself, dated or not.
        return (date_from_path(glob).is_some()).then(|| glob.to_string());
    }
    let joiner = if literal.is_empty() || literal.ends_with(['/', '-', '_', '.']) {
        ""
    } else {
        "-"
    };
    let candidates = [
        format!("{literal}{joiner}{token}-{slug}.pdf"),
        format!("{literal}{joiner}{token}.pdf"),
        format!("{literal}{joiner}{token}"),
        glob.replace("**/", "")
            .replace("**", &format!("{token}-{slug}"))
            .replace('*', &token),
    ];
    candidates
        .into_iter()
        .find(|name| glob_matches(glob, name) && date_from_path(name).is_some())
}

/// `1 record` / `2 records`.
fn records(n: u32) -> String {
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}

/// `1 year`, `90 days`: a `max_age` for people.
fn age_text(age: Age) -> String {
    let unit = match age.unit {
        AgeUnit::Day => "day",
        AgeUnit::Week => "week",
        AgeUnit::Month => "month",
        AgeUnit::Year => "year",
    };
    let plural = if age.count == 1 { "" } else { "s" };
    format!("{} {unit}{plural}", age.count)
}

/// What the cadence of a requirement means for this report type, in one sentence.
fn cadence_text(req: &Requirement, report_type: ReportType) -> String {
    match (req.kind, req.every, report_type) {
        (Kind::Design, _, _) => match req.max_age {
            Some(age) => format!(
                "keep the current version; the newest dated file must be at most {} old on the assessment date.",
                age_text(age)
            ),
            None => "keep the current version in place by the assessment date.".to_string(),
        },
        (Kind::Operating, Some(Cadence::Event), ReportType::Type2) => format!(
            "each time the event happens; at least {} dated inside the observation period.",
            records(req.min)
        ),
        (Kind::Operating, Some(every), ReportType::Type2) => format!(
            "every {noun}; at least {} dated inside each calendar {noun} of the observation period.",
            records(req.min),
            noun = every.noun()
        ),
        (Kind::Operating, Some(Cadence::Event), ReportType::Type1) => {
            "each time the event happens; a Type I needs at least one record on or before the as-of date.".to_string()
        }
        (Kind::Operating, Some(every), ReportType::Type1) => format!(
            "every {}; a Type I needs at least one record on or before the as-of date.",
            every.noun()
        ),
        (Kind::Operating, None, _) => "each time the control runs.".to_string(),
    }
}

/// How to name files for one requirement.
fn naming_text(served: &Served<'_>, anchor: NaiveDate) -> String {
    let hint = match served.requirement.every {
        Some(Cadence::Month) => {
            " A month token such as `2026-03` dates a file at the month's last day."
        }
        Some(Cadence::Quarter) => {
            " A quarter token such as `2026-Q1` dates a file at the quarter's last day."
        }
        Some(Cadence::HalfYear) => {
            " A half-year token such as `2026-H1` dates a file at the half-year's last day."
        }
        _ => "",
    };
    match example_name(served.glob, served.requirement, anchor) {
        Some(name) => format!(
            "put the date in the file or folder name, for example `{name}`.{hint} A Markdown file may carry `date: YYYY-MM-DD` in its front matter instead."
        ),
        None => format!(
            "name files so they match `{}` and carry a date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY-Hn`) in the file or folder name.{hint}",
            served.glob
        ),
    }
}

fn readme_for_folder(
    folder: &str,
    served: &[Served<'_>],
    children: &[(String, Vec<String>)],
    scope: &InitScope,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {folder}\n");
    if served.is_empty() {
        let _ = writeln!(
            s,
            "This folder groups evidence folders. Each subfolder has a README.md saying what belongs there:\n"
        );
    } else {
        let _ = writeln!(
            s,
            "Evidence for the SOC 2 controls below belongs in this folder. `soc2` reads every file here \
except README.md, names starting with `.`, and Markdown marked `status: draft`. Keep each record \
as its own file: a copy of another file counts once.\n"
        );
    }
    let mut by_control: BTreeMap<&str, Vec<&Served<'_>>> = BTreeMap::new();
    for item in served {
        by_control.entry(&item.control.id).or_default().push(item);
    }
    for items in by_control.values() {
        let Some(first) = items.first() else { continue };
        let c = first.control;
        let _ = writeln!(s, "## {}: {}\n", c.id, c.title);
        if !c.description.trim().is_empty() {
            let _ = writeln!(s, "{}\n", c.description.trim());
        }
        let owner = c.owner.as_deref().unwrap_or("not set in the library");
        let _ = writeln!(
            s,
            "Criteria: {}. Risk: {}. Owner: {owner}.\n",
            c.criteria.join(", "),
            c.risk
        );
        for item in items {
            let r = item.requirement;
            let _ = writeln!(s, "### {}: {}\n", r.id, r.title);
            let kind = match r.kind {
                Kind::Design => "design (a document or configuration showing the control exists)",
                Kind::Operating => "operating (a record left each time the control runs)",
            };
            let _ = writeln!(s, "- Kind: {kind}.");
            let _ = writeln!(s, "- Cadence: {}", cadence_text(r, scope.report_type));
            let _ = writeln!(s, "- Files that count: `{}`.", item.glob);
            let expects = match r.guidance.trim() {
                "" => format!("{}, dated.", r.title.trim_end_matches('.')),
                g => g.to_string(),
            };
            let _ = writeln!(s, "- What an auditor expects: {expects}");
            let _ = writeln!(s, "- Naming: {}", naming_text(item, scope.anchor));
            let _ = writeln!(s);
        }
    }
    if !children.is_empty() {
        if !served.is_empty() {
            let _ = writeln!(s, "## Subfolders\n");
        }
        for (child, controls) in children {
            let _ = writeln!(s, "- `{child}`: {}", controls.join(", "));
        }
        let _ = writeln!(s);
    }
    s.trim_end().to_string() + "\n"
}

fn root_readme(top: &[(String, Vec<String>)], served: &[Served<'_>], scope: &InitScope) -> String {
    let mut s = String::from(
        "# Evidence\n\n\
This folder holds the evidence `soc2 assess` reads for the SOC 2 readiness assessment. Each \
subfolder has a README.md saying which controls it serves, what an auditor expects to see, how \
often, and how to name files.\n\n\
## How files are dated\n\n\
1. Markdown with front matter holding `date: YYYY-MM-DD`.\n\
2. Otherwise a date in the file name, else in its folder names: `YYYY-MM-DD`, `YYYYMMDD`, \
`YYYY-MM`, `YYYY-Qn` or `YYYY-Hn` (a month, quarter or half-year dates the file at its last day; a \
year alone is not a date).\n\
3. Otherwise the file is undated. File modification times are never used.\n\n\
## What does not count\n\n\
- README.md files, and names starting with `.`.\n\
- Markdown whose front matter says `status: draft` (policy templates start as drafts: set \
`status: approved` and the approval `date:` once approved).\n\
- Byte-identical copies of a file for the same requirement (a copied review is not a new review).\n\
- Files dated after the assessment date.\n\n",
    );
    if !served.is_empty() {
        let _ = writeln!(s, "## Evidence kept at this level\n");
        for item in served {
            let _ = writeln!(
                s,
                "- {} {}: {} (`{}`); {}",
                item.control.id,
                item.requirement.id,
                item.requirement.title,
                item.glob,
                naming_text(item, scope.anchor)
            );
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## Folders\n");
    for (folder, controls) in top {
        let _ = writeln!(s, "- `{folder}`: {}", controls.join(", "));
    }
    s
}

/// The README.md files of the evidence tree of the in-scope controls: one per folder a
/// requirement's glob points to, one per parent folder, and one at the root.
pub fn evidence_readmes(library: &Library, scope: &InitScope) -> Vec<KitFile> {
    let mut folders: BTreeMap<String, Vec<Served<'_>>> = BTreeMap::new();
    let mut at_root: Vec<Served<'_>> = Vec::new();
    for control in in_scope(library, &scope.categories) {
        for requirement in &control.evidence {
            for glob in &requirement.paths {
                let item = Served {
                    control,
                    requirement,
                    glob,
                };
                match folder_of(glob) {
                    Some(folder) => folders.entry(folder).or_default().push(item),
                    None => at_root.push(item),
                }
            }
        }
    }
    // Parent folders without requirements of their own still get a README pointing down.
    let mut all: BTreeSet<String> = BTreeSet::new();
    for folder in folders.keys() {
        let mut end = 0;
        while let Some(i) = folder.get(end..).and_then(|rest| rest.find('/')) {
            end += i + 1;
            if let Some(prefix) = folder.get(..end) {
                all.insert(prefix.to_string());
            }
        }
    }
    // Each child folder with the controls served in it or below it.
    let children_of = |parent: &str| -> Vec<(String, Vec<String>)> {
        all.iter()
            .filter_map(|f| {
                let rest = f.strip_prefix(parent)?;
                let is_child = !rest.is_empty() && rest.matches('/').count() == 1;
                let controls: BTreeSet<String> = folders
                    .iter()
                    .filter(|(k, _)| k.starts_with(f.as_str()))
                    .flat_map(|(_, items)| items.iter().map(|i| i.control.id.clone()))
                    .collect();
                is_child.then(|| (rest.to_string(), controls.into_iter().collect()))
            })
            .collect()
    };
    let mut files = Vec::new();
    let top = children_of("");
    files.push(KitFile {
        path: "README.md".to_string(),
        text: root_readme(&top, &at_root, scope),
    });
    for folder in &all {
        let served = folders.get(folder).map(Vec::as_slice).unwrap_or_default();
        files.push(KitFile {
            path: format!("{folder}README.md"),
            text: readme_for_folder(folder, served, &children_of(folder), scope),
        });
    }
    files
}

/// A policy template: its file stem, title, where it goes by default and its body.
struct Template {
    stem: &'static str,
    title: &'static str,
    preferred: &'static str,
    needs: Option<Category>,
    body: &'static str,
}

const TEMPLATES: &[Template] = &[
    Template {
        stem: "information-security",
        title: "Information Security Policy",
        preferred: "policies/information-security-policy.md",
        needs: None,
        body: include_str!("templates/information-security.md"),
    },
    Template {
        stem: "access-control",
        title: "Access Control Policy",
        preferred: "policies/access-control-policy.md",
        needs: None,
        body: include_str!("templates/access-control.md"),
    },
    Template {
        stem: "change-management",
        title: "Change Management Policy",
        preferred: "policies/change-management-policy.md",
        needs: None,
        body: include_str!("templates/change-management.md"),
    },
    Template {
        stem: "incident-response",
        title: "Incident Response Plan",
        preferred: "policies/incident-response-plan.md",
        needs: None,
        body: include_str!("templates/incident-response.md"),
    },
    Template {
        stem: "business-continuity",
        title: "Business Continuity Plan",
        preferred: "policies/business-continuity-plan.md",
        needs: None,
        body: include_str!("templates/business-continuity.md"),
    },
    Template {
        stem: "disaster-recovery",
        title: "Disaster Recovery Plan",
        preferred: "policies/disaster-recovery-plan.md",
        needs: None,
        body: include_str!("templates/disaster-recovery.md"),
    },
    Template {
        stem: "vendor-management",
        title: "Vendor Management Policy",
        preferred: "policies/vendor-management-policy.md",
        needs: None,
        body: include_str!("templates/vendor-management.md"),
    },
    Template {
        stem: "data-classification",
        title: "Data Classification Policy",
        preferred: "policies/data-classification-policy.md",
        needs: None,
        body: include_str!("templates/data-classification.md"),
    },
    Template {
        stem: "data-retention",
        title: "Data Retention Policy",
        preferred: "policies/data-retention-policy.md",
        needs: None,
        body: include_str!("templates/data-retention.md"),
    },
    Template {
        stem: "acceptable-use",
        title: "Acceptable Use Policy",
        preferred: "policies/acceptable-use-policy.md",
        needs: None,
        body: include_str!("templates/acceptable-use.md"),
    },
    Template {
        stem: "risk-management",
        title: "Risk Management Policy",
        preferred: "policies/risk-management-policy.md",
        needs: None,
        body: include_str!("templates/risk-management.md"),
    },
    Template {
        stem: "privacy-notice",
        title: "Privacy Notice",
        preferred: "privacy/published/privacy-notice.md",
        needs: Some(Category::Privacy),
        body: include_str!("templates/privacy-notice.md"),
    },
];

/// A YAML scalar for front matter: plain when that is safe, double-quoted otherwise.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '(' | ')' | '/' | '@')
        })
        && text.starts_with(|c: char| c.is_alphanumeric())
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off"
        );
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The result of planning the templates: files to write, and topics left out with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    /// Template files, relative to the evidence root.
    pub files: Vec<KitFile>,
    /// One sentence per template not written.
    pub skipped: Vec<String>,
}

/// Draft policy templates for the in-scope design requirements that expect them: each goes
/// where such a requirement's glob matches it, with front matter `title`, `owner`, an empty
/// `date` and `status: draft`, so it does not count until someone approves and dates it.
pub fn policy_templates(library: &Library, categories: &[Category]) -> Templates {
    let design: Vec<Served<'_>> = in_scope(library, categories)
        .into_iter()
        .flat_map(|control| {
            control
                .evidence
                .iter()
                .filter(|r| r.kind == Kind::Design)
                .flat_map(move |requirement| {
                    requirement.paths.iter().map(move |glob| Served {
                        control,
                        requirement,
                        glob,
                    })
                })
        })
        .collect();
    let mut out = Templates::default();
    for t in TEMPLATES {
        if let Some(needed) = t.needs.filter(|c| !categories.contains(c)) {
            out.skipped
                .push(format!("{}: {} is not in scope", t.title, needed.as_str()));
            continue;
        }
        // The preferred path first; otherwise a folder of the user's library that expects a
        // file named after the topic (`<folder>/<stem>*`).
        let fallback = design.iter().filter_map(|s| {
            let stem = stem_before_star(s.glob)?;
            let name = stem.rsplit('/').next()?;
            (name == t.stem).then(|| format!("{stem}.md"))
        });
        let chosen = std::iter::once(t.preferred.to_string())
            .chain(fallback)
            .find(|path| design.iter().any(|s| glob_matches(s.glob, path)));
        let Some(path) = chosen else {
            out.skipped.push(format!(
                "{}: no in-scope design requirement expects it",
                t.title
            ));
            continue;
        };
        let serves: Vec<&Served<'_>> = design
            .iter()
            .filter(|s| glob_matches(s.glob, &path))
            .collect();
        let owner = serves
            .iter()
            .find_map(|s| s.control.owner.as_deref())
            .unwrap_or("to be assigned");
        let mut ids: Vec<String> = serves
            .iter()
            .map(|s| format!("{}/{}", s.control.id, s.requirement.id))
            .collect();
        ids.dedup();
        let text = format!(
            "---\ntitle: {}\nowner: {}\ndate:\nstatus: draft\n---\n\n<!-- A starting point written by `soc2 init` for {}. Adapt it to how you actually work, \
have it approved, then set `status: approved` and `date:` to the approval date (YYYY-MM-DD). \
Until then soc2 treats it as a draft and it does not count as evidence. -->\n\n{}",
            yaml_scalar(t.title),
            yaml_scalar(owner),
            ids.join(", "),
            t.body
        );
        out.files.push(KitFile { path, text });
    }
    out
}

/// The `soc2.toml` text for a scope: every key present or shown commented out, with a comment
/// saying what it does. Valid as written.
pub fn config_text(library: &Library, scope: &InitScope) -> String {
    let mut s = String::new();
    let criteria: Vec<String> = scope
        .categories
        .iter()
        .map(|c| toml_string(c.as_str()))
        .collect();
    let period = scope.period.unwrap_or_else(|| {
        let year = scope.anchor.year();
        Period {
            start: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(scope.anchor),
            end: NaiveDate::from_ymd_opt(year, 6, 30).unwrap_or(scope.anchor),
        }
    });
    let period_line = format!(
        "period = {{ start = {}, end = {} }}",
        period.start, period.end
    );
    let (type_number, period_line) = match scope.report_type {
        ReportType::Type1 => (1, format!("# {period_line}")),
        ReportType::Type2 => (2, period_line),
    };
    let as_of_line = match scope.as_of {
        Some(d) => format!("as_of = {d}"),
        None => format!("# as_of = {}", period.end),
    };
    let paths_line = if scope.library_paths.is_empty() {
        "# paths = [\"controls\"]".to_string()
    } else {
        let paths: Vec<String> = scope.library_paths.iter().map(|p| toml_string(p)).collect();
        format!("paths = [{}]", paths.join(", "))
    };
    let example = library
        .get("PHY-01")
        .or_else(|| library.controls.first())
        .map_or("PHY-01", |c| c.id.as_str());
    let _ = write!(
        s,
        r#"# soc2.toml: the settings of this SOC 2 readiness project, written by `soc2 init`.
# `soc2 assess`, `soc2 pbc`, `soc2 sample` and `soc2 map iso27001` read it from this folder;
# command-line flags override it. Remove the `#` in front of a key to use it.

[project]
# The name printed at the top of every report.
name = {name}

[scope]
# Trust Services Criteria categories in scope. security (the common criteria) is always in scope;
# add availability, processing-integrity, confidentiality or privacy when your commitments to
# customers call for them.
criteria = [{criteria}]

# Report type: 1 for a Type I (controls designed and in place on one date) or 2 for a Type II
# (controls operating over an observation period, usually 3 to 12 months).
type = {type_number}

# The observation period of a Type II, both days included: operating controls need a record in
# every window of it (each week, month, quarter, ...). A Type I ignores it.
{period_line}

# The assessment date (default: today). The date a Type I is judged on; in a Type II, windows
# that end after it are listed as upcoming rather than missing.
{as_of_line}

[evidence]
# The evidence folder, relative to this file. Each of its folders has a README.md saying what
# belongs there.
dir = "evidence"
# Globs, relative to the evidence folder, of files that are never evidence.
# exclude = ["**/drafts/**"]

[library]
# The built-in control library. Set to false to use only your own controls.
builtin = {builtin}
# Folders of your own control YAML, relative to this file. A control whose id matches a built-in
# one replaces it.
{paths_line}

[gate]
# `soc2 assess` exits 1 when readiness is below this percentage (for CI).
# fail_under = 85.0
# `soc2 assess` exits 1 when any assessed control is not met.
# strict = false

[sample]
# Sample sizes per cadence for `soc2 sample`, never more than the population. The values shown
# are the built-in ones.
# year = {year}
# half-year = {half}
# quarter = {quarter}
# month = {month}
# week = {week}
# day = {day}
# event = {event}

# A control that does not apply to you, with the reason an auditor will ask for. Excluded
# controls leave every score and are listed as not applicable.
# [[exclude]]
# control = "{example}"
# reason = "Fully remote company; the cloud provider's SOC 2 report covers its data centres"
# approved_by = "cto@example.com"
# expires = {expires}

# Who fixes a gap, and by when; shown in the gap report and in `soc2 pbc`.
# [[remediation]]
# control = "{example}"
# owner = "owner@example.com"
# due = {due}
# note = "What will be done"
"#,
        name = toml_string(&scope.project),
        criteria = criteria.join(", "),
        builtin = scope.builtin,
        year = default_size(Cadence::Year),
        half = default_size(Cadence::HalfYear),
        quarter = default_size(Cadence::Quarter),
        month = default_size(Cadence::Month),
        week = default_size(Cadence::Week),
        day = default_size(Cadence::Day),
        event = default_size(Cadence::Event),
        expires = period.end,
        due = period.end,
    );
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn builtin() -> Library {
        crate::library::load(true, &[]).unwrap()
    }

    fn scope(report_type: ReportType, categories: Vec<Category>) -> InitScope {
        InitScope {
            project: "Acme \"Cloud\"".to_string(),
            categories,
            report_type,
            period: (report_type == ReportType::Type2)
                .then(|| Period::parse("2026-01-01..2026-06-30").unwrap()),
            as_of: None,
            library_paths: vec!["my controls".to_string()],
            builtin: true,
            anchor: d("2026-01-01"),
        }
    }

    #[test]
    fn folder_is_the_literal_prefix_up_to_the_last_slash_before_a_wildcard() {
        let cases = [
            ("access/reviews/**", Some("access/reviews/")),
            ("policies/access-control*", Some("policies/")),
            ("backups/restore-*", Some("backups/")),
            (
                "privacy/published/privacy-notice*",
                Some("privacy/published/"),
            ),
            ("policies/fixed-name.pdf", Some("policies/")),
            ("reports/*/summary.pdf", Some("reports/")),
            ("a/b?c/**", Some("a/")),
            ("a/{x,y}/**", Some("a/")),
            ("lit\\*eral/x*", Some("lit*eral/")),
            ("**/drafts/**", None),
            ("*.pdf", None),
            ("root-file*", None),
        ];
        for (glob, want) in cases {
            assert_eq!(folder_of(glob).as_deref(), want, "{glob}");
        }
    }

    #[test]
    fn config_text_parses_and_reflects_the_scope() {
        let library = builtin();
        for t in [ReportType::Type1, ReportType::Type2] {
            let s = scope(t, vec![Category::Security, Category::Availability]);
            let text = config_text(&library, &s);
            let config = Config::parse(Path::new("/p/soc2.toml"), text.as_bytes()).unwrap();
            assert_eq!(config.report_type, Some(t));
            assert_eq!(config.project.as_deref(), Some("Acme \"Cloud\""));
            assert_eq!(
                config.categories,
                Some(vec![Category::Security, Category::Availability])
            );
            assert_eq!(config.period, s.period);
            assert_eq!(config.library_paths, vec![Path::new("/p/my controls")]);
            assert!(text.lines().filter(|l| !l.trim().is_empty()).count() > 40);
        }
    }

    #[test]
    fn example_names_match_their_glob_and_carry_the_cadence_token() {
        let req = |every: Option<Cadence>| Requirement {
            id: "reviews".to_string(),
            title: "Review".to_string(),
            kind: if every.is_some() {
                Kind::Operating
            } else {
                Kind::Design
            },
            paths: vec![],
            max_age: None,
            every,
            min: 1,
            guidance: String::new(),
            line: 1,
        };
        let anchor = d("2026-02-11");
        let cases = [
            (
                "access/reviews/**",
                Some(Cadence::Quarter),
                "access/reviews/2026-Q1-reviews.pdf",
            ),
            (
                "backups/restore-*",
                Some(Cadence::Month),
                "backups/restore-2026-02-reviews.pdf",
            ),
            (
                "policies/access-control*",
                None,
                "policies/access-control-2026-02-11-reviews.pdf",
            ),
            (
                "logs/**",
                Some(Cadence::Week),
                "logs/2026-02-09-reviews.pdf",
            ),
            ("x/**", Some(Cadence::HalfYear), "x/2026-H1-reviews.pdf"),
        ];
        for (glob, every, want) in cases {
            let name = example_name(glob, &req(every), anchor).unwrap();
            assert_eq!(name, want, "{glob}");
            assert!(glob_matches(glob, &name));
        }
        assert_eq!(example_name("policies/plain.pdf", &req(None), anchor), None);
    }

    #[test]
    fn every_in_scope_folder_gets_a_readme_naming_its_requirements() {
        let library = builtin();
        let s = scope(ReportType::Type2, vec![Category::Security]);
        let files = evidence_readmes(&library, &s);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"README.md"));
        assert!(paths.contains(&"access/README.md"));
        assert!(paths.contains(&"access/reviews/README.md"));
        assert!(paths.contains(&"policies/README.md"));
        assert!(!paths.iter().any(|p| p.starts_with("privacy/ropa")));
        let reviews = files
            .iter()
            .find(|f| f.path == "access/reviews/README.md")
            .unwrap();
        assert!(reviews.text.contains("## AC-04"), "{}", reviews.text);
        assert!(reviews.text.contains("every quarter"), "{}", reviews.text);
        assert!(
            reviews.text.contains("`access/reviews/2026-Q1-"),
            "{}",
            reviews.text
        );
        let access = files.iter().find(|f| f.path == "access/README.md").unwrap();
        assert!(
            access.text.contains("- `reviews/`: AC-04"),
            "{}",
            access.text
        );
    }

    #[test]
    fn templates_are_drafts_under_paths_in_scope_design_requirements_expect() {
        let library = builtin();
        let all = policy_templates(&library, &Category::ALL);
        assert_eq!(all.files.len(), TEMPLATES.len(), "{:?}", all.skipped);
        for f in &all.files {
            assert!(f.text.starts_with("---\ntitle: "), "{}", f.path);
            assert!(f.text.contains("\nstatus: draft\n---\n"), "{}", f.path);
            assert!(f.text.contains("\ndate:\n"), "{}", f.path);
        }
        let security = policy_templates(&library, &[Category::Security]);
        assert!(
            security
                .skipped
                .iter()
                .any(|s| s.starts_with("Privacy Notice: privacy is not in scope"))
        );
        assert!(
            security
                .files
                .iter()
                .any(|f| f.path == "policies/access-control-policy.md")
        );
    }

    #[test]
    fn yaml_scalars_are_quoted_when_needed() {
        assert_eq!(yaml_scalar("Security lead"), "Security lead");
        assert_eq!(yaml_scalar("CTO: Jane"), "\"CTO: Jane\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("#1 \"x\""), "\"#1 \\\"x\\\"\"");
    }
}
