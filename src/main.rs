//! The `claw-lint` binary: parse arguments, run, map the outcome to an exit code
//! (0 passed, 1 below threshold or failing findings, 2 usage/config/I/O error).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// jemalloc, where it builds: the Python syntax trees of a scan are millions of small
/// allocations freed soon after, and with it a diffusers scan takes about 9% less time than with
/// glibc's allocator, at 3% more peak memory (`docs/benchmarks.md`). mimalloc (v3) took about 8%
/// more time than glibc and half again the memory.
#[cfg(all(
    not(windows),
    not(target_os = "openbsd"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = claw_lint::cli::Cli::parse();
    match claw_lint::app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `eprintln!` panics when stderr cannot be written (`2>/dev/full`, a closed pipe);
            // the exit code already says the run failed, so a lost message is not a second error.
            let _ = writeln!(
                std::io::stderr(),
                "claw-lint: error: {}",
                claw_lint::report::escape::neutralize_line(&message(&err))
            );
            ExitCode::from(claw_lint::app::EXIT_ERROR)
        }
    }
}

/// The error and its causes joined by `: `, each cause left out when the message already says it
/// (an I/O error's reason is part of its context's message).
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if text.to_lowercase().contains(&cause.to_lowercase()) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}
