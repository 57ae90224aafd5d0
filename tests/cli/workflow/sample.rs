//! `soc2 sample`: the dry run of a Type II sample pull, its seed, hashes and `--copy-to`.

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| unreachable!("{e}"))
}

/// Every `step` days from `from` to `to`, both included.
fn days(from: &str, to: &str, step: u64) -> Vec<NaiveDate> {
    let (mut d, end) = (day(from), day(to));
    let mut out = Vec::new();
    while d <= end {
        out.push(d);
        d = d
            .checked_add_days(Days::new(step))
            .unwrap_or_else(|| unreachable!());
    }
    out
}

/// The sample-cadences fixture with its evidence written: counts per cadence are in the asserts.
fn cadences() -> crate::Sandbox {
    let sb = sandbox("sample-cadences");
    let ev = sb.path.join("evidence");
    for d in days("2026-01-01", "2026-06-30", 1) {
        write(
            &ev.join(format!("daily/{d}-jobs.csv")),
            &format!("jobs {d}\n"),
        );
    }
    // A copy counts once, undated and future-dated files not at all.
    write(
        &ev.join("daily/copies/2026-02-10-jobs.csv"),
        "jobs 2026-02-09\n",
    );
    write(&ev.join("daily/notes.txt"), "undated\n");
    write(&ev.join("daily/2026-07-02-jobs.csv"), "jobs 2026-07-02\n");
    // Mondays 2026-01-05 .. 2026-06-22: 25 weeks.
    for d in days("2026-01-05", "2026-06-22", 7) {
        write(
            &ev.join(format!("weekly/{d}-triage.md")),
            &format!("triage {d}\n"),
        );
    }
    for m in 1..=6 {
        write(
            &ev.join(format!("monthly/restore-2026-{m:02}.log")),
            &format!("restore {m}\n"),
        );
    }
    write(&ev.join("monthly/restore-2026-07.log"), "restore 7\n");
    // Three reviews in Q1, one in Q2: a spread sample of 2 takes one of each.
    for (name, text) in [
        ("quarterly/2026-01-20-review.csv", "a"),
        ("quarterly/2026-02-20-review.csv", "b"),
        ("quarterly/2026-03-20-review.csv", "c"),
        ("quarterly/2026-05-20-review.csv", "d"),
    ] {
        write(&ev.join(name), text);
    }
    write(&ev.join("half-yearly/2026-H1-rules.pdf"), "rules\n");
    write(&ev.join("yearly/2026-03-01-pentest.pdf"), "pentest\n");
    for d in days("2026-01-02", "2026-06-30", 6).into_iter().take(30) {
        write(
            &ev.join(format!("events/CHG-{d}.md")),
            &format!("change {d}\n"),
        );
    }
    for d in days("2026-01-10", "2026-06-30", 20).into_iter().take(7) {
        write(
            &ev.join(format!("few-events/leaver-{d}.csv")),
            &format!("leaver {d}\n"),
        );
    }
    write(
        &ev.join("policies/security-policy-2026-01-10.pdf"),
        "policy\n",
    );
    sb
}

fn sample_json(dir: &Path, extra: &[&str]) -> Value {
    json(
        &soc2()
            .arg("sample")
            .arg(dir)
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap_or_else(|e| unreachable!("{e}")),
    )
}

fn requirement<'a>(plan: &'a Value, control: &str) -> &'a Value {
    plan["requirements"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["control"] == control))
        .unwrap_or_else(|| unreachable!("no {control}"))
}

