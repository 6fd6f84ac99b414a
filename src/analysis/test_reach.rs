//! Which test folders the repository's CI test commands reach.
//!
//! "CI runs the tests" is not enough when a repository has several suites: detectron2's CI runs
//! `pytest tests/`, so the tests of its research projects (`projects/*/tests`) never run. A
//! test command reaches what pytest would collect: the paths it names (relative to the folder
//! an earlier `cd` moved to), or with no path the configured `testpaths`, or everything below
//! the folder it runs in. What cannot be read statically (a delegation to a script, Makefile,
//! tox or nox; an argument that is no path in the tree) is taken to reach everything, so the
//! rule only reports a folder no command can reach.

use std::collections::BTreeMap;

use super::ini;
use super::test_command::TestRun;
use super::test_suite::{is_non_product, is_test_dir};
use crate::index::RepoIndex;

/// What one test command reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Everything (or something this module cannot narrow down).
    All,
    /// These files and folders, from the repository root (`""` is the root).
    Paths(Vec<String>),
}

impl Reach {
    /// Whether this reach runs the tests in `folder` (any of them: a command naming one file
    /// of a folder still shows the folder is wired into CI).
    pub fn covers(&self, folder: &str) -> bool {
        match self {
            Reach::All => true,
            Reach::Paths(paths) => paths.iter().any(|p| p.is_empty() || overlaps(p, folder)),
        }
    }
}

/// Whether a path is the folder, lies inside it, or contains it.
fn overlaps(path: &str, folder: &str) -> bool {
    path == folder
        || path.starts_with(&format!("{folder}/"))
        || folder.starts_with(&format!("{path}/"))
}

/// The Python test folders and how many test files each holds: for each test file, the
/// outermost `tests`-like folder on its path (`tests`, `projects/DensePose/tests`) or a
/// top-level `testing/`. Test files outside such a folder, and test folders inside docs,
/// examples, scripts or vendored code, are not a suite of their own.
pub fn python_test_folders<'a>(
    test_files: impl Iterator<Item = &'a str>,
) -> BTreeMap<String, usize> {
    let mut folders = BTreeMap::new();
    for path in test_files.filter(|p| p.ends_with(".py") && !is_non_product(p)) {
        let parts: Vec<&str> = path.split('/').collect();
        let dirs = &parts[..parts.len() - 1];
        let top = if dirs.first() == Some(&"testing") {
            Some(0)
        } else {
            dirs.iter().position(|d| is_test_dir(d))
        };
        if let Some(end) = top {
            *folders.entry(dirs[..=end].join("/")).or_insert(0) += 1;
        }
    }
    folders
}

/// Pytest options whose value is the next word (`-k expr`, `--cov src`), so the value is no
/// test path. Shared by the CI test reach and the guide's stale-command check.
pub const PYTEST_VALUE_OPTIONS: &[&str] = &[
    "-k",
    "-m",
    "-n",
    "-p",
    "-c",
    "-o",
    "-W",
    "-r",
    "--durations",
    "--maxfail",
    "--tb",
    "--junitxml",
    "--junit-xml",
    "--cov",
    "--cov-report",
    "--cov-config",
    "--rootdir",
    "--confcutdir",
    "--basetemp",
    "--timeout",
    "--dist",
    "--numprocesses",
    "--log-level",
    "--import-mode",
    "--reruns",
    "--splits",
    "--group",
    "--ignore",
    "--deselect",
];

/// What one test run reaches, given the root's configured `testpaths`.
pub fn reach_of(index: &RepoIndex, run: &TestRun, testpaths: &[String]) -> Reach {
    if run.via.is_some() || run.dir == "?" {
        return Reach::All;
    }
    let Some(args) = pytest_args(&run.words) else {
        return Reach::All;
    };
    let mut targets = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let word = args[i].as_str();
        i += 1;
        if word.starts_with('-') {
            if PYTEST_VALUE_OPTIONS.contains(&word)
                && args.get(i).is_some_and(|v| !is_path(index, &run.dir, v))
            {
                i += 1;
            }
            continue;
        }
        match resolve(index, &run.dir, word) {
            Some(paths) => targets.extend(paths),
            // A word that is neither an option value nor a path in the tree (`--pyargs pkg`,
            // a discover pattern): the reach cannot be narrowed.
            None => return Reach::All,
        }
    }
    if !targets.is_empty() {
        return Reach::Paths(targets);
    }
    if !run.dir.is_empty() {
        return Reach::Paths(vec![run.dir.clone()]);
    }
    if testpaths.is_empty() {
        return Reach::All;
    }
    Reach::Paths(testpaths.to_vec())
}

