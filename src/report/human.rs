//! The human report: score and per-category bars, the "fix these first" list, then findings
//! grouped by category and rule, rules costing the most points first (the total each header
//! shows), each with its fix. Messages wrap at the terminal width (or `COLUMNS`) without
//! breaking words; piped output stays one line per finding for grep.
//!
//! Rules the catalog gives a `section` get their own place because of what a newcomer does with
//! them: `before-you-contribute` notes (CLA, sign-off, AI policy, claiming issues) come first
//! instead of among the problems, and the ten most valuable `good-first-tests` findings are listed
//! again as "Good first tests", ready to become good first issues.
//!
//! Styles come from `colored`; whether to colour at all is decided by `anstream` from `--color`
//! and the conventions users set (see `app::set_color`). Every piece of repository text goes
//! through [`escape_terminal`] first.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use crate::catalog::Section;

use super::by_rule::rules_by_cost;
use super::fix_first::fix_first;
use super::{escape_terminal, location_label, verdict, ReportOptions, Reporter};
use crate::finding::{ReportedFinding, Severity};
use crate::report::Report;

/// The human reporter.
pub struct Human {
    /// Layout options.
    pub options: ReportOptions,
}

fn severity_label(severity: Severity) -> ColoredString {
    match severity {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
        // Bright, not dark, blue: dark blue is unreadable on a black terminal background.
        Severity::Info => "info".bright_blue(),
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

/// How many untested modules the "Good first tests" list shows.
const GOOD_FIRST_TESTS: usize = 10;

impl Human {
    fn write_policy(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let notes: Vec<&ReportedFinding> = report
            .findings
            .iter()
            .filter(|f| f.section == Some(Section::BeforeYouContribute))
            .collect();
        if notes.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{}", "Before you contribute".bold().underline())?;
        for f in notes {
            let place = escape_terminal(&location_label(f.path.as_deref(), f.line, f.column));
            self.write_wrapped(out, "  • ", &place, &escape_terminal(&f.message))?;
        }
        Ok(())
    }

    fn write_good_first_tests(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut untested: Vec<&ReportedFinding> = report
            .findings
            .iter()
            .filter(|f| f.section == Some(Section::GoodFirstTests))
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
            let number = format!("  {:>2}. ", i + 1);
            self.write_wrapped(out, &number, &place, &escape_terminal(&f.message))?;
        }
        Ok(())
    }

    fn write_findings(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for category in &report.score.categories {
            // Sorted by what each header shows: the rule's total points.
            let rules = rules_by_cost(report.findings.iter().filter(|f| {
                f.category == category.id && f.section != Some(Section::BeforeYouContribute)
            }));
            if rules.is_empty() {
                continue;
            }
            if !self.options.quiet {
                writeln!(
                    out,
                    "\n{}",
                    escape_terminal(&category.title).bold().underline()
                )?;
            }
            for findings in rules {
                let total = report.rule_total(&findings[0].rule, findings.len());
                self.write_rule(&findings, total, report.files_checked.is_none(), out)?;
            }
        }
        Ok(())
    }

    /// One rule: its header (with the points it costs, in a repository scan), its findings, its fix.
    /// `total` counts the findings the per-rule cap left out of `findings` too.
    fn write_rule(
        &self,
        findings: &[&ReportedFinding],
        total: usize,
        show_points: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let first = findings[0];
        let points: f64 = findings.iter().map(|f| f.points).sum();
        if !self.options.quiet {
            writeln!(
                out,
                "  {} {} {}  {}",
                severity_label(first.severity),
                escape_terminal(&first.rule).bold(),
                escape_terminal(&first.name),
                if show_points && points >= 0.05 {
                    format!("-{points:.1} pts").dimmed()
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
                    escape_terminal(&f.rule)
                )?;
            } else {
                self.write_wrapped(out, "    ", &place, &message)?;
            }
        }
        if !self.options.quiet {
            let shown = limit.min(findings.len());
            if total > shown {
                writeln!(
                    out,
                    "    … and {} more (all with --format json, or --max-per-rule 0)",
                    total - shown
                )?;
            }
            self.write_wrapped(out, "    ", "fix:", &escape_terminal(&first.help))?;
        }
        Ok(())
    }

    /// `{indent}{label}  {text}`, the text wrapped at the report width under itself (never
    /// mid-word); `fix:` labels are green, places cyan.
    fn write_wrapped(
        &self,
        out: &mut dyn Write,
        indent: &str,
        label: &str,
        text: &str,
    ) -> io::Result<()> {
        let styled = if label == "fix:" {
            label.green()
        } else {
            label.cyan()
        };
        let gap = if label == "fix:" { " " } else { "  " };
        let Some(width) = self.options.width else {
            return writeln!(out, "{indent}{styled}{gap}{text}");
        };
        let lead = indent.len() + label.chars().count() + gap.len();
        // Continuation lines hang under the text's own indent (a checklist item's long path
        // goes under its item, not back to the margin).
        let own_indent = text.len() - text.trim_start_matches(' ').len();
        let hang = " ".repeat(indent.len() + 2 + own_indent + 2 * usize::from(own_indent > 0));
        let first_indent = " ".repeat(lead);
        let options = textwrap::Options::new(width.max(lead + 20))
            .initial_indent(&first_indent)
            .subsequent_indent(&hang)
            .break_words(false)
            // Paths and names (`CODE-OF-CONDUCT`, `org-defaults`) must not split at hyphens.
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for (i, line) in textwrap::wrap(text, options).iter().enumerate() {
            if i == 0 {
                writeln!(
                    out,
                    "{indent}{styled}{gap}{}",
                    &line[lead.min(line.len())..]
                )?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    }

    /// `--show-passed`: the rules that earned full credit, then those whose subject is absent, so
    /// a maintainer sees what was checked, not only what failed (repo-review's `--show all`).
    fn write_passed(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let passed: Vec<_> = report
            .results
            .iter()
            .filter(|r| r.findings == 0 && r.credit.is_some_and(|c| c >= 1.0))
            .collect();
        let not_applicable: Vec<_> = report
            .results
            .iter()
            .filter(|r| r.credit.is_none())
            .collect();
        for (title, mark, rules) in [
            ("Passed", "✓".green(), passed),
            ("Not applicable", "-".dimmed(), not_applicable),
        ] {
            if rules.is_empty() {
                continue;
            }
            writeln!(out, "\n{} ({})", title.bold(), rules.len())?;
            for r in rules {
                writeln!(
                    out,
                    "  {mark} {:<7} {}",
                    escape_terminal(&r.code),
                    escape_terminal(&r.name)
                )?;
            }
        }
        Ok(())
    }

    /// The few findings worth the most points, with what each fix gains.
    fn write_fix_first(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let top = fix_first(report);
        if top.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{}", "Fix these first".bold().underline())?;
        for f in top {
            let place = escape_terminal(&location_label(f.path.as_deref(), f.line, f.column));
            let gain = format!("+{:.1}", f.points);
            writeln!(
                out,
                "  {:>6}  {} {}  {}",
                gain.green().bold(),
                escape_terminal(&f.rule).bold(),
                escape_terminal(&f.name),
                place.cyan()
            )?;
            self.write_wrapped(out, "        ", "", &escape_terminal(&f.message))?;
        }
        Ok(())
    }
}

/// The parts of the human report that are neither findings nor advice: the header with the
/// category bars, the ignored rules, the unreadable files and the closing line. Kept apart so
/// [`Reporter::write`] reads as the report's order of sections.
impl Human {
    /// The root and one bar per category; in file mode a score covers a few files, not the
    /// repository, so there are no category bars.
    fn write_header(report: &Report, out: &mut dyn Write) -> io::Result<()> {
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
                    escape_terminal(&c.title),
                    bar(score),
                    colored_score(score)
                )?,
                None => writeln!(
                    out,
                    "  {:<20} {} {:>5}",
                    escape_terminal(&c.title),
                    "─".repeat(10).dimmed(),
                    "n/a".dimmed()
                )?,
            }
        }
        Ok(())
    }

    /// Rules the config turned off, with the reason it gives.
    fn write_ignored(report: &Report, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "\n{}", "Ignored by config".bold())?;
        for i in &report.ignored {
            let reason = i
                .reason
                .as_deref()
                .map(|r| format!(": {}", escape_terminal(r)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} {}{reason}",
                escape_terminal(&i.code),
                escape_terminal(&i.name)
            )?;
        }
        Ok(())
    }

    /// Files the scan could not read, so a score is not mistaken for a full one.
    fn write_problems(report: &Report, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "\n{}", "Could not read".yellow().bold())?;
        for p in &report.problems {
            writeln!(
                out,
                "  {}: {}",
                escape_terminal(&p.path),
                escape_terminal(&p.message)
            )?;
        }
        Ok(())
    }

    /// The last line, printed even when quiet: the score and verdict, or in file mode how many
    /// file-level rules ran on how many files.
    fn write_closing(report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let verdict = verdict::summary(report);
        let status = if report.passed {
            verdict.green().bold()
        } else {
            verdict.red().bold()
        };
        match report.files_checked {
            Some(files) => writeln!(
                out,
                "{} file-level rules on {files} {}: {} {}, {status}",
                "Checked".bold(),
                if files == 1 { "file" } else { "files" },
                report.total_findings(),
                if report.total_findings() == 1 {
                    "finding"
                } else {
                    "findings"
                }
            ),
            None => writeln!(
                out,
                "{} {}/100 {status}",
                "Score".bold(),
                colored_score(report.score.overall)
            ),
        }
    }
}

