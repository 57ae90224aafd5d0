//! Byte-identical copies among the files one requirement matched (SPEC §4): they count once, as
//! the earliest-dated copy, and the others become `reused-evidence` warnings.
//!
//! Only a file that shares its size with another file of the same requirement can be a copy, so
//! only such files are opened. Their first block is hashed with a fast hash; only files whose
//! size and first-block hash both agree with another's are read again, side by side from the
//! start, until they differ or end, so the answer never rests on a hash of part of a file. Files
//! of the walk that no requirement matched never get here.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::walk::{Identity, Location, Stat};
use super::{EvidenceIndex, Reuse};
use crate::warning::{Warning, WarningKind};

/// Bytes hashed in the first pass: a kilobyte, the head the walk reads of every Markdown file
/// for its front matter, so a Markdown candidate's first block costs no second open. Files of
/// one size that differ almost always differ there (a date, an id, a compressed stream); those
/// that do not are compared to the end anyway.
pub(super) const BLOCK: usize = 1024;

/// Read size of the second pass, per file.
const CHUNK: usize = 64 * 1024;

/// What copy detection needs of a kept file, index for index with `EvidenceIndex::files`.
pub(super) struct Kept {
    /// Its size and identity, when they could be read: every later open must find the same
    /// file there.
    pub stat: Option<Stat>,
    /// The hash of its first block, when the walk read it.
    pub head: Option<u64>,
    /// Where to open it.
    pub location: Location,
}

type Sha = [u8; 32];

/// Finds the copies among `idx.files` and records them in `idx.reused`, with their warnings.
pub(super) fn find_copies(kept: &[Kept], idx: &mut EvidenceIndex, threads: usize) {
    let candidates = candidates(kept, idx);
    // (size, first-block hash) -> files; the walk hashed the first block of Markdown files.
    let mut keyed: Vec<((u64, u64), usize)> = Vec::with_capacity(candidates.len());
    let mut items: Vec<(usize, PathBuf, Stat)> = Vec::new();
    for &i in &candidates {
        let (Some(k), Some(file)) = (kept.get(i), idx.files.get(i)) else {
            continue;
        };
        let Some(stat) = k.stat else { continue };
        match k.head {
            Some(hash) => keyed.push(((stat.size, hash), i)),
            None => items.push((i, k.location.path(&file.path), stat)),
        }
    }
    idx.stats.opened += items.len();
    let first = crate::par::map(&items, threads, |buf, (_, path, stat)| {
        first_block(path, *stat, buf)
    });
    for ((i, _, stat), result) in items.iter().zip(first) {
        match result {
            Ok(hash) => keyed.push(((stat.size, hash), *i)),
            Err(e) => unreadable(idx, *i, &e),
        }
    }
    keyed.sort_unstable();
    let runs: Vec<Vec<usize>> = keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .map(|run| run.iter().map(|&(_, i)| i).collect())
        .collect();
    let mut groups = rest_of_content(kept, &runs, idx, threads);
    for group in &mut groups {
        group.sort_unstable();
    }
    groups.sort();
    for group in groups {
        mark_copies(&group, idx);
    }
    idx.reused.sort_by_key(|r| (r.slot, r.copy));
}

/// Files that share their size with another file of one of their requirements, ascending.
/// Files are grouped by size first: most sizes are held by one file, and only the files of a
/// shared size have their requirements compared, so a large library costs little here.
fn candidates(kept: &[Kept], idx: &EvidenceIndex) -> Vec<usize> {
    let mut by_size: Vec<(u64, usize)> = kept
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((k.stat?.size, i)))
        .collect();
    by_size.sort_unstable();
    let mut chosen = vec![false; kept.len()];
    let mut by_slot: Vec<(u32, usize)> = Vec::new();
    for run in by_size
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        by_slot.clear();
        for &(_, i) in run {
            let slots = idx
                .files
                .get(i)
                .map(|f| f.slots.as_slice())
                .unwrap_or_default();
            by_slot.extend(slots.iter().map(|&slot| (slot, i)));
        }
        by_slot.sort_unstable();
        for same in by_slot
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|same| same.len() > 1)
        {
            for &(_, i) in same {
                if let Some(c) = chosen.get_mut(i) {
                    *c = true;
                }
            }
        }
    }
    (0..kept.len())
        .filter(|&i| chosen.get(i) == Some(&true))
        .collect()
}

