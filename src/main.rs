//! The `claw-lint` binary: parse arguments, run, map the outcome to an exit code
//! (0 passed, 1 below threshold or failing findings, 2 usage/config/I/O error).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = claw_lint::cli::Cli::parse();
    match claw_lint::app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!(
                "claw-lint: error: {}",
                claw_lint::report::escape_terminal(&format!("{err:#}"))
            );
            ExitCode::from(claw_lint::app::EXIT_ERROR)
        }
    }
}
