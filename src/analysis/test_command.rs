//! Recognises a shell command that runs a test suite (`pytest`, `python -m pytest`, `tox`, `make
//! test`, `cargo test`, `npm test`…), following the scripts and Makefile targets it calls.
//!
//! CI jobs, contributing guides and Makefiles all say "run the tests" in shell; one classifier
//! keeps their answers consistent. It works on words, not substrings, so `pip install pytest`
//! or `echo "run pytest"` is not a test run, and it reads the scanned repository's scripts and
//! Makefiles through the index only (never executing anything). Depth is bounded, so a script
//! that calls itself cannot loop.

use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use crate::analysis::makefile::{find_makefile, MakeCommand, Makefile};
use crate::analysis::paths::join;
use crate::analysis::shell::{self, commands, logical_lines, one_line, strip_wrappers};
use crate::analysis::test_suite;
use crate::index::{RepoIndex, TextDerived, TextPass};

/// How deep scripts and Makefile targets are followed (a job calls a script that calls make…).
const MAX_DEPTH: usize = 3;

/// A test run found in some shell text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestRun {
    /// The command as written (one line, trimmed), for messages.
    pub command: String,
    /// Where the runner was finally found when the command delegates (`Makefile` target
    /// `test`, `scripts/ci.sh`), else `None`.
    pub via: Option<String>,
    /// The simple command that runs the tests, its wrappers (`uv run`, `VAR=1`) stripped, so
    /// the paths it names can be read (see `analysis::test_reach`).
    pub words: Vec<String>,
    /// The folder an earlier `cd` in the same script moved to, relative to where the script
    /// started (`""` when it did not move).
    pub dir: String,
}

/// Classifies shell text (a CI `run:` block, a script, a code line of a guide) and returns the
/// first command in it that runs tests.
pub fn find_test_run(index: &RepoIndex, script: &str) -> Option<TestRun> {
    find_in_script(index, script, 0)
}

/// Every command in shell text that runs tests, in order: a CI job that runs two suites in two
/// steps reaches both folders.
pub fn find_test_runs(index: &RepoIndex, script: &str) -> Vec<TestRun> {
    runs_in_script(index, script, 0, usize::MAX)
}

fn find_in_script(index: &RepoIndex, script: &str, depth: usize) -> Option<TestRun> {
    runs_in_script(index, script, depth, 1).pop()
}

/// The first `limit` test runs in a script, tracking the folder `cd` moves to.
fn runs_in_script(index: &RepoIndex, script: &str, depth: usize, limit: usize) -> Vec<TestRun> {
    // Julia's runner is Julia code in a quoted argument, which the shell split would cut apart.
    static JULIA: LazyLock<Regex> =
        LazyLock::new(|| builtin_regex(r"\bjulia\b.*(\bPkg\.test\b|runtests\.jl)"));
    let mut found = Vec::new();
    let mut dir = String::new();
    for line in logical_lines(script) {
        if found.len() >= limit {
            break;
        }
        if JULIA.is_match(&line) {
            found.push(TestRun {
                command: one_line(&line),
                dir: dir.clone(),
                ..TestRun::default()
            });
            continue;
        }
        for words in commands(&line) {
            let stripped = strip_wrappers(&words);
            if stripped.first().map(String::as_str) == Some("cd") {
                dir = change_dir(&dir, stripped.get(1).map(String::as_str));
                continue;
            }
            if let Some(via) = runs_tests(index, &words, depth) {
                found.push(TestRun {
                    command: one_line(&line),
                    via,
                    words: stripped.to_vec(),
                    dir: dir.clone(),
                });
                break;
            }
        }
    }
    found.truncate(limit);
    found
}

