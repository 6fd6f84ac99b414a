//! The training and evaluation code of an ML project, read as text: which scripts train, where,
//! and whether a seed is set or configurable anywhere they reach.
//!
//! A *training entry point* is a Python file outside the test suite, the docs and config folders
//! (nanoGPT's `config/train_gpt2.py` is a config) that a user
//! runs (it has an `if __name__ == "__main__":` guard, or it is a `*train*` script outside any
//! package) and that trains ([`TRAIN_MARKERS`]: `.fit(`, `trainer.train(`, a `.backward()` /
//! optimizer `step()` loop). A module inside a package is library code even when it trains:
//! Lightning's own `trainer.py` is not a script.
//!
//! *Reachable* seeds: the script itself, the repository's own modules it imports (followed a few
//! hops through the shared Python summaries), and config files under `conf*/` folders, where
//! `seed: 42` makes the seed configurable without code.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::lines::line_number;
use super::python::PythonModule;
use super::test_suite::is_python_test_file;
use crate::finding::Location;
use crate::index::{Fact, RepoIndex, TextDerived, TextPass};

/// What makes a script a training script.
pub const TRAIN_MARKERS: &str =
    r"\.fit\(|\btrainer\.train\(|\.backward\(|\boptimi[sz]er\.step\(\)|\bopt\.step\(\)";

/// How deep local imports are followed looking for a seed.
const MAX_HOPS: usize = 3;

static TRAIN: LazyLock<Regex> = LazyLock::new(|| builtin_regex(TRAIN_MARKERS));

/// Any mention of a seed in code: `seed_everything`, `manual_seed`, `set_seed`, `PRNGKey(seed)`,
/// a `--seed` flag, a `seed` config field.
static SEED: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"(?i)seed|PRNGKey\("));

static MAIN_GUARD: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r#"(?m)^if\s+__name__\s*==\s*['"]__main__['"]"#));

static EVAL_NAME: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)eval|benchmark|bench_|validat"));

static EVAL_CODE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"\bestimate_loss\(|\bevaluate\(|\.validate\(|\btrainer\.test\(|\.eval\(\)|\beval_interval\b",
    )
});

/// One training entry point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingScript {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line of the first training call.
    pub line: u32,
    /// The marker found (`.fit(`).
    pub call: String,
    /// Where a seed is set or configured, if anywhere reachable.
    pub seed: Option<Location>,
}

/// The ML project's training and evaluation code.
#[derive(Clone, Debug, Default)]
pub struct MlCode {
    /// Training entry points, sorted by path.
    pub training: Vec<TrainingScript>,
    /// The first evaluation script or evaluation call.
    pub evaluation: Option<Location>,
}

/// The first line (1-based) of code, not comments, matching `pattern`.
///
/// The patterns here are literals and word boundaries, which a comment's `#` or a newline bound
/// like the end of a line does, and none spans a line: a match in a line's code is a match in the
/// whole text at the same place, with no `#` before it on its line. So the matches of one search
/// of the whole text are the candidates, and no line is searched on its own (a seed mentioned in
/// every docstring made that the costliest part of reading scripts).
fn first_code_line(text: &str, pattern: &Regex) -> Option<(u32, String)> {
    let bytes = text.as_bytes();
    pattern.find_iter(text).find_map(|found| {
        let start = memchr::memrchr(b'\n', &bytes[..found.start()]).map_or(0, |i| i + 1);
        let in_code = memchr::memchr(b'#', &bytes[start..found.start()]).is_none();
        in_code.then(|| (line_number(text, start), found.as_str().to_string()))
    })
}

/// What [`MlCode`] reads of one Python file's text, taken in the engine's text pass so the text
/// need not be kept: every file may be a script, or a module a script imports a seed from.
#[derive(Debug)]
struct ScriptText {
    /// Whether it runs as a script: an `if __name__ == "__main__"` guard, or a training script
    /// outside a package (`train.py` with top-level code).
    runnable: bool,
    /// The first line of an evaluation call, in a runnable file.
    evaluation: Option<u32>,
    /// The first line of a training call, and the call, in a runnable file.
    training: Option<(u32, String)>,
    /// The first line that mentions a seed.
    seed: Option<u32>,
}

