//! The date-token parser (`date_in_name`, `date_from_path`) and the window labels on arbitrary
//! names: dates stay in 1990..=2100, and every window built around a token's date reads back
//! from its own label.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use soc2::calendar::{Cadence, parse_window_label, window_containing};
use soc2::evidence::dates::{DateSource, date_from_path, date_in_name};

fuzz_target!(|data: &[u8]| {
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
});
