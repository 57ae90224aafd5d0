//! The walk of the evidence folder: regular files only, dot-names and README/.gitkeep skipped,
//! exclusions applied, links followed only inside the root, loops and unreadable entries turned
//! into warnings. It lists files and hands each one to a visitor; it never opens a file itself.
//!
//! Folders are read in parallel by a few threads sharing one stack of folders still to read, the
//! way `fd` and ripgrep walk. What a folder yields does not depend on which thread read it or when:
//! a link loop is judged against the folders on the path that led to it, never against what other
//! threads happen to be reading. Each folder's kept files and sub-folders are put in name order
//! as the folder is read, so the walk can hand back what the visitors kept in path order without
//! sorting every path. Files are looked up relative to their folder's open descriptor, so a
//! visitor's `stat` or `open` does not resolve the whole path again.

use std::borrow::Cow;
use std::ffi::{CStr, CString, OsStr};
use std::fs::{self, File};
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir};

use super::matcher::Matcher;
use super::order::{self, Entry, Listing, Tree};
use crate::warning::{Warning, WarningKind};

/// A candidate evidence file, as the visitor sees it while its folder is open.
pub struct Candidate<'a> {
    /// Path relative to the root, `/`-separated, invalid UTF-8 shown as U+FFFD.
    pub rel: &'a str,
    /// The file name, the last part of `rel`.
    pub name: &'a str,
    dir: BorrowedFd<'a>,
    cname: &'a CStr,
    dir_path: &'a Arc<PathBuf>,
    /// For a file reached through a link the walk checked, the identity of the target it
    /// checked; `None` for a plain file, whose name is then never followed as a link.
    linked: Option<Identity>,
}

/// A file's identity: (device, inode). A file opened again later must still have it, so a name
/// swapped for a link (or a folder on its path swapped for one) while soc2 runs is refused
/// before a byte of it is read.
pub type Identity = (u64, u64);

/// A file's size and identity, from one look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// Size in bytes.
    pub size: u64,
    /// (device, inode).
    pub id: Identity,
}

impl Candidate<'_> {
    /// The file's size in bytes and its identity. A plain file swapped for a link or for
    /// anything but a regular file since the walk listed it is an error.
    pub fn stat(&self) -> io::Result<Stat> {
        let flags = match self.linked {
            Some(_) => AtFlags::empty(),
            None => AtFlags::SYMLINK_NOFOLLOW,
        };
        let st = rustix::fs::statat(self.dir, self.cname, flags)?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return Err(crate::read::not_regular());
        }
        let id = (st.st_dev, st.st_ino);
        self.check(id)?;
        Ok(Stat {
            size: st.st_size as u64,
            id,
        })
    }

    /// Opens the file for reading if it is still a regular file, with its size and identity:
    /// non-blocking, so a FIFO swapped in after the walk listed the name is refused instead of
    /// waiting for a writer, and without following a link the walk did not check.
    pub fn open(&self) -> io::Result<(File, Stat)> {
        let mut flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY | OFlags::NONBLOCK;
        if self.linked.is_none() {
            flags |= OFlags::NOFOLLOW;
        }
        let file = match rustix::fs::openat(self.dir, self.cname, flags, Mode::empty()) {
            Ok(fd) => File::from(fd),
            // The name the walk listed as a plain file is a link now.
            Err(rustix::io::Errno::LOOP) if self.linked.is_none() => {
                return Err(crate::read::replaced());
            }
            Err(e) => return Err(e.into()),
        };
        let (file, size, id) = crate::read::regular_identified(file)?;
        self.check(id)?;
        Ok((file, Stat { size, id }))
    }

    /// A linked file must still be the target the walk checked.
    fn check(&self, id: Identity) -> io::Result<()> {
        match self.linked {
            Some(checked) if checked != id => Err(crate::read::replaced()),
            _ => Ok(()),
        }
    }

    /// Where to find the file again after the walk.
    pub fn location(&self) -> Location {
        let name = OsStr::from_bytes(self.cname.to_bytes());
        // Most names are valid UTF-8 and equal to the last part of `rel`: store them only when not.
        let lossless = OsStr::new(self.name) == name;
        Location {
            dir: Arc::clone(self.dir_path),
            name: (!lossless).then(|| name.into()),
        }
    }
}

