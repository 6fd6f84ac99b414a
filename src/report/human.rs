//! The human report: score and per-category bars, then findings grouped by category and rule,
//! rules worth the most points per finding first (the cheapest high-value fixes), each with its fix.
//!
//! Two rules get their own sections because of what a newcomer does with them: the
//! `contribution-policy` notes (CLA, sign-off, AI policy, claiming issues) come first as "Before
//! you contribute", and the ten most valuable `untested-module` findings are listed as "Good first
//! tests", ready to become good first issues.
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

/// The rule whose findings are shown as notes before the problems rather than as problems.
const POLICY_RULE: &str = "contribution-policy";
/// The rule whose top findings become the "Good first tests" list.
const UNTESTED_RULE: &str = "untested-module";
/// How many untested modules the "Good first tests" list shows.
const GOOD_FIRST_TESTS: usize = 10;

impl Human {
    fn write_policy(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let notes: Vec<&ReportedFinding> = report
            .findings
            .iter()
            .filter(|f| f.name == POLICY_RULE)
            .collect();
        if notes.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{}", "Before you contribute".bold().underline())?;
        for f in notes {
            let place = escape_terminal(&location_label(f.path.as_deref(), f.line, f.column));
            writeln!(out, "  • {}  {}", escape_terminal(&f.message), place.cyan())?;
        }
        Ok(())
    }

    fn write_good_first_tests(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut untested: Vec<&ReportedFinding> = report
            .findings
            .iter()
            .filter(|f| f.name == UNTESTED_RULE)
            .collect();
        if untested.is_empty() {
            return Ok(());
        }
        // By weight (public API size), not rounded points, which tie; stable, so ties keep path order.
        untested.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        writeln!(
            out,
            "\n{}",
            "Good first tests (largest untested modules)"
                .bold()
                .underline()
        )?;
        for (i, f) in untested.iter().take(GOOD_FIRST_TESTS).enumerate() {
            let place = escape_terminal(f.path.as_deref().unwrap_or("(repository)"));
            writeln!(
                out,
                "  {:>2}. {}  {}",
                i + 1,
                place.cyan(),
                escape_terminal(&f.message)
            )?;
        }
        Ok(())
    }

    fn write_findings(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for category in &report.score.categories {
            let mut rules: Vec<&str> = Vec::new();
            for f in report
                .findings
                .iter()
                .filter(|f| f.category == category.id && f.name != POLICY_RULE)
            {
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
                if total >= 0.05 {
                    format!("-{total:.1} pts").dimmed()
                } else {
                    "".dimmed()
                }
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
        // In file mode a score covers a few files, not the repository: no category bars.
        if !self.options.quiet && report.files_checked.is_none() {
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
        if let Some(ml) = report.ml.as_ref().filter(|_| !self.options.quiet) {
            writeln!(out)?;
            for line in super::ml::lines(ml) {
                writeln!(out, "  {}", escape_terminal(&line))?;
            }
        }
        if !self.options.quiet {
            self.write_policy(report, out)?;
        }
        self.write_findings(report, out)?;
        if !self.options.quiet {
            self.write_good_first_tests(report, out)?;
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
        match report.files_checked {
            Some(files) => writeln!(
                out,
                "{} file-level rules on {files} {}: {} {}, {status}",
                "Checked".bold(),
                if files == 1 { "file" } else { "files" },
                report.findings.len(),
                if report.findings.len() == 1 {
                    "finding"
                } else {
                    "findings"
                }
            ),
            None => writeln!(
                out,
                "{} {}/100 {status}{threshold}",
                "Score".bold(),
                colored_score(report.score.overall)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Summary;
    use crate::score::{CategoryScore, Score};

    fn finding(name: &str, path: &str, message: &str, points: f64) -> ReportedFinding {
        ReportedFinding {
            rule: format!("CL{}", name.len()),
            name: name.to_string(),
            category: "tests".to_string(),
            severity: Severity::Warning,
            message: message.to_string(),
            path: Some(path.to_string()),
            line: None,
            column: None,
            symbol: None,
            param: None,
            points,
            help: "fix it".to_string(),
            weight: points,
        }
    }

    fn render(findings: Vec<ReportedFinding>) -> String {
        colored::control::set_override(false);
        let report = Report {
            root: "repo".to_string(),
            score: Score {
                overall: 50.0,
                categories: vec![CategoryScore {
                    id: "tests".to_string(),
                    title: "Tests".to_string(),
                    score: Some(50.0),
                    weight: 1.0,
                }],
            },
            findings,
            results: Vec::new(),
            rules: Vec::new(),
            ignored: Vec::new(),
            problems: Vec::new(),
            summary: Summary {
                files_scanned: 3,
                files_skipped: 0,
                elapsed_ms: 0,
            },
            fail_under: None,
            passed: true,
            anchor_file: "README.md".to_string(),
            files_checked: None,
            ml: None,
        };
        let mut out = Vec::new();
        Human {
            options: HumanOptions::default(),
        }
        .write(&report, &mut out)
        .expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn policy_notes_come_first_and_untested_modules_rank_by_points() {
        let text = render(vec![
            finding(
                UNTESTED_RULE,
                "pkg/a.py",
                "3 public functions untested",
                1.0,
            ),
            finding(
                UNTESTED_RULE,
                "pkg/b.py",
                "30 public functions untested",
                10.0,
            ),
            finding(
                POLICY_RULE,
                "CONTRIBUTING.md",
                "commits need a DCO sign-off",
                0.0,
            ),
        ]);
        let before = text.find("Before you contribute").expect("policy section");
        let tests = text.find("Good first tests").expect("good first tests");
        assert!(before < tests);
        let b = text[tests..].find("pkg/b.py").expect("b listed");
        let a = text[tests..].find("pkg/a.py").expect("a listed");
        assert!(b < a, "largest first:\n{text}");
        assert_eq!(
            text.matches("DCO").count(),
            1,
            "policy notes are not repeated as problems"
        );
    }
}
