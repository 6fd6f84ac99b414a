//! The binary's logic as a library function: settings from flags and config, the run, the
//! report, and the exit code. `main.rs` only parses arguments and maps errors to exit code 2.

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::catalog::{Catalog, RuleSpec};
use crate::cli::{Cli, ColorChoice, Command, ListFormat, ScanArgs};
use crate::config::{discover, parse_size, Settings};
use crate::error::Error;
use crate::report::{escape_terminal, reporter, HumanOptions};
use crate::target::Target;

/// Exit code of a run that passed.
pub const EXIT_PASSED: u8 = 0;
/// Exit code of a run below `--fail-under` or with findings at `--fail-on`.
pub const EXIT_FAILED: u8 = 1;
/// Exit code of a usage, config or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line; errors are returned for `main` to print and exit 2.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::embedded()?;
    match cli.command {
        Some(Command::Rules { format }) => list_rules(&catalog, format),
        Some(Command::Explain { rule }) => explain(&catalog, &rule),
        Some(Command::Init { path, dry_run }) => init(&path, dry_run),
        Some(Command::Completions { shell }) => completions(shell),
        None => scan(cli.scan, catalog),
    }
}

fn scan(args: ScanArgs, catalog: Catalog) -> anyhow::Result<ExitCode> {
    let (settings, only_files) = plan_scan(&args)?;
    let progress = crate::progress::Progress::on_stderr(&settings.root);
    let report = crate::engine::run(&settings, catalog, only_files);
    progress.finish();
    let report = report?;
    let human = HumanOptions {
        quiet: args.quiet,
        max_per_rule: args.max_per_rule,
    };
    set_color(args.color, args.output.is_none());
    let reporter = reporter(args.format, human);
    let mut buffer = Vec::new();
    reporter.write(&report, &mut buffer)?;
    match &args.output {
        Some(path) => std::fs::write(path, &buffer)
            .map_err(|err| Error::io(format!("cannot write report to {}", path.display()), err))?,
        None => write_stdout(&buffer)?,
    }
    let code = if report.passed || args.exit_zero {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    };
    Ok(ExitCode::from(code))
}

/// Writes to stdout; a closed pipe (`claw-lint | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn set_color(choice: ColorChoice, to_stdout: bool) {
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    colored::control::set_override(enabled);
}

/// Builds settings (defaults, then the config file, given or discovered, then flags) and, in file
/// mode (`claw-lint FILE...`), the repository-relative files the file-level rules are limited to.
pub fn plan_scan(args: &ScanArgs) -> Result<(Settings, Option<BTreeSet<String>>), Error> {
    let cwd =
        std::env::current_dir().map_err(|err| Error::io("cannot read the current folder", err))?;
    let (root, only_files) = match crate::target::resolve(&args.paths, &cwd)? {
        Target::Repository(root) => (root, None),
        Target::Files { root, files } => (root, Some(files)),
    };
    let mut settings = Settings {
        root: root.clone(),
        isolated: args.isolated,
        ..Settings::default()
    };
    let config = match &args.config {
        Some(path) => Some(path.clone()),
        None if args.isolated => None,
        None => discover(&std::path::absolute(&root).unwrap_or(root)),
    };
    if let Some(path) = config {
        settings.load_file(&path)?;
    }
    if let Some(score) = args.fail_under {
        if !(0.0..=100.0).contains(&score) {
            return Err(Error::usage(format!(
                "--fail-under must be between 0 and 100, got {score}"
            )));
        }
        settings.fail_under = Some(score);
    }
    if let Some(fail_on) = args.fail_on {
        settings.fail_on = fail_on;
    }
    if !args.select.is_empty() {
        settings.select = args.select.clone();
    }
    settings
        .ignore
        .extend(args.ignore.iter().map(|s| (s.clone(), None)));
    settings.exclude.extend(args.exclude.iter().cloned());
    if let Some(size) = &args.max_file_size {
        settings.max_file_size =
            parse_size(size).map_err(|m| Error::usage(format!("--max-file-size: {m}")))?;
    }
    settings.threads = args.threads.map(usize::from);
    if only_files.is_some() {
        // A handful of files has no meaningful repository score: only `--fail-on` applies.
        settings.fail_under = None;
    }
    Ok((settings, only_files))
}

fn list_rules(catalog: &Catalog, format: ListFormat) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &catalog.rules)?;
            writeln!(out)?;
        }
        ListFormat::Human => {
            writeln!(
                out,
                "{:<7} {:<36} {:<10} {:<8} {:>6}  summary",
                "code", "name", "category", "severity", "weight"
            )?;
            for r in &catalog.rules {
                writeln!(
                    out,
                    "{:<7} {:<36} {:<10} {:<8} {:>6}  {}",
                    r.code,
                    r.name,
                    r.category,
                    r.severity.as_str(),
                    r.weight,
                    r.summary
                )?;
            }
        }
    }
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASSED))
}

/// The full documentation of a rule, as `claw-lint explain` prints it.
pub fn explain_text(rule: &RuleSpec) -> String {
    let mut text = format!(
        "{} {} ({}, {}, weight {})\n\n{}\n\nWhy it matters\n  {}\n\nHow to fix\n  {}\n",
        rule.code,
        rule.name,
        rule.category,
        rule.severity.as_str(),
        rule.weight,
        rule.summary,
        rule.why,
        rule.fix
    );
    if !rule.example.trim().is_empty() {
        text.push_str("\nExample\n");
        for line in rule.example.trim_end().lines() {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
    }
    if !rule.aliases.is_empty() {
        text.push_str(&format!(
            "\nAlso selected by: {}\n",
            rule.aliases.join(", ")
        ));
    }
    text
}

fn explain(catalog: &Catalog, selector: &str) -> anyhow::Result<ExitCode> {
    let rule = catalog.find(selector).ok_or_else(|| {
        Error::usage(format!(
            "no rule named \"{}\" (see `claw-lint rules`)",
            escape_terminal(selector)
        ))
    })?;
    write_stdout(explain_text(rule).as_bytes())?;
    Ok(ExitCode::from(EXIT_PASSED))
}

fn init(path: &Path, dry_run: bool) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    crate::init::run(path, dry_run, &mut out)?;
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASSED))
}

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "claw-lint", &mut out);
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASSED))
}
