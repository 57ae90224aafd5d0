//! The evidence index: one walk of the evidence folder, one glob match per file, dates from
//! front matter, names and folders, and byte-identical copies found. A file that no requirement
//! matches is listed by the walk but never opened; a matched file is opened only when it is
//! Markdown (for its front matter, read from a bounded prefix) or when it shares its size with
//! another file of the same requirement (to look for copies).

mod copies;
pub mod dates;
mod matcher;
mod order;
mod walk;

use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

pub use dates::DateSource;
pub use matcher::{Matcher, glob_builder};

use crate::error::{Error, Result};
use crate::warning::{Warning, WarningKind};

/// One evidence file that some requirement matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Path relative to the evidence root, `/`-separated; shared by the reports that list it.
    pub path: Arc<str>,
    /// Its date, if any rule gave one.
    pub date: Option<NaiveDate>,
    /// The rule that dated it.
    pub source: DateSource,
    /// The requirement slots whose globs match it, sorted.
    pub slots: Vec<u32>,
}

/// A copy that counts once: for `slot`, file `copy` is byte-identical to `original`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    /// The requirement slot.
    pub slot: u32,
    /// Index of the copy in `EvidenceIndex::files`.
    pub copy: usize,
    /// Index of the copy that counts.
    pub original: usize,
}

/// Counters that show how much work the walk did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Candidate files the walk listed.
    pub listed: usize,
    /// Files some requirement matched.
    pub matched: usize,
    /// Times a file was opened: once per Markdown file for its front matter (which reads its
    /// first block too), once per other copy candidate for the first block of its content, and
    /// once more for the whole content when the first-block hashes of two candidates are equal.
    /// Never for a file no requirement matches.
    pub opened: usize,
}

/// A matched file that is a draft and does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Path relative to the evidence root.
    pub path: String,
    /// The requirement slots whose globs match it.
    pub slots: Vec<u32>,
}

/// The evidence of one folder, as the requirements of one library see it.
#[derive(Debug, Clone, Default)]
pub struct EvidenceIndex {
    /// Matched files, sorted by path; drafts are left out.
    pub files: Vec<EvidenceFile>,
    /// Copies that count once per requirement.
    pub reused: Vec<Reuse>,
    /// Matched Markdown marked `status: draft`: not evidence, kept to explain a gap.
    pub drafts: Vec<Draft>,
    /// Walk and dating problems.
    pub warnings: Vec<Warning>,
    /// Work counters.
    pub stats: Stats,
}

/// Builds the index of `root` for requirement slots `slots[i] = globs`, skipping files that
/// match an `exclude` glob.
pub fn index(root: &Path, exclude: &[String], slots: &[Vec<String>]) -> Result<EvidenceIndex> {
    index_counting(root, exclude, slots, &AtomicUsize::new(0))
}

/// `index`, counting every file the walk lists into `listed` as it goes, so a caller on another
/// thread can show progress on a large tree. The count is only ever added to.
pub fn index_counting(
    root: &Path,
    exclude: &[String],
    slots: &[Vec<String>],
    listed: &AtomicUsize,
) -> Result<EvidenceIndex> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::Invalid(format!(
                "the evidence path {} is not a folder; point --evidence (or `dir` under [evidence] in soc2.toml) at the folder that holds the evidence",
                root.display()
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::MissingEvidence(root.to_path_buf()));
        }
        Err(e) => return Err(Error::io("read the evidence folder", root, e)),
    }
    let exclude = Matcher::new(&[exclude.to_vec()])?;
    let matcher = Matcher::new(slots)?;
    let threads = crate::par::threads();
    let walked = walk::walk(
        root,
        &exclude,
        threads,
        Scratch::new,
        |scratch, candidate| {
            listed.fetch_add(1, Ordering::Relaxed);
            see(&matcher, scratch, candidate)
        },
    );
    let mut idx = EvidenceIndex {
        warnings: walked.warnings,
        ..EvidenceIndex::default()
    };
    let states = walked.states;
    idx.stats.listed = walked.listed;
    idx.stats.matched = states.iter().map(|s| s.seen.len()).sum();
    let opened = states.iter().flat_map(|s| &s.seen).filter(|s| s.opened);
    idx.stats.opened = opened.count();
    let order = walked.order.unwrap_or_else(|| sorted(&states, threads));
    let kept = build(&states, &order, &mut idx, threads);
    // The walk's buffers are large and go back to the system here, before copies and scoring.
    drop(order);
    drop(states);
    copies::find_copies(&kept, &mut idx, threads);
    Ok(idx)
}

