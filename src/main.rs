//! The `claw-lint` binary: parse arguments, run, map the outcome to an exit code
//! (0 passed, 1 below threshold or failing findings, 2 usage/config/I/O error).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a scan allocates and frees many small objects per
/// file (when this was measured, ruff's syntax tree of every module), and in glibc's malloc and
/// free that was a sixth of a scan's instructions. One thread,
/// callgrind: an empty folder 8.4 M -> 6.2 M, nanoGPT 68 M -> 56 M, pytorch-lightning
/// 1,831 M -> 1,568 M; peak memory 5-15% higher. The build is mimalloc v3, the default of the
/// `libmimalloc-sys` pinned in Cargo.toml; its `v2` feature measured the same (pytorch-lightning
/// 1,478 M against v3's 1,482 M, an empty folder 6.32 M against 6.21 M). `no_thp` matters: with
/// transparent huge pages nanoGPT took 43 MB instead of 13. jemalloc was dropped
/// (docs/benchmarks.md): it cost every start about 190 page faults.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        // An I/O error is said in the words the message used for it (`no such file or folder`),
        // so that the OS's own wording does not repeat it.
        let cause = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => claw_lint::index::io_reason(io),
            None => cause.to_string(),
        };
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
