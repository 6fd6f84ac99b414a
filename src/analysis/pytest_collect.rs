//! Which test classes pytest collects: a class whose name matches `python_classes` (default
//! `Test`, a prefix or a glob) or that derives from `unittest.TestCase`. A class with no base
//! that does not match is never collected, and neither are its tests, unless another test class
//! inherits it (a tester mixin). Code in such a class never runs, so it needs nothing.

use std::collections::HashSet;

use globset::{Glob, GlobMatcher};
use rayon::prelude::*;

use super::test_reach::root_pytest_option;
use crate::analysis::lines::lines;
use crate::index::RepoIndex;

/// One `python_classes` entry: a glob when it holds a wildcard, else a name prefix.
#[derive(Debug)]
enum ClassPattern {
    Prefix(String),
    Glob(GlobMatcher),
}

/// The repository's collection rule for test classes, and the classes its test files inherit.
#[derive(Debug)]
pub struct Collection {
    patterns: Vec<ClassPattern>,
    inherited: HashSet<String>,
}

impl Default for Collection {
    /// pytest's default: classes whose name starts with `Test`.
    fn default() -> Self {
        Collection {
            patterns: vec![ClassPattern::Prefix("Test".to_string())],
            inherited: HashSet::new(),
        }
    }
}

impl Collection {
    /// Reads `python_classes` from the root's pytest configuration and the base classes every
    /// class header of the test files names (read in parallel).
    pub fn new(index: &RepoIndex, test_files: &[&str]) -> Self {
        let configured = root_pytest_option(index, "python_classes").unwrap_or_default();
        let entries = if configured.is_empty() {
            vec!["Test".to_string()]
        } else {
            configured
        };
        let patterns = entries
            .into_iter()
            .filter_map(|entry| {
                if entry.contains(['*', '?', '[']) {
                    Glob::new(&entry)
                        .ok()
                        .map(|g| ClassPattern::Glob(g.compile_matcher()))
                } else {
                    Some(ClassPattern::Prefix(entry))
                }
            })
            .collect();
        let inherited = test_files
            .par_iter()
            .filter_map(|path| index.text(path))
            .flat_map_iter(|text| {
                class_headers(text).into_iter().flat_map(|header| {
                    bases(&header)
                        .map(|listed| base_names(listed).map(String::from).collect::<Vec<_>>())
                        .unwrap_or_default()
                })
            })
            .collect();
        Collection {
            patterns,
            inherited,
        }
    }

    /// Whether the class whose header line is `header` is never collected: no base, a name
    /// that `python_classes` does not match, and no test class inheriting it.
    pub fn never_collected(&self, header: &str) -> bool {
        let Some(name) = class_name(header) else {
            return false;
        };
        if header.contains('(') && !header.contains(')') {
            // Bases listed over several lines: it has some.
            return false;
        }
        let has_base = bases(header).is_some_and(|b| base_names(b).any(|n| n != "object"));
        let matches = self.patterns.iter().any(|p| match p {
            ClassPattern::Prefix(prefix) => name.starts_with(prefix.as_str()),
            ClassPattern::Glob(glob) => glob.is_match(name),
        });
        !has_base && !matches && !self.inherited.contains(name)
    }
}

/// The name a `class Name…:` header defines.
fn class_name(header: &str) -> Option<&str> {
    let rest = header.trim_start().strip_prefix("class ")?.trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Every class header of a file, a header whose bases run over several lines joined into one.
fn class_headers(text: &str) -> Vec<String> {
    let mut headers = Vec::new();
    let mut lines = lines(text);
    while let Some(line) = lines.next() {
        if !line.trim_start().starts_with("class ") {
            continue;
        }
        let mut header = line.to_string();
        let mut depth = paren_depth(line);
        while depth > 0 {
            let Some(next) = lines.next() else { break };
            header.push(' ');
            header.push_str(next.trim());
            depth += paren_depth(next);
        }
        headers.push(header);
    }
    headers
}

/// Opening minus closing parentheses on a line.
fn paren_depth(line: &str) -> i32 {
    line.chars()
        .map(|c| match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        })
        .sum()
}

/// What a class header lists between its parentheses (`class T(A, b.B):` → `A, b.B`).
fn bases(header: &str) -> Option<&str> {
    let rest = header.trim_start().strip_prefix("class ")?;
    let (_, after) = rest.split_once('(')?;
    Some(after.rsplit_once(')').map_or(after, |(inside, _)| inside))
}

/// The last name of each base (`b.B` → `B`), keywords such as `metaclass=` left out.
fn base_names(bases: &str) -> impl Iterator<Item = &str> {
    bases
        .split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty() && !b.contains('='))
        .filter_map(|b| b.rsplit('.').next())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A collection over `files` plus one test file per text in `tests`.
    fn collection(files: &[(&str, &str)], tests: &[&str]) -> Collection {
        let paths: Vec<String> = (0..tests.len())
            .map(|i| format!("tests/test_{i}.py"))
            .collect();
        let mut all = files.to_vec();
        all.extend(paths.iter().map(String::as_str).zip(tests.iter().copied()));
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        Collection::new(&RepoIndex::from_files(&all), &paths)
    }

    #[test]
    fn default_prefix_bases_and_mixins() {
        let c = collection(
            &[],
            &["class TestUnet(\n    UNetTesterMixin,\n    unittest.TestCase,\n):\n"],
        );
        assert!(c.never_collected("class MotionAdapterSingleFileTests:"));
        assert!(c.never_collected("class Helper(object):"));
        assert!(!c.never_collected("class TestHooks:"));
        assert!(!c.never_collected("class UnetTests(unittest.TestCase):"));
        assert!(
            !c.never_collected("class UNetTesterMixin:"),
            "inherited by a test class"
        );
        assert!(
            !c.never_collected("class Split("),
            "bases on the next lines"
        );
    }

    #[test]
    fn configured_python_classes_are_prefixes_or_globs() {
        let ini = ("pytest.ini", "[pytest]\npython_classes = *Tests Check\n");
        let c = collection(&[ini], &[]);
        assert!(!c.never_collected("class MotionAdapterSingleFileTests:"));
        assert!(!c.never_collected("class CheckThings:"));
        assert!(
            c.never_collected("class TestHooks:"),
            "the default no longer applies"
        );
    }
}