impl Reporter for Human {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        if !self.options.quiet && report.files_checked.is_none() {
            Self::write_header(report, out)?;
        }
        if let Some(ml) = report.ml.as_ref().filter(|_| !self.options.quiet) {
            writeln!(out)?;
            for line in super::ml::lines(ml) {
                self.write_wrapped(out, "", "", &escape_terminal(&line))?;
            }
        }
        if !self.options.quiet {
            if report.files_checked.is_none() {
                self.write_fix_first(report, out)?;
            }
            self.write_policy(report, out)?;
        }
        self.write_findings(report, out)?;
        if !self.options.quiet {
            self.write_good_first_tests(report, out)?;
            if self.options.show_passed {
                self.write_passed(report, out)?;
            }
            if !report.ignored.is_empty() {
                Self::write_ignored(report, out)?;
            }
            if !report.problems.is_empty() {
                Self::write_problems(report, out)?;
            }
            // In file mode the walk's count is not what was checked: the last line says that.
            if report.files_checked.is_none() {
                writeln!(
                    out,
                    "\n{} files scanned, {} skipped, {} findings",
                    report.summary.files_scanned,
                    report.summary.files_skipped,
                    report.total_findings()
                )?;
            }
        }
        Self::write_closing(report, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support;

    fn finding(name: &str, path: &str, message: &str, points: f64) -> ReportedFinding {
        ReportedFinding {
            path: Some(path.to_string()),
            message: message.to_string(),
            ..test_support::finding(name, Severity::Warning, points)
        }
    }

    /// A finding of a rule the catalog puts in `section`.
    fn in_section(section: Section, path: &str, message: &str, points: f64) -> ReportedFinding {
        ReportedFinding {
            section: Some(section),
            ..finding("some-rule", path, message, points)
        }
    }

    fn render_with(report: &Report, options: ReportOptions) -> String {
        colored::control::set_override(false);
        let mut out = Vec::new();
        Human { options }.write(report, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    fn render(findings: Vec<ReportedFinding>) -> String {
        render_with(&test_support::report(findings), ReportOptions::default())
    }

    #[test]
    fn policy_notes_come_first_and_untested_modules_rank_by_points() {
        let text = render(vec![
            in_section(
                Section::GoodFirstTests,
                "pkg/a.py",
                "3 public functions untested",
                1.0,
            ),
            in_section(
                Section::GoodFirstTests,
                "pkg/b.py",
                "30 public functions untested",
                10.0,
            ),
            in_section(
                Section::BeforeYouContribute,
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

    #[test]
    fn rules_sort_by_the_total_their_header_shows() {
        // "many" costs 0.5 a finding but 3.0 in all; "one" costs 2.0 once.
        let mut findings: Vec<ReportedFinding> = (0..6)
            .map(|i| finding("many", &format!("m{i}.py"), "vague", 0.5))
            .collect();
        findings.push(finding("one-rule", "x.py", "missing", 2.0));
        let text = render(findings);
        let section = &text[text.find("\nTests").expect("category")..];
        let many = section.find("many  -3.0 pts").expect("many header");
        let one = section.find("one-rule  -2.0 pts").expect("one header");
        assert!(many < one, "{text}");
    }

    #[test]
    fn fix_first_lists_the_most_valuable_findings_before_the_rest() {
        let text = render(vec![
            finding("small", "a.py", "small thing", 0.5),
            finding("large", "b.py", "large thing", 9.0),
        ]);
        let top = text.find("Fix these first").expect("fix-first list");
        let large = text[top..].find("+9.0").expect("large gain");
        let small = text[top..].find("+0.5").expect("small gain");
        assert!(
            large < small && top < text.find("\nTests").expect("category"),
            "{text}"
        );
    }

    #[test]
    fn verdict_names_the_failing_threshold() {
        let mut report = test_support::report(vec![test_support::finding(
            "missing-guide",
            Severity::Error,
            10.0,
        )]);
        report.fail_under = Some(20.0);
        report.passed = false;
        let text = render_with(&report, ReportOptions::default());
        assert!(
            text.trim_end()
                .ends_with("Score 50.0/100 failed: 1 error finding (fail-on error)"),
            "{text}"
        );
    }

    #[test]
    fn wraps_at_the_width_without_breaking_words() {
        let long = "word ".repeat(40);
        let report = test_support::report(vec![finding("rule", "pkg/mod.py", &long, 1.0)]);
        let options = ReportOptions {
            width: Some(60),
            ..ReportOptions::default()
        };
        let text = render_with(&report, options);
        for line in text.lines() {
            assert!(line.chars().count() <= 60, "{line:?} is wider than 60");
        }
        assert!(text.contains("    pkg/mod.py  word word"), "{text}");
        assert_eq!(
            text.matches("word").count(),
            80,
            "nothing lost or split:\n{text}"
        );
    }

    #[test]
    fn a_checklist_items_long_evidence_hangs_under_the_item() {
        let mut report = test_support::report(Vec::new());
        let long_path = format!("examples/{}/train.py:2280", "deep_folder_name".repeat(5));
        report.ml = Some(crate::analysis::completeness::MlSummary {
            ml_project: true,
            ml_evidence: "imports torch (train.py:1)".to_string(),
            kind: "application",
            kind_evidence: "no package".to_string(),
            completeness: Some(1.0),
            items: vec![crate::analysis::completeness::Item {
                id: "training",
                credit: 1.0,
                detail: long_path.clone(),
            }],
        });
        let options = ReportOptions {
            width: Some(60),
            ..ReportOptions::default()
        };
        let text = render_with(&report, options);
        assert!(
            text.contains(&format!("    training     yes\n      {long_path}\n")),
            "{text}"
        );
    }

    #[test]
    fn show_passed_lists_full_credit_and_inapplicable_rules() {
        let mut report = test_support::report(Vec::new());
        let result = |code: &str, credit: Option<f64>, findings: usize| crate::score::RuleResult {
            code: code.to_string(),
            name: format!("rule-{code}"),
            category: "tests".to_string(),
            weight: 1.0,
            credit,
            findings,
        };
        report.results = vec![
            result("CL101", Some(1.0), 0),
            result("CL102", Some(0.5), 2),
            result("CL103", None, 0),
        ];
        let hidden = render_with(&report, ReportOptions::default());
        assert!(!hidden.contains("Passed"), "{hidden}");
        let options = ReportOptions {
            show_passed: true,
            ..ReportOptions::default()
        };
        let text = render_with(&report, options);
        let passed = text.find("Passed (1)").expect("passed section");
        let na = text.find("Not applicable (1)").expect("n/a section");
        assert!(
            text[passed..na].contains("CL101") && !text.contains("CL102"),
            "{text}"
        );
        assert!(text[na..].contains("CL103"), "{text}");
    }

    #[test]
    fn file_mode_shows_no_points_and_no_walk_count() {
        let mut report = test_support::report(vec![finding("vague", "a.py", "vague doc", 25.0)]);
        report.files_checked = Some(1);
        report.summary.files_scanned = 26;
        let text = render_with(&report, ReportOptions::default());
        assert!(!text.contains("pts"), "{text}");
        assert!(!text.contains("26 files"), "{text}");
        assert!(!text.contains("Fix these first"), "{text}");
        assert!(
            text.contains("Checked file-level rules on 1 file: 1 finding"),
            "{text}"
        );
    }
}
