//! Where a repository's tests are, per source language, and what configures their runner.
//!
//! Covers the ecosystems ML repositories use: Python (`tests/`, `test_*.py`, `conftest.py`,
//! pytest/tox/nox configuration), Rust (`tests/`, `#[test]`, `#[cfg(test)]`), C and C++ (CTest,
//! GoogleTest, Catch2), JavaScript/TypeScript (jest, vitest, mocha, `*.test.*`) and Julia
//! (`test/runtests.jl`). Detection is by path first and reads file text only where a path cannot
//! tell (a Rust unit-test module, a CMake `add_test`), through the index's shared cache.
//!
//! Source files in documentation, examples, benchmarks, scripts and vendored folders do not
//! count as code that needs tests: a docs site's JavaScript is not an untested JavaScript project.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::analysis::toml_doc::TomlDoc;
use crate::index::{Fact, FileEntry, RepoIndex};

/// A source language whose tests we can find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// `.py`
    Python,
    /// `.rs`
    Rust,
    /// C, C++ and CUDA sources and headers.
    Cpp,
    /// JavaScript and TypeScript.
    JavaScript,
    /// `.jl`
    Julia,
}

impl Lang {
    /// The language of a file by its extension.
    pub fn of(entry: &FileEntry) -> Option<Lang> {
        let ext = entry.extension();
        Some(match ext.as_str() {
            "py" => Lang::Python,
            "rs" => Lang::Rust,
            "c" | "cc" | "cpp" | "cxx" | "c++" | "h" | "hh" | "hpp" | "hxx" | "cu" | "cuh" => {
                Lang::Cpp
            }
            "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" => Lang::JavaScript,
            "jl" => Lang::Julia,
            _ => return None,
        })
    }

    /// Whether the language is usually a compiled extension of a Python package (kernels,
    /// bindings) and then tested through the package's Python tests.
    pub fn is_native_extension(self) -> bool {
        matches!(self, Lang::Rust | Lang::Cpp)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Python => "python",
            Lang::Rust => "rust",
            Lang::Cpp => "c/c++",
            Lang::JavaScript => "javascript/typescript",
            Lang::Julia => "julia",
        })
    }
}

/// One language's code, tests and runner configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LangSuite {
    /// Source files that are neither tests nor docs/examples/vendored code.
    pub sources: Vec<String>,
    /// Test files (for Rust and C++ also source files holding tests, and CMake files that
    /// register them).
    pub tests: Vec<String>,
    /// Files configuring a test runner (`pytest.ini`, a `[tool.pytest.ini_options]` table,
    /// `jest.config.js`, a CMake file calling `enable_testing`).
    pub config: Vec<String>,
}

/// The repository's tests, by language.
#[derive(Clone, Debug, Default)]
pub struct TestSuite {
    /// Languages with any source or test file, in [`Lang`] order.
    pub langs: BTreeMap<Lang, LangSuite>,
}

impl TestSuite {
    /// Whether any language has tests.
    pub fn has_tests(&self) -> bool {
        self.langs.values().any(|s| !s.tests.is_empty())
    }

    /// Whether there are test files in `lang`, without copying the suite as [`TestSuite::lang`]
    /// does (asked once per file by rules deciding what to keep of it).
    pub fn has_tests_in(&self, lang: Lang) -> bool {
        self.langs.get(&lang).is_some_and(|s| !s.tests.is_empty())
    }

    /// All test files, sorted.
    pub fn test_files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self
            .langs
            .values()
            .flat_map(|s| s.tests.iter().map(String::as_str))
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// The suite of one language (empty when absent).
    pub fn lang(&self, lang: Lang) -> LangSuite {
        self.langs.get(&lang).cloned().unwrap_or_default()
    }
}

