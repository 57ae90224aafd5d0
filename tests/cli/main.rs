//! Integration tests: the `soc2` binary run on fixture folders named for their scenario, always
//! with a fixed as-of date or period. One test binary, one module per area.

mod assess;
mod docs;
mod example;
mod formats;
mod fuzz_checks;
mod fuzz_regressions;
mod guarantees;
mod help;
mod hostile;
mod library;
mod output_safety;
mod props;
mod recipes;
mod workflow;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The binary under test, with colour and CI variables cleared.
pub fn soc2() -> Command {
    let mut cmd =
        Command::cargo_bin("soc2").unwrap_or_else(|e| unreachable!("no soc2 binary: {e}"));
    cmd.env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    cmd
}

/// A fixture folder under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `soc2 assess --format json` on a fixture and parses the report.
pub fn json_report(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = soc2()
        .arg("assess")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| unreachable!("bad JSON: {e}"))
}

/// The control with `id` in a JSON report.
pub fn control<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["controls"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| unreachable!("no control {id}"))
}

/// A fixture copied into a temporary folder (beside a copy of the shared library), so a test
/// can add links, FIFOs or files without touching the repository.
pub struct Sandbox {
    _tmp: tempfile::TempDir,
    /// The project folder inside it.
    pub path: PathBuf,
}

/// Copies fixture `name` into a sandbox.
pub fn sandbox(name: &str) -> Sandbox {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    copy_tree(&fixture("library"), &tmp.path().join("library"));
    let path = tmp.path().join(name);
    copy_tree(&fixture(name), &path);
    Sandbox { _tmp: tmp, path }
}

/// Copies a folder tree (regular files and folders).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| unreachable!("{e}"));
    for entry in std::fs::read_dir(from)
        .unwrap_or_else(|e| unreachable!("{e}"))
        .flatten()
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| unreachable!("{e}"));
        }
    }
}
