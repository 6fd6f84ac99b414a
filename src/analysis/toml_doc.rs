//! A TOML file of the repository (`pyproject.toml`, `Cargo.toml`, `Pipfile`) parsed once per scan
//! and shared: packaging, test-suite, dependency, ML and community rules all ask the index for it
//! instead of parsing the text themselves.

use crate::error::Span;
use crate::index::{Artifact, RepoIndex, ScanProblem};

/// A parsed TOML file, without a table when the text is not valid TOML (callers decide whether to
/// fall back to reading the text); then it keeps why, for the scan's warnings.
#[derive(Debug)]
pub struct TomlDoc(Result<toml::Table, String>);

impl Artifact for TomlDoc {
    fn build(_path: &str, text: &str) -> Self {
        TomlDoc(text.parse::<toml::Table>().map_err(|err| {
            let at = err.span().map_or(String::new(), |span| {
                format!(" at {}", Span::at(text, span.start))
            });
            let reason = err.message().lines().collect::<Vec<_>>().join("; ");
            format!("not parsed: invalid TOML{at}: {reason}")
        }))
    }
}

impl TomlDoc {
    /// The top-level table, when the file is valid TOML. Ask the index for the document
    /// (`index.artifact::<TomlDoc>(path)`), then for its table.
    pub fn table(&self) -> Option<&toml::Table> {
        self.0.as_ref().ok()
    }
}

/// The TOML files some rule read that are not valid TOML, with where and why: a broken
/// `pyproject.toml` otherwise only shows as the facts the rules could not find in it.
pub fn unparsed_files(index: &RepoIndex) -> Vec<ScanProblem> {
    index
        .files_with_ext(&["toml"])
        .filter_map(|file| {
            let doc = index.built_artifact::<TomlDoc>(&file.path)?;
            Some(ScanProblem {
                path: file.path.clone(),
                message: doc.0.as_ref().err()?.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::RepoIndex;

    #[test]
    fn parses_once_and_tells_invalid_toml() {
        let index = RepoIndex::from_files(&[
            ("pyproject.toml", "[project]\nname = \"m\"\n"),
            ("bad/pyproject.toml", "[project\n"),
        ]);
        let doc = index
            .artifact::<TomlDoc>("pyproject.toml")
            .expect("indexed");
        let table = doc.table().expect("valid");
        assert_eq!(table["project"]["name"].as_str(), Some("m"));
        let again = index
            .artifact::<TomlDoc>("pyproject.toml")
            .expect("indexed");
        assert!(std::sync::Arc::ptr_eq(&doc, &again), "parsed once");
        let bad = index
            .artifact::<TomlDoc>("bad/pyproject.toml")
            .expect("indexed");
        assert!(bad.table().is_none());
        let problems = unparsed_files(&index);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "bad/pyproject.toml");
        assert!(
            problems[0]
                .message
                .starts_with("not parsed: invalid TOML at 1:"),
            "{}",
            problems[0].message
        );
        assert!(index.artifact::<TomlDoc>("missing.toml").is_none());
    }
}
