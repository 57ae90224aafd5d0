//! Glob and path validation (`check_glob`) and the matcher on arbitrary input: the first line is
//! a glob, the rest a path. An accepted glob is relative, has no `..`, and compiles; matching
//! never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soc2::evidence::Matcher;
use soc2::library::check_glob;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (glob, path) = text.split_once('\n').unwrap_or((&text, "policies/a.md"));
    match check_glob(glob) {
        Err(why) => assert!(!why.is_empty()),
        Ok(()) => {
            assert!(!glob.starts_with('/') && !glob.contains('\\'), "{glob:?}");
            assert!(!glob.split('/').any(|c| c == ".."), "{glob:?}");
            let matcher = match Matcher::new(&[vec![glob.to_string()]]) {
                Ok(m) => m,
                Err(e) => panic!("check_glob accepted {glob:?} but the matcher refused it: {e}"),
            };
            let (mut hits, mut slots) = (Vec::new(), Vec::new());
            matcher.matches_into(path, &mut hits, &mut slots);
            assert!(slots.iter().all(|&s| s == 0));
        }
    }
});
