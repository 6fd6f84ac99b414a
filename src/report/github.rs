//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! Escaping follows GitHub's toolkit (`%` first, then CR and LF; in properties also `:` and `,`)
//! so repository text cannot end the command early or inject a new one. GitHub shows only ten
//! annotations per level per step, so annotations come most valuable first and the last line
//! says where the full report is.

use std::io::{self, Write};

use super::Reporter;
use crate::finding::Severity;
use crate::report::Report;

/// The GitHub annotations reporter.
pub struct Github;

/// Escapes an annotation message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes an annotation property value (`file`, `title`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

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
                props.push(format!("file={}", escape_property(path)));
                if let Some(line) = f.line {
                    props.push(format!("line={line}"));
                }
                if let Some(col) = f.column {
                    props.push(format!("col={col}"));
                }
            }
            props.push(format!(
                "title={}",
                escape_property(&format!("{} {}", f.rule, f.name))
            ));
            let message = format!("{} (-{:.1} pts). {}", f.message, f.points, f.help);
            writeln!(
                out,
                "::{} {}::{}",
                command(f.severity),
                props.join(","),
                escape_data(&message)
            )?;
        }
        if let Some(ml) = &report.ml {
            // Plain log lines, escaped so a file name cannot start a workflow command.
            for line in super::ml::lines(ml) {
                writeln!(out, "claw-lint {}", escape_data(line.trim()))?;
            }
        }
        writeln!(
            out,
            "claw-lint {}: score {:.1}/100 with {} findings; GitHub shows at most 10 annotations per level, \
             run `claw-lint --format human` (or write `--format markdown` to $GITHUB_STEP_SUMMARY) for the full report",
            super::verdict::summary(report),
            report.score.overall,
            report.findings.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_blocks_command_injection() {
        assert_eq!(escape_data("50%\r\n::error::x"), "50%25%0D%0A::error::x");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
