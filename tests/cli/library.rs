//! `soc2 controls`, `criteria` and `validate` on the built-in library and on broken folders.

use predicates::prelude::*;

use super::soc2;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap_or_else(|e| unreachable!("{e}"));
}

#[test]
fn validate_builtin_library_is_ok() {
    soc2().arg("validate").assert().success().stdout(
        predicate::str::starts_with("ok: ")
            .and(predicate::str::contains("61 of 61 criteria mapped")),
    );
}

#[test]
fn validate_lists_every_problem_and_exits_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    write(
        dir.path(),
        "a.yaml",
        "controls:\n  - id: X-01\n    title: T\n    criteria: [CC9.9]\n    evidence:\n      - id: p\n        title: P\n        kind: operating\n        paths: [\"../x\"]\n",
    );
    write(
        dir.path(),
        "b.yml",
        "controls:\n  - id: X-02\n    titel: T\n",
    );
    let assert = soc2()
        .arg("validate")
        .arg("--controls")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("a.yaml:4:16: control X-01: unknown criterion `CC9.9`"),
        "{stderr}"
    );
    assert!(stderr.contains("needs `every`"), "{stderr}");
    assert!(stderr.contains("contains `..`"), "{stderr}");
    assert!(
        stderr.contains("b.yml:3:5: unknown field `titel`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("4 problems in the control library"),
        "{stderr}"
    );
}

#[test]
fn broken_yaml_as_a_new_user_types_it_is_one_sentence_without_panic() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    write(
        dir.path(),
        "mine.yaml",
        "controls:\n  - id: MY-01\n    title: My control\n\tcriteria: [CC6.1]\n",
    );
    let assert = soc2()
        .arg("validate")
        .arg("--controls")
        .arg(dir.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("mine.yaml:3:") && stderr.contains("indent with spaces, not tabs"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn user_control_replaces_builtin_by_id_and_builtin_can_be_dropped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    write(
        dir.path(),
        "mine.yaml",
        "controls:\n  - id: MY-01\n    title: My own control\n    criteria: [CC6.1]\n    evidence:\n      - id: p\n        title: P\n        kind: design\n        paths: [\"mine/*\"]\n",
    );
    soc2()
        .args(["controls", "--no-builtin", "--controls"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("MY-01").and(predicate::str::contains("1 control\n")));
    soc2()
        .args(["controls", "show", "MY-01", "--controls"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("My own control")
                .and(predicate::str::contains("paths: mine/*")),
        );
}

#[test]
fn criteria_flags_uncovered_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    write(
        dir.path(),
        "mine.yaml",
        "controls:\n  - id: MY-01\n    title: Mine\n    criteria: [CC6.1]\n    evidence:\n      - id: p\n        title: P\n        kind: design\n        paths: [\"mine/*\"]\n",
    );
    soc2()
        .args([
            "criteria",
            "--no-builtin",
            "--category",
            "availability",
            "--controls",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("UNCOVERED")
                .and(predicate::str::contains("3 criteria, 3 uncovered")),
        );
}

#[test]
fn controls_lists_builtin_in_every_format() {
    soc2()
        .arg("controls")
        .assert()
        .success()
        .stdout(predicate::str::contains("controls"));
    let out = soc2()
        .args(["controls", "--format", "json", "--category", "privacy"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert!(value.as_array().is_some_and(|a| {
        !a.is_empty()
            && a.iter()
                .all(|c| c["categories"].to_string().contains("privacy"))
    }));
    soc2()
        .args(["controls", "--format", "markdown"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("# Controls\n")
                .and(predicate::str::contains("| Control | Title |")),
        );
    soc2()
        .args(["controls", "--format", "csv", "--category", "a"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("\"Control\",\"Title\",\"Risk\"")
                .and(predicate::str::contains("\"BCP-04\"")),
        );
    soc2()
        .args(["controls", "show", "AC-04", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"reviews\",\"operating\""));
    soc2()
        .args(["controls", "show", "NOPE-99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no control `NOPE-99`"));
}

#[test]
fn completions_are_generated_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        soc2()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("assess").and(predicate::str::contains("validate")));
    }
    soc2().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_from_the_cli_definition() {
    soc2()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH soc2 1").and(predicate::str::contains("assess")));
}

#[test]
fn schema_command_prints_the_committed_schemas() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (which, file) in [
        ("controls", "controls.schema.json"),
        ("config", "config.schema.json"),
    ] {
        let committed =
            std::fs::read_to_string(root.join("schemas").join(file)).unwrap_or_default();
        soc2()
            .args(["schema", which])
            .assert()
            .success()
            .stdout(committed);
    }
}

#[test]
fn version_flag_prints_the_crate_version() {
    soc2()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("soc2 {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_folder_named_in_soc2_toml_and_with_controls_is_read_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    std::fs::create_dir_all(dir.path().join("controls")).unwrap_or_else(|e| unreachable!("{e}"));
    write(
        &dir.path().join("controls"),
        "mine.yaml",
        "controls:\n  - id: MY-01\n    title: Mine\n    criteria: [CC6.1]\n    evidence:\n      - id: p\n        title: P\n        kind: design\n        paths: [\"mine/*\"]\n",
    );
    write(
        dir.path(),
        "soc2.toml",
        "[library]\npaths = [\"controls\"]\n",
    );
    soc2()
        .current_dir(dir.path())
        .args(["validate", "--controls", "controls"])
        .assert()
        .success();
    soc2()
        .current_dir(dir.path())
        .args(["validate", "--controls", "./controls/"])
        .assert()
        .success();
}

#[test]
fn validate_lists_problems_as_json_and_csv_for_tools() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs-broken-library");
    let out = soc2()
        .args(["validate", "--format", "json", "--controls"])
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(value.as_array().map(Vec::len), Some(5));
    assert_eq!(value[0]["line"], 5);
    assert_eq!(value[0]["control"], "MY-01");
    soc2()
        .args(["validate", "--format", "csv", "--controls"])
        .arg(&dir)
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with(
            "\"File\",\"Line\",\"Column\",\"Control\",\"Problem\"\r\n",
        ));
    soc2()
        .args(["validate", "--format", "json"])
        .assert()
        .success()
        .stdout("[]\n");
}
