//! The CSV report for a spreadsheet: one record per requirement that is not met, with its
//! control's columns repeated so every row sorts and filters on its own. RFC 4180: a header
//! row, CRLF line ends, every text cell quoted; formula-like cells neutralised by
//! [`escape::csv`](super::escape::csv).

use std::io::{self, Write};

use super::escape::csv as cell;
use super::rows;
use super::{Report, Style};

/// The header row, in column order.
pub const HEADER: [&str; 16] = [
    "control",
    "control_title",
    "risk",
    "control_status",
    "control_score",
    "requirement",
    "requirement_title",
    "kind",
    "every",
    "requirement_status",
    "requirement_score",
    "windows_missing",
    "what_is_missing",
    "owner",
    "due",
    "overdue",
];

/// A 0..1 score with at most four decimals, as in the JSON report.
fn number(value: Option<f64>) -> String {
    value
        .map(|v| crate::assess::four_decimals(v).to_string())
        .unwrap_or_default()
}

/// Writes the CSV report. CSV has no colour, so the style is not used.
pub fn render(report: &Report, _style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let header: Vec<String> = HEADER.iter().map(|h| cell(h)).collect();
    write!(out, "{}\r\n", header.join(","))?;
    for row in rows::requirement_gaps(report) {
        let (c, r) = (row.gap.control, row.requirement);
        let fields = [
            cell(&c.id),
            cell(&c.title),
            cell(c.risk.as_str()),
            cell(c.status.as_str()),
            number(c.score),
            cell(&r.id),
            cell(&r.title),
            cell(r.kind.as_str()),
            cell(r.every.map(|e| e.as_str()).unwrap_or("")),
            cell(r.status.as_str()),
            number(r.score),
            cell(&r.windows_missing.join(" ")),
            cell(rows::reason(r)),
            cell(row.gap.owner.unwrap_or("")),
            cell(row.gap.due.as_deref().unwrap_or("")),
            cell(if row.gap.overdue { "yes" } else { "no" }),
        ];
        write!(out, "{}\r\n", fields.join(","))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn text() -> String {
        let mut out = Vec::new();
        render(&sample::report(), &Style::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_report_snapshot() {
        insta::assert_snapshot!(text());
    }

    #[test]
    fn one_record_per_line_with_the_header_width() {
        let out = text();
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        // AC-04/reviews, CM-02/tickets, HR-03/records.
        assert_eq!(lines.len(), 1 + 3);
        assert!(!out.replace("\r\n", "").contains(['\n', '\r']));
        for line in &lines {
            // Every cell is quoted or a number: count the separators outside quotes.
            let mut inside = false;
            let commas = line
                .chars()
                .filter(|&c| {
                    if c == '"' {
                        inside = !inside;
                    }
                    c == ',' && !inside
                })
                .count();
            assert_eq!(commas, HEADER.len() - 1, "{line}");
        }
    }

    #[test]
    fn owner_formula_is_neutralised() {
        let out = text();
        assert!(out.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{out}");
        assert!(!out.contains(",\"=") && !out.contains(",="), "{out}");
    }
}
