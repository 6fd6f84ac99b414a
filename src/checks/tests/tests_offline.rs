//! `tests-offline`: Python tests that need a CUDA GPU or download models and data, and have no
//! skip marker or CPU/offline fallback, so they fail on a newcomer's laptop.
//!
//! A signal (`.cuda()`, `device="cuda"`, `from_pretrained("org/x")`, `load_dataset(`, a URL to a
//! file) counts where it is code: not in a string, comment or definition (`def load_dataset(`),
//! not under `if __name__ == "__main__":`; a pattern anchored at a line start (`^device = "cuda"`)
//! only as a statement, not as a keyword argument inside a call; a bare URL literal not inside a
//! data literal or an assertion (a URL in a list of resources, a dict of annotations or
//! `assertEqual(url, "https://…")` downloads nothing; one passed to a call or bound to a name
//! that a test fetches does).
//!
//! Each test is judged by its own guards: the decorators of its function and classes, its body
//! (a `pytest.skip(` or `torch.cuda.is_available()` in it), module-level code (`pytestmark`, a
//! module-level `importorskip`), and a guarded base class from another file. Decorators are the
//! lexicon's markers (`@slow`, `@require_…`, `skipif`, `@pytest.mark.skip`), markers the pytest
//! configuration deselects, and the repository's own skip wrappers resolved to their definitions
//! ([`test_guards`]). Code outside any test function (a helper, a fixture) runs only when a test
//! calls it, so there any guard in the file counts. A test in a class pytest never collects (no
//! base, a name `python_classes` does not match, and no test class inheriting it) never runs
//! ([`pytest_collect`](crate::analysis::pytest_collect)). One finding per file, at its first
//! unguarded need. The patterns are the `test_hardware` lexicon, which users extend with their own
//! markers.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::analysis::ascii_words::{builtin_regex, catalog_words};
use crate::analysis::lazy_regex::{LazyRegex, LazyRegexSet};
use serde::Deserialize;

use crate::analysis::code_context::CodeMap;
use crate::analysis::line_prefilter::LinePrefilter;
use crate::analysis::lines::lines;
use crate::analysis::python_blocks::{self, BlockKind};
use crate::analysis::test_guards::{self, GuardPatterns, Guards, TestGuards};
use crate::analysis::test_suite::{self, Lang};
use crate::checks::{Check, CheckCtx, Needs, Outcome};
use crate::error::Error;
use crate::finding::Finding;
use crate::index::TextPass;

/// The `test_hardware` lexicon: regular expressions for what a test needs and what guards it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// Code that needs a CUDA GPU.
    pub gpu: Vec<String>,
    /// Code that downloads a model or data.
    pub network: Vec<String>,
    /// Lines matching a network pattern that are local after all (`load_dataset("json", …)`).
    pub network_local: Vec<String>,
    /// Skip markers that guard both (`@slow`, `skipif`, `@require_…`).
    pub skip_markers: Vec<String>,
    /// CPU fallbacks (`torch.cuda.is_available()`).
    pub gpu_fallbacks: Vec<String>,
    /// Offline fallbacks (mocks, `HF_HUB_OFFLINE`, `local_files_only`).
    pub network_fallbacks: Vec<String>,
    /// Checks that a package is installed: a skip on one of them guards no download.
    #[serde(default)]
    pub package_checks: Vec<String>,
}

/// The check instance, with its patterns compiled once.
pub struct TestsOffline {
    gpu: Vec<LazyRegex>,
    network: Vec<LazyRegex>,
    /// Every need pattern at once: most test files need nothing, and one pass over the text
    /// tells so before any per-line work.
    any_need: LazyRegexSet,
    /// The lines a need pattern can match on, found in one search of the file: the per-line
    /// set search runs on those only.
    need_lines: LinePrefilter,
    network_local: LazyRegexSet,
    skip: LazyRegexSet,
    gpu_guards: LazyRegexSet,
    network_guards: LazyRegexSet,
    gpu_fallbacks: LazyRegexSet,
    package_checks: LazyRegexSet,
}