/// Turns the walk's finds, taken in `order` (path order), into the index's files and drafts,
/// and returns what copy detection needs of each file. Each of `threads` threads builds a
/// stretch of the path order; the first stretch's list has room for all the files, so joining
/// the others moves them in once, and the index is never held twice.
fn build(
    states: &[Scratch],
    order: &[Place],
    idx: &mut EvidenceIndex,
    threads: usize,
) -> Vec<copies::Kept> {
    // A small index is built faster than a thread starts.
    let threads = if order.len() < BUILD_SPLIT_FROM {
        1
    } else {
        threads
    };
    let chunk = order.len().div_ceil(threads.max(1)).max(1);
    let stretches: Vec<&[Place]> = order.chunks(chunk).collect();
    // Counted thread by thread, in memory order, rather than by following `order` around.
    let drafts: usize = states
        .iter()
        .map(|state| state.seen.iter().filter(|seen| seen.draft).count())
        .sum();
    let total = order.len().saturating_sub(drafts);
    let parts: Vec<Built> = std::thread::scope(|scope| {
        let mut work = stretches.iter();
        let first = work.next();
        let others: Vec<_> = work
            .map(|stretch| scope.spawn(move || fill(states, stretch, stretch.len())))
            .collect();
        let mut parts: Vec<Built> = first.map(|s| fill(states, s, total)).into_iter().collect();
        for other in others {
            // A panic in a worker goes on in the caller: an index with files missing would be
            // worse than none.
            match other.join() {
                Ok(part) => parts.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut kept = Vec::with_capacity(total);
    for mut part in parts {
        if idx.files.is_empty() {
            idx.files = std::mem::take(&mut part.files);
        } else {
            idx.files.append(&mut part.files);
        }
        kept.extend(part.kept);
        idx.drafts.extend(part.drafts);
        idx.warnings.extend(part.warnings);
    }
    kept
}

/// Matched files from which the index is built on several threads.
const BUILD_SPLIT_FROM: usize = 4096;

/// What one thread built of the index.
struct Built {
    files: Vec<EvidenceFile>,
    kept: Vec<copies::Kept>,
    drafts: Vec<Draft>,
    warnings: Vec<Warning>,
}

/// Builds the files of `stretch` (drafts left out) into a list with room for `room` files.
fn fill(states: &[Scratch], stretch: &[Place], room: usize) -> Built {
    let mut built = Built {
        files: Vec::with_capacity(room),
        kept: Vec::with_capacity(stretch.len()),
        drafts: Vec::new(),
        warnings: Vec::new(),
    };
    // Looked up first, in a loop with nothing else in it, so the processor overlaps the cache
    // misses of following the path order around the walk's finds; the building below then
    // finds them in cache.
    let finds: Vec<Found<'_>> = stretch
        .iter()
        .filter_map(|&place| found(states, place))
        .collect();
    for (rel, slots, seen) in finds {
        built.warnings.extend(seen.warning.clone());
        if seen.draft {
            built.drafts.push(Draft {
                path: rel.to_owned(),
                slots: slots.to_vec(),
            });
            continue;
        }
        built.files.push(EvidenceFile {
            path: Arc::from(rel),
            date: seen.date,
            source: seen.source,
            slots: slots.to_vec(),
        });
        built.kept.push(copies::Kept {
            stat: seen.stat,
            head: seen.head,
            location: seen.location.clone(),
        });
    }
    built
}

/// A matched file as one walking thread found it: its path, its slots and what the walk saw.
type Found<'a> = (&'a str, &'a [u32], &'a Seen);

/// Where a find lies: (walking thread, the file's number among that thread's finds).
type Place = (usize, usize);

fn found(states: &[Scratch], (t, n): Place) -> Option<Found<'_>> {
    let state = states.get(t)?;
    let seen = state.seen.get(n)?;
    Some((state.rel(seen), state.slots(seen), seen))
}

/// Every thread's finds sorted into path order, for when the walk could not give that order.
/// Two names can differ only in bytes that are not UTF-8 and so share `rel`: the real path
/// breaks the tie, so the order never depends on which thread listed them first. Each thread's
/// finds are sorted on a thread of their own, then merged.
fn sorted(states: &[Scratch], threads: usize) -> Vec<Place> {
    let numbered: Vec<usize> = (0..states.len()).collect();
    let runs = crate::par::map(&numbered, threads, |_: &mut (), &t| {
        let mut run: Vec<(Found<'_>, Place)> = (0..states.get(t).map_or(0, |s| s.seen.len()))
            .filter_map(|n| Some((found(states, (t, n))?, (t, n))))
            .collect();
        run.sort_unstable_by(|(a, _), (b, _)| path_order(a, b));
        run
    });
    let mut all = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    let mut next = vec![0usize; runs.len()];
    loop {
        // A handful of runs: the smallest head is found by looking at each.
        let mut best: Option<(usize, &(Found<'_>, Place))> = None;
        for (i, run) in runs.iter().enumerate() {
            let Some(head) = next.get(i).and_then(|&at| run.get(at)) else {
                continue;
            };
            if best.is_none_or(|(_, b)| path_order(&head.0, &b.0).is_lt()) {
                best = Some((i, head));
            }
        }
        let Some((i, (_, place))) = best else { break };
        all.push(*place);
        if let Some(at) = next.get_mut(i) {
            *at += 1;
        }
    }
    all
}

fn path_order((ra, _, a): &Found<'_>, (rb, _, b): &Found<'_>) -> std::cmp::Ordering {
    ra.cmp(rb)
        .then_with(|| a.location.path(ra).cmp(&b.location.path(rb)))
}

/// One walking thread's buffers and finds. Paths and slots of matched files are packed into
/// two large buffers rather than one small allocation each: that is faster, and the memory goes
/// back to the system in one piece once the index is built.
struct Scratch {
    hits: Vec<usize>,
    matched: Vec<u32>,
    prefix: Vec<u8>,
    /// Relative paths of the matched files, end to end.
    rels: String,
    /// Their slots, end to end.
    slots: Vec<u32>,
    seen: Vec<Seen>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            hits: Vec::new(),
            matched: Vec::new(),
            prefix: vec![0; dates::FRONT_MATTER_LIMIT],
            rels: String::new(),
            slots: Vec::new(),
            seen: Vec::new(),
        }
    }

    fn rel(&self, seen: &Seen) -> &str {
        self.rels.get(seen.rel.clone()).unwrap_or_default()
    }

    fn slots(&self, seen: &Seen) -> &[u32] {
        self.slots.get(seen.slots.clone()).unwrap_or_default()
    }
}

/// A matched file as the walk saw it, dated in the walking thread.
struct Seen {
    rel: Range<usize>,
    slots: Range<usize>,
    date: Option<NaiveDate>,
    source: DateSource,
    /// Marked `status: draft`: listed as a warning, not evidence.
    draft: bool,
    /// Whether the walk opened it (Markdown, for its front matter).
    opened: bool,
    /// Its size and identity, when they could be read.
    stat: Option<walk::Stat>,
    /// The copy-detection hash of its first block, when the walk read that block anyway (the
    /// head of a Markdown file).
    head: Option<u64>,
    location: walk::Location,
    /// A draft, an unusable front-matter date or an unreadable Markdown file.
    warning: Option<Warning>,
}

/// Matches one candidate; a matched file is measured and dated, and, if Markdown, its front
/// matter read. Whether it matched (and so was kept).
fn see(matcher: &Matcher, scratch: &mut Scratch, candidate: &walk::Candidate<'_>) -> bool {
    let rel = candidate.rel;
    matcher.matches_into(rel, &mut scratch.hits, &mut scratch.matched);
    if scratch.matched.is_empty() {
        return false;
    }
    let mut seen = Seen {
        rel: push(&mut scratch.rels, rel),
        slots: scratch.slots.len()..scratch.slots.len() + scratch.matched.len(),
        date: None,
        source: DateSource::None,
        draft: false,
        opened: false,
        stat: None,
        head: None,
        location: candidate.location(),
        warning: None,
    };
    scratch.slots.extend_from_slice(&scratch.matched);
    let mut dated = None;
    if dates::is_markdown(candidate.name) {
        seen.opened = true;
        match front_matter(candidate, &mut scratch.prefix) {
            Ok((fm, stat, head)) => {
                seen.stat = Some(stat);
                seen.head = head;
                if fm.draft {
                    seen.draft = true;
                    seen.warning = Some(Warning::new(
                        WarningKind::DraftEvidence,
                        format!(
                            "{rel} is marked `status: draft` and does not count until it is approved"
                        ),
                    ));
                } else if let Some(bad) = fm.bad_date {
                    seen.warning = Some(Warning::new(
                        WarningKind::BadFrontMatterDate,
                        format!(
                            "{rel} has front matter `date: {bad}`, which is not a YYYY-MM-DD date; fix it so the file is dated"
                        ),
                    ));
                }
                dated = fm.date.map(|date| (date, DateSource::FrontMatter));
            }
            Err(e) => {
                seen.stat = candidate.stat().ok();
                seen.warning = Some(Warning::new(
                    WarningKind::Unreadable,
                    format!("{rel} could not be read ({e}); dated by its name only"),
                ));
            }
        }
    } else {
        seen.stat = candidate.stat().ok();
    }
    if !seen.draft
        && let Some((date, source)) = dated.or_else(|| dates::date_from_path(rel))
    {
        seen.date = Some(date);
        seen.source = source;
    }
    scratch.seen.push(seen);
    true
}

/// Appends `text` to `buf` and returns where it lies.
fn push(buf: &mut String, text: &str) -> Range<usize> {
    let start = buf.len();
    buf.push_str(text);
    start..buf.len()
}

/// Bytes of a Markdown file read first: enough for most front matter, and for any file that
/// does not start with a block. They are also the first block copy detection compares.
const FRONT_MATTER_HEAD: usize = copies::BLOCK;

/// Reads the front matter of a Markdown file from at most `FRONT_MATTER_LIMIT` bytes, its size
/// from the open file, and the copy-detection hash of its first block, so a Markdown file that
/// turns out to be a copy candidate is not opened again for it. The first kilobyte decides
/// most files; the rest of the limit is read only while a block is still open.
fn front_matter(
    candidate: &walk::Candidate<'_>,
    buf: &mut [u8],
) -> io::Result<(dates::FrontMatter, walk::Stat, Option<u64>)> {
    let (mut file, stat) = candidate.open()?;
    let size = stat.size;
    let head = buf.get_mut(..FRONT_MATTER_HEAD).unwrap_or_default();
    let filled = read_prefix(&mut file, head, Some(size))?;
    let first = head.get(..filled).unwrap_or_default();
    // A file that changed size since it was opened gets its first block read again later.
    let block =
        (filled as u64 == size.min(FRONT_MATTER_HEAD as u64)).then(|| copies::block_hash(first));
    if filled as u64 >= size {
        return Ok((dates::parse_front_matter(first), stat, block));
    }
    if let Some(matter) = dates::parse_front_matter_head(first) {
        return Ok((matter, stat, block));
    }
    let rest = buf.get_mut(filled..).unwrap_or_default();
    let more = read_prefix(&mut file, rest, Some(size.saturating_sub(filled as u64)))?;
    let prefix = buf.get(..filled + more).unwrap_or_default();
    Ok((dates::parse_front_matter(prefix), stat, block))
}

/// Fills `buf` from the start of `file`, stopping at `size` bytes when the size is known so the
/// usual case costs one `read` and no extra call to find the end.
pub(crate) fn read_prefix(
    file: &mut impl Read,
    buf: &mut [u8],
    size: Option<u64>,
) -> io::Result<usize> {
    let want = size.map_or(buf.len(), |s| {
        usize::try_from(s).unwrap_or(usize::MAX).min(buf.len())
    });
    let mut filled = 0;
    while filled < want {
        let Some(space) = buf.get_mut(filled..want) else {
            break;
        };
        match file.read(space) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Opens the evidence file that a report shows as `rel` under `root`, to read it again after an
/// assessment: only if it is a regular file that lies inside `root` once links are followed,
/// checked on the open file, so a name swapped for a link out of the root since the walk is
/// refused. A name shown with U+FFFD is found again among the real names (see `real_path`).
pub fn open(root: &Path, rel: &str) -> io::Result<std::fs::File> {
    crate::read::open_inside(root, &real_path(root, rel)?)
}

/// The real path, relative to `root`, of the file a report shows as `rel`. A part holding no
/// U+FFFD is taken as it is; a part holding one is looked up among the names of its folder,
/// as the one name that shows that way once invalid UTF-8 is replaced. Two such names are an
/// error that says so: the report cannot tell them apart either.
pub fn real_path(root: &Path, rel: &str) -> io::Result<std::path::PathBuf> {
    let mut real = std::path::PathBuf::new();
    for part in rel.split('/') {
        if !part.contains('\u{FFFD}') {
            real.push(part);
            continue;
        }
        let mut found = None;
        for entry in std::fs::read_dir(root.join(&real))? {
            let name = entry?.file_name();
            if name.to_string_lossy() != part {
                continue;
            }
            if found.is_some() {
                return Err(io::Error::other(format!(
                    "more than one name in {} shows as {part}; rename one so each is told apart",
                    if real.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        &real
                    }
                    .display()
                )));
            }
            found = Some(name);
        }
        real.push(found.ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?);
    }
    Ok(real)
}

/// SHA-256 of the evidence file shown as `rel` under `root`, read in blocks; opened as `open`
/// opens it.
pub fn digest(root: &Path, rel: &str) -> io::Result<[u8; 32]> {
    use sha2::{Digest, Sha256};
    let mut file = open(root, rel)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hasher.finalize().into())
}

#[cfg(test)]
mod tests;
