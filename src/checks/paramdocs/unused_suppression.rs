//! `unused-suppression`: a `# claw-lint: ignore[...]` comment naming no rule, or suppressing
//! nothing, as ruff's `RUF100` reports a stale `# noqa`. A typo in the rule name suppresses
//! nothing while looking deliberate, and a comment left after the fix hides the next problem on
//! that line. The engine applies every comment to the other rules' findings first
//! ([`crate::suppression`]); this check reports what was left unused. Turn it off like any rule
//! (`ignore = ["unused-suppression"]`).

use serde::Deserialize;

use crate::checks::{Check, CheckCtx, Needs, Outcome};
use crate::suppression::Suppressions;

/// No params.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct UnusedSuppression;

impl UnusedSuppression {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        UnusedSuppression
    }
}

impl Check for UnusedSuppression {
    /// Comments are read from the Python token stream.
    fn needs(&self) -> Needs {
        Needs {
            python: true,
            ..Needs::default()
        }
    }

    fn file_level(&self) -> bool {
        true
    }

    /// Never called: whether a comment suppresses anything is known only once every other check
    /// ran, so the engine calls [`Check::judge`] instead.
    fn run(&self, _cx: &CheckCtx) -> Outcome {
        Outcome::NotApplicable
    }

    fn judges_suppressions(&self) -> bool {
        true
    }

    fn judge(&self, cx: &CheckCtx, suppressions: &Suppressions) -> Outcome {
        Outcome::all_or_nothing(suppressions.problems(|path| cx.in_scope(path)))
    }
}
