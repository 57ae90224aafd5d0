//! `soc2 controls`, `soc2 controls show`, `soc2 criteria` and `soc2 validate`: reading the
//! library in use without any evidence.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::json;

use soc2::config::Config;
use soc2::criteria::{self, Category};
use soc2::error::Error;
use soc2::library::{Control, Library};

use crate::cli::{
    ColorChoice, ControlsArgs, ControlsCommand, CriteriaArgs, LibraryArgs, ListFormat,
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

fn new_table(color: ColorChoice) -> Table {
    let style = output::style(color, false);
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    if let Some(w) = style.width {
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(w);
    }
    table.force_no_tty();
    table
}

/// Escapes a Markdown table cell.
fn md(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn categories_of(c: &Control) -> String {
    c.categories()
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
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
        let text = show(control, args.format)?;
        output::emit(text.as_bytes(), None)?;
        return Ok(EXIT_OK);
    }
    let filter = category_filter(args.category.as_deref())?;
    let selected: Vec<&Control> = library
        .controls
        .iter()
        .filter(|c| filter.is_none_or(|f| c.categories().contains(&f)))
        .collect();
    let text = match args.format {
        ListFormat::Json => {
            let rows: Vec<_> = selected
                .iter()
                .map(|c| json!({"id": c.id, "title": c.title, "risk": c.risk, "categories": c.categories(), "criteria": c.criteria, "iso27001": c.iso27001, "requirements": c.evidence.len()}))
                .collect();
            serde_json::to_string_pretty(&rows)? + "\n"
        }
        ListFormat::Markdown => {
            let mut s = String::from(
                "| Control | Title | Risk | Categories | Criteria |\n|---|---|---|---|---|\n",
            );
            for c in &selected {
                writeln!(
                    s,
                    "| {} | {} | {} | {} | {} |",
                    md(&c.id),
                    md(&c.title),
                    c.risk,
                    categories_of(c),
                    c.criteria.join(", ")
                )?;
            }
            s
        }
        ListFormat::Table => {
            let mut table = new_table(color);
            table.set_header(["Control", "Title", "Risk", "Categories", "Criteria"]);
            for c in &selected {
                table.add_row(vec![
                    c.id.clone(),
                    c.title.clone(),
                    c.risk.to_string(),
                    categories_of(c),
                    c.criteria.join(", "),
                ]);
            }
            format!("{table}\n{} controls\n", selected.len())
        }
    };
    output::emit(text.as_bytes(), None)?;
    Ok(EXIT_OK)
}

fn show(c: &Control, format: ListFormat) -> Result<String> {
    if format == ListFormat::Json {
        let reqs: Vec<_> = c
            .evidence
            .iter()
            .map(|r| json!({"id": r.id, "title": r.title, "kind": r.kind, "paths": r.paths, "every": r.every, "min": r.min, "max_age": r.max_age.map(|a| a.to_string()), "guidance": r.guidance}))
            .collect();
        let value = json!({"id": c.id, "title": c.title, "description": c.description, "risk": c.risk, "owner": c.owner, "categories": c.categories(), "criteria": c.criteria, "iso27001": c.iso27001, "source": format!("{}:{}", c.origin.file, c.origin.line), "requirements": reqs});
        return Ok(serde_json::to_string_pretty(&value)? + "\n");
    }
    let mut s = String::new();
    let h = if format == ListFormat::Markdown {
        "## "
    } else {
        ""
    };
    writeln!(s, "{h}{} {}", c.id, c.title)?;
    writeln!(s)?;
    if !c.description.is_empty() {
        writeln!(s, "{}\n", c.description)?;
    }
    writeln!(s, "Risk: {}", c.risk)?;
    writeln!(s, "Owner: {}", c.owner.as_deref().unwrap_or("-"))?;
    writeln!(s, "Criteria: {}", c.criteria.join(", "))?;
    writeln!(
        s,
        "ISO/IEC 27001:2022: {}",
        if c.iso27001.is_empty() {
            "-".to_string()
        } else {
            c.iso27001.join(", ")
        }
    )?;
    writeln!(s, "Defined in: {}:{}", c.origin.file, c.origin.line)?;
    for r in &c.evidence {
        writeln!(s)?;
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
            "{h}{}- {} ({}{cadence}{age}): {}",
            if h.is_empty() { "" } else { "#" },
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
    let unmapped = rows.iter().filter(|(_, ids)| ids.is_empty()).count();
    let text = match args.format {
        ListFormat::Json => {
            let value: Vec<_> = rows
                .iter()
                .map(|(c, ids)| json!({"id": c.id, "category": c.category, "title": c.title, "controls": ids, "status": if ids.is_empty() { "uncovered" } else { "covered" }}))
                .collect();
            serde_json::to_string_pretty(&value)? + "\n"
        }
        ListFormat::Markdown => {
            let mut s =
                String::from("| Criterion | Category | Title | Controls |\n|---|---|---|---|\n");
            for (c, ids) in &rows {
                let controls = if ids.is_empty() {
                    "**none: uncovered**".to_string()
                } else {
                    ids.join(", ")
                };
                writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    c.id,
                    c.category,
                    md(c.title),
                    controls
                )?;
            }
            s
        }
        ListFormat::Table => {
            let mut table = new_table(color);
            table.set_header(["Criterion", "Title", "Controls"]);
            for (c, ids) in &rows {
                let controls = if ids.is_empty() {
                    "UNCOVERED: no control maps to it".to_string()
                } else {
                    ids.join(", ")
                };
                table.add_row(vec![c.id.to_string(), c.title.to_string(), controls]);
            }
            format!("{table}\n{} criteria, {unmapped} uncovered\n", rows.len())
        }
    };
    output::emit(text.as_bytes(), None)?;
    Ok(EXIT_OK)
}

/// `soc2 validate`: every problem on stderr and exit 2, or a one-line summary and exit 0.
pub fn validate(args: &LibraryArgs) -> Result<u8> {
    match library_for(args) {
        Ok(library) => {
            let uncovered = criteria::CRITERIA
                .iter()
                .filter(|c| library.controls_for(c.id).is_empty())
                .count();
            let requirements: usize = library.controls.iter().map(|c| c.evidence.len()).sum();
            let line = format!(
                "ok: {} controls, {requirements} evidence requirements, {} of 61 criteria mapped\n",
                library.controls.len(),
                61 - uncovered
            );
            output::emit(line.as_bytes(), None)?;
            Ok(EXIT_OK)
        }
        Err(err) => match err.downcast::<Error>() {
            Ok(Error::Library(problems)) => {
                for p in &problems {
                    eprintln!("{}", soc2::report::plain::escape(&p.to_string()));
                }
                eprintln!(
                    "soc2: error: {} problem{} in the control library",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                Ok(EXIT_ERROR)
            }
            Ok(other) => Err(other.into()),
            Err(other) => Err(other),
        },
    }
}
