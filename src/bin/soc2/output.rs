//! Where output goes and how it looks: one colour decision, terminal width, rendering into a
//! buffer first so an error never leaves half a report, atomic `--output` files, and a closed
//! pipe (`soc2 assess | head`) treated as success. A renderer that can fail only when writing
//! (the JSON report, serialised from a finished value) writes straight through a buffered
//! writer instead, so a report of tens of megabytes is never held whole.

use std::fs::{File, Permissions};
use std::io::{self, IsTerminal, Seek, SeekFrom, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::{Context, Result};

use soc2::report::Style;

use crate::cli::ColorChoice;

/// Decides colour once: `never`/`always` win; `auto` colours a terminal unless `NO_COLOR` is
/// set, and `CLICOLOR_FORCE` forces it.
pub fn use_color(choice: ColorChoice, to_file: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always => !to_file,
        ColorChoice::Auto => {
            if to_file || set("NO_COLOR") {
                false
            } else {
                set("CLICOLOR_FORCE") || io::stdout().is_terminal()
            }
        }
    }
}

/// The style for a renderer.
pub fn style(choice: ColorChoice, to_file: bool) -> Style {
    let width = if !to_file && io::stdout().is_terminal() {
        terminal_size::terminal_size().map(|(w, _)| w.0)
    } else {
        None
    };
    Style {
        color: use_color(choice, to_file),
        width,
    }
}

/// Writes a finished buffer to `--output` (see `write_file`) or to standard output.
pub fn emit(bytes: &[u8], output: Option<&Path>) -> Result<()> {
    emit_with(output, &mut |out| out.write_all(bytes))
}

/// What writes the output into the writer it is given.
pub type Producer<'a> = dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a;

/// Writes what `produce` writes to `--output` (see `write_file`) or to standard output, through
/// a buffer. `produce` must fail only when a write fails: what it wrote before is not taken back
/// on standard output (an `--output` file is still replaced whole or not at all).
pub fn emit_with(output: Option<&Path>, produce: &mut Producer<'_>) -> Result<()> {
    match output {
        Some(path) => write_file(path, produce),
        None => {
            let mut stdout = io::BufWriter::with_capacity(BUFFER, io::stdout().lock());
            match produce(&mut stdout).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("could not write to standard output"),
            }
        }
    }
}

/// Bytes gathered before each write to a file or standard output.
const BUFFER: usize = 64 * 1024;

/// Writes what `produce` writes to `path`. A new name or a regular file is replaced atomically
/// (a temporary file in the same folder, then a rename), so readers see the old file or the
/// whole new one. Anything else, a link, `/dev/null`, `/dev/stdout`, a FIFO, is written through:
/// replacing it would turn a device or a pipe into a plain file, which for `/dev/null` breaks
/// the machine.
pub fn write_file(path: &Path, produce: &mut Producer<'_>) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => write_through(path, produce),
        _ => write_atomic(path, produce),
    }
}

/// Writes into an existing link, device or FIFO without replacing it; a link to a regular file
/// has that file truncated first.
fn write_through(path: &Path, produce: &mut Producer<'_>) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(std::fs::metadata(path).is_ok_and(|m| m.is_file()))
        .open(path)
        .with_context(|| {
            format!(
                "could not write {}; --output must name a file (not a folder) that can be written",
                path.display()
            )
        })?;
    let mut out = io::BufWriter::with_capacity(BUFFER, file);
    match produce(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.with_context(|| format!("could not write {}", path.display())),
    }
}

/// Replaces `path` with a file holding what `produce` writes, so readers see the old file or
/// the whole new one. On Linux the report is written to a file with no name (`O_TMPFILE`), which
/// a killed process cannot leave behind, and named only once complete, for the instant before
/// the rename over the target; elsewhere, or where the folder's file system has no such files,
/// to a named temporary file that is removed if writing fails.
fn write_atomic(path: &Path, produce: &mut Producer<'_>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A report replaces an existing file with that file's permissions; a new one gets the usual
    // 0666 less the umask, like any file a shell redirection creates.
    let existing = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.permissions());
    let mode = existing
        .clone()
        .unwrap_or_else(|| Permissions::from_mode(0o666));
    let Some(mut file) = nameless::create(dir, &mode) else {
        return write_named(path, dir, mode, existing.as_ref(), produce);
    };
    fill(&mut file, existing.as_ref(), produce)
        .with_context(|| format!("could not write {}", path.display()))?;
    if nameless::publish(&file, dir, path).is_ok() {
        return Ok(());
    }
    // It could not be named there (a name taken, a /proc that does not link, a folder where the
    // file should go): copied into a named temporary file, whose error says what is wrong.
    file.seek(SeekFrom::Start(0))
        .with_context(|| format!("could not write {}", path.display()))?;
    let copy = &mut |out: &mut dyn Write| io::copy(&mut file, out).map(|_| ());
    write_named(path, dir, mode, existing.as_ref(), copy)
}

