//! `blank-issues-guidance`: when blank issues are open, questions have somewhere else to go.
//!
//! GitHub allows blank issues unless `config.yml` says `blank_issues_enabled: false`. With
//! them allowed, a contact link to Discussions, a forum or chat keeps usage questions out of
//! the tracker. Only GitHub has a chooser, so the rule applies only to GitHub templates.

use serde::Deserialize;

use crate::analysis::templates::{self, Keywords, TemplateFormat};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::error::Error;
use crate::finding::Finding;

/// Lexicon `question_channels`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelLexicon {
    /// Words in a contact link's name, about or URL that mark a place to ask.
    pub markers: Vec<String>,
}

/// The check instance.
pub struct BlankIssuesGuidance {
    markers: Keywords,
}

impl BlankIssuesGuidance {
    /// Compiles the lexicon once.
    pub fn new(lexicon: ChannelLexicon) -> Result<Self, Error> {
        Ok(BlankIssuesGuidance {
            markers: Keywords::new(&lexicon.markers),
        })
    }
}

impl Check for BlankIssuesGuidance {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let github = templates::issue_templates(cx.index)
            .iter()
            .any(|t| t.format != TemplateFormat::GitLab);
        if !github {
            return Outcome::NotApplicable;
        }
        let config = templates::chooser_config(cx.index);
        let Some(config) = config.filter(|c| c.parsed.is_ok()) else {
            return Outcome::all_or_nothing(vec![Finding::new(
                "blank issues are enabled (no .github/ISSUE_TEMPLATE/config.yml) and no contact link points questions to discussions or chat",
            )]);
        };
        if !config.blank_issues_enabled() {
            return Outcome::pass();
        }
        let guided = config.contact_links().iter().any(|l| {
            let text = [&l.name, &l.about, &l.url]
                .iter()
                .filter_map(|s| s.as_deref())
                .collect::<Vec<_>>()
                .join("\n");
            l.url.is_some() && self.markers.is_match(&text)
        });
        if guided {
            return Outcome::pass();
        }
        Outcome::all_or_nothing(vec![Finding::new(
            "blank issues are enabled and no contact link points questions to discussions or chat",
        )
        .at(&config.path)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes(files: &[(&str, &str)]) -> Option<bool> {
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        let check =
            BlankIssuesGuidance::new(catalog.lexicons.get("question_channels").expect("lexicon"))
                .expect("compiles");
        match crate::checks::run_on(&check, files) {
            Outcome::NotApplicable => None,
            outcome => Some(outcome.findings().is_empty()),
        }
    }

    const BUG: (&str, &str) = (
        ".github/ISSUE_TEMPLATE/bug.md",
        "---\nname: Bug\nabout: x\n---\n",
    );
    const CONFIG: &str = ".github/ISSUE_TEMPLATE/config.yml";

    #[test]
    fn blank_issues_need_a_place_for_questions() {
        assert_eq!(passes(&[]), None);
        assert_eq!(passes(&[(".gitlab/issue_templates/Bug.md", "x")]), None);
        assert_eq!(passes(&[BUG]), Some(false));
        assert_eq!(
            passes(&[BUG, (CONFIG, "blank_issues_enabled: false\n")]),
            Some(true)
        );
        assert_eq!(
            passes(&[BUG, (CONFIG, "contact_links:\n  - name: Q&A\n    url: https://github.com/o/r/discussions\n    about: Ask\n")]),
            Some(true)
        );
        assert_eq!(
            passes(&[BUG, (CONFIG, "contact_links:\n  - name: Website\n    url: https://example.org\n    about: Our home page\n")]),
            Some(false)
        );
    }
}
