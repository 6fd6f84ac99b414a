//! `contributing-topics`: the contributing guide must cover what a first-time contributor needs
//! (setup, tests, style, the pull-request process, where beginner issues are…), one finding per
//! topic it does not cover.
//!
//! Topics and their keywords are catalog data (`[lexicon.contributing_topics]`): a topic counts as
//! covered when a heading mentions one of its heading keywords or the text (prose, inline code or
//! code blocks) contains one of its phrases, or a link points at a page on the topic, so
//! "## Running the tests", a bare `pytest tests/` block and a link to `docs/testing.md` all
//! satisfy "running the tests". Matching is generous on purpose: a false
//! "missing topic" on a good guide costs more trust than a missed gap. For the same reason a
//! guide that opens by sending newcomers to a fuller guide on the web (PyTorch's wiki) is scored
//! on what it covers, without findings: the rest may be on that page, which is not read offline.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::analysis::community::load_guide;
use crate::analysis::lexicon::{normalise, phrases, Phrase};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;
use crate::index::RepoIndex;

/// One topic of the lexicon as written in the catalog.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// What the topic is, for messages (`running the tests`).
    pub title: String,
    /// What the guide should say, for messages.
    pub hint: String,
    /// Heading keywords (phrases, see `phrases.rs`).
    #[serde(default)]
    pub headings: Vec<String>,
    /// Content phrases: commands and key phrases.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Link-target fragments (lowercase substrings) that show the guide sends readers to a page
    /// on the topic (`docs/source/en/testing.md`, a `good first issue` label search).
    #[serde(default)]
    pub links: Vec<String>,
    /// A condition on the repository: `docs` means only when the repository has documentation
    /// sources (Sphinx `conf.py` or `mkdocs.yml`).
    #[serde(default)]
    pub requires: Option<String>,
}

/// Params: which lexicon holds the topics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Name of the `[lexicon.NAME]` table of topics.
    pub lexicon: String,
}

struct Topic {
    spec: TopicSpec,
    headings: Vec<Phrase>,
    phrases: Vec<Phrase>,
}

/// The check instance.
pub struct ContributingTopics {
    topics: Vec<Topic>,
}

impl ContributingTopics {
    /// Builds the check from the topic lexicon; an unknown `requires` is an error.
    pub fn new(topics: BTreeMap<String, TopicSpec>) -> Result<Self, String> {
        let mut built = Vec::new();
        for (id, spec) in topics {
            if let Some(req) = &spec.requires {
                if req != "docs" {
                    return Err(format!(
                        "topic \"{id}\": unknown requires \"{req}\" (expected \"docs\")"
                    ));
                }
            }
            built.push(Topic {
                headings: phrases(&spec.headings),
                phrases: phrases(&spec.phrases),
                spec,
            });
        }
        Ok(ContributingTopics { topics: built })
    }
}

/// Whether the repository has documentation sources that a contributor might need to build.
pub fn has_docs(index: &RepoIndex) -> bool {
    index.has_file("mkdocs.yml")
        || index.has_file("mkdocs.yaml")
        || index.files().iter().any(|f| {
            f.name() == "conf.py" && (f.path.starts_with("docs/") || f.path.starts_with("doc/"))
        })
}

/// How close to the top a link must be to count as "read this first" (PyTorch's guide opens with
/// "If you're a new contributor, please first take a read through our Contributing Guide").
const OPENING_LINES: u32 = 10;

/// Whether the guide opens by sending new contributors to a contributing guide on the web.
fn defers_to_external_guide(outline: &crate::analysis::markdown::Outline) -> bool {
    outline.links.iter().any(|l| {
        let dest = l.dest.to_ascii_lowercase();
        l.line <= OPENING_LINES && dest.contains("://") && dest.contains("contribut")
    })
}

