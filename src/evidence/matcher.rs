//! Matching relative paths against every requirement's globs at once, so each file is matched
//! once whatever the size of the library. `*` stays inside a folder (`literal_separator`),
//! matching ignores case.
//!
//! Globs are grouped by their literal folder prefix (`access/reviews/` for
//! `access/reviews/**/*.csv`), and a path is tried only against the groups of the folders it lies
//! in. Within a group, the shapes libraries mostly use (`folder/**`, `folder/name*`,
//! `folder/*.ext`, `folder/**/name*`, a plain name) are checked here by comparing a few bytes;
//! only the other globs go to a `GlobSet`, one per prefix (plus one for globs that start with a
//! pattern). So a large library neither compiles one huge regular expression nor runs one on
//! every file.
//!
//! Case: `GlobSet` matches bytes and ignores the case of ASCII letters only (KELVIN SIGN is not
//! `k` to it), so comparing ASCII-lower-cased text here is exact; a test checks every character
//! of the Basic Multilingual Plane against `GlobSet` itself, and another compares generated globs
//! and paths.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};

/// Distinct globs from which the matcher is compiled on several threads.
const PARALLEL_FROM: usize = 256;

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
    /// Folded literal folder prefix (ending in `/`) -> what to try for paths in it.
    by_prefix: Prefixes,
    globs: usize,
    scratch_len: usize,
}

/// What a folder prefix brings.
#[derive(Debug, Clone, Default)]
struct Folder {
    /// The set of the other globs written with this prefix, if any.
    set: Option<usize>,
    /// Slots of `folder/**` globs: every path under the folder matches them.
    everything_under: Vec<u32>,
    /// Globs on the file name, checked here.
    names: Vec<(Name, Vec<u32>)>,
}

/// A glob that, after its folder prefix, only constrains the file name: `start*end`, or exactly
/// `start` when `exact`; in the folder itself, or at any depth below it (`**/`) when `deep`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    deep: bool,
    exact: bool,
    /// Folded (ASCII lower-case).
    start: String,
    end: String,
}

impl Name {
    /// Reads the part of a glob after its literal folder prefix.
    fn parse(rest: &str) -> Option<Name> {
        let (deep, name) = match rest.strip_prefix("**/") {
            Some(name) => (true, name),
            None => (false, rest),
        };
        let plain = |text: &str| {
            text.is_ascii() && !text.contains(['/', '?', '[', ']', '{', '}', '\\', '*'])
        };
        if name.is_empty() {
            return None;
        }
        let (start, end, exact) = match name.split_once('*') {
            Some((start, end)) => (start, end, false),
            None => (name, "", true),
        };
        (plain(start) && plain(end)).then(|| Name {
            deep,
            exact,
            start: start.to_ascii_lowercase(),
            end: end.to_ascii_lowercase(),
        })
    }

    /// Whether the folded file name `name`, `direct`ly in the folder or not, matches.
    fn matches(&self, name: &str, direct: bool) -> bool {
        if !direct && !self.deep {
            return false;
        }
        if self.exact {
            return name == self.start;
        }
        name.len() >= self.start.len() + self.end.len()
            && name.starts_with(&self.start)
            && name.ends_with(&self.end)
    }
}

/// One compiled set, and for each of its globs the slots it stands for.
#[derive(Debug, Clone)]
struct Set {
    set: GlobSet,
    slots_of: Vec<Vec<u32>>,
}

/// A set being built.
struct Building {
    builder: GlobSetBuilder,
    slots_of: Vec<Vec<u32>>,
}

impl Default for Building {
    fn default() -> Building {
        Building {
            builder: GlobSetBuilder::new(),
            slots_of: Vec::new(),
        }
    }
}

impl Building {
    fn add(&mut self, glob: globset::Glob, slots: Vec<u32>) {
        self.builder.add(glob);
        self.slots_of.push(slots);
    }

    fn finish(self, set: std::result::Result<GlobSet, globset::Error>) -> Result<Set> {
        let set = set.map_err(|e| {
            Error::Invalid(format!("the evidence globs could not be compiled: {e}"))
        })?;
        Ok(Set {
            set,
            slots_of: self.slots_of,
        })
    }
}

