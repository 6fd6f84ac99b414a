//! `--format markdown`: a report for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
//!
//! By default it is a summary that fits one comment (GitHub holds 65,536 characters; diffusers'
//! full list was 861 KB): the verdict, the category table, the fix-first list, then each rule with
//! its count, points, fix and first few findings, and a line saying where the full list is.
//! `--full` lists every finding. When even the summary would not fit (a huge catalog of custom
//! rules) it lists fewer findings per rule, down to none, before giving up on the budget.
//!
//! Repository text goes through the shared escaping layer ([`super::escape`]) so it cannot add
//! HTML, tables, links or @-mentions to the comment: Markdown text, code spans and the inline
//! HTML of `<summary>` each escaped their own way.

use std::io::{self, Write};

use super::by_rule::rules_by_cost;
use super::escape::{markdown as escape, markdown_code as code, markdown_inline_html};
use super::fix_first::fix_first;
use super::{location_label, verdict, Reporter};
use crate::finding::ReportedFinding;
use crate::report::Report;

/// The Markdown reporter.
pub struct Markdown {
    /// List every finding instead of the summary that fits a comment.
    pub full: bool,
}

/// What a pull-request comment holds, in characters; the summary stays below it.
pub const COMMENT_LIMIT: usize = 65_536;
/// Findings listed per rule in the summary, before "… and N more".
const SUMMARY_PER_RULE: usize = 3;
/// Longest message kept in the summary; longer ones end in "…".
const SUMMARY_MESSAGE_CHARS: usize = 240;

fn score_cell(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}"))
}

/// `escape`d text cut to `max` characters, ending in "…" when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return escape(text);
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", escape(&cut))
}