/// The folder after `cd target` from `dir` (both relative to the script's start); a target
/// that cannot be followed (absolute, a variable, `-`, home) leaves the folder unknown, which
/// is written `"?"` so no path resolves against it.
fn change_dir(dir: &str, target: Option<&str>) -> String {
    let Some(target) = target else {
        return "?".to_string();
    };
    if dir == "?" || target.starts_with(['/', '$', '~', '-']) {
        return "?".to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return "?".to_string();
                }
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// `Some(via)` when the command runs tests: `via` names the script or target that did.
fn runs_tests(index: &RepoIndex, words: &[String], depth: usize) -> Option<Option<String>> {
    let words = strip_wrappers(words);
    let (head, rest) = words.split_first()?;
    let head = head.rsplit('/').next().unwrap_or(head).to_ascii_lowercase();
    let sub = rest.first().map(|s| s.to_ascii_lowercase());
    let sub = sub.as_deref();
    let found = Some(None);
    match head.as_str() {
        "pytest" | "py.test" | "tox" | "nox" | "ctest" | "jest" | "vitest" | "mocha" | "ava"
        | "pytest-xdist" | "nosetests" | "trial" => found,
        // Test runners that exist only as modules, reached through `python -m`.
        "unittest" | "xmlrunner" | "nose" | "nose2" | "green" => found,
        "cargo" if matches!(sub, Some("test" | "nextest" | "tarpaulin" | "llvm-cov")) => found,
        "go" | "bun" | "deno" if sub == Some("test") => found,
        "bazel" | "bazelisk" | "meson" | "ninja" | "dotnet" if sub == Some("test") => found,
        "hatch" => match sub {
            Some("test") => found,
            // `hatch run test`, `hatch run test:pytest`, `hatch run pytest`.
            Some("run") => {
                let script = rest.get(1)?;
                if script.split(':').any(is_test_name) {
                    found
                } else {
                    runs_tests(index, &rest[1..], depth)
                }
            }
            _ => None,
        },
        "coverage" => coverage_runs_tests(index, rest, depth),
        "npm" | "yarn" | "pnpm" => {
            let target = match sub {
                Some("run" | "run-script") => rest.get(1).map(|s| s.as_str()),
                other => other,
            };
            target.filter(|t| is_test_name(t)).map(|_| None)
        }
        "npx" | "pnpx" => {
            matches!(sub, Some("jest" | "vitest" | "mocha" | "pytest")).then_some(None)
        }
        "cmake" => rest
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "--target" | "-t") && is_test_name(&w[1]))
            .then_some(None),
        "make" | "gmake" => make_runs_tests(index, rest, depth),
        "eval" => find_in_script(index, &rest.join(" "), depth + 1).map(|r| r.via),
        "bash" | "sh" | "zsh" | "source" | "." | "pwsh" | "powershell" => {
            if let Some(pos) = rest.iter().position(|w| w == "-c") {
                let inner = rest[pos + 1..].join(" ");
                return find_in_script(index, &inner, depth + 1).map(|r| r.via);
            }
            let script = rest.iter().find(|w| !w.starts_with('-'))?;
            script_runs_tests(index, script, depth)
        }
        "docker" | "docker-compose" | "podman" | "ssh" => {
            // The command inside the container: try each later word as the start.
            (1..rest.len()).find_map(|i| {
                let tail = &rest[i..];
                let first = tail[0].as_str();
                if first.starts_with('-') || matches!(first, "make" | "bash" | "sh") {
                    return None;
                }
                runs_tests(index, tail, depth)
            })
        }
        _ if is_python(&head) => python_runs_tests(index, rest, depth),
        _ if head_is_script(&words[0]) => script_runs_tests(index, &words[0], depth),
        _ => None,
    }
}

fn is_python(head: &str) -> bool {
    shell::is_python(head) || head.contains("$(python") || head.contains("${python")
}

/// `python [-X dev] -m pytest`, `python -m coverage run -m pytest`, or `python tests/run.py`.
fn python_runs_tests(index: &RepoIndex, rest: &[String], depth: usize) -> Option<Option<String>> {
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i].as_str();
        match w {
            "-m" => {
                let module = rest.get(i + 1)?.as_str();
                return match module {
                    "pytest" | "py.test" | "unittest" | "tox" | "nox" | "xmlrunner" | "nose"
                    | "nose2" | "green" => Some(None),
                    "coverage" => coverage_runs_tests(index, &rest[i + 2..], depth),
                    "hatch" => runs_tests(index, &rest[i + 1..], depth),
                    _ => None,
                };
            }
            "-c" => return None,
            "-X" | "-W" => i += 2,
            "run" => i += 1,
            _ if w.starts_with('-') => i += 1,
            script => return script_runs_tests(index, script, depth),
        }
    }
    None
}