impl TextDerived for ScriptText {
    fn derive(index: &RepoIndex, path: &str, text: &str) -> Self {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.trim_end_matches(".py").to_ascii_lowercase();
        let runnable =
            MAIN_GUARD.is_match(text) || (stem.contains("train") && !in_package(index, path));
        let runs = |pattern: &Regex| runnable.then(|| first_code_line(text, pattern)).flatten();
        ScriptText {
            runnable,
            evaluation: runs(&EVAL_CODE).map(|(line, _)| line),
            training: runs(&TRAIN),
            seed: first_code_line(text, &SEED).map(|(line, _)| line),
        }
    }
}

/// Builds, in the engine's text pass, what [`MlCode`] will read of the file.
pub fn text_pass(pass: &TextPass) {
    if pass.path().ends_with(".py") {
        let _ = pass.derive::<ScriptText>();
    }
}

fn location(path: &str, line: u32) -> Location {
    Location {
        path: path.to_string(),
        line: Some(line),
        column: None,
    }
}

fn is_script_candidate(index: &RepoIndex, path: &str) -> bool {
    if is_python_test_file(path) {
        return false;
    }
    // Documentation and config folders hold `train_*.py` configs and snippets, not scripts.
    let lower = path.to_ascii_lowercase();
    let mut dirs = lower.split('/').rev().skip(1);
    !dirs.any(|d| matches!(d, "docs" | "doc") || d.starts_with("conf")) && index.get(path).is_some()
}

fn in_package(index: &RepoIndex, path: &str) -> bool {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    !dir.is_empty() && index.has_file(&format!("{dir}/__init__.py"))
}

/// Repository files a module import may refer to, from the importer's folder or the root.
/// Candidates are spelled into one reused buffer: the seed search follows every import of every
/// script, and most candidates name no file.
fn import_targets(index: &RepoIndex, importer: &str, module: &PythonModule) -> Vec<String> {
    let dir = importer.rsplit_once('/').map_or("", |(d, _)| d);
    let mut targets = Vec::new();
    let mut candidate = String::new();
    for import in &module.imports {
        let base = import.module.replace('.', "/");
        let stems = std::iter::once(None).chain(import.names.iter().map(Some));
        for name in stems {
            for root in [dir, "", "src"] {
                for suffix in [".py", "/__init__.py"] {
                    candidate.clear();
                    for part in [root, base.as_str(), name.map_or("", String::as_str)] {
                        if !part.is_empty() {
                            if !candidate.is_empty() {
                                candidate.push('/');
                            }
                            candidate.push_str(part);
                        }
                    }
                    if candidate.len() == root.len() {
                        // The stem is empty (`from . import` with no names): no module to find.
                        continue;
                    }
                    candidate.push_str(suffix);
                    if index.has_file(&candidate) && !targets.contains(&candidate) {
                        targets.push(candidate.clone());
                    }
                }
            }
        }
    }
    targets
}

/// Where a seed is set in the script or the local modules it reaches.
fn reachable_seed(index: &RepoIndex, script: &str) -> Option<Location> {
    let mut seen = BTreeSet::from([script.to_string()]);
    let mut frontier = vec![script.to_string()];
    for _ in 0..=MAX_HOPS {
        let mut next = Vec::new();
        for path in &frontier {
            let Some(text) = index.text_derived::<ScriptText>(path) else {
                continue;
            };
            if let Some(line) = text.seed {
                return Some(location(path, line));
            }
            if let Some(module) = index.artifact::<PythonModule>(path) {
                for target in import_targets(index, path, &module) {
                    if seen.insert(target.clone()) {
                        next.push(target);
                    }
                }
            }
        }
        frontier = next;
    }
    None
}

