//! `readme-reproduction`: the README (or the docs it links) shows how to install the project
//! and, for applications and research code, a command that trains, evaluates or runs it.
//!
//! Commands come from the [`ProjectReadme`] fact: code blocks and inline code, `make` targets
//! only when the Makefile defines them. A library is used by importing it, so an install
//! command is all its README owes here.

use serde::Deserialize;

use crate::analysis::ml_project::MlProject;
use crate::analysis::ml_readme::ProjectReadme;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct ReadmeReproduction;

impl ReadmeReproduction {
    /// Builds the check.
    pub fn new(_params: Params) -> Self {
        ReadmeReproduction
    }
}

impl Check for ReadmeReproduction {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(project) = MlProject::if_ml(cx.index) else {
            return Outcome::NotApplicable;
        };
        let readme = cx.index.fact::<ProjectReadme>();
        let Some(path) = &readme.path else {
            return Outcome::NotApplicable;
        };
        let mut findings = Vec::new();
        let mut possible = 1.0;
        if readme.install.is_none() {
            findings.push(
                Finding::new("the README and the docs it links show no install command (pip install, conda env create, uv sync…)")
                    .at(path),
            );
        }
        if !project.is_library() {
            possible += 1.0;
            if readme.run.is_none() {
                findings.push(
                    Finding::new("the README and the docs it links show no command to train, evaluate or run the model (python train.py, accelerate launch, torchrun…)")
                        .at(path),
                );
            }
        }
        let earned = possible - findings.len() as f64;
        Outcome::partial(earned, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        run_on(&ReadmeReproduction, files)
            .findings()
            .iter()
            .map(|f| f.message.clone())
            .collect()
    }

    #[test]
    fn applications_need_install_and_run_libraries_install() {
        let ml = ("requirements.txt", "torch\n");
        let both = messages(&[ml, ("README.md", "# Model\n\nIt trains.\n")]);
        assert_eq!(both.len(), 2);
        assert!(both[0].contains("no install command") && both[1].contains("no command to train"));
        assert!(messages(&[
            ml,
            (
                "README.md",
                "```\npip install -r requirements.txt\npython train.py\n```\n"
            )
        ])
        .is_empty());
        let lib = [
            (
                "pyproject.toml",
                "[project]\nname = \"m\"\ndependencies = [\"torch\"]\n",
            ),
            ("m/__init__.py", ""),
            ("README.md", "Install with `pip install m`.\n"),
        ];
        assert!(messages(&lib).is_empty());
        assert_eq!(run_on(&ReadmeReproduction, &[ml]), Outcome::NotApplicable);
    }
}