/// `coverage run [--source x] -m pytest` or `coverage run tests/run.py`: options take values, so
/// look for the `-m` module or the first Python script rather than walking the options.
fn coverage_runs_tests(index: &RepoIndex, rest: &[String], depth: usize) -> Option<Option<String>> {
    if rest.first().map(String::as_str) != Some("run") {
        return None;
    }
    if let Some(pos) = rest.iter().position(|w| w == "-m") {
        let mut module = vec!["-m".to_string()];
        module.extend(rest.get(pos + 1).cloned());
        return python_runs_tests(index, &module, depth);
    }
    let script = rest.iter().find(|w| w.ends_with(".py"))?;
    script_runs_tests(index, script, depth)
}

fn head_is_script(word: &str) -> bool {
    word.starts_with("./")
        || word.ends_with(".sh")
        || word.ends_with(".bash")
        || (word.contains('/') && !word.starts_with('/') && !word.starts_with('$'))
}

/// Whether a target or script name is about tests (`test`, `tests`, `test-fast`, `unittest`,
/// `test:unit`), as opposed to `lint` or `build`.
pub fn is_test_name(name: &str) -> bool {
    static TEST: LazyLock<Regex> = LazyLock::new(|| {
        builtin_regex(r"(?i)^(unit[-_]?)?tests?([-_:.][\w:.-]*)?$|^(py|unit)tests?$|[-_:]tests?$")
    });
    TEST.is_match(name)
}

/// Reads a script the command calls and looks for a test run inside it.
fn script_runs_tests(index: &RepoIndex, script: &str, depth: usize) -> Option<Option<String>> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let path = resolve_path(index, script)?;
    let found = if path.ends_with(".py") {
        index.text_derived::<RunsTests>(&path)?.0
    } else {
        find_in_script(index, index.text(&path)?, depth + 1).is_some()
    };
    found.then_some(Some(path))
}

/// A Python helper script runs tests when it calls pytest or unittest itself or hands a pytest
/// command line to a subprocess; merely naming pytest (a helper that edits its config) is not
/// enough.
/// Whether a Python file runs a test suite when run as a script, taken in the engine's text pass
/// (any file may be the one a command names; the search is for literals, cheap on every file).
struct RunsTests(bool);

impl TextDerived for RunsTests {
    fn derive(_index: &RepoIndex, _path: &str, text: &str) -> Self {
        RunsTests(python_script_runs_tests(text))
    }
}

/// Builds, in the engine's text pass, what a search for test runs reads of a Python script, for
/// the rules that look for the test command ([`find_test_run`]); they look only where there are
/// tests.
pub fn text_pass(pass: &TextPass) {
    if pass.path().ends_with(".py") && test_suite::detect(pass.index()).has_tests() {
        let _ = pass.derive::<RunsTests>();
    }
}

