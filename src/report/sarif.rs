//! The SARIF 2.1.0 report for code scanning (GitHub and other SARIF viewers): one rule per
//! assessed control, one result per requirement not met, located at the control's YAML file
//! and the requirement's line, with a fingerprint of control and requirement ids only — so the
//! same gap keeps its identity from run to run while dates and wording change.

use std::io::{self, Write};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::escape::uri_path;
use super::rows::{self, RequirementGap};
use super::{Report, Style};
use crate::assess::ControlResult;
use crate::library::Risk;

/// The schema the file declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of the fingerprint in `partialFingerprints`; the suffix versions the recipe.
pub const FINGERPRINT_KEY: &str = "soc2ControlRequirement/v1";

fn level(risk: Risk) -> &'static str {
    match risk {
        Risk::High => "error",
        Risk::Medium | Risk::Low => "warning",
    }
}

/// A stable fingerprint of a gap: SHA-256 over the control id and the requirement id, hex.
pub fn fingerprint(control: &str, requirement: &str) -> String {
    let digest = Sha256::digest(format!("{control}\u{1f}{requirement}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The control's library file as a URI reference: relative paths as they are, absolute ones as
/// `file://` URIs.
fn artifact_uri(file: &str) -> String {
    if file.starts_with('/') {
        format!("file://{}", uri_path(file))
    } else {
        uri_path(file)
    }
}

fn rule(control: &ControlResult) -> Value {
    let mut tags = vec!["soc2".to_string()];
    tags.extend(control.criteria.iter().cloned());
    json!({
        "id": control.id,
        "name": control.title,
        "shortDescription": {"text": control.title},
        "fullDescription": {"text": format!(
            "{} ({} risk), mapped to {}",
            control.title,
            control.risk.as_str(),
            control.criteria.join(", ")
        )},
        "defaultConfiguration": {"level": level(control.risk)},
        "properties": {"tags": tags, "risk": control.risk.as_str()},
    })
}

fn result(row: &RequirementGap<'_>, rule_index: usize) -> Value {
    let (c, r) = (row.gap.control, row.requirement);
    let line = if r.line > 0 { r.line } else { c.source.line };
    let mut physical = Map::new();
    physical.insert(
        "artifactLocation".into(),
        json!({"uri": artifact_uri(&c.source.file)}),
    );
    if line > 0 {
        physical.insert("region".into(), json!({"startLine": line}));
    }
    let location = json!({ "physicalLocation": physical });
    let mut properties = Map::new();
    properties.insert("requirement".into(), json!(r.id));
    properties.insert("status".into(), json!(r.status.as_str()));
    properties.insert(
        "score".into(),
        json!(r.score.map(crate::assess::four_decimals)),
    );
    properties.insert("windowsMissing".into(), json!(r.windows_missing));
    if let Some(owner) = row.gap.owner {
        properties.insert("owner".into(), json!(owner));
    }
    if let Some(due) = &row.gap.due {
        properties.insert("due".into(), json!(due));
        properties.insert("overdue".into(), json!(row.gap.overdue));
    }
    json!({
        "ruleId": c.id,
        "ruleIndex": rule_index,
        "level": level(c.risk),
        "message": {"text": format!(
            "{} {}: {} ({}) is {}: {}",
            c.id,
            c.title,
            r.id,
            r.title,
            r.status.as_str(),
            rows::reason(r)
        )},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(&c.id, &r.id)},
        "properties": properties,
    })
}

/// The SARIF log as a JSON value.
pub fn log(report: &Report) -> Value {
    let rules: Vec<Value> = report.controls.iter().map(rule).collect();
    let results: Vec<Value> = rows::requirement_gaps(report)
        .iter()
        .map(|row| {
            let index = report
                .controls
                .iter()
                .position(|c| c.id == row.gap.control.id)
                .unwrap_or_default();
            result(row, index)
        })
        .collect();
    let mut properties = json!({
        "project": report.project,
        "reportType": report.report_type.as_str(),
        "asOf": report.as_of.to_string(),
        "readiness": report.readiness,
        "gatePassed": report.gate.passed,
    });
    if let (Some(b), Some(map)) = (&report.baseline, properties.as_object_mut()) {
        map.insert(
            "baseline".into(),
            serde_json::to_value(b).unwrap_or(Value::Null),
        );
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "rules": rules,
            }},
            "results": results,
            "properties": properties,
        }],
    })
}

/// Writes the SARIF report. SARIF has no colour, so the style is not used.
pub fn render(report: &Report, _style: &Style, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report)).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn sarif_report_snapshot() {
        let mut out = Vec::new();
        render(&sample::report(), &Style::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn fingerprints_depend_on_ids_only() {
        let a = log(&sample::report());
        let mut changed = sample::report();
        changed.as_of = changed.as_of.succ_opt().unwrap();
        for c in &mut changed.controls {
            for r in &mut c.requirements {
                r.reason = Some("worded differently".to_string());
            }
        }
        let b = log(&changed);
        let prints = |v: &Value| -> Vec<Value> {
            v["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["partialFingerprints"].clone())
                .collect()
        };
        assert_eq!(prints(&a), prints(&b));
        assert_ne!(
            fingerprint("AC-04", "reviews"),
            fingerprint("AC-04", "policy")
        );
        assert_ne!(fingerprint("A", "BC"), fingerprint("AB", "C"));
    }

    #[test]
    fn high_risk_is_an_error_and_others_warnings_with_locations() {
        let v = log(&sample::report());
        let results = v["runs"][0]["results"].as_array().unwrap();
        let by_rule = |id: &str| results.iter().find(|r| r["ruleId"] == id).unwrap();
        assert_eq!(by_rule("AC-04")["level"], "error");
        assert_eq!(by_rule("CM-02")["level"], "warning");
        let loc = &by_rule("AC-04")["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "controls/sample.yaml");
        assert_eq!(loc["region"]["startLine"], 12);
        // HR-03's requirement has a line of its own; a requirement without one falls back to
        // the control's line.
        assert_eq!(
            by_rule("HR-03")["locations"][0]["physicalLocation"]["region"]["startLine"],
            40
        );
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
        }
    }

    #[test]
    fn absolute_library_files_become_file_uris() {
        assert_eq!(
            artifact_uri("/srv/lib/a b.yaml"),
            "file:///srv/lib/a%20b.yaml"
        );
        assert_eq!(artifact_uri("controls/x.yaml"), "controls/x.yaml");
    }
}
