//! A cheap first pass for checks that run a set of patterns on every line of a file: one search
//! of the whole text names the lines a match can be on, and only those need the per-line search.
//!
//! Running a [`regex::RegexSet`] on each line of every test file was most of `tests-offline`'s
//! time, although almost no line matches: per call overhead, and Unicode word boundaries (`\b`)
//! that send the search to the slow NFA simulation wherever a line holds a non-ASCII character.
//!
//! The trick: the patterns are relaxed by dropping every look-around assertion (`^`, `$`, `\b`).
//! A relaxed pattern matches every span the original matches, whatever surrounds it, so a match
//! of the original on a line (or on any part of a line) is a match of the relaxed patterns in
//! the whole text, and a leftmost search of the text returns a match overlapping it. With no
//! assertion left, the search stays on the fast lazy DFA in any text. Large classes (Unicode
//! `\w`) are widened to any character for the same reason: a superset still names every line,
//! and the relaxed test-hardware patterns, built and searched, took 70 M instructions of a
//! one-thread pytorch-lightning scan with Unicode `\w` and 46 M without.

use std::sync::OnceLock;

use regex::Regex;

use super::ascii_words::catalog_words;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

/// The lines of a text that a match of some pattern can be on.
#[derive(Debug)]
pub struct LinePrefilter {
    patterns: Vec<String>,
    /// The relaxed patterns as one alternation, built on first use; `None` when a pattern could
    /// not be relaxed or compiled, and then every line is a candidate.
    relaxed: OnceLock<Option<Regex>>,
}

impl LinePrefilter {
    /// A prefilter for these (valid) patterns; nothing is compiled until the first search.
    pub fn new<I, S>(patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        LinePrefilter {
            patterns: patterns.into_iter().map(Into::into).collect(),
            relaxed: OnceLock::new(),
        }
    }

    /// The 0-based lines of `text` (as `str::lines` counts them) on which one of the patterns
    /// may match, ascending. Every line where one does match is among them.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let Some(relaxed) = self.relaxed.get_or_init(|| relax_all(&self.patterns)) else {
            return (0..text.lines().count()).collect();
        };
        let mut lines: Vec<usize> = Vec::new();
        // The line of byte `counted` is `line`: newlines are counted once, as the matches advance.
        let (mut counted, mut line) = (0, 0);
        let mut line_of = |offset: usize| {
            line += newlines(&text.as_bytes()[counted..offset]);
            counted = offset;
            line
        };
        for m in relaxed.find_iter(text) {
            if m.start() == text.len() && (text.is_empty() || text.ends_with('\n')) {
                // An empty match after the last line.
                break;
            }
            let first = line_of(m.start());
            // The line of the match's last byte: a match ending with a newline ends on its line.
            let last = line_of(m.end().saturating_sub(1).max(m.start()));
            let from = lines.last().map_or(first, |&l| first.max(l + 1));
            lines.extend(from..=last);
        }
        lines
    }
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// One regex matching every span any of `patterns` matches, in any context.
fn relax_all(patterns: &[String]) -> Option<Regex> {
    let relaxed = patterns
        .iter()
        // Relaxed as the checks compile them: a shipped pattern reads words ASCII-wise.
        .map(|p| {
            regex_syntax::parse(&catalog_words(p))
                .ok()
                .map(without_assertions)
        })
        .collect::<Option<Vec<Hir>>>()?;
    Regex::new(&Hir::alternation(relaxed).to_string()).ok()
}

/// `hir` with every look-around assertion replaced by the empty match (and capture groups,
/// which do not change what matches, dropped).
fn without_assertions(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) | HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(widened(class)),
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(without_assertions(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(capture) => without_assertions(*capture.sub),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(without_assertions).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(without_assertions).collect())
        }
    }
}

/// Past this many ranges a class (Unicode `\w` has some seven hundred) is widened to any
/// character: every range is a piece of UTF-8 automaton to compile, and the prefilter only has
/// to match a superset of what the patterns match.
const WIDEN_PAST_RANGES: usize = 32;

