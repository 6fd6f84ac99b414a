//! `model-card-present`: a project that ships or publishes weights has a model card saying what
//! the model is for, what it was trained on and where it fails.
//!
//! Shipping means committed weights files of model size (small ones are test assets and
//! vocabularies; files with the tests or the docs do not count); publishing means `push_to_hub` in the project's own
//! scripts or a Hub model link in the README. A library's `push_to_hub` is an API it offers and
//! the models in its README are other people's, so for libraries only committed weights count.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::analysis::ascii_words::builtin_regex;
use crate::analysis::lines::line_number;
use crate::analysis::ml_project::MlProject;
use crate::analysis::ml_project::{is_test_or_docs_asset, WEIGHT_EXTS};
use crate::analysis::ml_readme::{links_hub_model, ProjectReadme};
use crate::analysis::model_card::model_cards;
use crate::analysis::test_suite::is_python_test_file;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;
use crate::index::{RepoIndex, TextDerived, TextPass};

/// Params.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Size in MiB from which a committed weights file is a model rather than a test asset
    /// (llama.cpp's vocabulary-only GGUF files are 1-4 MiB).
    pub min_weights_mib: f64,
}

/// The check instance.
pub struct ModelCardPresent {
    min_weights_bytes: u64,
}

impl ModelCardPresent {
    /// Builds the check.
    pub fn new(params: Params) -> Result<Self, String> {
        if params.min_weights_mib.is_nan() || params.min_weights_mib < 0.0 {
            return Err("min_weights_mib must be a size in MiB, 0 or more".to_string());
        }
        Ok(ModelCardPresent {
            min_weights_bytes: (params.min_weights_mib * 1024.0 * 1024.0) as u64,
        })
    }
}

static PUSH_TO_HUB: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"\.push_to_hub\("));

/// The line of a file's first `.push_to_hub(` call, taken in the engine's text pass (a literal
/// search, cheap on every file) so the check need not keep the text.
struct PushToHub(Option<u32>);

impl TextDerived for PushToHub {
    fn derive(_index: &RepoIndex, _path: &str, text: &str) -> Self {
        PushToHub(PUSH_TO_HUB.find(text).map(|m| line_number(text, m.start())))
    }
}

/// What shows the project ships or publishes weights, as a message fragment and a place.
fn publishes(
    cx: &CheckCtx,
    library: bool,
    min_bytes: u64,
) -> Option<(String, String, Option<u32>)> {
    let model = cx
        .index
        .files_with_ext(WEIGHT_EXTS)
        .find(|f| f.size >= min_bytes && !is_test_or_docs_asset(&f.path));
    if let Some(file) = model {
        return Some((
            format!("weights file {}", file.name()),
            file.path.clone(),
            None,
        ));
    }
    if library {
        return None;
    }
    for file in cx.index.files_with_ext(&["py"]) {
        if is_python_test_file(&file.path) {
            continue;
        }
        let found = cx.index.text_derived::<PushToHub>(&file.path);
        if let Some(line) = found.and_then(|found| found.0) {
            return Some(("push_to_hub".to_string(), file.path.clone(), Some(line)));
        }
    }
    let readme = cx.index.fact::<ProjectReadme>();
    let path = readme.path.as_ref()?;
    let text = cx.index.text(path)?;
    text.lines().position(links_hub_model).map(|i| {
        (
            "a Hugging Face model link".to_string(),
            path.clone(),
            Some(i as u32 + 1),
        )
    })
}

impl Check for ModelCardPresent {
    fn text_pass(&self, pass: &TextPass) -> bool {
        if !is_python_test_file(pass.path()) {
            let _ = pass.derive::<PushToHub>();
        }
        false
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(project) = MlProject::if_ml(cx.index) else {
            return Outcome::NotApplicable;
        };
        let Some((what, path, line)) = publishes(cx, project.is_library(), self.min_weights_bytes)
        else {
            return Outcome::NotApplicable;
        };
        if !model_cards(cx.index).is_empty() {
            return Outcome::pass();
        }
        let message = format!(
            "the project publishes weights ({what}) but has no model card (MODEL_CARD.md, docs/model_card.md or README model-card metadata)"
        );
        let finding = match line {
            Some(line) => Finding::new(message).at_line(path, line),
            None => Finding::new(message).at(path),
        };
        Outcome::all_or_nothing(vec![finding])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    #[test]
    fn weights_push_to_hub_or_hub_links_need_a_card() {
        let ml = ("requirements.txt", "torch\n");
        let check = ModelCardPresent::new(Params {
            min_weights_mib: 0.0,
        })
        .expect("params");
        let fires = |files: &[(&str, &str)]| !run_on(&check, files).findings().is_empty();
        assert!(fires(&[ml, ("ckpt/model.safetensors", "w")]));
        assert!(fires(&[ml, ("train.py", "model.push_to_hub(\"me/m\")\n")]));
        assert!(fires(&[
            ml,
            ("README.md", "Weights: https://huggingface.co/me/tiny\n")
        ]));
        assert!(!fires(&[
            ml,
            ("ckpt/model.safetensors", "w"),
            ("MODEL_CARD.md", "# Card\n")
        ]));
        let lib = [
            (
                "pyproject.toml",
                "[project]\nname = \"m\"\ndependencies = [\"torch\"]\n",
            ),
            (
                "m/__init__.py",
                "def save(model):\n    model.push_to_hub(x)\n",
            ),
        ];
        assert_eq!(run_on(&check, &lib), Outcome::NotApplicable);
        let big = ModelCardPresent::new(Params {
            min_weights_mib: 1.0,
        })
        .expect("params");
        assert!(run_on(&big, &[ml, ("models/vocab.gguf", "tiny")])
            .findings()
            .is_empty());
        assert!(
            !fires(&[ml, ("tests/data/tiny.pt", "w")]),
            "test assets are no release"
        );
    }
}
