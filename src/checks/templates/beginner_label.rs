//! `beginner-label`: somewhere a newcomer would look, a beginner label is applied or named.
//!
//! Evidence, any of: a template that applies a beginner label (GitHub front matter or form
//! `labels`, GitLab `/label ~"…"`); a labels file that defines one; the contributing guide or
//! README naming one. Large ML projects name the label in their guide rather than in a
//! template, so the guide counts as much as a template does.
//!
//! In a guide, a multi-word label ("good first issue", "help wanted") counts wherever it is
//! written, including label-query links (`…/labels/good%20first%20issue`,
//! `is:issue label:"good first issue"`, `label%3A%22good+first+issue%22`). A one-word label
//! ("easy", "beginner", "starter") is an ordinary word too, so it counts only where it is
//! clearly a label: in a label query, in inline code, or next to the word "label".
//!
//! Labels in `partial` (by default `help wanted`) earn half credit: they invite help but do not
//! promise a task a beginner can finish.
//!
//! A multi-word label is a plain phrase in the one lexicon syntax ([`Phrase::label`]: plural
//! allowed, apart from letters and digits on both sides). A one-word label keeps a regex of
//! its own: "next to the word label, after `label:` or `labels/`, or in backticks" is context
//! around the word, which a phrase cannot say.

use serde::Deserialize;

use crate::analysis::community::name_matches;
use crate::analysis::lazy_regex::LazyRegex;
use crate::analysis::lexicon::Phrase;
use crate::analysis::templates::{self, normalize_label};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::error::Error;
use crate::finding::Finding;

/// Params: which guides to read.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Guide file stems, any case (`CONTRIBUTING`, `README`).
    pub guides: Vec<String>,
    /// Folders to look in; `""` is the root.
    pub dirs: Vec<String>,
    /// Accepted extensions without the dot; `""` is no extension.
    pub exts: Vec<String>,
    /// The catalog lexicon of label spellings (`beginner_labels`).
    #[serde(default = "default_lexicon")]
    pub lexicon: String,
}

fn default_lexicon() -> String {
    "beginner_labels".to_string()
}

/// Lexicon `beginner_labels`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeginnerLabels {
    /// Labels that mark a task for beginners.
    pub labels: Vec<String>,
    /// Labels that earn partial credit.
    #[serde(default)]
    pub partial: Vec<String>,
}

/// One label, normalised, with what finds it in prose.
struct Label {
    normalized: String,
    prose: Prose,
}

/// How a label is found in a guide's normalised text.
enum Prose {
    /// A multi-word label, wherever it is written.
    Phrase(Phrase),
    /// A one-word label, only where the context around it says it is a label.
    InContext(LazyRegex),
}

/// The check instance.
pub struct BeginnerLabel {
    params: Params,
    full: Vec<Label>,
    partial: Vec<Label>,
}

impl BeginnerLabel {
    /// Builds the lexicon's labels: phrases for multi-word labels, context patterns for one-word ones.
    pub fn new(params: Params, lexicon: BeginnerLabels) -> Result<Self, Error> {
        let compile = |labels: &[String]| -> Result<Vec<Label>, Error> {
            labels.iter().map(|l| Label::new(l)).collect()
        };
        Ok(BeginnerLabel {
            full: compile(&lexicon.labels)?,
            partial: compile(&lexicon.partial)?,
            params,
        })
    }

    fn is_guide(&self, name: &str) -> bool {
        // An empty `exts` list reads no guide (rather than any file named like one).
        !self.params.exts.is_empty()
            && name_matches(name, &self.params.guides, &self.params.exts, false)
    }
}

