//! The front-matter reader (`parse_front_matter`) on arbitrary bytes: bounded work on a bounded
//! prefix, at most one of a date and a bad date, and a bad date kept short.
//!
//! The checks live in `tests/cli/fuzz_checks.rs`, shared with the regression test that replays
//! the kept corpus under `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/cli/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::front_matter(data));