/// `class`, or any character (but a line break, if `class` has none) when it has so many
/// ranges that compiling it costs more than a looser prefilter does.
fn widened(class: Class) -> Class {
    let Class::Unicode(unicode) = &class else {
        return class;
    };
    if unicode.ranges().len() <= WIDEN_PAST_RANGES {
        return class;
    }
    let mut any = ClassUnicode::new([ClassUnicodeRange::new('\0', char::MAX)]);
    if !unicode
        .ranges()
        .iter()
        .any(|r| r.start() <= '\n' && '\n' <= r.end())
    {
        any.difference(&ClassUnicode::new([ClassUnicodeRange::new('\n', '\n')]));
    }
    Class::Unicode(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines where one of `patterns` matches the line alone, as a per-line check sees it.
    fn matching_lines(patterns: &[&str], text: &str) -> Vec<usize> {
        let set = regex::RegexSet::new(patterns).expect("valid");
        text.lines()
            .enumerate()
            .filter(|(_, l)| set.is_match(l))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn never_skips_a_line_the_patterns_match() {
        let patterns = [
            r"^\s*(self\.)?device\s*=\s*cuda$",
            r"\bload_dataset\(",
            r"(?i)mock",
            r"\.cuda\(\s*\)",
            r"\btorch\.\w+\([^)]*\bdevice",
            r"\Aonly_first\z",
            r"caf(é|e)",
        ];
        let text =
            "import x\nédevice = cuda\r\n  device = cuda\n# load_dataset(\nxload_dataset(a)\n\
                    torch.zeros(1,\n  device)\nMOCK\nx.cuda(\n)\nonly_first\n\ncafé\nlast.cuda()";
        let candidates = LinePrefilter::new(patterns).candidates(text);
        let matching = matching_lines(&patterns, text);
        assert!(!matching.is_empty());
        for line in &matching {
            assert!(candidates.contains(line), "line {line}: {candidates:?}");
        }
        assert!(
            !candidates.contains(&0),
            "a line no pattern can match is skipped"
        );
        let mut sorted = candidates.clone();
        sorted.dedup();
        assert_eq!(sorted, candidates, "ascending, each line once");
    }

    #[test]
    fn a_match_spanning_lines_names_each_and_none_past_the_end() {
        let prefilter = LinePrefilter::new([r"a\s+b", r"\n"]);
        assert_eq!(prefilter.candidates("a\n\nb\nc\n"), [0, 1, 2, 3]);
        assert_eq!(prefilter.candidates("x\n"), [0]);
        let empty = LinePrefilter::new([r"x*"]);
        assert_eq!(
            empty.candidates("x\n"),
            [0],
            "an empty match at the end is no line"
        );
        assert_eq!(empty.candidates("x"), [0]);
        assert_eq!(empty.candidates(""), Vec::<usize>::new());
    }

    #[test]
    fn a_large_class_widens_to_any_character_but_the_line_breaks_it_excludes() {
        let word = regex_syntax::parse(r"\w").expect("parses");
        let HirKind::Class(class) = word.into_kind() else {
            panic!("a class");
        };
        let Class::Unicode(widened) = widened(class) else {
            panic!("a Unicode class");
        };
        assert!(
            widened.ranges().len() == 2
                && !widened
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= '\n' && '\n' <= r.end())
        );
        let prefilter = LinePrefilter::new([r"\btorch\.\w+\("]);
        assert_eq!(prefilter.candidates("x = torch.zeros(1)\n"), [0]);
        assert_eq!(
            prefilter.candidates("torch.\nzeros(1)\n"),
            Vec::<usize>::new()
        );
        assert_eq!(LinePrefilter::new([r"a\sb"]).candidates("a\nb\n"), [0, 1]);
    }

    #[test]
    fn an_unrelaxable_pattern_makes_every_line_a_candidate() {
        let prefilter = LinePrefilter::new([r"\w{1000}{1000}"]);
        assert_eq!(prefilter.candidates("a\nb\n"), [0, 1]);
    }
}
