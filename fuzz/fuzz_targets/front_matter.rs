//! The front-matter reader (`parse_front_matter`) on arbitrary bytes: bounded work on a bounded
//! prefix, at most one of a date and a bad date, and a bad date kept short.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use soc2::evidence::dates::parse_front_matter;

fuzz_target!(|data: &[u8]| {
    let matter = parse_front_matter(data);
    assert!(matter.date.is_none() || matter.bad_date.is_none());
    if let Some(date) = matter.date {
        assert!((1990..=2100).contains(&date.year()));
    }
    if let Some(bad) = &matter.bad_date {
        assert!(
            bad.chars().count() <= 64,
            "bad date kept {} chars",
            bad.chars().count()
        );
    }
});
