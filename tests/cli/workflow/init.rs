//! `soc2 init`: the project it starts, the kit it scaffolds, and what it never overwrites.

use super::*;

#[test]
fn init_into_an_empty_folder_writes_a_valid_project_and_lists_what_it_wrote() {
    let tmp = tempdir();
    let dir = tmp.path().join("acme");
    let out = run(
        &[
            "init",
            "--criteria",
            "security,availability",
            "--period",
            "2026-01-01..2026-06-30",
        ],
        &[&dir],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for rel in [
        "soc2.toml",
        "evidence/README.md",
        "evidence/access/README.md",
        "evidence/access/reviews/README.md",
        "evidence/policies/README.md",
    ] {
        let path = dir.join(rel);
        assert!(path.is_file(), "{rel} missing");
        assert!(
            text.contains(&format!("wrote        {}", path.display())),
            "{rel} not listed:\n{text}"
        );
    }
    assert!(text.contains("left 0 existing files alone"), "{text}");
    let config = read(&dir.join("soc2.toml"));
    assert!(config.contains("criteria = [\"security\", \"availability\"]"));
    assert!(config.contains("type = 2"));
    assert!(config.contains("period = { start = 2026-01-01, end = 2026-06-30 }"));
    let comments = config.lines().filter(|l| l.starts_with('#')).count();
    assert!(comments > 30, "soc2.toml is not commented:\n{config}");

    let readme = read(&dir.join("evidence/access/reviews/README.md"));
    assert!(readme.contains("## AC-04"), "{readme}");
    assert!(readme.contains("What an auditor expects:"), "{readme}");
    assert!(readme.contains("every quarter"), "{readme}");
    assert!(
        readme.contains("`access/reviews/2026-Q1-reviews.pdf`"),
        "{readme}"
    );

    // The written soc2.toml is valid as written: assess runs on it (0 or 1, never 2).
    let report = json_report(&dir, &["--as-of", "2026-06-30"]);
    assert_eq!(report["report_type"], "type2");
    assert_eq!(
        report["categories_selected"],
        serde_json::json!(["security", "availability"])
    );
    assert_eq!(report["period"]["start"], "2026-01-01");
}

#[test]
fn init_type1_with_as_of_is_valid_as_written() {
    let tmp = tempdir();
    let out = run(
        &["init", "--type", "1", "--as-of", "2026-03-31"],
        &[tmp.path()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = read(&tmp.path().join("soc2.toml"));
    assert!(config.contains("type = 1\n"), "{config}");
    assert!(config.contains("\nas_of = 2026-03-31\n"), "{config}");
    assert!(config.contains("\n# period = "), "{config}");
    let assess = soc2()
        .arg("assess")
        .arg(tmp.path())
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert!(
        matches!(assess.status.code(), Some(0 | 1)),
        "{}",
        stderr(&assess)
    );
    assert!(stdout(&assess).contains("Type I as of 2026-03-31"));
}

#[test]
fn init_type2_without_a_period_is_refused() {
    let tmp = tempdir();
    let out = run(&["init", "--type", "2"], &[tmp.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--period START..END"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("soc2.toml").exists());
}

#[test]
fn init_into_a_populated_folder_overwrites_nothing_and_says_so() {
    let tmp = tempdir();
    let dir = tmp.path();
    let own_config = "# our own settings\n[scope]\ntype = 1\n";
    write(&dir.join("soc2.toml"), own_config);
    write(
        &dir.join("evidence/access/reviews/README.md"),
        "our notes\n",
    );
    write(
        &dir.join("evidence/access/reviews/2026-Q1-review.csv"),
        "user,decision\n",
    );
    let before = snapshot(dir);
    let out = run(&["init", "--templates", "--as-of", "2026-06-30"], &[dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = snapshot(dir);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path} changed");
    }
    assert!(after.len() > before.len(), "nothing new was written");
    let text = stdout(&out);
    for rel in ["soc2.toml", "evidence/access/reviews/README.md"] {
        assert!(
            text.contains(&format!(
                "left alone   {} (already exists)",
                dir.join(rel).display()
            )),
            "{rel}:\n{text}"
        );
    }
    assert!(text.contains("left 2 existing files alone"), "{text}");
    assert!(text.contains(&format!(
        "wrote        {}",
        dir.join("evidence/access/README.md").display()
    )));
}

#[test]
fn init_twice_changes_nothing() {
    let tmp = tempdir();
    let args = [
        "init",
        "--templates",
        "--criteria",
        "security,privacy",
        "--period",
        "2026-01-01..2026-06-30",
    ];
    assert_eq!(run(&args, &[tmp.path()]).status.code(), Some(0));
    let first = snapshot(tmp.path());
    let out = run(&args, &[tmp.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(tmp.path()), first);
    assert!(stdout(&out).contains("wrote 0 files"), "{}", stdout(&out));
}

#[test]
fn init_with_own_controls_writes_them_relative_to_the_project() {
    // The sandbox holds a copy of the small library beside the fixture: tmp/library.
    let sb = sandbox("type2-missing-q2");
    let root = sb
        .path
        .parent()
        .unwrap_or_else(|| unreachable!())
        .to_path_buf();
    let dir = root.join("proj");
    let out = soc2()
        .current_dir(&root)
        .args(["init", "proj", "--controls", "library", "--no-builtin"])
        .args(["--type", "1", "--as-of", "2026-06-30"])
        .output()
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = read(&dir.join("soc2.toml"));
    assert!(config.contains("\nbuiltin = false\n"), "{config}");
    assert!(config.contains("\npaths = [\"../library\"]\n"), "{config}");
    // Folders of the small library's in-scope controls only: no built-in folders, and no
    // backups/ (BKP-01 is an availability control; security alone is in scope).
    assert!(dir.join("evidence/access/reviews/README.md").is_file());
    assert!(dir.join("evidence/change/README.md").is_file());
    assert!(!dir.join("evidence/backups").exists());
    assert!(!dir.join("evidence/vendors").exists());
    let report = json_report(&dir, &[]);
    let ids: Vec<String> = report["controls"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids, ["CHG-01", "PHY-01", "POL-01", "REV-01"]);
}

#[test]
fn templates_do_not_count_until_approved_and_dated() {
    let tmp = tempdir();
    let dir = tmp.path();
    let out = run(
        &[
            "init",
            "--templates",
            "--criteria",
            "security,privacy",
            "--period",
            "2026-01-01..2026-06-30",
        ],
        &[dir],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let policy = dir.join("evidence/policies/access-control-policy.md");
    let notice = dir.join("evidence/privacy/published/privacy-notice.md");
    for path in [&policy, &notice] {
        let text = read(path);
        assert!(text.starts_with("---\ntitle: "), "{text}");
        assert!(text.contains("\nowner: "), "{text}");
        assert!(text.contains("\ndate:\nstatus: draft\n---\n"), "{text}");
    }
    for name in [
        "information-security-policy.md",
        "change-management-policy.md",
        "incident-response-plan.md",
        "business-continuity-plan.md",
        "disaster-recovery-plan.md",
        "vendor-management-policy.md",
        "data-classification-policy.md",
        "data-retention-policy.md",
        "acceptable-use-policy.md",
        "risk-management-policy.md",
    ] {
        assert!(dir.join("evidence/policies").join(name).is_file(), "{name}");
    }

    let report = json_report(dir, &["--as-of", "2026-06-30"]);
    let policy_req = |report: &Value, id: &str| control(report, id)["requirements"][0].clone();
    assert_eq!(policy_req(&report, "AC-01")["id"], "policy");
    assert_eq!(policy_req(&report, "AC-01")["status"], "missing");
    assert_eq!(policy_req(&report, "GOV-01")["status"], "missing");
    let warnings = report["warnings"].to_string();
    for path in [
        "policies/access-control-policy.md",
        "policies/information-security-policy.md",
        "privacy/published/privacy-notice.md",
    ] {
        assert!(
            warnings.contains(&format!("draft-evidence: {path} is marked")),
            "{path}: {warnings}"
        );
    }

    let approved = read(&policy)
        .replacen("\ndate:\n", "\ndate: 2026-02-01\n", 1)
        .replacen("\nstatus: draft\n", "\nstatus: approved\n", 1);
    write(&policy, &approved);
    let report = json_report(dir, &["--as-of", "2026-06-30"]);
    let req = policy_req(&report, "AC-01");
    assert_eq!(req["status"], "met");
    assert_eq!(
        strings(&req["files"]),
        ["policies/access-control-policy.md"]
    );
    assert_eq!(policy_req(&report, "GOV-01")["status"], "missing");
    let warnings = report["warnings"].to_string();
    assert!(!warnings.contains("draft-evidence: policies/access-control-policy.md"));
}

#[test]
fn privacy_notice_template_only_when_privacy_is_in_scope() {
    let tmp = tempdir();
    let out = run(
        &["init", "--templates", "--as-of", "2026-06-30"],
        &[tmp.path()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !tmp.path()
            .join("evidence/privacy/published/privacy-notice.md")
            .exists()
    );
    assert!(
        stdout(&out).contains("no template  Privacy Notice: privacy is not in scope"),
        "{}",
        stdout(&out)
    );
    assert!(
        tmp.path()
            .join("evidence/policies/information-security-policy.md")
            .is_file()
    );
}
