//! The `soc2.toml` loader (`soc2::config::Config::parse`) on arbitrary bytes: an error names the
//! file, and an accepted file holds only values the rest of the tool can use.
//!
//! The checks live in `tests/cli/fuzz_checks.rs`, shared with the regression test that replays
//! the kept corpus under `cargo test`.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/cli/fuzz_checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::config_toml(data));
