//! The floor of `soc2 assess` on a tree: the file-system work SPEC §4 obliges any implementation
//! to do, done by a walk that knows in advance which files matter, timed against `fdfind -u -t f`
//! in alternation, in one process.
//!
//! soc2's rules make it do more than list names. For every file some requirement matches it must
//! know the size (byte-identical copies count once, and only files of one size can be copies);
//! for every matched Markdown file it must read the front matter (a `date:` there wins over the
//! name, and `status: draft` is not evidence); files that share a size and a requirement must be
//! opened to see whether they are copies, and real copies read to the end. This program does
//! exactly that and nothing else, the cheapest way the kernel allows: on the same two-thread
//! walk, each file looked up relative to its open folder, a Markdown head read once for both its
//! front matter and its first block, and, clairvoyantly, the copy candidates and copies (found by
//! one soc2 run before any timing) read while their folder is open. It matches no glob, parses
//! no date, sorts nothing, scores nothing and writes no report; so no implementation of SPEC §4
//! can take less time than this floor on the same machine, and the floor over fd bounds what
//! `soc2 assess` over fd can reach.
//!
//! `benches/run.sh` times it with hyperfine beside fd (`floor walk` less `floor load`, the cost
//! of reading the plan); by hand, `cargo bench --bench floor -- alternate DIR 20` alternates
//! both in one process.

use std::collections::HashMap;
use std::error::Error;
use std::ffi::{CStr, CString};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Instant;

use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir};

/// A multiply-rotate hasher: the floor's look-up of a path must cost next to nothing, or the floor
/// would include work soc2 does not need to do.
#[derive(Default)]
struct Quick(u64);

