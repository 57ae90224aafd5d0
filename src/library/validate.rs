//! Phase two of loading: turns one parsed file into controls and collects every problem with its
//! file, line, column and control id, so `soc2 validate` can list them all in one run.

use std::collections::BTreeSet;

use serde_saphyr::{Location, Spanned};

use super::raw::{At, RawControl, RawFile, RawRequirement};
use super::{Control, Kind, Origin, Requirement, Risk, yaml};
use crate::calendar::{Age, Cadence};
use crate::criteria;
use crate::error::Problem;
use crate::iso27001;

/// Collects problems for one file.
struct Ctx<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    fn at(&mut self, loc: &Location, control: Option<&str>, message: String) {
        let mut p = Problem::new(
            self.file,
            loc.line() as usize,
            loc.column() as usize,
            message,
        );
        p.control = control.map(str::to_string);
        self.problems.push(p);
    }
}

/// Parses and validates one library file.
pub fn validate_file(file: &str, text: &str) -> (Vec<Control>, Vec<Problem>) {
    let raw: RawFile = match yaml::parse(file, text) {
        Ok(raw) => raw,
        Err(problem) => return (Vec::new(), vec![problem]),
    };
    let mut ctx = Ctx {
        file,
        problems: Vec::new(),
    };
    let Some(controls) = raw.controls else {
        ctx.problems.push(Problem::new(
            file,
            1,
            1,
            "the file has no `controls:` list; start it with `controls:` followed by `- id: ...` entries".to_string(),
        ));
        return (Vec::new(), ctx.problems);
    };
    let mut out = Vec::new();
    for entry in &controls {
        if let Some(control) = control(&mut ctx, entry) {
            out.push(control);
        }
    }
    (out, ctx.problems)
}

fn text(field: &Option<At<String>>) -> Option<&str> {
    field
        .as_ref()
        .map(|s| s.value.trim())
        .filter(|s| !s.is_empty())
}

fn valid_id(id: &str, upper_only: bool) -> bool {
    let mut chars = id.chars();
    let ok_first = |c: char| {
        c.is_ascii_digit()
            || if upper_only {
                c.is_ascii_uppercase()
            } else {
                c.is_ascii_alphanumeric()
            }
    };
    let ok_rest = |c: char| ok_first(c) || matches!(c, '.' | '_' | '-');
    chars.next().is_some_and(ok_first) && chars.all(ok_rest)
}

fn control(ctx: &mut Ctx<'_>, entry: &Spanned<RawControl>) -> Option<Control> {
    let raw = &entry.value;
    let here = &entry.referenced;
    let id = match (&raw.id, text(&raw.id)) {
        (Some(at), Some(id)) if valid_id(id, true) => id.to_string(),
        (Some(at), Some(id)) => {
            ctx.at(&at.referenced, None, format!("id `{id}` is not valid; use capitals, digits, `.`, `_` and `-`, starting with a capital or digit (like `AC-04`)"));
            id.to_string()
        }
        _ => {
            ctx.at(
                here,
                None,
                "control has no `id`; add one such as `id: AC-04`".to_string(),
            );
            return None;
        }
    };
    let before = ctx.problems.len();
    let idr = Some(id.as_str());
    let title = required(ctx, &raw.title, here, idr, "title", "a short title");
    let description = text(&raw.description).unwrap_or_default().to_string();
    for (name, field, lines) in [
        // Line breaks in titles are allowed: every renderer escapes them (SPEC section 6).
        ("title", &raw.title, true),
        ("description", &raw.description, true),
        ("owner", &raw.owner, false),
    ] {
        printable(ctx, field, idr, name, lines);
    }
    let criteria = criteria_list(ctx, raw, here, &id);
    let iso = iso_list(ctx, raw, &id);
    let risk = match &raw.risk {
        None => Risk::Medium,
        Some(at) => Risk::parse(at.value.trim()).unwrap_or_else(|| {
            ctx.at(
                &at.referenced,
                idr,
                format!("risk `{}` is not known; use high, medium or low", at.value),
            );
            Risk::Medium
        }),
    };
    let evidence = requirements(ctx, raw, here, &id);
    let control = Control {
        id: id.clone(),
        title,
        description,
        criteria,
        iso27001: iso,
        risk,
        owner: text(&raw.owner).map(str::to_string),
        evidence,
        origin: Origin {
            file: ctx.file.to_string(),
            line: here.line() as usize,
        },
    };
    (ctx.problems.len() == before).then_some(control)
}

