//! Library file paths as reports show them to code-scanning tools and CI annotations: `/`
//! separated, `.` and `..` resolved by text, relative to a base folder (the repository the
//! binary runs in) when the file lies inside it. The base is handed in: the library never asks
//! the process for its current folder.

use std::path::{Component, Path, PathBuf};

use super::Report;

/// Resolves `.` and `..` by text, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_name {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with `/` between its parts.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    if parts.len() == 1 && parts.first().is_some_and(|p| p.is_empty()) {
        "/".to_string()
    } else {
        parts.join("/")
    }
}

/// `file` relative to `base` when it lies inside it; otherwise `file` normalised (a relative
/// file is taken as relative to `base` already).
pub fn relative_to(file: &str, base: &Path) -> String {
    let file = lexical(Path::new(file));
    if file.is_absolute()
        && let Ok(rest) = file.strip_prefix(lexical(base))
    {
        return slashed(rest);
    }
    slashed(&file)
}

impl Report {
    /// Rewrites every control's library file relative to `base` (see [`relative_to`]), so
    /// SARIF locations and annotations point into the repository that holds the library.
    pub fn relativize_sources(&mut self, base: &Path) {
        for control in &mut self.controls {
            control.source.file = relative_to(&control.source.file, base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_inside_the_base_become_relative() {
        let base = Path::new("/repo");
        assert_eq!(
            relative_to("/repo/controls/a.yaml", base),
            "controls/a.yaml"
        );
        assert_eq!(
            relative_to("/repo/tests/fixtures/x/../library/mini.yaml", base),
            "tests/fixtures/library/mini.yaml"
        );
        assert_eq!(
            relative_to("/repo/./controls/a.yaml", Path::new("/repo/")),
            "controls/a.yaml"
        );
    }

    #[test]
    fn relative_files_are_normalised_and_outside_files_stay_absolute() {
        let base = Path::new("/repo");
        assert_eq!(
            relative_to("controls/access.yaml", base),
            "controls/access.yaml"
        );
        assert_eq!(relative_to("./a/b/../c.yaml", base), "a/c.yaml");
        assert_eq!(relative_to("../lib/c.yaml", base), "../lib/c.yaml");
        assert_eq!(relative_to("/elsewhere/c.yaml", base), "/elsewhere/c.yaml");
        assert_eq!(
            relative_to("/repository/c.yaml", base),
            "/repository/c.yaml"
        );
    }
}
