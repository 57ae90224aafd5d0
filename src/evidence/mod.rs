//! The evidence index: one walk of the evidence folder, one glob match per file, dates from
//! front matter, names and folders, and byte-identical copies found. A file that no requirement
//! matches is listed by the walk but never opened.

pub mod dates;
mod matcher;
mod walk;

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub use dates::DateSource;
pub use matcher::{Matcher, glob_builder};

use crate::error::{Error, Result};
use crate::warning::{Warning, WarningKind};

/// One evidence file that some requirement matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Path relative to the evidence root, `/`-separated.
    pub path: String,
    /// Its date, if any rule gave one.
    pub date: Option<NaiveDate>,
    /// The rule that dated it.
    pub source: DateSource,
    /// The requirement slots whose globs match it, sorted.
    pub slots: Vec<u32>,
}

/// A copy that counts once: for `slot`, file `copy` is byte-identical to `original`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    /// The requirement slot.
    pub slot: u32,
    /// Index of the copy in `EvidenceIndex::files`.
    pub copy: usize,
    /// Index of the copy that counts.
    pub original: usize,
}

/// A matched file that is a draft and does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Path relative to the evidence root.
    pub path: String,
    /// The requirement slots whose globs match it.
    pub slots: Vec<u32>,
}

/// Counters that show how much work the walk did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Candidate files the walk listed.
    pub listed: usize,
    /// Files some requirement matched.
    pub matched: usize,
    /// Files opened (front matter or content hash).
    pub opened: usize,
}

/// The evidence of one folder, as the requirements of one library see it.
#[derive(Debug, Clone, Default)]
pub struct EvidenceIndex {
    /// Matched files, sorted by path; drafts are left out.
    pub files: Vec<EvidenceFile>,
    /// Copies that count once per requirement.
    pub reused: Vec<Reuse>,
    /// Matched Markdown marked `status: draft`: not evidence, kept to explain a gap.
    pub drafts: Vec<Draft>,
    /// Walk and dating problems.
    pub warnings: Vec<Warning>,
    /// Work counters.
    pub stats: Stats,
}

/// Builds the index of `root` for requirement slots `slots[i] = globs`, skipping files that
/// match an `exclude` glob.
pub fn index(root: &Path, exclude: &[String], slots: &[Vec<String>]) -> Result<EvidenceIndex> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::Invalid(format!(
                "the evidence path {} is not a folder; point --evidence (or `dir` under [evidence] in soc2.toml) at the folder that holds the evidence",
                root.display()
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::MissingEvidence(root.to_path_buf()));
        }
        Err(e) => return Err(Error::io("read the evidence folder", root, e)),
    }
    let exclude = Matcher::new(&[exclude.to_vec()])?;
    let matcher = Matcher::new(slots)?;
    let walked = walk::walk(root, &exclude);
    let mut idx = EvidenceIndex {
        warnings: walked.warnings,
        ..EvidenceIndex::default()
    };
    idx.stats.listed = walked.files.len();
    let (mut hits, mut found) = (Vec::new(), Vec::new());
    let mut matched: Vec<(walk::Found, Vec<u32>)> = Vec::new();
    for file in walked.files {
        matcher.matches_into(&file.rel, &mut hits, &mut found);
        if !found.is_empty() {
            matched.push((file, found.clone()));
        }
    }
    matched.sort_by(|a, b| a.0.rel.cmp(&b.0.rel));
    idx.stats.matched = matched.len();
    let mut kept: Vec<walk::Found> = Vec::with_capacity(matched.len());
    for (found, slots) in matched {
        if let Some(file) = date_file(&found, slots, &mut idx) {
            idx.files.push(file);
            kept.push(found);
        }
    }
    find_copies(&kept, &mut idx);
    Ok(idx)
}

