//! The guarantees a compliance tool owes its users (SPEC §4, §6), each pinned by a test:
//!
//! - no command writes anything under the evidence root: the tree (names, types, sizes, modes,
//!   modification times, contents, link targets, and so any file created and deleted again) is
//!   hashed before and after every command of `COMMANDS`;
//! - `--output` never leaves a half-written file: a failed run leaves the old file whole and no
//!   temporary file behind;
//! - errors on the output path name the file and the fix.
//!
//! `COMMANDS` is the table to extend when a command is added (`pbc`, `sample`, `map`, a new
//! format). `soc2 init` is the one command allowed to write into the evidence root; it gets its
//! own rule when it exists: it may create files, never change or remove one.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Sandbox, sandbox, soc2};

/// Every command that reads a project, with its arguments; `{project}`, `{library}` and `{out}`
/// are filled in per run. Commands run from inside the project folder, so `soc2.toml` is found
/// by those that read it from the current folder.
const COMMANDS: &[(&str, &[&str])] = &[
    (
        "assess, table",
        &["assess", "{project}", "--as-of", "2026-06-30"],
    ),
    (
        "assess, json",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
        ],
    ),
    (
        "assess, --output outside the evidence root",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
            "--output",
            "{out}",
        ],
    ),
    (
        "assess, failing gate",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--fail-under",
            "100",
            "--strict",
        ],
    ),
    (
        "assess, Type I",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--type",
            "1",
        ],
    ),
    (
        "assess, bad flag value",
        &["assess", "{project}", "--as-of", "not-a-date"],
    ),
    ("validate", &["validate", "--controls", "{library}"]),
    ("validate, built-in", &["validate"]),
    ("controls", &["controls"]),
    ("controls, markdown", &["controls", "--format", "markdown"]),
    ("controls show", &["controls", "show", "REV-01"]),
    ("criteria", &["criteria", "--format", "json"]),
    (
        "assess, markdown",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "markdown",
        ],
    ),
    (
        "assess, csv",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "csv",
        ],
    ),
    (
        "assess, html",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "html",
        ],
    ),
    (
        "assess, junit",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "junit",
        ],
    ),
    (
        "assess, sarif",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "sarif",
        ],
    ),
    (
        "assess, baseline",
        &[
            "assess",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--baseline",
            "{out}",
            "--fail-on-regression",
        ],
    ),
    (
        "pbc",
        &[
            "pbc",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--format",
            "csv",
        ],
    ),
    ("sample", &["sample", "{project}", "--as-of", "2026-06-30"]),
    (
        "sample, --copy-to",
        &[
            "sample",
            "{project}",
            "--as-of",
            "2026-06-30",
            "--copy-to",
            "{copy}",
        ],
    ),
    (
        "map iso27001",
        &["map", "iso27001", "{project}", "--as-of", "2026-06-30"],
    ),
];

/// A fingerprint of everything under `root` that a write could change.
fn fingerprint(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    visit(root, root, &mut out);
    out
}

fn visit(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let meta = fs::symlink_metadata(dir).unwrap_or_else(|e| unreachable!("{e}"));
    let rel = dir
        .strip_prefix(root)
        .unwrap_or(dir)
        .to_string_lossy()
        .into_owned();
    // A folder's mtime moves when an entry is created or removed in it, even if it is removed
    // again before the command ends.
    out.insert(
        format!("{rel}/"),
        format!(
            "dir {:o} {}.{}",
            meta.mode(),
            meta.mtime(),
            meta.mtime_nsec()
        ),
    );
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| unreachable!("{e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let meta = fs::symlink_metadata(&path).unwrap_or_else(|e| unreachable!("{e}"));
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let stamp = format!(
            "{:o} {} {}.{}",
            meta.mode(),
            meta.len(),
            meta.mtime(),
            meta.mtime_nsec()
        );
        let kind = meta.file_type();
        if kind.is_dir() {
            visit(root, &path, out);
        } else if kind.is_symlink() {
            let target = fs::read_link(&path).unwrap_or_else(|e| unreachable!("{e}"));
            out.insert(rel, format!("link {stamp} -> {}", target.display()));
        } else if kind.is_file() {
            let bytes = fs::read(&path).unwrap_or_else(|e| unreachable!("{e}"));
            let digest = Sha256::digest(&bytes);
            out.insert(rel, format!("file {stamp} {digest:x}"));
        } else {
            out.insert(rel, format!("special {stamp}"));
        }
    }
}

