//! `--statistics`: one line per rule with its finding count and the points it costs, as ruff's
//! `--statistics` gives, for a first look at a large repository or a team's tracking sheet.

use std::io::{self, Write};

use super::by_rule::rules_by_cost;
use super::{escape_terminal, Reporter};
use crate::report::Report;

/// The statistics reporter.
pub struct Statistics;

impl Reporter for Statistics {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut rules = rules_by_cost(&report.findings);
        // Counts first, like ruff; the points break ties and are what sorting by cost gave.
        rules.sort_by_key(|r| std::cmp::Reverse(r.len()));
        for findings in &rules {
            let first = findings[0];
            let lost: f64 = findings.iter().map(|f| f.points).sum();
            writeln!(
                out,
                "{:>6}  {:<6} {:<36} {:<8} {:>6}",
                report.rule_total(&first.rule, findings.len()),
                escape_terminal(&first.rule),
                escape_terminal(&first.name),
                first.severity.as_str(),
                if lost >= 0.05 {
                    format!("-{lost:.1}")
                } else {
                    String::new()
                }
            )?;
        }
        writeln!(
            out,
            "{:>6}  findings in {} rules; score {:.1}/100",
            report.total_findings(),
            rules.len(),
            report.score.overall
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{ReportedFinding, Severity};
    use crate::report::test_support::{finding, report};

    #[test]
    fn one_line_per_rule_most_findings_first() {
        let mut findings: Vec<ReportedFinding> = (0..3)
            .map(|_| finding("vague-param-doc", Severity::Warning, 0.5))
            .collect();
        findings.push(finding("missing-contributing", Severity::Error, 10.0));
        let mut out = Vec::new();
        Statistics
            .write(&report(findings), &mut out)
            .expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].trim_start().starts_with("3  CL15"), "{text}");
        assert!(lines[0].trim_end().ends_with("-1.5"), "{text}");
        assert!(lines[1].contains("missing-contributing") && lines[1].contains("-10.0"));
        assert!(lines[2].contains("4  findings in 2 rules"), "{text}");
    }
}