/// Folders whose code is not the project's own product code, matched on any path component.
const NON_PRODUCT_DIRS: &[&str] = &[
    ".github",
    ".venv",
    "venv",
    "node_modules",
    "site-packages",
    "third_party",
    "third-party",
    "thirdparty",
    "vendor",
    "vendored",
    "external",
    "extern",
    "docs",
    "doc",
    "examples",
    "example",
    "tutorials",
    "notebooks",
    "benchmarks",
    "benchmark",
    "scripts",
    "tools",
    "build",
    "dist",
    "_static",
    "static",
    "assets",
    "public",
    "website",
    "site",
];

/// Whether a path lies in documentation, examples, benchmarks, scripts, build output or vendored
/// code.
pub fn is_non_product(path: &str) -> bool {
    let mut parts = path.split('/');
    parts.next_back();
    parts.any(|dir| NON_PRODUCT_DIRS.iter().any(|d| dir.eq_ignore_ascii_case(d)))
}

/// Whether a folder name marks tests (`tests`, `test`, `unittests`, `unit_tests`,
/// `integration_tests`).
pub fn is_test_dir(dir: &str) -> bool {
    // Compared ignoring ASCII case in place: this runs for every folder of every path some rule
    // classifies, and a lowercased copy each time was most of its cost.
    ["tests", "test", "unittests", "__tests__"]
        .iter()
        .any(|name| dir.eq_ignore_ascii_case(name))
        || dir
            .len()
            .checked_sub("_tests".len())
            .and_then(|at| dir.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case("_tests"))
}

/// Whether a Python file belongs to the test suite: `test_*.py`, `*_test.py`, `conftest.py`,
/// or anything under a `tests/`-like folder or a top-level `testing/`.
pub fn is_python_test_file(path: &str) -> bool {
    if !path.ends_with(".py") {
        return false;
    }
    let (dirs, name) = match path.rsplit_once('/') {
        Some((dirs, name)) => (Some(dirs), name),
        None => (None, path),
    };
    name.starts_with("test_")
        || name.ends_with("_test.py")
        || name.ends_with("_tests.py")
        || name == "tests.py"
        || name == "conftest.py"
        || dirs.is_some_and(|dirs| {
            dirs.split('/').any(is_test_dir) || dirs.split('/').next() == Some("testing")
        })
}

fn is_js_test_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut dots = name.split('.');
    dots.next();
    let tagged = dots.any(|part| part == "test" || part == "spec");
    tagged || path.split('/').rev().skip(1).any(is_test_dir)
}

fn is_js_non_source(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.ends_with(".min.js")
        || name.ends_with(".d.ts")
        || name.contains(".config.")
        || name.starts_with('.')
}

/// Finds the test suite of every language in the repository.
///
/// A repository fact: found once per scan and shared by every check that asks.
pub fn detect(index: &RepoIndex) -> Arc<TestSuite> {
    index.fact::<TestSuite>()
}

impl Fact for TestSuite {
    fn compute(index: &RepoIndex) -> Self {
        scan(index)
    }
}

fn scan(index: &RepoIndex) -> TestSuite {
    let mut suite = TestSuite::default();
    for entry in index.files() {
        let Some(lang) = Lang::of(entry) else {
            continue;
        };
        let path = entry.path.as_str();
        let is_test = match lang {
            Lang::Python => is_python_test_file(path),
            Lang::Rust => path.split('/').rev().skip(1).any(is_test_dir),
            Lang::Cpp => cpp_is_test(path),
            Lang::JavaScript => is_js_test_file(path),
            Lang::Julia => path.split('/').rev().skip(1).any(is_test_dir),
        };
        let lang_suite = suite.langs.entry(lang).or_default();
        if is_test {
            lang_suite.tests.push(path.to_string());
            continue;
        }
        if !is_non_product(path) && is_product_source(lang, path) {
            lang_suite.sources.push(path.to_string());
        }
        // A Rust source file with a `#[cfg(test)]` module is code and tests at once.
        if lang == Lang::Rust && rust_has_tests(index, path) {
            lang_suite.tests.push(path.to_string());
        }
    }
    detect_python_config(index, &mut suite);
    detect_cpp_tests(index, &mut suite);
    detect_js_config(index, &mut suite);
    detect_julia(&mut suite);
    suite
        .langs
        .retain(|_, s| !s.sources.is_empty() || !s.tests.is_empty());
    suite
}

