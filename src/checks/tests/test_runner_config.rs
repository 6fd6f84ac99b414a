//! `test-runner-config`: Python tests come with runner configuration, so `pytest` at the root
//! finds them with the project's options.
//!
//! Accepted: `[tool.pytest.ini_options]` (or `[tool.pytest]`) in a `pyproject.toml`,
//! `pytest.ini`, `[tool:pytest]` in `setup.cfg`, `tox.ini`, `noxfile.py`, a `conftest.py`, or a
//! Makefile `test` target that runs the tests.

use serde::Deserialize;

use crate::analysis::test_command::find_test_run;
use crate::analysis::test_suite::{self, Lang};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;
use crate::index::TextPass;

/// Params: none yet; the struct keeps the catalog strict.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct TestRunnerConfig;

impl TestRunnerConfig {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        TestRunnerConfig
    }
}

impl Check for TestRunnerConfig {
    fn text_pass(&self, pass: &TextPass) -> bool {
        crate::analysis::test_command::text_pass(pass);
        false
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let python = test_suite::detect(cx.index).lang(Lang::Python);
        if python.tests.is_empty() {
            return Outcome::NotApplicable;
        }
        let make_test =
            cx.index.has_file("Makefile") && find_test_run(cx.index, "make test").is_some();
        if !python.config.is_empty() || make_test {
            return Outcome::pass();
        }
        let n = python.tests.len();
        Outcome::all_or_nothing(vec![Finding::new(format!(
            "python tests exist ({n} file{}, e.g. {}) but no runner is configured: no [tool.pytest.ini_options] in pyproject.toml, pytest.ini, [tool:pytest] in setup.cfg, tox.ini, noxfile.py or conftest.py",
            if n == 1 { "" } else { "s" },
            python.tests[0]
        ))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Outcome {
        crate::checks::run_on(&TestRunnerConfig::new(Params::default()), files)
    }

    #[test]
    fn table() {
        let test = ("tests/test_a.py", "def test_a(): pass\n");
        for (files, passes) in [
            (vec![("a.py", "")], None),
            (vec![test], Some(false)),
            (
                vec![test, ("pyproject.toml", "[project]\nname = \"a\"\n")],
                Some(false),
            ),
            (
                vec![
                    test,
                    (
                        "pyproject.toml",
                        "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
                    ),
                ],
                Some(true),
            ),
            (
                vec![test, ("tests/conftest.py", "import pytest\n")],
                Some(true),
            ),
            (vec![test, ("Makefile", "test:\n\tpytest -q\n")], Some(true)),
            (
                vec![test, ("Makefile", "lint:\n\truff check .\n")],
                Some(false),
            ),
        ] {
            let outcome = run(&files);
            match passes {
                None => assert_eq!(outcome, Outcome::NotApplicable, "{files:?}"),
                Some(true) => assert_eq!(outcome, Outcome::pass(), "{files:?}"),
                Some(false) => assert_eq!(outcome.findings().len(), 1, "{files:?}"),
            }
        }
    }
}
