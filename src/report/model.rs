//! The result of a run, everything every reporter needs. The engine builds a [`Report`] and each
//! reporter in [`crate::report`] renders it, so the reporters depend on this model and not on the
//! engine that produced it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalog::{IgnoredRule, RuleSpec};
use crate::finding::ReportedFinding;
use crate::index::ScanProblem;
use crate::score::{RuleResult, Score};

/// Counts about the scan itself.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// Files indexed.
    pub files_scanned: usize,
    /// Files indexed whose contents could not be used (binary, too large, unreadable).
    pub files_skipped: usize,
    /// Wall time of the scan in milliseconds (the only non-deterministic number).
    pub elapsed_ms: u64,
}

/// The result of a run, everything every reporter needs.
#[derive(Clone, Debug)]
pub struct Report {
    /// The scanned folder as the user named it.
    pub root: String,
    /// Overall and per-category score.
    pub score: Score,
    /// Findings sorted by (path, line, rule).
    pub findings: Vec<ReportedFinding>,
    /// Each active rule's result, in catalog order.
    pub results: Vec<RuleResult>,
    /// The active rules' catalog entries (SARIF lists them), in catalog order.
    pub rules: Vec<RuleSpec>,
    /// Rules turned off by config, with reasons.
    pub ignored: Vec<IgnoredRule>,
    /// Files or folders that could not be read.
    pub problems: Vec<ScanProblem>,
    /// Scan counts and time.
    pub summary: Summary,
    /// The threshold in force.
    pub fail_under: Option<f64>,
    /// Which findings fail the run; reporters say which threshold failed it.
    pub fail_on: crate::config::FailOn,
    /// Whether the run passed `fail-under` and `fail-on`.
    pub passed: bool,
    /// In file mode, how many files were checked: the score then covers only those files, so
    /// reporters say "N files checked" rather than present it as the repository's score.
    pub files_checked: Option<usize>,
    /// The ML family's applicability facts and Papers-with-Code figure, when an ML rule ran on
    /// the whole repository.
    pub ml: Option<crate::analysis::completeness::MlSummary>,
    /// A real root-level file (the README when there is one) where formats that demand a file for
    /// every result (SARIF for GitHub code scanning) anchor repository-level findings.
    pub anchor_file: String,
    /// Findings left out of `findings` by the per-rule cap, by rule code (see
    /// [`Report::cap_findings_per_rule`]); the score and verdict counted them all.
    pub omitted: BTreeMap<String, usize>,
}

impl Report {
    /// Keeps at most `cap` findings of each rule (the first in report order; 0 keeps all) and
    /// counts the rest in `omitted`, so no repository can make a report of millions of findings
    /// (a README of a million broken links) while every count a reporter prints stays true.
    pub fn cap_findings_per_rule(&mut self, cap: usize) {
        if cap == 0 {
            return;
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut omitted = std::mem::take(&mut self.omitted);
        self.findings.retain(|f| {
            let n = seen.entry(f.rule.clone()).or_default();
            *n += 1;
            if *n > cap {
                *omitted.entry(f.rule.clone()).or_default() += 1;
            }
            *n <= cap
        });
        self.omitted = omitted;
    }

    /// How many findings rule `code` reported, `shown` of them listed in `findings`.
    pub fn rule_total(&self, code: &str, shown: usize) -> usize {
        shown + self.omitted.get(code).copied().unwrap_or(0)
    }

    /// How many findings the run reported, listed or left out by the cap.
    pub fn total_findings(&self) -> usize {
        self.findings.len() + self.omitted.values().sum::<usize>()
    }
}