fn is_product_source(lang: Lang, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    match lang {
        Lang::Python => !matches!(name, "setup.py" | "noxfile.py" | "conftest.py" | "conf.py"),
        Lang::Rust => name != "build.rs" && !path.split('/').any(|d| d == "benches"),
        Lang::JavaScript => !is_js_non_source(path),
        Lang::Cpp | Lang::Julia => true,
    }
}

/// A Rust file holding unit tests (`#[test]`, `#[cfg(test)]`, async test attributes).
fn rust_has_tests(index: &RepoIndex, path: &str) -> bool {
    index.text(path).is_some_and(|text| {
        text.contains("#[cfg(test)]")
            || text.contains("#[test]")
            || text.contains("::test]")
            || text.contains("#[rstest]")
    })
}

fn cpp_is_test(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.ends_with("_unittest")
        || path.split('/').rev().skip(1).any(is_test_dir)
}

/// CTest registration in CMake (`enable_testing`, `add_test`, `gtest_discover_tests`,
/// `catch_discover_tests`) and GoogleTest/Catch2/doctest includes in sources that their paths did
/// not already mark as tests.
fn detect_cpp_tests(index: &RepoIndex, suite: &mut TestSuite) {
    const CMAKE_TEST: &[&str] = &[
        "enable_testing(",
        "add_test(",
        "include(ctest)",
        "gtest_discover_tests(",
        "gtest_add_tests(",
        "catch_discover_tests(",
        "doctest_discover_tests(",
    ];
    const FRAMEWORK: &[&str] = &[
        "<gtest/gtest.h>",
        "\"gtest/gtest.h\"",
        "<catch2/",
        "\"catch2/",
        "catch.hpp",
        "doctest.h",
        "<boost/test/",
    ];
    let mut config = Vec::new();
    for entry in index.files() {
        let name = entry.name().to_ascii_lowercase();
        if name != "cmakelists.txt" && !name.ends_with(".cmake") || is_non_product(&entry.path) {
            continue;
        }
        if let Some(text) = index.text(&entry.path) {
            let lower = text.to_ascii_lowercase().replace(' ', "");
            if CMAKE_TEST.iter().any(|needle| lower.contains(needle)) {
                config.push(entry.path.clone());
            }
        }
    }
    let Some(cpp) = suite.langs.get_mut(&Lang::Cpp) else {
        return;
    };
    cpp.config = config;
    if !cpp.tests.is_empty() {
        return;
    }
    let found: Vec<String> = cpp
        .sources
        .iter()
        .filter(|path| {
            index
                .text(path)
                .is_some_and(|text| FRAMEWORK.iter().any(|needle| text.contains(needle)))
        })
        .cloned()
        .collect();
    cpp.sources.retain(|s| !found.contains(s));
    cpp.tests = found;
    if cpp.tests.is_empty() {
        // `add_test` registers a test program even when its source is not named like one.
        let registering: Vec<String> = cpp
            .config
            .iter()
            .filter(|p| {
                index.text(p).is_some_and(|t| {
                    let lower = t.to_ascii_lowercase().replace(' ', "");
                    lower.contains("add_test(") || lower.contains("discover_tests(")
                })
            })
            .cloned()
            .collect();
        cpp.tests = registering;
    }
}

/// pytest, tox, nox and unittest configuration for the Python tests.
fn detect_python_config(index: &RepoIndex, suite: &mut TestSuite) {
    let Some(python) = suite.langs.get_mut(&Lang::Python) else {
        return;
    };
    let mut config = Vec::new();
    for entry in index.files() {
        if is_non_product(&entry.path) {
            continue;
        }
        let path = entry.path.as_str();
        let configures = match entry.name() {
            "pytest.ini" | ".pytest.ini" | "tox.ini" | "noxfile.py" | "conftest.py" => true,
            "pyproject.toml" => pyproject_configures_pytest(index, path),
            "setup.cfg" => index
                .text(path)
                .is_some_and(|t| t.lines().any(|l| l.trim() == "[tool:pytest]")),
            _ => false,
        };
        if configures {
            config.push(path.to_string());
        }
    }
    python.config = config;
}

