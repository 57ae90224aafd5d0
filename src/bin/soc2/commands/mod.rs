//! One module per command; this one dispatches and holds what several commands share.

mod assess;
mod github;
mod init;
mod library;
mod listing;
mod map;
mod meta;
mod pbc;
mod sample;

use anyhow::Result;

use soc2::assess::{self as engine, Assessment};
use soc2::evidence;

use crate::cli::{Cli, Command};
use crate::settings::Settings;

/// Runs the parsed command and returns its exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Assess(args) => assess::run(&args, cli.color),
        Command::Controls(args) => library::controls(&args, cli.color),
        Command::Criteria(args) => library::criteria(&args, cli.color),
        Command::Validate(args) => library::validate(&args, cli.color),
        Command::Schema { which } => meta::schema(which),
        Command::Completions { shell } => meta::completions(shell),
        Command::Man => meta::man(),
        Command::Init(args) => init::run(&args),
        Command::Pbc(args) => pbc::run(&args, cli.color),
        Command::Sample(args) => sample::run(&args, cli.color),
        Command::Map(args) => map::run(&args, cli.color),
    }
}

/// Prints the settings' notes on stderr.
pub fn print_notes(settings: &Settings) {
    for note in &settings.notes {
        eprintln!("soc2: note: {note}");
    }
}

/// Walks the evidence and scores it: the core of `assess`, `pbc`, `sample` and `map`.
pub fn assess_project(settings: &Settings) -> Result<Assessment> {
    let plan = engine::plan(&settings.library, &settings.scope);
    let globs = plan.globs(&settings.library);
    let progress = crate::progress::Progress::start();
    let index = evidence::index_counting(
        &settings.evidence,
        &settings.exclude,
        &globs,
        &progress.listed,
    );
    progress.finish();
    let index = index?;
    Ok(engine::assess(
        &settings.library,
        &plan,
        &index,
        &settings.scope,
    ))
}
