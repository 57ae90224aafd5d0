//! `soc2 map iso27001`: the ISO/IEC 27001:2022 crosswalk, with readiness when a project is given.

use std::path::Path;

use anyhow::{Result, bail};

use soc2::config::Config;
use soc2::workflow::crosswalk::{self, Crosswalk, MappedControl};
use soc2::workflow::grid::Grid;

use super::listing::{self, Listing};
use super::{assess_project, print_notes};
use crate::EXIT_OK;
use crate::cli::{ColorChoice, MapArgs, MapIsoArgs, MapTarget};
use crate::settings::{self, load_library};

/// One mapped control as text: `AC-01` or `AC-01 partial 50%`.
fn mapped(c: &MappedControl) -> String {
    match &c.readiness {
        None => c.id.clone(),
        Some(r) => match r.score {
            Some(score) if r.status == "partial" => {
                format!("{} {} {:.0}%", c.id, r.status, score * 100.0)
            }
            _ => format!("{} {}", c.id, r.status),
        },
    }
}

fn grids(map: &Crosswalk, with_scores: bool) -> Vec<(Option<String>, Grid)> {
    let mut headers = vec!["ISO id", "Theme", "Name", "Controls"];
    if with_scores {
        headers.push("Score");
    }
    let mut rows = Grid::new(&headers);
    for r in &map.rows {
        let controls: Vec<String> = r.controls.iter().map(mapped).collect();
        let mut row = vec![
            r.id.clone(),
            r.theme.as_str().to_string(),
            r.name.clone(),
            controls.join(", "),
        ];
        if with_scores {
            row.push(r.score.map(|s| format!("{s:.1}%")).unwrap_or_default());
        }
        rows.push(row);
    }
    let mut totals = Grid::new(&["Theme", "Ids", "Covered", "Coverage"]);
    for t in &map.totals {
        let pct = if t.ids == 0 {
            0.0
        } else {
            t.covered as f64 * 100.0 / t.ids as f64
        };
        totals.push(vec![
            t.theme.as_str().to_string(),
            t.ids.to_string(),
            t.covered.to_string(),
            format!("{pct:.1}%"),
        ]);
    }
    vec![
        (None, rows),
        (Some("Coverage by theme".to_string()), totals),
    ]
}

fn iso27001(args: &MapIsoArgs, color: ColorChoice) -> Result<u8> {
    let (map, project) = match &args.dir {
        Some(dir) => {
            let settings = settings::resolve(dir, &args.scope, &args.library)?;
            print_notes(&settings);
            let assessment = assess_project(&settings)?;
            (
                crosswalk::crosswalk(&settings.library, Some(&assessment)),
                Some(settings.project),
            )
        }
        None => {
            // Scope only decides readiness, which needs a project; taking the flag silently
            // would print a crosswalk that looks scoped and is not.
            if let Some(flag) = args.scope.first_given() {
                bail!(
                    "{flag} sets the scope of an assessment, and `soc2 map iso27001` assesses only when given a project folder; pass one (for example `soc2 map iso27001 . {flag} ...`) or leave {flag} out"
                );
            }
            let config = Config::discover(Path::new("."))?;
            let library = load_library(&config, &args.library)?;
            (crosswalk::crosswalk(&library, None), None)
        }
    };
    let annex: Vec<_> = map
        .totals
        .iter()
        .filter(|t| t.theme != soc2::iso27001::Theme::Clause)
        .collect();
    let ids: usize = annex.iter().map(|t| t.ids).sum();
    let covered: usize = annex.iter().map(|t| t.covered).sum();
    let title = match &project {
        Some(p) => format!("ISO/IEC 27001:2022 crosswalk: {p}"),
        None => "ISO/IEC 27001:2022 crosswalk of the control library".to_string(),
    };
    let listing = Listing {
        title,
        lines: vec![format!(
            "{covered} of {ids} Annex A controls have at least one library control mapped"
        )],
        grids: grids(&map, project.is_some()),
        json: &map,
    };
    listing::emit(&listing, args.format, color, args.output.output.as_deref())?;
    Ok(EXIT_OK)
}

/// Runs `soc2 map`.
pub fn run(args: &MapArgs, color: ColorChoice) -> Result<u8> {
    match &args.target {
        MapTarget::Iso27001(a) => iso27001(a, color),
    }
}
