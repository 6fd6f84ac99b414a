//! `param-docs`: whether the public Python API documents its parameters usefully — one kind
//! serving six rules (`report` names the rule's problem), so all of them share the same view of
//! the public API, the same docstring parse and the same vagueness verdicts.
//!
//! Public API: functions, classes and methods whose names and module path do not start with `_`
//! (`__init__` counts), honouring `__all__`, outside tests. A class's `__init__` may be documented
//! in the class docstring or in its own; both are read. `*args`/`**kwargs` never need an entry.
//! Credit is partial: the share of public parameters (or entries) the rule has no complaint
//! about, so a large library is not scored all-or-nothing.

pub mod unused_suppression;

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::analysis::apidocs;
use crate::analysis::docstring::SectionKind;
use crate::analysis::overrides::{self, FrameworkHooks, Overrides};
use crate::analysis::public_api::{
    all_functions, api_functions, is_public_module, is_test_path, module_name, Documented,
    ParsedDocstrings, PublicApi,
};
use crate::analysis::python::{ParamKind, PythonModule};
use crate::analysis::vagueness::{classify, Lexicon, ParamFacts, Verdict};
use crate::checks::{Check, CheckCtx, Needs, Outcome};
use crate::finding::Finding;

/// Which problem the rule reports (the rule names of the contract).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// A parameter section that leaves out a parameter.
    UndocumentedParam,
    /// An entry naming no parameter.
    UnknownParamDoc,
    /// An entry without a description.
    EmptyParamDoc,
    /// Boilerplate or a restatement of the name.
    VagueParamDoc,
    /// A lexicon name whose description lacks the facts it needs.
    ParamDocMissingRange,
    /// A public function with parameters and no docstring.
    UndocumentedFunction,
}

impl Report {
    /// Whether the rule judges parameter sections rather than the API's coverage: such a rule
    /// reads every docstring with a parameter section, tests excepted, because whoever wrote
    /// the section meant it to be read (examples, scripts and `_private` modules included).
    fn judges_sections(self) -> bool {
        self != Report::UndocumentedFunction
    }

    /// Whether the rule judges descriptions, which hand-written API pages have too.
    fn reads_api_pages(self) -> bool {
        matches!(
            self,
            Report::VagueParamDoc | Report::ParamDocMissingRange | Report::EmptyParamDoc
        )
    }
}

/// Params: the problem to report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The rule's problem.
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

/// The check instance.
pub struct ParamDocs {
    report: Report,
    skip_dirs: Vec<String>,
    lexicon: Arc<Lexicon>,
    /// Documented hooks of framework bases (`undocumented-function` only).
    hooks: FrameworkHooks,
}

impl ParamDocs {
    /// Instantiates the check with its params, the compiled parameter lexicon and the framework
    /// hooks.
    pub fn new(params: Params, lexicon: Arc<Lexicon>, hooks: FrameworkHooks) -> Self {
        ParamDocs {
            report: params.report,
            skip_dirs: params.skip_dirs,
            lexicon,
            hooks,
        }
    }
}

/// Where a function's documentation may live instead of its own docstring.
#[derive(Default)]
struct Elsewhere {
    /// Names of functions documented somewhere in the repository.
    names: HashSet<String>,
    /// Overrides of documented framework hooks.
    overrides: Overrides,
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
}

impl Check for ParamDocs {
    fn needs(&self) -> Needs {
        Needs { python: true }
    }

    fn file_level(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let api = PublicApi::build(cx.index);
        let py: Vec<&str> = cx
            .index
            .files_with_ext(&["py"])
            .map(|f| f.path.as_str())
            .filter(|p| cx.in_scope(p) && self.covers(p, &api))
            .collect();
        let documented_elsewhere = if self.report == Report::UndocumentedFunction {
            Elsewhere {
                names: documented_names(cx),
                overrides: overrides::find(cx.index, &self.hooks),
            }
        } else {
            Elsewhere::default()
        };
        let mut tally = py
            .par_iter()
            .map(|path| self.python_file(cx, path, &api, &documented_elsewhere))
            .reduce(Tally::default, Tally::merge);
        if self.report.reads_api_pages() {
            let pages: Vec<&str> = cx
                .index
                .files_with_ext(&["rst", "md"])
                .map(|f| f.path.as_str())
                .filter(|p| cx.in_scope(p) && !is_test_path(p))
                .filter(|p| !p.starts_with(".github/"))
                .collect();
            for path in pages {
                tally = tally.merge(self.api_page(cx, path));
            }
        }
        Outcome::partial(tally.earned, tally.possible, tally.findings)
    }
}