impl Markdown {
    /// The whole document with at most `per_rule` findings per rule (`None`: all of them).
    fn render(&self, report: &Report, per_rule: Option<usize>) -> Result<String, std::fmt::Error> {
        use std::fmt::Write as _;
        let mut out = String::new();
        let mark = if report.passed { "✅" } else { "❌" };
        writeln!(
            out,
            "## claw-lint: {:.1}/100 {mark} {}\n",
            report.score.overall,
            verdict::summary(report)
        )?;
        writeln!(out, "| Category | Score |\n|---|---:|")?;
        for c in &report.score.categories {
            writeln!(out, "| {} | {} |", escape(&c.title), score_cell(c.score))?;
        }
        writeln!(out)?;
        if let Some(ml) = &report.ml {
            for line in super::ml::lines(ml) {
                // Checklist items are indented under the figure: a nested list.
                let indent = if line.starts_with(' ') { "  " } else { "" };
                writeln!(out, "{indent}- {}", escape(line.trim()))?;
            }
            writeln!(out)?;
        }
        if report.findings.is_empty() {
            writeln!(out, "No findings.\n")?;
        }
        let top = fix_first(report);
        if !top.is_empty() {
            writeln!(out, "### Fix these first\n")?;
            for (i, f) in top.iter().enumerate() {
                let place = match &f.path {
                    Some(path) => format!(
                        " in {}",
                        escape(&location_label(Some(path), f.line, f.column))
                    ),
                    None => String::new(),
                };
                writeln!(
                    out,
                    "{}. **+{:.1}** {} {}: {}{place}",
                    i + 1,
                    f.points,
                    code(&f.rule),
                    escape(&f.name),
                    short(&f.message, SUMMARY_MESSAGE_CHARS),
                )?;
            }
            writeln!(out)?;
        }
        for category in &report.score.categories {
            let findings: Vec<&ReportedFinding> = report
                .findings
                .iter()
                .filter(|f| f.category == category.id)
                .collect();
            if findings.is_empty() {
                continue;
            }
            let lost: f64 = findings.iter().map(|f| f.points).sum();
            let rules = rules_by_cost(findings.iter().copied());
            let total = |rule: &[&ReportedFinding]| report.rule_total(&rule[0].rule, rule.len());
            writeln!(
                out,
                "<details{}><summary><b>{}</b>: {}{}</summary>\n",
                if findings.len() <= 10 { " open" } else { "" },
                markdown_inline_html(&category.title),
                count(rules.iter().map(|r| total(r)).sum()),
                cost(", ", lost)
            )?;
            for rule in &rules {
                write_rule(&mut out, rule, total(rule), per_rule)?;
            }
            writeln!(out, "</details>\n")?;
        }
        if !report.ignored.is_empty() {
            writeln!(
                out,
                "Ignored by config: {}\n",
                report
                    .ignored
                    .iter()
                    .map(|i| match &i.reason {
                        Some(r) => format!("{} ({})", code(&i.name), escape(r)),
                        None => code(&i.name),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        let scope = match per_rule {
            None => "every finding listed".to_string(),
            Some(n) => format!(
                "a summary (at most {n} findings per rule); the full list: `claw-lint --format markdown --full`, or `--format json`"
            ),
        };
        writeln!(
            out,
            "<sub>{} files scanned, {} skipped · {scope} · claw-lint {}</sub>",
            report.summary.files_scanned,
            report.summary.files_skipped,
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(out)
    }
}

/// "1 finding", "3 findings".
fn count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "finding" } else { "findings" })
}

/// `{sep}-2.5 pts`, or nothing for what rounds to no points (notes, tiny shares).
fn cost(sep: &str, lost: f64) -> String {
    if lost >= 0.05 {
        format!("{sep}-{lost:.1} pts")
    } else {
        String::new()
    }
}

/// One rule: its header with count and points, its fix, its first findings.
fn write_rule(
    out: &mut String,
    findings: &[&ReportedFinding],
    total: usize,
    per_rule: Option<usize>,
) -> std::fmt::Result {
    use std::fmt::Write as _;
    let first = findings[0];
    let lost: f64 = findings.iter().map(|f| f.points).sum();
    writeln!(
        out,
        "**{} {}** · {} · {}{}  \nFix: {}\n",
        code(&first.rule),
        escape(&first.name),
        first.severity.as_str(),
        count(total),
        cost(" · ", lost),
        escape(&first.help)
    )?;
    let shown = per_rule.unwrap_or(findings.len()).min(findings.len());
    for f in &findings[..shown] {
        let place = escape(&location_label(f.path.as_deref(), f.line, f.column));
        let message = match per_rule {
            Some(_) => short(&f.message, SUMMARY_MESSAGE_CHARS),
            None => escape(&f.message),
        };
        writeln!(out, "- {place}: {message}")?;
    }
    if total > shown {
        writeln!(out, "- … and {} more", total - shown)?;
    }
    writeln!(out)
}

impl Reporter for Markdown {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let text = if self.full {
            self.render(report, None)
        } else {
            // The most findings per rule that still fits one comment.
            let mut text = self.render(report, Some(SUMMARY_PER_RULE));
            for per_rule in (0..SUMMARY_PER_RULE).rev() {
                match &text {
                    Ok(t) if t.chars().count() >= COMMENT_LIMIT => {
                        text = self.render(report, Some(per_rule))
                    }
                    _ => break,
                }
            }
            text
        }
        .map_err(|_| io::Error::other("formatting the markdown report failed"))?;
        out.write_all(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::report::test_support::{finding, report};

    fn render(report: &Report, full: bool) -> String {
        let mut out = Vec::new();
        Markdown { full }.write(report, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn escapes_html_tables_and_mentions() {
        assert_eq!(
            escape("<img src=x>|@team"),
            "&lt;img src=x&gt;\\|@\u{200b}team"
        );
        assert_eq!(escape("a\nb"), "a b");
    }

    #[test]
    fn summary_fits_a_comment_and_says_where_the_full_list_is() {
        let many: Vec<ReportedFinding> = (0..5000)
            .map(|i| ReportedFinding {
                path: Some(format!("pkg/module_{i}.py")),
                message: format!(
                    "parameter number {i} has a vague description {}",
                    "x".repeat(80)
                ),
                ..finding("vague-param-doc", Severity::Warning, 0.01)
            })
            .collect();
        let r = report(many);
        let summary = render(&r, false);
        assert!(summary.chars().count() < COMMENT_LIMIT, "{}", summary.len());
        assert!(summary.contains("- … and 4997 more"), "{summary}");
        assert!(summary.contains("Fix: fix it"), "{summary}");
        assert!(summary.contains("--format markdown --full"), "{summary}");
        assert!(summary.contains("5000 findings · -50.0 pts"), "{summary}");
        let full = render(&r, true);
        assert!(
            full.contains("pkg/module\\_4999.py"),
            "the full list has every finding"
        );
        assert!(full.chars().count() > COMMENT_LIMIT);
    }

    #[test]
    fn verdict_and_fix_first_lead_the_report() {
        let mut r = report(vec![
            finding("small", Severity::Warning, 0.5),
            finding("missing-guide", Severity::Error, 9.0),
        ]);
        r.passed = false;
        let text = render(&r, false);
        assert!(
            text.starts_with("## claw-lint: 50.0/100 ❌ failed: 1 error finding (fail-on error)"),
            "{text}"
        );
        let top = text.find("### Fix these first").expect("fix-first");
        assert!(
            text[top..].find("**+9.0**") < text[top..].find("**+0.5**"),
            "{text}"
        );
    }

    #[test]
    fn repository_text_cannot_become_markup() {
        let r = report(vec![ReportedFinding {
            message: "<script>alert(1)</script> @org/team [x](http://e)".to_string(),
            ..finding("bad", Severity::Warning, 1.0)
        }]);
        let text = render(&r, false);
        assert!(!text.contains("<script>"), "{text}");
        assert!(!text.contains("@org"), "{text}");
        assert!(!text.contains("[x](http"), "{text}");
    }
}
