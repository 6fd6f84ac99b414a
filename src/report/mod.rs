//! Reporters: one small module per output format over the same [`Report`] (built by the engine,
//! defined in [`model`]).
//!
//! Repository text (file names, docstrings, template fields, config entries) is untrusted: each
//! format escapes it through [`escape`], the one layer that knows each format's rules.

use std::io::{self, Write};

/// Terminal escaping under the name the human report, `init` and `main` have long used.
pub use escape::terminal as escape_terminal;

pub mod badge;
pub mod by_rule;
pub mod escape;
pub mod fix_first;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod ml;
pub mod model;
pub mod sarif;
pub mod statistics;
#[cfg(test)]
pub(crate) mod test_support;
pub mod verdict;

pub use model::{Report, Summary};

/// Output formats selectable with `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Colored terminal report grouped by category.
    Human,
    /// The stable JSON contract (schema_version 1).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// Markdown for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
    Markdown,
    /// An SVG score badge (shields style, coloured by score) for a README.
    Badge,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`) for merge requests.
    Gitlab,
    /// One self-contained HTML page: score, category chart, fix-first list, filterable findings.
    Html,
}

/// Writes a report in one format.
pub trait Reporter {
    /// Writes the whole report to `out`.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// Options that shape the human and Markdown reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportOptions {
    /// Print only findings and the score line.
    pub quiet: bool,
    /// How many findings of one rule to list before summarising the rest (0: all).
    pub max_per_rule: usize,
    /// Wrap lines at this many columns (the terminal's width); `None` keeps one line per finding.
    pub width: Option<usize>,
    /// Markdown: every finding rather than the summary that fits a pull-request comment.
    pub full: bool,
    /// Human: also list the rules that passed and those that did not apply.
    pub show_passed: bool,
}

/// The reporter for a format.
pub fn reporter(format: Format, options: ReportOptions) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human { options }),
        Format::Json => Box::new(json::Json),
        Format::Sarif => Box::new(sarif::Sarif),
        Format::Github => Box::new(github::Github),
        Format::Markdown => Box::new(markdown::Markdown { full: options.full }),
        Format::Badge => Box::new(badge::Badge),
        Format::Gitlab => Box::new(gitlab::Gitlab),
        Format::Html => Box::new(html::Html),
    }
}

/// `path:line:column` (or `path`, or `(repository)`) for a finding.
pub fn location_label(path: Option<&str>, line: Option<u32>, column: Option<u32>) -> String {
    match (path, line, column) {
        (Some(p), Some(l), Some(c)) => format!("{p}:{l}:{c}"),
        (Some(p), Some(l), None) => format!("{p}:{l}"),
        (Some(p), None, _) => p.to_string(),
        (None, _, _) => "(repository)".to_string(),
    }
}
