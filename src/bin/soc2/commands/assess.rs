//! `soc2 assess`: the scored gap report, in every format, with the CI gate, the baseline
//! ratchet and GitHub Actions annotations.

use std::path::Path;

use anyhow::{Context, Result};

use soc2::report::{self, Format, Gate, Report, baseline};

use super::{assess_project, github, print_notes};
use crate::cli::{AssessArgs, ColorChoice, ReportFormat};
use crate::output;
use crate::settings;
use crate::{EXIT_GATE, EXIT_OK};

/// Reads and parses an earlier JSON report.
fn read_baseline(path: &Path) -> Result<baseline::Previous> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "could not read the baseline {}; pass an existing JSON report written by `soc2 assess --format json`",
            path.display()
        )
    })?;
    baseline::parse(&path.display().to_string(), &text).map_err(|p| anyhow::anyhow!("{p}"))
}

/// Runs the assessment and writes the report; exit 1 when the gate fails.
pub fn run(args: &AssessArgs, color: ColorChoice) -> Result<u8> {
    if let Some(f) = args.fail_under.filter(|f| !(0.0..=100.0).contains(f)) {
        anyhow::bail!("--fail-under {f} is out of range; use a percentage from 0 to 100");
    }
    let settings = settings::resolve(&args.dir, &args.scope, &args.library)?;
    let previous = args.baseline.as_deref().map(read_baseline).transpose()?;
    print_notes(&settings);
    let assessment = assess_project(&settings)?;
    let fail_under = args.fail_under.or(settings.config.fail_under);
    let strict = args.strict || settings.config.strict;
    let gate = Gate::decide(&assessment, fail_under, strict);
    let mut report = Report::new(settings.project.clone(), assessment, gate);
    if let Some(previous) = &previous {
        report.compare_with(previous, args.fail_on_regression);
    }
    if let Some(base) = github::source_base() {
        report.relativize_sources(&base);
    }
    let format = match args.format {
        ReportFormat::Table => Format::Table,
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::Json => Format::Json,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Junit => Format::Junit,
        ReportFormat::Html => Format::Html,
        ReportFormat::Sarif => Format::Sarif,
    };
    let style = output::style(color, args.output.output.is_some());
    let to = args.output.output.as_deref();
    if format == Format::Json {
        // Serialising a finished report fails only when a write does: it goes straight out.
        github::append_step_summary(&report)?;
        output::emit_with(to, &mut |out| report::json::render(&report, out))?;
    } else {
        let buf = report::to_bytes(&report, format, &style)?;
        github::append_step_summary(&report)?;
        output::emit(&buf, to)?;
        std::mem::forget(buf);
    }
    github::annotate(&report);
    let code = if report.gate.passed {
        EXIT_OK
    } else {
        EXIT_GATE
    };
    // The process ends right after this: freeing a report of 100,000 files string by string
    // would only delay the exit, and the system takes the memory back at once.
    std::mem::forget(report);
    Ok(code)
}
