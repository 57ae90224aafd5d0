//! `--help` of every command: each names at least one example, and the text is snapshot-tested
//! so a change to a flag's documentation shows up in review.

use super::soc2;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["assess"],
    &["init"],
    &["pbc"],
    &["sample"],
    &["map"],
    &["map", "iso27001"],
    &["controls"],
    &["controls", "show"],
    &["criteria"],
    &["validate"],
    &["schema"],
    &["completions"],
    &["man"],
];

#[test]
fn every_command_has_help_with_examples() {
    for args in COMMANDS {
        let out = soc2()
            .args(*args)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        if !args.is_empty() && *args != ["map"] {
            assert!(
                text.contains("Example"),
                "`soc2 {} --help` shows no example",
                args.join(" ")
            );
        }
        let name = if args.is_empty() {
            "soc2".to_string()
        } else {
            format!("soc2 {}", args.join(" "))
        };
        insta::assert_snapshot!(name.replace(' ', "_"), text);
    }
}
