//! Matching relative paths against every requirement's globs at once, so each file is matched
//! once whatever the size of the library. `*` stays inside a folder (`literal_separator`),
//! matching ignores case.
//!
//! Globs are grouped by their literal folder prefix (`access/reviews/` for
//! `access/reviews/**/*.csv`), one `GlobSet` per prefix, plus one set for globs that start with a
//! pattern. A path is tried only against the sets of the folders it lies in, so a large library
//! neither compiles one huge regular expression nor runs it on every file; a path that is not
//! plain ASCII, where case folding could make a prefix match in ways a plain comparison would
//! not, is tried against every set.

use std::collections::HashMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};

/// A glob builder with the project's matching rules.
pub fn glob_builder(glob: &str) -> GlobBuilder<'_> {
    let mut builder = GlobBuilder::new(glob);
    builder
        .literal_separator(true)
        .case_insensitive(true)
        .backslash_escape(true);
    builder
}

/// Matches relative paths against many groups of globs at once; a group is a "slot"
/// (one requirement, or one exclusion list).
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Sets of globs; `sets[0]` holds the globs without a literal folder prefix.
    sets: Vec<Set>,
    /// Lower-case literal folder prefix (ending in `/`) -> index in `sets`.
    by_prefix: HashMap<String, usize>,
    globs: usize,
    scratch_len: usize,
}

/// One compiled set, and for each of its globs the slots it stands for.
#[derive(Debug, Clone)]
struct Set {
    set: GlobSet,
    slots_of: Vec<Vec<u32>>,
}

impl Matcher {
    /// Builds one matcher for `groups[slot] = globs`.
    pub fn new<S: AsRef<str>>(groups: &[Vec<S>]) -> Result<Matcher> {
        // The same glob often serves several slots: compile it once.
        let mut unique: HashMap<&str, Vec<u32>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for (slot, globs) in groups.iter().enumerate() {
            for glob in globs {
                let glob = glob.as_ref();
                let slots = unique.entry(glob).or_insert_with(|| {
                    order.push(glob);
                    Vec::new()
                });
                slots.push(u32::try_from(slot).unwrap_or(u32::MAX));
            }
        }
        let mut builders: Vec<(GlobSetBuilder, Vec<Vec<u32>>)> =
            vec![(GlobSetBuilder::new(), Vec::new())];
        let mut by_prefix: HashMap<String, usize> = HashMap::new();
        for glob in &order {
            let compiled = glob_builder(glob).build().map_err(|e| {
                Error::Invalid(format!(
                    "glob `{glob}` is not valid ({}); fix its brackets and braces",
                    e.kind()
                ))
            })?;
            let at = match literal_prefix(glob) {
                Some(prefix) => *by_prefix.entry(prefix).or_insert_with(|| {
                    builders.push((GlobSetBuilder::new(), Vec::new()));
                    builders.len() - 1
                }),
                None => 0,
            };
            if let Some((builder, slots_of)) = builders.get_mut(at) {
                builder.add(compiled);
                slots_of.push(unique.get(glob).cloned().unwrap_or_default());
            }
        }
        let mut sets = Vec::with_capacity(builders.len());
        for (builder, slots_of) in builders {
            let set = builder.build().map_err(|e| {
                Error::Invalid(format!("the evidence globs could not be compiled: {e}"))
            })?;
            sets.push(Set { set, slots_of });
        }
        Ok(Matcher {
            sets,
            by_prefix,
            globs: order.len(),
            scratch_len: groups.len(),
        })
    }

    /// Whether the matcher has no globs.
    pub fn is_empty(&self) -> bool {
        self.globs == 0
    }

    /// The number of slots it was built for.
    pub fn slots(&self) -> usize {
        self.scratch_len
    }

    /// Whether any glob matches.
    pub fn is_match(&self, rel: &str) -> bool {
        let mut any = false;
        self.each_set(rel, |set| {
            any = any || set.set.is_match(rel);
            !any
        });
        any
    }

    /// The slots whose globs match `rel`, sorted and without repeats, into `out` (cleared first);
    /// `hits` is scratch space kept by the caller to avoid allocating per file.
    pub fn matches_into(&self, rel: &str, hits: &mut Vec<usize>, out: &mut Vec<u32>) {
        out.clear();
        self.each_set(rel, |set| {
            set.set.matches_into(rel, hits);
            for &glob in hits.iter() {
                if let Some(slots) = set.slots_of.get(glob) {
                    out.extend_from_slice(slots);
                }
            }
            true
        });
        out.sort_unstable();
        out.dedup();
    }