impl ParamDocs {
    /// Whether the rule reads this Python file: any non-test file for the section rules, public
    /// modules outside the top-level script folders (`examples/train.py`) for the API rule.
    fn covers(&self, path: &str, api: &PublicApi) -> bool {
        if self.report.judges_sections() {
            return !is_test_path(path);
        }
        let script = path
            .split_once('/')
            .is_some_and(|(top, _)| self.skip_dirs.iter().any(|d| d == top));
        api.has_module(path) && !script
    }

    fn python_file(
        &self,
        cx: &CheckCtx,
        path: &str,
        api: &PublicApi,
        documented_elsewhere: &Elsewhere,
    ) -> Tally {
        let mut tally = Tally::default();
        let Some(module) = cx.index.artifact::<PythonModule>(path) else {
            return tally;
        };
        let module_name = module_name(path);
        let Some(parsed) = cx.index.derived::<ParsedDocstrings>(path) else {
            return tally;
        };
        let functions = if self.report.judges_sections() {
            all_functions(&module, &parsed, &module_name)
        } else {
            api_functions(&module, &parsed, &module_name)
        };
        for documented in functions {
            let top = documented.func.qualname.split('.').next().unwrap_or("");
            let hidden = !self.report.judges_sections() && !api.exposes(path, top);
            if hidden {
                continue;
            }
            let before = tally.findings.len();
            self.judge(path, &documented, documented_elsewhere, &mut tally);
            // A suppression comment at the function drops any of its findings (the engine
            // applies the comments, so that it knows which suppressed nothing).
            for finding in &mut tally.findings[before..] {
                finding
                    .suppressible_at
                    .extend_from_slice(&documented.comment_lines);
            }
        }
        tally
    }

    fn judge(
        &self,
        path: &str,
        d: &Documented,
        documented_elsewhere: &Elsewhere,
        tally: &mut Tally,
    ) {
        let required: Vec<_> = d
            .func
            .params
            .iter()
            .filter(|p| {
                !matches!(p.kind, ParamKind::VarArgs | ParamKind::VarKeyword)
                    && !p.name.starts_with('_')
            })
            .collect();
        let what = if d.is_class { "class" } else { "function" };
        match self.report {
            Report::UndocumentedFunction => {
                if required.is_empty() {
                    return;
                }
                tally.possible += required.len() as f64;
                // An undocumented `forward` or backend `add` next to a documented one of the
                // same name is an override or implementation whose docs live there.
                // An override of a framework hook is documented upstream.
                let inherits = !d.is_class
                    && (documented_elsewhere.names.contains(&d.func.name)
                        || d.func.class.as_deref().is_some_and(|class| {
                            documented_elsewhere
                                .overrides
                                .contains(path, class, &d.func.name)
                        }));
                if d.has_docstring() || inherits {
                    tally.earned += required.len() as f64;
                } else {
                    let names: Vec<&str> = required.iter().map(|p| p.name.as_str()).collect();
                    tally.findings.push(
                        Finding::new(format!(
                            "public {what} {} takes {} but has no docstring",
                            d.symbol,
                            plural_params(&names)
                        ))
                        .at_line(
                            path,
                            if d.is_class {
                                d.class_line
                            } else {
                                d.report_line
                            },
                        )
                        .symbol(&d.symbol),
                    );
                }
            }
            Report::UndocumentedParam => {
                // Templated docstrings (`{{base_optimizer_keyword_args}}`, `%(args)s`) are
                // completed at import time; an entry for `**kwargs` the signature lacks
                // documents the explicit keywords collectively.
                if !d.has_param_section()
                    || d.is_templated()
                    || d.documents_missing_varargs()
                    || d.defers_elsewhere()
                {
                    return;
                }
                for p in &required {
                    tally.possible += 1.0;
                    if d.entry(&p.name).is_some() {
                        tally.earned += 1.0;
                        continue;
                    }
                    tally.findings.push(
                        Finding::new(format!(
                            "parameter {} of {} is missing from its docstring's parameter section",
                            p.name, d.symbol
                        ))
                        .at_line(path, d.report_line)
                        .symbol(&d.symbol)
                        .param(&p.name),
                    );
                }
            }
            Report::UnknownParamDoc => self.unknown(path, d, tally),
            Report::EmptyParamDoc | Report::VagueParamDoc | Report::ParamDocMissingRange => {
                for p in &required {
                    let Some((entry, doc_line, _)) = d.entry(&p.name) else {
                        continue;
                    };
                    tally.possible += 1.0;
                    let facts = ParamFacts {
                        name: &p.name,
                        annotation: p.annotation.as_deref().unwrap_or(""),
                        default: p.default.as_deref().unwrap_or(""),
                        type_text: &entry.type_text,
                        doc_default: entry.default.as_deref().unwrap_or(""),
                        description: &entry.description,
                        function: &d.func.qualname,
                    };
                    let line = doc_line + entry.line as u32;
                    match self.message(&classify(&facts, &self.lexicon), &p.name) {
                        Some(message) => tally.findings.push(
                            Finding::new(message)
                                .at_line(path, line)
                                .symbol(&d.symbol)
                                .param(&p.name),
                        ),
                        None => tally.earned += 1.0,
                    }
                }
            }
        }
    }

