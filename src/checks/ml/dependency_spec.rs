//! `dependency-spec`: the ML project declares its dependencies in a file tools can install from.
//!
//! Any spec the [`DependencySpecs`] fact reads counts. Dependencies listed only in a README
//! `pip install` line earn half: a human can follow them, `pip install -r` and Dependabot cannot.

use serde::Deserialize;

use crate::analysis::deps::DependencySpecs;
use crate::analysis::ml_project::MlProject;
use crate::analysis::ml_readme::ProjectReadme;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct DependencySpec;

impl DependencySpec {
    /// Builds the check.
    pub fn new(_params: Params) -> Self {
        DependencySpec
    }
}

impl Check for DependencySpec {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        if MlProject::if_ml(cx.index).is_none() {
            return Outcome::NotApplicable;
        }
        if !cx.index.fact::<DependencySpecs>().files.is_empty() {
            return Outcome::pass();
        }
        let readme = cx.index.fact::<ProjectReadme>();
        match &readme.install {
            Some(line) => Outcome::partial(
                0.5,
                1.0,
                vec![Finding::new(format!(
                    "dependencies are listed only in a README install line (`{}`): partial credit; put them in requirements.txt or pyproject.toml",
                    line.text
                ))
                .at_line(&line.path, line.line)],
            ),
            None => Outcome::all_or_nothing(vec![Finding::new(
                "no dependency specification (requirements*.txt, environment.yml, pyproject.toml dependencies, setup.py install_requires, Pipfile or a lock file)",
            )]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    fn credit(files: &[(&str, &str)]) -> Option<f64> {
        match run_on(&DependencySpec, files) {
            Outcome::Scored {
                earned, possible, ..
            } => Some(earned / possible),
            Outcome::NotApplicable => None,
        }
    }

    #[test]
    fn full_partial_none_and_not_applicable() {
        let train = ("train.py", "import torch\n");
        assert_eq!(credit(&[train, ("requirements.txt", "torch\n")]), Some(1.0));
        assert_eq!(
            credit(&[train, ("README.md", "```\npip install torch numpy\n```\n")]),
            Some(0.5)
        );
        assert_eq!(credit(&[train, ("README.md", "# x\n")]), Some(0.0));
        assert_eq!(credit(&[("app.py", "import flask\n")]), None);
    }
}