/// A finding's need: what it needs, the code that needs it, its 1-based line.
type Found = (&'static str, String, u32);

/// A need being judged.
struct Need {
    /// A GPU (else the network).
    gpu: bool,
    /// 0-based line.
    at: usize,
    /// A download whose source is a name, not a literal on the line.
    indirect: bool,
}

/// Callees whose arguments are data, not something fetched.
const DATA_CALLS: &[&str] = &[
    "dict",
    "list",
    "tuple",
    "set",
    "Namespace",
    "SimpleNamespace",
    "OrderedDict",
    "print",
    "format",
];

fn compile(patterns: &[String]) -> Result<Vec<LazyRegex>, Error> {
    patterns
        .iter()
        .map(|p| {
            LazyRegex::new(p.as_str())
                .map_err(|e| Error::catalog(format!("invalid pattern {p:?} in test_hardware: {e}")))
        })
        .collect()
}

fn set(patterns: &[&[String]]) -> Result<LazyRegexSet, Error> {
    LazyRegexSet::new(patterns.iter().flat_map(|p| p.iter().cloned()))
        .map_err(|e| Error::catalog(format!("invalid pattern in test_hardware: {e}")))
}

impl TestsOffline {
    /// Compiles the lexicon; a bad pattern is a catalog or config error.
    pub fn new(lexicon: Lexicon) -> Result<Self, Error> {
        Ok(TestsOffline {
            gpu: compile(&lexicon.gpu)?,
            network: compile(&lexicon.network)?,
            // Multi-line mode, so a `^` anchored to a line start still finds it in the whole text;
            // a shipped pattern reads words ASCII-wise here too, as it does alone.
            any_need: LazyRegexSet::new(
                lexicon
                    .gpu
                    .iter()
                    .chain(&lexicon.network)
                    .map(|p| format!("(?m){}", catalog_words(p))),
            )
            .map_err(|e| Error::catalog(format!("invalid pattern in test_hardware: {e}")))?,
            need_lines: LinePrefilter::new(lexicon.gpu.iter().chain(&lexicon.network).cloned()),
            network_local: set(&[&lexicon.network_local])?,
            skip: set(&[&lexicon.skip_markers])?,
            gpu_guards: set(&[&lexicon.skip_markers, &lexicon.gpu_fallbacks])?,
            network_guards: set(&[&lexicon.skip_markers, &lexicon.network_fallbacks])?,
            gpu_fallbacks: set(&[&lexicon.gpu_fallbacks])?,
            package_checks: set(&[&lexicon.package_checks])?,
        })
    }

    /// Classes whose decorators include a skip marker (`@require_torch_accelerator` on a
    /// tester mixin): a test class in another file that inherits one is guarded by it.
    fn guarded_classes(&self, text: &str) -> Vec<String> {
        static CLASS: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"^\s*class\s+(\w+)"));
        let lines: Vec<&str> = lines(text).collect();
        let mut names = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if !line.trim_start().starts_with("class ") {
                continue;
            }
            let Some(caps) = CLASS.captures(line) else {
                continue;
            };
            let decorated = lines[..i]
                .iter()
                .rev()
                .take_while(|l| {
                    let l = l.trim_start();
                    l.starts_with('@')
                        || l.starts_with(')')
                        || l.starts_with(|c: char| c.is_alphanumeric() || c == '"')
                })
                .take(12)
                .any(|l| self.skip.is_match(l));
            if decorated {
                names.push(caps[1].to_string());
            }
        }
        names
    }

    /// The first unguarded need in a file (see the module docs). `inherited` are guarded base
    /// classes from other files (see [`Self::guarded_classes`]).
    fn need(&self, text: &str, inherited: &HashSet<String>, guards: &TestGuards) -> Option<Found> {
        // The lines a need can be on; with none, the file needs nothing.
        let may_need = self.need_lines.candidates(text);
        if may_need.is_empty() || !self.any_need.is_match(text) {
            return None;
        }
        let lines: Vec<&str> = lines(text).collect();
        // Mapped once, for the first match that needs a question about its context.
        let map = OnceCell::new();
        let map = || map.get_or_init(|| CodeMap::new(text));
        let file = OnceCell::new();
        for i in may_need {
            let Some(line) = lines.get(i) else {
                break;
            };
            let code = code_part(line);
            let trimmed = code.trim_start();
            if trimmed.is_empty() || is_definition(trimmed) {
                continue;
            }
            let line_start = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            // One pass of the set says which patterns can match this line; only those search.
            let on_line = self.any_need.matches(code);
            if !on_line.matched_any() {
                continue;
            }
            let local = self.network_local.is_match(code);
            // The set holds the GPU patterns, then the network ones, in this order.
            let candidates = self
                .gpu
                .iter()
                .map(|r| (r, true))
                .chain(self.network.iter().map(|r| (r, false)))
                .enumerate()
                .filter(|(k, (_, gpu))| on_line.matched(*k) && (*gpu || !local))
                .map(|(_, candidate)| candidate);
            for (pattern, gpu) in candidates {
                let Some(m) = pattern.find(code) else {
                    continue;
                };
                let anchored = pattern.as_str().starts_with('^');
                if !is_code_need(map(), line_start + m.start(), m.as_str(), anchored) {
                    continue;
                }
                let indirect = !gpu && !code[m.start()..].contains(['"', '\'']);
                let need = Need {
                    gpu,
                    at: i,
                    indirect,
                };
                // What the whole file offers as guards, worked out for its first code need.
                let file = file.get_or_init(|| self.file_guards(map(), &lines, inherited, guards));
                if self.guarded(&need, map(), &lines, file, inherited, guards) {
                    continue;
                }
                let what = if gpu {
                    "needs a cuda gpu"
                } else {
                    "downloads a model or data"
                };
                return Some((what, snippet(m.as_str()), line_no));
            }
        }
        None
    }

    /// What the whole file offers as guards (see [`FileGuards`]).
    fn file_guards(
        &self,
        code: &CodeMap,
        lines: &[&str],
        inherited: &HashSet<String>,
        guards: &TestGuards,
    ) -> FileGuards {
        let resolved = lines
            .iter()
            .filter(|l| l.trim_start().starts_with('@'))
            .filter_map(|l| guards.of_decorator(l))
            .fold(None, |acc: Option<Guards>, g| match (acc, g) {
                (Some(Guards::Both), _) | (_, Guards::Both) => Some(Guards::Both),
                _ => Some(Guards::Gpu),
            });
        let inherits = lines.iter().any(|l| inherits_from(l, inherited));
        FileGuards {
            gpu: inherits || resolved.is_some() || self.gpu_guards.is_match(code.source()),
            network: inherits
                || resolved == Some(Guards::Both)
                || self.network_guards.is_match(code.source()),
            module: module_level_code(code, lines),
            module_guards: Default::default(),
        }
    }

    /// Whether a need is guarded (see the module docs).
    fn guarded(
        &self,
        need: &Need,
        code: &CodeMap,
        lines: &[&str],
        file: &FileGuards,
        inherited: &HashSet<String>,
        guards: &TestGuards,
    ) -> bool {
        let gpu = need.gpu;
        let kind = if gpu {
            &self.gpu_guards
        } else {
            &self.network_guards
        };
        let blocks = python_blocks::enclosing_or_decorated(code, lines, need.at);
        if blocks.iter().any(|b| b.kind == BlockKind::MainGuard) {
            return true;
        }
        let Some(test) = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Function && b.name.starts_with("test"))
        else {
            return if gpu { file.gpu } else { file.network };
        };
        let class = blocks
            .iter()
            .skip_while(|b| b.line != test.line)
            .find(|b| b.kind == BlockKind::Class);
        if class.is_some_and(|c| guards.collection.never_collected(lines[c.line])) {
            // pytest never collects the class, so the test never runs.
            return true;
        }
        let decorator_lines = || {
            blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Function | BlockKind::Class))
                .flat_map(|b| lines[b.decorators.clone()].iter())
        };
        let decorated = decorator_lines().any(|l| {
            kind.is_match(l)
                || guards
                    .of_decorator(l)
                    .is_some_and(|g| gpu || g == Guards::Both)
        });
        let inherits = blocks
            .iter()
            .any(|b| b.kind == BlockKind::Class && inherits_from(lines[b.line], inherited));
        let body = lines[python_blocks::body(code, lines, test)].join("\n");
        // `snapshot_download(repo_id)`: what it fetches is what the test binds, in its body or
        // its parameters.
        let local_values = need.indirect
            && (self.network_local.is_match(&body)
                || decorator_lines().any(|l| self.network_local.is_match(l)));
        decorated
            || inherits
            || local_values
            || kind.is_match(&body)
            || *file.module_guards[usize::from(gpu)].get_or_init(|| kind.is_match(&file.module))
    }
}

