//! The `soc2` binary: parses the command line, runs one command, prints an error as one line and
//! returns the exit code (0 ok, 1 gate failed, 2 usage, configuration, library or I/O error).

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod commands;
mod output;
mod progress;
mod settings;

use std::process::ExitCode;

use clap::Parser;

use cli::Cli;

/// Exit code: assessed, gate passed.
pub const EXIT_OK: u8 = 0;
/// Exit code: the gate failed.
pub const EXIT_GATE: u8 = 1;
/// Exit code: bad input or I/O error.
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_OK
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut message = err.to_string();
            for cause in err.chain().skip(1) {
                let cause = cause.to_string();
                if !message.contains(&cause) {
                    message = format!("{message}: {cause}");
                }
            }
            // Messages quote paths and values users wrote; escaped, they stay one line.
            eprintln!("soc2: error: {}", soc2::report::plain::escape(&message));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
