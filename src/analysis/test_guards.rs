//! The repository's own test guards: decorators that wrap a skip (PyG's `@onlyCUDA`,
//! `@onlyFullTest`, a `requires_gpu = pytest.mark.skipif(…)` in a conftest), resolved to their
//! definitions, and the pytest markers the runner configuration deselects (`-m "not slow"`).
//!
//! A decorator is a guard when the body of its definition skips. What it guards follows from
//! what the skip tests: a hardware check (`torch.cuda.is_available()`) guards GPU needs only;
//! otherwise a check that a package is installed (`has_package`, `find_spec`, `is_x_available()`) guards
//! neither, because a laptop with the package still downloads the model; any other condition (a
//! full-suite switch, an opt-in variable, connectivity) keeps the test off a newcomer's default
//! run and guards both.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use regex::{Regex, RegexSet};

use super::code_context::CodeMap;
use super::pytest_collect::Collection;
use super::python_blocks::{self, Block, BlockKind};
use crate::analysis::lines::lines;
use crate::index::RepoIndex;

/// What a guard keeps from running on a newcomer's laptop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guards {
    /// Tests that need a GPU.
    Gpu,
    /// Tests that need a GPU or the network.
    Both,
}

/// How to read a guard's definition (from the catalog lexicon).
pub struct GuardPatterns<'a> {
    /// A skip (`skipif`, `pytest.skip(`, `SkipTest`).
    pub skip: &'a RegexSet,
    /// A hardware check (`cuda.is_available(`).
    pub gpu_check: &'a RegexSet,
    /// A package-availability check.
    pub package_check: &'a RegexSet,
}

/// Guard decorators by name, and deselected markers.
#[derive(Debug, Default)]
pub struct TestGuards {
    decorators: HashMap<String, Guards>,
    deselected: HashSet<String>,
    /// Which test classes pytest collects: code in a class it never collects never runs.
    pub collection: Collection,
}

impl TestGuards {
    /// What the decorator written on `line` (`@onlyCUDA`, `@pytest.mark.slow`) guards, if
    /// anything.
    pub fn of_decorator(&self, line: &str) -> Option<Guards> {
        let name = decorator_name(line)?;
        if let Some(marker) = name.strip_prefix("pytest.mark.") {
            return self.deselected.contains(marker).then_some(Guards::Both);
        }
        let last = name.rsplit('.').next().unwrap_or(&name);
        self.decorators.get(last).copied()
    }
}

