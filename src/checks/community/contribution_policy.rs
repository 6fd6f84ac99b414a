//! `contribution-policy`: surfaces the rules an outsider must follow before a first pull request
//! (a CLA or DCO sign-off, an AI-assisted-contribution policy, an issue-claiming rule), so the
//! report can list them under "before you contribute" instead of a bot rejecting the PR later.
//!
//! This is information, not a defect: the rule is meant to carry no weight, and it reports what
//! the guide and pull-request template say, with the line to read. Policies and their phrases
//! are catalog data (`[lexicon.contribution_policies]`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::analysis::community::{find_file, load_guide, GITHUB_DIRS};
use crate::analysis::lexicon::{normalise, phrases, Phrase};
use crate::analysis::markdown::Outline;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// One policy of the lexicon.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// What the contributor must do, for the message (`sign off every commit (DCO)`).
    pub title: String,
    /// Phrases that reveal the policy.
    pub phrases: Vec<String>,
}

/// Params: which lexicon holds the policies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Name of the `[lexicon.NAME]` table of policies.
    pub lexicon: String,
}

/// The check instance.
pub struct ContributionPolicy {
    policies: Vec<(PolicySpec, Vec<Phrase>)>,
}

impl ContributionPolicy {
    /// Builds the check from the policy lexicon.
    pub fn new(policies: BTreeMap<String, PolicySpec>) -> Self {
        ContributionPolicy {
            policies: policies
                .into_values()
                .map(|spec| {
                    let p = phrases(&spec.phrases);
                    (spec, p)
                })
                .collect(),
        }
    }
}

/// The first line of `outline` where one of `phrases` occurs.
fn first_line(outline: &Outline, phrases: &[Phrase]) -> Option<u32> {
    let mut texts: Vec<(u32, String)> = outline
        .headings
        .iter()
        .map(|h| (h.line, normalise(&h.text)))
        .chain(outline.prose.iter().map(|b| (b.line, normalise(&b.text))))
        .collect();
    for block in &outline.code_blocks {
        for (i, line) in block.text.lines().enumerate() {
            texts.push((block.line + u32::try_from(i).unwrap_or(0), normalise(line)));
        }
    }
    texts
        .iter()
        .filter(|(_, t)| phrases.iter().any(|p| p.found_in(t)))
        .map(|(line, _)| *line)
        .min()
}

impl Check for ContributionPolicy {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let mut docs: Vec<(String, std::sync::Arc<Outline>)> = Vec::new();
        if let Some(guide) = load_guide(cx.index) {
            docs.push((guide.path.to_string(), guide.outline));
        }
        let dirs: Vec<String> = GITHUB_DIRS.iter().map(|d| d.to_string()).collect();
        if let Some(template) = find_file(
            cx.index,
            &["PULL_REQUEST_TEMPLATE".to_string()],
            &["md".into()],
            &dirs,
            false,
        ) {
            if let Some(outline) = cx.index.artifact::<Outline>(&template.path) {
                docs.push((template.path.clone(), outline));
            }
        }
        if docs.is_empty() {
            return Outcome::NotApplicable;
        }
        let mut found: Vec<(String, u32, &str)> = Vec::new();
        for (spec, phrases) in &self.policies {
            let hit = docs
                .iter()
                .find_map(|(path, outline)| Some((path.clone(), first_line(outline, phrases)?)));
            if let Some((path, line)) = hit {
                found.push((path, line, &spec.title));
            }
        }
        if found.is_empty() {
            return Outcome::pass();
        }
        found.sort();
        let findings: Vec<Finding> = found
            .iter()
            .map(|(path, line, title)| {
                Finding::new(format!("contributors must {title}")).at_line(path.as_str(), *line)
            })
            .collect();
        // Information, not a defect: full credit, findings shown as notes.
        Outcome::partial(1.0, 1.0, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> ContributionPolicy {
        let spec = |title: &str, p: &[&str]| PolicySpec {
            title: title.into(),
            phrases: p.iter().map(|s| s.to_string()).collect(),
        };
        ContributionPolicy::new(BTreeMap::from([
            (
                "dco".to_string(),
                spec(
                    "sign off every commit (DCO)",
                    &["signed-off-by", "git commit -s"],
                ),
            ),
            (
                "claim".to_string(),
                spec("claim the issue first", &["/take"]),
            ),
        ]))
    }

    fn run(files: &[(&str, &str)]) -> Outcome {
        crate::checks::run_on(&check(), files)
    }

    #[test]
    fn lists_policies_with_their_lines() {
        let guide = "# Contributing\n\nComment `/take` on an issue to claim it.\n\n```\ngit commit -s -m \"fix\"\n```\n";
        let outcome = run(&[("CONTRIBUTING.md", guide)]);
        let notes: Vec<_> = outcome
            .findings()
            .iter()
            .map(|f| (f.message.as_str(), f.location.as_ref().and_then(|l| l.line)))
            .collect();
        assert_eq!(
            notes,
            [
                ("contributors must claim the issue first", Some(3)),
                ("contributors must sign off every commit (DCO)", Some(6)),
            ]
        );
        assert_eq!(
            run(&[("CONTRIBUTING.md", "# C\n\nThanks!\n")]),
            Outcome::pass()
        );
        assert_eq!(run(&[("README.md", "x")]), Outcome::NotApplicable);
    }
}