/// Where a file lies: its folder (shared by the folder's files) and, when its name is not valid
/// UTF-8, its exact name.
#[derive(Debug, Clone)]
pub struct Location {
    dir: Arc<PathBuf>,
    name: Option<Box<OsStr>>,
}

impl Location {
    /// A location in folder `dir` for a file whose name is valid UTF-8 (tests build indexes by
    /// hand with it).
    #[cfg(test)]
    pub fn in_dir(dir: PathBuf) -> Location {
        Location {
            dir: Arc::new(dir),
            name: None,
        }
    }

    /// The path to open, given the file's relative path `rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        match &self.name {
            Some(name) => self.dir.join(&**name),
            None => self.dir.join(rel.rsplit('/').next().unwrap_or(rel)),
        }
    }
}

/// What the walk saw.
#[derive(Debug)]
pub struct Walked<S> {
    /// Each thread's state, as its visitor left it.
    pub states: Vec<S>,
    /// The kept files in path order, as (index in `states`, the file's number among those its
    /// thread kept, counting from 0). `None` when two names in one folder show alike once
    /// invalid UTF-8 is replaced: the caller sorts by path then, breaking the tie on the real
    /// names.
    pub order: Option<Vec<(usize, usize)>>,
    /// Candidate files listed (after exclusions).
    pub listed: usize,
    /// Problems met on the way, sorted.
    pub warnings: Vec<Warning>,
}

/// Walks `root` (which must be a folder) with `threads` threads. Each thread makes its own state
/// with `init` and calls `visit` on every candidate file; the calling thread is one of them. The
/// visitor returns whether it kept the file (and so numbers the files it keeps, in the order it
/// is handed them).
pub fn walk<S, I, V>(root: &Path, exclude: &Matcher, threads: usize, init: I, visit: V) -> Walked<S>
where
    S: Send,
    I: Fn() -> S + Sync,
    V: Fn(&mut S, &Candidate<'_>) -> bool + Sync,
{
    let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let first = Job {
        abs: root.to_path_buf(),
        at: None,
        rel: String::new(),
        key: fs::metadata(root).ok().map(|m| (m.dev(), m.ino())),
        parent: None,
        id: 0,
    };
    let shared = Shared {
        root: canonical,
        exclude,
        queue: Mutex::new(Queue {
            jobs: vec![first],
            busy: 0,
        }),
        wake: Condvar::new(),
        folders: AtomicU32::new(1),
    };
    let mut out = Walked {
        states: Vec::new(),
        order: None,
        listed: 0,
        warnings: Vec::new(),
    };
    let mut parts = Vec::new();
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads.max(1))
            .map(|_| scope.spawn(|| shared.work(&init, &visit)))
            .collect();
        let mine = shared.work(&init, &visit);
        // A worker that panicked has lost its share; the library itself does not panic.
        let theirs = others.into_iter().filter_map(|worker| worker.join().ok());
        for (state, mut part) in std::iter::once(mine).chain(theirs) {
            out.states.push(state);
            out.listed += part.listed;
            out.warnings.append(&mut part.warnings);
            parts.push(part);
        }
    });
    out.warnings.sort();
    let folders = shared.folders.load(Ordering::Relaxed);
    let trees: Vec<Tree> = parts.into_iter().map(|part| part.tree).collect();
    out.order = order::tree_order(&trees, usize::try_from(folders).unwrap_or(0));
    out
}

/// A folder still to read.
struct Job {
    /// Path to open (through a link when the folder was reached by one).
    abs: PathBuf,
    /// The same folder as the open parent folder and a name in it: opening it there does not
    /// resolve the whole path again. `None` for the root.
    at: Option<(Arc<OwnedFd>, CString)>,
    rel: String,
    /// (device, inode) when already known: the root, or a link's target.
    key: Option<(u64, u64)>,
    /// The folders on the path that led here, to stop link loops.
    parent: Option<Arc<Chain>>,
    /// Its number, 0 for the root, by which its parent's listing refers to it.
    id: u32,
}