fn picked(plan: &Value, control: &str) -> Vec<String> {
    requirement(plan, control)["picks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn sample_sizes_follow_the_cadence_table() {
    let sb = cadences();
    let plan = sample_json(&sb.path, &[]);
    let table = [
        ("DAY-01", "day", 181, 25),
        ("WEEK-01", "week", 25, 5),
        ("MON-01", "month", 6, 2),
        ("QTR-01", "quarter", 4, 2),
        ("HALF-01", "half-year", 1, 1),
        ("YEAR-01", "year", 1, 1),
        ("EVT-01", "event", 30, 25),
        ("EVT-02", "event", 7, 7),
    ];
    assert_eq!(
        plan["requirements"].as_array().map(Vec::len),
        Some(table.len()),
        "design requirements have no sample"
    );
    for (id, every, population, size) in table {
        let r = requirement(&plan, id);
        assert_eq!(r["every"], every, "{id}");
        assert_eq!(r["population"], population, "{id}");
        assert_eq!(r["size"], size, "{id}");
        let picks = picked(&plan, id);
        assert_eq!(picks.len(), size, "{id}");
        let mut unique = picks.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), size, "{id}: a file picked twice");
    }
    let daily = picked(&plan, "DAY-01");
    assert!(
        !daily
            .iter()
            .any(|p| p.contains("copies/") || p.contains("notes") || p.contains("2026-07"))
    );
    let monthly = picked(&plan, "MON-01");
    assert!(!monthly.iter().any(|p| p.contains("2026-07")));
    // Spread across windows: one Q1 review and the only Q2 review, whatever the seed.
    for seed in ["1", "2", "3", "4", "5"] {
        let plan = sample_json(&sb.path, &["--seed", seed]);
        let q = picked(&plan, "QTR-01");
        assert!(
            q.contains(&"quarterly/2026-05-20-review.csv".to_string()),
            "{q:?}"
        );
        let windows: Vec<String> = requirement(&plan, "MON-01")["picks"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["window"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert_ne!(windows.first(), windows.get(1), "two picks from one month");
    }
}

#[test]
fn sample_sizes_can_be_set_in_soc2_toml() {
    let sb = cadences();
    let config = sb.path.join("soc2.toml");
    write(
        &config,
        &(read(&config) + "[sample]\nmonth = 4\nevent = 3\nday = 500\n"),
    );
    let plan = sample_json(&sb.path, &[]);
    assert_eq!(requirement(&plan, "MON-01")["size"], 4);
    assert_eq!(requirement(&plan, "EVT-01")["size"], 3);
    assert_eq!(requirement(&plan, "EVT-02")["size"], 3);
    assert_eq!(
        requirement(&plan, "DAY-01")["size"],
        181,
        "never above the population"
    );
    assert_eq!(requirement(&plan, "WEEK-01")["size"], 5);
}

#[test]
fn same_seed_same_picks_and_another_seed_other_picks() {
    let sb = cadences();
    let a = sample_json(&sb.path, &["--seed", "42"]);
    let b = sample_json(&sb.path, &["--seed", "42"]);
    assert_eq!(a, b);
    assert_eq!(a["seed"], 42);
    let c = sample_json(&sb.path, &["--seed", "43"]);
    assert_ne!(picked(&a, "DAY-01"), picked(&c, "DAY-01"));
    assert_ne!(picked(&a, "EVT-01"), picked(&c, "EVT-01"));
    // The default seed comes from the period: reruns repeat it.
    let d1 = sample_json(&sb.path, &[]);
    let d2 = sample_json(&sb.path, &[]);
    assert_eq!(d1, d2);
}

/// The cadences sandbox with its half-year record under the names `names` (raw bytes, with
/// their text), sampled with `--copy-to`: the sandbox, the folder holding the target, the
/// target and the run.
fn copy_half_year_as(
    names: &[(&[u8], &str)],
) -> (crate::Sandbox, tempfile::TempDir, PathBuf, Output) {
    use std::os::unix::ffi::OsStrExt;
    let sb = cadences();
    let folder = sb.path.join("evidence/half-yearly");
    std::fs::remove_file(folder.join("2026-H1-rules.pdf")).unwrap_or_else(|e| unreachable!("{e}"));
    for (name, text) in names {
        let path = folder.join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, text).unwrap_or_else(|e| unreachable!("{e}"));
    }
    let (tmp, target, out) = copy_to(&sb.path);
    (sb, tmp, target, out)
}

/// `soc2 sample --seed 3 --copy-to` of `project` into a new folder: the folder holding the
/// target, the target and the run.
fn copy_to(project: &Path) -> (tempfile::TempDir, PathBuf, Output) {
    let tmp = tempdir();
    let target = tmp.path().join("dry-run");
    let out = soc2()
        .arg("sample")
        .arg(project)
        .args(["--seed", "3", "--format", "json", "--copy-to"])
        .arg(&target)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    (tmp, target, out)
}

