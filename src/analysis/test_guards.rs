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
use regex::RegexSet;
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use super::ascii_words::builtin_regex;
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
///
/// The caller keeps through the engine's text pass the text of every file where `patterns.skip`
/// matches (and the test files): a file whose text the pass released cannot define a guard.
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
    let Some(finder) = DefinitionFinder::new(used) else {
        return HashMap::new();
    };
    let files: Vec<&str> = index
        .files_with_ext(&["py"])
        .map(|f| f.path.as_str())
        .collect();
    // A guard's body skips, so only a file a skip is written in can define one: those are the
    // files whose text the calling rule kept through the text pass (`RepoIndex::kept_text`).
    let per_file: Vec<Vec<(String, Guards)>> = files
        .par_iter()
        .map(|path| match index.kept_text(path) {
            Some(text) => guards_defined(text, &finder.find(text), patterns),
            None => Vec::new(),
        })
        .collect();
    let mut found = HashMap::new();
    for (name, guards) in per_file.into_iter().flatten() {
        found.entry(name).or_insert(guards);
    }
    found
}

/// One definition of a used name: where it starts, its indentation and the name.
struct Definition<'t> {
    start: usize,
    indent: &'t str,
    name: &'t str,
}

/// Finds `def NAME(` and `NAME =` at the start of a line for the used names.
///
/// Every definition holds a used name, so the names themselves are searched for (a literal
/// search), and the definition pattern is tried, anchored, only at the starts of the lines a
/// definition holding that name could start on. Searching every file whole for the pattern was
/// about 4% of a one-thread diffusers scan, because its `^[ \t]*` start leaves no literal to
/// jump to; the matches are the same, in the same order. (A name in a definition follows a space
/// or starts its line, so no other name found overlapping it can hide it: names are words.)
struct DefinitionFinder {
    definition: Regex,
    /// Any of the names; `None` when a name is empty (`@pkg.`), which can match where no name
    /// is written, so the whole text is searched.
    names: Option<Regex>,
}

impl DefinitionFinder {
    fn new(names: &HashSet<String>) -> Option<Self> {
        let definition = Regex::new(&definition_pattern(names)).ok()?;
        let names = if names.iter().any(String::is_empty) {
            None
        } else {
            Some(Regex::new(&alternatives(names)).ok()?)
        };
        Some(DefinitionFinder { definition, names })
    }

    /// The definitions in `text`, in order.
    fn find<'t>(&self, text: &'t str) -> Vec<Definition<'t>> {
        let Some(names) = &self.names else {
            return self
                .definition
                .captures_iter(text)
                .filter_map(|caps| definition_of(text, &caps))
                .collect();
        };
        // The line start of each name, found from the previous one: a long line full of the
        // name is scanned once, not once per occurrence.
        let (mut scanned, mut line_start) = (0, 0);
        let mut starts: Vec<usize> = names
            .find_iter(text)
            .flat_map(|name| {
                let at = name.start();
                if let Some(i) = memchr::memrchr(b'\n', &text.as_bytes()[scanned..at]) {
                    line_start = scanned + i + 1;
                }
                scanned = at;
                possible_starts(text, at, line_start)
            })
            .collect();
        if starts.is_empty() {
            return Vec::new();
        }
        starts.sort_unstable();
        starts.dedup();
        let mut caps = self.definition.create_captures();
        let mut found = Vec::new();
        let mut searched_to = 0;
        for start in starts {
            if start < searched_to {
                continue;
            }
            let input = Input::new(text)
                .span(start..text.len())
                .anchored(Anchored::Yes);
            self.definition.search_captures(&input, &mut caps);
            if let Some(definition) = definition_of(text, &caps) {
                searched_to = caps.get_match().map_or(text.len(), |m| m.end());
                found.push(definition);
            }
        }
        found
    }
}

/// The definition a match of the definition pattern captured, if it matched.
fn definition_of<'t>(
    text: &'t str,
    caps: &regex_automata::util::captures::Captures,
) -> Option<Definition<'t>> {
    let whole = caps.get_match()?;
    let indent = caps.get_group(1)?;
    let name = caps.get_group(2).or(caps.get_group(3))?;
    Some(Definition {
        start: whole.start(),
        indent: &text[indent.range()],
        name: &text[name.range()],
    })
}

