//! `param-docs`: whether the Python API documents its parameters usefully — one kind serving
//! six rules, one file each, so all of them share the same walk over docstrings, the same
//! docstring parse and the same vagueness verdicts.
//!
//! This module is the shared walk: it picks the files a rule reads, lists their documented
//! functions, anchors their findings for suppression comments and sums the credit. What a rule reports on one
//! function is its own file (`ParamRule`). Credit is partial: the share of parameters (or
//! entries) the rule has no complaint about, so a large library is not scored all-or-nothing.

mod descriptions;
mod empty_param_doc;
mod param_doc_missing_range;
mod undocumented_function;
mod undocumented_param;
mod unknown_param_doc;
mod vague_param_doc;

pub mod unused_suppression;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::analysis::overrides::FrameworkHooks;
use crate::analysis::public_api::{
    all_functions, is_test_path, module_name, Documented, ParsedDocstrings,
};
use crate::analysis::python::{Param, ParamKind, PythonModule};
use crate::analysis::vagueness::Lexicon;
use crate::checks::{Check, CheckCtx, Needs, Outcome};
use crate::finding::Finding;

use descriptions::Descriptions;

/// Which rule of the family a catalog entry is (its `report` param): it only selects the rule's
/// file in [`build`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// `undocumented_param.rs`
    UndocumentedParam,
    /// `unknown_param_doc.rs`
    UnknownParamDoc,
    /// `empty_param_doc.rs`
    EmptyParamDoc,
    /// `vague_param_doc.rs`
    VagueParamDoc,
    /// `param_doc_missing_range.rs`
    ParamDocMissingRange,
    /// `undocumented_function.rs`
    UndocumentedFunction,
}

/// Params: the rule to run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The rule.
    pub report: Report,
    /// Top-level folders holding scripts rather than the library's API (training examples,
    /// conversion scripts, benchmarks, docs tooling); `undocumented-function` does not look
    /// there. The section rules read them: a parameter section there is written to be read.
    #[serde(default = "default_skip_dirs")]
    pub skip_dirs: Vec<String>,
    /// The catalog lexicon of ML parameter names and what their docs must state (`ml-params`).
    #[serde(default = "default_lexicon")]
    pub lexicon: String,
}

fn default_lexicon() -> String {
    "ml-params".to_string()
}

fn default_skip_dirs() -> Vec<String> {
    [
        "examples",
        "scripts",
        "benchmarks",
        "benchmark",
        "docs",
        "tools",
        "utils",
        "ci",
        ".github",
    ]
    .map(String::from)
    .to_vec()
}

/// The check instance: one rule of the family.
struct ParamDocs<R> {
    rule: R,
}

/// Builds the check of the rule `params` selects.
pub fn build(params: Params, lexicon: Arc<Lexicon>, hooks: FrameworkHooks) -> Box<dyn Check> {
    fn boxed<R: ParamRule>(rule: R) -> Box<dyn Check> {
        Box::new(ParamDocs { rule })
    }
    match params.report {
        Report::UndocumentedParam => boxed(undocumented_param::UndocumentedParam),
        Report::UnknownParamDoc => boxed(unknown_param_doc::UnknownParamDoc),
        Report::EmptyParamDoc => boxed(Descriptions::new(empty_param_doc::EmptyParamDoc, lexicon)),
        Report::VagueParamDoc => boxed(Descriptions::new(vague_param_doc::VagueParamDoc, lexicon)),
        Report::ParamDocMissingRange => boxed(Descriptions::new(
            param_doc_missing_range::ParamDocMissingRange,
            lexicon,
        )),
        Report::UndocumentedFunction => boxed(undocumented_function::UndocumentedFunction::new(
            params.skip_dirs,
            hooks,
        )),
    }
}

