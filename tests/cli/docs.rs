//! The examples in README.md and docs/*.md are the tool's real output: every ```console block
//! whose first line is `$ soc2 ...` is run from the repository root and its output compared. A
//! line `...` in the expected output stands for any number of lines.

use std::path::Path;

use super::soc2;

struct Example {
    file: String,
    line: usize,
    args: Vec<String>,
    expected: Vec<String>,
}

fn examples(file: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let mut block: Vec<String> = Vec::new();
        for (_, l) in lines.by_ref() {
            if l.trim() == "```" {
                break;
            }
            block.push(l.to_string());
        }
        let Some(command) = block.first().and_then(|c| c.strip_prefix("$ soc2 ")) else {
            continue;
        };
        out.push(Example {
            file: file.display().to_string(),
            line: n + 2,
            args: command.split_whitespace().map(str::to_string).collect(),
            expected: block.into_iter().skip(1).collect(),
        });
    }
    out
}

/// Whether `actual` matches `expected`, where a `...` line matches any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, actual.get(skip..).unwrap_or_default()))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == first.trim_end() && matches(rest, more)),
    }
}

#[test]
fn documented_examples_are_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    docs.sort();
    files.extend(
        docs.into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    let mut checked = 0;
    for file in &files {
        for ex in examples(file) {
            let out = soc2()
                .current_dir(root)
                .args(&ex.args)
                .output()
                .unwrap_or_else(|e| unreachable!("{e}"));
            let stdout = String::from_utf8_lossy(&out.stdout).to_string();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            let combined = format!("{stdout}{stderr}");
            let actual: Vec<&str> = combined.lines().collect();
            assert!(
                matches(&ex.expected, &actual),
                "{}:{}: `soc2 {}` printed:\n{combined}",
                ex.file,
                ex.line,
                ex.args.join(" ")
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} documented examples found");
}

#[test]
fn wildcard_lines_match_any_run() {
    let exp = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&exp(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&exp(&["a", "...", "d"]), &["a", "d"]));
    assert!(!matches(&exp(&["a", "...", "d"]), &["a", "b"]));
    assert!(!matches(&exp(&["a"]), &["a", "b"]));
}

#[test]
fn every_warning_code_is_documented_with_its_description() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md"))
        .unwrap_or_default();
    for kind in soc2::warning::WarningKind::ALL {
        let row = format!("| `{}` | {} |", kind.code(), kind.description());
        assert!(text.contains(&row), "docs/cli.md lacks the row {row}");
    }
}
