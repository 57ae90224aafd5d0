//! GitHub Actions helpers: `::error` / `::warning` workflow commands for the worst gaps and the
//! step summary. The binary decides whether it runs on GitHub (it reads the environment) and
//! where the lines go; this file only builds them.
//!
//! Every user-written value is encoded with the workflow-command rules, so a title or file name
//! holding `::`, `,` or a line break can neither end a property early nor start a command of
//! its own on a new line.

use std::io;

use super::escape::{workflow_data, workflow_property};
use super::{Report, Style, markdown, rows};
use crate::library::Risk;

/// GitHub shows at most ten annotations of each level per step.
pub const MAX_EACH: usize = 10;

/// An annotation's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `::error`: a high-risk gap.
    Error,
    /// `::warning`: any other gap.
    Warning,
}

impl Level {
    /// The command name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One annotation, before encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Error or warning.
    pub level: Level,
    /// The control's library file, relative to the repository; empty when unknown.
    pub file: String,
    /// The control's line; 0 when unknown.
    pub line: usize,
    /// A short title: the control id and title.
    pub title: String,
    /// What is missing.
    pub message: String,
}

impl Annotation {
    /// The workflow command, one line, every value encoded.
    pub fn command(&self) -> String {
        let mut properties = Vec::new();
        if !self.file.is_empty() {
            properties.push(format!("file={}", workflow_property(&self.file)));
            if self.line > 0 {
                properties.push(format!("line={}", self.line));
            }
        }
        properties.push(format!("title={}", workflow_property(&self.title)));
        format!(
            "::{} {}::{}",
            self.level.as_str(),
            properties.join(","),
            workflow_data(&self.message)
        )
    }
}

/// Annotations for the worst gaps: high-risk gaps as errors and the others as warnings, at
/// most `max_each` of each, in gap order (worst risk, then lowest score first).
pub fn annotations(report: &Report, max_each: usize) -> Vec<Annotation> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for gap in rows::gaps(report) {
        let c = gap.control;
        let (level, list) = if c.risk == Risk::High {
            (Level::Error, &mut errors)
        } else {
            (Level::Warning, &mut warnings)
        };
        if list.len() >= max_each {
            continue;
        }
        list.push(Annotation {
            level,
            file: c.source.file.clone(),
            line: c.source.line,
            title: format!("{} {}", c.id, c.title),
            message: format!(
                "{} risk, {} {}: {}",
                c.risk.as_str(),
                c.status.as_str(),
                rows::score_text(c.score),
                gap.missing.join("; ")
            ),
        });
    }
    errors.extend(warnings);
    errors
}

/// The step summary: the Markdown report.
pub fn step_summary(report: &Report) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    markdown::render(report, &Style::default(), &mut out)?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn annotations_snapshot() {
        let lines: Vec<String> = annotations(&sample::report(), MAX_EACH)
            .iter()
            .map(Annotation::command)
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn hostile_file_and_title_cannot_inject_a_command() {
        let a = Annotation {
            level: Level::Warning,
            file: "x.yaml,line=1::\n::error file=evil::pwned".to_string(),
            line: 3,
            title: "t::error::x\r\n::warning::y, z".to_string(),
            message: "m\n::error::injected 100%".to_string(),
        };
        let cmd = a.command();
        assert_eq!(cmd.lines().count(), 1, "{cmd}");
        assert_eq!(
            cmd,
            "::warning file=x.yaml%2Cline=1%3A%3A%0A%3A%3Aerror file=evil%3A%3Apwned,line=3,title=t%3A%3Aerror%3A%3Ax%0D%0A%3A%3Awarning%3A%3Ay%2C z::m%0A::error::injected 100%25"
        );
        // The first `::` after the command name is the one that ends the properties.
        let (properties, _) = cmd.trim_start_matches("::").split_once("::").unwrap();
        assert!(properties.ends_with("title=t%3A%3Aerror%3A%3Ax%0D%0A%3A%3Awarning%3A%3Ay%2C z"));
    }

    #[test]
    fn at_most_max_each_of_each_level_worst_first() {
        let mut report = sample::report();
        let template = report.controls[0].clone();
        for i in 0..15 {
            let mut c = template.clone();
            c.id = format!("X-{i:02}");
            report.controls.push(c);
        }
        let list = annotations(&report, MAX_EACH);
        let errors = list.iter().filter(|a| a.level == Level::Error).count();
        let warnings = list.iter().filter(|a| a.level == Level::Warning).count();
        assert_eq!((errors, warnings), (10, 2));
        assert!(list[0].title.starts_with("AC-04 "));
    }
}