/// The dotted name of a decorator line (`@a.b.c(…)` → `a.b.c`).
fn decorator_name(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('@')?.trim_start();
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Resolves the decorators used in `test_files` to definitions anywhere in the repository's
/// Python code, and reads the deselected markers from the pytest configuration.
pub fn resolve(index: &RepoIndex, test_files: &[&str], patterns: &GuardPatterns) -> TestGuards {
    let used: HashSet<String> = test_files
        .par_iter()
        .filter_map(|path| index.text(path))
        .flat_map_iter(|text| {
            lines(text)
                .filter(|l| l.trim_start().starts_with('@'))
                .filter_map(decorator_name)
                .filter(|name| !name.starts_with("pytest."))
                .map(|name| name.rsplit('.').next().unwrap_or(&name).to_string())
        })
        .collect();
    let decorators = if used.is_empty() {
        HashMap::new()
    } else {
        definitions(index, &used, patterns)
    };
    TestGuards {
        decorators,
        deselected: deselected_markers(index),
        collection: Collection::new(index, test_files),
    }
}

/// The guard each used decorator's definition makes. Files are searched in parallel; where a
/// name is defined more than once, the first definition in path order wins, as it did serially.
fn definitions(
    index: &RepoIndex,
    used: &HashSet<String>,
    patterns: &GuardPatterns,
) -> HashMap<String, Guards> {
    let mut names: Vec<&str> = used.iter().map(String::as_str).collect();
    names.sort_unstable();
    let alternatives = names
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|");
    let Ok(definition) = Regex::new(&format!(
        r"(?m)^([ \t]*)(?:(?:async\s+)?def\s+({alternatives})\s*\(|({alternatives})\s*=)"
    )) else {
        return HashMap::new();
    };
    let files: Vec<&str> = index
        .files_with_ext(&["py"])
        .map(|f| f.path.as_str())
        .collect();
    let per_file: Vec<Vec<(String, Guards)>> = files
        .par_iter()
        .map(|path| match index.text(path) {
            Some(text) if definition.is_match(text) => guards_defined(text, &definition, patterns),
            _ => Vec::new(),
        })
        .collect();
    let mut found = HashMap::new();
    for (name, guards) in per_file.into_iter().flatten() {
        found.entry(name).or_insert(guards);
    }
    found
}

/// The guards `definition`'s matches in one file define, in the order they appear.
fn guards_defined(
    text: &str,
    definition: &Regex,
    patterns: &GuardPatterns,
) -> Vec<(String, Guards)> {
    let lines: Vec<&str> = lines(text).collect();
    let code = CodeMap::new(text);
    let mut found = Vec::new();
    for caps in definition.captures_iter(text) {
        let (Some(whole), Some(indent)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let Some(name) = caps.get(2).or(caps.get(3)) else {
            continue;
        };
        let line = code.line_of(whole.start());
        let block = Block {
            line,
            indent: python_blocks::indent_of(indent.as_str()),
            kind: BlockKind::Function,
            name: name.as_str().to_string(),
            decorators: line..line,
        };
        let body = lines[python_blocks::body(&code, &lines, &block)].join("\n");
        if let Some(guards) = classify(&body, patterns) {
            found.push((name.as_str().to_string(), guards));
        }
    }
    found
}

/// What a definition whose text is `body` guards (see the module docs).
fn classify(body: &str, patterns: &GuardPatterns) -> Option<Guards> {
    if !patterns.skip.is_match(body) {
        return None;
    }
    if patterns.gpu_check.is_match(body) {
        return Some(Guards::Gpu);
    }
    (!patterns.package_check.is_match(body)).then_some(Guards::Both)
}

/// Markers the pytest configuration deselects by default: every `not NAME` in the `-m`
/// expression of `addopts` (pyproject.toml, pytest.ini, setup.cfg, tox.ini).
fn deselected_markers(index: &RepoIndex) -> HashSet<String> {
    let marker_option =
        Regex::new(r#"(?:^|[\s"',\[])-m[\s"',=]*([^"'\n]+)"#).expect("static regex");
    let negated = Regex::new(r"\bnot\s+(\w+)").expect("static regex");
    ["pyproject.toml", "pytest.ini", "setup.cfg", "tox.ini"]
        .iter()
        .filter_map(|path| index.text(path))
        .flat_map(|text| marker_option.captures_iter(text).collect::<Vec<_>>())
        .flat_map(|caps| {
            negated
                .captures_iter(&caps[1])
                .map(|c| c[1].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns() -> (RegexSet, RegexSet, RegexSet) {
        (
            RegexSet::new([r"skipif", r"pytest\.skip\("]).expect("set"),
            RegexSet::new([r"cuda\.is_available\("]).expect("set"),
            RegexSet::new([r"has_package"]).expect("set"),
        )
    }

    #[test]
    fn decorators_resolve_to_what_their_skip_tests() {
        let index = RepoIndex::from_files(&[
            (
                "pkg/testing/decorators.py",
                "def onlyCUDA(func):\n    return pytest.mark.skipif(not torch.cuda.is_available(), reason='cuda')(func)\n\n\ndef onlyFullTest(func):\n    return pytest.mark.skipif(not is_full_test(), reason='fast')(func)\n\n\ndef withPackage(*args):\n    missing = [p for p in args if not has_package(p)]\n    def decorator(func):\n        return pytest.mark.skipif(len(missing) > 0, reason='pkg')(func)\n    return decorator\n\n\ndef withSeed(func):\n    return func\n",
            ),
            ("tests/conftest.py", "requires_net = pytest.mark.skipif(OFFLINE, reason='net')\n"),
            (
                "tests/test_a.py",
                "@onlyCUDA\n@onlyFullTest\n@withPackage('x')\n@withSeed\n@requires_net\n@pytest.mark.dataset\ndef test_a():\n    pass\n",
            ),
            ("pyproject.toml", "[tool.pytest.ini_options]\naddopts = [\"-m\", \"not rag and not dataset\"]\n"),
        ]);
        let (skip, gpu_check, package_check) = patterns();
        let guards = resolve(
            &index,
            &["tests/test_a.py", "tests/conftest.py"],
            &GuardPatterns {
                skip: &skip,
                gpu_check: &gpu_check,
                package_check: &package_check,
            },
        );
        assert_eq!(guards.of_decorator("@onlyCUDA"), Some(Guards::Gpu));
        assert_eq!(
            guards.of_decorator("@testing.onlyFullTest"),
            Some(Guards::Both)
        );
        assert_eq!(guards.of_decorator("@withPackage('transformers')"), None);
        assert_eq!(guards.of_decorator("@withSeed"), None);
        assert_eq!(guards.of_decorator("@requires_net"), Some(Guards::Both));
        assert_eq!(
            guards.of_decorator("@pytest.mark.dataset"),
            Some(Guards::Both)
        );
        assert_eq!(guards.of_decorator("@pytest.mark.rag"), Some(Guards::Both));
        assert_eq!(
            guards.of_decorator("@pytest.mark.parametrize('x', [1])"),
            None
        );
    }
}
