//! `soc2 schema`, `soc2 completions` and `soc2 man`: generated from the raw structs and the clap
//! definition, never kept by hand.

use anyhow::Result;
use clap::CommandFactory;

use crate::EXIT_OK;
use crate::cli::{Cli, SchemaKind};
use crate::output;

/// Prints a JSON Schema.
pub fn schema(which: SchemaKind) -> Result<u8> {
    let value = match which {
        SchemaKind::Controls => soc2::schema::controls(),
        SchemaKind::Config => soc2::schema::config(),
    };
    output::emit(soc2::schema::to_text(&value).as_bytes(), None)?;
    Ok(EXIT_OK)
}

/// Prints a completion script.
pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "soc2", &mut buf);
    output::emit(&buf, None)?;
    Ok(EXIT_OK)
}

/// Prints the man page.
pub fn man() -> Result<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    output::emit(&buf, None)?;
    Ok(EXIT_OK)
}