    /// The message for a verdict, if this rule reports it.
    fn message(&self, verdict: &Verdict, name: &str) -> Option<String> {
        match (self.report, verdict) {
            (Report::EmptyParamDoc, Verdict::Empty) => Some(format!(
                "parameter {name} is documented without a description"
            )),
            (Report::VagueParamDoc, Verdict::Vague(message))
            | (Report::ParamDocMissingRange, Verdict::MissingFacts(message)) => {
                Some(message.clone())
            }
            _ => None,
        }
    }

    fn unknown(&self, path: &str, d: &Documented, tally: &mut Tally) {
        let params = &d.func.params;
        // Names accepted through **kwargs may be documented legitimately.
        if params.iter().any(|p| p.kind == ParamKind::VarKeyword) {
            return;
        }
        let has_varargs = params.iter().any(|p| p.kind == ParamKind::VarArgs);
        for (doc, doc_line, _) in &d.docs {
            for entry in &doc.entries {
                if entry.kind == SectionKind::Attributes {
                    continue;
                }
                for name in &entry.names {
                    tally.possible += 1.0;
                    let known = params.iter().any(|p| &p.name == name)
                        || (has_varargs && name == "args")
                        || name == "self";
                    if known {
                        tally.earned += 1.0;
                        continue;
                    }
                    tally.findings.push(
                        Finding::new(format!(
                            "docstring of {} documents {name}, which is not a parameter",
                            d.symbol
                        ))
                        .at_line(path, doc_line + entry.line as u32)
                        .symbol(&d.symbol)
                        .param(name),
                    );
                }
            }
        }
    }

    fn api_page(&self, cx: &CheckCtx, path: &str) -> Tally {
        let mut tally = Tally::default();
        let Some(text) = cx.index.text(path) else {
            return tally;
        };
        if !text.contains("param") {
            return tally;
        }
        let markdown = path.to_ascii_lowercase().ends_with(".md");
        for object in apidocs::parse(text, markdown) {
            for entry in &object.entries {
                if entry.starred {
                    continue;
                }
                let Some(name) = entry.names.first() else {
                    continue;
                };
                let default = object
                    .signature
                    .as_ref()
                    .and_then(|sig| sig.iter().find(|(n, _)| n == name))
                    .and_then(|(_, d)| d.as_deref())
                    .unwrap_or("");
                let facts = ParamFacts {
                    name,
                    annotation: "",
                    default,
                    type_text: &entry.type_text,
                    doc_default: entry.default.as_deref().unwrap_or(""),
                    description: &entry.description,
                    function: object.name.as_deref().unwrap_or(""),
                };
                tally.possible += 1.0;
                match self.message(&classify(&facts, &self.lexicon), name) {
                    Some(message) => {
                        let mut finding = Finding::new(message)
                            .at_line(path, entry.line as u32 + 1)
                            .param(name);
                        if let Some(symbol) = &object.name {
                            finding = finding.symbol(symbol);
                        }
                        tally.findings.push(finding);
                    }
                    None => tally.earned += 1.0,
                }
            }
        }
        tally
    }
}

/// Names of functions and methods that have a docstring somewhere in the repository.
fn documented_names(cx: &CheckCtx) -> HashSet<String> {
    let paths: Vec<&str> = cx
        .index
        .files_with_ext(&["py"])
        .map(|f| f.path.as_str())
        .filter(|p| is_public_module(p))
        .collect();
    paths
        .par_iter()
        .map(|path| {
            let mut names = HashSet::new();
            if let Some(module) = cx.index.artifact::<PythonModule>(path) {
                for func in &module.functions {
                    if func.docstring.is_some() && func.name != "__init__" {
                        names.insert(func.name.clone());
                    }
                }
            }
            names
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        })
}

fn plural_params(names: &[&str]) -> String {
    let shown: Vec<&str> = names.iter().take(4).copied().collect();
    let more = names.len().saturating_sub(shown.len());
    let list = shown.join(", ");
    match (names.len(), more) {
        (1, _) => format!("parameter {list}"),
        (_, 0) => format!("parameters {list}"),
        _ => format!("parameters {list} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    /// The check that reports `report`, with the catalog's lexicons.
    fn check(report: Report) -> ParamDocs {
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        let spec = catalog.lexicons.get("ml-params").expect("lexicon");
        ParamDocs::new(
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
        crate::checks::run_on(&check(report), files)
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
        let outcome =
            crate::checks::run_on(&check(Report::UndocumentedFunction), &[("m.py", text)]);
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