/// One rule of the family: which files and functions it reads and what it reports on one
/// documented function. The shared walk ([`ParamDocs`]) does the rest.
trait ParamRule: Send + Sync + 'static {
    /// What the rule learns about the whole repository before judging files (`()` for most).
    type Run: Sync;

    /// Computes [`Self::Run`] once per scan.
    fn prepare(&self, cx: &CheckCtx) -> Self::Run;

    /// Whether the rule reads this Python file. A rule judging parameter sections reads every
    /// non-test file: whoever wrote a section meant it to be read (examples, scripts and
    /// `_private` modules included).
    fn reads(&self, _run: &Self::Run, path: &str) -> bool {
        !is_test_path(path)
    }

    /// The documented functions of a file the rule judges: all of them, unless it judges an API.
    fn functions<'a>(
        &self,
        _run: &Self::Run,
        _path: &str,
        module: &'a PythonModule,
        parsed: &'a ParsedDocstrings,
        module_name: &'a str,
    ) -> Vec<Documented<'a>> {
        all_functions(module, parsed, module_name)
    }

    /// Judges one documented function, adding credit and findings.
    fn judge(&self, run: &Self::Run, path: &str, d: &Documented, tally: &mut Tally);

    /// Whether the rule also reads hand-written API pages (`.rst`, `.md`): description rules
    /// do, since those pages describe parameters too.
    const READS_API_PAGES: bool = false;

    /// Judges a hand-written API page (only called when [`Self::READS_API_PAGES`]).
    fn api_page(&self, _cx: &CheckCtx, _path: &str) -> Tally {
        Tally::default()
    }
}

/// Credit and findings of one file.
#[derive(Default)]
struct Tally {
    earned: f64,
    possible: f64,
    findings: Vec<Finding>,
}

impl Tally {
    fn merge(mut self, other: Tally) -> Tally {
        self.earned += other.earned;
        self.possible += other.possible;
        self.findings.extend(other.findings);
        self
    }

    /// Folds the verdicts on one function (or one object of an API page) into this tally. The
    /// unit of credit is the function: it earns its credit when the rule finds nothing wrong
    /// with any of its parameters, so a rule's credit is the share of the functions it judges
    /// that are well documented (see the README's scoring section), not of the parameters.
    fn function(&mut self, one: Tally) {
        if one.possible > 0.0 || !one.findings.is_empty() {
            self.possible += 1.0;
            if one.findings.is_empty() {
                self.earned += 1.0;
            }
        }
        self.findings.extend(one.findings);
    }

    /// One more item judged: credit when `finding` is `None`, else the finding.
    fn judged(&mut self, finding: Option<Finding>) {
        self.possible += 1.0;
        match finding {
            Some(finding) => self.findings.push(finding),
            None => self.earned += 1.0,
        }
    }
}

/// The parameters a docstring must document: `*args`/`**kwargs` and `_private` ones never need
/// an entry.
fn required_params<'a>(d: &'a Documented) -> impl Iterator<Item = &'a Param> + 'a {
    d.func.params.iter().filter(|p| {
        !matches!(p.kind, ParamKind::VarArgs | ParamKind::VarKeyword) && !p.name.starts_with('_')
    })
}

impl<R: ParamRule> Check for ParamDocs<R> {
    fn needs(&self) -> Needs {
        Needs {
            python: true,
            docstrings: true,
            reads_python: true,
        }
    }

    fn file_level(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let run = self.rule.prepare(cx);
        let py: Vec<&str> = cx
            .index
            .files_with_ext(&["py"])
            .map(|f| f.path.as_str())
            .filter(|p| cx.in_scope(p) && self.rule.reads(&run, p))
            .collect();
        let mut tally = py
            .par_iter()
            .map(|path| self.python_file(cx, &run, path))
            .reduce(Tally::default, Tally::merge);
        if R::READS_API_PAGES {
            let pages: Vec<&str> = cx
                .index
                .files_with_ext(&["rst", "md"])
                .map(|f| f.path.as_str())
                .filter(|p| cx.in_scope(p) && !is_test_path(p))
                .filter(|p| !p.starts_with(".github/"))
                .collect();
            for path in pages {
                tally = tally.merge(self.rule.api_page(cx, path));
            }
        }
        Outcome::partial(tally.earned, tally.possible, tally.findings)
    }
}