/// A project whose evidence holds what makes the tool read hard: front matter, a draft, a
/// byte-identical copy, a link inside the root, a link loop and a FIFO.
fn busy_project() -> Sandbox {
    let s = sandbox("type2-missing-q2");
    let evidence = s.path.join("evidence");
    let write = |rel: &str, body: &str| {
        fs::write(evidence.join(rel), body).unwrap_or_else(|e| unreachable!("{e}"))
    };
    write(
        "policies/security-policy-draft.md",
        "---\nstatus: draft\ndate: 2026-02-01\n---\n",
    );
    let q1 = fs::read(evidence.join("access/reviews/2026-Q1-review.csv"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    fs::write(evidence.join("access/reviews/2026-Q2-copy.csv"), q1)
        .unwrap_or_else(|e| unreachable!("{e}"));
    symlink("../policies", evidence.join("access/policies-link"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    symlink(".", evidence.join("backups/loop")).unwrap_or_else(|e| unreachable!("{e}"));
    // Without mkfifo the FIFO is simply absent; the rest of the tree still exercises the walk.
    let _ = std::process::Command::new("mkfifo")
        .arg(evidence.join("change/pipe.md"))
        .status();
    s
}

fn fill(arg: &str, project: &Path, library: &Path, out: &Path) -> String {
    arg.replace("{copy}", &project.join("dry-run").to_string_lossy())
        .replace("{project}", &project.to_string_lossy())
        .replace("{library}", &library.to_string_lossy())
        .replace("{out}", &out.to_string_lossy())
}

#[test]
fn no_command_writes_under_the_evidence_root() {
    let s = busy_project();
    let evidence = s.path.join("evidence");
    let library = s
        .path
        .parent()
        .unwrap_or_else(|| unreachable!("a sandbox has a parent"))
        .join("library");
    let out = s.path.join("report.json");
    for (name, args) in COMMANDS {
        let before = fingerprint(&evidence);
        let run = soc2()
            .current_dir(&s.path)
            .args(args.iter().map(|a| fill(a, &s.path, &library, &out)))
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            matches!(run.status.code(), Some(0..=2)) && !stderr.contains("panicked"),
            "{name}: {:?} {stderr}",
            run.status.code()
        );
        let after = fingerprint(&evidence);
        assert_eq!(before, after, "{name} changed the evidence folder");
    }
    // The --output row did write its report, and --copy-to its picks, outside the evidence root.
    assert!(out.is_file());
    assert!(s.path.join("dry-run").is_dir());
}

/// Every entry of a folder whose name starts with `.soc2-`: temporary output files.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| unreachable!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".soc2-"))
        .collect()
}

fn assess_to(project: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    soc2()
        .arg("assess")
        .arg(project)
        .args(["--format", "json", "--output"])
        .arg(output)
        .args(extra)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"))
}

#[test]
fn output_into_a_missing_folder_is_exit_2_and_writes_nothing() {
    let s = sandbox("type2-missing-q2");
    let missing = s.path.join("no-such-folder");
    let out = assess_to(&s.path, &missing.join("report.json"), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no-such-folder/report.json")
            && stderr
                .contains("is missing or not writable; create it or choose another --output path"),
        "{stderr}"
    );
    assert!(!missing.exists());
    assert!(leftovers(&s.path).is_empty());
}

#[test]
fn output_onto_a_folder_fails_and_its_temporary_file_is_removed() {
    let s = sandbox("type2-missing-q2");
    let target = s.path.join("taken");
    fs::create_dir(&target).unwrap_or_else(|e| unreachable!("{e}"));
    let out = assess_to(&s.path, &target, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("taken; --output must name a file (not a folder) in a writable folder"),
        "{stderr}"
    );
    // The report was written to a temporary file beside the target; the failed rename removed it.
    assert!(leftovers(&s.path).is_empty(), "{:?}", leftovers(&s.path));
    assert!(target.is_dir());
}

#[test]
fn a_failed_run_leaves_the_previous_output_whole() {
    let s = sandbox("type2-missing-q2");
    let target = s.path.join("report.json");
    fs::write(&target, "previous report\n").unwrap_or_else(|e| unreachable!("{e}"));
    let out = assess_to(&s.path, &target, &["--as-of", "2026-13-45"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(&target).unwrap_or_default(),
        "previous report\n"
    );
    assert!(leftovers(&s.path).is_empty());
}

#[test]
fn a_run_killed_while_writing_never_leaves_a_half_written_output() {
    if !std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("prlimit").is_file()))
    {
        // Without prlimit there is no way to cut a write short from here.
        return;
    }
    let s = sandbox("type2-missing-q2");
    let target = s.path.join("report.json");
    fs::write(&target, "previous report\n").unwrap_or_else(|e| unreachable!("{e}"));
    // A file size limit of 64 bytes stops the write of the (much longer) report part-way: the
    // kernel ends the process (SIGXFSZ) or the write fails. Either way the report goes to a
    // temporary file first, so the target keeps its previous content.
    let out = std::process::Command::new("prlimit")
        .arg("--fsize=64")
        .arg(env!("CARGO_BIN_EXE_soc2"))
        .arg("assess")
        .arg(&s.path)
        .args(["--format", "json", "--as-of", "2026-06-30", "--output"])
        .arg(&target)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(!out.status.success(), "the write was not cut short");
    assert_eq!(
        fs::read_to_string(&target).unwrap_or_default(),
        "previous report\n"
    );
}

#[test]
fn a_gate_failure_still_writes_the_whole_report() {
    let s = sandbox("type2-missing-q2");
    let target = s.path.join("report.json");
    let out = assess_to(&s.path, &target, &["--fail-under", "100"]);
    assert_eq!(out.status.code(), Some(1));
    let text = fs::read_to_string(&target).unwrap_or_default();
    let report: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(report["gate"]["passed"], false);
    assert!(leftovers(&s.path).is_empty());
}

#[test]
fn output_onto_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    use std::io::{ErrorKind, Read};
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let s = sandbox("type2-missing-q2");
    let fifo = s.path.join("report.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(made.success());
    // Opened for reading first, without blocking, so soc2's open for writing finds a reader; a
    // FIFO read with no writer left returns end of file, so a regression cannot hang the test.
    let mut reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_soc2"))
        .arg("assess")
        .arg(&s.path)
        .args(["--format", "json", "--as-of", "2026-06-30", "--output"])
        .arg(&fifo)
        .env("NO_COLOR", "1")
        .spawn()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let status = loop {
        let exited = child.try_wait().unwrap_or_else(|e| unreachable!("{e}"));
        match reader.read(&mut buf) {
            Ok(n) if n > 0 => got.extend_from_slice(buf.get(..n).unwrap_or_default()),
            Ok(_) | Err(_) if exited.is_some() => break exited,
            Err(e) if e.kind() != ErrorKind::WouldBlock => unreachable!("{e}"),
            _ => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    };
    assert_eq!(status.and_then(|s| s.code()), Some(0));
    let report: serde_json::Value =
        serde_json::from_slice(&got).unwrap_or_else(|e| unreachable!("bad JSON: {e}"));
    assert_eq!(report["schema_version"], 1);
    let kind = fs::symlink_metadata(&fifo)
        .unwrap_or_else(|e| unreachable!("{e}"))
        .file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by a {kind:?}");
    assert!(leftovers(&s.path).is_empty());
}

#[test]
fn output_through_a_link_writes_its_target_and_keeps_the_link() {
    let s = sandbox("type2-missing-q2");
    let target = s.path.join("report-2026.json");
    fs::write(
        &target,
        "previous report, longer than nothing\n".repeat(10_000),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let link = s.path.join("latest.json");
    symlink("report-2026.json", &link).unwrap_or_else(|e| unreachable!("{e}"));
    let out = assess_to(&s.path, &link, &["--as-of", "2026-06-30"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap_or_else(|e| unreachable!("{e}"))
            .file_type()
            .is_symlink()
    );
    // The old, longer content is gone: the target was truncated before the report was written.
    let text = fs::read_to_string(&target).unwrap_or_default();
    let report: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| unreachable!("bad JSON: {e}"));
    assert_eq!(report["schema_version"], 1);
}

#[test]
fn a_replaced_output_keeps_its_mode_and_a_new_one_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let s = sandbox("type2-missing-q2");
    let mode = |p: &Path| {
        fs::metadata(p)
            .unwrap_or_else(|e| unreachable!("{e}"))
            .permissions()
            .mode()
            & 0o777
    };
    let run = |out: &Path| {
        let status = std::process::Command::new("sh")
            .args(["-c", "umask 027 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_soc2"))
            .arg("assess")
            .arg(&s.path)
            .args(["--format", "json", "--as-of", "2026-06-30", "--output"])
            .arg(out)
            .env("NO_COLOR", "1")
            .status()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(status.code(), Some(0));
    };
    let fresh = s.path.join("new.json");
    run(&fresh);
    assert_eq!(mode(&fresh), 0o640, "0666 less umask 027");
    let shared = s.path.join("shared.json");
    fs::write(&shared, "old\n").unwrap_or_else(|e| unreachable!("{e}"));
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o664))
        .unwrap_or_else(|e| unreachable!("{e}"));
    run(&shared);
    assert_eq!(mode(&shared), 0o664, "the replaced file keeps its mode");
    assert!(fs::read_to_string(&shared).unwrap_or_default().len() > 100);
}