/// `[tool.pytest.ini_options]` (or pytest 9's native `[tool.pytest]`) in a pyproject; a file
/// that does not parse is searched as text.
fn pyproject_configures_pytest(index: &RepoIndex, path: &str) -> bool {
    let Some(doc) = index.artifact::<TomlDoc>(path) else {
        return false;
    };
    match doc.table() {
        Some(table) => table
            .get("tool")
            .and_then(|tool| tool.get("pytest"))
            .is_some(),
        None => index.text(path).is_some_and(|text| {
            text.lines()
                .any(|l| l.trim_start().starts_with("[tool.pytest"))
        }),
    }
}

/// jest, vitest, mocha, karma and playwright configuration files, or a `package.json` that
/// configures jest/mocha or has a real `test` script (not npm's placeholder).
fn detect_js_config(index: &RepoIndex, suite: &mut TestSuite) {
    let Some(js) = suite.langs.get_mut(&Lang::JavaScript) else {
        return;
    };
    let mut config = Vec::new();
    for entry in index.files() {
        if entry.path.split('/').any(|d| d == "node_modules") {
            continue;
        }
        let name = entry.name();
        let by_name = [
            "jest.config.",
            "vitest.config.",
            ".mocharc",
            "karma.conf",
            "playwright.config.",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix));
        let by_manifest =
            name == "package.json" && index.text(&entry.path).is_some_and(package_json_tests);
        if by_name || by_manifest {
            config.push(entry.path.clone());
        }
    }
    js.config = config;
}

fn package_json_tests(text: &str) -> bool {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return false;
    };
    let script = json.pointer("/scripts/test").and_then(|v| v.as_str());
    let real_script = script.is_some_and(|s| !s.contains("no test specified"));
    real_script || json.get("jest").is_some() || json.get("mocha").is_some()
}

