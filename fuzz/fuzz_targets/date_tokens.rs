//! The date-token parser (`date_in_name`, `date_from_path`) and the window labels on arbitrary
//! names: dates stay in 1990..=2100, and every window built around a token's date reads back
//! from its own label.
//!
//! The checks live in `tests/cli/fuzz_checks.rs`, shared with the regression test that replays
//! the kept corpus under `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/cli/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::date_tokens(data));