    /// Calls `f` on every set that could match `rel`, until it returns false.
    fn each_set(&self, rel: &str, mut f: impl FnMut(&Set) -> bool) {
        let Some((anywhere, prefixed)) = self.sets.split_first() else {
            return;
        };
        if !anywhere.slots_of.is_empty() && !f(anywhere) {
            return;
        }
        if !rel.is_ascii() {
            for set in prefixed {
                if !f(set) {
                    return;
                }
            }
            return;
        }
        let lower;
        let rel = if rel.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = rel.to_ascii_lowercase();
            lower.as_str()
        } else {
            rel
        };
        for (end, _) in rel.match_indices('/') {
            let folder = rel.get(..=end).unwrap_or_default();
            if let Some(set) = self.by_prefix.get(folder).and_then(|&i| self.sets.get(i))
                && !f(set)
            {
                return;
            }
        }
    }
}

/// The folders at the start of `glob` written without any pattern character, lower-cased, with
/// a trailing `/` (`access/reviews/` for `access/reviews/**`); `None` when there are none or
/// when they are not plain ASCII.
fn literal_prefix(glob: &str) -> Option<String> {
    let mut end = 0;
    for (at, _) in glob.match_indices('/') {
        let part = glob.get(end..at)?;
        if part.is_empty() || part.contains(['*', '?', '[', ']', '{', '}', '\\']) {
            break;
        }
        end = at + 1;
    }
    let prefix = glob.get(..end)?;
    (end > 0 && prefix.is_ascii()).then(|| prefix.to_ascii_lowercase())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn slots(m: &Matcher, rel: &str) -> Vec<u32> {
        let (mut hits, mut out) = (Vec::new(), Vec::new());
        m.matches_into(rel, &mut hits, &mut out);
        out
    }

    #[test]
    fn star_stays_inside_one_folder() {
        let m = Matcher::new(&[vec!["policies/*"]]).unwrap();
        assert_eq!(slots(&m, "policies/a.md"), vec![0]);
        assert!(slots(&m, "policies/old/a.md").is_empty());
    }

    #[test]
    fn double_star_crosses_folders() {
        let m = Matcher::new(&[vec!["access/reviews/**"]]).unwrap();
        assert_eq!(slots(&m, "access/reviews/2026/q1/export.csv"), vec![0]);
    }

    #[test]
    fn matching_ignores_case() {
        let m = Matcher::new(&[vec!["policies/access-control*"]]).unwrap();
        assert_eq!(slots(&m, "Policies/Access-Control-Policy.PDF"), vec![0]);
    }

    #[test]
    fn a_file_reports_every_slot_once() {
        let m = Matcher::new(&[vec!["a/**", "a/*.md"], vec!["b/*"], vec!["**/*.md"]]).unwrap();
        assert_eq!(slots(&m, "a/x.md"), vec![0, 2]);
        assert_eq!(m.slots(), 3);
    }

    #[test]
    fn grouping_by_prefix_matches_exactly_what_each_glob_matches() {
        let globs = [
            "access/reviews/**",
            "access/reviews/*.csv",
            "Access/Reviews/aws/**",
            "access/**/aws-scan*",
            "access/config/mfa*",
            "access/reviews",
            "**/*.pdf",
            "{access,change}/tickets/**",
            "change/tick?ts/*",
            "policies/access-control*",
            "policies/access-control*",
            "caf\u{e9}/**",
            "kelvin/**",
            "[a-c]ccess/reviews/*",
        ];
        let paths = [
            "access/reviews/2026-Q1.csv",
            "ACCESS/REVIEWS/2026-Q1.CSV",
            "access/reviews/aws/2026/q1.json",
            "access/reviews/old/aws-scan-1.pdf",
            "access/config/mfa-policy.md",
            "access/config/sub/mfa.md",
            "access/reviews",
            "change/tickets/a.json",
            "change/tickets/sub/a.json",
            "policies/Access-Control-Policy.PDF",
            "policies/archive/access-control.md",
            "CAF\u{c9}/x.md",
            "\u{212a}elvin/x.md",
            "\u{17f}ome/x.md",
            "bccess/reviews/x.md",
            "x.pdf",
            "",
        ];
        let groups: Vec<Vec<&str>> = globs.iter().map(|g| vec![*g]).collect();
        let m = Matcher::new(&groups).unwrap();
        for path in paths {
            let expected: Vec<u32> = globs
                .iter()
                .enumerate()
                .filter(|(_, g)| {
                    glob_builder(g)
                        .build()
                        .unwrap()
                        .compile_matcher()
                        .is_match(path)
                })
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(slots(&m, path), expected, "{path}");
            assert_eq!(m.is_match(path), !expected.is_empty(), "{path}");
        }
    }

    #[test]
    fn literal_prefix_stops_at_the_first_pattern() {
        assert_eq!(
            literal_prefix("access/reviews/**").as_deref(),
            Some("access/reviews/")
        );
        assert_eq!(
            literal_prefix("Policies/access*").as_deref(),
            Some("policies/")
        );
        assert_eq!(literal_prefix("a/b*/c/**").as_deref(), Some("a/"));
        assert_eq!(literal_prefix("**/x.md"), None);
        assert_eq!(literal_prefix("x.md"), None);
        assert_eq!(literal_prefix("caf\u{e9}/x"), None);
    }
}
