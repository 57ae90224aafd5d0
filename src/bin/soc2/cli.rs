//! The command line, as clap derive structs. Every flag's `///` doc is its `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Get ready for a SOC 2 examination: assess an evidence folder against the Trust Services
/// Criteria and print a scored gap report. It prepares for an audit; it certifies nothing.
#[derive(Debug, Parser)]
#[command(name = "soc2", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to colour output: auto (a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess a project's evidence and print the scored gap report.
    #[command(
        after_help = "Examples:\n  soc2 assess examples/acme --as-of 2026-06-30\n  soc2 assess . --format json --output report.json\n  soc2 assess . --fail-under 85\n  soc2 assess . --baseline main.json --fail-on-regression\n\nOn GitHub Actions (GITHUB_ACTIONS=true) the worst gaps are also printed as annotations on\nstandard error, and the Markdown report is appended to $GITHUB_STEP_SUMMARY when it is set."
    )]
    Assess(AssessArgs),
    /// List the controls of the library in use, or show one.
    #[command(
        after_help = "Examples:\n  soc2 controls --category availability\n  soc2 controls show AC-04"
    )]
    Controls(ControlsArgs),
    /// List every criterion with the controls that map to it.
    #[command(after_help = "Example:\n  soc2 criteria --format markdown")]
    Criteria(CriteriaArgs),
    /// Check a control library and list every problem.
    #[command(after_help = "Example:\n  soc2 validate --controls my-controls/")]
    Validate(LibraryArgs),
}

/// Where the control library comes from.
#[derive(Debug, Clone, Args)]
pub struct LibraryArgs {
    /// A folder of control YAML files that adds to or replaces built-in controls (repeatable).
    #[arg(long = "controls", value_name = "DIR", global = true)]
    pub controls: Vec<PathBuf>,
    /// Leave the built-in library out.
    #[arg(long, global = true)]
    pub no_builtin: bool,
}

/// Output options shared by report commands.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `soc2 assess`.
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// The project folder holding soc2.toml and, by default, evidence/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Fail (exit 1) when readiness is below PCT percent.
    #[arg(long, value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Fail (exit 1) when any assessed control is not met.
    #[arg(long)]
    pub strict: bool,
    /// Compare with an earlier JSON report (from `--format json`): readiness delta, controls
    /// newly met, controls that regressed.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Fail (exit 1) when any control regressed against --baseline.
    #[arg(long, requires = "baseline")]
    pub fail_on_regression: bool,
}

/// Flags that override `[scope]` and `[evidence]` of soc2.toml.
#[derive(Debug, Clone, Args)]
pub struct ScopeArgs {
    /// Categories in scope, comma-separated: security, availability, processing-integrity,
    /// confidentiality, privacy (or cc, a, pi, c, p). Security is always added.
    #[arg(long, value_name = "LIST")]
    pub criteria: Option<String>,
    /// Report type: 1 (design as of a date) or 2 (operation over a period).
    #[arg(long = "type", value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub report_type: Option<u8>,
    /// The assessment date of a Type I; in a Type II, windows ending after it are upcoming
    /// (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The Type II observation period, START..END (ISO dates, both inclusive).
    #[arg(long, value_name = "START..END", conflicts_with_all = ["period_start", "period_end"])]
    pub period: Option<String>,
    /// First day of the observation period.
    #[arg(long, value_name = "DATE", requires = "period_end")]
    pub period_start: Option<String>,
    /// Last day of the observation period.
    #[arg(long, value_name = "DATE", requires = "period_start")]
    pub period_end: Option<String>,
    /// The evidence folder (default: evidence/ in the project folder).
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
}

/// Formats of `soc2 assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A terminal table.
    Table,
    /// Markdown: summary and gap table for a wiki, a merge request or a meeting.
    Markdown,
    /// The JSON report (schema_version 1).
    Json,
    /// CSV: one row per requirement not met, for a spreadsheet.
    Csv,
    /// JUnit XML: one test suite per category, one test case per control.
    Junit,
    /// One self-contained HTML page.
    Html,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

/// Formats of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A terminal table.
    Table,
    /// JSON.
    Json,
    /// A Markdown table.
    Markdown,
}

/// `soc2 controls`.
#[derive(Debug, Clone, Args)]
pub struct ControlsArgs {
    /// Show one control.
    #[command(subcommand)]
    pub show: Option<ControlsCommand>,
    /// Only controls touching this category.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table, global = true)]
    pub format: ListFormat,
    #[command(flatten)]
    pub library: LibraryArgs,
}

/// `soc2 controls show`.
#[derive(Debug, Clone, Subcommand)]
pub enum ControlsCommand {
    /// Everything about one control: requirements, paths, cadence, guidance, ISO ids.
    Show {
        /// The control id, such as AC-04.
        id: String,
    },
}

/// `soc2 criteria`.
#[derive(Debug, Clone, Args)]
pub struct CriteriaArgs {
    /// Only criteria of this category.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    #[command(flatten)]
    pub library: LibraryArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
