//! `seed-control`: every training entry point sets a seed, or can be given one, somewhere it
//! reaches (the [`MlCode`] fact follows its local imports and config folders).
//!
//! Without a seed two runs of the same commit differ, and a contributor cannot tell whether
//! their change or chance moved the metric.

use serde::Deserialize;

use crate::analysis::ml_code::MlCode;
use crate::analysis::ml_project::MlProject;
use crate::checks::{Check, CheckCtx, Needs, Outcome};
use crate::finding::Finding;

/// Params: none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct SeedControl;

impl SeedControl {
    /// Builds the check.
    pub fn new(_params: Params) -> Self {
        SeedControl
    }
}

impl Check for SeedControl {
    fn needs(&self) -> Needs {
        Needs {
            reads_python: true,
            ..Needs::default()
        }
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        if MlProject::if_ml(cx.index).is_none() {
            return Outcome::NotApplicable;
        }
        let code = cx.index.fact::<MlCode>();
        let findings: Vec<Finding> = code
            .training
            .iter()
            .filter(|t| t.seed.is_none())
            .map(|t| {
                Finding::new(format!(
                    "training script calls `{}` but sets no seed and takes none (no manual_seed, seed_everything, set_seed or --seed in it, its local imports or config folders)",
                    t.call
                ))
                .at_line(&t.path, t.line)
            })
            .collect();
        let possible = code.training.len() as f64;
        Outcome::partial(possible - findings.len() as f64, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    #[test]
    fn unseeded_training_scripts_are_reported_at_the_training_call() {
        let out = run_on(
            &SeedControl,
            &[
                ("train.py", "import torch\nx = 1\nmodel.fit(data)\n"),
                (
                    "finetune.py",
                    "import torch\ntorch.manual_seed(0)\nmodel.fit(d)\n",
                ),
            ],
        );
        let places: Vec<_> = out
            .findings()
            .iter()
            .map(|f| f.location.clone().map(|l| (l.path, l.line)))
            .collect();
        assert_eq!(places, [Some(("train.py".to_string(), Some(3)))]);
        assert_eq!(
            run_on(&SeedControl, &[("model.py", "import torch\n")]),
            Outcome::NotApplicable
        );
    }
}
