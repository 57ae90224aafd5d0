//! The terminal report: a header with the readiness and one line per category, the gap table
//! for the readiness meeting, then warnings. Colour only when the caller says so. Everything a
//! user or the file system wrote goes through `plain::escape`: no raw control character reaches
//! the terminal or a CI log.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::escape::terminal as t;
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
            writeln!(out, "  {} {}: {}", na.id, t(&na.title), t(&na.reason))?;
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
                t(&w.message)
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
            &format!("SOC 2 readiness: {}", t(&report.project)),
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
    if let Some((rules, passed)) = rows::gate_rules(report) {
        let verdict = if passed {
            paint("passed", "32", style)
        } else {
            paint("FAILED", "31", style)
        };
        line.push_str(&format!("  (gate: {rules}: {verdict})"));
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
    writeln!(out, "{summary}")?;
    baseline(report, style, out)
}

fn baseline(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let Some(b) = &report.baseline else {
        return Ok(());
    };
    writeln!(
        out,
        "Baseline: readiness {}",
        rows::readiness_change(b.readiness_before, b.readiness_after, b.delta)
    )?;
    if !b.newly_met.is_empty() {
        writeln!(out, "  Newly met: {}", b.newly_met.join(", "))?;
    }
    if b.regressed.is_empty() {
        writeln!(out, "  Regressed: none")?;
    } else {
        let items: Vec<String> = b
            .regressed
            .iter()
            .map(|r| {
                format!(
                    "{} ({} -> {})",
                    r.id,
                    rows::state_text(&r.before),
                    rows::state_text(&r.after)
                )
            })
            .collect();
        writeln!(
            out,
            "  {} {}",
            paint("Regressed:", "1;31", style),
            items.join(", ")
        )?;
    }
    Ok(())
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
        let mut due = Cell::new(gap.due_text());
        if style.color {
            status = status.fg(status_color(c.status));
            if gap.overdue {
                due = due.fg(Color::Red).add_attribute(Attribute::Bold);
            }
        }
        table.add_row(vec![
            Cell::new(&c.id),
            Cell::new(t(&c.title)),
            Cell::new(c.risk.as_str()),
            status,
            Cell::new(rows::score_text(c.score)),
            Cell::new(
                gap.missing
                    .iter()
                    .map(|m| t(m))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Cell::new(t(gap.owner.unwrap_or(""))),
            due,
        ]);
    }
    table
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn table_report_snapshot() {
        let mut out = Vec::new();
        render(&sample::report(), &Style::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.lines().any(|l| l.trim_start().starts_with("::")));
        insta::assert_snapshot!(text);
    }
}