/// A `seed` setting in a config folder (`configs/train.yaml: seed: 42`).
fn config_seed(index: &RepoIndex) -> Option<Location> {
    index
        .files_with_ext(&["yaml", "yml", "json", "toml", "py", "cfg", "ini"])
        .filter(|f| {
            f.path
                .split('/')
                .rev()
                .skip(1)
                .any(|d| d.to_ascii_lowercase().starts_with("conf"))
        })
        .find_map(|f| {
            let line = if f.has_extension(&["py"]) {
                index.text_derived::<ScriptText>(&f.path)?.seed
            } else {
                first_code_line(index.text(&f.path)?, &SEED).map(|(line, _)| line)
            };
            line.map(|line| location(&f.path, line))
        })
}

impl Fact for MlCode {
    fn compute(index: &RepoIndex) -> Self {
        let mut code = MlCode::default();
        let config_seed = config_seed(index);
        for file in index.files_with_ext(&["py"]) {
            let path = file.path.as_str();
            if !is_script_candidate(index, path) {
                continue;
            }
            let Some(text) = index.text_derived::<ScriptText>(path) else {
                continue;
            };
            let stem = file.name().trim_end_matches(".py").to_ascii_lowercase();
            let runnable = text.runnable;
            if code.evaluation.is_none() {
                if EVAL_NAME.is_match(&stem) && runnable {
                    code.evaluation = Some(location(path, 1));
                } else if let Some(line) = text.evaluation.filter(|_| runnable) {
                    code.evaluation = Some(location(path, line));
                }
            }
            if !runnable {
                continue;
            }
            let Some((line, call)) = text.training.clone() else {
                continue;
            };
            code.training.push(TrainingScript {
                path: path.to_string(),
                line,
                call,
                seed: reachable_seed(index, path).or_else(|| config_seed.clone()),
            });
        }
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(files: &[(&str, &str)]) -> MlCode {
        MlCode::compute(&RepoIndex::from_files(files))
    }

    #[test]
    fn training_scripts_and_their_seeds() {
        let c = code(&[
            (
                "train.py",
                "import model\n# seed later\nloss.backward()\nopt.step()\n",
            ),
            ("model.py", "import torch\n"),
            (
                "seeded/run.py",
                "from utils import setup\nif __name__ == \"__main__\":\n    trainer.fit(m)\n",
            ),
            (
                "seeded/utils.py",
                "def setup():\n    torch.manual_seed(0)\n",
            ),
            ("pkg/__init__.py", ""),
            ("pkg/trainer.py", "loss.backward()\n"),
            ("tests/test_train.py", "model.fit(x)\n"),
        ]);
        let found: Vec<_> = c
            .training
            .iter()
            .map(|t| {
                (
                    t.path.as_str(),
                    t.line,
                    t.seed.as_ref().map(|s| (s.path.as_str(), s.line)),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("seeded/run.py", 3, Some(("seeded/utils.py", Some(2)))),
                ("train.py", 3, None),
            ],
            "a comment is no seed; library modules and tests are no entry points"
        );
    }

    #[test]
    fn config_seed_and_evaluation_script() {
        let c = code(&[
            ("train.py", "model.fit(x)\n"),
            ("configs/base.yaml", "lr: 0.1\nseed: 7\n"),
            ("eval.py", "if __name__ == '__main__':\n    run()\n"),
        ]);
        assert_eq!(
            c.training[0].seed.as_ref().map(|s| s.path.as_str()),
            Some("configs/base.yaml")
        );
        assert_eq!(c.evaluation.map(|e| e.path), Some("eval.py".to_string()));
    }

    #[test]
    fn the_first_code_line_skips_comments_and_counts_lines() {
        let text = "# set the seed here\nx = 1  # seed\n\ntorch.manual_seed(0)\nseed = 2\n";
        assert_eq!(first_code_line(text, &SEED), Some((4, "seed".to_string())));
        assert_eq!(first_code_line("# seed only\n", &SEED), None);
        assert_eq!(
            first_code_line("model.fit(x)\n", &TRAIN),
            Some((1, ".fit(".to_string()))
        );
    }
}
