//! `soc2.toml`: raw structs that mirror the file (unknown keys are errors with line and column),
//! then a `Config` whose relative paths are resolved against the file's folder. Flags are merged
//! over it by the binary.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::criteria::{Category, parse_category_list};
use crate::error::{Error, Problem, Result};
use crate::scope::{Exclusion, Period, Remediation, ReportType};

/// The file name looked for in a project folder.
pub const FILE_NAME: &str = "soc2.toml";

/// Largest `soc2.toml` read, in bytes; a real one is a few hundred.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

type Date = Spanned<toml::Value>;

/// `soc2.toml` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "soc2.toml")]
struct RawConfig {
    /// The project.
    project: Option<RawProject>,
    /// What is assessed: categories, report type, dates.
    scope: Option<RawScope>,
    /// The evidence folder.
    evidence: Option<RawEvidence>,
    /// The control library.
    library: Option<RawLibrary>,
    /// The CI gate.
    gate: Option<RawGate>,
    /// Sample sizes per cadence for `soc2 sample`.
    sample: Option<RawSample>,
    /// Controls that do not apply, with the reason.
    #[schemars(with = "Option<Vec<RawExclude>>")]
    exclude: Option<Vec<Spanned<RawExclude>>>,
    /// Who fixes a gap and by when.
    #[schemars(with = "Option<Vec<RawRemediation>>")]
    remediation: Option<Vec<Spanned<RawRemediation>>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawProject {
    /// The name shown in reports.
    name: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawScope {
    /// Categories in scope (security is always added).
    #[schemars(with = "Option<Vec<String>>")]
    criteria: Option<Spanned<Vec<String>>>,
    #[serde(rename = "type")]
    /// 1 (Type I) or 2 (Type II).
    #[schemars(with = "Option<u8>", range(min = 1, max = 2))]
    report_type: Option<Spanned<i64>>,
    /// The Type II observation period.
    #[schemars(with = "Option<RawPeriod>")]
    period: Option<Spanned<RawPeriod>>,
    /// Assessment date (default today).
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    as_of: Option<Date>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    /// First day.
    #[schemars(with = "String", extend("format" = "date"))]
    start: Date,
    /// Last day.
    #[schemars(with = "String", extend("format" = "date"))]
    end: Date,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    /// The evidence folder, relative to soc2.toml (default `evidence`).
    dir: Option<String>,
    /// Globs of files that are never evidence.
    exclude: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLibrary {
    /// Extra folders of control YAML, relative to soc2.toml.
    paths: Option<Vec<String>>,
    /// Whether the built-in library is used (default true).
    builtin: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawGate {
    /// Minimum readiness in percent.
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    fail_under: Option<Spanned<f64>>,
    /// Fail when any assessed control is not met.
    strict: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSample {
    year: Option<u32>,
    half_year: Option<u32>,
    quarter: Option<u32>,
    month: Option<u32>,
    week: Option<u32>,
    day: Option<u32>,
    event: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawExclude {
    /// The control id.
    control: String,
    /// Why the control does not apply (required).
    reason: Option<String>,
    /// Who approved the exclusion.
    approved_by: Option<String>,
    /// After this date the control is assessed again.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    expires: Option<Date>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRemediation {
    /// The control id.
    control: String,
    /// Who owns the fix.
    owner: String,
    /// When the fix is due.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    due: Option<Date>,
    /// A short note.
    note: Option<String>,
}

/// The JSON Schema (draft-07) of `soc2.toml`, from the raw structs.
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawConfig>()
        .to_value()
}

/// Sample sizes per cadence set in `[sample]`; `None` keeps the built-in table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SampleSizes {
    /// Annual.
    pub year: Option<u32>,
    /// Semi-annual.
    pub half_year: Option<u32>,
    /// Quarterly.
    pub quarter: Option<u32>,
    /// Monthly.
    pub month: Option<u32>,
    /// Weekly.
    pub week: Option<u32>,
    /// Daily.
    pub day: Option<u32>,
    /// Per event.
    pub event: Option<u32>,
}

/// `soc2.toml`, checked, with paths resolved against its folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it came from, if any.
    pub file: Option<PathBuf>,
    /// `[project] name`.
    pub project: Option<String>,
    /// `[scope] criteria`.
    pub categories: Option<Vec<Category>>,
    /// `[scope] type`.
    pub report_type: Option<ReportType>,
    /// `[scope] period`.
    pub period: Option<Period>,
    /// `[scope] as_of`.
    pub as_of: Option<NaiveDate>,
    /// `[evidence] dir`, resolved.
    pub evidence_dir: Option<PathBuf>,
    /// `[evidence] exclude` globs.
    pub exclude_globs: Vec<String>,
    /// `[library] paths`, resolved.
    pub library_paths: Vec<PathBuf>,
    /// `[library] builtin` (default true).
    pub builtin: bool,
    /// `[gate] fail_under`.
    pub fail_under: Option<f64>,
    /// `[gate] strict`.
    pub strict: bool,
    /// `[sample]` sizes.
    pub sample: SampleSizes,
    /// `[[exclude]]` entries with the line they start on.
    pub exclusions: Vec<(Exclusion, usize)>,
    /// `[[remediation]]` entries with the line they start on.
    pub remediation: Vec<(Remediation, usize)>,
}

impl Config {
    /// The configuration used when a project has no `soc2.toml`.
    pub fn empty() -> Config {
        Config {
            builtin: true,
            ..Config::default()
        }
    }

    /// Reads `soc2.toml` from `dir` if it exists; `Config::empty()` otherwise.
    ///
    /// The file must be a regular file (a FIFO is refused, not waited on) of at most
    /// [`MAX_FILE_BYTES`]; no more than that is ever read.
    pub fn discover(dir: &Path) -> Result<Config> {
        let path = dir.join(FILE_NAME);
        match crate::read::whole(&path, MAX_FILE_BYTES) {
            Ok(Some(bytes)) => Config::parse(&path, &bytes),
            Ok(None) => Err(Error::Config(Problem::new(
                path.display().to_string(),
                0,
                0,
                format!("the file is larger than {MAX_FILE_BYTES} bytes, far more than a soc2.toml needs; check that it is the right file"),
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::empty()),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(Error::Config(Problem::new(
                path.display().to_string(),
                0,
                0,
                "the path is not a regular file (a folder, FIFO, socket or device); replace it with a text file, or remove it to use the defaults".to_string(),
            ))),
            Err(e) => Err(Error::io("read", path, e)),
        }
    }

    /// Parses the bytes of a `soc2.toml` found at `path`.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Config> {
        let name = path.display().to_string();
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, col) = line_col(&String::from_utf8_lossy(bytes), e.valid_up_to());
            Error::Config(Problem::new(
                &name,
                line,
                col,
                "the file is not valid UTF-8; save it as UTF-8".to_string(),
            ))
        })?;
        if let Some(at) = text.find('\0') {
            let (line, col) = line_col(text, at);
            return Err(Error::Config(Problem::new(
                &name,
                line,
                col,
                "the file holds a NUL byte, which TOML does not allow; remove it (a binary file saved as soc2.toml?)".to_string(),
            )));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            Error::Config(Problem::new(&name, line, col, explain_toml(e.message())))
        })?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        Resolver {
            name: &name,
            text,
            base,
        }
        .resolve(raw, path)
    }
}

