//! Where output goes and how it looks: one colour decision, terminal width, rendering into a
//! buffer first so an error never leaves half a report, atomic `--output` files, and a closed
//! pipe (`soc2 assess | head`) treated as success. A renderer that can fail only when writing
//! (the JSON report, serialised from a finished value) writes straight through a buffered
//! writer instead, so a report of tens of megabytes is never held whole.

use std::fs::Permissions;
use std::io::{self, IsTerminal, Write};
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
/// the whole new one.
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
    existing
        .map_or(Ok(()), |perms| tmp.as_file().set_permissions(perms))
        .and_then(|()| {
            let mut out = io::BufWriter::with_capacity(BUFFER, tmp.as_file_mut());
            produce(&mut out).and_then(|()| out.flush())
        })
        .and_then(|()| tmp.as_file().sync_all())
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