/// The arguments of a pytest or unittest command (`pytest …`, `python -m pytest …`,
/// `coverage run -m pytest …`), or `None` for any other runner.
fn pytest_args(words: &[String]) -> Option<&[String]> {
    let (head, rest) = words.split_first()?;
    let head = head.rsplit('/').next().unwrap_or(head);
    // The shell reader may already have peeled `python -m`, leaving the module as the command.
    let (module, args) = if matches!(head, "pytest" | "py.test" | "unittest") {
        (head, rest)
    } else {
        let at = rest.iter().position(|w| w == "-m")?;
        let is_launcher = head.starts_with("python") || head == "coverage" || head == "py";
        if !is_launcher {
            return None;
        }
        (rest.get(at + 1)?.as_str(), &rest[at + 2..])
    };
    match module {
        "pytest" | "py.test" => Some(args),
        // `python -m unittest discover -s tests`: the subcommand is no path.
        "unittest" => Some(match args.first().map(String::as_str) {
            Some("discover") => &args[1..],
            _ => args,
        }),
        _ => None,
    }
}

/// Whether a word names a file or folder in the tree from `dir`.
fn is_path(index: &RepoIndex, dir: &str, word: &str) -> bool {
    resolve(index, dir, word).is_some()
}

/// The files or folders a path argument names (`tests/`, `./tests/test_a.py::test_x`): the
/// path from `dir`, or when that does not exist, every path ending in it (a command run from a
/// folder the CI file sets with `working-directory:`). `None` when it names nothing.
fn resolve(index: &RepoIndex, dir: &str, word: &str) -> Option<Vec<String>> {
    let path = word.split("::").next().unwrap_or(word);
    let mut path = path.trim_end_matches('/');
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    if path.is_empty() || path == "." {
        return Some(vec![dir.to_string()]);
    }
    if path.starts_with(['/', '$', '~']) || path.contains('*') {
        return None;
    }
    let full = if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    };
    if index.has_file(&full) || index.has_dir(&full) {
        return Some(vec![full]);
    }
    let suffix = format!("/{path}");
    let below: Vec<String> = index
        .dirs()
        .filter(|d| d.ends_with(&suffix))
        .chain(
            index
                .files()
                .iter()
                .map(|f| f.path.as_str())
                .filter(|p| p.ends_with(&suffix)),
        )
        .map(String::from)
        .collect();
    (!below.is_empty()).then_some(below)
}

/// The root's pytest `testpaths`, from the first file pytest would read its configuration from
/// (`pytest.ini`, `pyproject.toml`, `tox.ini`, `setup.cfg`); empty when none sets it.
pub fn root_testpaths(index: &RepoIndex) -> Vec<String> {
    root_pytest_option(index, "testpaths")
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.trim_start_matches("./").trim_end_matches('/').to_string())
        .filter(|p| !p.is_empty() && !p.contains('*'))
        .collect()
}