/// One folder on the current path, linked to the folder above it.
struct Chain {
    key: (u64, u64),
    parent: Option<Arc<Chain>>,
}

fn on_path(mut chain: Option<&Arc<Chain>>, key: (u64, u64)) -> bool {
    while let Some(link) = chain {
        if link.key == key {
            return true;
        }
        chain = link.parent.as_ref();
    }
    false
}

struct Queue {
    jobs: Vec<Job>,
    /// Workers reading a folder right now; the walk is over when none is and no job is left.
    busy: usize,
}

struct Shared<'a> {
    root: PathBuf,
    exclude: &'a Matcher,
    queue: Mutex<Queue>,
    wake: Condvar,
    /// Folder ids handed out so far.
    folders: AtomicU32,
}

/// What one thread found.
struct Part {
    listed: usize,
    warnings: Vec<Warning>,
    /// Its folders' kept files and sub-folders, in name order.
    tree: Tree,
}

impl Shared<'_> {
    fn work<S, I, V>(&self, init: &I, visit: &V) -> (S, Part)
    where
        I: Fn() -> S,
        V: Fn(&mut S, &Candidate<'_>) -> bool,
    {
        let mut state = init();
        let mut part = Part {
            listed: 0,
            warnings: Vec::new(),
            tree: Tree::default(),
        };
        let mut found = Vec::new();
        // Room for a batch of directory entries; any name fits (at most 255 bytes).
        let mut entries: Vec<u8> = Vec::with_capacity(32 * 1024);
        let mut listing = Listing::default();
        while let Some(job) = self.next_job() {
            let io = (&mut found, &mut entries, &mut listing);
            self.folder(job, io, &mut part, &mut state, visit);
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.jobs.append(&mut found);
            queue.busy -= 1;
            drop(queue);
            self.wake.notify_all();
        }
        (state, part)
    }

    fn next_job(&self) -> Option<Job> {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(job) = queue.jobs.pop() {
                queue.busy += 1;
                return Some(job);
            }
            if queue.busy == 0 {
                return None;
            }
            queue = self
                .wake
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Reads one folder: files go to the visitor, sub-folders to `found`, and the kept files and
    /// sub-folders, in name order, to `part` as the folder's entries.
    fn folder<S, V>(
        &self,
        job: Job,
        (found, entries, listing): (&mut Vec<Job>, &mut Vec<u8>, &mut Listing),
        part: &mut Part,
        state: &mut S,
        visit: &V,
    ) where
        V: Fn(&mut S, &Candidate<'_>) -> bool,
    {
        let rel = job.rel.as_str();
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let opened = match &job.at {
            Some((parent, name)) => {
                rustix::fs::openat(parent, name.as_c_str(), flags, Mode::empty())
            }
            None => rustix::fs::open(&job.abs, flags, Mode::empty()),
        };
        let key = match (job.key, &opened) {
            (Some(key), _) => key,
            (None, Ok(fd)) => match rustix::fs::fstat(fd) {
                Ok(st) => (st.st_dev, st.st_ino),
                Err(e) => return part.warn(WarningKind::Unreadable, unreadable_dir(rel, e.into())),
            },
            (None, Err(_)) => match fs::metadata(&job.abs) {
                Ok(meta) => (meta.dev(), meta.ino()),
                Err(e) => return part.warn(WarningKind::Unreadable, unreadable_dir(rel, e)),
            },
        };
        if on_path(job.parent.as_ref(), key) {
            return part.warn(
                WarningKind::LinkLoop,
                format!("{rel} leads back into a folder already being walked and was not followed"),
            );
        }
        let fd = match opened {
            Ok(fd) => Arc::new(fd),
            Err(e) => {
                let shown = if rel.is_empty() { "." } else { rel };
                let e = io::Error::from(e);
                return part.warn(
                    WarningKind::Unreadable,
                    format!("{shown}/ could not be read ({e}); its files were not assessed"),
                );
            }
        };
        let chain = Arc::new(Chain {
            key,
            parent: job.parent,
        });
        let id = job.id;
        let dir_path = Arc::new(job.abs);
        let dir_fd = fd.as_fd();
        let mut child_rel = String::new();
        let mut dir = RawDir::new(dir_fd, entries.spare_capacity_mut());
        while let Some(entry) = dir.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    // As with `readdir`, an error ends the listing.
                    let e = io::Error::from(e);
                    part.warn(
                        WarningKind::Unreadable,
                        format!("an entry of {rel}/ could not be read ({e})"),
                    );
                    break;
                }
            };
            let name_c = entry.file_name();
            let name_os = OsStr::from_bytes(name_c.to_bytes());
            // `from_utf8` checks a valid name faster than the lossy conversion does.
            let name = match std::str::from_utf8(name_c.to_bytes()) {
                Ok(name) => Cow::Borrowed(name),
                Err(_) => name_os.to_string_lossy(),
            };
            if is_ignored_name(&name) {
                continue;
            }
            child_rel.clear();
            if !rel.is_empty() {
                child_rel.push_str(rel);
                child_rel.push('/');
            }
            child_rel.push_str(&name);
            let file_type = match entry.file_type() {
                FileType::Unknown => {
                    match rustix::fs::statat(dir_fd, name_c, AtFlags::SYMLINK_NOFOLLOW) {
                        Ok(st) => Ok(FileType::from_raw_mode(st.st_mode)),
                        Err(e) => Err(io::Error::from(e)),
                    }
                }
                known => Ok(known),
            };
            let child = || Job {
                abs: dir_path.join(name_os),
                at: Some((Arc::clone(&fd), name_c.to_owned())),
                rel: child_rel.clone(),
                key: None,
                parent: Some(Arc::clone(&chain)),
                id: self.folders.fetch_add(1, Ordering::Relaxed),
            };
            match file_type {
                Ok(FileType::Directory) => {
                    let job = child();
                    listing.add(&name, true, Entry::Folder(job.id));
                    found.push(job);
                }
                Ok(FileType::RegularFile) => {
                    let candidate = Candidate {
                        rel: &child_rel,
                        name: &name,
                        dir: dir_fd,
                        cname: name_c,
                        dir_path: &dir_path,
                        linked: None,
                    };
                    if let Some(entry) = self.file(&candidate, part, state, visit) {
                        listing.add(&name, false, entry);
                    }
                }
                Ok(FileType::Symlink) => {
                    let job = child();
                    let at = (dir_fd, name_c, name.as_ref(), &dir_path);
                    match self.link(job, at, found, part, state, visit) {
                        Some(entry @ Entry::Folder(_)) => listing.add(&name, true, entry),
                        Some(entry @ Entry::File(_)) => listing.add(&name, false, entry),
                        None => {}
                    }
                }
                Ok(_) => part.warn(
                    WarningKind::SpecialFile,
                    format!(
                        "{child_rel} is not a regular file (FIFO, socket or device) and was skipped"
                    ),
                ),
                Err(e) => part.warn(
                    WarningKind::Unreadable,
                    format!("{child_rel} could not be read ({e})"),
                ),
            }
        }
        listing.finish(id, &mut part.tree);
    }

    /// Hands a candidate to the visitor; the entry of the file if it kept it.
    fn file<S, V>(
        &self,
        candidate: &Candidate<'_>,
        part: &mut Part,
        state: &mut S,
        visit: &V,
    ) -> Option<Entry>
    where
        V: Fn(&mut S, &Candidate<'_>) -> bool,
    {
        let rel = candidate.rel;
        let excluded = !self.exclude.is_empty() && self.exclude.is_match(rel);
        if excluded || candidate.name == ".gitkeep" {
            return None;
        }
        part.listed += 1;
        if !visit(state, candidate) {
            return None;
        }
        part.tree.next_file()
    }

    /// A symbolic link: followed only when it resolves inside the root. The entry of the
    /// folder it leads to, or of the file if the visitor kept it.
    fn link<S, V>(
        &self,
        mut job: Job,
        (dir, cname, name, dir_path): (BorrowedFd<'_>, &CStr, &str, &Arc<PathBuf>),
        found: &mut Vec<Job>,
        part: &mut Part,
        state: &mut S,
        visit: &V,
    ) -> Option<Entry>
    where
        V: Fn(&mut S, &Candidate<'_>) -> bool,
    {
        let rel = job.rel.as_str();
        let target = match fs::canonicalize(&job.abs) {
            Ok(target) => target,
            Err(e) if is_loop(&e) => {
                let message = format!("{rel} is a symbolic link that loops and was not followed");
                return part.warn_none(WarningKind::LinkLoop, message);
            }
            Err(_) => {
                let message = format!("{rel} is a symbolic link to nothing and was skipped");
                return part.warn_none(WarningKind::BrokenLink, message);
            }
        };
        if !target.starts_with(&self.root) {
            let message = format!("{rel} links outside the evidence folder and was not followed");
            return part.warn_none(WarningKind::LinkOutsideRoot, message);
        }
        match fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                job.key = Some((meta.dev(), meta.ino()));
                let entry = Entry::Folder(job.id);
                found.push(job);
                Some(entry)
            }
            Ok(meta) if meta.is_file() => {
                let candidate = Candidate {
                    rel,
                    name,
                    dir,
                    cname,
                    dir_path,
                    linked: Some((meta.dev(), meta.ino())),
                };
                self.file(&candidate, part, state, visit)
            }
            Ok(_) => part.warn_none(
                WarningKind::SpecialFile,
                format!("{rel} links to something that is not a regular file and was skipped"),
            ),
            Err(e) => part.warn_none(
                WarningKind::Unreadable,
                format!("{rel} could not be read ({e})"),
            ),
        }
    }
}

