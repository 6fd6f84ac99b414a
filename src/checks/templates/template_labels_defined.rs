//! `template-labels-defined`: every label a template applies exists in the repository's labels
//! file, when the repository keeps one.
//!
//! GitHub silently skips a template label that does not exist in the repository. Only a labels
//! file (`.github/labels.yml|yaml|json`, label-sync style) tells us which labels exist, so
//! without one the rule does not apply; names compare ignoring case, as GitHub's do.

use serde::Deserialize;

use crate::analysis::templates;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct TemplateLabelsDefined;

impl TemplateLabelsDefined {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        TemplateLabelsDefined
    }
}

impl Check for TemplateLabelsDefined {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let files: Vec<_> = templates::labels_files(cx.index)
            .into_iter()
            .filter(|f| f.error.is_none())
            .collect();
        if files.is_empty() {
            return Outcome::NotApplicable;
        }
        let sources: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut findings = Vec::new();
        let mut applied = 0.0;
        for template in templates::issue_templates(cx.index) {
            for (label, line) in &template.labels {
                applied += 1.0;
                if !files.iter().any(|f| f.defines(label)) {
                    findings.push(
                        Finding::new(format!(
                            "label \"{label}\" is not defined in {}",
                            sources.join(" or ")
                        ))
                        .at_line(&template.path, *line),
                    );
                }
            }
        }
        let defined = applied - findings.len() as f64;
        Outcome::partial(defined, applied, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Outcome {
        crate::checks::run_on(&TemplateLabelsDefined, files)
    }

    const FORM: (&str, &str) = (
        ".github/ISSUE_TEMPLATE/bug.yml",
        "name: Bug\ndescription: d\nlabels: [\"bug\", \"Needs Triage\"]\nbody: []\n",
    );

    #[test]
    fn undefined_labels_are_reported_where_applied() {
        let outcome = run(&[
            FORM,
            (".github/labels.yml", "- name: bug\n- name: triage\n"),
        ]);
        let findings = outcome.findings();
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("\"Needs Triage\""));
        assert_eq!(findings[0].location.as_ref().and_then(|l| l.line), Some(3));
    }

    #[test]
    fn case_is_ignored_and_no_labels_file_means_not_applicable() {
        let outcome = run(&[
            FORM,
            (
                ".github/labels.json",
                "[{\"name\":\"BUG\"},{\"name\":\"needs triage\"}]",
            ),
        ]);
        assert_eq!(outcome, Outcome::partial(2.0, 2.0, Vec::new()));
        assert_eq!(run(&[FORM]), Outcome::NotApplicable);
    }
}
