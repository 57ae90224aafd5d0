//! The CI recipes in examples/ci/ use real flags: every `soc2` command line in them is run, in
//! order, in a copy of examples/small, and none may end in a usage or input error (exit 2).

use std::path::Path;

use serde_json::Value;

use super::{copy_tree, soc2};

/// Keys whose values are shell commands in GitHub Actions, GitLab CI and pre-commit files.
const COMMAND_KEYS: [&str; 4] = ["run", "script", "before_script", "entry"];

/// Every `soc2 ` line under a command key of a YAML document.
fn commands(value: &Value, in_command: bool, out: &mut Vec<String>) {
    match value {
        Value::String(s) if in_command => out.extend(
            s.lines()
                .map(str::trim)
                .filter(|l| l.starts_with("soc2 "))
                .map(str::to_string),
        ),
        Value::Array(items) => items.iter().for_each(|v| commands(v, in_command, out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| commands(v, COMMAND_KEYS.contains(&k.as_str()), out)),
        _ => {}
    }
}

#[test]
fn every_soc2_command_in_the_ci_recipes_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for name in [
        "github-actions.yml",
        "gitlab-ci.yml",
        "pre-commit-config.yaml",
    ] {
        let text = std::fs::read_to_string(root.join("examples/ci").join(name)).unwrap_or_default();
        let yaml: Value = serde_saphyr::from_str(&text)
            .unwrap_or_else(|e| unreachable!("{name} is not valid YAML: {e}"));
        let mut lines = Vec::new();
        commands(&yaml, false, &mut lines);
        assert!(!lines.is_empty(), "{name} has no soc2 command");
        let project = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        copy_tree(&root.join("examples/small"), project.path());
        // The recipes compare with a baseline kept in the repository: make one first.
        soc2()
            .current_dir(project.path())
            .args([
                "assess",
                ".",
                "--as-of",
                "2026-06-30",
                "--format",
                "json",
                "--output",
                "soc2-baseline.json",
            ])
            .assert()
            .success();
        for line in lines {
            let args: Vec<&str> = line.split_whitespace().skip(1).collect();
            let mut cmd = soc2();
            cmd.current_dir(project.path()).args(&args);
            if args.first() == Some(&"assess") {
                cmd.args(["--as-of", "2026-06-30"]);
            }
            let out = cmd.output().unwrap_or_else(|e| unreachable!("{e}"));
            assert_ne!(
                out.status.code(),
                Some(2),
                "{name}: `{line}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} commands found");
}
