//! The binary's logic as a library function: settings from flags and config, the run, the
//! report, and the exit code. `main.rs` only parses arguments and maps errors to exit code 2.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::catalog::{Catalog, RuleSpec};
use crate::cli::{Cli, ColorChoice, Command, ListFormat, OutputSpec, ScanArgs};
use crate::config::{discover, parse_size, Settings};
use crate::error::Error;
use crate::report::escape::neutralize_commands;
use crate::report::{escape_terminal, reporter, Format, ReportOptions, Reporter};
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
    let outputs = planned_outputs(&args)?;
    let (settings, only_files) = plan_scan(&args)?;
    if args.show_settings {
        let mut out = Vec::new();
        show_settings(&settings, catalog, &mut out)?;
        write_report(None, Format::Human, &out)?;
        return Ok(ExitCode::from(EXIT_PASSED));
    }
    let progress = crate::progress::Progress::on_stderr(&settings.root);
    let report = crate::engine::run(&settings, catalog, only_files);
    progress.finish();
    let mut report = report?;
    report.cap_findings_per_rule(args.max_findings_per_rule);
    for output in &outputs {
        let to_stdout = output.path.is_none();
        let options = ReportOptions {
            quiet: args.quiet,
            max_per_rule: args.max_per_rule,
            width: report_width(to_stdout),
            full: args.full,
            show_passed: args.show_passed,
        };
        set_color(args.color, to_stdout);
        let mut buffer = Vec::new();
        // `--statistics` replaces the report on standard output, as in ruff.
        if to_stdout && args.statistics {
            crate::report::statistics::Statistics.write(&report, &mut buffer)?;
        } else {
            reporter(output.format, options).write(&report, &mut buffer)?;
        }
        write_report(output.path.as_deref(), output.format, &buffer)?;
    }
    let code = if report.passed || args.exit_zero {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    };
    Ok(ExitCode::from(code))
}

/// The reports one scan writes: `--format` (to `--output` or stdout) unless only
/// `--output-format`s were given, then each `--output-format`. At most one goes to stdout, and
/// no file is named twice, so no report overwrites another.
pub fn planned_outputs(args: &ScanArgs) -> Result<Vec<OutputSpec>, Error> {
    let mut outputs = Vec::new();
    if args.format.is_some() || args.output.is_some() || args.output_format.is_empty() {
        outputs.push(OutputSpec {
            format: args.format.unwrap_or(Format::Human),
            path: args.output.clone(),
        });
    }
    outputs.extend(args.output_format.iter().cloned());
    if outputs.iter().filter(|o| o.path.is_none()).count() > 1 {
        return Err(Error::usage(
            "more than one report would go to standard output: give all but one a file (FORMAT=FILE)"
                .to_string(),
        ));
    }
    let mut files = BTreeSet::new();
    for path in outputs.iter().filter_map(|o| o.path.as_ref()) {
        if !files.insert(path) {
            return Err(Error::usage(format!(
                "two reports would be written to {}",
                escape_terminal(&path.display().to_string())
            )));
        }
    }
    Ok(outputs)
}

/// The one place a report is written: to `path`, or to stdout when `None`. Every format and every
/// `--output-format` goes through here, so hardening output writing is one change: no line of it
/// is a workflow command an Actions runner would run (see [`neutralize_commands`]).
fn write_report(path: Option<&Path>, format: Format, rendered: &[u8]) -> Result<(), Error> {
    let bytes = &neutralize_commands(format, rendered);
    match path {
        Some(path) => crate::output::replace_file(path, bytes).map_err(|err| {
            Error::io(
                format!(
                    "cannot write report to {}",
                    escape_terminal(&path.display().to_string())
                ),
                err,
            )
        }),
        None => write_stdout(bytes).map_err(|err| Error::io("cannot write the report", err)),
    }
}

/// Writes to stdout; a closed pipe (`claw-lint | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Decides colour: `--color always|never`, else `anstream`'s reading of the conventions users set
/// (`NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR=0`, `TERM=dumb`, whether stdout is a terminal), plus
/// `FORCE_COLOR`, which anstream does not read. A report written to a file is never coloured.
fn set_color(choice: ColorChoice, to_stdout: bool) {
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if !to_stdout => false,
        ColorChoice::Auto => {
            let forced = std::env::var_os("FORCE_COLOR")
                .is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            (forced && !no_color)
                || anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
        }
    };
    colored::control::set_override(enabled);
}

/// The width the human report and `claw-lint rules` wrap at: the terminal's, else `COLUMNS`
/// (so `COLUMNS=100 claw-lint . | less` wraps too); `None` (no wrapping) when neither is known.
fn report_width(to_stdout: bool) -> Option<usize> {
    let terminal = to_stdout
        .then(|| terminal_size::terminal_size_of(io::stdout()))
        .flatten()
        .map(|(width, _)| usize::from(width.0));
    terminal.or_else(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse().ok())
            .filter(|&c: &usize| c >= 40)
    })
}