/// What the whole file offers as guards: anywhere in it (for code outside tests), and in its
/// module-level code (for every test).
struct FileGuards {
    gpu: bool,
    network: bool,
    module: String,
    /// Whether `module` holds a network guard (index 0) or a GPU guard (index 1), found on the
    /// first need that asks: a file's needs share one module.
    module_guards: [OnceCell<bool>; 2],
}

/// Module-level statements other than imports, definitions and their decorators, and data
/// literals: where a `pytestmark = …`, a module-level skip or a CPU fallback guards every test of
/// the file (a `pytest.param(…, marks=skipif(…))` in a list guards only its own case).
fn module_level_code(code: &CodeMap, lines: &[&str]) -> String {
    let statements = code.statement_lines();
    let mut out = String::new();
    let mut in_definition = false;
    for (i, line) in lines.iter().enumerate() {
        if !statements.get(i).copied().unwrap_or(false) {
            continue;
        }
        let top_level = !line.starts_with([' ', '\t']) && !line.trim().is_empty();
        if top_level {
            in_definition = is_definition(line) || line.starts_with('@');
        }
        let import = line.starts_with("import ") || line.starts_with("from ");
        if !in_definition && !import {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A `def` or `class` line: it defines a name, it calls nothing.
fn is_definition(trimmed: &str) -> bool {
    let t = trimmed.strip_prefix("async ").unwrap_or(trimmed);
    t.starts_with("def ") || t.starts_with("class ")
}

/// Whether a need pattern's match at `offset` is code that needs (see the module docs).
fn is_code_need(code: &CodeMap, offset: usize, matched: &str, anchored: bool) -> bool {
    let text = code.source();
    let cx = code.at(offset);
    if cx.in_literal {
        return false;
    }
    if anchored {
        return cx.open.is_empty();
    }
    if matched.starts_with(['"', '\'']) {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..].trim_start().starts_with("assert ") {
            return false;
        }
        return cx.innermost().is_none_or(|open| {
            let callee = open.callee.rsplit('.').next().unwrap_or("");
            open.bracket == '('
                && !callee.is_empty()
                && !callee.to_ascii_lowercase().starts_with("assert")
                && !DATA_CALLS.contains(&callee)
        });
    }
    true
}

/// Whether a class header lists one of these classes among its bases (`class T(Mixin):`,
/// `class T(base.Mixin, Other):`).
fn inherits_from(header: &str, classes: &HashSet<String>) -> bool {
    !classes.is_empty()
        && header
            .trim_start()
            .strip_prefix("class ")
            .and_then(|rest| rest.split_once('(').map(|(_, bases)| bases))
            .is_some_and(|bases| {
                bases
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|word| classes.contains(word))
            })
}

/// A line without its comment (`#` at the start or after two spaces, PEP 8's inline style).
fn code_part(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return "";
    }
    match line.find("  #") {
        Some(i) => &line[..i],
        None => line,
    }
}