fn explain_toml(message: &str) -> String {
    let first = message
        .lines()
        .next()
        .unwrap_or(message)
        .trim()
        .trim_end_matches('.');
    if first.starts_with("unknown field") {
        format!("{first}; remove it or fix its spelling")
    } else if first.contains("recurs") {
        format!(
            "{first}; the arrays or tables are nested far deeper than soc2.toml needs, flatten them"
        )
    } else {
        format!("{first}; see the `soc2.toml` reference")
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Resolver<'a> {
    name: &'a str,
    text: &'a str,
    base: PathBuf,
}

impl Resolver<'_> {
    fn problem(&self, span: std::ops::Range<usize>, message: String) -> Error {
        let (line, col) = line_col(self.text, span.start);
        Error::Config(Problem::new(self.name, line, col, message))
    }

    fn date(&self, value: &Date, key: &str) -> Result<NaiveDate> {
        let parsed = match value.get_ref() {
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                }
                _ => None,
            },
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        parsed.ok_or_else(|| {
            self.problem(
                value.span(),
                format!("`{key}` must be a date written YYYY-MM-DD, like `{key} = 2026-06-30`"),
            )
        })
    }

    fn resolve(&self, raw: RawConfig, path: &Path) -> Result<Config> {
        let mut config = Config::empty();
        config.file = Some(path.to_path_buf());
        config.project = raw
            .project
            .and_then(|p| p.name)
            .filter(|n| !n.trim().is_empty());
        if let Some(scope) = raw.scope {
            self.scope(scope, &mut config)?;
        }
        if let Some(evidence) = raw.evidence {
            config.evidence_dir = evidence.dir.map(|d| self.base.join(d));
            config.exclude_globs = evidence.exclude.unwrap_or_default();
        }
        if let Some(library) = raw.library {
            config.library_paths = library
                .paths
                .unwrap_or_default()
                .iter()
                .map(|p| self.base.join(p))
                .collect();
            config.builtin = library.builtin.unwrap_or(true);
        }
        if let Some(gate) = raw.gate {
            if let Some(f) = gate.fail_under {
                if !(0.0..=100.0).contains(f.get_ref()) {
                    return Err(self.problem(
                        f.span(),
                        format!(
                            "fail_under {} is out of range; use a percentage from 0 to 100",
                            f.get_ref()
                        ),
                    ));
                }
                config.fail_under = Some(*f.get_ref());
            }
            config.strict = gate.strict.unwrap_or(false);
        }
        if let Some(s) = raw.sample {
            config.sample = SampleSizes {
                year: s.year,
                half_year: s.half_year,
                quarter: s.quarter,
                month: s.month,
                week: s.week,
                day: s.day,
                event: s.event,
            };
        }
        for entry in raw.exclude.unwrap_or_default() {
            config.exclusions.push(self.exclusion(entry)?);
        }
        for entry in raw.remediation.unwrap_or_default() {
            config.remediation.push(self.remediation(entry)?);
        }
        Ok(config)
    }

    fn scope(&self, scope: RawScope, config: &mut Config) -> Result<()> {
        if let Some(list) = scope.criteria {
            let cats = parse_category_list(list.get_ref().iter().map(String::as_str)).map_err(|bad| {
                self.problem(list.span(), format!("`{bad}` is not a category; use security, availability, processing-integrity, confidentiality or privacy"))
            })?;
            config.categories = Some(cats);
        }
        if let Some(t) = scope.report_type {
            config.report_type = Some(match t.get_ref() {
                1 => ReportType::Type1,
                2 => ReportType::Type2,
                other => {
                    return Err(self.problem(
                        t.span(),
                        format!("type {other} is not a report type; use 1 (Type I) or 2 (Type II)"),
                    ));
                }
            });
        }
        if let Some(p) = scope.period {
            let start = self.date(&p.get_ref().start, "start")?;
            let end = self.date(&p.get_ref().end, "end")?;
            if start > end {
                return Err(self.problem(
                    p.span(),
                    format!("the period starts on {start}, after it ends on {end}; swap the dates"),
                ));
            }
            config.period = Some(Period { start, end });
        }
        if let Some(a) = scope.as_of {
            config.as_of = Some(self.date(&a, "as_of")?);
        }
        Ok(())
    }

    fn line(&self, span: std::ops::Range<usize>) -> usize {
        line_col(self.text, span.start).0
    }

    fn exclusion(&self, entry: Spanned<RawExclude>) -> Result<(Exclusion, usize)> {
        let line = self.line(entry.span());
        let span = entry.span();
        let raw = entry.into_inner();
        let reason = raw.reason.unwrap_or_default();
        if reason.trim().is_empty() {
            return Err(self.problem(span, format!("the exclusion of {} has no reason; add `reason = \"...\"` saying why the control does not apply", raw.control)));
        }
        let expires = raw
            .expires
            .as_ref()
            .map(|d| self.date(d, "expires"))
            .transpose()?;
        let exclusion = Exclusion {
            control: raw.control,
            reason: reason.trim().to_string(),
            approved_by: raw.approved_by,
            expires,
        };
        Ok((exclusion, line))
    }

    fn remediation(&self, entry: Spanned<RawRemediation>) -> Result<(Remediation, usize)> {
        let line = self.line(entry.span());
        let raw = entry.into_inner();
        let due = raw.due.as_ref().map(|d| self.date(d, "due")).transpose()?;
        Ok((
            Remediation {
                control: raw.control,
                owner: raw.owner,
                due,
                note: raw.note,
            },
            line,
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("/p/soc2.toml"), text.as_bytes())
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn spec_example_parses_with_every_field() {
        let text = r#"
[project]
name = "Acme Cloud"
[scope]
criteria = ["security", "availability", "confidentiality"]
type = 2
period = { start = 2026-01-01, end = 2026-06-30 }
[evidence]
dir = "evidence"
exclude = ["**/drafts/**"]
[library]
paths = ["controls"]
builtin = true
[gate]
fail_under = 85.0
[[exclude]]
control = "PHY-01"
reason = "Remote company"
approved_by = "cto@acme.example"
expires = 2027-01-31
[[remediation]]
control = "AC-04"
owner = "alice@acme.example"
due = 2026-09-01
note = "First review in Q3"
"#;
        let c = parse(text).unwrap();
        assert_eq!(c.project.as_deref(), Some("Acme Cloud"));
        assert_eq!(c.report_type, Some(ReportType::Type2));
        assert_eq!(c.categories.as_ref().unwrap().len(), 3);
        assert_eq!(c.evidence_dir, Some(PathBuf::from("/p/evidence")));
        assert_eq!(c.library_paths, vec![PathBuf::from("/p/controls")]);
        assert_eq!(c.fail_under, Some(85.0));
        assert_eq!(c.exclusions[0].1, 16);
        assert_eq!(
            c.exclusions[0].0.expires,
            NaiveDate::from_ymd_opt(2027, 1, 31)
        );
        assert_eq!(c.remediation[0].0.owner, "alice@acme.example");
    }

    #[test]
    fn unknown_key_is_an_error_with_line_and_column() {
        let msg = err("[scope]\ntype = 2\nperoid = 3\n");
        assert!(
            msg.starts_with("/p/soc2.toml:3:1: unknown field `peroid`"),
            "{msg}"
        );
        assert!(msg.contains("remove it or fix its spelling"), "{msg}");
    }

    #[test]
    fn start_after_end_is_an_error() {
        let msg = err("[scope]\nperiod = { start = 2026-06-30, end = 2026-01-01 }\n");
        assert!(msg.contains("after it ends"), "{msg}");
    }

    #[test]
    fn dates_may_be_toml_dates_or_strings() {
        let c = parse("[scope]\nas_of = \"2026-03-01\"\n").unwrap();
        assert_eq!(c.as_of, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert!(err("[scope]\nas_of = 2026-03-01T10:00:00\n").contains("must be a date"));
    }

    #[test]
    fn exclusion_needs_a_reason() {
        let msg = err("[[exclude]]\ncontrol = \"PHY-01\"\nreason = \" \"\n");
        assert!(msg.starts_with("/p/soc2.toml:1:"), "{msg}");
        assert!(msg.contains("has no reason"), "{msg}");
    }

    #[test]
    fn bad_category_and_type_are_errors() {
        assert!(err("[scope]\ncriteria = [\"securty\"]\n").contains("`securty` is not a category"));
        assert!(err("[scope]\ntype = 3\n").contains("use 1 (Type I) or 2 (Type II)"));
        assert!(err("[gate]\nfail_under = 120.0\n").contains("out of range"));
    }

    #[test]
    fn a_nul_byte_is_named_with_its_position_and_the_fix() {
        assert_eq!(
            err("[project]\nname = \"a\0b\"\n"),
            "/p/soc2.toml:2:10: the file holds a NUL byte, which TOML does not allow; remove it (a binary file saved as soc2.toml?)"
        );
    }

    #[test]
    fn invalid_utf8_names_its_position() {
        let msg = Config::parse(
            Path::new("/p/soc2.toml"),
            b"[project]\nname = \"\xc3\x28\"\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            msg,
            "/p/soc2.toml:2:9: the file is not valid UTF-8; save it as UTF-8"
        );
    }

    #[test]
    fn deep_nesting_says_to_flatten() {
        let msg = err(&format!("x = {}{}\n", "[".repeat(5000), "]".repeat(5000)));
        assert!(msg.starts_with("/p/soc2.toml:1:"), "{msg}");
        assert!(msg.ends_with("flatten them"), "{msg}");
    }

    #[test]
    fn discover_refuses_a_fifo_a_folder_and_an_oversized_file_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::create_dir(&path).unwrap();
        let msg = Config::discover(dir.path()).unwrap_err().to_string();
        assert!(msg.contains("is not a regular file"), "{msg}");
        assert!(msg.ends_with("or remove it to use the defaults"), "{msg}");
        std::fs::remove_dir(&path).unwrap();
        if std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success())
        {
            let msg = Config::discover(dir.path()).unwrap_err().to_string();
            assert!(msg.contains("is not a regular file"), "{msg}");
            std::fs::remove_file(&path).unwrap();
        }
        std::fs::File::create(&path)
            .unwrap()
            .set_len(MAX_FILE_BYTES as u64 + 1)
            .unwrap();
        let msg = Config::discover(dir.path()).unwrap_err().to_string();
        assert!(msg.starts_with(&path.display().to_string()), "{msg}");
        assert!(msg.contains("larger than 1048576 bytes"), "{msg}");
    }

    #[test]
    fn broken_toml_names_line() {
        let msg = err("[scope\n");
        assert!(msg.starts_with("/p/soc2.toml:1:"), "{msg}");
    }
}
