//! GitHub Actions integration for `soc2 assess`: the only place that reads the CI environment.
//! Annotations go to standard error — GitHub reads workflow commands from both streams, and a
//! JSON or SARIF report on standard output must stay parseable. The step summary gets the
//! Markdown report appended.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use soc2::report::Report;
use soc2::report::github::{self, MAX_EACH};

/// Whether this process runs as a GitHub Actions step.
pub fn on_github() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// The folder library files are shown relative to: the checkout on GitHub Actions (annotation
/// and SARIF paths are relative to the repository root), else the current folder.
pub fn source_base() -> Option<PathBuf> {
    let workspace = std::env::var_os("GITHUB_WORKSPACE").filter(|w| !w.is_empty());
    match workspace {
        Some(w) if on_github() => Some(PathBuf::from(w)),
        _ => std::env::current_dir().ok(),
    }
}

/// The step summary file, when GitHub set one.
fn summary_file() -> Option<OsString> {
    std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty())
}

/// Appends the Markdown report to `$GITHUB_STEP_SUMMARY`, when it is set.
pub fn append_step_summary(report: &Report) -> Result<()> {
    let Some(file) = summary_file() else {
        return Ok(());
    };
    let path = Path::new(&file);
    let text = github::step_summary(report)?;
    let context = || {
        format!(
            "could not append the report to GITHUB_STEP_SUMMARY file {}; check that the variable names a writable file",
            path.display()
        )
    };
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(context)?;
    f.write_all(&text).with_context(context)?;
    Ok(())
}

/// Prints `::error`/`::warning` annotations for the worst gaps on standard error, when on
/// GitHub Actions.
pub fn annotate(report: &Report) {
    if !on_github() {
        return;
    }
    for annotation in github::annotations(report, MAX_EACH) {
        eprintln!("{}", annotation.command());
    }
}
