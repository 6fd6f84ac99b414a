//! `tests-exist`: every language the project is written in has some tests.
//!
//! A language counts when it is a real part of the product (enough files, enough of the share),
//! so a docs site's script or a single helper header does not demand a test suite. Native code
//! (C/C++/CUDA, Rust) inside a Python package whose Python tests exist is counted as tested: ML
//! kernels and bindings are exercised through the package's Python tests.

use serde::Deserialize;

use crate::analysis::test_suite::{self, Lang};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: when a language is a real part of the project.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Fewest source files for a language to need tests.
    pub min_files: usize,
    /// Smallest share (0–1) of all source files for a language to need tests.
    pub min_share: f64,
}

/// The check instance.
pub struct TestsExist {
    params: Params,
}

impl TestsExist {
    /// Instantiates the check with validated params.
    pub fn new(params: Params) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&params.min_share) {
            return Err("min_share must be between 0 and 1".to_string());
        }
        Ok(TestsExist { params })
    }
}

impl Check for TestsExist {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let suite = test_suite::detect(cx.index);
        let total: usize = suite.langs.values().map(|s| s.sources.len()).sum();
        let python_package_tested = !suite.lang(Lang::Python).tests.is_empty()
            && (cx.index.has_file("pyproject.toml") || cx.index.has_file("setup.py"));
        let mut possible = 0.0;
        let mut earned = 0.0;
        let mut findings = Vec::new();
        for (lang, lang_suite) in &suite.langs {
            let files = lang_suite.sources.len();
            let share = if total == 0 {
                0.0
            } else {
                files as f64 / total as f64
            };
            // A project manifest (pyproject.toml, Cargo.toml…) makes even a small package a
            // project in that language; without one, a few stray scripts are not.
            let min_files = if has_manifest(cx.index, *lang) {
                1
            } else {
                self.params.min_files
            };
            if files < min_files || share < self.params.min_share {
                continue;
            }
            possible += 1.0;
            let tested = !lang_suite.tests.is_empty()
                || (lang.is_native_extension() && python_package_tested);
            if tested {
                earned += 1.0;
                continue;
            }
            // Name real modules first; `__init__.py` says little.
            let mut examples: Vec<&str> = lang_suite.sources.iter().map(String::as_str).collect();
            examples.sort_by_key(|p| (p.ends_with("__init__.py"), p.matches('/').count()));
            examples.truncate(3);
            findings.push(Finding::new(format!(
                "no tests for the {lang} code ({files} source files, e.g. {})",
                examples.join(", ")
            )));
        }
        Outcome::partial(earned, possible, findings)
    }
}

/// Whether the root declares a project in this language.
fn has_manifest(index: &crate::index::RepoIndex, lang: Lang) -> bool {
    let manifests: &[&str] = match lang {
        Lang::Python => &["pyproject.toml", "setup.py", "setup.cfg"],
        Lang::Rust => &["Cargo.toml"],
        Lang::Cpp => &["CMakeLists.txt", "meson.build"],
        Lang::JavaScript => &["package.json"],
        Lang::Julia => &["Project.toml"],
    };
    manifests.iter().any(|m| index.has_file(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Outcome {
        let check = TestsExist::new(Params {
            min_files: 3,
            min_share: 0.1,
        })
        .expect("valid params");
        crate::checks::run_on(&check, files)
    }

    #[test]
    fn untested_languages_are_reported() {
        let scripts = [("model.py", ""), ("train.py", ""), ("sample.py", "")];
        let outcome = run(&scripts);
        assert_eq!(
            outcome.findings()[0].message,
            "no tests for the python code (3 source files, e.g. model.py, sample.py, train.py)"
        );
        let mut tested = scripts.to_vec();
        tested.push(("tests/test_model.py", "import model\n"));
        assert_eq!(run(&tested), Outcome::pass());
    }

    #[test]
    fn small_or_peripheral_code_needs_no_tests() {
        // Two files are below min_files; docs JavaScript is not product code.
        assert_eq!(run(&[("a.py", ""), ("b.py", "")]), Outcome::NotApplicable);
        // ...unless a manifest says the folder is a Python project.
        let package = [
            ("pyproject.toml", "[project]\nname = \"p\"\n"),
            ("p/__init__.py", ""),
        ];
        assert_eq!(run(&package).findings().len(), 1);
        let mut files = vec![("docs/a.js", ""), ("docs/b.js", ""), ("docs/c.js", "")];
        files.extend([
            ("p/a.py", ""),
            ("p/b.py", ""),
            ("p/c.py", ""),
            ("tests/test_a.py", ""),
        ]);
        assert_eq!(run(&files), Outcome::pass());
    }

    #[test]
    fn native_extensions_are_tested_through_python() {
        let files = [
            ("pyproject.toml", "[project]\nname = \"k\"\n"),
            ("k/__init__.py", ""),
            ("k/ops.py", ""),
            ("k/api.py", ""),
            ("csrc/a.cu", ""),
            ("csrc/b.cu", ""),
            ("csrc/c.h", ""),
            ("tests/test_ops.py", ""),
        ];
        assert_eq!(
            run(&files),
            Outcome::partial(2.0, 2.0, Vec::new()),
            "python and c/c++ both count as tested"
        );
        let no_python_tests: Vec<_> = files
            .iter()
            .copied()
            .filter(|f| !f.0.starts_with("tests"))
            .collect();
        assert_eq!(run(&no_python_tests).findings().len(), 2);
    }

    #[test]
    fn rust_unit_tests_in_cfg_test_modules_count() {
        let files = [
            (
                "src/lib.rs",
                "pub mod a;\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n",
            ),
            ("src/a.rs", "pub fn a() {}\n"),
            ("src/b.rs", "pub fn b() {}\n"),
        ];
        assert_eq!(run(&files), Outcome::pass());
        let untested: Vec<_> = files
            .iter()
            .map(|(p, t)| {
                (
                    *p,
                    if *p == "src/lib.rs" {
                        "pub mod a;\n"
                    } else {
                        *t
                    },
                )
            })
            .collect();
        assert_eq!(run(&untested).findings().len(), 1);
    }
}