impl Label {
    /// A multi-word label becomes a [`Phrase`]; a one-word label a regex of its label context.
    fn new(label: &str) -> Result<Self, Error> {
        let normalized = normalize_label(label);
        if normalized.contains(' ') {
            return Ok(Label {
                prose: Prose::Phrase(Phrase::label(&normalized)),
                normalized,
            });
        }
        let escaped = regex::escape(&normalized);
        let (before, after) = boundaries(&normalized);
        // A one-word label only where it is plainly a label: `label:easy`, `labels/easy`,
        // `label "easy"`, `"easy" label`, or `easy` in inline code.
        let quoted_before = if before == WORD_EDGE {
            // Quotes that follow a start or a non-word character (`\B` there), or none.
            r#"(?:\B["'`*]+|\b)"#.to_string()
        } else {
            format!(r#"{before}["'`*]*"#)
        };
        let pattern = format!(
            r#"label(?:s|ed|led)?\s*[:/=]?\s*["'`*]*{escaped}{after}|{quoted_before}{escaped}["'`*]*\s+labels?\b|`{escaped}`"#
        );
        let prose = Prose::InContext(LazyRegex::escaped(pattern));
        Ok(Label { normalized, prose })
    }

    /// Whether the label occurs in `prose`, text already put through [`normalize_label`].
    fn found_in(&self, prose: &str) -> bool {
        match &self.prose {
            Prose::Phrase(phrase) => phrase.found_in(prose),
            Prose::InContext(regex) => regex.is_match(prose),
        }
    }
}

/// A word boundary: where a label starts or ends with a letter or digit, it says what
/// `[^\p{L}\p{N}]` says, at a small part of the cost (that class takes some five million
/// instructions to compile per use, once the largest fixed cost of a scan).
const WORD_EDGE: &str = r"\b";

/// The patterns that must come before and after a label for it to stand alone.
fn boundaries(label: &str) -> (String, String) {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = if word(label.chars().next()) {
        WORD_EDGE.to_string()
    } else {
        r"(?:^|[^\p{L}\p{N}])".to_string()
    };
    let after = if word(label.chars().next_back()) {
        WORD_EDGE.to_string()
    } else {
        r"(?:[^\p{L}\p{N}]|$)".to_string()
    };
    (before, after)
}

/// What was found and where, for the finding.
enum Evidence {
    Full,
    Partial(String),
    None,
}

impl BeginnerLabel {
    fn evidence(&self, cx: &CheckCtx) -> Evidence {
        let mut partial: Option<String> = None;
        let mut names = Vec::new();
        for template in templates::issue_templates(cx.index) {
            names.extend(
                template
                    .labels
                    .iter()
                    .map(|(l, _)| (normalize_label(l), template.path.clone())),
            );
        }
        for file in templates::labels_files(cx.index) {
            names.extend(
                file.names
                    .iter()
                    .map(|l| (normalize_label(l), file.path.clone())),
            );
        }
        for (name, path) in &names {
            if self.full.iter().any(|l| &l.normalized == name) {
                return Evidence::Full;
            }
            if partial.is_none() && self.partial.iter().any(|l| &l.normalized == name) {
                partial = Some(path.clone());
            }
        }
        for dir in &self.params.dirs {
            for file in cx.index.files_in(dir) {
                if !self.is_guide(file.name()) {
                    continue;
                }
                let Some(text) = cx.index.text(&file.path) else {
                    continue;
                };
                let prose = normalize_label(text);
                if self.full.iter().any(|l| l.found_in(&prose)) {
                    return Evidence::Full;
                }
                if partial.is_none() && self.partial.iter().any(|l| l.found_in(&prose)) {
                    partial = Some(file.path.clone());
                }
            }
        }
        partial.map_or(Evidence::None, Evidence::Partial)
    }
}

impl Check for BeginnerLabel {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let first = self
            .full
            .first()
            .map_or_else(String::new, |l| format!(" such as \"{}\"", l.normalized));
        match self.evidence(cx) {
            Evidence::Full => Outcome::pass(),
            Evidence::Partial(path) => Outcome::partial(
                0.5,
                1.0,
                vec![Finding::new(format!(
                    "only a help-wanted label is named (in {path}); no beginner label{first} is applied by a template or named in the guide"
                ))],
            ),
            Evidence::None => Outcome::all_or_nothing(vec![Finding::new(format!(
                "no beginner label{first} is applied by a template, defined in a labels file, or named in the contributing guide or README"
            ))]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    fn check() -> BeginnerLabel {
        BeginnerLabel::new(
            Params {
                guides: vec!["CONTRIBUTING".into(), "README".into()],
                dirs: vec!["".into(), ".github".into(), "docs".into()],
                exts: vec!["md".into(), "rst".into(), "".into()],
                lexicon: default_lexicon(),
            },
            BeginnerLabels {
                labels: [
                    "good first issue",
                    "good-first-issue",
                    "beginner",
                    "easy",
                    "first-timers-only",
                ]
                .map(String::from)
                .to_vec(),
                partial: vec!["help wanted".into()],
            },
        )
        .expect("compiles")
    }

    fn earned(files: &[(&str, &str)]) -> f64 {
        match crate::checks::run_on(&check(), files) {
            Outcome::Scored {
                earned, possible, ..
            } => earned / possible,
            Outcome::NotApplicable => -1.0,
        }
    }

    #[test]
    fn guides_name_the_label_in_many_ways() {
        for (text, credit) in [
            ("Pick an issue labelled Good First Issue.", 1.0),
            ("See [issues](https://github.com/o/r/labels/good%20first%20issue).", 1.0),
            ("[here](https://github.com/o/r/issues?q=is%3Aopen+is%3Aissue+label%3A%22good+first+issue%22)", 1.0),
            ("search `is:issue label:\"good-first-issue\"`", 1.0),
            ("Look for the `easy` label.", 1.0),
            ("Issues tagged with the beginner label are a good start.", 1.0),
            ("Check issues with label:first-timers-only", 1.0),
            ("Issues marked [help wanted](https://github.com/o/r/labels/help%20wanted).", 0.5),
            ("It is easy to install. A beginner can run it.", 0.0),
            ("Pick one of the good first issues.", 1.0),
            ("Ungood first issue lists do not count, nor a good first issuer.", 0.0),
            ("Look for the \"easy\" label.", 1.0),
            ("Look for the uneasy label.", 0.0),
            ("# Project\n", 0.0),
        ] {
            assert_eq!(earned(&[("CONTRIBUTING.md", text)]), credit, "{text}");
        }
    }

    #[test]
    fn a_label_that_ends_in_a_symbol_keeps_the_letter_class_boundary() {
        assert_eq!(
            boundaries("good first issue"),
            (WORD_EDGE.into(), WORD_EDGE.into())
        );
        let (before, after) = boundaries("\u{1f423} starter \u{1f423}");
        assert!(before.contains(r"\p{L}") && after.contains(r"\p{L}"));
        let label = Label::new("\u{1f423} starter").expect("compiles");
        assert!(label.found_in("pick a \u{1f423} starter issue"));
        assert!(!label.found_in("pick a x\u{1f423} starterkit"));
        assert!(!label.found_in("pick a x\u{1f423} starter issue"));
        let one_word = Label::new("\u{1f423}starter").expect("compiles");
        assert!(one_word.found_in("the `\u{1f423}starter` label"));
        assert!(!one_word.found_in("x\u{1f423}starter label"));
    }

    #[test]
    fn config_extends_the_lexicon() {
        let mut catalog = crate::catalog::Catalog::embedded().expect("catalog");
        let extra: toml::Table =
            toml::from_str("[beginner_labels]\nlabels = [\"first contribution\"]").expect("toml");
        catalog.lexicons.extend(&extra);
        let lexicon: BeginnerLabels = catalog.lexicons.get("beginner_labels").expect("lexicon");
        assert!(lexicon.labels.iter().any(|l| l == "good first issue"));
        let check = BeginnerLabel::new(
            Params {
                guides: vec!["CONTRIBUTING".into()],
                dirs: vec!["".into()],
                exts: vec!["md".into()],
                lexicon: default_lexicon(),
            },
            lexicon,
        )
        .expect("compiles");
        let index = RepoIndex::from_files(&[(
            "CONTRIBUTING.md",
            "Start with an issue labelled first-contribution.",
        )]);
        let settings = Settings::default();
        let outcome = check.run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        });
        assert_eq!(outcome, Outcome::pass());
    }

    #[test]
    fn templates_and_labels_files_count() {
        assert_eq!(
            earned(&[(
                ".github/ISSUE_TEMPLATE/starter.md",
                "---\nname: Starter\nabout: x\nlabels: good-first-issue, docs\n---\n"
            )]),
            1.0
        );
        assert_eq!(
            earned(&[(
                ".gitlab/issue_templates/Easy.md",
                "Task\n/label ~\"Good First Issue\"\n"
            )]),
            1.0
        );
        assert_eq!(
            earned(&[(".github/labels.yml", "- name: beginner\n  color: 00ff00\n")]),
            1.0
        );
        assert_eq!(earned(&[("src/CONTRIBUTING.md", "good first issue")]), 0.0);
    }
}
