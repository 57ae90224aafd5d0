//! The hostile-input corpus (`tests/fixtures/hostile/`): one test per entry. Bad input (a library
//! or soc2.toml the tool cannot use) ends with exit 2 and one message naming the file and the fix;
//! bad evidence (links, FIFOs, sockets, huge or unreadable files, odd names) ends with a warning
//! and a normal report. Never a panic, never a hang.
//!
//! Every run goes through `prlimit --as=2G` when prlimit is on PATH, so memory stays bounded, and
//! has a generous timeout that turns a hang into a failure (no timing is asserted).
//! Entries that cannot live in git (FIFOs, sockets, links out of the tree, sparse files, names
//! that are not UTF-8) are made at run time in a copy of `hostile/evidence-base`.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use super::{Sandbox, fixture, sandbox};

/// The address-space cap every hostile run gets: 2 GiB.
const ADDRESS_SPACE: &str = "--as=2147483648";

/// A hang guard, far above any honest run: a run that takes this long has hung.
const HANG_GUARD: Duration = Duration::from_secs(120);

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// The binary `bin`, under `prlimit --as=2G` when available, preceded by `wrapper` (such as a
/// privilege drop) when given.
fn bounded_with(wrapper: &[&str], bin: &Path) -> Command {
    let mut argv: Vec<String> = wrapper.iter().map(|s| s.to_string()).collect();
    if on_path("prlimit") {
        argv.extend(["prlimit".to_string(), ADDRESS_SPACE.to_string()]);
    }
    argv.push(bin.to_string_lossy().into_owned());
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .timeout(HANG_GUARD);
    cmd
}

fn bounded() -> Command {
    bounded_with(&[], Path::new(env!("CARGO_BIN_EXE_soc2")))
}

fn hostile(entry: &str) -> PathBuf {
    fixture("hostile").join(entry)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Bad input: exit 2, nothing on stdout, a message naming `file` with `fix`, no panic.
fn refused(out: &Output, file: &str, fix: &str) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty(), "a refused run printed a report");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(file),
        "the message does not name {file}: {err}"
    );
    assert!(err.contains(fix), "the message does not say `{fix}`: {err}");
    err
}

/// Bad evidence: a normal JSON report (exit 0 or 1) and no panic.
fn reported(out: &Output) -> Value {
    let err = stderr(out);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {err}",
        out.status.code()
    );
    assert!(!err.contains("panicked"), "{err}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| unreachable!("bad JSON: {e}"))
}

