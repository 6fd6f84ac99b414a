//! `notebook-outputs`: committed notebooks carry no cell outputs.
//!
//! Outputs (base64 images, tables, tracebacks) bury a notebook's code change in kilobytes of
//! JSON noise, so no reviewer can read the diff, and they grow the history on every run. Small
//! outputs are worth knowing (info); above `warn_kib` the finding keeps the rule's severity.
//! A notebook over the index's size cap is not read, so it is not judged.

use serde::Deserialize;

use crate::analysis::ml_project::MlProject;
use crate::analysis::notebook::Notebook;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::{Finding, Severity};

/// Params.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Output size in KiB from which the finding keeps the rule's severity (info below).
    pub warn_kib: f64,
}

/// The check instance.
pub struct NotebookOutputs {
    params: Params,
}

impl NotebookOutputs {
    /// Builds the check.
    pub fn new(params: Params) -> Self {
        NotebookOutputs { params }
    }
}

/// `812 bytes`, `14 KiB`: notebooks' outputs range from a line of text to megabytes of images.
fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

fn cell_list(cells: &[usize]) -> String {
    let shown: Vec<String> = cells.iter().take(8).map(usize::to_string).collect();
    let more = cells.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

impl Check for NotebookOutputs {
    fn file_level(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        if MlProject::if_ml(cx.index).is_none() {
            return Outcome::NotApplicable;
        }
        let mut possible = 0.0;
        let mut findings = Vec::new();
        for file in cx.index.files_with_ext(&["ipynb"]) {
            if !cx.in_scope(&file.path) {
                continue;
            }
            let Some(notebook) = cx.index.artifact::<Notebook>(&file.path) else {
                continue;
            };
            if notebook.problem.is_some() {
                continue;
            }
            possible += 1.0;
            if notebook.outputs == 0 {
                continue;
            }
            let kib = notebook.output_bytes as f64 / 1024.0;
            let mut finding = Finding::new(format!(
                "{} output{} in {} of {} code cells (cells {}): {} of output in a {} notebook",
                notebook.outputs,
                if notebook.outputs == 1 { "" } else { "s" },
                notebook.cells_with_outputs.len(),
                notebook.code_cells,
                cell_list(&notebook.cells_with_outputs),
                size(notebook.output_bytes as u64),
                size(file.size),
            ))
            .at(&file.path)
            .weight(notebook.output_bytes as f64);
            if kib < self.params.warn_kib {
                finding = finding.at_most(Severity::Info);
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

    const WITH_OUTPUT: &str = r#"{"cells": [{"cell_type": "code", "source": [], "outputs": [{"output_type": "stream", "text": ["hello"]}]}]}"#;
    const ML: (&str, &str) = ("requirements.txt", "torch\n");
    const CLEAN: &str = r#"{"cells": [{"cell_type": "code", "source": ["1"], "outputs": []}]}"#;

    #[test]
    fn outputs_are_reported_with_severity_by_size() {
        let check = NotebookOutputs::new(Params { warn_kib: 1.0 });
        let out = run_on(
            &check,
            &[
                ML,
                ("a.ipynb", WITH_OUTPUT),
                ("b.ipynb", CLEAN),
                ("c.ipynb", "{"),
            ],
        );
        let findings = out.findings();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].path(), Some("a.ipynb"));
        assert!(findings[0]
            .message
            .starts_with("1 output in 1 of 1 code cells (cells 1)"));
        assert_eq!(
            findings[0].max_severity,
            Some(Severity::Info),
            "small output is info"
        );
        let strict = NotebookOutputs::new(Params { warn_kib: 0.0 });
        assert_eq!(
            run_on(&strict, &[ML, ("a.ipynb", WITH_OUTPUT)]).findings()[0].max_severity,
            None
        );
        assert_eq!(run_on(&check, &[ML, ("b.ipynb", CLEAN)]), Outcome::pass());
        assert_eq!(
            run_on(&check, &[("a.ipynb", WITH_OUTPUT)]),
            Outcome::NotApplicable
        );
    }
}
