//! `soc2 assess`: the scored gap report, in every format, with the CI gate.

use anyhow::Result;

use soc2::report::{self, Format, Gate, Report};

use super::{assess_project, print_notes};
use crate::cli::{AssessArgs, ColorChoice, ReportFormat};
use crate::output;
use crate::settings;
use crate::{EXIT_GATE, EXIT_OK};

/// Runs the assessment and writes the report; exit 1 when the gate fails.
pub fn run(args: &AssessArgs, color: ColorChoice) -> Result<u8> {
    if let Some(f) = args.fail_under.filter(|f| !(0.0..=100.0).contains(f)) {
        anyhow::bail!("--fail-under {f} is out of range; use a percentage from 0 to 100");
    }
    let settings = settings::resolve(&args.dir, &args.scope, &args.library)?;
    print_notes(&settings);
    let assessment = assess_project(&settings)?;
    let fail_under = args.fail_under.or(settings.config.fail_under);
    let strict = args.strict || settings.config.strict;
    let gate = Gate::decide(&assessment, fail_under, strict);
    let report = Report::new(settings.project.clone(), assessment, gate);
    let format = match args.format {
        ReportFormat::Table => Format::Table,
        ReportFormat::Json => Format::Json,
    };
    let style = output::style(color, args.output.output.is_some());
    let mut buf = Vec::new();
    report::render(&report, format, &style, &mut buf)?;
    output::emit(&buf, args.output.output.as_deref())?;
    Ok(if report.gate.passed {
        EXIT_OK
    } else {
        EXIT_GATE
    })
}