/// A pytest ini option of the root's configuration (`testpaths`, `python_classes`), split into
/// words, from the first file pytest would read it from; `None` when that file does not set it
/// or no file configures pytest.
pub fn root_pytest_option(index: &RepoIndex, key: &str) -> Option<Vec<String>> {
    for (path, section) in [
        ("pytest.ini", "pytest"),
        (".pytest.ini", "pytest"),
        ("pyproject.toml", ""),
        ("tox.ini", "pytest"),
        ("setup.cfg", "tool:pytest"),
    ] {
        let Some(text) = index.text(path) else {
            continue;
        };
        let found = if section.is_empty() {
            pyproject_option(text, key)
        } else {
            ini::value(text, section, key).map(|lines| {
                lines
                    .iter()
                    .flat_map(|l| l.split_whitespace())
                    .map(String::from)
                    .collect()
            })
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `Some(words)` when the pyproject configures pytest (`[tool.pytest.ini_options]` or pytest
/// 9's `[tool.pytest]`), empty when it does not set `key`; `None` when it configures no pytest.
fn pyproject_option(text: &str, key: &str) -> Option<Vec<String>> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let pytest = table.get("tool")?.get("pytest")?;
    let options = pytest.get("ini_options").unwrap_or(pytest);
    Some(match options.get(key) {
        Some(toml::Value::String(s)) => s.split_whitespace().map(String::from).collect(),
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::test_command::find_test_runs;

    fn reach(files: &[(&str, &str)], script: &str) -> Reach {
        let index = RepoIndex::from_files(files);
        let runs = find_test_runs(&index, script);
        assert_eq!(runs.len(), 1, "{script}");
        reach_of(&index, &runs[0], &root_testpaths(&index))
    }

    const TREE: &[(&str, &str)] = &[
        ("tests/test_a.py", ""),
        ("tests/unit/test_b.py", ""),
        ("projects/Dense/tests/test_c.py", ""),
        ("projects/Dense/setup.py", ""),
    ];

    #[test]
    fn paths_folders_and_testpaths() {
        let covers = |script: &str, extra: &[(&str, &str)]| {
            let mut files = TREE.to_vec();
            files.extend_from_slice(extra);
            let r = reach(&files, script);
            (r.covers("tests"), r.covers("projects/Dense/tests"))
        };
        assert_eq!(
            covers("python -m pytest -n 4 --durations=15 -sv tests/", &[]),
            (true, false)
        );
        assert_eq!(
            covers("pytest tests/unit/test_b.py::test_x", &[]),
            (true, false)
        );
        assert_eq!(covers("pytest", &[]), (true, true), "no path, no testpaths");
        let ini = (
            "pytest.ini",
            "[pytest]\ntestpaths =\n    tests\naddopts = -q\n",
        );
        assert_eq!(covers("pytest -q", &[ini]), (true, false), "testpaths");
        let toml = (
            "pyproject.toml",
            "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
        );
        assert_eq!(covers("uv run pytest", &[toml]), (true, false));
        assert_eq!(
            covers("cd projects/Dense && pytest tests", &[]),
            (false, true),
            "cd"
        );
        assert_eq!(
            covers("cd projects/Dense\npytest", &[toml]),
            (false, true),
            "cd, no path"
        );
        assert_eq!(
            covers("pytest -m 'not slow' tests projects", &[]),
            (true, true)
        );
        assert_eq!(
            covers("pytest --pyargs mypkg", &[]),
            (true, true),
            "not a path"
        );
        assert_eq!(covers("make test", &[]), (true, true), "a delegation");
        assert_eq!(covers("tox -e py311", &[]), (true, true));
        assert_eq!(
            covers("python -m unittest discover -s tests", &[]),
            (true, false)
        );
    }

    #[test]
    fn a_path_from_an_unknown_folder_matches_by_suffix() {
        let r = reach(TREE, "cd \"$DIR\" && pytest Dense/tests");
        assert_eq!(r, Reach::All, "cd to a variable");
        let r = reach(TREE, "pytest Dense/tests");
        assert!(r.covers("projects/Dense/tests") && !r.covers("tests"));
    }

    #[test]
    fn folders_are_the_outermost_test_dirs() {
        let files = [
            "tests/test_a.py",
            "tests/unit/test_b.py",
            "projects/Dense/tests/test_c.py",
            "pkg/test_colocated.py",
            "docs/tests/test_doc.py",
            "testing/helpers.py",
        ];
        let folders = python_test_folders(files.into_iter());
        let got: Vec<(&str, usize)> = folders.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            got,
            [("projects/Dense/tests", 1), ("testing", 1), ("tests", 2)]
        );
    }
}
