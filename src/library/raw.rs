//! The control-library YAML exactly as written, with positions. Nothing here is checked beyond
//! YAML syntax and field names: `validate` turns these structs into a `Library` and collects every
//! problem at once. No `#[serde(flatten)]`: it would silently turn off unknown-field errors.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// A scalar with the position where it was written.
pub type At<T> = Spanned<T>;

/// One library file: `controls:` and nothing else.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The controls of this file.
    #[schemars(with = "Vec<RawControl>", required)]
    pub controls: Option<Vec<At<RawControl>>>,
}

/// One control as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawControl {
    /// Unique id, `[A-Z0-9][A-Z0-9._-]*`.
    #[schemars(with = "String", required, pattern(r"^[A-Z0-9][A-Z0-9._-]*$"))]
    pub id: Option<At<String>>,
    /// Short title.
    #[schemars(with = "String", required, length(min = 1))]
    pub title: Option<At<String>>,
    /// What the control does.
    #[schemars(with = "Option<String>")]
    pub description: Option<At<String>>,
    /// TSC criterion ids.
    #[schemars(with = "Vec<String>", required, length(min = 1))]
    pub criteria: Option<At<Vec<At<String>>>>,
    /// ISO/IEC 27001:2022 Annex A ids or clauses.
    #[schemars(with = "Option<Vec<String>>")]
    pub iso27001: Option<Vec<At<String>>>,
    /// `high`, `medium` or `low`.
    #[schemars(with = "Option<String>", extend("enum" = ["high", "medium", "low"]))]
    pub risk: Option<At<String>>,
    /// Default owner.
    #[schemars(with = "Option<String>")]
    pub owner: Option<At<String>>,
    /// The evidence requirements.
    #[schemars(with = "Vec<RawRequirement>", required, length(min = 1))]
    pub evidence: Option<At<Vec<At<RawRequirement>>>>,
}

/// One evidence requirement as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    /// Unique within the control.
    #[schemars(with = "String", required, pattern(r"^[A-Za-z0-9][A-Za-z0-9._-]*$"))]
    pub id: Option<At<String>>,
    /// What is asked for.
    #[schemars(with = "String", required, length(min = 1))]
    pub title: Option<At<String>>,
    /// `design` or `operating`.
    #[schemars(with = "String", required, extend("enum" = ["design", "operating"]))]
    pub kind: Option<At<String>>,
    /// Globs relative to the evidence root.
    #[schemars(with = "Vec<String>", required, length(min = 1))]
    pub paths: Option<At<Vec<At<String>>>>,
    /// Freshness limit such as `1y`.
    #[schemars(with = "Option<String>", pattern(r"^[1-9][0-9]{0,3}[dwmy]$"))]
    pub max_age: Option<At<String>>,
    /// Cadence of an operating requirement.
    #[schemars(with = "Option<String>", extend("enum" = ["day", "week", "month", "quarter", "half-year", "year", "event"]))]
    pub every: Option<At<String>>,
    /// Records needed per window.
    #[schemars(with = "Option<u32>", range(min = 1, max = 10000))]
    pub min: Option<At<i64>>,
    /// What good evidence looks like.
    #[schemars(with = "Option<String>")]
    pub guidance: Option<At<String>>,
}