fn validate(dir: &Path) -> Output {
    bounded()
        .args(["validate", "--no-builtin", "--controls"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"))
}

fn assess_json(dir: &Path) -> Output {
    bounded()
        .arg("assess")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"))
}

fn warnings(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .map(|w| {
            w.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn has_warning(report: &Value, start: &str) -> bool {
    warnings(report).iter().any(|w| w.starts_with(start))
}

fn files_of(report: &Value, control: &str) -> Vec<String> {
    super::control(report, control)["requirements"][0]["files"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn evidence_paths(report: &Value) -> Vec<String> {
    report["evidence"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|v| v["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A copy of the evidence base project.
fn evidence_base() -> Sandbox {
    sandbox("hostile/evidence-base")
}

fn reviews(s: &Sandbox) -> PathBuf {
    s.path.join("evidence/access/reviews")
}

fn policies(s: &Sandbox) -> PathBuf {
    s.path.join("evidence/policies")
}

/// A folder beside the project, outside its evidence root.
fn outside(s: &Sandbox) -> PathBuf {
    let dir = s
        .path
        .parent()
        .unwrap_or_else(|| unreachable!("a sandbox has a parent"))
        .join("outside");
    fs::create_dir_all(&dir).unwrap_or_else(|e| unreachable!("{e}"));
    dir
}

fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

// ---------------------------------------------------------------------------------------------
// Control library files.

#[test]
fn library_alias_bomb_is_stopped_by_the_parser_budget() {
    let out = validate(&hostile("library/alias-bomb"));
    refused(
        &out,
        "alias-bomb/controls.yaml:313:5",
        "write the entries out without anchors and aliases",
    );
}

#[test]
fn library_deep_nesting_is_refused_at_the_recursion_limit() {
    let out = validate(&hostile("library/deep-nesting"));
    refused(&out, "deep-nesting/controls.yaml:1:", "flatten them");
}

#[test]
fn library_with_a_bom_is_read() {
    let out = validate(&hostile("library/bom"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: 1 controls"));
}

#[test]
fn library_with_crlf_line_ends_is_read() {
    let out = validate(&hostile("library/crlf"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: 1 controls"));
}

#[test]
fn library_with_a_nul_byte_is_refused_at_its_position() {
    let out = validate(&hostile("library/nul-bytes"));
    refused(
        &out,
        "nul-bytes/controls.yaml:10:19",
        "the file holds a NUL byte, which YAML does not allow; remove it",
    );
}

#[test]
fn library_with_invalid_utf8_is_refused_at_its_position() {
    let out = validate(&hostile("library/invalid-utf8"));
    refused(
        &out,
        "invalid-utf8/controls.yaml:10:19",
        "file is not valid UTF-8 (byte 254); save it as UTF-8",
    );
}

#[test]
fn library_ten_megabyte_one_line_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let mut line = String::from("controls: [");
    while line.len() < 10 * 1024 * 1024 {
        line.push_str("{id: AC-01, title: t}, ");
    }
    line.push_str("]\n");
    fs::write(dir.path().join("huge.yaml"), line).unwrap_or_else(|e| unreachable!("{e}"));
    let out = validate(dir.path());
    refused(
        &out,
        "huge.yaml",
        "file is larger than the 4194304 bytes a control library file may hold; split it into several files",
    );
}

// ---------------------------------------------------------------------------------------------
// soc2.toml.

#[test]
fn config_with_a_bom_is_read() {
    let report = reported(&assess_json(&hostile("config/bom")));
    assert_eq!(report["project"], "Hostile bytes");
}

#[test]
fn config_with_crlf_line_ends_is_read() {
    let report = reported(&assess_json(&hostile("config/crlf")));
    assert_eq!(report["project"], "Hostile bytes");
    assert_eq!(report["as_of"], "2026-06-30");
}

#[test]
fn config_with_a_nul_byte_is_refused_at_its_position() {
    let out = assess_json(&hostile("config/nul-bytes"));
    refused(
        &out,
        "nul-bytes/soc2.toml:2:16",
        "the file holds a NUL byte, which TOML does not allow; remove it",
    );
}

#[test]
fn config_with_invalid_utf8_is_refused_at_its_position() {
    let out = assess_json(&hostile("config/invalid-utf8"));
    refused(
        &out,
        "invalid-utf8/soc2.toml:2:17",
        "the file is not valid UTF-8; save it as UTF-8",
    );
}

#[test]
fn config_deep_nesting_is_refused_at_the_recursion_limit() {
    let out = assess_json(&hostile("config/deep-nesting"));
    refused(&out, "deep-nesting/soc2.toml:9:", "flatten them");
}

#[test]
fn config_ten_megabyte_one_line_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let line = format!("x = \"{}\"\n", "a".repeat(10 * 1024 * 1024));
    fs::write(dir.path().join("soc2.toml"), line).unwrap_or_else(|e| unreachable!("{e}"));
    let out = assess_json(dir.path());
    refused(&out, "soc2.toml", "is larger than 1048576 bytes");
}

#[test]
fn config_that_is_a_fifo_is_refused_instead_of_waited_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    if !mkfifo(&dir.path().join("soc2.toml")) {
        // No mkfifo on this machine: there is no FIFO to test with.
        return;
    }
    let out = assess_json(dir.path());
    refused(&out, "soc2.toml", "is not a regular file");
}

// ---------------------------------------------------------------------------------------------
// The evidence tree.

#[test]
fn evidence_base_is_a_normal_report() {
    let s = evidence_base();
    let report = reported(&assess_json(&s.path));
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
    assert!(warnings(&report).is_empty(), "{:?}", warnings(&report));
}

#[test]
fn evidence_symlink_loops_are_warnings() {
    let s = evidence_base();
    let link =
        |target: &str, at: PathBuf| symlink(target, at).unwrap_or_else(|e| unreachable!("{e}"));
    link("..", reviews(&s).join("loop"));
    link("self", policies(&s).join("self"));
    let report = reported(&assess_json(&s.path));
    assert!(
        has_warning(&report, "link-loop: access/reviews/loop "),
        "{:?}",
        warnings(&report)
    );
    assert!(
        has_warning(&report, "link-loop: policies/self "),
        "{:?}",
        warnings(&report)
    );
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_link_to_a_file_outside_the_root_is_not_followed() {
    let s = evidence_base();
    let secret = outside(&s).join("2026-Q2-review.csv");
    fs::write(&secret, "outside\n").unwrap_or_else(|e| unreachable!("{e}"));
    symlink(&secret, reviews(&s).join("2026-Q2-review.csv"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    assert!(
        has_warning(
            &report,
            "link-outside-root: access/reviews/2026-Q2-review.csv "
        ),
        "{:?}",
        warnings(&report)
    );
    assert_eq!(
        files_of(&report, "REV-01"),
        ["access/reviews/2026-Q1-review.csv"]
    );
}

#[test]
fn evidence_link_to_a_folder_outside_the_root_is_not_followed() {
    let s = evidence_base();
    let dir = outside(&s).join("q2");
    fs::create_dir_all(&dir).unwrap_or_else(|e| unreachable!("{e}"));
    fs::write(dir.join("2026-Q2-review.csv"), "outside\n").unwrap_or_else(|e| unreachable!("{e}"));
    symlink(&dir, reviews(&s).join("2026-Q2")).unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    assert!(
        has_warning(&report, "link-outside-root: access/reviews/2026-Q2 "),
        "{:?}",
        warnings(&report)
    );
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_fifos_are_skipped_not_opened() {
    let s = evidence_base();
    if !mkfifo(&reviews(&s).join("2026-Q2-review.csv"))
        || !mkfifo(&policies(&s).join("security-policy-2026-02-01.md"))
    {
        // No mkfifo on this machine: there is no FIFO to test with.
        return;
    }
    symlink("2026-Q2-review.csv", reviews(&s).join("2026-Q2-link.csv"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    for path in [
        "access/reviews/2026-Q2-review.csv",
        "policies/security-policy-2026-02-01.md",
        "access/reviews/2026-Q2-link.csv",
    ] {
        assert!(
            has_warning(&report, &format!("special-file: {path} ")),
            "{path}: {:?}",
            warnings(&report)
        );
    }
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_socket_is_skipped() {
    let s = evidence_base();
    let path = reviews(&s).join("2026-Q2.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&path);
    if !path.exists() {
        // The sandbox path is longer than a socket address may be: nothing to test with.
        return;
    }
    let report = reported(&assess_json(&s.path));
    assert!(
        has_warning(&report, "special-file: access/reviews/2026-Q2.sock "),
        "{:?}",
        warnings(&report)
    );
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_huge_sparse_markdown_is_dated_from_a_bounded_prefix() {
    let s = evidence_base();
    let path = policies(&s).join("security-policy-huge.md");
    fs::write(&path, "---\ndate: 2026-03-01\n---\n").unwrap_or_else(|e| unreachable!("{e}"));
    let file = fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| unreachable!("{e}"));
    // 2 GiB, all but the first line a hole: reading it whole would break the 2 GiB cap.
    file.set_len(2 * 1024 * 1024 * 1024)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    let entry = report["evidence"]
        .as_array()
        .and_then(|e| {
            e.iter()
                .find(|e| e["path"] == "policies/security-policy-huge.md")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(entry["date"], "2026-03-01");
    assert_eq!(entry["date_source"], "front-matter");
}

#[test]
fn evidence_255_byte_name_is_evidence() {
    let s = evidence_base();
    let name = format!("2026-Q2-{}.csv", "a".repeat(255 - 8 - 4));
    assert_eq!(name.len(), 255);
    fs::write(reviews(&s).join(&name), "review\n").unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    assert_eq!(super::control(&report, "REV-01")["status"], "met");
    assert!(evidence_paths(&report).contains(&format!("access/reviews/{name}")));
}

#[test]
fn evidence_non_utf8_name_is_evidence_shown_with_a_replacement_character() {
    let s = evidence_base();
    let name = std::ffi::OsStr::from_bytes(b"2026-Q2-review-\xff.csv");
    fs::write(reviews(&s).join(name), "review\n").unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    assert_eq!(super::control(&report, "REV-01")["status"], "met");
    assert!(
        files_of(&report, "REV-01")
            .contains(&"access/reviews/2026-Q2-review-\u{FFFD}.csv".to_string()),
        "{:?}",
        files_of(&report, "REV-01")
    );
}

#[test]
fn evidence_unreadable_folder_and_file_are_warnings() {
    let s = evidence_base();
    let locked = reviews(&s).join("2026-Q2");
    fs::create_dir(&locked).unwrap_or_else(|e| unreachable!("{e}"));
    fs::write(locked.join("review.csv"), "review\n").unwrap_or_else(|e| unreachable!("{e}"));
    let secret = policies(&s).join("security-policy-2026-02-01.md");
    fs::write(&secret, "---\ndate: 2026-02-01\n---\n").unwrap_or_else(|e| unreachable!("{e}"));
    let mode = |p: &Path, m: u32| {
        fs::set_permissions(p, fs::Permissions::from_mode(m))
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    mode(&locked, 0o000);
    mode(&secret, 0o000);
    // Root reads through permission bits, so a privileged run drops to an unprivileged user
    // (setpriv) and runs a copy of the binary placed in the sandbox, with every folder from the
    // sandbox down made traversable. Where that cannot be done (no setpriv, no right to change
    // user) there is no honest way to make the entries unreadable, and the test returns early.
    let privileged = fs::read_dir(&locked).is_ok();
    let mut wrapper: Vec<&str> = Vec::new();
    let mut bin = PathBuf::from(env!("CARGO_BIN_EXE_soc2"));
    if privileged {
        let drop = [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ];
        let mut dir = s.path.clone();
        while let Some(parent) = dir.parent().map(Path::to_path_buf) {
            if parent == std::env::temp_dir() || parent.as_os_str().is_empty() {
                break;
            }
            mode(&parent, 0o755);
            dir = parent;
        }
        let copy = dir.join("soc2");
        fs::copy(&bin, &copy).unwrap_or_else(|e| unreachable!("{e}"));
        mode(&copy, 0o755);
        let can_drop = on_path("setpriv")
            && std::process::Command::new(drop[0])
                .args(&drop[1..])
                .arg(&copy)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success());
        if !can_drop {
            mode(&locked, 0o755);
            return;
        }
        wrapper = drop.to_vec();
        bin = copy;
    }
    let out = bounded_with(&wrapper, &bin)
        .arg("assess")
        .arg(&s.path)
        .args(["--format", "json"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    mode(&locked, 0o755);
    mode(&secret, 0o644);
    let report = reported(&out);
    assert!(
        has_warning(
            &report,
            "unreadable: access/reviews/2026-Q2/ could not be read"
        ),
        "{:?}",
        warnings(&report)
    );
    assert!(
        has_warning(
            &report,
            "unreadable: policies/security-policy-2026-02-01.md could not be read"
        ),
        "{:?}",
        warnings(&report)
    );
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_file_gone_before_it_is_read_is_a_warning() {
    // A file listed by the walk and gone when it is read cannot be timed from outside; the
    // library's unit test `a_file_gone_between_walk_and_read_is_a_warning` covers that race.
    // From outside, the same state is a link whose target is gone.
    let s = evidence_base();
    symlink(
        "2026-Q2-deleted.csv",
        reviews(&s).join("2026-Q2-review.csv"),
    )
    .unwrap_or_else(|e| unreachable!("{e}"));
    let report = reported(&assess_json(&s.path));
    assert!(
        has_warning(&report, "broken-link: access/reviews/2026-Q2-review.csv "),
        "{:?}",
        warnings(&report)
    );
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_folders_nested_past_the_path_limit_are_a_warning() {
    let s = evidence_base();
    // 2100 levels of `a/`: deeper than any path the system can open in one piece (PATH_MAX is
    // 4096 bytes), built one relative step at a time by a shell.
    let built = std::process::Command::new("sh")
        .args([
            "-c",
            "i=0; while [ $i -lt 2100 ]; do mkdir a && cd a || exit 1; i=$((i+1)); done",
        ])
        .current_dir(reviews(&s))
        .status()
        .is_ok_and(|st| st.success());
    if !built {
        // No POSIX shell here: nothing to build the tree with.
        return;
    }
    let report = reported(&assess_json(&s.path));
    assert!(
        has_warning(&report, "unreadable: access/reviews/a/a/a/"),
        "{:?}",
        warnings(&report)
            .iter()
            .map(|w| w.chars().take(80).collect::<String>())
            .collect::<Vec<_>>()
    );
    assert_eq!(super::control(&report, "REV-01")["status"], "partial");
}

#[test]
fn evidence_root_that_is_not_a_folder_is_refused() {
    let s = evidence_base();
    let file = s.path.join("evidence.txt");
    fs::write(&file, "not a folder\n").unwrap_or_else(|e| unreachable!("{e}"));
    let out = bounded()
        .arg("assess")
        .arg(&s.path)
        .arg("--evidence")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    refused(
        &out,
        "evidence.txt is not a folder",
        "point --evidence (or `dir` under [evidence] in soc2.toml) at the folder that holds the evidence",
    );
    if mkfifo(&s.path.join("pipe")) {
        let out = bounded()
            .arg("assess")
            .arg(&s.path)
            .arg("--evidence")
            .arg(s.path.join("pipe"))
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        refused(&out, "pipe is not a folder", "point --evidence");
    }
}
