//! The ML Code Completeness Checklist that Papers with Code published for research code, as a
//! 0–5 figure: dependencies, training code, evaluation code, pre-trained models, and a README
//! with results and the commands that produce them. Each item carries its evidence (`file:line`)
//! or what is missing; a half-met item (dependencies only in a README `pip install` line,
//! results without the command or the reverse) counts ½.

use serde::Serialize;

use super::deps::DependencySpecs;
use super::lfs::LfsPatterns;
use super::ml_code::MlCode;
use super::ml_project::{is_test_or_docs_asset, MlProject, WEIGHT_EXTS};
use super::ml_readme::ProjectReadme;
use crate::index::RepoIndex;

/// One checklist item.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Item {
    /// Stable id (`dependencies`, `training`, `evaluation`, `pretrained`, `results`).
    pub id: &'static str,
    /// Credit: 1, ½ or 0.
    pub credit: f64,
    /// The evidence (`requirements.txt:1`) or what is missing.
    pub detail: String,
}

/// The applicability facts and the checklist figure of an ML project, as reports show them.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MlSummary {
    /// Whether the repository is an ML project (the family applies).
    pub ml_project: bool,
    /// Why (`depends on torch (requirements.txt:1)`), or why not.
    pub ml_evidence: String,
    /// `library` or `application`.
    pub kind: &'static str,
    /// Why that kind.
    pub kind_evidence: String,
    /// The Papers-with-Code figure, 0–5 in steps of ½ (`None` for non-ML repositories).
    pub completeness: Option<f64>,
    /// The five items (empty for non-ML repositories).
    pub items: Vec<Item>,
}

fn item(id: &'static str, credit: f64, detail: String) -> Item {
    Item { id, credit, detail }
}

fn dependencies(index: &RepoIndex, readme: &ProjectReadme) -> Item {
    let specs = index.fact::<DependencySpecs>();
    if let Some(file) = specs.files.first() {
        return item("dependencies", 1.0, format!("{}:{}", file.path, file.line));
    }
    match readme.install.as_ref() {
        Some(line) => item(
            "dependencies",
            0.5,
            format!("only a README install line ({})", line.label()),
        ),
        None => item(
            "dependencies",
            0.0,
            "no dependency specification".to_string(),
        ),
    }
}

fn pretrained(index: &RepoIndex, readme: &ProjectReadme) -> Item {
    if let Some(line) = &readme.pretrained {
        return item("pretrained", 1.0, line.label());
    }
    let lfs = index.fact::<LfsPatterns>();
    let shipped = index
        .files_with_ext(WEIGHT_EXTS)
        .find(|f| !is_test_or_docs_asset(&f.path));
    match shipped {
        Some(file) => item("pretrained", 1.0, file.path.clone()),
        None if lfs.any() => item("pretrained", 1.0, ".gitattributes (Git LFS)".to_string()),
        None => item(
            "pretrained",
            0.0,
            "no link to pre-trained weights in the README".to_string(),
        ),
    }
}

fn results(readme: &ProjectReadme) -> Item {
    match (&readme.results, &readme.run) {
        (Some(r), Some(c)) => item(
            "results",
            1.0,
            format!("results {}, command {}", r.label(), c.label()),
        ),
        (Some(r), None) => item(
            "results",
            0.5,
            format!("results {}, but no command that produces them", r.label()),
        ),
        (None, Some(c)) => item(
            "results",
            0.5,
            format!("command {}, but no results table or figure", c.label()),
        ),
        (None, None) => item(
            "results",
            0.0,
            "no results table or figure and no command in the README".to_string(),
        ),
    }
}

/// Computes the facts and, for an ML project, the figure.
pub fn summarize(index: &RepoIndex) -> MlSummary {
    let project = index.fact::<MlProject>();
    let ml_evidence = match &project.ml_evidence {
        Some((why, at)) => match at.line {
            Some(line) => format!("{why} ({}:{line})", at.path),
            None => format!("{why} ({})", at.path),
        },
        None => "no ML dependency, import or weights file".to_string(),
    };
    let mut summary = MlSummary {
        ml_project: project.is_ml(),
        ml_evidence,
        kind: project.kind.as_str(),
        kind_evidence: project.kind_evidence.clone(),
        completeness: None,
        items: Vec::new(),
    };
    if !project.is_ml() {
        return summary;
    }
    let readme = index.fact::<ProjectReadme>();
    let code = index.fact::<MlCode>();
    let training = match code.training.first() {
        Some(t) => item("training", 1.0, format!("{}:{}", t.path, t.line)),
        None => item("training", 0.0, "no training script".to_string()),
    };
    let evaluation = match &code.evaluation {
        Some(at) => item(
            "evaluation",
            1.0,
            format!("{}:{}", at.path, at.line.unwrap_or(1)),
        ),
        None => item("evaluation", 0.0, "no evaluation script".to_string()),
    };
    summary.items = vec![
        dependencies(index, &readme),
        training,
        evaluation,
        pretrained(index, &readme),
        results(&readme),
    ];
    summary.completeness = Some(summary.items.iter().map(|i| i.credit).sum());
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn research_repo_scores_each_item_with_evidence() {
        let index = RepoIndex::from_files(&[
            (
                "README.md",
                "# GPT\n\n```\npip install torch numpy\npython train.py\n```\n\n| model | loss |\n|---|---|\n| gpt | 2.9 |\n",
            ),
            ("train.py", "import torch\nloss.backward()\nestimate_loss()\n"),
        ]);
        let summary = summarize(&index);
        assert!(summary.ml_project);
        assert_eq!(summary.kind, "application");
        let details: Vec<(&str, f64)> = summary.items.iter().map(|i| (i.id, i.credit)).collect();
        assert_eq!(
            details,
            [
                ("dependencies", 0.5),
                ("training", 1.0),
                ("evaluation", 1.0),
                ("pretrained", 0.0),
                ("results", 1.0)
            ]
        );
        assert_eq!(summary.completeness, Some(3.5));
        assert_eq!(summary.items[1].detail, "train.py:2");
        let web = summarize(&RepoIndex::from_files(&[("app.py", "import flask\n")]));
        assert!(!web.ml_project && web.items.is_empty() && web.completeness.is_none());
    }
}
