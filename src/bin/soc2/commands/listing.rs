//! What the workflow listings (`pbc`, `sample`, `map`) share: one grid rendered in the chosen
//! format, JSON from the rows themselves, and one place that writes the result to stdout or
//! `--output`.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use soc2::workflow::grid::Grid;

use crate::cli::{ColorChoice, RowFormat};
use crate::output;

/// A listing ready to render: a title for table and Markdown, grids, and the JSON value.
pub struct Listing<'a, T: Serialize> {
    /// The heading (first line of a table, `#` heading in Markdown).
    pub title: String,
    /// Lines under the heading (scope, seed, ...).
    pub lines: Vec<String>,
    /// The grids, each with an optional subheading; CSV holds the first grid only.
    pub grids: Vec<(Option<String>, Grid)>,
    /// The JSON value.
    pub json: &'a T,
}

/// Renders a listing and writes it to stdout or `output` (atomically).
pub fn emit<T: Serialize>(
    listing: &Listing<'_, T>,
    format: RowFormat,
    color: ColorChoice,
    out: Option<&Path>,
) -> Result<()> {
    let text = match format {
        RowFormat::Json => serde_json::to_string_pretty(listing.json)? + "\n",
        RowFormat::Csv => listing
            .grids
            .first()
            .map(|(_, g)| g.csv())
            .unwrap_or_default(),
        RowFormat::Markdown => {
            let mut s = format!("# {}\n\n", listing.title);
            for line in &listing.lines {
                s.push_str(&format!("{line}  \n"));
            }
            for (heading, grid) in &listing.grids {
                s.push('\n');
                if let Some(h) = heading {
                    s.push_str(&format!("## {h}\n\n"));
                }
                s.push_str(&grid.markdown());
            }
            s
        }
        RowFormat::Table => {
            let style = output::style(color, out.is_some());
            let mut s = format!("{}\n", listing.title);
            for line in &listing.lines {
                s.push_str(&format!("{line}\n"));
            }
            for (heading, grid) in &listing.grids {
                s.push('\n');
                if let Some(h) = heading {
                    s.push_str(&format!("{h}\n"));
                }
                s.push_str(&grid.table(&style));
            }
            s
        }
    };
    output::emit(text.as_bytes(), out)
}
