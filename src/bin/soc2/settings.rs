//! Flags merged over `soc2.toml` into one `Settings` value. Today's date is read here and
//! nowhere else, so the library stays a pure function of its inputs.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use soc2::config::Config;
use soc2::criteria::{Category, parse_category_list};
use soc2::error::{Error, Problem};
use soc2::library::{self, Library};
use soc2::scope::{self, Period, ReportType, Scope};

use crate::cli::{LibraryArgs, ScopeArgs};

/// Everything a project command needs.
#[derive(Debug)]
pub struct Settings {
    /// The project's name.
    pub project: String,
    /// The loaded configuration.
    pub config: Config,
    /// The evidence root.
    pub evidence: PathBuf,
    /// Excluded evidence globs.
    pub exclude: Vec<String>,
    /// The scope.
    pub scope: Scope,
    /// The library in use.
    pub library: Library,
    /// Notes for stderr (security added, ...).
    pub notes: Vec<String>,
}

/// Parses a date flag.
pub fn parse_date(flag: &str, value: &str) -> Result<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(d) => Ok(d),
        Err(_) => {
            bail!("{flag} `{value}` is not a date; write it YYYY-MM-DD, like {flag} 2026-06-30")
        }
    }
}

/// Today's date, the default as-of date.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Loads the library from the config and the flags.
pub fn load_library(config: &Config, args: &LibraryArgs) -> Result<Library> {
    let mut folders = config.library_paths.clone();
    folders.extend(args.controls.iter().cloned());
    let builtin = config.builtin && !args.no_builtin;
    Ok(library::load(builtin, &folders)?)
}

fn period_from_flags(args: &ScopeArgs) -> Result<Option<Period>> {
    if let Some(text) = &args.period {
        let Some(p) = Period::parse(text) else {
            bail!(
                "--period `{text}` is not a period; write START..END with ISO dates, like --period 2026-01-01..2026-06-30"
            );
        };
        return Ok(Some(p));
    }
    match (&args.period_start, &args.period_end) {
        (Some(s), Some(e)) => Ok(Some(Period {
            start: parse_date("--period-start", s)?,
            end: parse_date("--period-end", e)?,
        })),
        _ => Ok(None),
    }
}

/// Resolves the scope: flags over the file, defaults last.
fn resolve_scope(config: &Config, args: &ScopeArgs, notes: &mut Vec<String>) -> Result<Scope> {
    let mut categories: Vec<Category> = match &args.criteria {
        Some(list) => parse_category_list([list.as_str()]).map_err(|bad| {
            anyhow::anyhow!("--criteria: `{bad}` is not a category; use security, availability, processing-integrity, confidentiality or privacy")
        })?,
        None => config.categories.clone().unwrap_or_default(),
    };
    if scope::with_security(&mut categories)
        && (args.criteria.is_some() || config.categories.is_some())
    {
        notes.push("security (the common criteria) is always in scope; added it".to_string());
    }
    let period = period_from_flags(args)?.or(config.period);
    let report_type = match args.report_type.or(config
        .report_type
        .map(|t| if t == ReportType::Type1 { 1 } else { 2 }))
    {
        Some(1) => ReportType::Type1,
        Some(_) => ReportType::Type2,
        None if period.is_some() => ReportType::Type2,
        None => ReportType::Type1,
    };
    if let Some(p) = period.filter(|p| p.start > p.end) {
        bail!(
            "the period starts on {}, after it ends on {}; swap the dates",
            p.start,
            p.end
        );
    }
    if report_type == ReportType::Type2 && period.is_none() {
        bail!(
            "a Type II needs an observation period; set `period` under [scope] in soc2.toml or pass --period START..END"
        );
    }
    let as_of = match &args.as_of {
        Some(text) => parse_date("--as-of", text)?,
        None => config.as_of.unwrap_or_else(today),
    };
    Ok(Scope {
        categories,
        report_type,
        as_of,
        period: if report_type == ReportType::Type2 {
            period
        } else {
            None
        },
        exclusions: config.exclusions.iter().map(|(e, _)| e.clone()).collect(),
        remediation: config.remediation.iter().map(|(r, _)| r.clone()).collect(),
    })
}

/// Checks that exclusions and remediation items name controls the library knows.
fn check_ids(config: &Config, library: &Library) -> Result<()> {
    let file = config
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "soc2.toml".to_string());
    let known = |id: &str| library.get(id).is_some();
    for (e, line) in &config.exclusions {
        if !known(&e.control) {
            return Err(Error::Config(Problem::new(&file, *line, 1, format!("[[exclude]] names control `{}`, which the library does not have; fix the id (see `soc2 controls`) or remove the entry", e.control))).into());
        }
    }
    for (r, line) in &config.remediation {
        if !known(&r.control) {
            return Err(Error::Config(Problem::new(&file, *line, 1, format!("[[remediation]] names control `{}`, which the library does not have; fix the id (see `soc2 controls`) or remove the entry", r.control))).into());
        }
    }
    Ok(())
}

/// Builds the settings of a project command from its folder and flags.
pub fn resolve(dir: &Path, scope_args: &ScopeArgs, library_args: &LibraryArgs) -> Result<Settings> {
    if !dir.is_dir() {
        bail!(
            "project folder {} does not exist; pass the folder that holds soc2.toml and evidence/",
            dir.display()
        );
    }
    let config = Config::discover(dir)?;
    let mut notes = Vec::new();
    let scope = resolve_scope(&config, scope_args, &mut notes)?;
    let library = load_library(&config, library_args)?;
    check_ids(&config, &library)?;
    let evidence = scope_args
        .evidence
        .clone()
        .or_else(|| config.evidence_dir.clone())
        .unwrap_or_else(|| dir.join("evidence"));
    let project = config.project.clone().unwrap_or_else(|| project_name(dir));
    Ok(Settings {
        project,
        exclude: config.exclude_globs.clone(),
        config,
        evidence,
        scope,
        library,
        notes,
    })
}

/// The folder's own name, used when soc2.toml names no project.
fn project_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_string())
}
