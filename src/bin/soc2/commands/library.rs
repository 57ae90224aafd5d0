//! `soc2 controls`, `soc2 controls show`, `soc2 criteria` and `soc2 validate`: reading the
//! library in use without any evidence. Listings go through the same grid as the workflow
//! commands, so every format escapes the same way.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use soc2::config::Config;
use soc2::criteria::{self, Category};
use soc2::error::Error;
use soc2::library::{Control, Library};
use soc2::workflow::grid::Grid;

use super::listing::{self, Listing};
use crate::cli::{
    ColorChoice, ControlsArgs, ControlsCommand, CriteriaArgs, LibraryArgs, RowFormat, ValidateArgs,
};
use crate::output;
use crate::settings::load_library;
use crate::{EXIT_ERROR, EXIT_OK};

fn library_for(args: &LibraryArgs) -> Result<Library> {
    let config = Config::discover(std::path::Path::new("."))?;
    load_library(&config, args)
}

fn category_filter(name: Option<&str>) -> Result<Option<Category>> {
    match name {
        None => Ok(None),
        Some(n) => match Category::parse(n) {
            Some(c) => Ok(Some(c)),
            None => bail!(
                "--category `{n}` is not a category; use security, availability, processing-integrity, confidentiality or privacy"
            ),
        },
    }
}

fn categories_of(c: &Control) -> String {
    c.categories()
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `soc2 controls` and `soc2 controls show ID`.
pub fn controls(args: &ControlsArgs, color: ColorChoice) -> Result<u8> {
    let library = library_for(&args.library)?;
    if let Some(ControlsCommand::Show { id }) = &args.show {
        let Some(control) = library.get(id).or_else(|| {
            library
                .controls
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(id))
        }) else {
            bail!("no control `{id}` in the library in use; `soc2 controls` lists them");
        };
        return show(control, args.format, color);
    }
    let filter = category_filter(args.category.as_deref())?;
    let selected: Vec<&Control> = library
        .controls
        .iter()
        .filter(|c| filter.is_none_or(|f| c.categories().contains(&f)))
        .collect();
    let mut grid = Grid::new(&["Control", "Title", "Risk", "Categories", "Criteria"]);
    for c in &selected {
        grid.push(vec![
            c.id.clone(),
            c.title.clone(),
            c.risk.to_string(),
            categories_of(c),
            c.criteria.join(", "),
        ]);
    }
    let rows: Vec<Value> = selected
        .iter()
        .map(|c| json!({"id": c.id, "title": c.title, "risk": c.risk, "categories": c.categories(), "criteria": c.criteria, "iso27001": c.iso27001, "requirements": c.evidence.len()}))
        .collect();
    let listing = Listing {
        title: "Controls".to_string(),
        lines: vec![plural(selected.len(), "control", "controls")],
        grids: vec![(None, grid)],
        json: &rows,
    };
    listing::emit(&listing, args.format, color, None)?;
    Ok(EXIT_OK)
}

/// One control: a readable text in table form, or its requirements as rows.
fn show(c: &Control, format: RowFormat, color: ColorChoice) -> Result<u8> {
    let reqs: Vec<Value> = c
        .evidence
        .iter()
        .map(|r| json!({"id": r.id, "title": r.title, "kind": r.kind, "paths": r.paths, "every": r.every, "min": r.min, "max_age": r.max_age.map(|a| a.to_string()), "guidance": r.guidance}))
        .collect();
    let value = json!({"id": c.id, "title": c.title, "description": c.description, "risk": c.risk, "owner": c.owner, "categories": c.categories(), "criteria": c.criteria, "iso27001": c.iso27001, "source": format!("{}:{}", c.origin.file, c.origin.line), "requirements": reqs});
    if format == RowFormat::Table {
        output::emit(describe(c)?.as_bytes(), None)?;
        return Ok(EXIT_OK);
    }
    let mut grid = Grid::new(&[
        "Requirement",
        "Kind",
        "Title",
        "Paths",
        "Cadence",
        "Max age",
        "Guidance",
    ]);
    for r in &c.evidence {
        let cadence = match (r.every, r.min) {
            (Some(e), 1) => e.as_str().to_string(),
            (Some(e), n) => format!("{}, {n} per window", e.as_str()),
            (None, _) => String::new(),
        };
        grid.push(vec![
            r.id.clone(),
            r.kind.as_str().to_string(),
            r.title.clone(),
            r.paths.join(", "),
            cadence,
            r.max_age.map(|a| a.to_string()).unwrap_or_default(),
            r.guidance.clone(),
        ]);
    }
    let lines = vec![
        c.description.clone(),
        format!(
            "Risk: {}. Owner: {}.",
            c.risk,
            c.owner.as_deref().unwrap_or("-")
        ),
        format!(
            "Criteria: {}. ISO/IEC 27001:2022: {}.",
            c.criteria.join(", "),
            c.iso27001.join(", ")
        ),
    ];
    let listing = Listing {
        title: format!("{} {}", c.id, c.title),
        lines,
        grids: vec![(None, grid)],
        json: &value,
    };
    listing::emit(&listing, format, color, None)?;
    Ok(EXIT_OK)
}

