//! The HTML report a security lead sends to leadership: one self-contained page with inline
//! CSS and nothing else — no script, font or image from anywhere, and a content security
//! policy that forbids them. Readiness and category scores at a glance, a heat map of every
//! criterion in scope, the baseline comparison, the gap table, the not-applicable controls,
//! warnings, and a print stylesheet. Every user-written string goes through [`escape::html`](super::escape::html).

use std::io::{self, Write};

use super::escape::html as h;
use super::rows::{self, Band, GapRow};
use super::{Report, Style, percent};

const CSS: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #ffffff; --wash: #f6f8fa;
  --ready: #1f883d; --close: #bf8700; --weak: #e16f24; --empty: #cf222e; --not-due: #5a8fd1;
  --na: #eef1f4; --uncovered: #9aa4ae; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--wash); }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 19px; margin: 32px 0 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); font-weight: 600; }
section { margin-top: 8px; }
.glance { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 14px;
  margin-top: 22px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.card .label { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.card .big { font-size: 34px; font-weight: 700; line-height: 1.2; }
.card .sub { color: var(--muted); font-size: 13px; }
.card.main { border-width: 2px; }
.bar { height: 8px; background: var(--wash); border-radius: 4px; overflow: hidden; margin: 6px 0; }
.bar span { display: block; height: 100%; }
.t-ready { color: var(--ready); } .t-close { color: var(--close); } .t-weak { color: var(--weak); }
.t-empty { color: var(--empty); } .t-not-due { color: var(--not-due); }
.b-ready { background: var(--ready); } .b-close { background: var(--close); }
.b-weak { background: var(--weak); } .b-empty { background: var(--empty); }
.b-not-due { background: var(--not-due); }
.gate { display: inline-block; margin-top: 6px; padding: 1px 8px; border-radius: 10px; font-size: 13px;
  font-weight: 600; }
.gate.passed { background: #dafbe1; color: #116329; } .gate.failed { background: #ffebe9; color: #a40e26; }
.counts { list-style: none; padding: 0; margin: 6px 0 0; font-size: 14px; }
.heat .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(86px, 1fr)); gap: 6px; }
.cell { border-radius: 6px; padding: 6px 8px; color: #fff; min-height: 52px; }
.cell b { display: block; font-size: 13px; }
.cell span { font-size: 12px; opacity: .95; }
.cell.ready { background: var(--ready); } .cell.close { background: var(--close); }
.cell.weak { background: var(--weak); } .cell.empty { background: var(--empty); }
.cell.not-due { background: var(--not-due); }
.cell.not-applicable { background: var(--na); color: var(--muted); border: 1px dashed var(--uncovered); }
.cell.uncovered { color: var(--ink); border: 1px solid var(--uncovered);
  background: repeating-linear-gradient(135deg, #fff 0 6px, #e6e9ec 6px 12px); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin-top: 12px; font-size: 13px; color: var(--muted); }
.legend i { display: inline-block; width: 14px; height: 14px; min-height: 0; padding: 0;
  border-radius: 3px; vertical-align: -2px; margin-right: 5px; }
table { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line);
  font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
th, td.key { white-space: nowrap; }
td.text { overflow-wrap: anywhere; min-width: 7em; }
th { background: var(--wash); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td ul { margin: 0; padding-left: 18px; }
.status { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600;
  color: #fff; }
.status.partial { background: var(--close); } .status.stale { background: #8250df; }
.status.missing { background: var(--empty); } .status.met { background: var(--ready); }
.status.upcoming { background: var(--not-due); }
.overdue { color: var(--empty); font-weight: 700; }
.risk-high { font-weight: 700; }
.none { color: var(--muted); }
.warnings li code { font-size: 13px; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .card, table { border-color: #999; }
  table { font-size: 9pt; }
  th, td { padding: 4px 6px; }
  .glance { grid-template-columns: repeat(4, 1fr); }
  h2 { break-after: avoid; }
  tr, .cell, .card { break-inside: avoid; }
  .heat .grid { grid-template-columns: repeat(9, 1fr); }
  .cell { min-height: 0; padding: 4px 6px; }
  .cell b { font-size: 9pt; }
  .cell span { font-size: 8pt; }
}
"#;

/// Writes the HTML report. The page carries its own colours, so the terminal style is unused.
pub fn render(report: &Report, _style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let title = format!("SOC 2 readiness: {}", report.project);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(out, "<title>{}</title>", h(&title))?;
    writeln!(out, "<style>{CSS}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<main>")?;
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", h(&title))?;
    writeln!(
        out,
        "<p>{}. A readiness check before the audit; it certifies nothing.</p>",
        h(&report.when())
    )?;
    writeln!(out, "</header>")?;
    glance(report, out)?;
    baseline(report, out)?;
    heat_map(report, out)?;
    gaps(&rows::gaps(report), out)?;
    not_applicable(report, out)?;
    warnings(report, out)?;
    writeln!(
        out,
        "<footer>Written by {} {}.</footer>",
        h(&report.tool.name),
        h(&report.tool.version)
    )?;
    writeln!(out, "</main>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// A score card: label, big number coloured by band, a bar, and a line below.
fn card(
    out: &mut dyn Write,
    class: &str,
    label: &str,
    score: Option<f64>,
    sub: &str,
) -> io::Result<()> {
    let band = Band::of(score).as_str();
    writeln!(
        out,
        "<div class=\"{}\">",
        format!("card {class}").trim_end()
    )?;
    writeln!(out, "<div class=\"label\">{}</div>", h(label))?;
    writeln!(out, "<div class=\"big t-{band}\">{}</div>", percent(score))?;
    let width = score.unwrap_or(0.0).clamp(0.0, 100.0);
    writeln!(
        out,
        "<div class=\"bar\"><span class=\"b-{band}\" style=\"width:{width:.1}%\"></span></div>"
    )?;
    writeln!(out, "<div class=\"sub\">{sub}</div>")?;
    writeln!(out, "</div>")
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn glance(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section class=\"glance\">")?;
    let mut sub = plural(report.controls.len(), "control");
    if let Some((rules, passed)) = rows::gate_rules(report) {
        let (class, word) = if passed {
            ("passed", "passed")
        } else {
            ("failed", "failed")
        };
        sub.push_str(&format!(
            "<br><span class=\"gate {class}\">Gate {word}</span><br>{}",
            h(&rules)
        ));
    }
    card(out, "main", "Readiness", report.readiness, &sub)?;
    for c in &report.categories {
        card(
            out,
            "",
            c.category.title(),
            c.score,
            &plural(c.controls, "control"),
        )?;
    }
    writeln!(out, "<div class=\"card\">")?;
    writeln!(out, "<div class=\"label\">Controls</div>")?;
    writeln!(out, "<ul class=\"counts\">")?;
    for (status, n) in rows::status_counts(report) {
        writeln!(
            out,
            "<li><span class=\"status {0}\">{0}</span> {n}</li>",
            status.as_str()
        )?;
    }
    if !report.not_applicable.is_empty() {
        writeln!(
            out,
            "<li>not applicable {}</li>",
            report.not_applicable.len()
        )?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</div>")?;
    writeln!(out, "</section>")
}

fn baseline(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(b) = &report.baseline else {
        return Ok(());
    };
    writeln!(out, "<section class=\"baseline\">")?;
    writeln!(out, "<h2>Compared with the baseline</h2>")?;
    writeln!(out, "<ul>")?;
    writeln!(
        out,
        "<li>Readiness: {}</li>",
        h(&rows::readiness_change(
            b.readiness_before,
            b.readiness_after,
            b.delta
        ))
    )?;
    writeln!(
        out,
        "<li>Newly met: {}</li>",
        rows::id_list(&b.newly_met, |id| h(id).to_string())
    )?;
    if b.regressed.is_empty() {
        writeln!(out, "<li>Regressed: none</li>")?;
    } else {
        writeln!(
            out,
            "<li><span class=\"overdue\">Regressed ({}):</span>",
            b.regressed.len()
        )?;
        writeln!(out, "<ul>")?;
        for r in &b.regressed {
            writeln!(
                out,
                "<li>{}: {} &rarr; {}</li>",
                h(&r.id),
                h(&rows::state_text(&r.before)),
                h(&rows::state_text(&r.after))
            )?;
        }
        writeln!(out, "</ul></li>")?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</section>")
}

fn heat_map(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section class=\"heat\">")?;
    writeln!(out, "<h2>Criteria in scope</h2>")?;
    for (category, cells) in rows::heat_map(report) {
        writeln!(out, "<h3>{}</h3>", category.title())?;
        writeln!(out, "<div class=\"grid\">")?;
        for cell in cells {
            let value = match cell.band {
                Band::NotApplicable => "n/a".to_string(),
                Band::Uncovered => "no control".to_string(),
                Band::NotDue => "not due".to_string(),
                _ => percent(cell.score),
            };
            let controls = if cell.controls.is_empty() {
                String::new()
            } else {
                format!(" | controls: {}", cell.controls.join(", "))
            };
            let tip = format!(
                "{} {}: {}{controls}",
                cell.id,
                cell.title,
                cell.band.label()
            );
            writeln!(
                out,
                "<div class=\"cell {}\" title=\"{}\"><b>{}</b><span>{}</span></div>",
                cell.band.as_str(),
                h(&tip),
                h(cell.id),
                h(&value)
            )?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "<div class=\"legend\">")?;
    for band in [
        Band::Ready,
        Band::Close,
        Band::Weak,
        Band::Empty,
        Band::NotDue,
        Band::NotApplicable,
        Band::Uncovered,
    ] {
        writeln!(
            out,
            "<span><i class=\"cell {}\"></i>{}</span>",
            band.as_str(),
            band.label()
        )?;
    }
    writeln!(out, "</div>")?;
    writeln!(out, "</section>")
}

fn gaps(gaps: &[GapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section class=\"gaps\">")?;
    if gaps.is_empty() {
        writeln!(out, "<h2>Gaps</h2>")?;
        writeln!(
            out,
            "<p class=\"none\">No gaps: every assessed control is met or not yet due.</p>"
        )?;
        return writeln!(out, "</section>");
    }
    writeln!(out, "<h2>Gaps ({})</h2>", gaps.len())?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        "<thead><tr><th>Control</th><th>Title</th><th>Risk</th><th>Status</th><th>Score</th><th>What is missing</th><th>Owner</th><th>Due</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")?;
    for gap in gaps {
        let c = gap.control;
        let missing: Vec<String> = gap
            .missing
            .iter()
            .map(|m| format!("<li>{}</li>", h(m)))
            .collect();
        let due = gap.due_marked(|d| format!("<span class=\"overdue\">{d} overdue</span>"));
        writeln!(
            out,
            "<tr><td class=\"key\">{}</td><td class=\"text\">{}</td><td class=\"key risk-{2}\">{2}</td><td class=\"key\"><span class=\"status {3}\">{3}</span></td><td class=\"num\">{4}</td><td class=\"text\"><ul>{5}</ul></td><td class=\"text\">{6}</td><td>{7}</td></tr>",
            h(&c.id),
            h(&c.title),
            c.risk.as_str(),
            c.status.as_str(),
            rows::score_text(c.score),
            missing.join(""),
            h(gap.owner.unwrap_or("")),
            due
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")
}

fn not_applicable(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.not_applicable.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section class=\"not-applicable\">")?;
    writeln!(
        out,
        "<h2>Not applicable ({})</h2>",
        report.not_applicable.len()
    )?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        "<thead><tr><th>Control</th><th>Title</th><th>Reason</th><th>Approved by</th><th>Expires</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")?;
    for na in &report.not_applicable {
        writeln!(
            out,
            "<tr><td class=\"key\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"key\">{}</td></tr>",
            h(&na.id),
            h(&na.title),
            h(&na.reason),
            h(na.approved_by.as_deref().unwrap_or("")),
            na.expires.map(|d| d.to_string()).unwrap_or_default()
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")
}

fn warnings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.warnings.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section class=\"warnings\">")?;
    writeln!(out, "<h2>Warnings ({})</h2>", report.warnings.len())?;
    writeln!(out, "<ul>")?;
    for w in &report.warnings {
        writeln!(
            out,
            "<li><code>{}</code> {}</li>",
            w.kind.code(),
            h(&w.message)
        )?;
    }
    writeln!(out, "</ul>")?;
    writeln!(out, "</section>")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    fn page() -> String {
        let mut out = Vec::new();
        render(&sample::report(), &Style::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn html_report_snapshot() {
        insta::assert_snapshot!(page());
    }

    #[test]
    fn page_is_self_contained_and_escapes_user_text() {
        let page = page();
        for banned in ["<script", "src=", "href=", "url(", "@import", "@font-face"] {
            assert!(!page.contains(banned), "{banned}");
        }
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("@media print"));
        assert!(!page.lines().any(|l| l.trim_start().starts_with("::")));
    }

    #[test]
    fn heat_map_shows_every_criterion_in_scope_once() {
        let page = page();
        assert_eq!(page.matches("<div class=\"cell ").count(), 33 + 3);
        assert!(page.contains("<div class=\"cell not-applicable\" title=\"CC6.4 "));
        assert!(page.contains("<div class=\"cell uncovered\" title=\"CC1.1 "));
        assert!(page.contains("<div class=\"cell not-due\" title=\"A1.2 "));
    }
}
