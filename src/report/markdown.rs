//! The Markdown report for a readiness meeting, a wiki page, a merge request or a CI step
//! summary: title, summary table, baseline comparison, gap table, not-applicable controls and
//! warnings. Every user-written string goes through [`escape::markdown`](super::escape::markdown), so a `|` or a line
//! break in a title can never break a table; it renders on GitHub and GitLab alike.

use std::io::{self, Write};

use super::escape::markdown as md;
use super::rows::{self, GapRow};
use super::{Report, Style, percent};

/// Writes the Markdown report. Markdown has no colour, so the style is not used.
pub fn render(report: &Report, _style: &Style, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# SOC 2 readiness: {}", md(&report.project))?;
    writeln!(out)?;
    writeln!(
        out,
        "{}. A readiness check before the audit; it certifies nothing.",
        report.when()
    )?;
    writeln!(out)?;
    summary(report, out)?;
    baseline(report, out)?;
    gaps(&rows::gaps(report), out)?;
    not_applicable(report, out)?;
    warnings(report, out)
}

fn summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| Scope | Score | Controls |")?;
    writeln!(out, "|---|---:|---:|")?;
    writeln!(
        out,
        "| **Readiness** | **{}** | {} |",
        percent(report.readiness),
        report.controls.len()
    )?;
    for c in &report.categories {
        writeln!(
            out,
            "| {} | {} | {} |",
            c.category.title(),
            percent(c.score),
            c.controls
        )?;
    }
    writeln!(out)?;
    if let Some((rules, passed)) = rows::gate_rules(report) {
        let verdict = if passed { "passed" } else { "**FAILED**" };
        writeln!(out, "Gate ({rules}): {verdict}.")?;
        writeln!(out)?;
    }
    let counts: Vec<String> = rows::status_counts(report)
        .into_iter()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let mut line = format!("Controls: {}", counts.join(", "));
    if !report.not_applicable.is_empty() {
        line.push_str(&format!("; {} not applicable", report.not_applicable.len()));
    }
    writeln!(out, "{line}.")?;
    writeln!(out)
}

fn baseline(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(b) = &report.baseline else {
        return Ok(());
    };
    writeln!(out, "## Compared with the baseline")?;
    writeln!(out)?;
    writeln!(
        out,
        "- Readiness: {}",
        rows::readiness_change(b.readiness_before, b.readiness_after, b.delta)
    )?;
    writeln!(
        out,
        "- Newly met: {}",
        rows::id_list(&b.newly_met, |id| md(id).to_string())
    )?;
    if b.regressed.is_empty() {
        writeln!(out, "- Regressed: none")?;
    } else {
        writeln!(out, "- **Regressed** ({}):", b.regressed.len())?;
        for r in &b.regressed {
            writeln!(
                out,
                "  - {}: {} -> {}",
                md(&r.id),
                rows::state_text(&r.before),
                rows::state_text(&r.after)
            )?;
        }
    }
    writeln!(out)
}

fn gaps(gaps: &[GapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
    if gaps.is_empty() {
        writeln!(
            out,
            "No gaps: every assessed control is met or not yet due."
        )?;
        return writeln!(out);
    }
    writeln!(out, "## Gaps ({})", gaps.len())?;
    writeln!(out)?;
    writeln!(
        out,
        "| Control | Title | Risk | Status | Score | What is missing | Owner | Due |"
    )?;
    writeln!(out, "|---|---|---|---|---:|---|---|---|")?;
    for gap in gaps {
        let c = gap.control;
        let missing: Vec<String> = gap.missing.iter().map(|m| md(m)).collect();
        let due = gap.due_marked(|d| format!("{d} **OVERDUE**"));
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            md(&c.id),
            md(&c.title),
            c.risk.as_str(),
            c.status.as_str(),
            rows::score_text(c.score),
            missing.join("<br>"),
            md(gap.owner.unwrap_or("")),
            due
        )?;
    }
    writeln!(out)
}

fn not_applicable(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.not_applicable.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Not applicable ({})", report.not_applicable.len())?;
    writeln!(out)?;
    writeln!(out, "| Control | Title | Reason | Approved by | Expires |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for na in &report.not_applicable {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md(&na.id),
            md(&na.title),
            md(&na.reason),
            md(na.approved_by.as_deref().unwrap_or("")),
            na.expires.map(|d| d.to_string()).unwrap_or_default()
        )?;
    }
    writeln!(out)
}

fn warnings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.warnings.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Warnings ({})", report.warnings.len())?;
    writeln!(out)?;
    for w in &report.warnings {
        writeln!(out, "- `{}`: {}", w.kind.code(), md(&w.message))?;
    }
    writeln!(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn text(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &Style::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn markdown_report_snapshot() {
        insta::assert_snapshot!(text(&sample::report()));
    }

    #[test]
    fn every_table_row_has_the_header_cell_count() {
        let out = text(&sample::report());
        for block in out.split("\n\n").filter(|b| b.starts_with('|')) {
            let cells = |line: &str| line.replace("\\|", "").matches('|').count();
            let lines: Vec<&str> = block.lines().collect();
            for line in &lines {
                assert_eq!(cells(line), cells(lines[0]), "{line}");
            }
        }
        assert!(!out.lines().any(|l| l.trim_start().starts_with("::")));
    }
}