/// Second pass, for runs of files whose size and first-block hash agree: their whole content.
fn rest_of_content(
    kept: &[Kept],
    runs: &[Vec<usize>],
    idx: &mut EvidenceIndex,
    threads: usize,
) -> Vec<Vec<usize>> {
    let runs: Vec<Vec<(usize, PathBuf, Identity)>> = runs
        .iter()
        .map(|run| {
            run.iter()
                .filter_map(|&i| {
                    let k = kept.get(i)?;
                    Some((i, k.location.path(&idx.files.get(i)?.path), k.stat?.id))
                })
                .collect()
        })
        .collect();
    idx.stats.opened += runs.iter().map(Vec::len).sum::<usize>();
    let mut groups = Vec::new();
    for (identical, failed) in
        crate::par::map(&runs, threads, |bufs, run| split_identical(run, bufs))
    {
        groups.extend(identical);
        for (i, e) in failed {
            unreadable(idx, i, &e);
        }
    }
    groups
}

/// Runs larger than this are hashed instead of compared side by side, to keep few files open.
const SIDE_BY_SIDE: usize = 16;

/// Splits a run of files whose size and first-block hash agree into sets of identical files
/// (sets of one left out), and the files that could not be read. Small runs are read side by
/// side, chunk by chunk, and split as soon as chunks differ: each byte is read once and nothing
/// is hashed.
fn split_identical(
    run: &[(usize, PathBuf, Identity)],
    bufs: &mut Vec<Vec<u8>>,
) -> (Vec<Vec<usize>>, Vec<(usize, io::Error)>) {
    let mut failed = Vec::new();
    if run.len() > SIDE_BY_SIDE {
        let mut keyed = Vec::with_capacity(run.len());
        bufs.resize_with(1, Vec::new);
        for (i, path, id) in run {
            match bufs.first_mut().map(|buf| whole(path, *id, buf)) {
                Some(Ok(sha)) => keyed.push((sha, *i)),
                Some(Err(e)) => failed.push((*i, e)),
                None => {}
            }
        }
        keyed.sort_unstable();
        let groups = keyed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|set| set.len() > 1)
            .map(|set| set.iter().map(|&(_, i)| i).collect())
            .collect();
        return (groups, failed);
    }
    bufs.resize_with(run.len(), Vec::new);
    // (slot in `bufs`, file index, open file), read from the start.
    let mut open = Vec::with_capacity(run.len());
    for (k, (i, path, id)) in run.iter().enumerate() {
        match crate::read::open_same(path, *id) {
            Ok(file) => open.push((k, *i, file)),
            Err(e) => failed.push((*i, e)),
        }
    }
    let mut pending = vec![open];
    let mut groups = Vec::new();
    while let Some(set) = pending.pop() {
        if set.len() < 2 {
            continue;
        }
        let mut read = Vec::with_capacity(set.len());
        let mut at_end = true;
        for (k, i, mut file) in set {
            let Some(buf) = bufs.get_mut(k) else { continue };
            match next_chunk(&mut file, buf) {
                Ok(n) => {
                    at_end &= n == 0;
                    read.push((k, i, file));
                }
                Err(e) => failed.push((i, e)),
            }
        }
        if at_end {
            if read.len() > 1 {
                groups.push(read.into_iter().map(|(_, i, _)| i).collect());
            }
            continue;
        }
        let mut parts: Vec<Vec<(usize, usize, File)>> = Vec::new();
        for member in read {
            let chunk = bufs.get(member.0);
            match parts
                .iter_mut()
                .find(|part| part.first().and_then(|first| bufs.get(first.0)) == chunk)
            {
                Some(part) => part.push(member),
                None => parts.push(vec![member]),
            }
        }
        pending.extend(parts);
    }
    (groups, failed)
}

fn unreadable(idx: &mut EvidenceIndex, i: usize, e: &io::Error) {
    let Some(file) = idx.files.get(i) else { return };
    let message = format!(
        "{} could not be read ({e}); it was not checked for copies",
        file.path
    );
    idx.warnings
        .push(Warning::new(WarningKind::Unreadable, message));
}

/// The hash of the first `BLOCK` bytes of a file, opened only if it is still the file the walk
/// looked at.
fn first_block(path: &Path, stat: Stat, buf: &mut Vec<u8>) -> io::Result<u64> {
    buf.resize(BLOCK, 0);
    let mut file = crate::read::open_same(path, stat.id)?;
    let filled = super::read_prefix(&mut file, buf, Some(stat.size))?;
    Ok(block_hash(buf.get(..filled).unwrap_or_default()))
}

/// A fast 64-bit hash, to group look-alike first blocks. Files with equal hashes are always
/// compared byte for byte afterwards, so a collision costs a read, never a wrong answer;
/// SHA-256 here took 1.5% of the CPU time of a run on the 100,000-file bench tree.
pub(super) fn block_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    // Four independent lanes, so the multiplications of neighbouring words overlap.
    let mut lanes: [u64; 4] = [
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ word).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut hash = bytes.len() as u64;
    for lane in lanes {
        hash = (hash ^ lane).wrapping_mul(K).rotate_left(31);
    }
    for &byte in blocks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(K);
    }
    hash ^ (hash >> 32)
}

