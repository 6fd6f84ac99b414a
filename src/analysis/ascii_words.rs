//! Built-in patterns read words ASCII-wise: `\w`, `\W`, `\b` and `\B` are rewritten to their
//! ASCII forms before the pattern is compiled.
//!
//! Unicode `\w` is some seven hundred ranges, and every occurrence becomes its own UTF-8
//! automaton: the built-in patterns spent most of their compile time there (the mapping-keys
//! evidence pattern, 5.3 ms → 1.3 ms; regex compilation was a fifth of a one-thread
//! pytorch-lightning scan). A Unicode `\b` also stops the lazy DFA at the first non-ASCII byte
//! of a text, so a docstring with a `×` or a `’` was searched by the slower engines. The
//! patterns look for English words and Python identifiers in English prose; where they meet
//! other scripts, an ASCII word boundary keeps `keys值` a match for `\bkeys\b`.
//!
//! Only the rule modules' own patterns are rewritten. The catalog's patterns compile as written:
//! a user's config can extend or override them, and one pattern must not match differently
//! with a config than without. A pattern that spells a non-ASCII letter (`größe`), whose
//! boundaries an ASCII `\b` would no longer see, is left as written too.

use std::borrow::Cow;

use regex::Regex;
use regex_syntax::ast::{
    self, Assertion, AssertionKind, Ast, ClassAscii, ClassAsciiKind, ClassBracketed, ClassPerl,
    ClassPerlKind, ClassSet, ClassSetItem, Flag, Flags, FlagsItem, FlagsItemKind, Group, GroupKind,
};

/// Compiles a pattern of the project's own, with words read ASCII-wise. For the statics of
/// the rule modules: a unit test of each module compiles its patterns.
pub fn builtin_regex(pattern: &str) -> Regex {
    Regex::new(&ascii_words(pattern)).unwrap_or_else(|e| panic!("built-in pattern: {e}"))
}

/// `pattern` with `\w`, `\W`, `\b` and `\B` in their ASCII forms; unchanged when it spells a
/// non-ASCII letter or does not parse (compiling it then reports the error as written).
pub fn ascii_words(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains('\\')
        || pattern
            .chars()
            .any(|c| !c.is_ascii() && c.is_alphanumeric())
    {
        return Cow::Borrowed(pattern);
    }
    let Ok(mut parsed) = ast::parse::Parser::new().parse(pattern) else {
        return Cow::Borrowed(pattern);
    };
    if !rewrite(&mut parsed) {
        return Cow::Borrowed(pattern);
    }
    let mut printed = String::with_capacity(pattern.len() + 16);
    match ast::print::Printer::new().print(&parsed, &mut printed) {
        Ok(()) => Cow::Owned(printed),
        Err(_) => Cow::Borrowed(pattern),
    }
}

/// Rewrites `node` in place; whether anything changed.
fn rewrite(node: &mut Ast) -> bool {
    match node {
        Ast::ClassPerl(perl) if perl.kind == ClassPerlKind::Word => {
            let span = perl.span;
            *node = Ast::class_bracketed(ClassBracketed {
                span,
                negated: perl.negated,
                kind: ClassSet::Item(ascii_word(&ClassPerl {
                    span,
                    kind: ClassPerlKind::Word,
                    negated: false,
                })),
            });
            true
        }
        Ast::Assertion(assertion) if is_word_boundary(&assertion.kind) => {
            let span = assertion.span;
            let inner = Ast::assertion(Assertion {
                span,
                kind: assertion.kind.clone(),
            });
            *node = Ast::group(Group {
                span,
                kind: GroupKind::NonCapturing(without_unicode(span)),
                ast: Box::new(inner),
            });
            true
        }
        Ast::ClassBracketed(class) => rewrite_set(&mut class.kind),
        Ast::Repetition(repetition) => rewrite(&mut repetition.ast),
        Ast::Group(group) => rewrite(&mut group.ast),
        Ast::Alternation(alternation) => alternation
            .asts
            .iter_mut()
            .fold(false, |changed, a| rewrite(a) | changed),
        Ast::Concat(concat) => concat
            .asts
            .iter_mut()
            .fold(false, |changed, a| rewrite(a) | changed),
        _ => false,
    }
}

/// Rewrites the `\w` and `\W` inside a bracketed class.
fn rewrite_set(set: &mut ClassSet) -> bool {
    match set {
        ClassSet::Item(item) => rewrite_item(item),
        ClassSet::BinaryOp(op) => rewrite_set(&mut op.lhs) | rewrite_set(&mut op.rhs),
    }
}

fn rewrite_item(item: &mut ClassSetItem) -> bool {
    match item {
        ClassSetItem::Perl(perl) if perl.kind == ClassPerlKind::Word => {
            *item = ascii_word(perl);
            true
        }
        ClassSetItem::Bracketed(class) => rewrite_set(&mut class.kind),
        ClassSetItem::Union(union) => union
            .items
            .iter_mut()
            .fold(false, |changed, i| rewrite_item(i) | changed),
        _ => false,
    }
}

/// `[:word:]` (or `[:^word:]`) for a `\w` (or `\W`): ASCII classes are ASCII in Unicode mode too.
fn ascii_word(perl: &ClassPerl) -> ClassSetItem {
    ClassSetItem::Ascii(ClassAscii {
        span: perl.span,
        kind: ClassAsciiKind::Word,
        negated: perl.negated,
    })
}

fn is_word_boundary(kind: &AssertionKind) -> bool {
    !matches!(
        kind,
        AssertionKind::StartLine
            | AssertionKind::EndLine
            | AssertionKind::StartText
            | AssertionKind::EndText
    )
}

/// The `-u` of `(?-u:…)`.
fn without_unicode(span: ast::Span) -> Flags {
    Flags {
        span,
        items: vec![
            FlagsItem {
                span,
                kind: FlagsItemKind::Negation,
            },
            FlagsItem {
                span,
                kind: FlagsItemKind::Flag(Flag::Unicode),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_classes_and_boundaries_become_ascii() {
        let cases = [
            (r"(?i)\bkeys?\b", r"(?i)(?-u:\b)keys?(?-u:\b)"),
            (r"\w+\W\B", r"[[:word:]]+[^[:word:]](?-u:\B)"),
            (r"[\w.*`]+[^\W\d]", r"[[:word:].*`]+[^[:^word:]\d]"),
            (r"^\s*(\w+)$", r"^\s*([[:word:]]+)$"),
            (r"\d\s\pL", r"\d\s\pL"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(ascii_words(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn patterns_spelling_other_letters_or_not_parsing_are_left_alone() {
        for pattern in [r"\bgröße\b", r"(\w", "plain", r"→\w"] {
            let rewritten = ascii_words(pattern);
            if pattern == r"→\w" {
                assert_eq!(rewritten, "→[[:word:]]");
            } else {
                assert!(matches!(rewritten, Cow::Borrowed(_)), "{pattern}");
            }
        }
    }

    #[test]
    fn the_rewritten_pattern_matches_ascii_text_as_before_and_other_scripts_ascii_wise() {
        let pattern = r"(?i)\bmapping\s+\w+[^.]{0,80}\bto\b|\bkeys?\b";
        let unicode = Regex::new(pattern).expect("pattern");
        let ascii = builtin_regex(pattern);
        for text in [
            "a mapping from names to ids",
            "Keys of the dict.",
            "monkeys",
            "no",
        ] {
            assert_eq!(unicode.is_match(text), ascii.is_match(text), "{text}");
        }
        assert!(!unicode.is_match("keys值"));
        assert!(ascii.is_match("keys值"));
    }
}
