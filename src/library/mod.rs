//! The control library: controls mapped to the Trust Services Criteria, each with the evidence
//! requirements an auditor asks for. Loading is two-phase: `raw` mirrors the YAML, `validate`
//! checks it and reports every problem with its position. The built-in library is embedded in
//! the binary; user folders add controls or replace built-in ones by id.

mod raw;
mod validate;
mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::calendar::{Age, Cadence};
use crate::criteria::{self, Category};
use crate::error::{Error, Problem, Result};

pub use raw::{RawControl, RawFile, RawRequirement};
pub use validate::{check_glob, validate_file};

/// How much a control weighs in the readiness score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Weight 3.
    High,
    /// Weight 2 (the default).
    Medium,
    /// Weight 1.
    Low,
}

impl Risk {
    /// Parses `high`, `medium` or `low`.
    pub fn parse(s: &str) -> Option<Risk> {
        match s {
            "high" => Some(Risk::High),
            "medium" => Some(Risk::Medium),
            "low" => Some(Risk::Low),
            _ => None,
        }
    }

    /// The weight in risk-weighted means.
    pub fn weight(self) -> f64 {
        match self {
            Risk::High => 3.0,
            Risk::Medium => 2.0,
            Risk::Low => 1.0,
        }
    }

    /// The word used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::High => "high",
            Risk::Medium => "medium",
            Risk::Low => "low",
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a requirement shows the control exists or that it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A policy, procedure, configuration or description.
    Design,
    /// A record produced each time the control runs.
    Operating,
}

impl Kind {
    /// The word used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Design => "design",
            Kind::Operating => "operating",
        }
    }
}

/// Where a control was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File name as shown to users (`builtin:controls/access.yaml` for the built-in library).
    pub file: String,
    /// 1-based line of the control's entry.
    pub line: usize,
}

/// One evidence requirement of a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Unique within its control.
    pub id: String,
    /// What is asked for.
    pub title: String,
    /// Design or operating.
    pub kind: Kind,
    /// Globs relative to the evidence root.
    pub paths: Vec<String>,
    /// Freshness limit for the newest dated match.
    pub max_age: Option<Age>,
    /// Cadence; always set for operating requirements, never for design ones.
    pub every: Option<Cadence>,
    /// Records needed per window (at least 1).
    pub min: u32,
    /// What good evidence looks like.
    pub guidance: String,
    /// 1-based line of the requirement's entry.
    pub line: usize,
}

/// One control of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// Unique id such as `AC-04`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// What the control does.
    pub description: String,
    /// TSC criterion ids, as written.
    pub criteria: Vec<String>,
    /// ISO/IEC 27001:2022 ids.
    pub iso27001: Vec<String>,
    /// Risk weight.
    pub risk: Risk,
    /// Default owner.
    pub owner: Option<String>,
    /// Evidence requirements, at least one.
    pub evidence: Vec<Requirement>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Control {
    /// The categories the control touches through its criteria.
    pub fn categories(&self) -> Vec<Category> {
        let mut out: Vec<Category> = self
            .criteria
            .iter()
            .filter_map(|id| criteria::criterion(id).map(|c| c.category))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether any criterion of the control belongs to one of `categories`.
    pub fn in_scope(&self, categories: &[Category]) -> bool {
        self.categories().iter().any(|c| categories.contains(c))
    }
}

/// A validated control library, controls sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The controls, sorted by id.
    pub controls: Vec<Control>,
}

impl Library {
    /// Finds a control by id.
    pub fn get(&self, id: &str) -> Option<&Control> {
        self.controls
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.controls.get(i))
    }

    /// Ids of the controls that map to a criterion.
    pub fn controls_for(&self, criterion: &str) -> Vec<&Control> {
        self.controls
            .iter()
            .filter(|c| c.criteria.iter().any(|x| x == criterion))
            .collect()
    }
}

/// A library file's name and text.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name shown in messages.
    pub name: String,
    /// Full text.
    pub text: String,
}

include!(concat!(env!("OUT_DIR"), "/builtin_controls.rs"));

/// The built-in library's files, embedded at build time from `controls/*.yaml`.
pub fn builtin_sources() -> Vec<Source> {
    BUILTIN
        .iter()
        .map(|(name, text)| Source {
            name: format!("builtin:controls/{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

/// Reads every `*.yaml`/`*.yml` file of a folder (not recursive), sorted by name. A file that is
/// too large or not UTF-8 is an error naming it.
pub fn read_folder(dir: &Path) -> Result<Vec<Source>> {
    let (sources, problems) = read_folder_checked(dir)?;
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(Error::Library(problems))
    }
}

/// Reads a folder's library files, returning the files it could use and a problem for each it
/// could not (too large, not UTF-8), so one run can list every problem. Reads are bounded: no
/// more than `yaml::MAX_FILE_BYTES` + 1 bytes of a file are ever read.
fn read_folder_checked(dir: &Path) -> Result<(Vec<Source>, Vec<Problem>)> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io("read the control library folder", dir, e))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read the control library folder", dir, e))?;
        let path = entry.path();
        let is_yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        // `is_file` follows links and is false for FIFOs, sockets and devices, which are never
        // opened: opening a FIFO would wait for a writer.
        if is_yaml && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut sources = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let read = crate::read::whole(&path, yaml::MAX_FILE_BYTES)
            .map_err(|e| Error::io("read the control library file", &path, e))?;
        let Some(bytes) = read else {
            problems.push(Problem::new(
                name,
                0,
                0,
                format!(
                    "file is larger than the {} bytes a control library file may hold; split it into several files",
                    yaml::MAX_FILE_BYTES
                ),
            ));
            continue;
        };
        match String::from_utf8(bytes) {
            Ok(text) => sources.push(Source { name, text }),
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let before = bytes.get(..at).unwrap_or_default();
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let column = at
                    - before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1)
                    + 1;
                problems.push(Problem::new(
                    name,
                    line,
                    column,
                    format!("file is not valid UTF-8 (byte {at}); save it as UTF-8"),
                ));
            }
        }
    }
    Ok((sources, problems))
}

