//! `tests-in-ci`: when the repository has tests, some CI job runs them.
//!
//! Tests nobody runs on pull requests rot, and a newcomer cannot tell whether a red test was
//! broken by their change. A job counts when one of its steps runs a test command, directly or
//! through a script or Makefile target it calls (see `analysis::ci`).

use serde::Deserialize;

use crate::analysis::{ci, test_suite};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none yet; the struct keeps the catalog strict.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct TestsInCi;

impl TestsInCi {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        TestsInCi
    }
}

impl Check for TestsInCi {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let suite = test_suite::detect(cx.index);
        let tests = suite.test_files();
        if tests.is_empty() {
            return Outcome::NotApplicable;
        }
        let scan = ci::scan(cx.index);
        if scan.test_jobs().next().is_some() {
            return Outcome::pass();
        }
        let what = format!(
            "{} test file{} (e.g. {})",
            tests.len(),
            if tests.len() == 1 { "" } else { "s" },
            tests.iter().take(2).copied().collect::<Vec<_>>().join(", ")
        );
        let finding = if scan.files.is_empty() {
            Finding::new(format!(
                "the repository has {what} but no CI configuration runs them (no GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Buildkite or Travis CI file)"
            ))
        } else {
            let (files, jobs) = (scan.files.len(), scan.jobs.len());
            Finding::new(format!(
                "the repository has {what} but none of its {files} CI file{} runs a test command ({jobs} job{} checked)",
                if files == 1 { "" } else { "s" },
                if jobs == 1 { "" } else { "s" },
            ))
        };
        Outcome::all_or_nothing(vec![finding])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Outcome {
        crate::checks::run_on(&TestsInCi::new(Params::default()), files)
    }

    const LINT_ONLY: &str =
        "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ruff check .\n";
    const TESTS: &str = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";

    #[test]
    fn table() {
        let test = ("tests/test_a.py", "def test_a(): pass\n");
        let makefile = ("Makefile", "test:\n\tpython -m pytest tests\n");
        for (files, passes) in [
            (vec![("a.py", "")], None),
            (vec![test], Some(false)),
            (
                vec![test, (".github/workflows/lint.yml", LINT_ONLY)],
                Some(false),
            ),
            (
                vec![test, makefile, (".github/workflows/ci.yml", TESTS)],
                Some(true),
            ),
            (vec![test, (".github/workflows/ci.yml", TESTS)], Some(true)),
        ] {
            let outcome = run(&files);
            match passes {
                None => assert_eq!(outcome, Outcome::NotApplicable, "{files:?}"),
                Some(true) => assert_eq!(outcome, Outcome::pass(), "{files:?}"),
                Some(false) => assert_eq!(outcome.findings().len(), 1, "{files:?}"),
            }
        }
    }

    #[test]
    fn messages_say_what_was_checked() {
        let test = ("tests/test_a.py", "def test_a(): pass\n");
        let outcome = run(&[test, (".github/workflows/lint.yml", LINT_ONLY)]);
        assert_eq!(
            outcome.findings()[0].message,
            "the repository has 1 test file (e.g. tests/test_a.py) but none of its 1 CI file runs a test command (1 job checked)"
        );
    }
}
