//! Tests of the evidence index on small trees built on disk: what is opened, what is read, and
//! that the parallel walk gives the same index every time.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use super::*;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn globs(list: &[&[&str]]) -> Vec<Vec<String>> {
    list.iter()
        .map(|g| g.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// (copy, the file it copies) for every reuse, by path.
fn copy_pairs(idx: &EvidenceIndex) -> Vec<(&str, &str)> {
    let path = |i: usize| idx.files[i].path.as_ref();
    idx.reused
        .iter()
        .map(|r| (path(r.copy), path(r.original)))
        .collect()
}

fn paths(idx: &EvidenceIndex) -> Vec<&str> {
    idx.files.iter().map(|f| f.path.as_ref()).collect()
}

#[test]
fn a_file_no_requirement_matches_is_never_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Matched: one Markdown file (opened once for its front matter), two CSVs of one size in
    // one requirement (opened once each for their first block), one CSV of a size of its own
    // (never opened).
    write(
        root,
        "policies/security.md",
        b"---\ndate: 2026-01-10\n---\n",
    );
    write(root, "reviews/2026-Q1.csv", b"aaaa");
    write(root, "reviews/2026-Q2.csv", b"bbbb");
    write(root, "reviews/2026-Q3.csv", b"ccccc");
    // Not matched: Markdown with front matter, and files the same size as, or identical to,
    // matched ones. Opening any of them would show in the count.
    write(root, "inbox/notes.md", b"---\ndate: 2026-02-02\n---\n");
    write(root, "inbox/copy.csv", b"aaaa");
    write(root, "inbox/other.csv", b"dddd");
    write(
        root,
        "policies/archive/old.md",
        b"---\nstatus: draft\n---\n",
    );
    let slots = globs(&[&["policies/*"], &["reviews/**"]]);
    let idx = index(root, &[], &slots).unwrap();
    assert_eq!(
        paths(&idx),
        [
            "policies/security.md",
            "reviews/2026-Q1.csv",
            "reviews/2026-Q2.csv",
            "reviews/2026-Q3.csv"
        ]
    );
    assert_eq!(
        idx.stats,
        Stats {
            listed: 8,
            matched: 4,
            opened: 3
        }
    );
    assert!(idx.reused.is_empty());
    assert!(idx.warnings.is_empty(), "{:?}", idx.warnings);
}

#[test]
fn a_fifo_named_like_evidence_is_skipped_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "reviews/2026-Q1.csv", b"q1");
    let fifo = root.join("reviews/2026-Q2.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    // Opening the FIFO for reading would block until a writer came: the test would hang.
    let idx = index(root, &[], &globs(&[&["reviews/**"]])).unwrap();
    assert_eq!(paths(&idx), ["reviews/2026-Q1.csv"]);
    assert_eq!(idx.stats.opened, 0);
    assert!(
        idx.warnings
            .iter()
            .any(|w| w.kind == WarningKind::SpecialFile)
    );
}

#[test]
fn front_matter_is_read_from_a_bounded_prefix_only() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut late = b"---\ntitle: long\n".to_vec();
    late.resize(dates::FRONT_MATTER_LIMIT + 100, b'x');
    late.extend_from_slice(b"\ndate: 2026-03-01\n---\n");
    write(root, "policies/late.md", &late);
    let mut early = b"---\ndate: 2026-03-02\n---\n".to_vec();
    early.resize(dates::FRONT_MATTER_LIMIT * 4, b'y');
    write(root, "policies/early.md", &early);
    let idx = index(root, &[], &globs(&[&["policies/*"]])).unwrap();
    let dated: Vec<(&str, DateSource)> = idx
        .files
        .iter()
        .map(|f| (f.path.as_ref(), f.source))
        .collect();
    assert_eq!(
        dated,
        [
            ("policies/early.md", DateSource::FrontMatter),
            ("policies/late.md", DateSource::None)
        ]
    );
}

