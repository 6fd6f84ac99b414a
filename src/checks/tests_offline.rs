//! `tests-offline`: Python test files that need a CUDA GPU or download models and data, and have
//! no skip marker or CPU/offline fallback, so they fail on a newcomer's laptop.
//!
//! Purely textual and per file: a signal (`.cuda()`, `device="cuda"`, `from_pretrained("org/x")`,
//! `load_dataset(`, a URL to a file) flags the file unless the same file has a guard anywhere
//! (`@slow`, `@require_torch_gpu`, `skipif`, `torch.cuda.is_available()`, a mock). Guarding one
//! test and not another in the same file is not caught: a maintainer who marks some tests knows
//! the convention, and a false alarm on a well-kept suite costs more than a miss. The patterns are
//! the `test_hardware` lexicon, which users extend with their own markers.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::lazy_regex::{LazyRegex, LazyRegexSet};
use serde::Deserialize;

use super::{Check, CheckCtx, Outcome};
use crate::analysis::test_suite::{self, Lang};
use crate::finding::Finding;

/// Params: none yet; the struct keeps the catalog strict.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

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
}

/// The check instance, with its patterns compiled once.
pub struct TestsOffline {
    gpu: Vec<LazyRegex>,
    network: Vec<LazyRegex>,
    /// Every need pattern at once: most test files need nothing, and one pass over the text
    /// tells so before any per-line work.
    any_need: LazyRegexSet,
    network_local: LazyRegexSet,
    skip: LazyRegexSet,
    gpu_guards: LazyRegexSet,
    network_guards: LazyRegexSet,
}

fn compile(patterns: &[String]) -> Result<Vec<LazyRegex>, String> {
    patterns
        .iter()
        .map(|p| {
            LazyRegex::new(p.as_str())
                .map_err(|e| format!("invalid pattern {p:?} in test_hardware: {e}"))
        })
        .collect()
}

fn set(patterns: &[&[String]]) -> Result<LazyRegexSet, String> {
    LazyRegexSet::new(patterns.iter().flat_map(|p| p.iter().cloned()))
        .map_err(|e| format!("invalid pattern in test_hardware: {e}"))
}

impl TestsOffline {
    /// Compiles the lexicon; a bad pattern is a catalog or config error.
    pub fn new(_params: Params, lexicon: Lexicon) -> Result<Self, String> {
        Ok(TestsOffline {
            gpu: compile(&lexicon.gpu)?,
            network: compile(&lexicon.network)?,
            // Multi-line mode, so a `^` anchored to a line start still finds it in the whole text.
            any_need: LazyRegexSet::new(
                lexicon
                    .gpu
                    .iter()
                    .chain(&lexicon.network)
                    .map(|p| format!("(?m){p}")),
            )
            .map_err(|e| format!("invalid pattern in test_hardware: {e}"))?,
            network_local: set(&[&lexicon.network_local])?,
            skip: set(&[&lexicon.skip_markers])?,
            gpu_guards: set(&[&lexicon.skip_markers, &lexicon.gpu_fallbacks])?,
            network_guards: set(&[&lexicon.skip_markers, &lexicon.network_fallbacks])?,
        })
    }

    /// Classes whose decorators include a skip marker (`@require_torch_accelerator` on a
    /// tester mixin): a test class in another file that inherits one is guarded by it.
    fn guarded_classes(&self, text: &str) -> Vec<String> {
        static CLASS: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\s*class\s+(\w+)").expect("valid regex"));
        let lines: Vec<&str> = text.lines().collect();
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

    /// The first unguarded need in a file: what it needs, the code that needs it, the line.
    /// `inherited` are guarded base classes from other files (see [`Self::guarded_classes`]).
    fn need(&self, text: &str, inherited: &HashSet<String>) -> Option<(&'static str, String, u32)> {
        if !self.any_need.is_match(text) {
            return None;
        }
        let inherits_guard = !inherited.is_empty() && inherits_from(text, inherited);
        let gpu_guarded = inherits_guard || self.gpu_guards.is_match(text);
        let network_guarded = inherits_guard || self.network_guards.is_match(text);
        if gpu_guarded && network_guarded {
            return None;
        }
        for (i, line) in text.lines().enumerate() {
            let code = code_part(line);
            if code.is_empty() {
                continue;
            }
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if !gpu_guarded {
                if let Some(m) = self.gpu.iter().find_map(|r| r.find(code)) {
                    return Some(("needs a cuda gpu", snippet(m.as_str()), line_no));
                }
            }
            if !network_guarded && !self.network_local.is_match(code) {
                if let Some(m) = self.network.iter().find_map(|r| r.find(code)) {
                    return Some(("downloads a model or data", snippet(m.as_str()), line_no));
                }
            }
        }
        None
    }
}

/// Whether a class in the file lists one of these classes among its bases (`class T(Mixin):`,
/// `class T(base.Mixin, Other):`).
fn inherits_from(text: &str, classes: &HashSet<String>) -> bool {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix("class "))
        .filter_map(|rest| rest.split_once('(').map(|(_, bases)| bases))
        .flat_map(|bases| bases.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .any(|word| classes.contains(word))
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
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let python = test_suite::detect(cx.index).lang(Lang::Python);
        let files: Vec<&String> = python
            .tests
            .iter()
            .filter(|p| !p.ends_with("__init__.py"))
            .collect();
        let inherited: HashSet<String> = files
            .iter()
            .filter_map(|path| cx.index.text(path))
            .flat_map(|text| self.guarded_classes(text))
            .collect();
        let needing: Vec<(&String, (&str, String, u32))> = files
            .iter()
            .filter_map(|path| Some((*path, self.need(cx.index.text(path)?, &inherited)?)))
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
        TestsOffline::new(Params::default(), lexicon).expect("patterns compile")
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
        ] {
            assert_eq!(
                check.need(text, &HashSet::new()).map(|n| n.2),
                needs,
                "{text}"
            );
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
