//! The `soc2.toml` loader (`soc2::config::Config::parse`) on arbitrary bytes: an error names the
//! file, and an accepted file holds only values the rest of the tool can use.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use soc2::config::Config;

fuzz_target!(|data: &[u8]| {
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
});
