//! The README.md of every evidence folder `soc2 init` writes: which controls and requirements the
//! folder serves, what an auditor expects, the cadence for the report type, and how to name files
//! so they are dated, with an example name that matches the requirement's glob.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{InitScope, KitFile, Served, folder_of, glob_matches, in_scope};
use crate::calendar::{Age, AgeUnit, Cadence, window_containing};
use crate::evidence::dates::date_from_path;
use crate::library::{Kind, Library, Requirement};
use crate::scope::ReportType;

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
    // In a folder, the requirement's id names the file; after a name prefix
    // (`policies/access-control*`), the prefix already does.
    let named = literal.is_empty() || literal.ends_with('/');
    let (first, second) = if named {
        (format!("{token}-{slug}.pdf"), format!("{token}.pdf"))
    } else {
        (format!("{token}.pdf"), format!("{token}-{slug}.pdf"))
    };
    let candidates = [
        format!("{literal}{joiner}{first}"),
        format!("{literal}{joiner}{second}"),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::test_support::{builtin, d, scope};
    use super::*;
    use crate::criteria::Category;

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
                "backups/restore-2026-02.pdf",
            ),
            (
                "policies/access-control*",
                None,
                "policies/access-control-2026-02-11.pdf",
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
}