#[test]
fn copies_are_found_past_the_first_block_and_only_within_a_requirement() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let big = vec![b'x'; 40_000];
    let mut differs_late = big.clone();
    if let Some(last) = differs_late.last_mut() {
        *last = b'y';
    }
    write(root, "reviews/2026-01-big.pdf", &big);
    write(root, "reviews/2026-02-big.pdf", &big);
    write(root, "reviews/2026-03-big.pdf", &differs_late);
    write(root, "reviews/2026-01-small.csv", b"same");
    write(root, "reviews/2026-02-small.csv", b"same");
    // Identical to a review, but matched by another requirement only: not a reuse.
    write(root, "tickets/2026-01-big.pdf", &big);
    let slots = globs(&[&["reviews/**"], &["tickets/**"]]);
    let idx = index(root, &[], &slots).unwrap();
    let reused: Vec<(u32, &str, &str)> = idx
        .reused
        .iter()
        .map(|r| {
            (
                r.slot,
                idx.files[r.copy].path.as_ref(),
                idx.files[r.original].path.as_ref(),
            )
        })
        .collect();
    assert_eq!(
        reused,
        [
            (0, "reviews/2026-02-big.pdf", "reviews/2026-01-big.pdf"),
            (0, "reviews/2026-02-small.csv", "reviews/2026-01-small.csv"),
        ]
    );
    // First blocks of the five reviews, then the whole of the three large ones and of the two
    // small ones, whose first blocks agree.
    assert_eq!(idx.stats.opened, 5 + 5);
}

#[test]
fn a_large_run_of_look_alikes_is_split_by_whole_content() {
    // More files than are compared side by side share a size and a first block; three differ
    // in their last byte, each in its own way.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let same = vec![b'x'; 10_000];
    for day in 1..=20 {
        let mut bytes = same.clone();
        if day > 17
            && let Some(last) = bytes.last_mut()
        {
            *last = b'a' + u8::try_from(day).unwrap();
        }
        write(root, &format!("scans/2026-01-{day:02}-scan.json"), &bytes);
    }
    let idx = index(root, &[], &globs(&[&["scans/*"]])).unwrap();
    let copies = copy_pairs(&idx);
    let expected: Vec<(String, &str)> = (2..=17)
        .map(|day| {
            (
                format!("scans/2026-01-{day:02}-scan.json"),
                "scans/2026-01-01-scan.json",
            )
        })
        .collect();
    let expected: Vec<(&str, &str)> = expected.iter().map(|(c, o)| (c.as_str(), *o)).collect();
    assert_eq!(copies, expected);
}

#[test]
fn the_parallel_walk_gives_the_same_index_every_time() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for folder in 0..30 {
        for file in 0..20 {
            let rel = format!(
                "f{folder}/sub{}/2026-0{}-{file}.csv",
                file % 3,
                file % 9 + 1
            );
            write(root, &rel, format!("{folder}-{file}").as_bytes());
        }
        write(root, &format!("f{folder}/dup.md"), b"# same\n");
    }
    std::os::unix::fs::symlink(root, root.join("f1/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("f2"), root.join("f3/inside")).unwrap();
    let slots = globs(&[&["f*/**"], &["**/*.md"], &["f1/**", "f3/**"]]);
    let first = index(root, &[], &slots).unwrap();
    assert_eq!(first.stats.matched, 30 * 21 + 21);
    for _ in 0..5 {
        let again = index(root, &[], &slots).unwrap();
        assert_eq!(again.files, first.files);
        assert_eq!(again.reused, first.reused);
        assert_eq!(again.warnings, first.warnings);
        assert_eq!(again.stats, first.stats);
    }
}

#[test]
fn names_alike_once_shown_are_put_in_the_order_of_their_real_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir(root.join("r")).unwrap();
    // Both show as `r/x\u{FFFD}.md`; their front-matter dates tell them apart. Written in the
    // opposite order to the one expected.
    for (name, day) in [(&b"x\xff.md"[..], "02"), (b"x\xfe.md", "01")] {
        let body = format!("---\ndate: 2026-01-{day}\n---\n");
        fs::write(root.join("r").join(std::ffi::OsStr::from_bytes(name)), body).unwrap();
    }
    write(root, "r/a.md", b"---\ndate: 2026-02-01\n---\n");
    write(root, "r/z.md", b"---\ndate: 2026-02-02\n---\n");
    let slots = globs(&[&["r/**"]]);
    for _ in 0..5 {
        let idx = index(root, &[], &slots).unwrap();
        let found: Vec<(&str, String)> = idx
            .files
            .iter()
            .map(|f| (f.path.as_ref(), f.date.unwrap().to_string()))
            .collect();
        // The real names break the tie: 0xfe before 0xff.
        assert_eq!(
            found,
            [
                ("r/a.md", "2026-02-01".to_owned()),
                ("r/x\u{FFFD}.md", "2026-01-01".to_owned()),
                ("r/x\u{FFFD}.md", "2026-01-02".to_owned()),
                ("r/z.md", "2026-02-02".to_owned()),
            ]
        );
    }
}