/// The next `CHUNK` bytes (fewer only at the end), so chunks of files of one size line up.
fn next_chunk(file: &mut File, buf: &mut Vec<u8>) -> io::Result<usize> {
    // Whole-chunk reads: `read_to_end` would probe and grow in 8 and 16 KiB steps. The buffer
    // is full-length after every chunk but the last, so this resize costs nothing then.
    buf.resize(CHUNK, 0);
    let n = super::read_prefix(file, buf, None)?;
    buf.truncate(n);
    Ok(n)
}

/// The hash of the whole file.
fn whole(path: &Path, id: Identity, buf: &mut Vec<u8>) -> io::Result<Sha> {
    buf.resize(CHUNK, 0);
    let mut file = crate::read::open_same(path, id)?;
    let mut hasher = Sha256::new();
    loop {
        let n = file.read(buf)?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok(hasher.finalize().into())
}

/// Within one group of identical files, per requirement, the earliest-dated copy counts
/// (a dated copy before an undated one, then by path).
fn mark_copies(group: &[usize], idx: &mut EvidenceIndex) {
    let files = &idx.files;
    let key = |i: usize| {
        files
            .get(i)
            .map(|f| (f.date.is_none(), f.date, f.path.clone()))
    };
    let mut slots: Vec<u32> = group
        .iter()
        .filter_map(|&i| files.get(i))
        .flat_map(|f| f.slots.iter().copied())
        .collect();
    slots.sort_unstable();
    slots.dedup();
    let mut warned: Vec<(usize, usize)> = Vec::new();
    for slot in slots {
        let mut members: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| files.get(i).is_some_and(|f| f.slots.contains(&slot)))
            .collect();
        members.sort_by_key(|&i| key(i));
        let Some((&original, copies)) = members.split_first() else {
            continue;
        };
        for &copy in copies {
            idx.reused.push(Reuse {
                slot,
                copy,
                original,
            });
            if !warned.contains(&(copy, original)) {
                warned.push((copy, original));
            }
        }
    }
    for (copy, original) in warned {
        let (Some(c), Some(o)) = (idx.files.get(copy), idx.files.get(original)) else {
            continue;
        };
        let message = format!(
            "{} is a byte-identical copy of {} and counts once, as the earlier copy",
            c.path, o.path
        );
        idx.warnings
            .push(Warning::new(WarningKind::ReusedEvidence, message));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::evidence::{DateSource, EvidenceFile};

    fn identity(path: &Path) -> Identity {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).unwrap();
        (meta.dev(), meta.ino())
    }

    #[test]
    fn look_alikes_are_compared_from_their_first_byte() {
        // What a first-block hash collision would hand on: files of one size that are not all
        // the same, short enough to lie in the first block.
        let dir = tempfile::tempdir().unwrap();
        let run: Vec<(usize, PathBuf, Identity)> = [b"abc", b"abd", b"abc"]
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                let path = dir.path().join(format!("f{i}"));
                std::fs::write(&path, bytes).unwrap();
                let id = identity(&path);
                (i, path, id)
            })
            .collect();
        let (groups, failed) = split_identical(&run, &mut Vec::new());
        assert!(failed.is_empty());
        assert_eq!(groups, [vec![0, 2]]);
    }

    #[test]
    fn the_block_hash_sees_every_byte_and_the_length() {
        let base = vec![7u8; 100];
        let seen = block_hash(&base);
        for at in 0..base.len() {
            let mut other = base.clone();
            other[at] ^= 1;
            assert_ne!(block_hash(&other), seen, "byte {at}");
        }
        assert_ne!(block_hash(&base[..99]), seen);
        assert_ne!(block_hash(&[]), block_hash(&[0]));
    }

    #[test]
    fn only_files_sharing_a_size_and_a_requirement_are_copy_candidates() {
        // (size, slots): 0 and 2 share size 10 and slot 1; 1 has size 10 but slot 5 alone;
        // 3 and 4 share slot 7 but not a size; 5 has no size; 6 shares size 20 and slot 9
        // with 7, which also matches slot 8.
        let files = [
            (Some(10), vec![0, 1]),
            (Some(10), vec![5]),
            (Some(10), vec![1]),
            (Some(30), vec![7]),
            (Some(31), vec![7]),
            (None, vec![7]),
            (Some(20), vec![9]),
            (Some(20), vec![8, 9]),
        ];
        let idx = EvidenceIndex {
            files: files
                .iter()
                .enumerate()
                .map(|(i, (_, slots))| EvidenceFile {
                    path: format!("f{i}").into(),
                    date: None,
                    source: DateSource::None,
                    slots: slots.clone(),
                })
                .collect(),
            ..EvidenceIndex::default()
        };
        let kept: Vec<Kept> = files
            .iter()
            .map(|(size, _)| Kept {
                stat: size.map(|size| Stat { size, id: (0, 0) }),
                head: None,
                location: Location::in_dir("/evidence".into()),
            })
            .collect();
        assert_eq!(candidates(&kept, &idx), [0, 2, 6, 7]);
    }

    #[test]
    fn a_copy_swapped_for_a_fifo_before_it_is_hashed_is_a_warning_not_a_wait() {
        let dir = tempfile::tempdir().unwrap();
        // Two empty files share a size, so both are read to look for copies.
        let mut ids = Vec::new();
        for name in ["a-2026-01-10.csv", "b-2026-01-11.csv"] {
            std::fs::write(dir.path().join(name), "").unwrap();
            ids.push(identity(&dir.path().join(name)));
        }
        let swapped = dir.path().join("b-2026-01-11.csv");
        std::fs::remove_file(&swapped).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&swapped).status();
        if !made.is_ok_and(|s| s.success()) {
            // No mkfifo on this machine: nothing to swap in.
            return;
        }
        let file = |path: &str| EvidenceFile {
            path: path.into(),
            date: None,
            source: DateSource::None,
            slots: vec![0],
        };
        let mut idx = EvidenceIndex {
            files: vec![file("a-2026-01-10.csv"), file("b-2026-01-11.csv")],
            ..EvidenceIndex::default()
        };
        let kept: Vec<Kept> = ids
            .into_iter()
            .map(|id| Kept {
                stat: Some(Stat { size: 0, id }),
                head: None,
                location: Location::in_dir(dir.path().to_path_buf()),
            })
            .collect();
        find_copies(&kept, &mut idx, 2);
        assert!(idx.reused.is_empty());
        let warnings: Vec<String> = idx.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("unreadable: b-2026-01-11.csv")
                    && w.contains("not a regular file")),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_copy_swapped_for_a_link_out_of_the_root_after_the_walk_is_not_read() {
        use std::os::unix::fs::MetadataExt;
        // Caught at each open: the first block's (head unknown), and, with the head known as for
        // Markdown, the whole content's, in runs compared side by side and in runs hashed whole.
        let cases = [
            (2, false),
            (2, true),
            (SIDE_BY_SIDE + 1, false),
            (SIDE_BY_SIDE + 1, true),
        ];
        for (n, head_known) in cases {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().join("evidence");
            std::fs::create_dir(&root).unwrap();
            let outside = tmp.path().join("outside.csv");
            std::fs::write(&outside, "same bytes").unwrap();
            let names: Vec<String> = (0..n).map(|i| format!("copy-{i:02}.csv")).collect();
            let mut kept = Vec::new();
            for name in &names {
                let path = root.join(name);
                std::fs::write(&path, "same bytes").unwrap();
                let meta = std::fs::metadata(&path).unwrap();
                kept.push(Kept {
                    stat: Some(Stat {
                        size: meta.len(),
                        id: (meta.dev(), meta.ino()),
                    }),
                    head: head_known.then(|| block_hash(b"same bytes")),
                    location: Location::in_dir(root.clone()),
                });
            }
            // After the walk looked at it, the last copy becomes a link to a file outside.
            let swapped = root.join(names.last().unwrap());
            std::fs::remove_file(&swapped).unwrap();
            std::os::unix::fs::symlink(&outside, &swapped).unwrap();
            let mut idx = EvidenceIndex {
                files: names
                    .iter()
                    .map(|name| EvidenceFile {
                        path: name.as_str().into(),
                        date: None,
                        source: DateSource::None,
                        slots: vec![0],
                    })
                    .collect(),
                ..EvidenceIndex::default()
            };
            find_copies(&kept, &mut idx, 2);
            let copies: Vec<usize> = idx.reused.iter().map(|r| r.copy).collect();
            let case = format!("run of {n}, head known: {head_known}");
            assert_eq!(copies, (1..n - 1).collect::<Vec<_>>(), "{case}");
            let replaced: Vec<String> = idx
                .warnings
                .iter()
                .map(ToString::to_string)
                .filter(|w| w.contains("replaced by another file"))
                .collect();
            assert_eq!(replaced.len(), 1, "{case}: {replaced:?}");
            assert!(replaced[0].starts_with(&format!("unreadable: {}", names[n - 1])));
        }
    }
}