fn python_script_runs_tests(text: &str) -> bool {
    static RUNNER: LazyLock<Regex> = LazyLock::new(|| {
        builtin_regex(
            r#"\bpytest\.main\(|\bunittest\.main\(|\bTextTestRunner\(|\[\s*["']pytest["']\s*,|["']-m["']\s*,\s*["']pytest["']|["'](python3?\s+-m\s+)?pytest\s[^"']*["']\s*,\s*shell\s*=\s*True"#,
        )
    });
    // Every way of running tests the pattern knows writes one of these literals: looking for them
    // first (one literal search) spares most files the pattern, whose quote-led branches have no
    // literal to jump to.
    static HINT: LazyLock<Regex> = LazyLock::new(|| {
        builtin_regex(r#"pytest\.main\(|unittest\.main\(|TextTestRunner\(|pytest["']|shell"#)
    });
    HINT.is_match(text) && RUNNER.is_match(text)
}

/// Maps a path as written in a command to an indexed file (`./ci/test.sh`,
/// `$GITHUB_WORKSPACE/ci/test.sh`).
fn resolve_path(index: &RepoIndex, written: &str) -> Option<String> {
    let mut path = written;
    for prefix in [
        "${{ github.workspace }}/",
        "${{github.workspace}}/",
        "$GITHUB_WORKSPACE/",
        "${GITHUB_WORKSPACE}/",
        "$CI_PROJECT_DIR/",
        "$(pwd)/",
        "$PWD/",
    ] {
        path = path.strip_prefix(prefix).unwrap_or(path);
    }
    while let Some(stripped) = path.strip_prefix("./") {
        path = stripped;
    }
    if path.is_empty() || path.contains('$') || path.starts_with('/') {
        return None;
    }
    if index.has_file(path) {
        return Some(path.to_string());
    }
    // Commands often run from a subfolder (`working-directory:`); accept a unique suffix match.
    if !path.contains('/') {
        return None;
    }
    let suffix = format!("/{path}");
    let mut matches = index.files().iter().filter(|f| f.path.ends_with(&suffix));
    let first = matches.next()?;
    matches.next().is_none().then(|| first.path.clone())
}

/// `make [-C dir] [-f file] [VAR=x] [targets]`: the named targets (or the default one) run
/// tests when their recipes, or those of their prerequisites, do.
fn make_runs_tests(index: &RepoIndex, args: &[String], depth: usize) -> Option<Option<String>> {
    let command = MakeCommand::parse(args);
    let makefile = join("", command.dir.as_deref().unwrap_or(""))
        .and_then(|dir| find_makefile(index, &dir, command.file.as_deref()));
    let Some(makefile) = makefile else {
        // No Makefile to read: trust a target named for tests.
        return command
            .targets
            .iter()
            .any(|t| is_test_name(t))
            .then_some(None);
    };
    if depth >= MAX_DEPTH {
        return None;
    }
    let text = index.text(&makefile)?;
    let parsed = Makefile::parse(text);
    let wanted: Vec<String> = if command.targets.is_empty() {
        parsed.default.iter().cloned().collect()
    } else {
        command.targets
    };
    for target in wanted {
        if target_runs_tests(&parsed, index, &target, depth, &mut Vec::new()) {
            return Some(Some(format!("{makefile} target \"{target}\"")));
        }
    }
    None
}

/// Whether a Makefile target's recipes, or those of its prerequisites, run tests.
fn target_runs_tests(
    makefile: &Makefile,
    index: &RepoIndex,
    target: &str,
    depth: usize,
    seen: &mut Vec<String>,
) -> bool {
    if seen.iter().any(|t| t == target) || seen.len() > 16 {
        return false;
    }
    seen.push(target.to_string());
    let Some((prereqs, recipes)) = makefile.rules.get(target) else {
        return false;
    };
    let script: Vec<String> = recipes.iter().map(|r| makefile.expand(r)).collect();
    if find_in_script(index, &script.join("\n"), depth + 1).is_some() {
        return true;
    }
    prereqs
        .iter()
        .any(|p| target_runs_tests(makefile, index, p, depth, seen))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(files: &[(&str, &str)], script: &str) -> Option<TestRun> {
        let index = RepoIndex::from_files(files);
        find_test_run(&index, script)
    }

    #[test]
    fn recognises_runners_and_rejects_look_alikes() {
        for (script, expected) in [
            ("pytest tests/", true),
            (
                "python -m pytest -n auto --dist=loadfile -s -v ./tests/",
                true,
            ),
            ("python3.11 -X dev -m pytest", true),
            ("RUN_SLOW=1 pytest tests/models", true),
            ("uv run pytest -q", true),
            ("uv run --extra dev pytest tests/", true),
            ("uvx pytest tests/", true),
            ("pipx run --spec pytest==8.3 pytest", true),
            ("uvx ruff check .", false),
            ("conda run -n test-env python -m pytest", true),
            ("xvfb-run -a pytest", true),
            (
                "python -m coverage run --source src \\\n  -m pytest . -v",
                true,
            ),
            ("coverage run -m pytest", true),
            ("tox -e py311", true),
            ("nox -s tests", true),
            ("cd build && ctest --output-on-failure", true),
            ("cargo test --all-features", true),
            (
                "python -m coverage run --source ${{ env.SCOPE }} \\\n  -m pytest .",
                true,
            ),
            ("npm test", true),
            ("npm run test:unit", true),
            ("yarn test", true),
            ("python -m unittest discover", true),
            ("hatch run test:pytest", true),
            ("julia --project -e 'using Pkg; Pkg.test()'", true),
            ("bash -c \"pytest -x\"", true),
            ("docker run --rm img pytest tests", true),
            ("pip install pytest pytest-cov", false),
            ("uv pip install -e '.[test]'", false),
            ("echo \"run pytest\"", false),
            ("python setup.py sdist", false),
            ("npm run build", false),
            ("cargo build --release", false),
            ("# pytest tests", false),
            ("python -c \"import pytest\"", false),
            ("ruff check .", false),
            (
                "BODY=\"Running \\`pytest ${ARGS}\\` on a GPU runner\"",
                false,
            ),
            ("gh pr comment --body \"run pytest; then tox\"", false),
            ("if [ -n \"$X\" ]; then pytest -q; fi", true),
            ("{ pytest -q; } 2>&1 | tee log.txt", true),
            ("eval \"pytest --make-reports=x $ARGS\"", true),
        ] {
            assert_eq!(runs(&[], script).is_some(), expected, "{script}");
        }
    }

    #[test]
    fn follows_scripts_and_make_targets() {
        let makefile = "PYTHON ?= python\n\n.PHONY: test\nall: lint\n\nlint:\n\truff check .\n\ntest: deps\n\t@$(PYTHON) -m pytest -q tests/\n\nci: lint test\n\ndeps:\n\tpip install -e .\n";
        let files = [
            ("Makefile", makefile),
            (
                "ci/run_tests.sh",
                "#!/bin/sh\nset -e\npip install -e .\npytest -x\n",
            ),
            ("ci/build.sh", "#!/bin/sh\npython -m build\n"),
            (
                "utils/run.py",
                "import pytest\nraise SystemExit(pytest.main([\"tests\"]))\n",
            ),
            ("docs/Makefile", "html:\n\tsphinx-build . _build\n"),
            (
                "utils/sub.py",
                "import subprocess, sys\nsubprocess.run([sys.executable, \"-m\", \"pytest\", \"tests\"])\n",
            ),
            (
                "utils/edit.py",
                "def prune_pytest_as_errors():\n    cfg[\"pytest\"] = []\n",
            ),
        ];
        let found = runs(&files, "make test").expect("make test");
        assert_eq!(found.via.as_deref(), Some("Makefile target \"test\""));
        assert!(runs(&files, "make ci").is_some(), "through a prerequisite");
        assert!(runs(&files, "make").is_none(), "default target is lint");
        assert!(runs(&files, "make lint").is_none());
        assert!(runs(&files, "make -C docs html").is_none());
        let found = runs(&files, "bash ./ci/run_tests.sh").expect("script");
        assert_eq!(found.via.as_deref(), Some("ci/run_tests.sh"));
        assert!(runs(&files, "./ci/run_tests.sh").is_some());
        assert!(runs(&files, "sh ci/build.sh").is_none());
        assert!(runs(&files, "python utils/run.py").is_some());
        assert!(runs(&files, "python utils/sub.py").is_some());
        assert!(runs(&files, "python utils/edit.py prune").is_none());
        assert!(
            runs(&[], "make test").is_some(),
            "no Makefile: trust the name"
        );
        assert!(runs(&[], "make docs").is_none());
    }

    #[test]
    fn self_calling_script_terminates() {
        let files = [("loop.sh", "./loop.sh\n")];
        assert!(runs(&files, "./loop.sh").is_none());
        let files = [("Makefile", "a: b\nb: a\n")];
        assert!(runs(&files, "make a").is_none());
    }

    #[test]
    fn test_names() {
        for (name, ok) in [
            ("test", true),
            ("tests", true),
            ("test-fast", true),
            ("test:unit", true),
            ("unittest", true),
            ("unit-tests", true),
            ("py-test", true),
            ("lint", false),
            ("build", false),
            ("testimonials", false),
            ("latest", false),
        ] {
            assert_eq!(is_test_name(name), ok, "{name}");
        }
    }

    #[test]
    fn a_python_script_runs_tests_in_each_way_the_pattern_knows() {
        for script in [
            "import pytest\npytest.main([\"tests\"])\n",
            "import unittest\nunittest.main()\n",
            "unittest.TextTestRunner(verbosity=2).run(suite)\n",
            "subprocess.run([ \"pytest\", \"-x\"])\n",
            "subprocess.run([sys.executable, '-m', 'pytest'])\n",
            "subprocess.run(\"python -m pytest tests\", shell=True)\n",
        ] {
            assert!(python_script_runs_tests(script), "{script}");
        }
        for script in [
            "import pytest\n\n@pytest.fixture\ndef x():\n    pass\n",
            "subprocess.run(\"ls\", shell=True)\n",
            "print('pytest is great')\n",
        ] {
            assert!(!python_script_runs_tests(script), "{script}");
        }
    }
}