/// Julia's convention: `test/runtests.jl` is the suite's entry point and its configuration.
fn detect_julia(suite: &mut TestSuite) {
    if let Some(julia) = suite.langs.get_mut(&Lang::Julia) {
        julia.config = julia
            .tests
            .iter()
            .filter(|p| p.ends_with("test/runtests.jl"))
            .cloned()
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_test_files() {
        for (path, is_test) in [
            ("tests/test_models.py", true),
            ("tests/models/__init__.py", true),
            ("pkg/io_test.py", true),
            ("conftest.py", true),
            ("integration_tests/basic.py", true),
            ("unittests/helpers.py", true),
            ("tests/unittests/_data.py", true),
            ("testing/helpers.py", true),
            ("src/pkg/testing/helpers.py", false),
            ("src/pkg/utils/testing_utils.py", false),
            ("src/pkg/latest.py", false),
            ("src/pkg/contest.py", false),
            ("tests/data/sample.txt", false),
            ("Tests/helpers.py", true),
            ("pkg/Unit_TESTS/helpers.py", true),
            ("pkg/tests_data/helpers.py", false),
            ("pkg/é_tests/helpers.py", true),
            ("pkg/ü/helpers.py", false),
            ("/test_root.py", true),
            ("/pkg.py", false),
        ] {
            assert_eq!(is_python_test_file(path), is_test, "{path}");
        }
    }

    #[test]
    fn non_product_folders_ignore_ascii_case() {
        assert!(is_non_product("Docs/conf.py"));
        assert!(is_non_product("pkg/THIRD_PARTY/lib.py"));
        assert!(!is_non_product("docs.py"));
        assert!(!is_non_product("pkg/documents/a.py"));
    }

    #[test]
    fn finds_tests_per_language() {
        let index = RepoIndex::from_files(&[
            ("src/pkg/__init__.py", ""),
            ("src/pkg/core.py", "def f(): pass\n"),
            ("tests/test_core.py", "from pkg import core\n"),
            (
                "pyproject.toml",
                "[tool.pytest.ini_options]\naddopts = \"-q\"\n",
            ),
            ("docs/conf.py", ""),
            ("docs/_static/custom.js", ""),
            (
                "crate/src/lib.rs",
                "pub fn f() {}\n#[cfg(test)]\nmod tests {}\n",
            ),
            ("crate/src/util.rs", "pub fn g() {}\n"),
            ("web/app.ts", ""),
            ("web/app.test.ts", ""),
            ("web/package.json", r#"{"scripts": {"test": "vitest"}}"#),
        ]);
        let suite = detect(&index);
        let py = suite.lang(Lang::Python);
        assert_eq!(py.sources, ["src/pkg/__init__.py", "src/pkg/core.py"]);
        assert_eq!(py.tests, ["tests/test_core.py"]);
        assert_eq!(py.config, ["pyproject.toml"]);
        let rs = suite.lang(Lang::Rust);
        assert_eq!(rs.tests, ["crate/src/lib.rs"]);
        assert_eq!(rs.sources, ["crate/src/lib.rs", "crate/src/util.rs"]);
        let js = suite.lang(Lang::JavaScript);
        assert_eq!(js.sources, ["web/app.ts"]);
        assert_eq!(js.tests, ["web/app.test.ts"]);
        assert_eq!(js.config, ["web/package.json"]);
        assert!(suite.has_tests());
    }

    #[test]
    fn finds_ctest_and_frameworks() {
        let cmake = "cmake_minimum_required(VERSION 3.16)\nproject(x)\nenable_testing()\nadd_executable(check_x check.cpp)\nadd_test(NAME x COMMAND check_x)\n";
        let index = RepoIndex::from_files(&[
            ("CMakeLists.txt", cmake),
            ("src/x.cpp", "int x() { return 1; }\n"),
            ("check.cpp", "int main() { return 0; }\n"),
        ]);
        let cpp = detect(&index).lang(Lang::Cpp);
        assert_eq!(cpp.config, ["CMakeLists.txt"]);
        assert_eq!(cpp.tests, ["CMakeLists.txt"]);

        let index = RepoIndex::from_files(&[
            ("src/x.cc", ""),
            (
                "src/x_check.cc",
                "#include <gtest/gtest.h>\nTEST(X, Y) {}\n",
            ),
        ]);
        assert_eq!(detect(&index).lang(Lang::Cpp).tests, ["src/x_check.cc"]);

        let index = RepoIndex::from_files(&[("src/x.cc", ""), ("CMakeLists.txt", "project(x)\n")]);
        let cpp = detect(&index).lang(Lang::Cpp);
        assert!(cpp.tests.is_empty() && cpp.config.is_empty());
    }

    #[test]
    fn python_runner_configuration() {
        for (files, configured) in [
            (
                vec![(
                    "setup.cfg",
                    "[metadata]\nname = x\n[tool:pytest]\naddopts = -q\n",
                )],
                true,
            ),
            (vec![("setup.cfg", "[metadata]\nname = x\n")], false),
            (vec![("tox.ini", "[tox]\nenvlist = py\n")], true),
            (vec![("noxfile.py", "import nox\n")], true),
            (vec![("pyproject.toml", "[project]\nname = \"x\"\n")], false),
            (
                vec![("pyproject.toml", "[tool.pytest]\nminversion = \"9.0\"\n")],
                true,
            ),
            (
                vec![("pyproject.toml", "[tool.pytest.ini_options\nbroken")],
                true,
            ),
        ] {
            let mut files = files;
            files.push(("tests/test_a.py", "def test_a(): pass\n"));
            let suite = detect(&RepoIndex::from_files(&files));
            assert_eq!(
                !suite.lang(Lang::Python).config.is_empty(),
                configured,
                "{files:?}"
            );
        }
    }
}
