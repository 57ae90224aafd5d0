//! `soc2 init`: writes soc2.toml, the evidence folder tree with a README.md per folder and, with
//! `--templates`, draft policy templates. Never overwrites a file: every file is created with
//! `create_new`, and whatever is already there is left alone and listed as such.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use soc2::config::{Config, FILE_NAME};
use soc2::criteria::{Category, parse_category_list};
use soc2::scope::{self, Period, ReportType};
use soc2::workflow::init::{self as kit, InitScope};

use crate::EXIT_OK;
use crate::cli::InitArgs;
use crate::output;
use crate::settings::{load_library, parse_date, today};

/// The scope to write: flags over an existing soc2.toml, then defaults.
fn init_scope(args: &InitArgs, config: &Config, dir: &Path) -> Result<InitScope> {
    let mut categories: Vec<Category> = match &args.criteria {
        Some(list) => parse_category_list([list.as_str()]).map_err(|bad| {
            anyhow::anyhow!("--criteria: `{bad}` is not a category; use security, availability, processing-integrity, confidentiality or privacy")
        })?,
        None => config.categories.clone().unwrap_or_default(),
    };
    if scope::with_security(&mut categories) && args.criteria.is_some() {
        eprintln!("soc2: note: security (the common criteria) is always in scope; added it");
    }
    let period = match &args.period {
        Some(text) => Some(Period::parse(text).with_context(|| {
            format!("--period `{text}` is not a period; write START..END with ISO dates, like --period 2026-01-01..2026-06-30")
        })?),
        None => config.period,
    };
    if let Some(p) = period.filter(|p| p.start > p.end) {
        bail!(
            "the period starts on {}, after it ends on {}; swap the dates",
            p.start,
            p.end
        );
    }
    let report_type = match args.report_type {
        Some(1) => ReportType::Type1,
        Some(_) => ReportType::Type2,
        None => config.report_type.unwrap_or(if period.is_some() {
            ReportType::Type2
        } else {
            ReportType::Type1
        }),
    };
    if report_type == ReportType::Type2 && period.is_none() {
        bail!(
            "a Type II needs an observation period; pass --period START..END, like --period 2026-01-01..2026-06-30"
        );
    }
    let as_of = match &args.as_of {
        Some(text) => Some(parse_date("--as-of", text)?),
        None => config.as_of,
    };
    let anchor = match (report_type, period, as_of) {
        (ReportType::Type2, Some(p), _) => p.start,
        (_, _, Some(d)) => d,
        _ => today(),
    };
    let library_paths = args
        .library
        .controls
        .iter()
        .map(|p| relative_to(dir, p))
        .collect::<Result<Vec<_>>>()?;
    let project = config.project.clone().unwrap_or_else(|| {
        fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "project".to_string())
    });
    Ok(InitScope {
        project,
        categories,
        report_type,
        period,
        as_of,
        library_paths,
        builtin: config.builtin && !args.library.no_builtin,
        anchor,
    })
}

/// An absolute path with `.` and `..` resolved: the longest existing ancestor is canonicalized
/// and the rest appended, so paths that do not exist yet compare correctly.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("could not resolve the path {}", path.display()))?;
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(canonical) = fs::canonicalize(&existing) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                if part == ".." {
                    out.pop();
                } else if part != "." {
                    out.push(part);
                }
            }
            return Ok(out);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => {
                // `..` as the last component has no file_name: keep it for the fold above.
                if existing.ends_with("..") {
                    rest.push("..".into());
                    existing.pop();
                    continue;
                }
                return Ok(absolute);
            }
        }
    }
}

/// `target` as written in soc2.toml of `dir`: relative to `dir` with `/`, or absolute when the
/// two share no ancestor but the root.
fn relative_to(dir: &Path, target: &Path) -> Result<String> {
    let base = resolve(dir)?;
    let target = resolve(target)?;
    let common = base
        .components()
        .zip(target.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return Ok(target.to_string_lossy().into_owned());
    }
    let mut parts: Vec<String> = base
        .components()
        .skip(common)
        .map(|_| "..".to_string())
        .collect();
    parts.extend(target.components().skip(common).filter_map(|c| match c {
        Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
        _ => None,
    }));
    Ok(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// Creates `path` with `text` unless something is already there; true when written.
fn write_new(path: &Path, text: &str) -> Result<bool> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("could not create the folder {}", parent.display()))?;
    }
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => {
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("could not write {}", path.display()))?;
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("could not write {}", path.display())),
    }
}

/// Runs `soc2 init`.
pub fn run(args: &InitArgs) -> Result<u8> {
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file, not a folder; pass the folder to set up",
            dir.display()
        );
    }
    let config = if dir.is_dir() {
        Config::discover(dir)?
    } else {
        Config::empty()
    };
    let library = load_library(&config, &args.library)?;
    fs::create_dir_all(dir)
        .with_context(|| format!("could not create the folder {}", dir.display()))?;
    let scope = init_scope(args, &config, dir)?;
    let evidence = config
        .evidence_dir
        .clone()
        .unwrap_or_else(|| dir.join("evidence"));
    let mut plan: Vec<(PathBuf, String)> =
        vec![(dir.join(FILE_NAME), kit::config_text(&library, &scope))];
    plan.extend(
        kit::evidence_readmes(&library, &scope)
            .into_iter()
            .map(|f| (evidence.join(&f.path), f.text)),
    );
    let mut skipped = Vec::new();
    if args.templates {
        let templates = kit::policy_templates(&library, &scope.categories);
        plan.extend(
            templates
                .files
                .into_iter()
                .map(|f| (evidence.join(&f.path), f.text)),
        );
        skipped = templates.skipped;
    }
    let mut text = String::new();
    let (mut wrote, mut kept) = (0, 0);
    for (path, contents) in &plan {
        if write_new(path, contents)? {
            wrote += 1;
            text.push_str(&format!("wrote        {}\n", path.display()));
        } else {
            kept += 1;
            text.push_str(&format!(
                "left alone   {} (already exists)\n",
                path.display()
            ));
        }
    }
    for s in &skipped {
        text.push_str(&format!("no template  {s}\n"));
    }
    text.push_str(&format!(
        "\nsoc2 init: wrote {wrote} file{}, left {kept} existing file{} alone.\n",
        if wrote == 1 { "" } else { "s" },
        if kept == 1 { "" } else { "s" }
    ));
    if args.templates {
        text.push_str("Policy templates are drafts: they count once approved (status: approved, date: the approval date).\n");
    }
    text.push_str(&format!(
        "Next: put evidence in the folders, then run `soc2 assess {}`.\n",
        dir.display()
    ));
    output::emit(text.as_bytes(), None)?;
    Ok(EXIT_OK)
}
