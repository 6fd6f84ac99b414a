//! A quiet progress indicator: an `indicatif` spinner on stderr that appears only when a person
//! is watching (stderr is a terminal, not a CI log) and only when the scan is slow enough to make
//! them wonder (about half a second). A fast scan, a pipe, a redirect or a CI job never sees a
//! byte of it, so output stays byte-identical for scripts and snapshots.
//!
//! indicatif draws, ticks and erases the spinner; what it does not do is the delayed start, so a
//! small thread waits out [`DELAY`] and only then gives the spinner its draw target.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a scan may run before the spinner appears.
pub const DELAY: Duration = Duration::from_millis(500);

const TICK: Duration = Duration::from_millis(100);

/// A running indicator; [`Progress::finish`] stops it and erases its line.
pub struct Progress {
    running: Option<(Sender<()>, JoinHandle<()>, ProgressBar)>,
}

impl Progress {
    /// Starts the indicator for a scan of `root` when stderr is a terminal outside CI; otherwise a
    /// no-op that costs nothing.
    pub fn on_stderr(root: &Path) -> Progress {
        let wanted = should_show(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some_and(|v| !v.is_empty()),
            std::env::var("TERM").is_ok_and(|t| t == "dumb"),
        );
        if !wanted {
            return Progress { running: None };
        }
        let label = format!(
            "scanning {}",
            crate::report::escape_terminal(&root.display().to_string())
        );
        Progress::start(ProgressDrawTarget::stderr, DELAY, label)
    }

    /// Starts the indicator on the draw target `target` makes, after `delay` (tests draw into an
    /// in-memory terminal with a short delay).
    pub fn start(
        target: impl FnOnce() -> ProgressDrawTarget + Send + 'static,
        delay: Duration,
        label: String,
    ) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        // A fixed template: the label is already escaped, and nothing else comes from the repo.
        if let Ok(style) = ProgressStyle::with_template("{spinner} claw-lint: {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(label);
        let (stop, stopped) = mpsc::channel::<()>();
        let delayed = bar.clone();
        let handle = std::thread::spawn(move || {
            // Stay silent unless the scan outlives the delay; a stop (or a dropped sender) ends it.
            if matches!(stopped.recv_timeout(delay), Err(RecvTimeoutError::Timeout)) {
                delayed.set_draw_target(target());
                delayed.enable_steady_tick(TICK);
            }
        });
        Progress {
            running: Some((stop, handle, bar)),
        }
    }

    /// Stops the indicator and waits until its line is erased, so the report starts clean.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some((stop, handle, bar)) = self.running.take() {
            let _ = stop.send(());
            let _ = handle.join();
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether to show the indicator: only for a person at a terminal, never in CI logs.
pub fn should_show(stderr_is_terminal: bool, in_ci: bool, dumb_terminal: bool) -> bool {
    stderr_is_terminal && !in_ci && !dumb_terminal
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::InMemoryTerm;

    fn in_memory(term: &InMemoryTerm) -> impl FnOnce() -> ProgressDrawTarget + Send + 'static {
        let term = term.clone();
        move || ProgressDrawTarget::term_like(Box::new(term))
    }

    #[test]
    fn a_fast_scan_prints_nothing() {
        let term = InMemoryTerm::new(4, 80);
        let progress = Progress::start(
            in_memory(&term),
            Duration::from_secs(5),
            "scanning .".into(),
        );
        progress.finish();
        assert_eq!(term.contents(), "");
    }

    #[test]
    fn a_slow_scan_shows_a_spinner_then_erases_it() {
        let term = InMemoryTerm::new(4, 80);
        let progress = Progress::start(
            in_memory(&term),
            Duration::from_millis(10),
            "scanning repo".into(),
        );
        let mut seen = String::new();
        for _ in 0..50 {
            std::thread::sleep(Duration::from_millis(20));
            seen = term.contents();
            if seen.contains("claw-lint: scanning repo (") {
                break;
            }
        }
        assert!(seen.contains("claw-lint: scanning repo ("), "{seen:?}");
        progress.finish();
        assert_eq!(term.contents().trim(), "", "erased");
    }

    #[test]
    fn only_a_terminal_outside_ci_gets_it() {
        assert!(should_show(true, false, false));
        assert!(!should_show(false, false, false));
        assert!(!should_show(true, true, false));
        assert!(!should_show(true, false, true));
    }
}