fn required(
    ctx: &mut Ctx<'_>,
    field: &Option<At<String>>,
    here: &Location,
    control: Option<&str>,
    name: &str,
    what: &str,
) -> String {
    match text(field) {
        Some(t) => t.to_string(),
        None => {
            let loc = field.as_ref().map(|f| f.referenced).unwrap_or(*here);
            ctx.at(
                &loc,
                control,
                format!("`{name}` is missing or empty; add {what}"),
            );
            String::new()
        }
    }
}

/// Refuses control characters (escape sequences, NUL, carriage returns; newlines and tabs too
/// unless `lines`) in text that reports print: they would reach terminals and CI logs.
fn printable(
    ctx: &mut Ctx<'_>,
    field: &Option<At<String>>,
    control: Option<&str>,
    name: &str,
    lines: bool,
) {
    let Some(at) = field else { return };
    let bad = at
        .value
        .trim()
        .chars()
        .find(|&c| c.is_control() && !(lines && matches!(c, '\n' | '\t')));
    if let Some(c) = bad {
        ctx.at(
            &at.referenced,
            control,
            format!(
                "`{name}` holds the control character U+{:04X}; remove it (reports print this text on terminals and in CI logs)",
                u32::from(c)
            ),
        );
    }
}

fn criteria_list(ctx: &mut Ctx<'_>, raw: &RawControl, here: &Location, id: &str) -> Vec<String> {
    let Some(list) = &raw.criteria else {
        ctx.at(here, Some(id), "`criteria` is missing; list the TSC criteria the control supports, like `criteria: [CC6.1]`".to_string());
        return Vec::new();
    };
    if list.value.is_empty() {
        ctx.at(
            &list.referenced,
            Some(id),
            "`criteria` is empty; list at least one TSC criterion, like `[CC6.1]`".to_string(),
        );
    }
    let mut out: Vec<String> = Vec::new();
    for item in &list.value {
        let value = item.value.trim();
        if criteria::criterion(value).is_none() {
            let hint = criteria::CRITERIA
                .iter()
                .find(|c| c.id.eq_ignore_ascii_case(value))
                .map(|c| format!("; did you mean `{}`?", c.id))
                .unwrap_or_else(|| {
                    "; use an id of `soc2 criteria` such as CC6.1 or A1.2".to_string()
                });
            ctx.at(
                &item.referenced,
                Some(id),
                format!("unknown criterion `{value}`{hint}"),
            );
        } else if !out.iter().any(|c| c == value) {
            out.push(value.to_string());
        }
    }
    out.sort_by_key(|c| criteria::catalog_order(c));
    out
}

fn iso_list(ctx: &mut Ctx<'_>, raw: &RawControl, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in raw.iso27001.iter().flatten() {
        let value = item.value.trim();
        if iso27001::lookup(value).is_none() {
            ctx.at(&item.referenced, Some(id), format!("unknown ISO/IEC 27001:2022 id `{value}`; use an Annex A id such as A.5.15 or a clause from 4.1 to 10.2"));
        } else if !out.iter().any(|c| c == value) {
            out.push(value.to_string());
        }
    }
    out
}

