//! The control-library loader (`soc2::library::validate_file`) on arbitrary input: it must return
//! controls and problems, never panic, hang or allocate without bound, and what it accepts must
//! keep the library's promises.
//!
//! The checks live in `tests/cli/fuzz_checks.rs`, shared with the regression test that replays
//! the kept corpus under `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/cli/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::library_yaml(data));
