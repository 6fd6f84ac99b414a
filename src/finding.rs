//! Findings: what a check reports and what a reporter prints.
//!
//! A check fills in only what it knows (message, location, symbol, parameter); the engine adds the
//! catalog data (code, name, category, severity, points, help) so that checks never repeat it.

use serde::{Deserialize, Serialize};

/// How serious a finding is; `--fail-on` compares against it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, never fails a build by default.
    Info,
    /// Should be fixed; fails with `--fail-on warning`.
    Warning,
    /// Blocks newcomers; fails with the default `--fail-on error`.
    Error,
}

impl Severity {
    /// The lowercase word used in config, JSON and the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in the repository, relative to the scanned root with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

/// One problem a check found, before the engine attaches catalog data.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Lowercase, specific, no trailing period (`make target "test" is not defined in Makefile`).
    pub message: String,
    /// Where it is; `None` for repository-level problems such as a missing file.
    pub location: Option<Location>,
    /// Qualified Python name (`pkg.mod.Class.method`) for API findings.
    pub symbol: Option<String>,
    /// Parameter name for parameter-documentation findings.
    pub param: Option<String>,
    /// Relative share of the rule's lost points (default 1): an untested module with 40 public
    /// functions costs more than one with 2, so its finding ranks higher.
    pub weight: f64,
    /// A ceiling on the rule's severity for this finding: a rule that matters less for some
    /// repositories (an unpinned framework in a library) reports there at most this level.
    pub max_severity: Option<Severity>,
    /// Lines besides its own where a suppression comment drops it (a function's `def`,
    /// decorator and the line above, for a finding inside its docstring).
    pub suppressible_at: Vec<u32>,
}

impl Finding {
    /// A repository-level finding; chain `at`, `line`, `symbol`, `param` to place it.
    pub fn new(message: impl Into<String>) -> Self {
        Finding {
            message: message.into(),
            location: None,
            symbol: None,
            param: None,
            weight: 1.0,
            max_severity: None,
            suppressible_at: Vec::new(),
        }
    }

    /// Places the finding in a file (no line yet).
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.location = Some(Location {
            path: path.into(),
            line: None,
            column: None,
        });
        self
    }

    /// Places the finding on a 1-based line of a file.
    pub fn at_line(mut self, path: impl Into<String>, line: u32) -> Self {
        self.location = Some(Location {
            path: path.into(),
            line: Some(line),
            column: None,
        });
        self
    }

    /// Places the finding on a 1-based line and column of a file.
    pub fn at_position(mut self, path: impl Into<String>, line: u32, column: u32) -> Self {
        self.location = Some(Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        });
        self
    }

    /// Names the Python symbol the finding is about.
    pub fn symbol(mut self, symbol: impl Into<String>) -> Self {
        self.symbol = Some(symbol.into());
        self
    }

    /// Names the parameter the finding is about.
    pub fn param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Sets the finding's relative share of its rule's lost points (negative values count as 0).
    pub fn weight(mut self, weight: f64) -> Self {
        self.weight = weight.max(0.0);
        self
    }

    /// Adds lines where a suppression comment drops this finding.
    pub fn suppressible_at(mut self, lines: &[u32]) -> Self {
        self.suppressible_at.extend_from_slice(lines);
        self
    }

    /// Caps this finding's severity at `severity` (the rule's effective severity still applies
    /// when it is lower).
    pub fn at_most(mut self, severity: Severity) -> Self {
        self.max_severity = Some(severity);
        self
    }

    /// The path, if any; used for sorting and per-file ignores.
    pub fn path(&self) -> Option<&str> {
        self.location.as_ref().map(|l| l.path.as_str())
    }
}

/// A finding with everything a reporter needs: the check's part plus the rule's catalog data.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ReportedFinding {
    /// Stable rule code (`CL101`).
    pub rule: String,
    /// Kebab-case rule name (`missing-contributing`).
    pub name: String,
    /// Category id the rule scores in.
    pub category: String,
    /// Effective severity after config overrides.
    pub severity: Severity,
    /// What is wrong, specific to this place.
    pub message: String,
    /// Repository-relative path, or `None` for repository-level findings.
    pub path: Option<String>,
    /// 1-based line, or `None`.
    pub line: Option<u32>,
    /// 1-based column, or `None`.
    pub column: Option<u32>,
    /// Qualified Python name, or `None`.
    pub symbol: Option<String>,
    /// Parameter name, or `None`.
    pub param: Option<String>,
    /// Score points (of 100) this finding costs; fixing it gains them back. Unrounded: rounding
    /// each of thousands of small shares before summing loses whole points, so the findings' points
    /// add up to what the score lost and reporters round only what they print.
    pub points: f64,
    /// How to fix it (the rule's `fix`).
    pub help: String,
    /// The check's relative weight of this finding (not part of the JSON contract): ranks findings
    /// of one rule exactly, where rounded points would tie.
    #[serde(skip)]
    pub weight: f64,
    /// The report section of its own the rule's findings go to (catalog data, not output).
    #[serde(skip)]
    pub section: Option<crate::catalog::Section>,
}
