//! `soc2 pbc`: the Prepared-By-Client request list, from the same assessment as `soc2 assess`.

use anyhow::Result;

use soc2::workflow::grid::Grid;
use soc2::workflow::pbc::{self, PbcList};

use super::listing::{self, Listing};
use super::{assess_project, print_notes};
use crate::EXIT_OK;
use crate::cli::{ColorChoice, PbcArgs, RowFormat};
use crate::settings;

/// Files in one cell: every path for machine formats, the first few for a terminal.
fn files_cell(files: &[String], format: RowFormat) -> String {
    const SHOWN: usize = 3;
    match format {
        RowFormat::Table if files.len() > SHOWN => format!(
            "{}\n… and {} more",
            files.get(..SHOWN).unwrap_or_default().join("\n"),
            files.len() - SHOWN
        ),
        RowFormat::Markdown => files.join(", "),
        _ => files.join("\n"),
    }
}

fn grid(list: &PbcList, format: RowFormat) -> Grid {
    let mut grid = Grid::new(&[
        "Request",
        "Control",
        "Criteria",
        "Requested",
        "Covers",
        "Expected in",
        "Status",
        "Files",
        "Owner",
        "Due",
    ]);
    let sep = if format == RowFormat::Markdown {
        ", "
    } else {
        "\n"
    };
    for r in &list.requests {
        grid.push(vec![
            r.number.clone(),
            format!("{} {}", r.control, r.requirement),
            r.criteria.join(", "),
            r.request.clone(),
            r.covers.clone(),
            r.expected.join(sep),
            r.status.as_str().to_string(),
            files_cell(&r.files, format),
            r.owner.clone().unwrap_or_default(),
            r.due.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    grid
}

/// Runs `soc2 pbc`.
pub fn run(args: &PbcArgs, color: ColorChoice) -> Result<u8> {
    let settings = settings::resolve(&args.dir, &args.scope, &args.library)?;
    print_notes(&settings);
    let assessment = assess_project(&settings)?;
    let list = pbc::requests(&settings.project, &assessment, &settings.library);
    let when = match list.period {
        Some(p) => format!(
            "{}, {}..{} (as of {})",
            list.report_type.title(),
            p.start,
            p.end,
            list.as_of
        ),
        None => format!("{} as of {}", list.report_type.title(), list.as_of),
    };
    let open = list.requests.iter().filter(|r| r.status.is_gap()).count();
    let listing = Listing {
        title: format!("PBC request list: {}", list.project),
        lines: vec![
            when,
            format!("{} requests, {open} not yet satisfied", list.requests.len()),
        ],
        grids: vec![(None, grid(&list, args.format))],
        json: &list,
    };
    listing::emit(&listing, args.format, color, args.output.output.as_deref())?;
    Ok(EXIT_OK)
}
