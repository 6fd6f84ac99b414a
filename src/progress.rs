//! A quiet progress indicator: a spinner on stderr that appears only when a person is watching
//! (stderr is a terminal, not a CI log) and only when the scan is slow enough to make them wonder
//! (about half a second). A fast scan, a pipe, a redirect or a CI job never sees a byte of it, so
//! output stays byte-identical for scripts and snapshots.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a scan may run before the spinner appears.
pub const DELAY: Duration = Duration::from_millis(500);

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const TICK: Duration = Duration::from_millis(100);
/// Erase the current line and return to its start.
const CLEAR_LINE: &str = "\r\x1b[2K";

/// A running indicator; [`Progress::finish`] stops it and erases its line.
pub struct Progress {
    running: Option<(Sender<()>, JoinHandle<()>)>,
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
        Progress::start(Box::new(std::io::stderr()), DELAY, label)
    }

    /// Starts the indicator on any writer after `delay` (tests use a buffer and a short delay).
    pub fn start(mut out: Box<dyn Write + Send>, delay: Duration, label: String) -> Progress {
        let (stop, stopped) = mpsc::channel::<()>();
        let handle = std::thread::spawn(move || {
            let started = Instant::now();
            // Stay silent unless the scan outlives the delay; a stop (or a dropped sender) ends it.
            if !matches!(stopped.recv_timeout(delay), Err(RecvTimeoutError::Timeout)) {
                return;
            }
            let mut frame = 0;
            loop {
                let elapsed = started.elapsed().as_secs_f64();
                // The indicator is a courtesy: a failed write is not worth reporting.
                let _ = write!(
                    out,
                    "{CLEAR_LINE}{} claw-lint: {label} ({elapsed:.1}s)",
                    FRAMES[frame % FRAMES.len()]
                );
                let _ = out.flush();
                frame += 1;
                if !matches!(stopped.recv_timeout(TICK), Err(RecvTimeoutError::Timeout)) {
                    break;
                }
            }
            let _ = write!(out, "{CLEAR_LINE}");
            let _ = out.flush();
        });
        Progress {
            running: Some((stop, handle)),
        }
    }

    /// Stops the indicator and waits until its line is erased, so the report starts clean.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some((stop, handle)) = self.running.take() {
            let _ = stop.send(());
            let _ = handle.join();
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
    use std::sync::{Arc, Mutex};

    /// A writer the test can read after the indicator's thread is done with it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
        }
    }

    #[test]
    fn a_fast_scan_prints_nothing() {
        let out = Shared::default();
        let progress = Progress::start(
            Box::new(out.clone()),
            Duration::from_secs(5),
            "scanning .".into(),
        );
        progress.finish();
        assert_eq!(out.text(), "");
    }

    #[test]
    fn a_slow_scan_shows_a_spinner_then_erases_it() {
        let out = Shared::default();
        let progress = Progress::start(
            Box::new(out.clone()),
            Duration::from_millis(10),
            "scanning repo".into(),
        );
        std::thread::sleep(Duration::from_millis(250));
        progress.finish();
        let text = out.text();
        assert!(text.contains("claw-lint: scanning repo ("), "{text:?}");
        assert!(text.ends_with(CLEAR_LINE), "{text:?}");
    }

    #[test]
    fn only_a_terminal_outside_ci_gets_it() {
        assert!(should_show(true, false, false));
        assert!(!should_show(false, false, false));
        assert!(!should_show(true, true, false));
        assert!(!should_show(true, false, true));
    }
}
