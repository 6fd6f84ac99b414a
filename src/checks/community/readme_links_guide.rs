//! `readme-links-guide`: README should point readers at the contributing guide, because README is
//! the page everyone reads and the guide is the one newcomers need next.
//!
//! Any link whose target mentions "contribut…" counts (the file, or the project's contributing
//! page on its docs site), and so does naming the file in text (`see CONTRIBUTING.md`).

use serde::Deserialize;

use crate::analysis::community::{find_guide, find_readme};
use crate::analysis::markdown::Outline;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none; strict so a typo in a user override is reported.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct ReadmeLinksGuide;

impl ReadmeLinksGuide {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        ReadmeLinksGuide
    }
}

impl Check for ReadmeLinksGuide {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let (Some(readme), Some(guide)) = (find_readme(cx.index), find_guide(cx.index)) else {
            return Outcome::NotApplicable;
        };
        let Some(outline) = cx.index.artifact::<Outline>(&readme.path) else {
            return Outcome::NotApplicable;
        };
        let linked = outline
            .links
            .iter()
            .any(|l| l.dest.to_lowercase().contains("contribut"));
        let named = outline
            .prose
            .iter()
            .map(|b| b.text.as_str())
            .chain(outline.inline_code.iter().map(|c| c.text.as_str()))
            .any(|t| {
                let lower = t.to_lowercase();
                lower.contains("contributing.md")
                    || lower.contains("contributing.rst")
                    || lower.contains(&guide.name().to_lowercase())
            });
        if linked || named {
            return Outcome::pass();
        }
        Outcome::all_or_nothing(vec![Finding::new(format!(
            "{} does not link to the contributing guide ({})",
            readme.path, guide.path
        ))
        .at(&readme.path)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    fn run(readme: &str) -> Outcome {
        let index =
            RepoIndex::from_files(&[("README.md", readme), (".github/CONTRIBUTING.md", "# C\n")]);
        let settings = Settings::default();
        ReadmeLinksGuide::new(Params {}).run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        })
    }

    #[test]
    fn a_link_or_the_file_name_counts() {
        assert_eq!(
            run("See [how to contribute](.github/CONTRIBUTING.md).\n"),
            Outcome::pass()
        );
        assert_eq!(
            run("Read the [guide](https://lib.org/docs/contributing.html).\n"),
            Outcome::pass()
        );
        assert_eq!(run("Please read CONTRIBUTING.md first.\n"), Outcome::pass());
        let missing = run("# m\n\nA model library.\n");
        assert_eq!(
            missing.findings()[0].message,
            "README.md does not link to the contributing guide (.github/CONTRIBUTING.md)"
        );
    }
}
