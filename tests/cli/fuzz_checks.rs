//! What each fuzz target checks, in one place: the fuzz crate (`fuzz/`) includes this file with
//! `#[path]`, and `fuzz_regressions` replays the kept corpus through the same functions under
//! `cargo test`. Each function takes arbitrary bytes and fails by assertion when a parser breaks
//! a promise; a panic inside the library fails it too.

use std::path::Path;

use chrono::Datelike;
use soc2::calendar::{Cadence, parse_window_label, window_containing};
use soc2::config::Config;
use soc2::evidence::Matcher;
use soc2::evidence::dates::{DateSource, date_from_path, date_in_name, parse_front_matter};
use soc2::library::{Kind, check_glob, validate_file};

/// A fuzz target's name (its folder under `tests/fixtures/fuzz-regressions/`) and its check.
pub type Target = (&'static str, fn(&[u8]));

/// Every fuzz target.
pub const TARGETS: [Target; 5] = [
    ("library_yaml", library_yaml),
    ("config_toml", config_toml),
    ("date_tokens", date_tokens),
    ("front_matter", front_matter),
    ("glob_paths", glob_paths),
];

/// The control-library loader: problems name the file; accepted controls keep the library's
/// rules (criteria, evidence, a cadence exactly on operating requirements, valid globs).
pub fn library_yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (controls, problems) = validate_file("fuzz.yaml", &text);
    for problem in &problems {
        assert_eq!(problem.file, "fuzz.yaml", "a problem must name its file");
        assert!(
            !problem.message.is_empty(),
            "a problem must say what is wrong"
        );
    }
    for control in &controls {
        assert!(!control.id.is_empty());
        assert!(!control.criteria.is_empty(), "{}: no criteria", control.id);
        assert!(!control.evidence.is_empty(), "{}: no evidence", control.id);
        for req in &control.evidence {
            assert!(req.min >= 1);
            assert_eq!(
                req.kind == Kind::Operating,
                req.every.is_some(),
                "{}",
                req.id
            );
            assert!(!req.paths.is_empty(), "{}/{}: no paths", control.id, req.id);
            for glob in &req.paths {
                assert!(check_glob(glob).is_ok(), "accepted a bad glob {glob:?}");
            }
        }
    }
}

/// The `soc2.toml` loader: an error names the file; an accepted file holds usable values.
pub fn config_toml(data: &[u8]) {
    match Config::parse(Path::new("/project/soc2.toml"), data) {
        Err(err) => {
            let message = err.to_string();
            assert!(message.starts_with("/project/soc2.toml"), "{message}");
        }
        Ok(config) => {
            if let Some(p) = config.period {
                assert!(
                    p.start <= p.end,
                    "accepted a period that ends before it starts"
                );
            }
            if let Some(f) = config.fail_under {
                assert!((0.0..=100.0).contains(&f), "accepted fail_under {f}");
            }
            for (exclusion, line) in &config.exclusions {
                assert!(!exclusion.reason.trim().is_empty());
                assert!(*line >= 1);
            }
        }
    }
}

/// Date tokens and window labels: dates stay in 1990..=2100, and every window built around a
/// token's date reads back from its own label.
pub fn date_tokens(data: &[u8]) {
    let name = String::from_utf8_lossy(data);
    if let Some(date) = date_in_name(&name) {
        assert!((1990..=2100).contains(&date.year()), "{name:?} -> {date}");
        for cadence in Cadence::ALL {
            if let Some(window) = window_containing(cadence, date) {
                assert!(window.contains(date));
                assert_eq!(parse_window_label(&window.label), Some(window));
            }
        }
    }
    if let Some((date, source)) = date_from_path(&name) {
        assert!((1990..=2100).contains(&date.year()));
        assert!(matches!(source, DateSource::Name | DateSource::Folder));
    }
    if let Some(window) = parse_window_label(&name) {
        assert!(window.start <= window.end);
        assert_eq!(window.label, name);
    }
}

/// The front-matter reader: at most one of a date and a bad date, and a bad date kept short.
pub fn front_matter(data: &[u8]) {
    let matter = parse_front_matter(data);
    assert!(matter.date.is_none() || matter.bad_date.is_none());
    if let Some(date) = matter.date {
        assert!((1990..=2100).contains(&date.year()));
    }
    if let Some(bad) = &matter.bad_date {
        assert!(
            bad.chars().count() <= 64,
            "kept {} chars",
            bad.chars().count()
        );
    }
}

/// Glob validation and matching; the first line is a glob, the rest a path. An accepted glob is
/// relative, has no `..`, and compiles into a matcher.
pub fn glob_paths(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (glob, path) = text.split_once('\n').unwrap_or((&text, "policies/a.md"));
    match check_glob(glob) {
        Err(why) => assert!(!why.is_empty()),
        Ok(()) => {
            assert!(!glob.starts_with('/') && !glob.contains('\\'), "{glob:?}");
            assert!(!glob.split('/').any(|c| c == ".."), "{glob:?}");
            let matcher = Matcher::new(&[vec![glob.to_string()]]);
            assert!(
                matcher.is_ok(),
                "check_glob accepted {glob:?}, the matcher refused it"
            );
            if let Ok(matcher) = matcher {
                let (mut hits, mut slots) = (Vec::new(), Vec::new());
                matcher.matches_into(path, &mut hits, &mut slots);
                assert!(slots.iter().all(|&s| s == 0));
            }
        }
    }
}
