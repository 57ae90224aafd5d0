//! The terminal report: a header with the readiness and one line per category, the gap table
//! for the readiness meeting, then warnings. Colour only when the caller says so. Everything a
//! user or the file system wrote goes through `plain::escape`: no raw control character reaches
//! the terminal or a CI log.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::plain::escape;
use super::rows::{self, GapRow};
use super::{Report, Style, percent};
use crate::assess::Status;

/// A status colour, shared by every coloured renderer.
pub fn status_color(status: Status) -> Color {
    match status {
        Status::Met => Color::Green,
        Status::Partial => Color::Yellow,
        Status::Stale => Color::Magenta,
        Status::Missing => Color::Red,
        Status::Upcoming => Color::Blue,
    }
}

fn paint(text: &str, code: &str, style: &Style) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Writes the terminal report.
pub fn render(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    header(report, style, out)?;
    let gaps = rows::gaps(report);
    writeln!(out)?;
    if gaps.is_empty() {
        writeln!(
            out,
            "{}",
            paint(
                "No gaps: every assessed control is met or not yet due.",
                "32",
                style
            )
        )?;
    } else {
        writeln!(
            out,
            "{}",
            paint(&format!("Gaps ({})", gaps.len()), "1", style)
        )?;
        writeln!(out, "{}", gap_table(&gaps, style))?;
    }
    if !report.not_applicable.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint(
                &format!("Not applicable ({})", report.not_applicable.len()),
                "1",
                style
            )
        )?;
        for na in &report.not_applicable {
            writeln!(
                out,
                "  {} {}: {}",
                escape(&na.id),
                escape(&na.title),
                escape(&na.reason)
            )?;
        }
    }
    if !report.warnings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint(&format!("Warnings ({})", report.warnings.len()), "1", style)
        )?;
        for w in &report.warnings {
            writeln!(
                out,
                "  {} {}",
                paint(&format!("{}:", w.kind.code()), "33", style),
                escape(&w.message)
            )?;
        }
    }
    Ok(())
}

fn header(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        paint(
            &format!("SOC 2 readiness: {}", escape(&report.project)),
            "1",
            style
        )
    )?;
    writeln!(out, "{}", report.when())?;
    let readiness = percent(report.readiness);
    let code = match report.readiness {
        Some(r) if r >= 85.0 => "1;32",
        Some(r) if r >= 60.0 => "1;33",
        _ => "1;31",
    };
    let mut line = format!("Readiness: {}", paint(&readiness, code, style));
    if let Some(min) = report.gate.fail_under {
        let verdict = if report.gate.passed {
            paint("passed", "32", style)
        } else {
            paint("FAILED", "31", style)
        };
        line.push_str(&format!("  (gate: at least {min:.1}%, {verdict})"));
    } else if report.gate.strict {
        let verdict = if report.gate.passed {
            paint("passed", "32", style)
        } else {
            paint("FAILED", "31", style)
        };
        line.push_str(&format!("  (strict gate: {verdict})"));
    }
    writeln!(out, "{line}")?;
    let width = report
        .categories
        .iter()
        .map(|c| c.category.as_str().len())
        .max()
        .unwrap_or(0);
    for c in &report.categories {
        writeln!(
            out,
            "  {:<width$}  {:>6}  ({} control{})",
            c.category.as_str(),
            percent(c.score),
            c.controls,
            if c.controls == 1 { "" } else { "s" }
        )?;
    }
    let counts: Vec<String> = rows::status_counts(report)
        .into_iter()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let mut summary = format!("Controls: {}", counts.join(", "));
    if !report.not_applicable.is_empty() {
        summary.push_str(&format!("; {} not applicable", report.not_applicable.len()));
    }
    writeln!(out, "{summary}")
}

fn gap_table(gaps: &[GapRow<'_>], style: &Style) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    match style.width {
        Some(w) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(w);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if !style.color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    table.set_header([
        "Control",
        "Title",
        "Risk",
        "Status",
        "Score",
        "What is missing",
        "Owner",
        "Due",
    ]);
    for gap in gaps {
        let c = gap.control;
        let mut status = Cell::new(c.status.as_str());
        let mut due = Cell::new(match (&gap.due, gap.overdue) {
            (Some(d), true) => format!("{d} OVERDUE"),
            (Some(d), false) => d.clone(),
            (None, _) => String::new(),
        });
        if style.color {
            status = status.fg(status_color(c.status));
            if gap.overdue {
                due = due.fg(Color::Red).add_attribute(Attribute::Bold);
            }
        }
        table.add_row(vec![
            Cell::new(escape(&c.id)),
            Cell::new(escape(&c.title)),
            Cell::new(c.risk.as_str()),
            status,
            Cell::new(
                c.score
                    .map_or_else(String::new, |s| format!("{:.0}%", s * 100.0)),
            ),
            // One line per missing requirement: each is escaped, so only these newlines remain.
            Cell::new(
                gap.missing
                    .iter()
                    .map(|m| escape(m))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Cell::new(escape(gap.owner.unwrap_or(""))),
            due,
        ]);
    }
    table
}