impl Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..chunk.len()) {
                w.copy_from_slice(chunk);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Plan = HashMap<String, Work, BuildHasherDefault<Quick>>;

/// What the floor walk does with one file.
#[derive(Clone, Copy, Default)]
struct Work {
    /// Markdown: open, size from the open file, read the head.
    markdown: bool,
    /// A copy candidate: read its first block (Markdown: the head read already covers it).
    candidate: bool,
    /// One of a set of byte-identical files: read to the end.
    copy: bool,
}

/// Bytes of a Markdown file soc2 reads first, and of a copy candidate's first block.
const HEAD: usize = 4096;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let usage = "usage: floor plan|walk|load|alternate EVIDENCE_DIR [PLAN_FILE | ROUNDS]";
    let (Some(mode), Some(root)) = (args.first(), args.get(1)) else {
        return Err(usage.into());
    };
    let root = PathBuf::from(root);
    let mut out = std::io::stdout().lock();
    match (mode.as_str(), args.get(2)) {
        // Writes the plan for `walk` and `load`, and says what it holds.
        ("plan", Some(file)) => {
            let plan = plan(&root)?;
            let [matched, markdown, candidates, copies] = count(&plan);
            writeln!(
                out,
                "floor plan: {matched} matched files, {markdown} Markdown, {candidates} copy candidates, {copies} copies"
            )?;
            save(&plan, Path::new(file))?;
        }
        // One floor walk, as its own process, for hyperfine; `load` is the same process
        // without the walk, so the walk's own cost is the difference of the two.
        ("walk", Some(file)) => walk(&root, &load(Path::new(file))?),
        ("load", Some(file)) => drop(load(Path::new(file))?),
        // Floor walks and fd runs alternated in this process.
        ("alternate", rounds) => {
            let rounds: usize = rounds.map_or(Ok(10), |r| r.parse())?;
            let plan = plan(&root)?;
            let (fd, floor) = alternate(&root, &plan, rounds)?;
            writeln!(
                out,
                "medians of {rounds} alternated rounds: fd {:.1} ms, floor {:.1} ms, floor / fd {:.2}",
                fd * 1e3,
                floor * 1e3,
                floor / fd
            )?;
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}

fn alternate(root: &Path, plan: &Plan, rounds: usize) -> Result<(f64, f64), Box<dyn Error>> {
    let (mut fd, mut floor) = (Vec::new(), Vec::new());
    // A warm-up of both, then alternate, the order swapped every round.
    time_fd(root)?;
    walk(root, plan);
    for round in 0..rounds {
        if round % 2 == 0 {
            fd.push(time_fd(root)?);
            floor.push(time(|| walk(root, plan)));
        } else {
            floor.push(time(|| walk(root, plan)));
            fd.push(time_fd(root)?);
        }
    }
    Ok((median(&mut fd), median(&mut floor)))
}

/// One line per file: its work as three 0/1 digits, a tab, its path.
fn save(plan: &Plan, file: &Path) -> Result<(), Box<dyn Error>> {
    let mut text = String::new();
    for (path, w) in plan {
        let digit = |b: bool| if b { '1' } else { '0' };
        text.extend([digit(w.markdown), digit(w.candidate), digit(w.copy), '\t']);
        text.push_str(path);
        text.push('\n');
    }
    std::fs::write(file, text)?;
    Ok(())
}

fn load(file: &Path) -> Result<Plan, Box<dyn Error>> {
    let text = std::fs::read_to_string(file)?;
    let mut plan = Plan::default();
    plan.reserve(text.len() / 64);
    for line in text.lines() {
        let (flags, path) = line.split_once('\t').ok_or("a plan line without a tab")?;
        let flag = |i: usize| flags.as_bytes().get(i) == Some(&b'1');
        let work = Work {
            markdown: flag(0),
            candidate: flag(1),
            copy: flag(2),
        };
        plan.insert(path.to_owned(), work);
    }
    Ok(plan)
}

/// Which files matter and how, from one index soc2 builds of the tree (every category in
/// scope, so every built-in requirement's globs).
fn plan(root: &Path) -> Result<Plan, Box<dyn Error>> {
    let library = soc2::library::load(true, &[])?;
    let globs: Vec<Vec<String>> = library
        .controls
        .iter()
        .flat_map(|c| c.evidence.iter().map(|r| r.paths.clone()))
        .collect();
    let index = soc2::evidence::index(root, &[], &globs)?;
    let mut plan = Plan::default();
    let matched = index.files.iter().map(|f| (&*f.path, &f.slots));
    let drafts = index.drafts.iter().map(|d| (d.path.as_str(), &d.slots));
    let mut by_size: HashMap<(u64, u32), Vec<String>> = HashMap::new();
    for (path, slots) in matched.chain(drafts) {
        let markdown = soc2::evidence::dates::is_markdown(path);
        plan.insert(
            path.to_owned(),
            Work {
                markdown,
                ..Work::default()
            },
        );
        let size = std::fs::metadata(root.join(path))?.len();
        for &slot in slots {
            by_size
                .entry((size, slot))
                .or_default()
                .push(path.to_owned());
        }
    }
    for same in by_size.values().filter(|same| same.len() > 1) {
        for path in same {
            if let Some(work) = plan.get_mut(path) {
                work.candidate = true;
            }
        }
    }
    for reuse in &index.reused {
        for i in [reuse.copy, reuse.original] {
            if let Some(work) = index.files.get(i).and_then(|f| plan.get_mut(&*f.path)) {
                work.copy = true;
            }
        }
    }
    Ok(plan)
}

fn count(plan: &Plan) -> [usize; 4] {
    let works = plan.values();
    [
        plan.len(),
        works.clone().filter(|w| w.markdown).count(),
        works.clone().filter(|w| w.candidate).count(),
        works.filter(|w| w.copy).count(),
    ]
}

fn time(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

fn time_fd(root: &Path) -> Result<f64, Box<dyn Error>> {
    let start = Instant::now();
    let status = Command::new("fdfind")
        .args(["-u", "-t", "f", "."])
        .arg(root)
        .stdout(Stdio::null())
        .status()?;
    let elapsed = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err("fdfind failed".into());
    }
    Ok(elapsed)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A folder still to read: its parent's descriptor and its name, and its relative path.
struct Job {
    at: Option<(Arc<OwnedFd>, CString)>,
    rel: String,
}

struct Queue {
    jobs: Vec<Job>,
    busy: usize,
}

/// The floor walk on two threads sharing one stack of folders, as soc2's walk does.
fn walk(root: &Path, plan: &Plan) {
    let queue = Mutex::new(Queue {
        jobs: vec![Job {
            at: None,
            rel: String::new(),
        }],
        busy: 0,
    });
    let wake = Condvar::new();
    let work = || {
        let mut entries: Vec<u8> = Vec::with_capacity(32 * 1024);
        let mut buf = vec![0u8; 64 * 1024];
        let mut found = Vec::new();
        loop {
            let job = {
                let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
                loop {
                    if let Some(job) = q.jobs.pop() {
                        q.busy += 1;
                        break Some(job);
                    }
                    if q.busy == 0 {
                        break None;
                    }
                    q = wake.wait(q).unwrap_or_else(PoisonError::into_inner);
                }
            };
            let Some(job) = job else { return };
            folder(root, job, plan, &mut found, &mut entries, &mut buf);
            let mut q = queue.lock().unwrap_or_else(PoisonError::into_inner);
            q.jobs.append(&mut found);
            q.busy -= 1;
            drop(q);
            wake.notify_all();
        }
    };
    std::thread::scope(|s| {
        s.spawn(work);
        work();
    });
}

fn folder(
    root: &Path,
    job: Job,
    plan: &Plan,
    found: &mut Vec<Job>,
    entries: &mut Vec<u8>,
    buf: &mut [u8],
) {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let opened = match &job.at {
        Some((parent, name)) => rustix::fs::openat(parent, name.as_c_str(), flags, Mode::empty()),
        None => rustix::fs::open(root, flags, Mode::empty()),
    };
    let Ok(fd) = opened else { return };
    // soc2 (like fd) reads each folder's identity once, to stop link loops.
    let _ = rustix::fs::fstat(&fd);
    let fd = Arc::new(fd);
    let mut rel = String::new();
    let mut dir = RawDir::new(fd.as_fd(), entries.spare_capacity_mut());
    while let Some(Ok(entry)) = dir.next() {
        let cname = entry.file_name();
        let Ok(name) = std::str::from_utf8(cname.to_bytes()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        rel.clear();
        if !job.rel.is_empty() {
            rel.push_str(&job.rel);
            rel.push('/');
        }
        rel.push_str(name);
        match entry.file_type() {
            FileType::Directory => found.push(Job {
                at: Some((Arc::clone(&fd), cname.to_owned())),
                rel: rel.clone(),
            }),
            FileType::RegularFile => {
                if let Some(work) = plan.get(&rel) {
                    file(fd.as_fd(), cname, *work, buf);
                }
            }
            _ => {}
        }
    }
}

/// The least soc2 must do with one matched file.
fn file(dir: BorrowedFd<'_>, name: &CStr, work: Work, buf: &mut [u8]) {
    if !work.markdown && !work.candidate && !work.copy {
        let _ = rustix::fs::statat(dir, name, AtFlags::empty());
        return;
    }
    let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY | OFlags::NONBLOCK;
    let Ok(fd) = rustix::fs::openat(dir, name, flags, Mode::empty()) else {
        return;
    };
    // The size, and that it is still a regular file, from the open file.
    let _ = rustix::fs::fstat(&fd);
    let mut file = std::fs::File::from(fd);
    let limit = if work.copy { buf.len() } else { HEAD };
    if let Some(head) = buf.get_mut(..limit) {
        let _ = file.read(head);
    }
    if work.copy {
        while matches!(file.read(buf), Ok(n) if n > 0) {}
    }
}