impl Part {
    fn warn(&mut self, kind: WarningKind, message: String) {
        self.warnings.push(Warning::new(kind, message));
    }

    fn warn_none<T>(&mut self, kind: WarningKind, message: String) -> Option<T> {
        self.warn(kind, message);
        None
    }
}

fn unreadable_dir(rel: &str, e: io::Error) -> String {
    format!("{rel}/ could not be read ({e})")
}

fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.eq_ignore_ascii_case("README.md")
}

fn is_loop(e: &io::Error) -> bool {
    // ELOOP: too many levels of symbolic links.
    e.raw_os_error() == Some(40)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn a_file_swapped_for_a_link_out_of_the_root_while_its_folder_is_read_is_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("evidence");
        let outside = tmp.path().join("secret.md");
        fs::write(&outside, "---\ndate: 2026-01-01\n---\nnot evidence\n").unwrap();
        fs::create_dir_all(root.join("a")).unwrap();
        for name in ["plain.md", "kept.md", "target.md"] {
            fs::write(root.join("a").join(name), "---\ndate: 2026-02-02\n---\n").unwrap();
        }
        symlink(root.join("a/target.md"), root.join("a/link.md")).unwrap();
        let none = Matcher::new::<String>(&[]).unwrap();
        let walked = walk(&root, &none, 1, Vec::new, |seen: &mut Vec<_>, c| {
            // What someone writing to the folder could do between the listing and the read: a
            // plain file becomes a link out of the root, a checked link is pointed out of it.
            if c.name == "plain.md" || c.name == "link.md" {
                let path = root.join(c.rel);
                fs::remove_file(&path).unwrap();
                symlink(&outside, &path).unwrap();
            }
            let opened = c.open().map(|(_, stat)| stat.size);
            if let Err(e) = &opened {
                assert!(e.to_string().contains("replaced"), "{}: {e}", c.rel);
            }
            let opened = opened.ok();
            seen.push((
                c.rel.to_owned(),
                opened,
                c.stat().ok().map(|stat| stat.size),
            ));
            true
        });
        let mut seen: Vec<_> = walked.states.into_iter().flatten().collect();
        seen.sort();
        let size = Some(25);
        assert_eq!(
            seen,
            [
                ("a/kept.md".to_owned(), size, size),
                ("a/link.md".to_owned(), None, None),
                ("a/plain.md".to_owned(), None, None),
                ("a/target.md".to_owned(), size, size),
            ]
        );
    }
}