fn snippet(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 60 {
        text.chars().take(57).collect::<String>() + "..."
    } else {
        text.to_string()
    }
}

impl Check for TestsOffline {
    fn needs(&self) -> Needs {
        Needs {
            reads_python: true,
            ..Needs::default()
        }
    }

    /// The test files are read whole later, and so is any file a skip is written in: only there
    /// can a test guard be defined (see `test_guards::resolve`). Without tests, nothing is.
    fn text_pass(&self, pass: &TextPass) -> bool {
        if test_suite::is_python_test_file(pass.path()) {
            return true;
        }
        let suite = test_suite::detect(pass.index());
        suite.has_tests_in(Lang::Python) && self.skip.is_match(pass.text())
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let python = test_suite::detect(cx.index).lang(Lang::Python);
        let files: Vec<&String> = python
            .tests
            .iter()
            .filter(|p| !p.ends_with("__init__.py"))
            .collect();
        if files.is_empty() {
            // Nothing to judge, and nothing to compile the patterns for.
            return Outcome::partial(0.0, 0.0, Vec::new());
        }
        let inherited: HashSet<String> = files
            .par_iter()
            .filter_map(|path| cx.index.text(path))
            .flat_map_iter(|text| self.guarded_classes(text))
            .collect();
        let paths: Vec<&str> = files.iter().map(|p| p.as_str()).collect();
        let guards = test_guards::resolve(
            cx.index,
            &paths,
            &GuardPatterns {
                skip: &self.skip,
                gpu_check: &self.gpu_fallbacks,
                package_check: &self.package_checks,
            },
        );
        let needing: Vec<(&String, Found)> = files
            .par_iter()
            .filter_map(|path| {
                let text = cx.index.text(path)?;
                Some((*path, self.need(text, &inherited, &guards)?))
            })
            .collect();
        let total = files.len();
        let share = match (needing.len() * 100 + total / 2).checked_div(total) {
            Some(0) if !needing.is_empty() => "<1".to_string(),
            Some(percent) => percent.to_string(),
            None => "0".to_string(),
        };
        let findings: Vec<Finding> = needing
            .iter()
            .map(|(path, (what, code, line))| {
                let fallback = if *what == "needs a cuda gpu" { "cpu" } else { "offline" };
                Finding::new(format!(
                    "{what} (`{code}`) with no skip marker or {fallback} fallback ({} of {total} test files, {share}%)",
                    needing.len()
                ))
                .at_line(path.as_str(), *line)
            })
            .collect();
        Outcome::partial((total - needing.len()) as f64, total as f64, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    fn check() -> TestsOffline {
        let catalog = Catalog::embedded().expect("catalog");
        let lexicon: Lexicon = catalog.lexicons.get("test_hardware").expect("lexicon");
        TestsOffline::new(lexicon).expect("patterns compile")
    }

    #[test]
    fn needs_and_guards() {
        let check = check();
        for (text, needs) in [
            ("def test_a():\n    x = torch.ones(2).cuda()\n", Some(2)),
            ("def test_a():\n    m = M().to(device=\"cuda\")\n", Some(2)),
            ("def test_a():\n    m = Model.from_pretrained(\"org/model-7b\")\n", Some(2)),
            ("def test_a():\n    ds = load_dataset(\"squad\")\n", Some(2)),
            ("img = load_image(\n    \"https://hf.co/datasets/x/resolve/main/cat.png\"\n)\n", Some(2)),
            // Guarded, local or commented out.
            ("@slow\ndef test_a():\n    x = torch.ones(2).cuda()\n", None),
            ("@pytest.mark.skipif(not torch.cuda.is_available(), reason='gpu')\ndef test_a():\n    x.cuda()\n", None),
            ("device = 'cuda' if torch.cuda.is_available() else 'cpu'\nx.to(device)\n", None),
            ("def test_a():\n    m = Model.from_pretrained(tmpdir)\n", None),
            ("def test_a():\n    ds = load_dataset(\"json\", data_files=path)\n", None),
            ("def test_a():\n    # x.cuda()\n    pass\n", None),
            ("# Licensed under http://www.apache.org/licenses/LICENSE-2.0\nimport torch\n", None),
            ("@mock.patch(\"requests.get\")\ndef test_a(get):\n    load_dataset(\"squad\")\n", None),
            ("m = M.from_pretrained(\"hf-internal-testing/tiny-random-t5\")\n", None),
            ("p = MixedPrecision(device=\"cuda\")\nd = torch.device(\"cuda\")\n", None),
            ("@RunIf(min_cuda_gpus=1)\ndef test_a():\n    torch.zeros(2, device=\"cuda\")\n", None),
            ("def test_a():\n    x = torch.zeros(2, device=\"cuda\")\n", Some(2)),
            ("def test_a():\n    device = \"cuda\"\n    x = t.to(device)\n", Some(2)),
            // Code, not strings: a definition, a docstring, a script block, data literals and
            // assertions need nothing.
            // A definition, a docstring, a script block, data literals and assertions.
            ("def load_dataset(root, name):\n    return Planetoid(root, name)\n", None),
            ("def test_a():\n    \"\"\"Runs x.cuda() when asked.\"\"\"\n", None),
            ("if __name__ == '__main__':\n    model = Net().cuda()\n", None),
            ("resources = [\n    'https://x.org/mnist/t10k-images.gz',\n]\n", None),
            ("def test_a():\n    self.assertEqual(\n        url,\n        \"https://x.org/m/model_final.pkl\",\n    )\n", None),
            ("def test_a():\n    args = Namespace(\n        device='cuda',\n    )\n", None),
            ("@pytest.mark.skip\ndef test_a():\n    load_dataset('squad')\n", None),
            // A guard on one test does not guard the next.
            ("@require_peft\ndef test_a():\n    load_dataset('org/zen')\n\ndef test_b():\n    load_dataset('org/zen')\n", Some(6)),
            ("class TestT:\n    @slow\n    def test_a(self):\n        x.cuda()\n\n    def test_b(self):\n        y.cuda()\n", Some(7)),
            // A fallback in the test's own body, or module-level, guards it.
            ("def test_a():\n    if not torch.cuda.is_available():\n        pytest.skip('gpu')\n    x.cuda()\n", None),
            ("pytestmark = pytest.mark.skipif(OFFLINE, reason='net')\n\ndef test_a():\n    load_dataset('org/zen')\n", None),
            // Outside a test (a helper), any guard in the file still counts.
            ("def _model():\n    return M().cuda()\n\n@slow\ndef test_a():\n    _model()\n", None),
            // A need in a decorator is the decorated test's; a fetched name is what the test binds.
            ("def test_cpu():\n    pass\n\n@RunIf(min_cuda_gpus=1)\n@pytest.mark.parametrize(\n    'loc', [lambda s, l: s.cuda()]\n)\ndef test_gpu(loc):\n    pass\n", None),
            ("def test_a():\n    repo = 'hf-internal-testing/tiny-pipe'\n    snapshot_download(repo)\n", None),
            ("def test_a():\n    S.from_pretrained('hf-internal-testing/tiny-sd')\n    S.from_pretrained(\"google/ddpm-256\", beta=8)\n", Some(3)),
            ("def test_a():\n    assert out['image'] == 'https://example.com/x.png'\n", None),
            ("def test_a(mock_hf_api):\n    push(mock_hf_api, repo_id='my-user/my-repo')\n", None),
        ] {
            assert_eq!(
                check
                    .need(text, &HashSet::new(), &TestGuards::default())
                    .map(|n| n.2),
                needs,
                "{text}"
            );
        }
    }

    #[test]
    fn repository_skip_wrappers_and_deselected_markers_guard() {
        // The wrappers are defined outside the tests, in a file the text pass must keep.
        let files = [
            (
                "pkg/testing.py",
                "def onlyCUDA(func):\n    return pytest.mark.skipif(not torch.cuda.is_available(), reason='cuda')(func)\n\n\ndef withPackage(*names):\n    missing = [n for n in names if not has_package(n)]\n    return pytest.mark.skipif(bool(missing), reason='pkg')\n",
            ),
            ("pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"-m 'not dataset'\"\n"),
            ("tests/test_gpu.py", "@onlyCUDA\ndef test_a():\n    x.cuda()\n"),
            ("tests/test_data.py", "@pytest.mark.dataset\ndef test_a():\n    load_dataset('org/big')\n"),
            ("tests/test_llm.py", "@withPackage('transformers')\ndef test_a():\n    LLM(model_name='Qwen/Qwen3-0.6B')\n"),
            ("tests/test_mixed.py", "@onlyCUDA\ndef test_a():\n    load_dataset('org/big')\n"),
        ];
        for outcome in [
            crate::checks::run_on(&check(), &files),
            crate::checks::run_after_text_pass(&check(), &files),
        ] {
            let paths: Vec<_> = outcome.findings().iter().filter_map(|f| f.path()).collect();
            assert_eq!(paths, ["tests/test_llm.py", "tests/test_mixed.py"]);
        }
    }

    #[test]
    fn a_guarded_mixin_in_another_file_guards_its_subclasses() {
        let index = RepoIndex::from_files(&[
            (
                "tests/mixins.py",
                "@require_torch_accelerator\nclass SingleFileTesterMixin:\n    pass\n",
            ),
            (
                "tests/test_vae.py",
                "from .mixins import SingleFileTesterMixin\n\nclass TestVae(SingleFileTesterMixin):\n    ckpt = \"https://hf.co/a/b/blob/main/vae.safetensors\"\n",
            ),
            (
                "tests/test_other.py",
                "class TestOther:\n    ckpt = \"https://hf.co/a/b/blob/main/vae.safetensors\"\n",
            ),
        ]);
        let settings = Settings::default();
        let outcome = check().run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        });
        let paths: Vec<_> = outcome.findings().iter().filter_map(|f| f.path()).collect();
        assert_eq!(paths, ["tests/test_other.py"]);
    }

    #[test]
    fn reports_the_share_of_test_files() {
        let index = RepoIndex::from_files(&[
            ("tests/__init__.py", ""),
            (
                "tests/test_gpu.py",
                "def test_a():\n    torch.zeros(1).cuda()\n",
            ),
            ("tests/test_cpu.py", "def test_b():\n    assert 1\n"),
            ("tests/test_more.py", "def test_c():\n    assert 2\n"),
            ("tests/test_most.py", "def test_d():\n    assert 3\n"),
        ]);
        let settings = Settings::default();
        let outcome = check().run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        });
        let Outcome::Scored {
            earned,
            possible,
            findings,
        } = outcome
        else {
            panic!("scored");
        };
        assert_eq!((earned, possible), (3.0, 4.0));
        assert_eq!(
            findings[0].message,
            "needs a cuda gpu (`.cuda()`) with no skip marker or cpu fallback (1 of 4 test files, 25%)"
        );
        assert_eq!(findings[0].location.as_ref().and_then(|l| l.line), Some(2));
    }
}