/// `--show-settings`: which config file was used (or none), the effective settings and the
/// active rules with their effective severity and weight, so a user can see why a rule ran.
pub fn show_settings(
    settings: &Settings,
    catalog: Catalog,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
    let (rules, ignored) = crate::catalog::activate(catalog, settings)?;
    let shown = |p: &Path| escape_terminal(&p.display().to_string());
    let list = |items: &[String]| {
        if items.is_empty() {
            "(none)".to_string()
        } else {
            escape_terminal(&items.join(", "))
        }
    };
    writeln!(out, "root: {}", shown(&settings.root))?;
    match &settings.config_path {
        Some(path) => writeln!(out, "config file: {}", shown(path))?,
        None if settings.isolated => writeln!(out, "config file: none (--isolated)")?,
        None => writeln!(out, "config file: none found")?,
    }
    match settings.fail_under {
        Some(score) => writeln!(out, "fail-under: {score:.1}")?,
        None => writeln!(out, "fail-under: (none)")?,
    }
    writeln!(
        out,
        "fail-on: {}",
        crate::report::verdict::fail_on_word(settings.fail_on)
    )?;
    writeln!(out, "select: {}", list(&settings.select))?;
    let ignore: Vec<String> = settings.ignore.iter().map(|(s, _)| s.clone()).collect();
    writeln!(out, "ignore: {}", list(&ignore))?;
    writeln!(out, "exclude: {}", list(&settings.exclude))?;
    for (glob, selectors) in &settings.per_file_ignores {
        writeln!(
            out,
            "per-file-ignores: {} = {}",
            escape_terminal(glob),
            list(selectors)
        )?;
    }
    writeln!(out, "org-defaults: {}", list(&settings.org_defaults))?;
    writeln!(out, "max-file-size: {} bytes", settings.max_file_size)?;
    match settings.threads {
        Some(n) => writeln!(out, "threads: {n}")?,
        None => writeln!(out, "threads: one per core")?,
    }
    writeln!(out, "\nactive rules ({}):", rules.len())?;
    for rule in &rules {
        writeln!(
            out,
            "  {:<7} {:<36} {:<8} weight {}",
            rule.spec.code,
            rule.spec.name,
            rule.spec.severity.as_str(),
            rule.spec.weight
        )?;
    }
    if !ignored.is_empty() {
        writeln!(out, "\nignored rules ({}):", ignored.len())?;
        for rule in &ignored {
            writeln!(out, "  {:<7} {}", rule.code, rule.name)?;
        }
    }
    Ok(())
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
        ListFormat::Human => write_rule_table(catalog, report_width(true), &mut out)?,
    }
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASSED))
}

/// Columns before the summary in `claw-lint rules`.
const RULE_TABLE_LEAD: usize = 73;

/// The rule table; with a known width, summaries wrap under their column, or, when fewer than 30
/// columns are left for them, go on their own indented lines.
fn write_rule_table(catalog: &Catalog, width: Option<usize>, out: &mut Vec<u8>) -> io::Result<()> {
    let (inline, summary_width) = match width {
        None => (true, 10_000),
        Some(w) if w >= RULE_TABLE_LEAD + 30 => (true, w - RULE_TABLE_LEAD),
        Some(w) => (false, w.saturating_sub(4).max(20)),
    };
    writeln!(
        out,
        "{:<7} {:<36} {:<10} {:<8} {:>6}  {}",
        "code",
        "name",
        "category",
        "severity",
        "weight",
        if inline { "summary" } else { "" }
    )?;
    for r in &catalog.rules {
        let lines = textwrap::wrap(&r.summary, summary_width);
        let head = format!(
            "{:<7} {:<36} {:<10} {:<8} {:>6}",
            r.code,
            r.name,
            r.category,
            r.severity.as_str(),
            r.weight
        );
        if inline {
            for (i, line) in lines.iter().enumerate() {
                let lead = if i == 0 { head.clone() } else { String::new() };
                writeln!(out, "{lead:<width$}  {line}", width = RULE_TABLE_LEAD - 2)?;
            }
        } else {
            writeln!(out, "{}", head.trim_end())?;
            for line in lines {
                writeln!(out, "    {line}")?;
            }
        }
    }
    Ok(())
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
    // It names the repository's files: no line of it may be a workflow command.
    write_stdout(&neutralize_commands(Format::Human, &out))?;
    Ok(ExitCode::from(EXIT_PASSED))
}

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "claw-lint", &mut out);
    write_stdout(&out)?;
    Ok(ExitCode::from(EXIT_PASSED))
}
