//! Draft policy templates: short, practical starting points in our own words, written where the
//! in-scope design requirements expect them, as Markdown with front matter `status: draft` so they
//! do not count as evidence until someone approves and dates them.

use super::{KitFile, Served, glob_matches, in_scope};
use crate::criteria::Category;
use crate::library::{Kind, Library};

/// The literal text of a glob before its first wildcard, when the rest is a single `*`
/// (`policies/access-control*` -> `policies/access-control`).
fn stem_before_star(glob: &str) -> Option<&str> {
    let stem = glob.strip_suffix('*')?;
    (!stem.is_empty() && !stem.contains(['*', '?', '[', '{', '\\'])).then_some(stem)
}

/// A policy template: its file stem, title, where it goes by default and its body.
struct Template {
    stem: &'static str,
    title: &'static str,
    preferred: &'static str,
    needs: Option<Category>,
    body: &'static str,
}

const TEMPLATES: &[Template] = &[
    Template {
        stem: "information-security",
        title: "Information Security Policy",
        preferred: "policies/information-security-policy.md",
        needs: None,
        body: include_str!("templates/information-security.md"),
    },
    Template {
        stem: "access-control",
        title: "Access Control Policy",
        preferred: "policies/access-control-policy.md",
        needs: None,
        body: include_str!("templates/access-control.md"),
    },
    Template {
        stem: "change-management",
        title: "Change Management Policy",
        preferred: "policies/change-management-policy.md",
        needs: None,
        body: include_str!("templates/change-management.md"),
    },
    Template {
        stem: "incident-response",
        title: "Incident Response Plan",
        preferred: "policies/incident-response-plan.md",
        needs: None,
        body: include_str!("templates/incident-response.md"),
    },
    Template {
        stem: "business-continuity",
        title: "Business Continuity Plan",
        preferred: "policies/business-continuity-plan.md",
        needs: None,
        body: include_str!("templates/business-continuity.md"),
    },
    Template {
        stem: "disaster-recovery",
        title: "Disaster Recovery Plan",
        preferred: "policies/disaster-recovery-plan.md",
        needs: None,
        body: include_str!("templates/disaster-recovery.md"),
    },
    Template {
        stem: "vendor-management",
        title: "Vendor Management Policy",
        preferred: "policies/vendor-management-policy.md",
        needs: None,
        body: include_str!("templates/vendor-management.md"),
    },
    Template {
        stem: "data-classification",
        title: "Data Classification Policy",
        preferred: "policies/data-classification-policy.md",
        needs: None,
        body: include_str!("templates/data-classification.md"),
    },
    Template {
        stem: "data-retention",
        title: "Data Retention Policy",
        preferred: "policies/data-retention-policy.md",
        needs: None,
        body: include_str!("templates/data-retention.md"),
    },
    Template {
        stem: "acceptable-use",
        title: "Acceptable Use Policy",
        preferred: "policies/acceptable-use-policy.md",
        needs: None,
        body: include_str!("templates/acceptable-use.md"),
    },
    Template {
        stem: "risk-management",
        title: "Risk Management Policy",
        preferred: "policies/risk-management-policy.md",
        needs: None,
        body: include_str!("templates/risk-management.md"),
    },
    Template {
        stem: "privacy-notice",
        title: "Privacy Notice",
        preferred: "privacy/published/privacy-notice.md",
        needs: Some(Category::Privacy),
        body: include_str!("templates/privacy-notice.md"),
    },
];

/// A YAML scalar for front matter: plain when that is safe, double-quoted otherwise.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '(' | ')' | '/' | '@')
        })
        && text.starts_with(|c: char| c.is_alphanumeric())
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off"
        );
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The result of planning the templates: files to write, and topics left out with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    /// Template files, relative to the evidence root.
    pub files: Vec<KitFile>,
    /// One sentence per template not written.
    pub skipped: Vec<String>,
}

