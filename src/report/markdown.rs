//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
//!
//! Repository text is escaped so it cannot add HTML, tables, links or @-mentions to the comment.

use std::io::{self, Write};

use super::{location_label, Reporter};
use crate::engine::Report;

/// The Markdown reporter.
pub struct Markdown;

/// Escapes Markdown and HTML specials and mentions in untrusted text, on one line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c)
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@\u{200b}"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn score_cell(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}"))
}

impl Reporter for Markdown {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let verdict = if report.passed {
            "✅ passed"
        } else {
            "❌ failed"
        };
        writeln!(
            out,
            "## claw-lint: {:.1}/100 {verdict}\n",
            report.score.overall
        )?;
        if let Some(threshold) = report.fail_under {
            writeln!(out, "Threshold: {threshold:.1}\n")?;
        }
        writeln!(out, "| Category | Score |\n|---|---:|")?;
        for c in &report.score.categories {
            writeln!(out, "| {} | {} |", c.title, score_cell(c.score))?;
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
            writeln!(out, "No findings.")?;
        }
        for category in &report.score.categories {
            let findings: Vec<_> = report
                .findings
                .iter()
                .filter(|f| f.category == category.id)
                .collect();
            if findings.is_empty() {
                continue;
            }
            writeln!(
                out,
                "<details{}><summary><b>{}</b>: {} findings</summary>\n",
                if findings.len() <= 10 { " open" } else { "" },
                category.title,
                findings.len()
            )?;
            writeln!(
                out,
                "| Rule | Where | Problem | Points |\n|---|---|---|---:|"
            )?;
            for f in findings {
                let place = location_label(f.path.as_deref(), f.line, f.column);
                writeln!(
                    out,
                    "| `{}` {} | {} | {} | {:.1} |",
                    f.rule,
                    f.name,
                    escape(&place),
                    escape(&f.message),
                    f.points
                )?;
            }
            writeln!(out, "\n</details>\n")?;
        }
        if !report.ignored.is_empty() {
            writeln!(
                out,
                "Ignored by config: {}\n",
                report
                    .ignored
                    .iter()
                    .map(|i| match &i.reason {
                        Some(r) => format!("`{}` ({})", i.name, escape(r)),
                        None => format!("`{}`", i.name),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
        writeln!(
            out,
            "<sub>{} files scanned, {} skipped · claw-lint {}</sub>",
            report.summary.files_scanned,
            report.summary.files_skipped,
            env!("CARGO_PKG_VERSION")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_tables_and_mentions() {
        assert_eq!(
            escape("<img src=x>|@team"),
            "&lt;img src=x&gt;\\|@\u{200b}team"
        );
        assert_eq!(escape("a\nb"), "a b");
    }
}