#[test]
fn a_name_shown_with_a_replacement_character_is_found_again_by_its_real_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let os = |bytes: &[u8]| std::ffi::OsStr::from_bytes(bytes).to_owned();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let folder = root.join(os(b"r\xff"));
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join(os(b"x\xfe.csv")), "bytes").unwrap();
    write(root, "plain/a.csv", b"plain");
    let real = real_path(root, "r\u{FFFD}/x\u{FFFD}.csv").unwrap();
    assert_eq!(real, Path::new(&os(b"r\xff")).join(os(b"x\xfe.csv")));
    assert_eq!(
        real_path(root, "plain/a.csv").unwrap(),
        Path::new("plain/a.csv")
    );
    let mut text = String::new();
    open(root, "r\u{FFFD}/x\u{FFFD}.csv")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "bytes");
    assert_eq!(
        real_path(root, "r\u{FFFD}/y\u{FFFD}.csv")
            .unwrap_err()
            .kind(),
        io::ErrorKind::NotFound
    );
    // A second name that shows the same way: neither is chosen.
    fs::write(folder.join(os(b"x\xfd.csv")), "other").unwrap();
    let err = real_path(root, "r\u{FFFD}/x\u{FFFD}.csv").unwrap_err();
    assert!(err.to_string().contains("more than one name"), "{err}");
}

/// A walking thread's finds, in the order it met them.
fn scratch(rels: &[&str]) -> Scratch {
    let mut state = Scratch::new();
    for (n, rel) in rels.iter().enumerate() {
        let at = state.slots.len();
        state.slots.push(u32::try_from(n).unwrap());
        state.seen.push(Seen {
            rel: push(&mut state.rels, rel),
            slots: at..at + 1,
            date: None,
            source: DateSource::None,
            draft: false,
            opened: false,
            stat: None,
            head: None,
            location: walk::Location::in_dir("/evidence".into()),
            warning: None,
        });
    }
    state
}

#[test]
fn each_threads_finds_are_sorted_and_merged_into_one_path_order() {
    let states = [
        scratch(&["b/2", "a/1", "d/9", "c/1"]),
        scratch(&["c/0", "a/0"]),
        scratch(&[]),
        scratch(&["e", "a/2", "b/1"]),
    ];
    let rel = |place: &Place| found(&states, *place).unwrap().0;
    for threads in [1, 2, 4] {
        let merged: Vec<&str> = sorted(&states, threads).iter().map(rel).collect();
        assert_eq!(
            merged,
            ["a/0", "a/1", "a/2", "b/1", "b/2", "c/0", "c/1", "d/9", "e"]
        );
    }
    // Slots travel with their path.
    let merged = sorted(&states, 2);
    let e = merged.iter().find(|place| rel(place) == "e").unwrap();
    assert_eq!(found(&states, *e).unwrap().1, [0]);
}

