//! A TOML file of the repository (`pyproject.toml`, `Cargo.toml`, `Pipfile`) parsed once per scan
//! and shared: packaging, test-suite, dependency, ML and community rules all ask the index for it
//! instead of parsing the text themselves.

use crate::index::Artifact;

/// A parsed TOML file, without a table when the text is not valid TOML (callers decide whether to
/// fall back to reading the text).
#[derive(Debug)]
pub struct TomlDoc(Option<toml::Table>);

impl Artifact for TomlDoc {
    fn build(_path: &str, text: &str) -> Self {
        TomlDoc(text.parse::<toml::Table>().ok())
    }
}

impl TomlDoc {
    /// The top-level table, when the file is valid TOML. Ask the index for the document
    /// (`index.artifact::<TomlDoc>(path)`), then for its table.
    pub fn table(&self) -> Option<&toml::Table> {
        self.0.as_ref()
    }
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
        assert!(index.artifact::<TomlDoc>("missing.toml").is_none());
    }
}