/// Everything about one control as text for a terminal.
fn describe(c: &Control) -> Result<String> {
    let mut s = String::new();
    writeln!(s, "{} {}\n", c.id, c.title)?;
    if !c.description.is_empty() {
        writeln!(s, "{}\n", c.description)?;
    }
    writeln!(s, "Risk: {}", c.risk)?;
    writeln!(s, "Owner: {}", c.owner.as_deref().unwrap_or("-"))?;
    writeln!(s, "Criteria: {}", c.criteria.join(", "))?;
    let iso = if c.iso27001.is_empty() {
        "-".to_string()
    } else {
        c.iso27001.join(", ")
    };
    writeln!(s, "ISO/IEC 27001:2022: {iso}")?;
    writeln!(s, "Defined in: {}:{}", c.origin.file, c.origin.line)?;
    for r in &c.evidence {
        let cadence = match (r.every, r.min) {
            (Some(e), 1) => format!(", every {}", e.as_str()),
            (Some(e), n) => format!(", every {}, {n} records per window", e.as_str()),
            (None, _) => String::new(),
        };
        let age = r
            .max_age
            .map(|a| format!(", at most {a} old"))
            .unwrap_or_default();
        writeln!(
            s,
            "\n- {} ({}{cadence}{age}): {}",
            r.id,
            r.kind.as_str(),
            r.title
        )?;
        writeln!(s, "  paths: {}", r.paths.join(", "))?;
        if !r.guidance.is_empty() {
            writeln!(s, "  guidance: {}", r.guidance)?;
        }
    }
    Ok(s)
}

/// `soc2 criteria`.
pub fn criteria(args: &CriteriaArgs, color: ColorChoice) -> Result<u8> {
    let library = library_for(&args.library)?;
    let filter = category_filter(args.category.as_deref())?;
    let rows: Vec<(&criteria::Criterion, Vec<&str>)> = criteria::CRITERIA
        .iter()
        .filter(|c| filter.is_none_or(|f| c.category == f))
        .map(|c| {
            (
                c,
                library
                    .controls_for(c.id)
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect(),
            )
        })
        .collect();
    let uncovered = rows.iter().filter(|(_, ids)| ids.is_empty()).count();
    let mut grid = Grid::new(&["Criterion", "Category", "Title", "Controls"]);
    for (c, ids) in &rows {
        let controls = if ids.is_empty() {
            "UNCOVERED: no control maps to it".to_string()
        } else {
            ids.join(", ")
        };
        grid.push(vec![
            c.id.to_string(),
            c.category.to_string(),
            c.title.to_string(),
            controls,
        ]);
    }
    let value: Vec<Value> = rows
        .iter()
        .map(|(c, ids)| json!({"id": c.id, "category": c.category, "title": c.title, "controls": ids, "status": if ids.is_empty() { "uncovered" } else { "covered" }}))
        .collect();
    let listing = Listing {
        title: "Trust Services Criteria".to_string(),
        lines: vec![format!(
            "{}, {uncovered} uncovered",
            plural(rows.len(), "criterion", "criteria")
        )],
        grids: vec![(None, grid)],
        json: &value,
    };
    listing::emit(&listing, args.format, color, None)?;
    Ok(EXIT_OK)
}

/// `soc2 validate`: every problem and exit 2, or a one-line summary and exit 0. In the table
/// format problems go to stderr one per line (`file:line:column: control X: message`); the
/// other formats list them on stdout for tools.
pub fn validate(args: &ValidateArgs, color: ColorChoice) -> Result<u8> {
    let problems = match library_for(&args.library) {
        Ok(library) => {
            let uncovered = criteria::CRITERIA
                .iter()
                .filter(|c| library.controls_for(c.id).is_empty())
                .count();
            let requirements: usize = library.controls.iter().map(|c| c.evidence.len()).sum();
            let summary = format!(
                "ok: {} controls, {requirements} evidence requirements, {} of {} criteria mapped",
                library.controls.len(),
                criteria::CRITERIA.len() - uncovered,
                criteria::CRITERIA.len()
            );
            if args.format == RowFormat::Table {
                output::emit(format!("{summary}\n").as_bytes(), None)?;
                return Ok(EXIT_OK);
            }
            Vec::new()
        }
        Err(err) => match err.downcast::<Error>() {
            Ok(Error::Library(problems)) => problems,
            Ok(other) => return Err(other.into()),
            Err(other) => return Err(other),
        },
    };
    if args.format == RowFormat::Table {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "soc2: error: {} in the control library",
            plural(problems.len(), "problem", "problems")
        );
        return Ok(EXIT_ERROR);
    }
    let mut grid = Grid::new(&["File", "Line", "Column", "Control", "Problem"]);
    for p in &problems {
        grid.push(vec![
            p.file.clone(),
            p.line.to_string(),
            p.column.to_string(),
            p.control.clone().unwrap_or_default(),
            p.message.clone(),
        ]);
    }
    let value: Vec<Value> = problems
        .iter()
        .map(|p| json!({"file": p.file, "line": p.line, "column": p.column, "control": p.control, "message": p.message}))
        .collect();
    let listing = Listing {
        title: "Control library problems".to_string(),
        lines: vec![plural(problems.len(), "problem", "problems")],
        grids: vec![(None, grid)],
        json: &value,
    };
    listing::emit(&listing, args.format, color, None)?;
    Ok(if problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}
