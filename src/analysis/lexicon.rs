//! Phrase matching for catalog lexicons: a lowercase phrase matches at word boundaries, and a
//! trailing `*` lets it match any word ending (`discuss*` matches "discussing", "discussion").
//!
//! Lexicon authors write plain phrases instead of regexes, which keeps `rules/*.toml` readable
//! and user-extensible; the boundaries keep `pr` from matching "previous" and `tox` "toxic".

/// One phrase from a lexicon, normalised once when the check is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    text: String,
    prefix: bool,
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
        }
    }

    /// Whether the phrase occurs in `haystack`, which must already be [`normalise`]d.
    pub fn found_in(&self, haystack: &str) -> bool {
        if self.text.is_empty() {
            return false;
        }
        let starts_with_word = self.text.chars().next().is_some_and(is_word_char);
        let ends_with_word = self.text.chars().next_back().is_some_and(is_word_char);
        haystack.match_indices(&self.text).any(|(start, m)| {
            let before_ok = !starts_with_word
                || !haystack[..start]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char);
            let after_ok = self.prefix
                || !ends_with_word
                || !haystack[start + m.len()..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char);
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
}
