//! Glob and path validation (`check_glob`) and the matcher on arbitrary input: the first line is
//! a glob, the rest a path. An accepted glob is relative, has no `..`, and compiles; matching
//! never panics.
//!
//! The checks live in `tests/cli/fuzz_checks.rs`, shared with the regression test that replays
//! the kept corpus under `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/cli/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::glob_paths(data));
