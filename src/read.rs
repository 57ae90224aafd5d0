//! Bounded reads of regular files, the only way the library opens a file it did not write.
//!
//! A path checked as a regular file can be swapped for a FIFO before it is opened, and opening a
//! FIFO for reading waits for a writer that may never come. So files are opened non-blocking and
//! checked again through the open handle; anything that is not a regular file is refused. Reads
//! stop at a limit, so a huge (or sparse) file costs no more than the limit.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Opens `path` for reading if it is a regular file (after following links), without ever
/// blocking on a FIFO.
pub fn open_regular(path: &Path) -> io::Result<File> {
    regular(open_unchecked(path)?)
}

fn open_unchecked(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Keeps an open file only if it is a regular file, checked through the handle itself so a
/// name swapped after a check cannot slip through.
pub fn regular(file: File) -> io::Result<File> {
    regular_identified(file).map(|(file, _, _)| file)
}

/// `regular`, also giving the file's size and identity (device, inode) from the same check, so
/// a caller that needs them makes no second call for them.
pub fn regular_identified(file: File) -> io::Result<(File, u64, (u64, u64))> {
    let meta = file.metadata()?;
    if meta.is_file() {
        Ok((file, meta.len(), (meta.dev(), meta.ino())))
    } else {
        Err(not_regular())
    }
}

/// Opens `path` like `open_regular`, and keeps it only if it is still the file of identity
/// `id` (device, inode) met before: a name, or a folder on its path, swapped for a link since
/// then is refused before a byte is read.
pub fn open_same(path: &Path, id: (u64, u64)) -> io::Result<File> {
    let (file, _, found) = regular_identified(open_unchecked(path)?)?;
    if found == id {
        Ok(file)
    } else {
        Err(replaced())
    }
}

/// Opens `rel` under the folder `root` like `open_regular`, and keeps it only if the file opened
/// lies inside `root` once links are followed, as the walk requires of links. The check is made
/// after the open, against the open file itself: the real path of `rel` must lie inside `root`
/// and be the very file opened, so a name (or a folder on its path) swapped for a link out of
/// `root` at any moment is refused before a byte is read.
pub fn open_inside(root: &Path, rel: &Path) -> io::Result<File> {
    let path = root.join(rel);
    let (file, _, opened) = regular_identified(open_unchecked(&path)?)?;
    let real = std::fs::canonicalize(&path)?;
    let meta = std::fs::metadata(&real)?;
    if !real.starts_with(std::fs::canonicalize(root)?) {
        return Err(io::Error::other(
            "it leads outside the evidence folder and was not read",
        ));
    }
    if (meta.dev(), meta.ino()) != opened {
        return Err(replaced());
    }
    Ok(file)
}

/// The error for something that is not a regular file.
pub fn not_regular() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "not a regular file (FIFO, socket, device or folder)",
    )
}

/// The error for a file that is no longer the one met before.
pub fn replaced() -> io::Error {
    io::Error::other("it was replaced by another file while soc2 ran")
}

/// The first `limit` bytes of a regular file (all of it when shorter).
pub fn prefix(path: &Path, limit: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit.min(64 * 1024));
    open_regular(path)?
        .take(limit as u64)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// A whole regular file of at most `limit` bytes: `Ok(None)` when it is larger, so the caller
/// can name the limit; no more than `limit + 1` bytes are read either way.
pub fn whole(path: &Path, limit: usize) -> io::Result<Option<Vec<u8>>> {
    let bytes = prefix(path, limit.saturating_add(1))?;
    Ok((bytes.len() <= limit).then_some(bytes))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("swapped.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            // No mkfifo on this machine: nothing to check.
            return;
        }
        let err = prefix(&fifo, 8192).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(prefix(dir.path(), 10).is_err());
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let file = File::create(&path).unwrap();
        // Sparse: costs no disk, and reading it whole would cost a gigabyte of memory.
        file.set_len(1 << 30).unwrap();
        assert_eq!(prefix(&path, 8192).unwrap().len(), 8192);
        assert_eq!(whole(&path, 4096).unwrap(), None);
        std::fs::write(&path, b"short").unwrap();
        assert_eq!(whole(&path, 5).unwrap(), Some(b"short".to_vec()));
        assert_eq!(whole(&path, 4).unwrap(), None);
    }

    #[test]
    fn a_file_is_read_again_only_if_it_lies_inside_the_root_once_links_are_followed() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("evidence");
        let away = tmp.path().join("away");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(&away).unwrap();
        std::fs::write(root.join("a/in.csv"), "inside").unwrap();
        std::fs::write(away.join("out.csv"), "outside").unwrap();
        // Links that stay inside, relative and absolute, are followed as the walk follows them.
        symlink("in.csv", root.join("a/relative.csv")).unwrap();
        symlink(root.join("a/in.csv"), root.join("a/absolute.csv")).unwrap();
        // A link out of the root, as a file or as a folder on the path.
        symlink(away.join("out.csv"), root.join("a/out.csv")).unwrap();
        symlink(&away, root.join("b")).unwrap();
        let read = |rel: &str| -> io::Result<String> {
            let mut text = String::new();
            open_inside(&root, Path::new(rel))?.read_to_string(&mut text)?;
            Ok(text)
        };
        for rel in ["a/in.csv", "a/relative.csv", "a/absolute.csv"] {
            assert_eq!(read(rel).unwrap(), "inside", "{rel}");
        }
        for rel in ["a/out.csv", "b/out.csv"] {
            let err = read(rel).unwrap_err();
            assert!(
                err.to_string().contains("outside the evidence folder"),
                "{rel}: {err}"
            );
        }
        assert!(read("a/missing.csv").is_err());
        assert!(read("a").is_err());
    }

    #[test]
    fn a_file_opened_again_must_be_the_file_met_before() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("review.csv");
        std::fs::write(&path, "first").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let id = (meta.dev(), meta.ino());
        assert!(open_same(&path, id).is_ok());
        // Replaced by another file under the same name: refused.
        let other = tmp.path().join("other.csv");
        std::fs::write(&other, "first").unwrap();
        std::fs::rename(&other, &path).unwrap();
        let err = open_same(&path, id).unwrap_err();
        assert!(err.to_string().contains("replaced"), "{err}");
    }
}
