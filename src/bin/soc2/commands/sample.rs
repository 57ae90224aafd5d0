//! `soc2 sample`: the pre-audit sample pull of a Type II. Draws the picks (library), hashes each
//! picked file, and with `--copy-to` copies them into a new folder outside the evidence root; the
//! evidence root itself is only read.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use soc2::scope::ReportType;
use soc2::workflow::grid::Grid;
use soc2::workflow::sample::{self, SamplePlan};

use super::init::resolve;
use super::listing::{self, Listing};
use super::{assess_project, print_notes};
use crate::EXIT_OK;
use crate::cli::{ColorChoice, RowFormat, SampleArgs};
use crate::settings;

/// SHA-256 of an evidence file, lowercase hex.
fn sha256(evidence: &Path, rel: &str) -> io::Result<String> {
    Ok(soc2::evidence::digest(evidence, rel)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Checks `--copy-to` before anything is written: new or empty, and outside the evidence root.
fn check_copy_target(target: &Path, evidence: &Path) -> Result<PathBuf> {
    let root = resolve(evidence)?;
    let resolved = resolve(target)?;
    if resolved.starts_with(&root) {
        bail!(
            "--copy-to {} is inside the evidence folder {}; pick a folder outside it so the dry run never changes the evidence",
            target.display(),
            evidence.display()
        );
    }
    match fs::read_dir(&resolved) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "--copy-to {} is not empty; pass a new or empty folder",
                    target.display()
                );
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => bail!(
            "--copy-to {} is a file; pass a new or empty folder",
            target.display()
        ),
        Err(e) => {
            return Err(e).with_context(|| format!("could not read {}", target.display()));
        }
    }
    Ok(resolved)
}

/// Copies each picked file once into `target`, keeping its path relative to the evidence root.
/// The copies are made in a new folder beside `target` that is renamed to it once every copy is
/// made (`target` is new or empty, checked before the run), so a copy that fails leaves no
/// half-filled folder behind.
fn copy_picks(plan: &SamplePlan, evidence: &Path, target: &Path) -> Result<usize> {
    let paths: BTreeSet<&str> = plan
        .requirements
        .iter()
        .flat_map(|r| r.picks.iter().map(|p| p.path.as_str()))
        .collect();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)
        .with_context(|| format!("could not create the folder {}", parent.display()))?;
    let staging = staging_folder(parent)?;
    let copied = copy_into(&paths, evidence, (&staging, target)).and_then(|()| {
        fs::rename(&staging, target)
            .with_context(|| format!("could not create the folder {}", target.display()))
    });
    if copied.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    copied.map(|()| paths.len())
}

/// A new, empty folder in `parent` for the copies to be made in, named `.soc2-copy-*`.
fn staging_folder(parent: &Path) -> Result<PathBuf> {
    for n in 0u32.. {
        let path = parent.join(format!(".soc2-copy-{}-{n}", std::process::id()));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("could not create a folder in {}", parent.display()));
            }
        }
    }
    bail!("could not create a folder in {}", parent.display())
}

/// Copies the files `paths` of `evidence` into `staging`, keeping their relative paths; errors
/// name the file as it will lie under `target`.
fn copy_into(
    paths: &BTreeSet<&str>,
    evidence: &Path,
    (staging, target): (&Path, &Path),
) -> Result<()> {
    for rel in paths {
        let dest = staging.join(rel);
        let shown = target.join(rel);
        let fail = || format!("could not write {}", shown.display());
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).with_context(fail)?;
        }
        let mut from = soc2::evidence::open(evidence, rel)
            .with_context(|| format!("could not read {}", evidence.join(rel).display()))?;
        let mut to = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
            .with_context(fail)?;
        io::copy(&mut from, &mut to).with_context(fail)?;
    }
    Ok(())
}

fn grid(plan: &SamplePlan, format: RowFormat) -> Grid {
    let mut grid = Grid::new(&[
        "Control",
        "Requirement",
        "Every",
        "Population",
        "Sample",
        "Window",
        "Picked file",
        "SHA-256",
    ]);
    for r in &plan.requirements {
        let head = [
            r.control.clone(),
            r.requirement.clone(),
            r.every.as_str().to_string(),
            r.population.to_string(),
            r.size.to_string(),
        ];
        if r.picks.is_empty() {
            let mut row = head.to_vec();
            row.extend([
                String::new(),
                "no dated record in the period".to_string(),
                String::new(),
            ]);
            grid.push(row);
        }
        for (i, p) in r.picks.iter().enumerate() {
            // A terminal table names the requirement once; every CSV or Markdown row stands alone.
            let mut row = if i > 0 && format == RowFormat::Table {
                vec![String::new(); head.len()]
            } else {
                head.to_vec()
            };
            row.extend([
                p.window.clone(),
                p.path.clone(),
                p.sha256.clone().unwrap_or_else(|| "unreadable".to_string()),
            ]);
            grid.push(row);
        }
    }
    grid
}

/// Runs `soc2 sample`.
pub fn run(args: &SampleArgs, color: ColorChoice) -> Result<u8> {
    let settings = settings::resolve(&args.dir, &args.scope, &args.library)?;
    print_notes(&settings);
    let Some(period) = settings
        .scope
        .period
        .filter(|_| settings.scope.report_type == ReportType::Type2)
    else {
        bail!(
            "soc2 sample needs a Type II: there is no sample without an observation period; set `type = 2` and `period` under [scope] in soc2.toml or pass --type 2 --period START..END"
        );
    };
    let copy_target = args
        .copy_to
        .as_deref()
        .map(|t| check_copy_target(t, &settings.evidence))
        .transpose()?;
    let assessment = assess_project(&settings)?;
    let seed = args.seed.unwrap_or_else(|| sample::default_seed(period));
    let Some(mut plan) = sample::draw(&assessment, &settings.config.sample, seed) else {
        bail!("soc2 sample needs a Type II with an observation period");
    };
    for pick in plan
        .requirements
        .iter_mut()
        .flat_map(|r| r.picks.iter_mut())
    {
        match sha256(&settings.evidence, &pick.path) {
            Ok(hex) => pick.sha256 = Some(hex),
            Err(e) => eprintln!(
                "soc2: warning: could not read {} to hash it: {e}",
                pick.path
            ),
        }
    }
    if let Some(target) = &copy_target {
        let copied = copy_picks(&plan, &settings.evidence, target)?;
        eprintln!(
            "soc2: copied {copied} picked file{} to {}",
            if copied == 1 { "" } else { "s" },
            args.copy_to.as_deref().unwrap_or(target).display()
        );
    }
    let picked: usize = plan.requirements.iter().map(|r| r.picks.len()).sum();
    let listing = Listing {
        title: format!("Sample pull: {}", settings.project),
        lines: vec![
            format!(
                "Type II, {}..{} (as of {}), seed {seed}",
                plan.period.start, plan.period.end, plan.as_of
            ),
            format!(
                "{} operating requirements, {picked} records picked",
                plan.requirements.len()
            ),
        ],
        grids: vec![(None, grid(&plan, args.format))],
        json: &plan,
    };
    listing::emit(&listing, args.format, color, args.output.output.as_deref())?;
    Ok(EXIT_OK)
}