/// Writes what `produce` writes into `file`, with the permissions of the file it replaces, and
/// flushes it to disk.
fn fill(
    file: &mut File,
    existing: Option<&Permissions>,
    produce: &mut Producer<'_>,
) -> io::Result<()> {
    if let Some(perms) = existing {
        file.set_permissions(perms.clone())?;
    }
    let mut out = io::BufWriter::with_capacity(BUFFER, &mut *file);
    produce(&mut out)?;
    out.flush()?;
    drop(out);
    file.sync_all()
}

/// `write_atomic` through a named temporary file in `dir`.
fn write_named(
    path: &Path,
    dir: &Path,
    mode: Permissions,
    existing: Option<&Permissions>,
    produce: &mut Producer<'_>,
) -> Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".soc2-")
        .permissions(mode)
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "could not write {}: its folder {} is missing or not writable; create it or choose another --output path",
                path.display(),
                dir.display()
            )
        })?;
    fill(tmp.as_file_mut(), existing, produce)
        .with_context(|| format!("could not write {}", path.display()))?;
    // On failure the temporary file is dropped, and so deleted: nothing is left behind.
    tmp.persist(path).map_err(|e| e.error).with_context(|| {
        format!(
            "could not write {}; --output must name a file (not a folder) in a writable folder",
            path.display()
        )
    })?;
    Ok(())
}

/// Files with no name until they are complete (Linux's `O_TMPFILE`).
#[cfg(target_os = "linux")]
mod nameless {
    use std::fs::{File, Permissions};
    use std::io;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicU64, Ordering};

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};

    /// A new file in `dir` with no name and mode `mode` (less the umask), or `None` when the
    /// folder's file system has no such files or it could not be named later.
    pub(super) fn create(dir: &Path, mode: &Permissions) -> Option<File> {
        // It is named through /proc: without /proc it could not be, so it is not made.
        if !Path::new("/proc/self/fd").is_dir() {
            return None;
        }
        let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
        let mode = Mode::from_raw_mode(mode.mode() & 0o7777);
        rustix::fs::open(dir, flags, mode).ok().map(File::from)
    }

    /// Gives the finished `file` a temporary name in `dir`, then renames it over `path`; on
    /// failure no name is left.
    pub(super) fn publish(file: &File, dir: &Path, path: &Path) -> io::Result<()> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let link = format!("/proc/self/fd/{}", file.as_raw_fd());
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = dir.join(format!(".soc2-{}-{n}", std::process::id()));
        rustix::fs::linkat(CWD, link.as_str(), CWD, &name, AtFlags::SYMLINK_FOLLOW)?;
        std::fs::rename(&name, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&name);
        })
    }
}

/// No files without a name here: every report goes through a named temporary file.
#[cfg(not(target_os = "linux"))]
mod nameless {
    use std::fs::{File, Permissions};
    use std::io;
    use std::path::Path;

    pub(super) fn create(_dir: &Path, _mode: &Permissions) -> Option<File> {
        None
    }

    pub(super) fn publish(_file: &File, _dir: &Path, _path: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_report_being_written_has_no_name_a_killed_run_could_leave_behind() {
        let tmp = tempfile::tempdir().unwrap();
        // Asked of the kernel directly, not of the code under test, so that code cannot skip it.
        let flags = rustix::fs::OFlags::TMPFILE | rustix::fs::OFlags::RDWR;
        let mode = rustix::fs::Mode::from_raw_mode(0o600);
        let supported = rustix::fs::open(tmp.path(), flags, mode).is_ok();
        if !supported || !Path::new("/proc/self/fd").is_dir() {
            // No nameless files here: the named temporary file is used instead.
            return;
        }
        let target = tmp.path().join("report.json");
        for before in [None, Some("old report")] {
            if let Some(text) = before {
                std::fs::write(&target, text).unwrap();
                std::fs::set_permissions(&target, Permissions::from_mode(0o640)).unwrap();
            }
            let mut seen = Vec::new();
            write_file(&target, &mut |out| {
                out.write_all(b"{\"half\":")?;
                // Mid-write: what a kill now would leave in the folder.
                seen = names(tmp.path());
                out.write_all(b"true}")
            })
            .unwrap();
            let expected: Vec<String> = before
                .map(|_| "report.json".to_owned())
                .into_iter()
                .collect();
            assert_eq!(seen, expected);
            assert_eq!(names(tmp.path()), ["report.json"]);
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "{\"half\":true}");
        }
        // The replaced file's permissions are kept.
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_other() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("report.json");
        std::fs::write(&target, "old report").unwrap();
        let failed = write_file(&target, &mut |out| {
            out.write_all(b"partial")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(names(tmp.path()), ["report.json"]);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old report");
    }
}