/// What `Matcher::each` hands on: a set to run, or slots that match outright.
enum Hit<'a> {
    Set(&'a Set),
    Slots(&'a [u32]),
}

impl Matcher {
    /// Builds one matcher for `groups[slot] = globs`.
    pub fn new<S: AsRef<str>>(groups: &[Vec<S>]) -> Result<Matcher> {
        // The same glob often serves several slots: handle it once.
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
        // Threads pay off only for a large library; a small one compiles in well under a
        // millisecond.
        let threads = if order.len() < PARALLEL_FROM {
            1
        } else {
            crate::par::threads()
        };
        // Parsed even when checked here, so a bad glob is refused the same way.
        let parsed = crate::par::map(&order, threads, |_: &mut (), glob| {
            glob_builder(glob).build()
        });
        let mut building: Vec<Building> = vec![Building::default()];
        let mut by_prefix = Prefixes::default();
        for (glob, compiled) in order.iter().zip(parsed) {
            let compiled = compiled.map_err(|e| {
                Error::Invalid(format!(
                    "glob `{glob}` is not valid ({}); fix its brackets and braces",
                    e.kind()
                ))
            })?;
            let slots = unique.get(glob).cloned().unwrap_or_default();
            let Some(prefix) = literal_prefix(glob) else {
                if let Some(anywhere) = building.first_mut() {
                    anywhere.add(compiled, slots);
                }
                continue;
            };
            let rest = glob.get(prefix.len()..).unwrap_or_default();
            let folder = by_prefix.entry(prefix).or_default();
            if rest == "**" {
                folder.everything_under.extend_from_slice(&slots);
            } else if let Some(name) = Name::parse(rest) {
                match folder.names.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, known)) => known.extend_from_slice(&slots),
                    None => folder.names.push((name, slots)),
                }
            } else {
                let at = *folder.set.get_or_insert_with(|| {
                    building.push(Building::default());
                    building.len() - 1
                });
                if let Some(set) = building.get_mut(at) {
                    set.add(compiled, slots);
                }
            }
        }
        // Each set compiles its own automaton: a large library's sets compile side by side.
        let built = crate::par::map(&building, threads, |_: &mut (), b| b.builder.build());
        let sets = building
            .into_iter()
            .zip(built)
            .map(|(b, set)| b.finish(set))
            .collect::<Result<_>>()?;
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
        let mut candidate = None;
        self.each(rel, |hit| {
            any = match hit {
                Hit::Set(set) => {
                    let candidate = candidate.get_or_insert_with(|| Candidate::new(rel));
                    set.set.is_match_candidate(candidate)
                }
                Hit::Slots(slots) => !slots.is_empty(),
            };
            !any
        });
        any
    }

    /// The slots whose globs match `rel`, sorted and without repeats, into `out` (cleared first);
    /// `hits` is scratch space kept by the caller to avoid allocating per file.
    pub fn matches_into(&self, rel: &str, hits: &mut Vec<usize>, out: &mut Vec<u32>) {
        out.clear();
        // Split the path into name and extension once, not once per set.
        let mut candidate = None;
        self.each(rel, |hit| {
            match hit {
                Hit::Set(set) => {
                    let candidate = candidate.get_or_insert_with(|| Candidate::new(rel));
                    set.set.matches_candidate_into(candidate, hits);
                    for &glob in hits.iter() {
                        if let Some(slots) = set.slots_of.get(glob) {
                            out.extend_from_slice(slots);
                        }
                    }
                }
                Hit::Slots(slots) => out.extend_from_slice(slots),
            }
            true
        });
        out.sort_unstable();
        out.dedup();
    }

    /// Hands `f` every set that could match `rel` and the slots of every glob checked here that
    /// matches it, until `f` returns false.
    fn each<'a>(&'a self, rel: &str, mut f: impl FnMut(Hit<'a>) -> bool) {
        if let Some(anywhere) = self.sets.first()
            && !anywhere.slots_of.is_empty()
            && !f(Hit::Set(anywhere))
        {
            return;
        }
        if self.by_prefix.is_empty() {
            return;
        }
        let folded = fold(rel);
        let path = folded.as_ref();
        let name_at = path.rfind('/').map_or(0, |i| i + 1);
        let name = path.get(name_at..).unwrap_or_default();
        for (end, _) in path.match_indices('/') {
            let Some(folder) = self.by_prefix.get(path.get(..=end).unwrap_or_default()) else {
                continue;
            };
            if !folder.everything_under.is_empty() && !f(Hit::Slots(&folder.everything_under)) {
                return;
            }
            let direct = end + 1 == name_at;
            for (glob, slots) in &folder.names {
                if glob.matches(name, direct) && !f(Hit::Slots(slots)) {
                    return;
                }
            }
            if let Some(set) = folder.set.and_then(|i| self.sets.get(i))
                && !f(Hit::Set(set))
            {
                return;
            }
        }
    }
}

