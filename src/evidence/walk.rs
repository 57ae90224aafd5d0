//! The walk of the evidence folder: regular files only, dot-names and README/.gitkeep skipped,
//! exclusions applied, links followed only inside the root, loops and unreadable entries turned
//! into warnings. It never opens a file: it only lists them.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::matcher::Matcher;
use crate::warning::{Warning, WarningKind};

/// A candidate evidence file found by the walk.
#[derive(Debug, Clone)]
pub struct Found {
    /// Path relative to the root, `/`-separated, invalid UTF-8 shown as U+FFFD.
    pub rel: String,
    /// Path to open.
    pub abs: PathBuf,
}

/// What the walk saw.
#[derive(Debug, Default)]
pub struct Walked {
    /// Candidate files, in walk order.
    pub files: Vec<Found>,
    /// Problems met on the way.
    pub warnings: Vec<Warning>,
}

/// Walks `root` (which must be a folder).
pub fn walk(root: &Path, exclude: &Matcher) -> Walked {
    let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walker = Walker {
        root: canonical,
        exclude,
        out: Walked::default(),
        chain: HashSet::new(),
    };
    if let Ok(meta) = fs::metadata(root) {
        walker.chain.insert((meta.dev(), meta.ino()));
    }
    walker.dir(root, "");
    walker.out
}

struct Walker<'a> {
    root: PathBuf,
    exclude: &'a Matcher,
    out: Walked,
    /// (device, inode) of the folders on the current path, to stop link loops.
    chain: HashSet<(u64, u64)>,
}

fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.eq_ignore_ascii_case("README.md")
}

fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

impl Walker<'_> {
    fn warn(&mut self, kind: WarningKind, message: String) {
        self.out.warnings.push(Warning::new(kind, message));
    }

    fn dir(&mut self, abs: &Path, rel: &str) {
        let entries = match fs::read_dir(abs) {
            Ok(entries) => entries,
            Err(e) => {
                let shown = if rel.is_empty() { "." } else { rel };
                self.warn(
                    WarningKind::Unreadable,
                    format!("{shown}/ could not be read ({e}); its files were not assessed"),
                );
                return;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.warn(
                        WarningKind::Unreadable,
                        format!("an entry of {rel}/ could not be read ({e})"),
                    );
                    continue;
                }
            };
            let name_os = entry.file_name();
            let name = name_os.to_string_lossy();
            if is_ignored_name(&name) {
                continue;
            }
            let child_rel = join(rel, &name);
            let child_abs = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => self.subdir(&child_abs, &child_rel),
                Ok(t) if t.is_file() => self.file(child_abs, child_rel),
                Ok(t) if t.is_symlink() => self.link(child_abs, child_rel),
                Ok(_) => self.warn(
                    WarningKind::SpecialFile,
                    format!(
                        "{child_rel} is not a regular file (FIFO, socket or device) and was skipped"
                    ),
                ),
                Err(e) => self.warn(
                    WarningKind::Unreadable,
                    format!("{child_rel} could not be read ({e})"),
                ),
            }
        }
    }

    fn subdir(&mut self, abs: &Path, rel: &str) {
        match fs::metadata(abs) {
            Ok(meta) => self.enter(abs, rel, (meta.dev(), meta.ino())),
            Err(e) => self.warn(
                WarningKind::Unreadable,
                format!("{rel}/ could not be read ({e})"),
            ),
        }
    }

    fn enter(&mut self, abs: &Path, rel: &str, key: (u64, u64)) {
        if !self.chain.insert(key) {
            self.warn(
                WarningKind::LinkLoop,
                format!("{rel} leads back into a folder already being walked and was not followed"),
            );
            return;
        }
        self.dir(abs, rel);
        self.chain.remove(&key);
    }

    fn file(&mut self, abs: PathBuf, rel: String) {
        if self.exclude.is_match(&rel) {
            return;
        }
        self.out.files.push(Found { rel, abs });
    }

    fn link(&mut self, abs: PathBuf, rel: String) {
        let target = match fs::canonicalize(&abs) {
            Ok(target) => target,
            Err(e) if is_loop(&e) => {
                self.warn(
                    WarningKind::LinkLoop,
                    format!("{rel} is a symbolic link that loops and was not followed"),
                );
                return;
            }
            Err(_) => {
                self.warn(
                    WarningKind::BrokenLink,
                    format!("{rel} is a symbolic link to nothing and was skipped"),
                );
                return;
            }
        };
        if !target.starts_with(&self.root) {
            self.warn(
                WarningKind::LinkOutsideRoot,
                format!("{rel} links outside the evidence folder and was not followed"),
            );
            return;
        }
        match fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => self.enter(&abs, &rel, (meta.dev(), meta.ino())),
            Ok(meta) if meta.is_file() => self.file(abs, rel),
            Ok(_) => self.warn(
                WarningKind::SpecialFile,
                format!("{rel} links to something that is not a regular file and was skipped"),
            ),
            Err(e) => self.warn(
                WarningKind::Unreadable,
                format!("{rel} could not be read ({e})"),
            ),
        }
    }
}

fn is_loop(e: &io::Error) -> bool {
    // ELOOP: too many levels of symbolic links.
    e.raw_os_error() == Some(40)
}