impl Check for ContributingTopics {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(guide) = load_guide(cx.index) else {
            return Outcome::NotApplicable;
        };
        if guide.points_elsewhere {
            return Outcome::NotApplicable;
        }
        let outline = &guide.outline;
        let headings: Vec<String> = outline
            .headings
            .iter()
            .map(|h| normalise(&h.text))
            .collect();
        let body = normalise(
            &outline
                .prose
                .iter()
                .map(|b| b.text.as_str())
                .chain(outline.code_blocks.iter().map(|b| b.text.as_str()))
                .chain(outline.headings.iter().map(|h| h.text.as_str()))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let docs = has_docs(cx.index);
        let mut possible = 0.0;
        let mut findings = Vec::new();
        for topic in &self.topics {
            if topic.spec.requires.as_deref() == Some("docs") && !docs {
                continue;
            }
            possible += 1.0;
            let covered = topic
                .headings
                .iter()
                .any(|p| headings.iter().any(|h| p.found_in(h)))
                || topic.phrases.iter().any(|p| p.found_in(&body))
                || outline.links.iter().any(|l| {
                    let dest = l.dest.to_lowercase();
                    topic.spec.links.iter().any(|k| dest.contains(k.as_str()))
                });
            if !covered {
                findings.push(
                    Finding::new(format!(
                        "contributing guide does not cover {}: {}",
                        topic.spec.title, topic.spec.hint
                    ))
                    .at(guide.path),
                );
            }
        }
        if defers_to_external_guide(outline) {
            // Topics it leaves out may well be on the page it sends newcomers to first, which
            // cannot be read offline: score only what it covers, report nothing.
            let covered = possible - findings.len() as f64;
            return Outcome::partial(covered, covered, Vec::new());
        }
        let earned = possible - findings.len() as f64;
        Outcome::partial(earned, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn check() -> ContributingTopics {
        let topic =
            |title: &str, headings: &[&str], phrases: &[&str], requires: Option<&str>| TopicSpec {
                title: title.into(),
                hint: "say how".into(),
                headings: headings.iter().map(|s| s.to_string()).collect(),
                phrases: phrases.iter().map(|s| s.to_string()).collect(),
                links: if title == "running the tests" {
                    vec!["testing".to_string()]
                } else {
                    vec![]
                },
                requires: requires.map(str::to_string),
            };
        ContributingTopics::new(BTreeMap::from([
            (
                "tests".to_string(),
                topic("running the tests", &["test*"], &["pytest"], None),
            ),
            (
                "docs".to_string(),
                topic(
                    "building the docs",
                    &["documentation"],
                    &["make html"],
                    Some("docs"),
                ),
            ),
            (
                "beginner".to_string(),
                topic(
                    "where beginner issues are",
                    &[],
                    &["good first issue"],
                    None,
                ),
            ),
        ]))
        .expect("valid")
    }

    fn missing(files: &[(&str, &str)]) -> Vec<String> {
        crate::checks::run_on(&check(), files)
            .findings()
            .iter()
            .map(|f| f.message.split(':').next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn topics_are_found_by_heading_or_content() {
        let by_heading = "# Contributing\n\n## Testing\n\nLook for the good first issue label.\n";
        assert!(missing(&[("CONTRIBUTING.md", by_heading)]).is_empty());
        let by_command = "# Contributing\n\n```\npytest tests/\n```\n\nPick a Good First Issue.\n";
        assert!(missing(&[("CONTRIBUTING.md", by_command)]).is_empty());
        let by_link = "# C\n\nSee [how we test](docs/testing.md) and the good first issue label.\n";
        assert!(missing(&[("CONTRIBUTING.md", by_link)]).is_empty());
        let defers = "Newcomers: first read our [guide](https://github.com/o/r/wiki/Contributing).\n\n## Unit testing\n\nRun pytest.\n";
        assert!(missing(&[("CONTRIBUTING.md", defers)]).is_empty());
        let neither = "# Contributing\n\nThanks for your interest.\n";
        assert_eq!(
            missing(&[("CONTRIBUTING.md", neither)]),
            [
                "contributing guide does not cover where beginner issues are",
                "contributing guide does not cover running the tests"
            ]
        );
    }

    #[test]
    fn docs_topic_only_when_the_repo_has_docs() {
        let guide = ("CONTRIBUTING.md", "# C\n\npytest; good first issue\n");
        assert!(missing(&[guide]).is_empty());
        assert_eq!(missing(&[guide, ("docs/conf.py", "x = 1\n")]).len(), 1);
    }

    #[test]
    fn no_guide_or_a_pointer_is_not_applicable() {
        let index = RepoIndex::from_files(&[("README.md", "# x\n")]);
        let settings = Settings::default();
        let cx = CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        };
        assert_eq!(check().run(&cx), Outcome::NotApplicable);
        let pointer = "See the [contributing guide](https://example.org/dev/contributing.html).\n";
        let index = RepoIndex::from_files(&[("CONTRIBUTING.md", pointer)]);
        let cx = CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        };
        assert_eq!(check().run(&cx), Outcome::NotApplicable);
    }
}