/// `path` as case-insensitive matching sees it: `GlobSet` matches bytes and ignores the case of
/// ASCII letters only, so ASCII letters are lower-cased and every other character is kept.
fn fold(path: &str) -> Cow<'_, str> {
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(path.to_ascii_lowercase())
    } else {
        Cow::Borrowed(path)
    }
}

/// Prefix -> folder. Looked up for every folder of every file: the keys are a few short strings
/// from the library, so a plain FNV-1a hash serves better than the default SipHash, whose
/// resistance to crafted keys buys nothing here.
type Prefixes = HashMap<String, Folder, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = hash;
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
            "access/**/reviews/**",
        ];
        let paths = [
            "access/reviews/2026-Q1.csv",
            "ACCESS/REVIEWS/2026-Q1.CSV",
            "access/reviews/aws/2026/q1.json",
            "access/reviews/old/aws-scan-1.pdf",
            "access/config/mfa-policy.md",
            "access/config/sub/mfa.md",
            "access/reviews",
            "access/reviews/caf\u{e9}.csv",
            "access/reviews/sub/\u{212a}.csv",
            "change/tickets/a.json",
            "change/tickets/sub/a.json",
            "policies/Access-Control-Policy.PDF",
            "policies/archive/access-control.md",
            "CAF\u{c9}/x.md",
            "\u{212a}elvin/x.md",
            "Kelvin/x.md",
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

    #[test]
    fn fold_agrees_with_globset_on_every_character_of_the_basic_plane() {
        // Each printable ASCII character that is not a pattern character, as a glob, against
        // every character of the plane: globset's case-insensitive match must be `fold`'s.
        let literals: Vec<char> = (' '..='~').filter(|c| !"*?[]{}\\/!".contains(*c)).collect();
        let matchers: Vec<_> = literals
            .iter()
            .map(|c| {
                glob_builder(&c.to_string())
                    .build()
                    .unwrap()
                    .compile_matcher()
            })
            .collect();
        for c in ('\u{0}'..='\u{FFFF}').filter(|c| *c != '/') {
            let text = c.to_string();
            let folded = fold(&text);
            for (literal, matcher) in literals.iter().zip(&matchers) {
                let expected = matcher.is_match(&text);
                let ours = folded == literal.to_ascii_lowercase().to_string();
                assert_eq!(ours, expected, "{c:?} against {literal:?}");
            }
        }
    }

    #[test]
    fn generated_globs_and_paths_match_as_globset_says() {
        // A small deterministic generator: globs of every shape the matcher knows and some it
        // hands to GlobSet, paths over an alphabet with case, dots, digits and folding traps.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let parts = ["a", "A", "ab", "b", "k", "s", "2026", "x.md", "x.MD", ".d"];
        let chars = [
            "a", "A", "b", "k", "K", "s", "S", "\u{212A}", "\u{17F}", "\u{e9}", ".", "-", "2",
        ];
        let tails = [
            "**", "*", "a*", "*.md", "ab*.md", "**/a*", "**/*.md", "x.md", "**/x.md", "a?",
            "{a,b}*", "a*/**", "**/**",
        ];
        let mut globs = Vec::new();
        // Enough distinct globs that the matcher compiles them on several threads.
        for _ in 0..600 {
            let depth = next(3);
            let mut glob: Vec<&str> = (0..depth).map(|_| parts[next(parts.len())]).collect();
            glob.push(tails[next(tails.len())]);
            globs.push(glob.join("/"));
        }
        let groups: Vec<Vec<&str>> = globs.iter().map(|g| vec![g.as_str()]).collect();
        let distinct: std::collections::BTreeSet<&String> = globs.iter().collect();
        assert!(distinct.len() >= PARALLEL_FROM, "{}", distinct.len());
        let m = Matcher::new(&groups).unwrap();
        let compiled: Vec<_> = globs
            .iter()
            .map(|g| glob_builder(g).build().unwrap().compile_matcher())
            .collect();
        for _ in 0..3000 {
            let depth = 1 + next(4);
            let path: Vec<String> = (0..depth)
                .map(|_| {
                    if next(2) == 0 {
                        parts[next(parts.len())].to_string()
                    } else {
                        (0..1 + next(4)).map(|_| chars[next(chars.len())]).collect()
                    }
                })
                .collect();
            let path = path.join("/");
            let expected: Vec<u32> = compiled
                .iter()
                .enumerate()
                .filter(|(_, g)| g.is_match(&path))
                .map(|(i, _)| i as u32)
                .collect();
            assert_eq!(slots(&m, &path), expected, "{path}");
            assert_eq!(m.is_match(&path), !expected.is_empty(), "{path}");
        }
    }
}