fn requirements(
    ctx: &mut Ctx<'_>,
    raw: &RawControl,
    here: &Location,
    id: &str,
) -> Vec<Requirement> {
    let Some(list) = &raw.evidence else {
        ctx.at(
            here,
            Some(id),
            "`evidence` is missing; list at least one requirement with id, title, kind and paths"
                .to_string(),
        );
        return Vec::new();
    };
    if list.value.is_empty() {
        ctx.at(
            &list.referenced,
            Some(id),
            "`evidence` is empty; list at least one requirement with id, title, kind and paths"
                .to_string(),
        );
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for entry in &list.value {
        if let Some(req) = requirement(ctx, &entry.value, &entry.referenced, id) {
            if !seen.insert(req.id.clone()) {
                ctx.at(&entry.referenced, Some(id), format!("requirement id `{}` is used twice in this control; give each requirement its own id", req.id));
            }
            out.push(req);
        }
    }
    out
}

fn requirement(
    ctx: &mut Ctx<'_>,
    raw: &RawRequirement,
    here: &Location,
    control: &str,
) -> Option<Requirement> {
    let c = Some(control);
    let id = required(
        ctx,
        &raw.id,
        here,
        c,
        "id",
        "an id unique within the control, like `id: policy`",
    );
    if !id.is_empty() && !valid_id(&id, false) {
        let loc = raw.id.as_ref().map(|f| f.referenced).unwrap_or(*here);
        ctx.at(
            &loc,
            c,
            format!("requirement id `{id}` is not valid; use letters, digits, `.`, `_` and `-`"),
        );
    }
    let title = required(ctx, &raw.title, here, c, "title", "what is asked for");
    printable(ctx, &raw.title, c, "title", true);
    printable(ctx, &raw.guidance, c, "guidance", true);
    let kind = match &raw.kind {
        None => {
            ctx.at(
                here,
                c,
                format!(
                    "requirement `{id}` has no `kind`; add `kind: design` or `kind: operating`"
                ),
            );
            None
        }
        Some(at) => match at.value.trim() {
            "design" => Some(Kind::Design),
            "operating" => Some(Kind::Operating),
            other => {
                ctx.at(
                    &at.referenced,
                    c,
                    format!("kind `{other}` is not known; use design or operating"),
                );
                None
            }
        },
    };
    let every = cadence(ctx, raw, here, c, &id, kind);
    let max_age = raw.max_age.as_ref().and_then(|at| {
        let age = Age::parse(at.value.trim());
        if age.is_none() {
            ctx.at(&at.referenced, c, format!("max_age `{}` is not valid; write a number and a unit d, w, m or y, like `1y` or `90d`", at.value));
        }
        age
    });
    let min = match &raw.min {
        None => 1,
        Some(at) if (1..=10_000).contains(&at.value) => at.value as u32,
        Some(at) => {
            ctx.at(
                &at.referenced,
                c,
                format!(
                    "min {} is out of range; use a whole number from 1 to 10000",
                    at.value
                ),
            );
            1
        }
    };
    let paths = paths(ctx, raw, here, c, &id);
    Some(Requirement {
        id,
        title,
        kind: kind?,
        paths,
        max_age,
        every,
        min,
        guidance: text(&raw.guidance).unwrap_or_default().to_string(),
        line: here.line() as usize,
    })
}

fn cadence(
    ctx: &mut Ctx<'_>,
    raw: &RawRequirement,
    here: &Location,
    c: Option<&str>,
    id: &str,
    kind: Option<Kind>,
) -> Option<Cadence> {
    match (kind, &raw.every) {
        (Some(Kind::Design), Some(at)) => {
            ctx.at(&at.referenced, c, format!("requirement `{id}` is `design` and cannot have `every`; remove `every`, or make it `kind: operating` if it is a recurring record"));
            None
        }
        (Some(Kind::Operating), None) => {
            ctx.at(here, c, format!("requirement `{id}` is `operating` and needs `every`; add one of day, week, month, quarter, half-year, year or event"));
            None
        }
        (_, Some(at)) => {
            let parsed = Cadence::parse(at.value.trim());
            if parsed.is_none() {
                ctx.at(&at.referenced, c, format!("every `{}` is not known; use day, week, month, quarter, half-year, year or event", at.value));
            }
            parsed
        }
        (_, None) => None,
    }
}

fn paths(
    ctx: &mut Ctx<'_>,
    raw: &RawRequirement,
    here: &Location,
    c: Option<&str>,
    id: &str,
) -> Vec<String> {
    let Some(list) = &raw.paths else {
        ctx.at(here, c, format!("requirement `{id}` has no `paths`; add the globs where its evidence lives, like `paths: [\"policies/access-control*\"]`"));
        return Vec::new();
    };
    if list.value.is_empty() {
        ctx.at(
            &list.referenced,
            c,
            format!("requirement `{id}` has an empty `paths` list; add at least one glob"),
        );
    }
    let mut out = Vec::new();
    for item in &list.value {
        match check_glob(&item.value) {
            Ok(()) => out.push(item.value.clone()),
            Err(why) => ctx.at(&item.referenced, c, why),
        }
    }
    out
}

/// Checks one evidence glob: relative, no `..`, and a valid pattern.
pub fn check_glob(glob: &str) -> Result<(), String> {
    if glob.trim().is_empty() {
        return Err("path is empty; write a glob relative to the evidence folder, like `policies/access-control*`".to_string());
    }
    let absolute =
        glob.starts_with('/') || glob.starts_with('\\') || glob.as_bytes().get(1) == Some(&b':');
    if absolute {
        return Err(format!(
            "path `{glob}` is absolute; write it relative to the evidence folder, like `policies/access-control*`"
        ));
    }
    if let Some(c) = glob.chars().find(|c| c.is_control()) {
        return Err(format!(
            "path {:?} holds the control character U+{:04X}; remove it",
            glob,
            u32::from(c)
        ));
    }
    if glob.contains('\\') {
        return Err(format!(
            "path `{glob}` uses `\\`; separate folders with `/`"
        ));
    }
    if glob.split('/').any(|part| part == "..") {
        return Err(format!(
            "path `{glob}` contains `..`; evidence must stay inside the evidence folder, write the path from its top"
        ));
    }
    crate::evidence::glob_builder(glob)
        .build()
        .map(|_| ())
        .map_err(|e| {
            format!(
                "path `{glob}` is not a valid glob ({}); check its brackets and braces",
                e.kind()
            )
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        validate_file("lib.yaml", yaml)
            .1
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    fn one(yaml: &str) -> String {
        let p = problems(yaml);
        assert_eq!(p.len(), 1, "{p:#?}");
        p[0].clone()
    }

    const GOOD: &str = "controls:
  - id: AC-04
    title: Access review
    criteria: [CC6.1]
    evidence:
      - id: policy
        title: Policy
        kind: design
        paths: [\"policies/access*\"]
";

    #[test]
    fn a_well_formed_control_has_no_problem() {
        let (controls, problems) = validate_file("lib.yaml", GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(controls[0].risk, Risk::Medium);
        assert_eq!(controls[0].evidence[0].min, 1);
        assert_eq!(controls[0].origin.line, 2);
    }

    #[test]
    fn unknown_field_is_an_error_with_line_and_column() {
        let msg = one(&GOOD.replace(
            "    title: Access review\n",
            "    title: Access review\n    titel: x\n",
        ));
        assert!(msg.starts_with("lib.yaml:4:"), "{msg}");
        assert!(
            msg.contains("titel") && msg.contains("remove it or fix its spelling"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_criterion_is_an_error_naming_control() {
        let all = problems(&GOOD.replace("[CC6.1]", "[CC6.1, cc6.2]"));
        assert_eq!(
            all,
            vec!["lib.yaml:4:23: control AC-04: unknown criterion `cc6.2`; did you mean `CC6.2`?"]
        );
    }

    #[test]
    fn control_characters_in_printed_text_are_errors_naming_the_field() {
        let msg = one(&GOOD.replace("title: Access review", "title: \"Access\\e[2J review\""));
        assert_eq!(
            msg,
            "lib.yaml:3:12: control AC-04: `title` holds the control character U+001B; remove it (reports print this text on terminals and in CI logs)"
        );
        let msg = one(&GOOD.replace(
            "    criteria:",
            "    description: \"Line one\\r\\nline two\"\n    criteria:",
        ));
        assert!(
            msg.contains("`description` holds the control character U+000D"),
            "{msg}"
        );
        let (_, problems) = validate_file(
            "lib.yaml",
            &GOOD.replace(
                "    criteria:",
                "    description: \"Line one\\n\\tline two\"\n    criteria:",
            ),
        );
        assert!(
            problems.is_empty(),
            "newlines and tabs may stay in a description: {problems:?}"
        );
    }

    #[test]
    fn control_characters_in_globs_are_errors() {
        let msg = one(&GOOD.replace("[\"policies/access*\"]", "[\"policies/a\\nb*\"]"));
        assert!(
            msg.contains("path \"policies/a\\nb*\" holds the control character U+000A; remove it"),
            "{msg}"
        );
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let msg = one(&GOOD.replace(
            "    title: Access review\n",
            "    title: Access review\n    title: Again\n",
        ));
        assert!(msg.starts_with("lib.yaml:"), "{msg}");
        assert!(msg.to_lowercase().contains("duplicate"), "{msg}");
    }

    #[test]
    fn duplicate_id_across_files_is_an_error() {
        let sources = vec![
            super::super::Source {
                name: "a.yaml".into(),
                text: GOOD.into(),
            },
            super::super::Source {
                name: "b.yaml".into(),
                text: GOOD.into(),
            },
        ];
        let (_, problems) = super::super::check_sources(&sources);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "b.yaml:2: control AC-04: duplicate id, already defined at a.yaml:2; give one of them another id"
        );
    }

    #[test]
    fn operating_requirement_needs_every() {
        let msg = one(&GOOD.replace("kind: design", "kind: operating"));
        assert!(msg.contains("is `operating` and needs `every`"), "{msg}");
    }

    #[test]
    fn design_requirement_refuses_every() {
        let msg = one(&GOOD.replace("kind: design", "kind: design\n        every: quarter"));
        assert!(msg.contains("is `design` and cannot have `every`"), "{msg}");
    }

    #[test]
    fn absolute_and_parent_paths_are_refused() {
        assert!(one(&GOOD.replace("policies/access*", "/etc/passwd")).contains("is absolute"));
        assert!(one(&GOOD.replace("policies/access*", "../secrets/*")).contains("contains `..`"));
        assert!(
            one(&GOOD.replace("policies/access*", "a\\\\b")).contains("separate folders with `/`")
        );
    }

    #[test]
    fn invalid_glob_is_refused() {
        let msg = one(&GOOD.replace("policies/access*", "policies/[a-"));
        assert!(msg.contains("is not a valid glob"), "{msg}");
    }

    #[test]
    fn invalid_max_age_is_refused() {
        let msg = one(&GOOD.replace("kind: design", "kind: design\n        max_age: 1 year"));
        assert!(msg.contains("max_age `1 year` is not valid"), "{msg}");
    }

    #[test]
    fn empty_evidence_is_refused() {
        let yaml =
            "controls:\n  - id: AC-04\n    title: T\n    criteria: [CC6.1]\n    evidence: []\n";
        assert!(one(yaml).contains("`evidence` is empty"));
    }

    #[test]
    fn every_problem_is_collected_in_one_run() {
        let yaml = "controls:\n  - id: ac 4\n    title: T\n    criteria: [ZZ1]\n    risk: huge\n    evidence: []\n  - title: no id\n";
        assert_eq!(problems(yaml).len(), 5, "{:#?}", problems(yaml));
    }

    #[test]
    fn broken_yaml_gives_one_positioned_sentence() {
        let msg = one("controls:\n  - id: AC-01\n   title: bad indent\n");
        assert!(msg.starts_with("lib.yaml:3:"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            yaml.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        yaml.push_str("controls: []\n");
        let p = problems(&yaml);
        assert_eq!(p.len(), 1, "{p:?}");
    }
}
