//! `stub-guide`: a contributing guide too short to help ("PRs welcome!") is reported, so its
//! presence does not hide that a newcomer still has to guess everything.
//!
//! Words are counted in prose and headings only: a guide that is one long code block of commands
//! with no explanation is still a stub. A short guide that only points to a fuller guide on the
//! web is not reported (it cannot be judged offline, and sending readers there is deliberate).

use serde::Deserialize;

use crate::analysis::community::load_guide;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: the word count below which a guide is a stub.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Minimum words of prose and headings.
    pub min_words: usize,
}

/// The check instance.
pub struct StubGuide {
    params: Params,
}

impl StubGuide {
    /// Instantiates the check with validated params.
    pub fn new(params: Params) -> Self {
        StubGuide { params }
    }
}

impl Check for StubGuide {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(guide) = load_guide(cx.index) else {
            return Outcome::NotApplicable;
        };
        let words = guide.outline.prose_words();
        if words >= self.params.min_words || guide.points_elsewhere {
            return Outcome::pass();
        }
        Outcome::all_or_nothing(vec![Finding::new(format!(
            "contributing guide has {words} words of text, fewer than the {} a newcomer needs to set up, test and submit a change",
            self.params.min_words
        ))
        .at(guide.path)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Outcome {
        crate::checks::run_on(&StubGuide::new(Params { min_words: 20 }), files)
    }

    #[test]
    fn short_guides_are_stubs() {
        let stub = run(&[("CONTRIBUTING.md", "# Contributing\n\nPRs welcome!\n\n```\nmake a b c d e f g h i j k l m n o p q r s t u\n```\n")]);
        assert!(stub.findings()[0]
            .message
            .starts_with("contributing guide has 3 words"));
        let long = "word ".repeat(25);
        assert_eq!(run(&[("CONTRIBUTING.md", &long)]), Outcome::pass());
        assert_eq!(run(&[("README.md", "x")]), Outcome::NotApplicable);
        let pointer = "See [the guide](https://example.org/contributing).\n";
        assert_eq!(run(&[("CONTRIBUTING.md", pointer)]), Outcome::pass());
    }
}