/// Draft policy templates for the in-scope design requirements that expect them: each goes
/// where such a requirement's glob matches it, with front matter `title`, `owner`, an empty
/// `date` and `status: draft`, so it does not count until someone approves and dates it.
pub fn policy_templates(library: &Library, categories: &[Category]) -> Templates {
    let design: Vec<Served<'_>> = in_scope(library, categories)
        .into_iter()
        .flat_map(|control| {
            control
                .evidence
                .iter()
                .filter(|r| r.kind == Kind::Design)
                .flat_map(move |requirement| {
                    requirement.paths.iter().map(move |glob| Served {
                        control,
                        requirement,
                        glob,
                    })
                })
        })
        .collect();
    let mut out = Templates::default();
    for t in TEMPLATES {
        if let Some(needed) = t.needs.filter(|c| !categories.contains(c)) {
            out.skipped
                .push(format!("{}: {} is not in scope", t.title, needed.as_str()));
            continue;
        }
        // The preferred path first; otherwise a folder of the user's library that expects a
        // file named after the topic (`<folder>/<stem>*`).
        let fallback = design.iter().filter_map(|s| {
            let stem = stem_before_star(s.glob)?;
            let name = stem.rsplit('/').next()?;
            (name == t.stem).then(|| format!("{stem}.md"))
        });
        let chosen = std::iter::once(t.preferred.to_string())
            .chain(fallback)
            .find(|path| design.iter().any(|s| glob_matches(s.glob, path)));
        let Some(path) = chosen else {
            out.skipped.push(format!(
                "{}: no in-scope design requirement expects it",
                t.title
            ));
            continue;
        };
        let serves: Vec<&Served<'_>> = design
            .iter()
            .filter(|s| glob_matches(s.glob, &path))
            .collect();
        let owner = serves
            .iter()
            .find_map(|s| s.control.owner.as_deref())
            .unwrap_or("to be assigned");
        let mut ids: Vec<String> = serves
            .iter()
            .map(|s| format!("{}/{}", s.control.id, s.requirement.id))
            .collect();
        ids.dedup();
        let text = format!(
            "---\ntitle: {}\nowner: {}\ndate:\nstatus: draft\n---\n\n<!-- A starting point written by `soc2 init` for {}. Adapt it to how you actually work, \
have it approved, then set `status: approved` and `date:` to the approval date (YYYY-MM-DD). \
Until then soc2 treats it as a draft and it does not count as evidence. -->\n\n{}",
            yaml_scalar(t.title),
            yaml_scalar(owner),
            ids.join(", "),
            t.body
        );
        out.files.push(KitFile { path, text });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn builtin() -> Library {
        crate::library::load(true, &[]).unwrap()
    }

    #[test]
    fn templates_are_drafts_under_paths_in_scope_design_requirements_expect() {
        let library = builtin();
        let all = policy_templates(&library, &Category::ALL);
        assert_eq!(all.files.len(), TEMPLATES.len(), "{:?}", all.skipped);
        for f in &all.files {
            assert!(f.text.starts_with("---\ntitle: "), "{}", f.path);
            assert!(f.text.contains("\nstatus: draft\n---\n"), "{}", f.path);
            assert!(f.text.contains("\ndate:\n"), "{}", f.path);
        }
        let security = policy_templates(&library, &[Category::Security]);
        assert!(
            security
                .skipped
                .iter()
                .any(|s| s.starts_with("Privacy Notice: privacy is not in scope"))
        );
        assert!(
            security
                .files
                .iter()
                .any(|f| f.path == "policies/access-control-policy.md")
        );
    }

    #[test]
    fn yaml_scalars_are_quoted_when_needed() {
        assert_eq!(yaml_scalar("Security lead"), "Security lead");
        assert_eq!(yaml_scalar("CTO: Jane"), "\"CTO: Jane\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("#1 \"x\""), "\"#1 \\\"x\\\"\"");
    }
}
