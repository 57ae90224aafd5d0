//! A plain grid of text cells and its three text forms: a terminal table, a Markdown table and
//! CSV. The workflow listings (`pbc`, `sample`, `map`) fill a grid from their rows; JSON comes from
//! the rows themselves, not from here.

use comfy_table::{ContentArrangement, Table, presets};

use crate::report::Style;
use crate::report::escape;

/// Header cells and rows of text; every row should have as many cells as the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Column titles.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// A grid with these column titles and no rows.
    pub fn new(headers: &[&str]) -> Grid {
        Grid {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// A terminal table, fitted to the width in `style` when there is one. Control characters
    /// are dropped so a cell cannot send escape sequences to the terminal.
    pub fn table(&self, style: &Style) -> String {
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        table.force_no_tty();
        if let Some(width) = style.width {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        table.set_header(self.headers.clone());
        for row in &self.rows {
            table.add_row(row.iter().map(|c| escape::terminal(c)).collect::<Vec<_>>());
        }
        format!("{table}\n")
    }

    /// A Markdown table with every cell escaped.
    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| {
            let escaped: Vec<String> = cells.iter().map(|c| escape::markdown(c)).collect();
            format!("| {} |\n", escaped.join(" | "))
        };
        let mut out = line(&self.headers);
        out.push_str(&format!("|{}\n", "---|".repeat(self.headers.len())));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }

    /// CSV (RFC 4180, formulas neutralized) with the header as the first record.
    pub fn csv(&self) -> String {
        let record = |cells: &[String]| {
            let fields: Vec<String> = cells.iter().map(|c| escape::csv(c)).collect();
            format!("{}\r\n", fields.join(","))
        };
        let mut out = record(&self.headers);
        for row in &self.rows {
            out.push_str(&record(row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new(&["Path", "Note"]);
        g.push(vec!["a|b.csv".to_string(), "=cmd".to_string()]);
        g
    }

    #[test]
    fn markdown_escapes_cells_and_has_a_separator_row() {
        assert_eq!(
            grid().markdown(),
            "| Path | Note |\n|---|---|\n| a\\|b.csv | =cmd |\n"
        );
    }

    #[test]
    fn csv_neutralizes_formulas() {
        assert_eq!(
            grid().csv(),
            "\"Path\",\"Note\"\r\n\"a|b.csv\",\"'=cmd\"\r\n"
        );
    }

    #[test]
    fn table_holds_every_cell() {
        let text = grid().table(&Style::default());
        assert!(text.contains("a|b.csv") && text.contains("=cmd"), "{text}");
    }
}
