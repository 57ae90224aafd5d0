//! One `GlobSet` for every requirement's paths, so each file is matched once, whatever the size
//! of the library. `*` stays inside a folder (`literal_separator`), matching ignores case.

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
    set: GlobSet,
    /// For each glob of the set, the slot it belongs to.
    slot_of: Vec<u32>,
    scratch_len: usize,
}

impl Matcher {
    /// Builds one matcher for `groups[slot] = globs`.
    pub fn new<S: AsRef<str>>(groups: &[Vec<S>]) -> Result<Matcher> {
        let mut builder = GlobSetBuilder::new();
        let mut slot_of = Vec::new();
        for (slot, globs) in groups.iter().enumerate() {
            for glob in globs {
                let glob = glob.as_ref();
                let compiled = glob_builder(glob).build().map_err(|e| {
                    Error::Invalid(format!(
                        "glob `{glob}` is not valid ({}); fix its brackets and braces",
                        e.kind()
                    ))
                })?;
                builder.add(compiled);
                slot_of.push(u32::try_from(slot).unwrap_or(u32::MAX));
            }
        }
        let set = builder.build().map_err(|e| {
            Error::Invalid(format!("the evidence globs could not be compiled: {e}"))
        })?;
        Ok(Matcher {
            set,
            slot_of,
            scratch_len: groups.len(),
        })
    }

    /// Whether the matcher has no globs.
    pub fn is_empty(&self) -> bool {
        self.slot_of.is_empty()
    }

    /// The number of slots it was built for.
    pub fn slots(&self) -> usize {
        self.scratch_len
    }

    /// Whether any glob matches.
    pub fn is_match(&self, rel: &str) -> bool {
        self.set.is_match(rel)
    }

    /// The slots whose globs match `rel`, sorted and without repeats, into `out` (cleared first);
    /// `hits` is scratch space kept by the caller to avoid allocating per file.
    pub fn matches_into(&self, rel: &str, hits: &mut Vec<usize>, out: &mut Vec<u32>) {
        out.clear();
        self.set.matches_into(rel, hits);
        for &glob in hits.iter() {
            if let Some(&slot) = self.slot_of.get(glob) {
                out.push(slot);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
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
}
