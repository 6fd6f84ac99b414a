//! `results-table`: research code (a paper link, an arXiv id, "reproduce our results" in the
//! README) shows its results in the README, as a table or a figure, so a newcomer knows what a
//! correct run produces.
//!
//! Libraries are not research code here even when their README cites papers.

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
pub struct ResultsTable;

impl ResultsTable {
    /// Builds the check.
    pub fn new(_params: Params) -> Self {
        ResultsTable
    }
}

impl Check for ResultsTable {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(project) = MlProject::if_ml(cx.index) else {
            return Outcome::NotApplicable;
        };
        let readme = cx.index.fact::<ProjectReadme>();
        let Some(research) = readme.research.as_ref().filter(|_| !project.is_library()) else {
            return Outcome::NotApplicable;
        };
        if readme.results.is_some() {
            return Outcome::pass();
        }
        Outcome::all_or_nothing(vec![Finding::new(format!(
            "research code (it cites a paper here) without a results table or figure in {}",
            research.path
        ))
        .at_line(&research.path, research.line)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    #[test]
    fn papers_need_results() {
        let ml = ("train.py", "import torch\n");
        let paper = "# M\n\nCode for https://arxiv.org/abs/2101.00001\n";
        assert_eq!(
            run_on(&ResultsTable, &[ml, ("README.md", paper)])
                .findings()
                .len(),
            1
        );
        let with_table = format!("{paper}\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(
            run_on(&ResultsTable, &[ml, ("README.md", &with_table)]),
            Outcome::pass()
        );
        assert_eq!(
            run_on(&ResultsTable, &[ml, ("README.md", "# M\n")]),
            Outcome::NotApplicable
        );
    }
}