impl<R: ParamRule> ParamDocs<R> {
    fn python_file(&self, cx: &CheckCtx, run: &R::Run, path: &str) -> Tally {
        let mut tally = Tally::default();
        let Some(module) = cx.index.artifact::<PythonModule>(path) else {
            return tally;
        };
        let module_name = module_name(path);
        let Some(parsed) = cx.index.derived::<ParsedDocstrings>(path) else {
            return tally;
        };
        for documented in self
            .rule
            .functions(run, path, &module, &parsed, &module_name)
        {
            let mut one = Tally::default();
            self.rule.judge(run, path, &documented, &mut one);
            // A suppression comment at the function drops any of its findings (the engine
            // applies the comments, so that it knows which suppressed nothing).
            for finding in &mut one.findings {
                finding
                    .suppressible_at
                    .extend_from_slice(&documented.comment_lines);
            }
            tally.function(one);
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    /// The check that reports `report`, with the catalog's lexicons.
    fn check(report: Report) -> Box<dyn Check> {
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        let spec = catalog.lexicons.get("ml-params").expect("lexicon");
        build(
            Params {
                report,
                skip_dirs: default_skip_dirs(),
                lexicon: default_lexicon(),
            },
            Arc::new(Lexicon::compile(&spec).expect("lexicon compiles")),
            catalog.lexicons.get("framework_hooks").expect("lexicon"),
        )
    }

    fn run(report: Report, files: &[(&str, &str)]) -> Vec<String> {
        crate::checks::run_on(check(report).as_ref(), files)
            .findings()
            .iter()
            .map(|f| {
                let loc = f.location.as_ref().expect("located");
                format!(
                    "{}:{} {} {}",
                    loc.path,
                    loc.line.unwrap_or(0),
                    f.param.as_deref().unwrap_or("-"),
                    f.symbol.as_deref().unwrap_or("-")
                )
            })
            .collect()
    }

    const LAYERS: &str = r#"
class Dense:
    """A dense layer.

    Args:
        units: Positive integer, dimensionality of the output space.
        dropout_rate: The dropout rate for regularization.
    """

    def __init__(self, units, dropout_rate=0.5, use_bias=True, **kwargs):
        self.units = units


def scale(x, factor, extra):
    """Scale x.

    Args:
        x (Tensor): Input of shape (batch, features).
        factor (float): Multiplies x; 1.0 leaves it unchanged.
        fator: Old name.
    """


def helper(a, b):  # documented by its name
    return a + b


def no_docs(a, b):
    return a + b


def _private(a):
    return a
"#;

    #[test]
    fn credit_is_the_share_of_functions_with_nothing_to_fix() {
        let source = "def poor(a, b, c, d):\n    \"\"\"Poor.\n\n    Args:\n        a: The a.\n    \"\"\"\n\n\ndef good(x):\n    \"\"\"Good.\n\n    Args:\n        x: Input rows, shape (n, 4).\n    \"\"\"\n";
        let outcome = crate::checks::run_on(
            check(Report::UndocumentedParam).as_ref(),
            &[("pkg/__init__.py", ""), ("pkg/m.py", source)],
        );
        // Three of poor's four parameters are undocumented: one function of two fails, so the
        // credit is 1/2, not the 2 documented of 5 parameters.
        assert_eq!(outcome.findings().len(), 3);
        match outcome {
            Outcome::Scored {
                earned, possible, ..
            } => assert_eq!((earned, possible), (1.0, 2.0)),
            Outcome::NotApplicable => panic!("applicable"),
        }
    }

    #[test]
    fn each_report_on_one_module() {
        let files = [("src/pkg/layers.py", LAYERS)];
        let rows: &[(Report, &[&str])] = &[
            (
                Report::UndocumentedParam,
                &[
                    "src/pkg/layers.py:10 use_bias pkg.layers.Dense",
                    "src/pkg/layers.py:14 extra pkg.layers.scale",
                ],
            ),
            (
                Report::UnknownParamDoc,
                &["src/pkg/layers.py:20 fator pkg.layers.scale"],
            ),
            (
                Report::VagueParamDoc,
                &["src/pkg/layers.py:7 dropout_rate pkg.layers.Dense"],
            ),
            (
                Report::UndocumentedFunction,
                &[
                    "src/pkg/layers.py:24 - pkg.layers.helper",
                    "src/pkg/layers.py:28 - pkg.layers.no_docs",
                ],
            ),
            (Report::EmptyParamDoc, &[]),
            (Report::ParamDocMissingRange, &[]),
        ];
        for (report, want) in rows {
            assert_eq!(run(*report, &files), *want, "{report:?}");
        }
    }

    #[test]
    fn tests_private_modules_and_all_are_respected() {
        let body = "def f(a):\n    return a\n";
        for path in [
            "tests/test_x.py",
            "pkg/_impl.py",
            "pkg/test_utils.py",
            "docs/conf.py",
        ] {
            assert!(
                run(Report::UndocumentedFunction, &[(path, body)]).is_empty(),
                "{path}"
            );
        }
        let with_all = "__all__ = ['g']\n\ndef f(a):\n    return a\n\ndef g(b):\n    return b\n";
        assert_eq!(
            run(Report::UndocumentedFunction, &[("pkg/m.py", with_all)]),
            ["pkg/m.py:6 - pkg.m.g"]
        );
    }

    #[test]
    fn section_rules_read_every_non_test_file_and_private_names() {
        let body = "class _Impl:\n    def run(self, a, b):\n        \"\"\"Run.\n\n        Args:\n            a: The first operand, added to b.\n        \"\"\"\n";
        for path in [
            "examples/train.py",
            "pkg/_builders.py",
            "scripts/convert.py",
        ] {
            assert_eq!(
                run(Report::UndocumentedParam, &[(path, body)]),
                [format!("{path}:2 b {}._Impl.run", module_name(path))],
                "{path}"
            );
            assert!(run(Report::UndocumentedFunction, &[(path, body)]).is_empty());
        }
        assert!(run(Report::UndocumentedParam, &[("tests/test_x.py", body)]).is_empty());
    }

    #[test]
    fn a_functions_findings_may_be_suppressed_at_its_def_decorator_and_the_line_above() {
        let text = "import functools\n\n@functools.cache\ndef f(a):\n    return a\n";
        let check = check(Report::UndocumentedFunction);
        let outcome = crate::checks::run_on(check.as_ref(), &[("m.py", text)]);
        let mut lines = outcome.findings()[0].suppressible_at.clone();
        lines.sort();
        lines.dedup();
        assert_eq!(lines, [2, 3, 4]);
    }

    #[test]
    fn api_pages_are_read_for_descriptions() {
        let rst = ".. py:function:: apply_dropout(x, dropout_rate=0.5)\n\n   :param x: Input of shape ``(batch, features)``.\n   :param dropout_rate: The dropout rate for regularization.\n";
        assert_eq!(
            run(Report::VagueParamDoc, &[("docs/source/layers.rst", rst)]),
            ["docs/source/layers.rst:4 dropout_rate apply_dropout"]
        );
    }

    #[test]
    fn file_mode_reports_only_the_named_files() {
        let index = RepoIndex::from_files(&[
            ("pkg/a.py", "def f(a):\n    return a\n"),
            ("pkg/b.py", "def g(b):\n    return b\n"),
        ]);
        let settings = Settings::default();
        let only: std::collections::BTreeSet<String> = ["pkg/b.py".to_string()].into();
        let outcome = check(Report::UndocumentedFunction).run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: Some(&only),
        });
        let paths: Vec<_> = outcome.findings().iter().filter_map(|f| f.path()).collect();
        assert_eq!(paths, ["pkg/b.py"]);
    }
}
