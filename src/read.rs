//! Bounded reads of regular files, the only way the library opens a file it did not write.
//!
//! A path checked as a regular file can be swapped for a FIFO before it is opened, and opening a
//! FIFO for reading waits for a writer that may never come. So files are opened non-blocking and
//! checked again through the open handle; anything that is not a regular file is refused. Reads
//! stop at a limit, so a huge (or sparse) file costs no more than the limit.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Opens `path` for reading if it is a regular file (after following links), without ever
/// blocking on a FIFO.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    regular(file)
}

/// Keeps an open file only if it is a regular file, checked through the handle itself so a
/// name swapped after a check cannot slip through.
pub fn regular(file: File) -> io::Result<File> {
    regular_sized(file).map(|(file, _)| file)
}

/// `regular`, also giving the file's size from the same check, so a caller that needs the size
/// makes no second call for it.
pub fn regular_sized(file: File) -> io::Result<(File, u64)> {
    let meta = file.metadata()?;
    if meta.is_file() {
        Ok((file, meta.len()))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (FIFO, socket, device or folder)",
        ))
    }
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
}
