//! `framework-pin`: the ML framework the project depends on carries a version constraint.
//!
//! Results and even APIs change between framework releases, so an unconstrained `torch` makes
//! last year's training run irreproducible. A constraint in any of the project's specs, or a
//! lock file, is enough. In a library a floor is a courtesy (its users pin), so the finding is
//! reported at most at `library_severity`.

use serde::Deserialize;

use crate::analysis::deps::DependencySpecs;
use crate::analysis::ml_project::MlProject;
use crate::analysis::ml_project::FRAMEWORKS;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::{Finding, Severity};

/// Params.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The highest severity the finding has in a library.
    pub library_severity: Severity,
}

/// The check instance.
pub struct FrameworkPin {
    params: Params,
}

impl FrameworkPin {
    /// Builds the check.
    pub fn new(params: Params) -> Self {
        FrameworkPin { params }
    }
}

impl Check for FrameworkPin {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(project) = MlProject::if_ml(cx.index) else {
            return Outcome::NotApplicable;
        };
        let specs = cx.index.fact::<DependencySpecs>();
        let mut findings = Vec::new();
        let mut possible = 0.0;
        for framework in FRAMEWORKS {
            let Some(first) = specs.named(framework).next() else {
                continue;
            };
            possible += 1.0;
            if specs.locked() || specs.named(framework).any(|d| d.constraint.is_some()) {
                continue;
            }
            let mut finding = Finding::new(format!(
                "{framework} has no version constraint in {} (nor in any other dependency file or lock)",
                first.path
            ))
            .at_line(&first.path, first.line);
            if project.is_library() {
                finding = finding.at_most(self.params.library_severity);
            }
            findings.push(finding);
        }
        let earned = possible - findings.len() as f64;
        Outcome::partial(earned, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    fn check() -> FrameworkPin {
        FrameworkPin::new(Params {
            library_severity: Severity::Info,
        })
    }

    fn findings(files: &[(&str, &str)]) -> Vec<(String, Option<Severity>)> {
        run_on(&check(), files)
            .findings()
            .iter()
            .map(|f| (f.message.clone(), f.max_severity))
            .collect()
    }

    #[test]
    fn unconstrained_framework_is_reported_softer_in_a_library() {
        let app = findings(&[("requirements.txt", "torch\nnumpy\n")]);
        assert_eq!(app.len(), 1);
        assert!(app[0]
            .0
            .starts_with("torch has no version constraint in requirements.txt"));
        assert_eq!(app[0].1, None);
        let lib = findings(&[
            (
                "pyproject.toml",
                "[project]\nname = \"m\"\ndependencies = [\"jax\"]\n",
            ),
            ("m/__init__.py", ""),
        ]);
        assert_eq!(lib[0].1, Some(Severity::Info));
        assert!(findings(&[("requirements.txt", "torch>=2\n")]).is_empty());
        assert!(findings(&[
            ("requirements.txt", "torch\n"),
            ("requirements/ci.txt", "torch==2.1\n")
        ])
        .is_empty());
        assert!(findings(&[("requirements.txt", "torch\n"), ("uv.lock", "")]).is_empty());
        assert_eq!(
            run_on(&check(), &[("requirements.txt", "transformers\n")]),
            Outcome::NotApplicable
        );
    }
}
