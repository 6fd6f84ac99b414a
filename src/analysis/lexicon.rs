//! Phrase matching for catalog lexicons: a lowercase phrase matches at word boundaries, and a
//! trailing `*` lets it match any word ending (`discuss*` matches "discussing", "discussion").
//!
//! Lexicon authors write plain phrases instead of regexes, which keeps `rules/*.toml` readable
//! and user-extensible; the boundaries keep `pr` from matching "previous" and `tox` "toxic".
//!
//! A label spelling ([`Phrase::label`]) is a literal phrase: no `*` syntax, an optional plural
//! `s` ("good first issues"), and it stands apart from letters and digits on both sides even
//! where it starts or ends with a symbol.

/// One phrase from a lexicon, normalised once when the check is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    text: String,
    prefix: bool,
    /// A trailing `s` may follow the phrase (a label named in the plural).
    plural: bool,
    /// Both edges are checked even where the phrase starts or ends with a symbol.
    bounded: bool,
}

impl Phrase {
    /// Normalises a lexicon entry: lowercase, single spaces, optional trailing `*`.
    pub fn new(raw: &str) -> Self {
        let raw = raw.trim();
        let (body, prefix) = match raw.strip_suffix('*') {
            Some(body) => (body, true),
            None => (raw, false),
        };
        Phrase {
            text: normalise(body),
            prefix,
            plural: false,
            bounded: false,
        }
    }

    /// A label spelling, taken literally (a trailing `*` is part of it): it matches where the
    /// character before it and the one after it (or after its plural `s`) are not letters or
    /// digits.
    pub fn label(spelling: &str) -> Self {
        Phrase {
            text: normalise(spelling),
            prefix: false,
            plural: true,
            bounded: true,
        }
    }

    /// Whether the phrase occurs in `haystack`, which must already be [`normalise`]d.
    pub fn found_in(&self, haystack: &str) -> bool {
        if self.text.is_empty() {
            return false;
        }
        let check_before = self.bounded || self.text.chars().next().is_some_and(is_word_char);
        let check_after = self.bounded || self.text.chars().next_back().is_some_and(is_word_char);
        let apart_after = |end: usize| !haystack[end..].chars().next().is_some_and(is_word_char);
        haystack.match_indices(&self.text).any(|(start, m)| {
            let before_ok = !check_before
                || !haystack[..start]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char);
            let end = start + m.len();
            let after_ok = self.prefix
                || !check_after
                || apart_after(end)
                || (self.plural && haystack[end..].starts_with('s') && apart_after(end + 1));
            before_ok && after_ok
        })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Lowercases and collapses whitespace so phrases match across line breaks and indentation.
pub fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Builds phrases from lexicon strings.
pub fn phrases(raw: &[String]) -> Vec<Phrase> {
    raw.iter().map(|r| Phrase::new(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_at_word_boundaries() {
        for (phrase, text, found) in [
            ("pr", "open a PR against main", true),
            ("pr", "the previous release", false),
            ("tox", "run tox -e lint", true),
            ("tox", "toxic comments", false),
            ("discuss*", "after discussing it", true),
            ("discuss", "after discussing it", false),
            ("good first issue", "the Good\n  First Issue label", true),
            ("pip install -e", "`pip install -e .`", true),
            ("pre-commit", "run pre-commit install", true),
            ("/take", "comment /take on it", true),
        ] {
            assert_eq!(
                Phrase::new(phrase).found_in(&normalise(text)),
                found,
                "{phrase} in {text}"
            );
        }
    }

    #[test]
    fn labels_allow_a_plural_and_bound_symbol_edges() {
        for (label, text, found) in [
            (
                "good first issue",
                "pick one of the good first issues.",
                true,
            ),
            ("good first issue", "a good first issue", true),
            ("good first issue", "a good first issuer", false),
            ("good first issue", "ungood first issue", false),
            ("good first issue", "good first issuess", false),
            ("\u{1f423} starter", "pick a \u{1f423} starter issue", true),
            (
                "\u{1f423} starter",
                "pick a x\u{1f423} starter issue",
                false,
            ),
            ("starter \u{1f423}", "a starter \u{1f423}s list", true),
            ("starter \u{1f423}", "a starter \u{1f423}x", false),
            ("easy*", "the easy* label", true),
            ("easy*", "the easyish label", false),
        ] {
            assert_eq!(
                Phrase::label(label).found_in(&normalise(text)),
                found,
                "{label} in {text}"
            );
        }
        assert!(Phrase::new("\u{1f423} starter").found_in("x\u{1f423} starter"));
    }
}