/// Validates a set of sources on its own: the controls and every problem found, including
/// duplicate ids across files.
pub fn check_sources(sources: &[Source]) -> (Vec<Control>, Vec<Problem>) {
    merge_checked(parse_all(sources))
}

/// `validate_file` of every source, in order; files are parsed on a few threads, which is what
/// keeps a library of a thousand user controls from costing its load time twice over.
fn parse_all(sources: &[Source]) -> Vec<(Vec<Control>, Vec<Problem>)> {
    crate::par::map(sources, crate::par::threads(), |(), source| {
        validate_file(&source.name, &source.text)
    })
}

/// The controls and problems of a set of parsed files, with duplicate ids across the set.
fn merge_checked(parsed: Vec<(Vec<Control>, Vec<Problem>)>) -> (Vec<Control>, Vec<Problem>) {
    let mut controls = Vec::new();
    let mut problems = Vec::new();
    for (mut c, mut p) in parsed {
        controls.append(&mut c);
        problems.append(&mut p);
    }
    let mut first: BTreeMap<String, Origin> = BTreeMap::new();
    for control in &controls {
        if let Some(prev) = first.get(&control.id) {
            problems.push(
                Problem::new(
                    control.origin.file.clone(),
                    control.origin.line,
                    0,
                    format!(
                        "duplicate id, already defined at {}:{}; give one of them another id",
                        prev.file, prev.line
                    ),
                )
                .in_control(&control.id),
            );
        } else {
            first.insert(control.id.clone(), control.origin.clone());
        }
    }
    (controls, problems)
}

/// Loads the library in use: the built-in one (unless `builtin` is false) overlaid with the
/// controls of each user folder, a user control replacing the built-in control of the same id.
pub fn load(builtin: bool, folders: &[PathBuf]) -> Result<Library> {
    let mut by_id: BTreeMap<String, Control> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut sources = if builtin {
        builtin_sources()
    } else {
        Vec::new()
    };
    let builtin_files = sources.len();
    let mut seen: Vec<PathBuf> = Vec::new();
    for dir in folders {
        // The same folder named twice (in soc2.toml and with --controls) is read once.
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let (found, mut p) = read_folder_checked(dir)?;
        sources.extend(found);
        problems.append(&mut p);
    }
    // Built-in and user files parsed in one batch; each set is then checked on its own, and
    // a user control replaces the built-in control of the same id.
    let mut parsed = parse_all(&sources);
    let user_parsed = parsed.split_off(builtin_files.min(parsed.len()));
    for set in [parsed, user_parsed] {
        let (controls, mut p) = merge_checked(set);
        problems.append(&mut p);
        by_id.extend(controls.into_iter().map(|c| (c.id.clone(), c)));
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(Error::Library(problems));
    }
    if by_id.is_empty() {
        return Err(Error::Invalid(
            "the control library is empty: keep the built-in library (library.builtin = true) or add a folder of controls with --controls DIR".to_string(),
        ));
    }
    Ok(Library {
        controls: by_id.into_values().collect(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn embedded_library_is_valid() {
        let (_, problems) = check_sources(&builtin_sources());
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{}", text.join("\n"));
    }

    #[test]
    fn embedded_library_has_90_controls_and_covers_all_61_criteria() {
        let library = load(true, &[]).unwrap();
        assert!(library.controls.len() >= 90, "{}", library.controls.len());
        for criterion in criteria::CRITERIA {
            assert!(
                !library.controls_for(criterion.id).is_empty(),
                "{} is mapped by no control",
                criterion.id
            );
        }
    }

    #[test]
    fn read_problems_name_each_file_and_do_not_hide_each_other() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), b"controls:\n  - id: A\xff\n").unwrap();
        let big = std::fs::File::create(dir.path().join("b.yaml")).unwrap();
        big.set_len(yaml::MAX_FILE_BYTES as u64 + 1).unwrap();
        let err = load(false, &[dir.path().to_path_buf()]).unwrap_err();
        let Error::Library(problems) = err else {
            unreachable!("{err}")
        };
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let a = dir.path().join("a.yaml").display().to_string();
        let b = dir.path().join("b.yaml").display().to_string();
        assert_eq!(
            text,
            vec![
                format!("{a}:2:10: file is not valid UTF-8 (byte 19); save it as UTF-8"),
                format!(
                    "{b}: file is larger than the 4194304 bytes a control library file may hold; split it into several files"
                ),
            ]
        );
    }

    #[test]
    fn risk_weights_are_3_2_1() {
        assert_eq!(Risk::High.weight(), 3.0);
        assert_eq!(Risk::Medium.weight(), 2.0);
        assert_eq!(Risk::Low.weight(), 1.0);
    }
}
