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
    Validate(ValidateArgs),
    /// Start a project: a commented soc2.toml and the evidence folder tree.
    ///
    /// Writes soc2.toml and the evidence folder tree, with a README.md in each folder saying what
    /// belongs there. Never overwrites a file; in a folder that already has a soc2.toml, its scope
    /// is used unless flags say otherwise.
    #[command(
        after_help = "Examples:\n  soc2 init acme --criteria security,availability --period 2026-01-01..2026-06-30\n  soc2 init . --type 1 --as-of 2026-06-30 --templates\n  soc2 init . --controls my-controls/"
    )]
    Init(InitArgs),
    /// The auditor's request list (PBC) for the scope.
    ///
    /// One request per in-scope requirement, with what is asked, the windows it covers, where it
    /// is expected, its status and the files that satisfy it.
    #[command(
        after_help = "Examples:\n  soc2 pbc examples/acme --as-of 2026-06-30\n  soc2 pbc . --format csv --output pbc.csv\n  soc2 pbc . --format markdown"
    )]
    Pbc(PbcArgs),
    /// A dry run of the auditor's sample pull for a Type II.
    ///
    /// Per operating requirement, the population of dated records in the period and a
    /// reproducible sample spread across windows.
    #[command(after_help = SAMPLE_HELP)]
    Sample(SampleArgs),
    /// Map the library to ISO/IEC 27001:2022.
    #[command(after_help = "Example:\n  soc2 map iso27001 . --as-of 2026-06-30")]
    Map(MapArgs),
    /// Print the JSON Schema of the control-library YAML or of soc2.toml, for editors.
    #[command(after_help = "Example:\n  soc2 schema controls > schemas/controls.schema.json")]
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  soc2 completions bash > ~/.local/share/bash-completion/completions/soc2\n  soc2 completions zsh > ~/.zfunc/_soc2"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  soc2 man > soc2.1 && man ./soc2.1")]
    Man,
}

/// The schemas `soc2 schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The control-library YAML.
    Controls,
    /// soc2.toml.
    Config,
}

/// The `soc2 sample` help epilogue: the sample-size table and examples.
const SAMPLE_HELP: &str = "Sample sizes by cadence (never more than the population):
  year 1, half-year 1, quarter 2, month 2, week 5, day 25, event 25 (or the whole population
  when it is smaller). Override them in soc2.toml:
    [sample]
    month = 3
    event = 40

The population of a requirement is its dated records inside the period's windows (inside the
period for event), as the assessment counts them: copies once, nothing dated after the
assessment date. Picks are spread across windows: one per window, in a random window order,
before any window gives a second. The same seed gives the same picks; the default seed is
derived from the period, so a rerun over the same period repeats the draw.

Examples:
  soc2 sample examples/acme --as-of 2026-06-30
  soc2 sample . --seed 7 --format csv --output sample.csv
  soc2 sample . --copy-to ../dry-run";

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
    /// Write the output to FILE instead of standard output: a regular file is replaced
    /// atomically; a device, link or FIFO is written through.
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

impl ScopeArgs {
    /// The first scope flag given on the command line, by its name, if any.
    pub fn first_given(&self) -> Option<&'static str> {
        [
            ("--criteria", self.criteria.is_some()),
            ("--type", self.report_type.is_some()),
            ("--as-of", self.as_of.is_some()),
            ("--period", self.period.is_some()),
            ("--period-start", self.period_start.is_some()),
            ("--period-end", self.period_end.is_some()),
            ("--evidence", self.evidence.is_some()),
        ]
        .into_iter()
        .find_map(|(flag, given)| given.then_some(flag))
    }
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

/// Formats of the listings (`controls`, `criteria`, `pbc`, `sample`, `map`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    /// A terminal table.
    Table,
    /// A Markdown table.
    Markdown,
    /// CSV (RFC 4180; cells that a spreadsheet would run as formulas start with ').
    Csv,
    /// JSON.
    Json,
}

/// `soc2 init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The project folder to set up; created when missing.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Categories in scope, comma-separated: security, availability, processing-integrity,
    /// confidentiality, privacy (or cc, a, pi, c, p). Security is always added (default: security).
    #[arg(long, value_name = "LIST")]
    pub criteria: Option<String>,
    /// Report type: 1 (design as of a date) or 2 (operation over a period; needs --period).
    /// Default: 2 with --period, else 1.
    #[arg(long = "type", value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub report_type: Option<u8>,
    /// The Type II observation period to write, START..END (ISO dates, both inclusive).
    #[arg(long, value_name = "START..END")]
    pub period: Option<String>,
    /// The as-of date to write (without it, soc2.toml leaves it to today's date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Also write draft policy templates (Markdown, `status: draft`) where the in-scope design
    /// requirements expect them; they count once approved and dated.
    #[arg(long)]
    pub templates: bool,
}

/// `soc2 pbc`.
#[derive(Debug, Clone, Args)]
pub struct PbcArgs {
    /// The project folder holding soc2.toml and, by default, evidence/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `soc2 sample`.
#[derive(Debug, Clone, Args)]
pub struct SampleArgs {
    /// The project folder holding soc2.toml and, by default, evidence/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// The seed of the draw (default: derived from the period, so reruns repeat the picks).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Copy the picked files into DIR (new or empty, outside the evidence folder), keeping their
    /// paths relative to the evidence folder.
    #[arg(long, value_name = "DIR")]
    pub copy_to: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `soc2 map`.
#[derive(Debug, Clone, Args)]
pub struct MapArgs {
    /// The framework to map to.
    #[command(subcommand)]
    pub target: MapTarget,
}

/// Frameworks `soc2 map` knows.
#[derive(Debug, Clone, Subcommand)]
pub enum MapTarget {
    /// Every ISO/IEC 27001:2022 Annex A control and clause 4.1-10.2 with the library controls
    /// mapped to it, their readiness when DIR is given, and coverage per theme.
    #[command(
        after_help = "CSV holds one record per ISO id; the per-theme totals are in the other formats.\n\nExamples:\n  soc2 map iso27001\n  soc2 map iso27001 examples/acme --as-of 2026-06-30 --format markdown"
    )]
    Iso27001(MapIsoArgs),
}

/// `soc2 map iso27001`.
#[derive(Debug, Clone, Args)]
pub struct MapIsoArgs {
    /// A project folder: when given, each mapped control shows its readiness from the evidence.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub scope: ScopeArgs,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `soc2 validate`.
#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Output format of the problem list (table prints one problem per line on stderr).
    #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
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
    #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Table, global = true)]
    pub format: RowFormat,
    #[command(flatten)]
    pub library: LibraryArgs,
}

/// `soc2 controls show`.
#[derive(Debug, Clone, Subcommand)]
pub enum ControlsCommand {
    /// Everything about one control: requirements, paths, cadence, guidance, ISO ids.
    #[command(
        after_help = "Examples:\n  soc2 controls show AC-04\n  soc2 controls show AC-04 --format json"
    )]
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
    #[arg(long, short = 'f', value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
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
