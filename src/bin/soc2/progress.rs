//! A spinner on stderr while a large evidence tree is walked: only when stderr is a terminal,
//! never in CI logs or piped output, and only once the walk has taken more than a moment, so a
//! small project prints nothing extra.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a walk may take before the spinner appears.
const DELAY: Duration = Duration::from_millis(400);
/// How often the count is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// Whether progress may be shown: stderr is a terminal and this is not a CI run.
pub fn enabled(stderr_is_terminal: bool, ci: bool) -> bool {
    stderr_is_terminal && !ci
}

/// A running spinner, fed by a counter the walk adds to.
pub struct Progress {
    /// Files listed so far; the walk adds to it.
    pub listed: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts watching; shows nothing unless progress is enabled here.
    pub fn start() -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
        let listed = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let handle = enabled(std::io::stderr().is_terminal(), ci).then(|| {
            let (listed, done) = (Arc::clone(&listed), Arc::clone(&done));
            std::thread::spawn(move || spin(&listed, &done))
        });
        Progress {
            listed,
            done,
            handle,
        }
    }

    /// Stops and clears the spinner.
    pub fn finish(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn spin(listed: &AtomicUsize, done: &AtomicBool) {
    let mut waited = Duration::ZERO;
    while waited < DELAY {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(TICK);
        waited += TICK;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        bar.set_style(style);
    }
    while !done.load(Ordering::Relaxed) {
        bar.set_message(format!(
            "walking the evidence folder: {} files",
            listed.load(Ordering::Relaxed)
        ));
        bar.tick();
        std::thread::sleep(TICK);
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_shows_only_on_a_terminal_outside_ci() {
        assert!(enabled(true, false));
        assert!(!enabled(false, false));
        assert!(!enabled(true, true));
        assert!(!enabled(false, true));
    }

    #[test]
    fn a_quick_walk_prints_nothing_and_finishes() {
        let p = Progress::start();
        p.listed.fetch_add(3, Ordering::Relaxed);
        p.finish();
    }
}
