//! JSON Schemas (draft-07) for the control-library YAML and for `soc2.toml`, generated from the
//! raw serde structs so editors (yaml-language-server, Taplo) check what users type against the
//! same definition the loader uses. The committed copies under `schemas/` are tested for drift.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::criteria::CRITERIA;
use crate::iso27001::ISO27001;
use crate::library::RawFile;

/// The schema of a control-library YAML file.
pub fn controls() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut value = generator.into_root_schema_for::<RawFile>().to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            json!("https://soc2.dev/schemas/controls.schema.json"),
        );
        obj.insert("title".into(), json!("soc2 control library"));
        obj.insert(
            "description".into(),
            json!("A soc2 control library file: controls mapped to the Trust Services Criteria, each with the evidence requirements an auditor asks for."),
        );
    }
    let criteria: Vec<&str> = CRITERIA.iter().map(|c| c.id).collect();
    let iso: Vec<&str> = ISO27001.iter().map(|c| c.id).collect();
    let items = [
        ("criteria", json!({"type": "string", "enum": criteria})),
        ("iso27001", json!({"type": "string", "enum": iso})),
    ];
    for (field, schema) in items {
        let pointer = format!("/definitions/RawControl/properties/{field}");
        if let Some(obj) = value.pointer_mut(&pointer).and_then(Value::as_object_mut) {
            obj.insert("items".into(), schema);
        }
    }
    value
}

/// The schema of `soc2.toml`.
pub fn config() -> Value {
    let mut value = crate::config::json_schema();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            json!("https://soc2.dev/schemas/config.schema.json"),
        );
        obj.insert("title".into(), json!("soc2.toml"));
        obj.insert("description".into(), json!("Scope, evidence folder, library, gate, exclusions and remediation of a soc2 project."));
    }
    value
}

/// A schema as pretty JSON with a trailing newline, as committed under `schemas/`.
pub fn to_text(value: &Value) -> String {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(name);
        std::fs::read_to_string(path).unwrap_or_default()
    }

    #[test]
    fn committed_controls_schema_matches_the_raw_structs() {
        assert_eq!(
            committed("controls.schema.json"),
            to_text(&controls()),
            "run `soc2 schema controls > schemas/controls.schema.json`"
        );
    }

    #[test]
    fn committed_config_schema_matches_the_raw_structs() {
        assert_eq!(
            committed("config.schema.json"),
            to_text(&config()),
            "run `soc2 schema config > schemas/config.schema.json`"
        );
    }

    #[test]
    fn schemas_are_draft_07_and_strict() {
        let c = controls();
        assert_eq!(c["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(
            c["definitions"]["RawControl"]["additionalProperties"],
            false
        );
        assert_eq!(
            c["definitions"]["RawControl"]["properties"]["criteria"]["items"]["enum"]
                .as_array()
                .map(Vec::len),
            Some(61)
        );
        let t = config();
        assert_eq!(t["additionalProperties"], false);
    }

    #[test]
    fn builtin_yaml_files_point_editors_at_the_schema() {
        for (name, text) in crate::library::BUILTIN {
            assert!(
                text.starts_with("# yaml-language-server: $schema=../schemas/controls.schema.json"),
                "{name}"
            );
        }
    }
}
