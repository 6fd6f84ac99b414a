//! `issue-templates-present`: the repository offers issue templates, on GitHub or GitLab.
//!
//! Any template counts, even a broken one (`invalid-issue-template` reports that), and so do
//! default templates kept in the organisation's `.github` repository when the config lists
//! `ISSUE_TEMPLATE` under `org-defaults`, since a clone cannot show them.

use serde::Deserialize;

use crate::analysis::templates;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct IssueTemplatesPresent;

impl IssueTemplatesPresent {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        IssueTemplatesPresent
    }
}

impl Check for IssueTemplatesPresent {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let org_default = cx
            .settings
            .org_defaults
            .iter()
            .any(|d| d.trim().eq_ignore_ascii_case("ISSUE_TEMPLATE"));
        let any = cx
            .index
            .files()
            .iter()
            .any(|f| templates::classify(&f.path).is_some());
        if any || org_default {
            return Outcome::pass();
        }
        Outcome::all_or_nothing(vec![Finding::new(
            "no issue templates (looked in .github/ISSUE_TEMPLATE/, ISSUE_TEMPLATE.md and .gitlab/issue_templates/)",
        )])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    fn run(files: &[(&str, &str)], settings: &Settings) -> Outcome {
        let index = RepoIndex::from_files(files);
        IssueTemplatesPresent.run(&CheckCtx {
            index: &index,
            settings,
            only_files: None,
        })
    }

    #[test]
    fn any_kind_of_template_counts() {
        let settings = Settings::default();
        for (path, found) in [
            (".github/ISSUE_TEMPLATE/bug.yml", true),
            (".github/ISSUE_TEMPLATE/bug.md", true),
            (".github/ISSUE_TEMPLATE.md", true),
            (".gitlab/issue_templates/Bug.md", true),
            (".github/ISSUE_TEMPLATE/config.yml", false),
            (".github/PULL_REQUEST_TEMPLATE.md", false),
        ] {
            let outcome = run(&[(path, "x")], &settings);
            assert_eq!(outcome.findings().is_empty(), found, "{path}");
        }
    }

    #[test]
    fn organisation_defaults_count() {
        let settings = Settings {
            org_defaults: vec!["ISSUE_TEMPLATE".into()],
            ..Settings::default()
        };
        assert_eq!(run(&[("README.md", "x")], &settings), Outcome::pass());
    }
}