#[test]
fn the_index_is_built_in_path_order_on_any_number_of_threads_with_drafts_left_out() {
    let mut state = scratch(&["d/4", "a/1", "c/3", "b/2", "e/5", "f/6", "g/7"]);
    // Drafts at the start, in the middle and at the end of the path order, so every stretch
    // of two, three or four threads holds a different number of them.
    for seen in &mut state.seen {
        let rel = state.rels.get(seen.rel.clone()).unwrap();
        if ["a/1", "d/4", "g/7"].contains(&rel) {
            seen.draft = true;
            seen.warning = Some(Warning::new(
                WarningKind::DraftEvidence,
                format!("{rel} draft"),
            ));
        }
        seen.stat = Some(walk::Stat {
            size: rel.len() as u64,
            id: (0, 0),
        });
    }
    let states = [state];
    for threads in [1, 2, 3, 4, 7, 8] {
        let all = sorted(&states, threads);
        let mut idx = EvidenceIndex::default();
        let kept = build(&states, &all, &mut idx, threads);
        let files: Vec<(&str, &[u32])> = idx
            .files
            .iter()
            .map(|f| (f.path.as_ref(), f.slots.as_slice()))
            .collect();
        assert_eq!(
            files,
            [
                ("b/2", &[3][..]),
                ("c/3", &[2]),
                ("e/5", &[4]),
                ("f/6", &[5])
            ],
            "{threads} threads"
        );
        let drafts: Vec<&str> = idx.drafts.iter().map(|d| d.path.as_ref()).collect();
        assert_eq!(drafts, ["a/1", "d/4", "g/7"], "{threads} threads");
        let warned: Vec<String> = idx.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warned,
            [
                "draft-evidence: a/1 draft",
                "draft-evidence: d/4 draft",
                "draft-evidence: g/7 draft"
            ]
        );
        assert_eq!(kept.len(), idx.files.len());
        assert!(kept.iter().all(|k| k.stat.is_some_and(|s| s.size == 3)));
        // Large enough to be built in stretches on threads of their own: the same in order.
        let many: Vec<Place> = all
            .iter()
            .flat_map(|place| std::iter::repeat_n(*place, BUILD_SPLIT_FROM))
            .collect();
        let mut big = EvidenceIndex::default();
        let kept = build(&states, &many, &mut big, threads);
        let expected: Vec<&str> = many
            .iter()
            .map(|place| found(&states, *place).unwrap())
            .filter(|(_, _, seen)| !seen.draft)
            .map(|(rel, _, _)| rel)
            .collect();
        let built: Vec<&str> = big.files.iter().map(|f| f.path.as_ref()).collect();
        assert_eq!(built, expected, "{threads} threads");
        assert_eq!(big.drafts.len(), 3 * BUILD_SPLIT_FROM);
        assert_eq!(big.warnings.len(), 3 * BUILD_SPLIT_FROM);
        assert!(big.warnings.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(kept.len(), big.files.len());
    }
}

#[test]
fn a_markdown_copy_candidate_is_not_opened_again_for_its_first_block() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let note = b"---\ndate: 2026-01-10\n---\n# Review\n".to_vec();
    let mut other = note.clone();
    other[30] = b'X';
    // Longer than the first block, so the copy is only proved by reading to the end.
    let mut long = note.clone();
    long.resize(3 * copies::BLOCK, b'z');
    write(root, "reviews/a.md", &note);
    write(root, "reviews/b.md", &note);
    write(root, "reviews/c.md", &other);
    write(root, "reviews/long-1.md", &long);
    // The same bytes under a name the walk does not open: its first block is read by the copy
    // pass and must hash as the walk hashed the Markdown file's.
    write(root, "reviews/long-2.txt", &long);
    let idx = index(root, &[], &globs(&[&["reviews/*"]])).unwrap();
    let reused = copy_pairs(&idx);
    assert_eq!(
        reused,
        [
            ("reviews/b.md", "reviews/a.md"),
            ("reviews/long-2.txt", "reviews/long-1.md")
        ]
    );
    // Four Markdown files for their front matter (and first block), the text file's first
    // block, then the two pairs whose first blocks agree, to the end.
    assert_eq!(idx.stats.opened, 4 + 1 + 4);
}