#[test]
fn a_pick_whose_name_is_not_utf8_is_hashed_and_copied() {
    let (_sb, _tmp, target, out) = copy_half_year_as(&[(b"2026-H1-r\xffles.pdf", "rules\n")]);
    let plan = json(&out);
    let pick = &requirement(&plan, "HALF-01")["picks"][0];
    assert_eq!(pick["path"], "half-yearly/2026-H1-r\u{FFFD}les.pdf");
    let want: String = Sha256::digest(b"rules\n")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(pick["sha256"], want, "{}", stderr(&out));
    assert_eq!(
        read(&target.join("half-yearly/2026-H1-r\u{FFFD}les.pdf")),
        "rules\n"
    );
}

#[test]
fn a_pick_that_cannot_be_copied_leaves_no_half_filled_folder() {
    // Two names that show alike: the report cannot tell which one a pick means.
    let names: [(&[u8], &str); 2] = [
        (b"2026-H1-r\xffles.pdf", "one"),
        (b"2026-H1-r\xfeles.pdf", "two"),
    ];
    let (_sb, tmp, _target, out) = copy_half_year_as(&names);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than one name"),
        "{}",
        stderr(&out)
    );
    // The other picks were copied first, into a folder that is gone with the failure.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap_or_else(|e| unreachable!("{e}"))
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn sample_hashes_each_picked_file() {
    let sb = cadences();
    let plan = sample_json(&sb.path, &["--seed", "7"]);
    let picks = requirement(&plan, "WEEK-01")["picks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(picks.len(), 5);
    for p in picks {
        let path = p["path"].as_str().unwrap_or_default();
        let bytes = std::fs::read(sb.path.join("evidence").join(path)).unwrap_or_default();
        let want: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(p["sha256"], want, "{path}");
    }
}

#[test]
fn copy_to_copies_the_picks_and_leaves_the_evidence_untouched() {
    let sb = cadences();
    let evidence = sb.path.join("evidence");
    let before = snapshot(&evidence);
    let (_tmp, target, out) = copy_to(&sb.path);
    let plan = json(&out);
    assert!(stderr(&out).contains("copied"), "{}", stderr(&out));
    let mut expected: Vec<String> = plan["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["picks"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p["path"].as_str().map(str::to_string))
        .collect();
    expected.sort();
    expected.dedup();
    let copied = snapshot(&target);
    assert_eq!(copied.keys().cloned().collect::<Vec<_>>(), expected);
    for (rel, bytes) in &copied {
        assert_eq!(before.get(rel), Some(bytes), "{rel}");
    }
    assert_eq!(snapshot(&evidence), before);

    // Inside the evidence root, or not empty: refused, nothing written.
    let inside: PathBuf = evidence.join("dry-run");
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .arg("--copy-to")
        .arg(&inside)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("inside the evidence folder"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .arg("--copy-to")
        .arg(evidence.join("daily/../monthly/new"))
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = soc2()
        .arg("sample")
        .arg(&sb.path)
        .arg("--copy-to")
        .arg(&target)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(snapshot(&evidence), before);
}

#[test]
fn sample_of_a_type1_is_refused() {
    let out = run(
        &["sample", "--as-of", "2026-06-30"],
        &[&fixture("type1-front-matter")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("needs a Type II"), "{}", stderr(&out));
}

#[test]
fn sample_help_documents_the_size_table() {
    let out = run(&["sample", "--help"], &[]);
    let text = stdout(&out);
    assert!(
        text.contains("year 1, half-year 1, quarter 2, month 2, week 5, day 25, event 25"),
        "{text}"
    );
}

#[test]
fn sample_csv_and_markdown_escape_what_users_named() {
    let sb = cadences();
    write(
        &sb.path
            .join("evidence/few-events/leaver, late-2026-03-03.csv"),
        "comma\n",
    );
    write(
        &sb.path.join("evidence/few-events/a|b-2026-03-04.csv"),
        "pipe\n",
    );
    let csv = stdout(&run(&["sample", "--format", "csv"], &[&sb.path]));
    assert!(
        csv.starts_with(
            "\"Control\",\"Requirement\",\"Every\",\"Population\",\"Sample\",\"Window\",\"Picked file\",\"SHA-256\"\r\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(",\"few-events/leaver, late-2026-03-03.csv\","),
        "{csv}"
    );
    let md = stdout(&run(&["sample", "--format", "markdown"], &[&sb.path]));
    assert!(md.starts_with("# Sample pull: Cadences\n"), "{md}");
    assert!(md.contains("| EVT-02 | removals | event | 9 | 9 |"), "{md}");
    assert!(md.contains("few-events/a\\|b-2026-03-04.csv"), "{md}");
}
