//! `tests-in-ci`: when the repository has tests, some CI job runs them, and every Python test
//! folder is reached by some CI test command.
//!
//! Tests nobody runs on pull requests rot, and a newcomer cannot tell whether a red test was
//! broken by their change. A job counts when one of its steps runs a test command, directly or
//! through a script or Makefile target it calls (see `analysis::ci`). A test folder counts
//! when one of those commands would collect it (see `analysis::test_reach`): a repository
//! whose CI runs `pytest tests/` leaves `projects/*/tests` unrun.

use serde::Deserialize;

use crate::analysis::{ci, test_reach, test_suite};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;
use crate::index::TextPass;

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
    fn text_pass(&self, pass: &TextPass) -> bool {
        crate::analysis::test_command::text_pass(pass);
        false
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let suite = test_suite::detect(cx.index);
        let tests = suite.test_files();
        if tests.is_empty() {
            return Outcome::NotApplicable;
        }
        let scan = ci::scan(cx.index);
        if scan.test_jobs().next().is_some() {
            return unreached_folders(cx, &scan, &tests);
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

/// Credit by test file: the share of Python test files in folders some CI test command
/// reaches; a finding for each folder none reaches.
fn unreached_folders(cx: &CheckCtx, scan: &ci::CiScan, tests: &[&str]) -> Outcome {
    let folders = test_reach::python_test_folders(tests.iter().copied());
    let testpaths = test_reach::root_testpaths(cx.index);
    let testpaths = testpaths.as_slice();
    let reaches: Vec<(&ci::CiJob, test_reach::Reach)> = scan
        .test_jobs()
        .flat_map(|job| {
            job.test_runs
                .iter()
                .map(move |run| (job, test_reach::reach_of(cx.index, run, testpaths)))
        })
        .collect();
    let (mut reached, mut total) = (0usize, 0usize);
    let mut findings = Vec::new();
    for (folder, count) in &folders {
        total += count;
        if reaches.iter().any(|(_, reach)| reach.covers(folder)) {
            reached += count;
            continue;
        }
        let (job, _) = &reaches[0];
        let command = &job.test_runs[0].command;
        findings.push(
            Finding::new(format!(
                "{count} test file{} in {folder}/ run in no CI job: the CI test commands (e.g. `{command}` in {}) do not reach this folder",
                if *count == 1 { "" } else { "s" },
                job.file,
            ))
            .at(folder.clone()),
        );
    }
    if total == 0 {
        return Outcome::pass();
    }
    Outcome::partial(reached as f64, total as f64, findings)
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
