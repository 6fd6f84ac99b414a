//! `feature-template-motivation`: feature requests have a template that asks why.
//!
//! A template is a feature request when its name, about/description, title, labels or file
//! name carry a feature marker (`feature`, `enhancement`, `proposal`, 🚀). The repository
//! passes when one such template asks for the motivation or use case. A repository that routes feature ideas to
//! Discussions through a chooser contact link passes too: the discussion happens there. With
//! no templates at all the rule does not apply (`no-issue-templates` reports that).

use serde::Deserialize;

use crate::analysis::templates::{self, FrontMatterProblem, Keywords, TemplateFormat};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::error::Error;
use crate::finding::Finding;

/// Lexicon `feature_template`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureLexicon {
    /// Words that mark a template (or a contact link) as the place for feature requests.
    pub markers: Vec<String>,
    /// Words that show the template asks for the motivation or use case.
    pub motivation: Vec<String>,
}

/// The check instance.
pub struct FeatureTemplateMotivation {
    markers: Keywords,
    motivation: Keywords,
}

impl FeatureTemplateMotivation {
    /// Compiles the lexicon's keyword lists once.
    pub fn new(lexicon: FeatureLexicon) -> Result<Self, Error> {
        Ok(FeatureTemplateMotivation {
            markers: Keywords::new(&lexicon.markers),
            motivation: Keywords::new(&lexicon.motivation),
        })
    }
}

impl Check for FeatureTemplateMotivation {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let all = templates::issue_templates(cx.index);
        if all.is_empty() {
            return Outcome::NotApplicable;
        }
        let features: Vec<_> = all
            .iter()
            .filter(|t| self.markers.is_match(&t.identity))
            .filter(|t| {
                !(t.format == TemplateFormat::Form
                    && matches!(t.problem, Some(FrontMatterProblem::Invalid(_))))
            })
            .collect();
        if features.is_empty() {
            let routed = templates::chooser_config(cx.index).is_some_and(|c| {
                c.contact_links().iter().any(|l| {
                    let text = [&l.name, &l.about, &l.url]
                        .iter()
                        .filter_map(|s| s.as_deref())
                        .collect::<Vec<_>>()
                        .join("\n");
                    self.markers.is_match(&text)
                })
            });
            if routed {
                return Outcome::pass();
            }
            let mut names: Vec<String> = all.iter().take(4).map(|t| t.display_name()).collect();
            if all.len() > 4 {
                names.push(format!("{} more", all.len() - 4));
            }
            return Outcome::all_or_nothing(vec![Finding::new(format!(
                "no feature-request template among the issue templates ({})",
                names.join(", ")
            ))]);
        }
        // Several templates may look like feature requests (a "new model" proposal, say); the
        // repository passes when one of them asks why.
        if features
            .iter()
            .any(|t| self.motivation.is_match(&t.prompts))
        {
            return Outcome::pass();
        }
        let findings = features
            .iter()
            .filter(|t| !self.motivation.is_match(&t.prompts))
            .map(|t| {
                Finding::new(format!(
                    "feature template \"{}\" does not ask for the motivation or use case",
                    t.display_name()
                ))
                .at(&t.path)
            })
            .collect();
        Outcome::all_or_nothing(findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(files: &[(&str, &str)]) -> Option<Vec<String>> {
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        let check = FeatureTemplateMotivation::new(
            catalog.lexicons.get("feature_template").expect("lexicon"),
        )
        .expect("compiles");
        match crate::checks::run_on(&check, files) {
            Outcome::NotApplicable => None,
            outcome => Some(
                outcome
                    .findings()
                    .iter()
                    .map(|f| f.message.clone())
                    .collect(),
            ),
        }
    }

    const BUG: (&str, &str) = (
        ".github/ISSUE_TEMPLATE/bug.md",
        "---\nname: Bug\nabout: x\n---\n",
    );

    #[test]
    fn asks_for_motivation_or_routes_ideas_to_discussions() {
        assert_eq!(messages(&[]), None);
        assert_eq!(
            messages(&[BUG]),
            Some(vec![
                "no feature-request template among the issue templates (Bug)".to_string()
            ])
        );
        let routed = (
            ".github/ISSUE_TEMPLATE/config.yml",
            "contact_links:\n  - name: Feature ideas\n    url: https://github.com/o/r/discussions/categories/ideas\n    about: Propose features here\n",
        );
        assert_eq!(messages(&[BUG, routed]), Some(vec![]));
        let good = (
            ".github/ISSUE_TEMPLATE/feature_request.md",
            "---\nname: Feature request\nabout: Suggest an idea\n---\nIs your feature request related to a problem?\n",
        );
        assert_eq!(messages(&[BUG, good]), Some(vec![]));
        let bare = (
            ".github/ISSUE_TEMPLATE/enhancement.yml",
            "name: Enhancement\ndescription: d\nbody:\n  - type: textarea\n    attributes:\n      label: Describe it\n",
        );
        assert_eq!(
            messages(&[bare]),
            Some(vec![
                "feature template \"Enhancement\" does not ask for the motivation or use case"
                    .to_string()
            ])
        );
    }
}
