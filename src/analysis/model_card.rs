//! Model cards: which files are one, and their Hugging Face–style YAML front matter.
//!
//! A model card is a file named `MODEL_CARD.md` / `model_card.md` / `modelcard.md` (any case,
//! `-` or `_`), anything under `docs/` named `model_card*`, or a `README.md` whose front matter
//! carries model-card keys ([`CARD_KEYS`]: how the Hub reads a model repository's README). The
//! front matter is read through the budgeted YAML parser, so a hostile card cannot hang a scan.

use std::sync::Arc;

use super::templates::{split_front_matter, FrontMatter};
use super::yaml::{self, Node, YamlError};
use crate::index::{Artifact, RepoIndex};

/// Front-matter keys of the Hub's model-card metadata that mark a README as a model card.
pub const CARD_KEYS: &[&str] = &[
    "license",
    "datasets",
    "base_model",
    "pipeline_tag",
    "model-index",
    "library_name",
    "tags",
    "language",
    "metrics",
];

/// A card file's front matter.
#[derive(Clone, Debug, PartialEq)]
pub enum CardMetadata {
    /// No `---` front matter.
    Absent,
    /// Opened with `---` and never closed.
    Unclosed,
    /// Parsed (or failed to parse) YAML, lines counted in the file.
    Yaml(Result<Node, YamlError>),
}

impl CardMetadata {
    /// Whether the metadata is a mapping holding at least one model-card key.
    pub fn has_card_keys(&self) -> bool {
        match self {
            CardMetadata::Yaml(Ok(node)) => CARD_KEYS.iter().any(|k| node.get(k).is_some()),
            _ => false,
        }
    }
}

impl Artifact for CardMetadata {
    fn build(_path: &str, text: &str) -> Self {
        match split_front_matter(text) {
            FrontMatter::None => CardMetadata::Absent,
            FrontMatter::Unclosed => CardMetadata::Unclosed,
            FrontMatter::Found { yaml: front, .. } => CardMetadata::Yaml(yaml::parse(front, 1)),
        }
    }
}

/// Whether the file name alone makes a file a model card.
pub fn is_card_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .replace('-', "_");
    let docs = lower.starts_with("docs/") || lower.contains("/docs/");
    matches!(stem.as_str(), "model_card" | "modelcard") || (docs && stem.starts_with("model_card"))
}

/// Every model card in the repository with its metadata, sorted by path.
pub fn model_cards(index: &RepoIndex) -> Vec<(String, Arc<CardMetadata>)> {
    index
        .files()
        .iter()
        .filter(|f| matches!(f.extension().as_str(), "md" | "markdown" | "mdx"))
        .filter_map(|f| {
            let readme = f.name().eq_ignore_ascii_case("readme.md");
            if !readme && !is_card_name(&f.path) {
                return None;
            }
            let meta = index.artifact::<CardMetadata>(&f.path)?;
            (!readme || meta.has_card_keys()).then(|| (f.path.clone(), meta))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_by_name_or_readme_front_matter() {
        let index = RepoIndex::from_files(&[
            ("MODEL_CARD.md", "# card\n"),
            ("docs/model_card_v2.md", "---\nlicense: mit\n---\n"),
            ("README.md", "---\nlicense: mit\ntags: [x]\n---\n# m\n"),
            ("site/README.md", "---\nlayout: page\n---\n"),
            ("docs/usage.md", "x"),
        ]);
        let paths: Vec<String> = model_cards(&index).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            ["MODEL_CARD.md", "README.md", "docs/model_card_v2.md"]
        );
        let CardMetadata::Yaml(Ok(node)) =
            CardMetadata::build("README.md", "---\nlicense: mit\n---\n")
        else {
            panic!("front matter parses");
        };
        assert_eq!(
            node.get("license").map(|n| n.line),
            Some(2),
            "lines count in the file"
        );
    }
}
