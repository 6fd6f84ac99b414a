//! The one error type of the library. Callers branch on its variant (a config error points at a
//! place in a file, a usage error at the command line), the binary prints it and exits 2.
//!
//! Messages follow the finding style (lowercase, no trailing period) and name what was expected.
//! Variants carry data rather than pre-rendered text where a caller may want it (the config file
//! and the 1-based position of the offending text), so editor integrations and tests need not
//! parse the message.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What can go wrong before or around a scan; a problem inside one scanned file is a report
/// entry, never an `Error`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A config file is malformed or holds a value out of range, at `span` when known.
    #[error("{}{}: {message}", path.display(), span.map(|s| format!(":{s}")).unwrap_or_default())]
    Config {
        /// The config file.
        path: PathBuf,
        /// Where the offending text starts.
        span: Option<Span>,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A catalog entry (built-in or the user's own) is malformed or does not build.
    #[error("{}", catalog_message(file.as_deref(), rule.as_deref(), message))]
    Catalog {
        /// The file the entry came from, when known (`rules/community.toml`, a config file).
        file: Option<String>,
        /// The rule, as `CODE (name)`, when the problem is in one rule.
        rule: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The command line or the settings as a whole are not usable.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing outside the scanned tree failed (a config, an output file).
    #[error("{context}: {}", crate::index::io_reason(source))]
    Io {
        /// What was being done, naming the path (`cannot write report to out.json`).
        context: String,
        /// The underlying error.
        source: io::Error,
    },
}

/// A 1-based line and column (in characters) inside a config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

impl Span {
    /// The position of byte `offset` in `text` (clamped to the text, rounded down to a character).
    pub fn at(text: &str, offset: usize) -> Span {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        Span {
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
        }
    }
}

fn catalog_message(file: Option<&str>, rule: Option<&str>, message: &str) -> String {
    let mut out = String::new();
    if let Some(file) = file {
        out.push_str(file);
        out.push_str(": ");
    }
    if let Some(rule) = rule {
        out.push_str("rule ");
        out.push_str(rule);
        out.push_str(": ");
    }
    out.push_str(message);
    out
}

impl Error {
    /// A usage error: the command line or settings as a whole.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    /// A config error at the byte range `span` of the file's `text` (from `toml::Spanned` or a
    /// TOML parse error).
    pub fn config(
        path: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Error::Config {
            path: path.to_path_buf(),
            span: span.map(|s| Span::at(text, s.start)),
            message: message.into(),
        }
    }

    /// A catalog error about no rule in particular; [`Error::in_rule`] adds the rule.
    pub fn catalog(message: impl Into<String>) -> Self {
        Error::Catalog {
            file: None,
            rule: None,
            message: message.into(),
        }
    }

    /// Names the rule (`CODE (name)`) in a catalog error that does not name one yet.
    pub fn in_rule(self, code: &str, name: &str) -> Self {
        match self {
            Error::Catalog {
                file,
                rule: None,
                message,
            } => Error::Catalog {
                file,
                rule: Some(format!("{code} ({name})")),
                message,
            },
            other => other,
        }
    }

    /// An I/O error while doing `context` (which names the path).
    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_print_file_line_and_column() {
        let text = "fail-under = 50\nfail-on = \"often\"\n";
        let err = Error::config(Path::new("claw-lint.toml"), text, Some(26..33), "bad value");
        assert_eq!(err.to_string(), "claw-lint.toml:2:11: bad value");
        let err = Error::config(Path::new("claw-lint.toml"), text, None, "bad value");
        assert_eq!(err.to_string(), "claw-lint.toml: bad value");
    }

    #[test]
    fn spans_count_characters_and_clamp() {
        assert_eq!(Span::at("é = 1\nx", 7), Span { line: 2, column: 1 });
        assert_eq!(Span::at("é", 1), Span { line: 1, column: 1 });
        assert_eq!(Span::at("ab", 99), Span { line: 1, column: 3 });
    }

    #[test]
    fn catalog_errors_name_the_rule_once() {
        let err = Error::catalog("invalid params: unknown field `x`")
            .in_rule("CL101", "missing-contributing")
            .in_rule("CL999", "other");
        assert_eq!(
            err.to_string(),
            "rule CL101 (missing-contributing): invalid params: unknown field `x`"
        );
    }
}