/// Dates one matched file; `None` when it is a draft and not evidence.
fn date_file(
    found: &walk::Found,
    slots: Vec<u32>,
    idx: &mut EvidenceIndex,
) -> Option<EvidenceFile> {
    let name = found.rel.rsplit('/').next().unwrap_or(&found.rel);
    if dates::is_markdown(name) {
        idx.stats.opened += 1;
        match crate::read::prefix(&found.abs, dates::FRONT_MATTER_LIMIT) {
            Ok(prefix) => {
                let fm = dates::parse_front_matter(&prefix);
                if fm.draft {
                    idx.warnings.push(Warning::new(
                        WarningKind::DraftEvidence,
                        format!(
                            "{} is marked `status: draft` and does not count until it is approved",
                            found.rel
                        ),
                    ));
                    idx.drafts.push(Draft {
                        path: found.rel.clone(),
                        slots,
                    });
                    return None;
                }
                if let Some(bad) = fm.bad_date {
                    idx.warnings.push(Warning::new(WarningKind::BadFrontMatterDate, format!("{} has front matter `date: {bad}`, which is not a YYYY-MM-DD date; fix it so the file is dated", found.rel)));
                }
                if let Some(date) = fm.date {
                    return Some(EvidenceFile {
                        path: found.rel.clone(),
                        date: Some(date),
                        source: DateSource::FrontMatter,
                        slots,
                    });
                }
            }
            Err(e) => idx.warnings.push(Warning::new(
                WarningKind::Unreadable,
                format!(
                    "{} could not be read ({e}); dated by its name only",
                    found.rel
                ),
            )),
        }
    }
    let (date, source) = match dates::date_from_path(&found.rel) {
        Some((date, source)) => (Some(date), source),
        None => (None, DateSource::None),
    };
    Some(EvidenceFile {
        path: found.rel.clone(),
        date,
        source,
        slots,
    })
}

/// SHA-256 of a file's content, read in blocks.
pub fn digest(path: &Path) -> io::Result<[u8; 32]> {
    // Opened through the same check as front matter: a FIFO swapped in after the walk is
    // refused instead of blocking the run.
    let mut file = crate::read::open_regular(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hasher.finalize().into())
}

