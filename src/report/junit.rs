//! The JUnit XML report for CI test reporters (GitLab, Jenkins, GitHub): one test suite per
//! selected category, one test case per control touching it. A gap fails with what is missing;
//! an upcoming control is skipped with its due windows; an excluded control is skipped with
//! its reason. Every string goes through the XML escapers, which also drop control characters.

use std::io::{self, Write};

use super::escape::{xml_attr as attr, xml_text as text};
use super::rows::{self, CategoryControls, GapRow};
use super::{Report, Style, percent};
use crate::assess::{ControlResult, Status};

/// How one test case ends.
enum Outcome {
    Passed,
    /// The body holds one line per item; each is escaped on its own, so a line break inside
    /// a user-written string never becomes a raw line of the file.
    Failed {
        message: String,
        body: Vec<String>,
    },
    Skipped(String),
}

fn outcome(control: &ControlResult, gaps: &[GapRow<'_>]) -> Outcome {
    match control.status {
        Status::Met => Outcome::Passed,
        Status::Upcoming => Outcome::Skipped(format!(
            "upcoming, nothing due yet: {}",
            rows::upcoming(control).join("; ")
        )),
        status => {
            let gap = gaps.iter().find(|g| g.control.id == control.id);
            let missing = gap.map(|g| g.missing.clone()).unwrap_or_default();
            let mut body = missing.clone();
            if let Some(g) = gap {
                if let Some(owner) = g.owner {
                    body.push(format!("owner: {owner}"));
                }
                if g.due.is_some() {
                    body.push(format!("due: {}", g.due_text()));
                }
            }
            Outcome::Failed {
                message: format!(
                    "{} {}: {}",
                    status.as_str(),
                    rows::score_text(control.score),
                    missing.join("; ")
                ),
                body,
            }
        }
    }
}

fn suite(
    report: &Report,
    group: &CategoryControls<'_>,
    gaps: &[GapRow<'_>],
    out: &mut dyn Write,
) -> io::Result<(usize, usize, usize)> {
    let cases: Vec<(&ControlResult, Outcome)> = group
        .controls
        .iter()
        .map(|&c| (c, outcome(c, gaps)))
        .collect();
    let failures = cases
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Failed { .. }))
        .count();
    let skipped = cases
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Skipped(_)))
        .count()
        + group.not_applicable.len();
    let tests = cases.len() + group.not_applicable.len();
    let name = group.category.as_str();
    writeln!(
        out,
        "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    )?;
    writeln!(out, "    <properties>")?;
    let mut properties = vec![
        ("category_score", percent(group.score)),
        ("readiness", percent(report.readiness)),
    ];
    if let Some(b) = &report.baseline {
        properties.push(("baseline_delta", rows::delta_text(b.delta)));
        properties.push(("baseline_regressed", b.regressed.len().to_string()));
    }
    for (key, value) in properties {
        writeln!(
            out,
            "      <property name=\"{key}\" value=\"{}\"/>",
            attr(&value)
        )?;
    }
    writeln!(out, "    </properties>")?;
    let classname = format!("soc2.{name}");
    for (c, result) in &cases {
        let case_name = attr(&format!("{} {}", c.id, c.title));
        let open = format!("    <testcase classname=\"{classname}\" name=\"{case_name}\"");
        match result {
            Outcome::Passed => writeln!(out, "{open}/>")?,
            Outcome::Failed { message, body } => {
                writeln!(out, "{open}>")?;
                writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attr(message),
                    c.status.as_str(),
                    body.iter().map(|l| text(l)).collect::<Vec<_>>().join("\n")
                )?;
                writeln!(out, "    </testcase>")?;
            }
            Outcome::Skipped(message) => {
                writeln!(out, "{open}>")?;
                writeln!(out, "      <skipped message=\"{}\"/>", attr(message))?;
                writeln!(out, "    </testcase>")?;
            }
        }
    }
    for na in &group.not_applicable {
        writeln!(
            out,
            "    <testcase classname=\"{classname}\" name=\"{}\">",
            attr(&format!("{} {}", na.id, na.title))
        )?;
        writeln!(
            out,
            "      <skipped message=\"{}\"/>",
            attr(&format!("not applicable: {}", na.reason))
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    Ok((tests, failures, skipped))
}

/// Writes the JUnit XML report. XML has no colour, so the style is not used.
pub fn render(report: &Report, _style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let gaps = rows::gaps(report);
    let mut body = Vec::new();
    let (mut tests, mut failures, mut skipped) = (0, 0, 0);
    for group in rows::by_category(report) {
        let (t, f, s) = suite(report, &group, &gaps, &mut body)?;
        tests += t;
        failures += f;
        skipped += s;
    }
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        attr(&format!("SOC 2 readiness: {}", report.project))
    )?;
    out.write_all(&body)?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn junit_report_snapshot() {
        let mut out = Vec::new();
        render(&sample::report(), &Style::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn counts_add_up_per_suite() {
        let mut out = Vec::new();
        render(&sample::report(), &Style::default(), &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        // security: AC-04, CM-02, HR-03 fail, PL-01 passes, PHY-01 is skipped.
        assert!(xml.contains(
            "<testsuite name=\"security\" tests=\"5\" failures=\"3\" errors=\"0\" skipped=\"1\">"
        ));
        // availability: BK-01 is upcoming.
        assert!(xml.contains(
            "<testsuite name=\"availability\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\">"
        ));
        assert!(xml.contains("tests=\"6\" failures=\"3\" errors=\"0\" skipped=\"2\">"));
    }
}
