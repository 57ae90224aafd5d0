//! The kept fuzz corpus as regression tests: every file under
//! `tests/fixtures/fuzz-regressions/<target>/` (seeds, minimized finds, and inputs that once broke
//! a parser) goes through the same check as the fuzz target of that name. No timing is asserted:
//! an input that made a parser hang would keep this test from returning.

use std::path::PathBuf;

use super::fixture;
use super::fuzz_checks::TARGETS;

fn folder(target: &str) -> PathBuf {
    fixture("fuzz-regressions").join(target)
}

/// Replays every input of one target; returns how many there were.
fn replay(target: &str) -> usize {
    let check = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, check)| *check)
        .unwrap_or_else(|| unreachable!("no fuzz target {target}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder(target))
        .unwrap_or_else(|e| unreachable!("{target}: {e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| unreachable!("{}: {e}", file.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "{target}: {} broke a check",
            file.display()
        );
    }
    files.len()
}

#[test]
fn every_corpus_folder_is_a_fuzz_target_and_every_target_has_inputs() {
    let mut folders: Vec<String> = std::fs::read_dir(fixture("fuzz-regressions"))
        .unwrap_or_else(|e| unreachable!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut targets: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_string()).collect();
    targets.sort();
    assert_eq!(folders, targets);
}

#[test]
fn library_yaml_corpus_replays() {
    assert!(replay("library_yaml") > 0);
}

#[test]
fn config_toml_corpus_replays() {
    assert!(replay("config_toml") > 0);
}

#[test]
fn date_tokens_corpus_replays() {
    assert!(replay("date_tokens") > 0);
}

#[test]
fn front_matter_corpus_replays() {
    assert!(replay("front_matter") > 0);
}

#[test]
fn glob_paths_corpus_replays() {
    assert!(replay("glob_paths") > 0);
}
