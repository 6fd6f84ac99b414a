//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! Escaping ([`github_message`], [`github_property`]) follows GitHub's toolkit (`%` first, then CR
//! and LF; in properties also `:` and `,`) so repository text cannot end the command early or
//! inject a new one. GitHub shows only ten
//! annotations per level per step, so annotations come most valuable first and the last line
//! says where the full report is.

use std::io::{self, Write};

use super::escape::{github_message, github_property};
use super::Reporter;
use crate::finding::Severity;
use crate::report::Report;

/// The GitHub annotations reporter.
pub struct Github;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Reporter for Github {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut order: Vec<usize> = (0..report.findings.len()).collect();
        // Stable sort keeps (path, line, rule) order among equally valuable findings.
        order.sort_by(|&a, &b| {
            let (fa, fb) = (&report.findings[a], &report.findings[b]);
            fb.severity
                .cmp(&fa.severity)
                .then(fb.points.total_cmp(&fa.points))
        });
        for i in order {
            let f = &report.findings[i];
            let mut props = Vec::new();
            if let Some(path) = &f.path {
                props.push(format!("file={}", github_property(path)));
                if let Some(line) = f.line {
                    props.push(format!("line={line}"));
                }
                if let Some(col) = f.column {
                    props.push(format!("col={col}"));
                }
            }
            props.push(format!(
                "title={}",
                github_property(&format!("{} {}", f.rule, f.name))
            ));
            let message = format!("{} (-{:.1} pts). {}", f.message, f.points, f.help);
            writeln!(
                out,
                "::{} {}::{}",
                command(f.severity),
                props.join(","),
                github_message(&message)
            )?;
        }
        if let Some(ml) = &report.ml {
            // Plain log lines, escaped so a file name cannot start a workflow command.
            for line in super::ml::lines(ml) {
                writeln!(out, "claw-lint {}", github_message(line.trim()))?;
            }
        }
        writeln!(
            out,
            "claw-lint {}: score {:.1}/100 with {} findings; GitHub shows at most 10 annotations per level, \
             run `claw-lint --format human` (or write `--format markdown` to $GITHUB_STEP_SUMMARY) for the full report",
            super::verdict::summary(report),
            report.score.overall,
            report.total_findings()
        )
    }
}
