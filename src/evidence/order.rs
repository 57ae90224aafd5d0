//! The path order of the walk's finds, made while the folders are read rather than by sorting
//! every path afterwards. Each folder's kept files and sub-folders are put in name order (a
//! folder keyed by its name and `/`, so that the order is the byte order of the paths under
//! them); the folders are then spliced together from the root down. It does not read the file
//! system: the walk hands it names and ids.

use std::ops::Range;

/// What one walking thread's folders hold, in name order.
#[derive(Debug, Default)]
pub(super) struct Tree {
    /// Files its visitor kept.
    kept: usize,
    /// The folders it read: id and their entries' place in `entries`.
    folders: Vec<(u32, Range<usize>)>,
    entries: Vec<Entry>,
    /// Two entries of one of its folders had the same shown name.
    alike: bool,
}

impl Tree {
    /// The entry of the next file the thread keeps.
    pub(super) fn next_file(&mut self) -> Option<Entry> {
        let n = u32::try_from(self.kept).ok()?;
        self.kept += 1;
        Some(Entry::File(n))
    }
}

/// The kept files of every thread's tree in path order, as (thread, the file's number): each
/// folder's entries, already in name order, with each sub-folder's entries spliced in where its
/// name falls. `None` when a folder held two names that show alike.
pub(super) fn tree_order(parts: &[Tree], folders: usize) -> Option<Vec<(usize, usize)>> {
    if parts.iter().any(|part| part.alike) {
        return None;
    }
    // Folder id -> (part, its entries); a folder that could not be read has none.
    let mut listed: Vec<Option<(usize, &[Entry])>> = vec![None; folders];
    for (p, part) in parts.iter().enumerate() {
        for (id, range) in &part.folders {
            let entries = part.entries.get(range.clone()).unwrap_or_default();
            if let Some(slot) = listed.get_mut(*id as usize) {
                *slot = Some((p, entries));
            }
        }
    }
    let kept = parts.iter().map(|part| part.kept).sum();
    let mut order = Vec::with_capacity(kept);
    let mut stack: Vec<(usize, std::slice::Iter<'_, Entry>)> = Vec::new();
    if let Some(Some((p, entries))) = listed.first() {
        stack.push((*p, entries.iter()));
    }
    while let Some((p, entries)) = stack.last_mut() {
        match entries.next() {
            Some(Entry::File(n)) => order.push((*p, *n as usize)),
            Some(Entry::Folder(id)) => {
                if let Some(Some((q, sub))) = listed.get(*id as usize) {
                    stack.push((*q, sub.iter()));
                }
            }
            None => {
                stack.pop();
            }
        }
    }
    // Every kept file lies in a folder that was read, so all are reached; the caller sorts if
    // that ever failed to hold.
    (order.len() == kept).then_some(order)
}

/// A kept file (its number in its thread) or a sub-folder (its id), in a folder's name order.
#[derive(Debug, Clone, Copy)]
pub(super) enum Entry {
    File(u32),
    Folder(u32),
}

/// One folder's kept files and sub-folders while it is read, with the names that order them: a
/// file's name, a folder's name followed by `/`, so that the order of the entries is the byte
/// order of the paths under them.
#[derive(Default)]
pub(super) struct Listing {
    names: String,
    entries: Vec<(Range<usize>, Entry)>,
}

impl Listing {
    pub(super) fn add(&mut self, name: &str, folder: bool, entry: Entry) {
        let start = self.names.len();
        self.names.push_str(name);
        if folder {
            self.names.push('/');
        }
        self.entries.push((start..self.names.len(), entry));
    }

    /// Sorts the entries into `part` as folder `id`'s, and clears the listing for the next one.
    pub(super) fn finish(&mut self, id: u32, part: &mut Tree) {
        let names = self.names.as_str();
        let key = |range: &Range<usize>| names.get(range.clone()).unwrap_or_default();
        self.entries
            .sort_unstable_by(|(a, _), (b, _)| key(a).cmp(key(b)));
        part.alike |= self.entries.windows(2).any(|pair| match pair {
            [(a, _), (b, _)] => key(a) == key(b),
            _ => false,
        });
        let start = part.entries.len();
        part.entries
            .extend(self.entries.iter().map(|&(_, entry)| entry));
        part.folders.push((id, start..part.entries.len()));
        self.names.clear();
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::ffi::OsStr;
    use std::fs;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;
    use std::path::Path;

    use super::super::matcher::Matcher;
    use super::super::walk::walk;

    /// Walks `root` keeping every file whose path does not contain `skip`, and returns the kept
    /// paths in the walk's order (`None` when it gave none) and sorted by bytes.
    fn kept(root: &Path, threads: usize) -> (Option<Vec<String>>, Vec<String>) {
        let none = Matcher::new::<String>(&[]).unwrap();
        let walked = walk(
            root,
            &none,
            threads,
            Vec::new,
            |kept: &mut Vec<String>, c| {
                if c.rel.contains("skip") {
                    return false;
                }
                kept.push(c.rel.to_owned());
                true
            },
        );
        let states = &walked.states;
        let order = walked.order.as_ref().map(|order| {
            order
                .iter()
                .map(|&(t, n)| states[t][n].clone())
                .collect::<Vec<_>>()
        });
        let mut all: Vec<String> = states.iter().flatten().cloned().collect();
        all.sort();
        (order, all)
    }

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, rel).unwrap();
    }

    #[test]
    fn kept_files_come_back_in_the_byte_order_of_their_paths_without_a_sort() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // Names that sort before and after `/` (0x2F) right where a folder's name ends, so a
        // folder's files must be spliced between its siblings by the name it has plus `/`.
        let names = ["a.txt", "a-b", "a0", "A", "B.md", "é.csv", "z", "skip.md"];
        for folder in [
            "x", "x.y", "x-", "x0", "x/a", "x/a/b", "x/a.b", "é", "sub skip",
        ] {
            for name in names {
                touch(root, &format!("{folder}/{name}"));
            }
        }
        for name in names {
            touch(root, name);
        }
        symlink(root.join("x/a"), root.join("x/link")).unwrap();
        symlink(root.join("x.y/a.txt"), root.join("x.y/a-link")).unwrap();
        for threads in [1, 2, 3, 4, 8] {
            for _ in 0..3 {
                let (order, all) = kept(root, threads);
                assert!(order.is_some(), "no two names show alike");
                let order = order.unwrap();
                assert_eq!(order, all, "{threads} threads");
                assert!(order.contains(&"x/link/b/a0".to_owned()));
                assert!(order.contains(&"x.y/a-link".to_owned()));
                assert!(!order.iter().any(|rel| rel.contains("skip")));
            }
        }
    }

    #[test]
    fn names_that_show_alike_leave_the_order_to_the_caller() {
        for pair in [[&b"r\xff.csv"[..], b"r\xfe.csv"], [b"d\xff", b"d\xfe"]] {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            touch(root, "a/before.csv");
            for name in pair {
                let path = root.join("a").join(OsStr::from_bytes(name));
                if name.ends_with(b".csv") {
                    fs::write(path, "x").unwrap();
                } else {
                    fs::create_dir(&path).unwrap();
                    fs::write(path.join("in.csv"), "x").unwrap();
                }
            }
            for threads in [1, 2] {
                let (order, all) = kept(root, threads);
                assert_eq!(order, None);
                assert_eq!(all.len(), 3);
            }
        }
    }

    #[test]
    fn an_unreadable_or_looping_folder_does_not_break_the_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for rel in ["a/1", "b/2", "c/3"] {
            touch(root, rel);
        }
        symlink(root, root.join("b/loop")).unwrap();
        symlink(root.join("nowhere"), root.join("b/broken")).unwrap();
        for threads in [1, 2] {
            let (order, all) = kept(root, threads);
            assert_eq!(order.unwrap(), all);
            assert_eq!(all, ["a/1", "b/2", "c/3"]);
        }
    }

    /// Names that sort just before and after `/` (`-` and `.` are below it, `0` and letters
    /// above), a multi-byte one, and one that is a prefix of the others.
    const PARTS: [&str; 8] = ["a", "a.b", "a-", "a0", "A", "~", "\u{e9}", "ab"];

    proptest::proptest! {
        // Each case writes and walks a real folder: few cases keep the suite quick.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever the tree, the walk's order on any number of threads is the byte order of the
        /// kept paths.
        #[test]
        fn the_walk_order_is_the_byte_order_of_the_paths(
            paths in proptest::collection::vec(
                proptest::collection::vec(0..PARTS.len(), 1..5),
                1..40,
            ),
            threads in 1usize..5,
        ) {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            for parts in &paths {
                let rel: Vec<&str> = parts.iter().filter_map(|&i| PARTS.get(i).copied()).collect();
                let path = rel.iter().fold(root.to_path_buf(), |p, part| p.join(part));
                // A name already taken by a folder, or a folder already taken by a file, is
                // left out: one tree cannot hold both.
                if let Some(parent) = path.parent()
                    && fs::create_dir_all(parent).is_ok()
                    && !path.is_dir()
                {
                    fs::write(&path, "x").unwrap();
                }
            }
            let (order, all) = kept(root, threads);
            proptest::prop_assert_eq!(order, Some(all));
        }
    }
}
