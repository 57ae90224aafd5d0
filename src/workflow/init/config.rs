//! The `soc2.toml` that `soc2 init` writes: every key present or shown commented out, each with a
//! comment saying what it does, reflecting the chosen scope and valid as written.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::InitScope;
use crate::calendar::Cadence;
use crate::library::Library;
use crate::scope::{Period, ReportType};
use crate::workflow::sample::default_size;

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
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
# reason = "Fully remote company; the cloud provider's SOC 2 report covers its data centers"
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
    use super::super::test_support::{builtin, scope};
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::criteria::Category;

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
}