/// Finds byte-identical copies among files matched by the same requirement: sizes first, and a
/// hash only for files that share a size with another matched file.
fn find_copies(kept: &[walk::Found], idx: &mut EvidenceIndex) {
    let mut by_size: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, found) in kept.iter().enumerate() {
        if let Ok(meta) = std::fs::metadata(&found.abs) {
            by_size.entry(meta.len()).or_default().push(i);
        }
    }
    let mut by_digest: HashMap<[u8; 32], Vec<usize>> = HashMap::new();
    for group in by_size.into_values().filter(|g| g.len() > 1) {
        for i in group {
            let Some(found) = kept.get(i) else { continue };
            idx.stats.opened += 1;
            match digest(&found.abs) {
                Ok(d) => by_digest.entry(d).or_default().push(i),
                Err(e) => idx.warnings.push(Warning::new(
                    WarningKind::Unreadable,
                    format!(
                        "{} could not be read ({e}); it was not checked for copies",
                        found.rel
                    ),
                )),
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = by_digest.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        mark_copies(&group, idx);
    }
    idx.reused.sort_by_key(|r| (r.slot, r.copy));
}

/// Within one group of identical files, per requirement, the earliest-dated copy counts
/// (a dated copy before an undated one, then by path).
fn mark_copies(group: &[usize], idx: &mut EvidenceIndex) {
    let files = &idx.files;
    let key = |i: usize| {
        files
            .get(i)
            .map(|f| (f.date.is_none(), f.date, f.path.clone()))
    };
    let mut slots: Vec<u32> = group
        .iter()
        .filter_map(|&i| files.get(i))
        .flat_map(|f| f.slots.iter().copied())
        .collect();
    slots.sort_unstable();
    slots.dedup();
    let mut warned: Vec<(usize, usize)> = Vec::new();
    for slot in slots {
        let mut members: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| files.get(i).is_some_and(|f| f.slots.contains(&slot)))
            .collect();
        members.sort_by_key(|&i| key(i));
        let Some((&original, copies)) = members.split_first() else {
            continue;
        };
        for &copy in copies {
            idx.reused.push(Reuse {
                slot,
                copy,
                original,
            });
            if !warned.contains(&(copy, original)) {
                warned.push((copy, original));
            }
        }
    }
    for (copy, original) in warned {
        let (Some(c), Some(o)) = (idx.files.get(copy), idx.files.get(original)) else {
            continue;
        };
        let message = format!(
            "{} is a byte-identical copy of {} and counts once, as the earlier copy",
            c.path, o.path
        );
        idx.warnings
            .push(Warning::new(WarningKind::ReusedEvidence, message));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Walks a folder holding `names` (each written with `body`) and returns what the walk found.
    fn walked(dir: &Path, names: &[&str], body: &str) -> Vec<walk::Found> {
        for name in names {
            std::fs::write(dir.join(name), body).unwrap();
        }
        let exclude = Matcher::new::<String>(&[]).unwrap();
        let mut found = walk::walk(dir, &exclude).files;
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        found
    }

    #[test]
    fn a_file_gone_between_walk_and_read_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let found = walked(
            dir.path(),
            &["policy-2026-01-10.md"],
            "---\ndate: 2026-02-01\n---\n",
        );
        std::fs::remove_file(&found[0].abs).unwrap();
        let mut idx = EvidenceIndex::default();
        let file = date_file(&found[0], vec![0], &mut idx).unwrap();
        assert_eq!(file.date, NaiveDate::from_ymd_opt(2026, 1, 10));
        assert_eq!(file.source, DateSource::Name);
        let warning = idx.warnings[0].to_string();
        assert!(
            warning.starts_with("unreadable: policy-2026-01-10.md could not be read (")
                && warning.ends_with("); dated by its name only"),
            "{warning}"
        );
    }

    #[test]
    fn a_fifo_swapped_in_between_walk_and_read_is_a_warning_not_a_wait() {
        let dir = tempfile::tempdir().unwrap();
        let found = walked(dir.path(), &["policy-2026-01-10.md"], "---\n");
        std::fs::remove_file(&found[0].abs).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&found[0].abs)
            .status();
        if !made.is_ok_and(|s| s.success()) {
            // No mkfifo on this machine: nothing to swap in.
            return;
        }
        let mut idx = EvidenceIndex::default();
        let file = date_file(&found[0], vec![0], &mut idx).unwrap();
        assert_eq!(file.source, DateSource::Name);
        assert!(
            idx.warnings[0].to_string().contains("not a regular file"),
            "{}",
            idx.warnings[0]
        );
    }

    #[test]
    fn a_copy_swapped_for_a_fifo_before_it_is_hashed_is_a_warning_not_a_wait() {
        let dir = tempfile::tempdir().unwrap();
        // Two empty files share a size, so both are hashed to look for copies.
        let found = walked(dir.path(), &["a-2026-01-10.csv", "b-2026-01-11.csv"], "");
        let mut idx = EvidenceIndex::default();
        for f in &found {
            let file = date_file(f, vec![0], &mut idx).unwrap();
            idx.files.push(file);
        }
        std::fs::remove_file(&found[1].abs).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&found[1].abs)
            .status();
        if !made.is_ok_and(|s| s.success()) {
            // No mkfifo on this machine: nothing to swap in.
            return;
        }
        find_copies(&found, &mut idx);
        assert!(idx.reused.is_empty());
        let warning = idx.warnings[0].to_string();
        assert!(
            warning
                .starts_with("unreadable: b-2026-01-11.csv could not be read (not a regular file")
                && warning.ends_with("it was not checked for copies"),
            "{warning}"
        );
    }
}
