//! The human report: score and per-category bars, then findings grouped by category and rule,
//! rules worth the most points per finding first (the cheapest high-value fixes), each with its fix.
//!
//! Colors come from `colored`, which the CLI switches per `--color` and `NO_COLOR`. Every piece of
//! repository text goes through [`escape_terminal`] first.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use super::{escape_terminal, location_label, HumanOptions, Reporter};
use crate::engine::Report;
use crate::finding::{ReportedFinding, Severity};

/// The human reporter.
pub struct Human {
    /// Layout options.
    pub options: HumanOptions,
}

fn severity_label(severity: Severity) -> ColoredString {
    match severity {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
        Severity::Info => "info".blue(),
    }
}

fn bar(score: f64) -> String {
    let filled = ((score / 10.0).round() as usize).min(10);
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

fn colored_score(score: f64) -> ColoredString {
    let text = format!("{score:.1}");
    if score >= 80.0 {
        text.green()
    } else if score >= 50.0 {
        text.yellow()
    } else {
        text.red()
    }
}

impl Human {
    fn write_findings(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for category in &report.score.categories {
            let mut rules: Vec<&str> = Vec::new();
            for f in report.findings.iter().filter(|f| f.category == category.id) {
                if !rules.contains(&f.rule.as_str()) {
                    rules.push(&f.rule);
                }
            }
            if rules.is_empty() {
                continue;
            }
            let per_finding = |code: &str| {
                report
                    .findings
                    .iter()
                    .find(|f| f.rule == code)
                    .map_or(0.0, |f| f.points)
            };
            rules.sort_by(|a, b| per_finding(b).total_cmp(&per_finding(a)).then(a.cmp(b)));
            if !self.options.quiet {
                writeln!(out, "\n{}", category.title.bold().underline())?;
            }
            for code in rules {
                let findings: Vec<&ReportedFinding> =
                    report.findings.iter().filter(|f| f.rule == code).collect();
                self.write_rule(&findings, out)?;
            }
        }
        Ok(())
    }

    fn write_rule(&self, findings: &[&ReportedFinding], out: &mut dyn Write) -> io::Result<()> {
        let first = findings[0];
        let total: f64 = findings.iter().map(|f| f.points).sum();
        if !self.options.quiet {
            writeln!(
                out,
                "  {} {} {}  {}",
                severity_label(first.severity),
                first.rule.bold(),
                first.name,
                format!("-{total:.1} pts").dimmed()
            )?;
        }
        let limit = if self.options.max_per_rule == 0 || self.options.quiet {
            findings.len()
        } else {
            self.options.max_per_rule
        };
        for f in findings.iter().take(limit) {
            let place = escape_terminal(&location_label(f.path.as_deref(), f.line, f.column));
            let message = escape_terminal(&f.message);
            if self.options.quiet {
                writeln!(
                    out,
                    "{place}: {} {} {message}",
                    severity_label(f.severity),
                    f.rule
                )?;
            } else {
                writeln!(out, "    {}  {message}", place.cyan())?;
            }
        }
        if !self.options.quiet {
            if findings.len() > limit {
                writeln!(
                    out,
                    "    … and {} more (all with --format json, or --max-per-rule 0)",
                    findings.len() - limit
                )?;
            }
            writeln!(out, "    {} {}", "fix:".green(), first.help)?;
        }
        Ok(())
    }
}

impl Reporter for Human {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let status = if report.passed {
            "passed".green().bold()
        } else {
            "failed".red().bold()
        };
        let threshold = report
            .fail_under
            .map(|t| format!(" (fail-under {t:.1})"))
            .unwrap_or_default();
        if !self.options.quiet {
            writeln!(
                out,
                "{} {}",
                "claw-lint".bold(),
                escape_terminal(&report.root)
            )?;
            writeln!(out)?;
            for c in &report.score.categories {
                match c.score {
                    Some(score) => writeln!(
                        out,
                        "  {:<20} {} {:>5}",
                        c.title,
                        bar(score),
                        colored_score(score)
                    )?,
                    None => writeln!(
                        out,
                        "  {:<20} {} {:>5}",
                        c.title,
                        "─".repeat(10).dimmed(),
                        "n/a".dimmed()
                    )?,
                }
            }
        }
        self.write_findings(report, out)?;
        if !self.options.quiet {
            if !report.ignored.is_empty() {
                writeln!(out, "\n{}", "Ignored by config".bold())?;
                for i in &report.ignored {
                    let reason = i
                        .reason
                        .as_deref()
                        .map(|r| format!(": {}", escape_terminal(r)))
                        .unwrap_or_default();
                    writeln!(out, "  {} {}{reason}", i.code, i.name)?;
                }
            }
            if !report.problems.is_empty() {
                writeln!(out, "\n{}", "Could not read".yellow().bold())?;
                for p in &report.problems {
                    writeln!(
                        out,
                        "  {}: {}",
                        escape_terminal(&p.path),
                        escape_terminal(&p.message)
                    )?;
                }
            }
            writeln!(
                out,
                "\n{} files scanned, {} skipped, {} findings",
                report.summary.files_scanned,
                report.summary.files_skipped,
                report.findings.len()
            )?;
        }
        writeln!(
            out,
            "{} {}/100 {status}{threshold}",
            "Score".bold(),
            colored_score(report.score.overall)
        )
    }
}
