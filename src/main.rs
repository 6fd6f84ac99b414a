//! The `claw-lint` binary: parse arguments, run, map the outcome to an exit code
//! (0 passed, 1 below threshold or failing findings, 2 usage/config/I/O error).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

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
