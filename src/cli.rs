//! Command-line interface, clap derive only; [`crate::app`] turns it into a run.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::FailOn;
use crate::report::Format;

/// How ready is this ML repository for outside contributors, and what exactly to fix.
#[derive(Debug, Parser)]
#[command(
    name = "claw-lint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A subcommand; without one, the repository at PATH is scanned.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// What to scan and how to report it.
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// Subcommands besides scanning.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the rule catalog.
    Rules {
        /// human (a table) or json (every field of every rule).
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print a rule's full documentation: why it matters, how to fix it, an example.
    Explain {
        /// Code (CL101) or name (missing-contributing).
        rule: String,
    },
    /// Create the missing contributor files (guide, issue forms, PR template, claw-lint.toml),
    /// tailored to the repository; existing files are never overwritten.
    Init {
        /// Repository folder.
        #[arg(value_name = "PATH", default_value = ".")]
        path: PathBuf,
        /// Print what would be created without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Output of `claw-lint rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Human,
    /// A JSON array of catalog entries.
    Json,
}

/// When to color the human report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// One report to write: a format and where (`None`: standard output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    /// The report format.
    pub format: Format,
    /// The file to write, or `None` for standard output.
    pub path: Option<PathBuf>,
}

/// Parses `FORMAT` or `FORMAT=FILE` (the file may itself contain `=`).
fn parse_output_spec(text: &str) -> Result<OutputSpec, String> {
    let (name, path) = match text.split_once('=') {
        Some((name, "")) => {
            return Err(format!(
                "no file after \"{name}=\" (use FORMAT or FORMAT=FILE)"
            ))
        }
        Some((name, path)) => (name, Some(PathBuf::from(path))),
        None => (text, None),
    };
    let format = Format::from_str(name, true).map_err(|_| {
        let known: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        format!("unknown format \"{name}\" (one of: {})", known.join(", "))
    })?;
    Ok(OutputSpec { format, path })
}

/// Options of a scan.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Repository folder to scan (default: the current folder), or files: then only the file-level
    /// rules run, on exactly those files (the pre-commit hook's mode).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format (default: human).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the `--format` report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// One more report of the same scan: FORMAT to standard output or FORMAT=FILE to a file;
    /// repeatable (`--output-format github --output-format sarif=out.sarif`).
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = parse_output_spec)]
    pub output_format: Vec<OutputSpec>,
    /// Markdown: list every finding instead of the summary that fits a pull-request comment.
    #[arg(long)]
    pub full: bool,
    /// Print finding counts per rule (with the points they cost) instead of the report.
    #[arg(long)]
    pub statistics: bool,
    /// Print the config file used and the effective settings and rules, then exit.
    #[arg(long)]
    pub show_settings: bool,
    /// Human report: also list the rules that passed and those that did not apply.
    #[arg(long)]
    pub show_passed: bool,
    /// Fail (exit 1) when the score is below SCORE (0-100); whole-repository scans only.
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<f64>,
    /// Fail (exit 1) when a finding at this severity or above exists.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these rules: codes, names or categories, comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip these rules: codes, names or categories, comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Skip paths matching these gitignore-style globs (added to config `exclude`).
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Vec<String>,
    /// Use this config file instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore config files and global/parent ignore files (hermetic runs, tests).
    #[arg(long)]
    pub isolated: bool,
    /// Always exit 0 on a completed scan, even below the threshold.
    #[arg(long)]
    pub exit_zero: bool,
    /// Color the human report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only findings and the score line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: one per core; at most 128: each reserves a large stack for deep
    /// input, and thousands of threads would not finish).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=128))]
    pub threads: Option<u16>,
    /// Files larger than this are indexed but not read (bytes, or e.g. 2MiB).
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<String>,
    /// Findings listed per rule in the human report before the rest are counted (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_per_rule: usize,
    /// Findings of one rule any report holds, JSON and SARIF included; the rest are counted, not
    /// listed (0: no cap). A flag only: a scanned repository's config cannot raise it.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub max_findings_per_rule: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_specs_name_a_format_and_maybe_a_file() {
        assert_eq!(
            parse_output_spec("sarif=out/a=b.sarif"),
            Ok(OutputSpec {
                format: Format::Sarif,
                path: Some(PathBuf::from("out/a=b.sarif"))
            })
        );
        assert_eq!(
            parse_output_spec("github"),
            Ok(OutputSpec {
                format: Format::Github,
                path: None
            })
        );
        let err = parse_output_spec("xml=report.xml").expect_err("unknown");
        assert!(
            err.contains("unknown format \"xml\"") && err.contains("markdown"),
            "{err}"
        );
        assert!(parse_output_spec("json=").is_err());
    }
}
