//! Jupyter notebooks (`.ipynb`) read with `serde_json`: how much output their code cells carry.
//!
//! Outputs (tables, images as base64, tracebacks) make a notebook's diff unreadable and its size
//! grow with every run, so `notebook-with-outputs` reports them. Only the JSON is read; nothing
//! in the notebook runs.

use serde_json::Value;

use crate::index::Artifact;

/// What a notebook's code cells carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notebook {
    /// Code cells in the notebook.
    pub code_cells: usize,
    /// 1-based numbers (among all cells) of the code cells that have outputs.
    pub cells_with_outputs: Vec<usize>,
    /// Output entries across all code cells.
    pub outputs: usize,
    /// Bytes of the outputs as serialised JSON: what every commit of them adds to the history.
    pub output_bytes: usize,
    /// Why the file is not a notebook we can read (bad JSON, no `cells`), if so.
    pub problem: Option<String>,
}

impl Artifact for Notebook {
    fn build(_path: &str, text: &str) -> Self {
        let doc: Value = match serde_json::from_str(text) {
            Ok(doc) => doc,
            Err(err) => {
                return Notebook {
                    problem: Some(format!("not valid JSON: {err}")),
                    ..Notebook::default()
                }
            }
        };
        let Some(cells) = doc.get("cells").and_then(Value::as_array) else {
            return Notebook {
                problem: Some("no \"cells\" list (nbformat 4 expected)".to_string()),
                ..Notebook::default()
            };
        };
        let mut notebook = Notebook::default();
        for (i, cell) in cells.iter().enumerate() {
            if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
                continue;
            }
            notebook.code_cells += 1;
            let Some(outputs) = cell.get("outputs").and_then(Value::as_array) else {
                continue;
            };
            if outputs.is_empty() {
                continue;
            }
            notebook.cells_with_outputs.push(i + 1);
            notebook.outputs += outputs.len();
            notebook.output_bytes += outputs
                .iter()
                .map(|o| serde_json::to_string(o).map_or(0, |s| s.len()))
                .sum::<usize>();
        }
        notebook
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_outputs_of_code_cells_only() {
        let text = r##"{"cells": [
            {"cell_type": "markdown", "source": ["# hi"]},
            {"cell_type": "code", "source": ["1+1"], "outputs": [{"output_type": "execute_result", "data": {"text/plain": ["2"]}}]},
            {"cell_type": "code", "source": ["x"], "outputs": []}
        ], "nbformat": 4}"##;
        let nb = Notebook::build("a.ipynb", text);
        assert_eq!(nb.code_cells, 2);
        assert_eq!(nb.cells_with_outputs, [2]);
        assert_eq!(nb.outputs, 1);
        assert!(nb.output_bytes > 30, "{}", nb.output_bytes);
        assert!(Notebook::build("b.ipynb", "{").problem.is_some());
        assert!(Notebook::build("c.ipynb", "[]").problem.is_some());
    }
}
