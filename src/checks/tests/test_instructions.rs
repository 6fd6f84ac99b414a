//! `test-instructions`: when the repository has tests, its contributing guide, README or a
//! development page shows the command that runs them.
//!
//! A newcomer's first question after a change is "how do I run the tests?". A guide passes when
//! any code line or inline code span in it is a test command by the shared classifier (`pytest
//! tests/`, `$ make test`, ``` ``tox -e py311`` ```), so prose that merely mentions "testing" does
//! not count, and a `make test` whose Makefile has no such target does not either.

use serde::Deserialize;

use crate::analysis::test_command::find_test_run;
use crate::analysis::test_suite;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;
use crate::index::{FileEntry, RepoIndex, TextPass};

/// Params: which documents may hold the instructions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Lowercase name prefixes of guides (`contributing`, `readme`, `development`).
    pub stems: Vec<String>,
    /// Folders searched directly (`""` is the root).
    pub dirs: Vec<String>,
    /// Folders searched with all their subfolders (`docs`).
    pub recursive_dirs: Vec<String>,
}

/// The check instance.
pub struct TestInstructions {
    params: Params,
}

const DOC_EXTS: &[&str] = &["md", "markdown", "rst", "txt", "mdx", ""];

impl TestInstructions {
    /// Instantiates the check with validated params.
    pub fn new(params: Params) -> Self {
        TestInstructions { params }
    }

    fn is_guide(&self, entry: &FileEntry) -> bool {
        let name = entry.name().to_ascii_lowercase();
        DOC_EXTS.contains(&entry.extension().as_str())
            && self
                .params
                .stems
                .iter()
                .any(|s| name.starts_with(s.as_str()))
    }

    /// Guides in the order a newcomer reads them: contributing guides first, then the rest.
    fn guides<'a>(&self, index: &'a RepoIndex) -> Vec<&'a FileEntry> {
        let mut guides: Vec<&FileEntry> = index
            .files()
            .iter()
            .filter(|e| {
                let dir = e.dir();
                let listed = self
                    .params
                    .dirs
                    .iter()
                    .any(|d| d.trim_end_matches('/') == dir);
                let nested = self.params.recursive_dirs.iter().any(|d| {
                    let d = d.trim_end_matches('/');
                    dir == d || dir.starts_with(&format!("{d}/"))
                });
                (listed || nested) && self.is_guide(e)
            })
            .collect();
        guides.sort_by_key(|e| {
            let name = e.name().to_ascii_lowercase();
            (
                !name.starts_with("contribut"),
                e.path.matches('/').count(),
                e.path.clone(),
            )
        });
        guides
    }
}

/// Whether a guide shows a test command in a code line or inline code span.
fn shows_test_command(index: &RepoIndex, text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.replace("``", "`");
        let line = line.as_str();
        let spans = line
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.trim().is_empty());
        let mut candidates: Vec<String> = spans.map(str::to_string).collect();
        candidates.push(strip_prompt(line).to_string());
        candidates
            .iter()
            .any(|c| find_test_run(index, strip_prompt(c)).is_some())
    })
}

/// Drops list markers and shell prompts (`- `, `1. `, `$ `, `> `, `>>> `).
fn strip_prompt(line: &str) -> &str {
    let mut line = line.trim();
    loop {
        let before = line;
        for marker in ["$ ", "% ", "> ", ">>> ", "- ", "* ", "+ "] {
            line = line.strip_prefix(marker).unwrap_or(line).trim_start();
        }
        if let Some((number, rest)) = line.split_once(". ") {
            if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
                line = rest.trim_start();
            }
        }
        if line == before {
            return line;
        }
    }
}

impl Check for TestInstructions {
    fn text_pass(&self, pass: &TextPass) -> bool {
        crate::analysis::test_command::text_pass(pass);
        false
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        if !test_suite::detect(cx.index).has_tests() {
            return Outcome::NotApplicable;
        }
        let guides = self.guides(cx.index);
        let shown = guides.iter().any(|g| {
            cx.index
                .text(&g.path)
                .is_some_and(|text| shows_test_command(cx.index, text))
        });
        if shown {
            return Outcome::pass();
        }
        let finding = match guides.first() {
            None => Finding::new("no contributing guide or README says how to run the tests"),
            Some(first) => {
                let names: Vec<&str> = guides.iter().take(3).map(|g| g.path.as_str()).collect();
                let more = guides.len().saturating_sub(names.len());
                let list = if more > 0 {
                    format!("{} and {more} more", names.join(", "))
                } else {
                    names.join(", ")
                };
                Finding::new(format!(
                    "no command to run the tests in {list} (such as `pytest`, `tox` or `make test`)"
                ))
                .at(first.path.clone())
            }
        };
        Outcome::all_or_nothing(vec![finding])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Outcome {
        let check = TestInstructions::new(Params {
            stems: vec!["contributing".into(), "readme".into(), "development".into()],
            dirs: vec!["".into(), ".github".into()],
            recursive_dirs: vec!["docs".into()],
        });
        crate::checks::run_on(&check, files)
    }

    #[test]
    fn table() {
        let test = ("tests/test_a.py", "def test_a(): pass\n");
        for (guide, passes) in [
            (
                (
                    "CONTRIBUTING.md",
                    "## Tests\n\n```bash\n$ pytest tests/\n```\n",
                ),
                true,
            ),
            (("README.md", "Run `python -m pytest` before a PR.\n"), true),
            (
                (
                    "docs/source/contributing.rst",
                    "Testing\n-------\n\n.. code-block:: bash\n\n    tox -e py311\n",
                ),
                true,
            ),
            (
                (
                    ".github/CONTRIBUTING.md",
                    "- ``make test`` runs the suite\n",
                ),
                true,
            ),
            (
                (
                    "CONTRIBUTING.md",
                    "Please add tests for your change and make sure they pass.\n",
                ),
                false,
            ),
            (
                (
                    "CONTRIBUTING.md",
                    "Install with `pip install pytest` first.\n",
                ),
                false,
            ),
            (("src/pkg/README.md", "pytest\n"), false),
        ] {
            let outcome = run(&[test, guide]);
            assert_eq!(outcome.findings().is_empty(), passes, "{guide:?}");
        }
        assert_eq!(run(&[("a.py", "")]), Outcome::NotApplicable);
    }

    #[test]
    fn message_names_the_guides_read() {
        let outcome = run(&[
            ("tests/test_a.py", ""),
            ("README.md", "# x\n"),
            ("CONTRIBUTING.md", "Open a pull request.\n"),
        ]);
        let finding = &outcome.findings()[0];
        assert_eq!(
            finding.message,
            "no command to run the tests in CONTRIBUTING.md, README.md (such as `pytest`, `tox` or `make test`)"
        );
        assert_eq!(finding.path(), Some("CONTRIBUTING.md"));
        let none = run(&[("tests/test_a.py", "")]);
        assert_eq!(
            none.findings()[0].message,
            "no contributing guide or README says how to run the tests"
        );
    }
}
