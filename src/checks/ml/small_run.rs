//! `small-run`: an application's README or guide says how to run it small (on CPU, a tiny
//! config, a debug or smoke flag), so a contributor without a large GPU can check a change.
//!
//! Evidence is a catalog pattern in the documents the [`ProjectReadme`] fact reads (README, the
//! docs it links, the contributing guide), or a mention there of a config path named like a small
//! run (`configs/tiny.yaml`) that exists. Libraries are not judged: their test suite is the
//! small run.

use serde::Deserialize;

use crate::analysis::lazy_regex::LazyRegexSet;
use crate::analysis::ml_project::MlProject;
use crate::analysis::ml_readme::ProjectReadme;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Regular expressions (case-insensitive) that describe a small run in text or a command.
    pub patterns: Vec<String>,
    /// Words that mark a config file as a small-run config (`tiny`, `debug`).
    pub config_words: Vec<String>,
}

/// The check instance.
pub struct SmallRun {
    /// The catalog's patterns, as one set: a line is evidence when any of them matches.
    patterns: LazyRegexSet,
    config_words: Vec<String>,
}

impl SmallRun {
    /// Checks the patterns' syntax; they compile, as one set, when a document first reaches them.
    pub fn new(params: Params) -> Result<Self, String> {
        let patterns = LazyRegexSet::case_insensitive(params.patterns)
            .map_err(|(p, e)| format!("invalid pattern \"{p}\": {e}"))?;
        Ok(SmallRun {
            patterns,
            config_words: params
                .config_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        })
    }

    /// Whether a word of the text names an existing small-run config file.
    fn names_small_config(&self, cx: &CheckCtx, text: &str) -> bool {
        text.split(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | '(' | ')' | '='))
            .map(|w| w.trim_start_matches("./").trim_end_matches([',', '.', ':']))
            .filter(|w| {
                w.contains('/') || w.ends_with(".yaml") || w.ends_with(".yml") || w.ends_with(".py")
            })
            .any(|w| {
                let lower = w.to_lowercase();
                let name = lower.rsplit('/').next().unwrap_or(&lower);
                self.config_words.iter().any(|k| name.contains(k.as_str())) && cx.index.has_file(w)
            })
    }
}

impl Check for SmallRun {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(project) = MlProject::if_ml(cx.index) else {
            return Outcome::NotApplicable;
        };
        let readme = cx.index.fact::<ProjectReadme>();
        if project.is_library() || readme.path.is_none() {
            return Outcome::NotApplicable;
        }
        let found = readme.commands.iter().chain(&readme.prose).any(|line| {
            self.patterns.is_match(&line.text) || self.names_small_config(cx, &line.text)
        });
        if found {
            return Outcome::pass();
        }
        let mut finding = Finding::new(format!(
            "no small run documented in {} (on CPU, a tiny or debug config, a smoke-test flag)",
            readme.documents.join(", ")
        ));
        if let Some(path) = &readme.path {
            finding = finding.at(path);
        }
        Outcome::all_or_nothing(vec![finding])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    fn check() -> SmallRun {
        SmallRun::new(Params {
            patterns: vec![r"--device[= ]cpu".into(), r"\bon (a )?cpu\b".into()],
            config_words: vec!["tiny".into(), "debug".into()],
        })
        .expect("patterns")
    }

    #[test]
    fn cpu_flags_prose_or_an_existing_tiny_config() {
        let ml = ("train.py", "import torch\n");
        let silent = |files: &[(&str, &str)]| run_on(&check(), files).findings().is_empty();
        assert!(!silent(&[ml, ("README.md", "```\npython train.py\n```\n")]));
        assert!(silent(&[
            ml,
            ("README.md", "```\npython train.py --device=cpu\n```\n")
        ]));
        assert!(silent(&[
            ml,
            ("README.md", "It also runs on a CPU, slowly.\n")
        ]));
        assert!(silent(&[
            ml,
            ("README.md", "`python train.py configs/tiny.yaml`\n"),
            ("configs/tiny.yaml", "n_layer: 2\n")
        ]));
        assert!(
            !silent(&[ml, ("README.md", "`python train.py configs/tiny.yaml`\n")]),
            "the config must exist"
        );
        assert!(SmallRun::new(Params {
            patterns: vec!["(".into()],
            config_words: vec![]
        })
        .is_err());
    }
}
