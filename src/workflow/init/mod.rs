//! What `soc2 init` writes, as text: a fully commented `soc2.toml` reflecting the chosen scope, a
//! README.md for every evidence folder the library in use expects (which controls and
//! requirements it serves, what an auditor expects, the cadence, how to name files so they are
//! dated), and draft policy templates. Writing the files, and never overwriting one, is the
//! binary's job.
//!
//! `config` writes soc2.toml, `readme` the folder READMEs, `templates` the policy drafts; this
//! file holds what they share: the scope, the file type and glob helpers.

mod config;
mod readme;
mod templates;

/// Values shared by the tests of the init modules.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod test_support {
    use chrono::NaiveDate;

    use super::InitScope;
    use crate::criteria::Category;
    use crate::library::Library;
    use crate::scope::{Period, ReportType};

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn builtin() -> Library {
        crate::library::load(true, &[]).unwrap()
    }

    pub fn scope(report_type: ReportType, categories: Vec<Category>) -> InitScope {
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
}

use chrono::NaiveDate;

use crate::criteria::Category;
use crate::evidence::glob_builder;
use crate::library::{Control, Library, Requirement};
use crate::scope::{Period, ReportType};

pub use config::config_text;
pub use readme::{evidence_readmes, example_name};
pub use templates::{Templates, policy_templates};

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
