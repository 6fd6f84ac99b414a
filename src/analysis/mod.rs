//! Shared parsers whose results are cached in the index, so every rule family reads the same
//! Python summary, Markdown outline or parsed template and nothing is parsed twice.
//!
//! Two kinds of cached result: a per-file artifact (`index.artifact::<Outline>(path)`, a parsed
//! `TomlDoc`, a `PythonModule`), and a repository fact (`index.fact::<MlProject>()`, the
//! contributing guide behind `community::load_guide`, the test suite behind `test_suite::detect`),
//! computed once by whichever check asks first. Shell text goes through [`shell`] (one lexer, one
//! wrapper peeling), Makefiles through [`makefile`], and folder-plus-name joins through
//! [`paths::join`].

pub mod markdown;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::index::{RepoIndex, TextPass};

pub mod apidocs;
pub mod ascii_words;
pub mod code_context;
pub mod community;
pub mod docstring;
pub mod entry_points;
pub mod gpu;
pub mod ini;
pub mod lazy_regex;
pub mod lexicon;
pub mod line_prefilter;
pub mod lines;
pub mod makefile;
pub mod overrides;
pub mod paths;
pub mod project_facts;
pub mod public_api;
pub mod python;
pub mod python_blocks;
pub mod shell;
pub mod templates;
pub mod vagueness;
pub mod yaml;

/// Reads and parses every in-scope Python file in parallel before checks run, and with
/// `docstrings` the docstrings of its non-test files, so rules that share them find them ready
/// instead of all waiting on the same file at once. Each file's text is handed to `rules_pass`
/// too, which builds what the rules read of it and says whether one keeps the text; the others
/// are freed (see [`RepoIndex::text_pass`]), so that the texts of a large repository are not all
/// held at once.
///
/// Files are handed out one at a time (`with_max_len(1)`): in halves, as rayon splits a list for
/// two threads, the package modules at the front of the sorted list carried most of the rules'
/// work and one thread ran on alone for a fifth of the pass.
pub fn warm_python(
    index: &RepoIndex,
    only_files: Option<&BTreeSet<String>>,
    docstrings: bool,
    rules_pass: impl Fn(&TextPass) -> bool + Sync,
) {
    let paths: Vec<&str> = index
        .files_with_ext(&["py", "pyi"])
        .map(|f| f.path.as_str())
        .filter(|p| only_files.is_none_or(|files| files.contains(*p)))
        .collect();
    paths.par_iter().with_max_len(1).for_each(|path| {
        index.text_pass(path, |pass| {
            let _ = pass.build::<python::PythonModule>();
            // A file at the root is the project's configuration (`setup.py`, `noxfile.py`),
            // which facts read by name at any time: kept, it is read once.
            rules_pass(pass) | !path.contains('/')
        });
        if docstrings && path.ends_with(".py") && !public_api::is_test_path(path) {
            let _ = index.derived::<public_api::ParsedDocstrings>(path);
        }
    });
}

pub mod ci;
pub mod completeness;
pub mod deps;
pub mod lfs;
pub mod ml_code;
pub mod ml_project;
pub mod ml_readme;
pub mod model_card;
pub mod modules;
pub mod notebook;
pub mod pytest_collect;
pub mod source_layout;
pub mod subprojects;
pub mod test_command;
pub mod test_guards;
pub mod test_reach;
pub mod test_suite;
pub mod toml_doc;
pub mod tool_cli;