/// The line starts a definition holding the name written at `name` (on the line starting at
/// `name_line`) could start at: the name's own line (`NAME =`, `def NAME(`), the line of a `def`
/// before it across blank lines (`def\nNAME(`), and that of an `async` before the `def`.
fn possible_starts(text: &str, name: usize, name_line: usize) -> [usize; 3] {
    // Only a `def` or `async` before the name's line is searched back from: that earlier line
    // ends in the blank run before this name, so no two names search the same line.
    let line_start = |at: usize| {
        if at >= name_line {
            name_line
        } else {
            memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
        }
    };
    let before_space = |at: usize| text[..at].trim_end_matches(char::is_whitespace).len();
    let def_end = before_space(name);
    let def = if text[..def_end].ends_with("def") {
        def_end - 3
    } else {
        name
    };
    let async_end = before_space(def);
    let first = if def < name && text[..async_end].ends_with("async") {
        async_end - 5
    } else {
        def
    };
    [name_line, line_start(def), line_start(first)]
}

/// `def NAME(` (or `async def`) and `NAME =` at the start of a line, for any of `names`; the
/// indentation is group 1 and the name group 2 or 3.
fn definition_pattern(names: &HashSet<String>) -> String {
    let alternatives = alternatives(names);
    format!(r"(?m)^([ \t]*)(?:(?:async\s+)?def\s+({alternatives})\s*\(|({alternatives})\s*=)")
}

/// The names as a regex alternation, in a fixed order.
fn alternatives(names: &HashSet<String>) -> String {
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted
        .iter()
        .map(|n| regex_syntax::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

/// The guards the definitions found in one file define, in the order they appear.
fn guards_defined(
    text: &str,
    definitions: &[Definition],
    patterns: &GuardPatterns,
) -> Vec<(String, Guards)> {
    if definitions.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = lines(text).collect();
    let code = CodeMap::new(text);
    let mut found = Vec::new();
    for definition in definitions {
        let line = code.line_of(definition.start);
        let block = Block {
            line,
            indent: python_blocks::indent_of(definition.indent),
            kind: BlockKind::Function,
            name: definition.name.to_string(),
            decorators: line..line,
        };
        let body = lines[python_blocks::body(&code, &lines, &block)].join("\n");
        if let Some(guards) = classify(&body, patterns) {
            found.push((definition.name.to_string(), guards));
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
    let marker_option = builtin_regex(r#"(?:^|[\s"',\[])-m[\s"',=]*([^"'\n]+)"#);
    let negated = builtin_regex(r"\bnot\s+(\w+)");
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

    #[test]
    fn definitions_found_from_the_names_are_those_a_whole_text_search_finds() {
        let texts = [
            "def onlyCUDA(f):\n    pass\n",
            "  async  def only(f): pass\nasync\tdef\nonly (x)\n",
            "def\nonly(\n",
            "only == 3\nonly_more = 1\nonlyx=2\n\tonly = skipif(x)\n",
            "x = 1; only = 2\n# def only(\n    def    only   (  \n",
            "defaults = 1\nasyncio = 2\n\u{e9}only = 3\nonly\u{e9} = 4\n",
            "\r\nonly = 1\r\n def only(\r\n",
            "= 1\n  =\ndef (\n",
            "undef only(\nx.only = 1\n  only\u{a0}= 2\n",
            "",
            "only",
        ];
        let name_sets: [&[&str]; 3] = [
            &["only", "only_more"],
            &["only", "onlyx", "x"],
            &["only", ""],
        ];
        for names in name_sets {
            let names: HashSet<String> = names.iter().map(|n| n.to_string()).collect();
            let finder = DefinitionFinder::new(&names).expect("finder");
            let whole = regex::Regex::new(&definition_pattern(&names)).expect("pattern");
            for text in texts {
                let found: Vec<(usize, &str, &str)> = finder
                    .find(text)
                    .iter()
                    .map(|d| (d.start, d.indent, d.name))
                    .collect();
                let expected: Vec<(usize, &str, &str)> = whole
                    .captures_iter(text)
                    .map(|caps| {
                        let name = caps.get(2).or(caps.get(3)).expect("name");
                        (
                            caps.get(0).expect("match").start(),
                            caps.get(1).expect("indent").as_str(),
                            name.as_str(),
                        )
                    })
                    .collect();
                assert_eq!(found, expected, "names {names:?} in {text:?}");
            }
        }
        let names = HashSet::from(["only".to_string()]);
        let finder = DefinitionFinder::new(&names).expect("finder");
        let text = "x = 1\nasync\n def\n\n only(f):\n    pass\n  only = 2\n";
        let found: Vec<(usize, &str)> = finder
            .find(text)
            .iter()
            .map(|d| (d.start, d.indent))
            .collect();
        assert_eq!(found, [(6, ""), (37, "  ")]);
    }
}
