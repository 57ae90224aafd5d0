//! The control-library loader (`soc2::library::validate_file`) on arbitrary input: it must return
//! controls and problems, never panic, hang or allocate without bound, and what it accepts must
//! keep the library's promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soc2::library::{Kind, check_glob, validate_file};

fuzz_target!(|data: &[u8]| {
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
});
