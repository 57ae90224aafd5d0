//! The control-library YAML exactly as written, with positions. Nothing here is checked beyond
//! YAML syntax and field names: `validate` turns these structs into a `Library` and collects every
//! problem at once. No `#[serde(flatten)]`: it would silently turn off unknown-field errors.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A scalar with the position where it was written.
pub type At<T> = Spanned<T>;

/// One library file: `controls:` and nothing else.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The controls of this file.
    pub controls: Option<Vec<At<RawControl>>>,
}

/// One control as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawControl {
    /// Unique id, `[A-Z0-9][A-Z0-9._-]*`.
    pub id: Option<At<String>>,
    /// Short title.
    pub title: Option<At<String>>,
    /// What the control does.
    pub description: Option<At<String>>,
    /// TSC criterion ids.
    pub criteria: Option<At<Vec<At<String>>>>,
    /// ISO/IEC 27001:2022 Annex A ids or clauses.
    pub iso27001: Option<Vec<At<String>>>,
    /// `high`, `medium` or `low`.
    pub risk: Option<At<String>>,
    /// Default owner.
    pub owner: Option<At<String>>,
    /// The evidence requirements.
    pub evidence: Option<At<Vec<At<RawRequirement>>>>,
}

/// One evidence requirement as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    /// Unique within the control.
    pub id: Option<At<String>>,
    /// What is asked for.
    pub title: Option<At<String>>,
    /// `design` or `operating`.
    pub kind: Option<At<String>>,
    /// Globs relative to the evidence root.
    pub paths: Option<At<Vec<At<String>>>>,
    /// Freshness limit such as `1y`.
    pub max_age: Option<At<String>>,
    /// Cadence of an operating requirement.
    pub every: Option<At<String>>,
    /// Records needed per window.
    pub min: Option<At<i64>>,
    /// What good evidence looks like.
    pub guidance: Option<At<String>>,
}
