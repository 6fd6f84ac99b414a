//! Regexes whose syntax is checked when a rule is built but whose automaton is compiled on first
//! use.
//!
//! Compiling a regex (Thompson NFA, literal prefilter, Aho-Corasick) costs about a million
//! instructions per case-insensitive Unicode pattern, and the catalog holds hundreds of them: built
//! eagerly they were almost all of a run's fixed cost, paid even on a folder with no Python file.
//! Parsing a pattern is some fifty times cheaper, so config errors still surface before the scan
//! (exit 2, naming the pattern) while a run compiles only the patterns its files reach, once,
//! shared by every thread.
//!
//! Even parsing costs: the built-in catalog's few hundred patterns took a third of an empty
//! folder's run. Those patterns are fixed at build time and a unit test compiles every one, so a
//! built-in rule the user did not change is built inside [`trusting`], which skips the check;
//! anything from a user's config (rules, params, lexicon extensions) is still checked.
//!
//! A pattern the built-in catalog ships is compiled with its words read ASCII-wise
//! ([`catalog_words`]); a user's own pattern as written. Patterns that only ever read short texts
//! ([`ShortInputRegex`], [`ShortInputSet`]) are compiled without a literal prefilter.

use std::cell::Cell;
use std::ops::Deref;
use std::sync::OnceLock;

use regex::{Regex, RegexSet, RegexSetBuilder};

use super::ascii_words::catalog_words;

thread_local! {
    /// Set while [`trusting`] builds patterns whose syntax a unit test has already checked.
    static TRUSTED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `build` with syntax checks skipped when `trusted`: for patterns that come only from the
/// built-in catalog, which the test suite compiles in full. The flag is per thread and restored
/// afterwards, even if `build` panics.
pub fn trusting<R>(trusted: bool, build: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            TRUSTED.with(|t| t.set(self.0));
        }
    }
    let _restore = Restore(TRUSTED.with(|t| t.replace(trusted)));
    build()
}

/// Checks `pattern` the way `regex` would parse it, without building an automaton, so a syntax
/// error reads exactly as `Regex::new` would report it.
fn validate(pattern: &str, case_insensitive: bool) -> Result<(), regex::Error> {
    if TRUSTED.with(Cell::get) {
        return Ok(());
    }
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map(drop)
        .map_err(|err| regex::Error::Syntax(err.to_string()))
}

/// [`validate`] for each pattern in turn; the first error comes with its pattern.
fn validate_all(patterns: &[String], case_insensitive: bool) -> Result<(), (String, regex::Error)> {
    patterns
        .iter()
        .try_for_each(|p| validate(p, case_insensitive).map_err(|e| (p.clone(), e)))
}

/// What a pattern that parsed but could not be compiled (past the regex size limit) becomes: an
/// empty class, which matches nothing, rather than a panic in the middle of a scan.
const NEVER: &str = r"[^\x00-\x{10FFFF}]";

/// A regex compiled on first use; derefs to [`Regex`].
#[derive(Debug)]
pub struct LazyRegex {
    pattern: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// Checks the syntax now; compiles on first use.
    pub fn new(pattern: impl Into<String>) -> Result<Self, regex::Error> {
        let pattern = pattern.into();
        validate(&pattern, false)?;
        Ok(LazyRegex {
            pattern,
            compiled: OnceLock::new(),
        })
    }

    /// A pattern made of [`regex::escape`]d text in a fixed template that a unit test compiles:
    /// it cannot fail to parse, and parsing Unicode classes such as `\p{L}` is itself a cost
    /// worth skipping for every keyword list of the catalog.
    pub fn escaped(pattern: impl Into<String>) -> Self {
        LazyRegex {
            pattern: pattern.into(),
            compiled: OnceLock::new(),
        }
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(&catalog_words(&self.pattern))
                .unwrap_or_else(|_| Regex::new(NEVER).expect("constant pattern"))
        })
    }
}

/// Patterns only ever matched against short texts (a parameter's name or type, one docstring
/// entry, a README's lines), compiled on first use like [`LazyRegex`] but without a literal
/// prefilter. Choosing and building the prefilter (extracting the literals, an Aho-Corasick or
/// Teddy searcher) was half of compiling a pattern (the README facts' six patterns: 15.5 M
/// instructions with it, 10.3 M without; the lexicon's: about a twentieth of a scan of
/// pytorch-lightning), and it pays only on long inputs, which these patterns never see. The
/// searcher is `regex`'s own meta regex, built with the options `regex` gives it, so it matches
/// exactly what [`Regex`] and [`RegexSet`] match.
#[derive(Debug)]
struct ShortInput {
    patterns: Vec<String>,
    case_insensitive: bool,
    compiled: OnceLock<regex_automata::meta::Regex>,
}

impl ShortInput {
    /// Checks every pattern's syntax now; an error comes with the pattern that caused it.
    fn new(patterns: Vec<String>, case_insensitive: bool) -> Result<Self, (String, regex::Error)> {
        validate_all(&patterns, case_insensitive)?;
        Ok(ShortInput {
            patterns,
            case_insensitive,
            compiled: OnceLock::new(),
        })
    }

    fn compiled(&self) -> &regex_automata::meta::Regex {
        self.compiled.get_or_init(|| {
            self.build().unwrap_or_else(|_| {
                regex_automata::meta::Regex::new(NEVER).expect("constant pattern")
            })
        })
    }

    fn build(&self) -> Result<regex_automata::meta::Regex, Box<regex_automata::meta::BuildError>> {
        use regex_automata::meta::{Builder, Config};
        use regex_automata::nfa::thompson::WhichCaptures;
        use regex_automata::util::syntax;
        use regex_automata::MatchKind;
        // What `regex` configures for a `RegexSet` (and, but for the match kind and the captures,
        // which `is_match` does not look at, for a `Regex`), prefilter aside.
        let config = Config::new()
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20))
            .match_kind(MatchKind::All)
            .utf8_empty(true)
            .which_captures(WhichCaptures::None)
            .auto_prefilter(false);
        let syntax = syntax::Config::new()
            .utf8(true)
            .case_insensitive(self.case_insensitive);
        let patterns: Vec<_> = self.patterns.iter().map(|p| catalog_words(p)).collect();
        Builder::new()
            .configure(config)
            .syntax(syntax)
            .build_many(&patterns)
            .map_err(Box::new)
    }
}

/// One pattern matched only against short texts, compiled on first use without a literal
/// prefilter (see [`ShortInputSet`]).
#[derive(Debug)]
pub struct ShortInputRegex(ShortInput);

impl ShortInputRegex {
    /// A built-in pattern, compiled on first use and not checked before: parsing it twice cost
    /// more than the prefilter saved (a unit test of the module that uses it compiles it).
    pub fn builtin(pattern: &str) -> Self {
        ShortInputRegex(ShortInput {
            patterns: vec![pattern.to_string()],
            case_insensitive: false,
            compiled: OnceLock::new(),
        })
    }

    /// Checks the syntax now, matching without regard to case; compiles on first use.
    pub fn case_insensitive(pattern: impl Into<String>) -> Result<Self, regex::Error> {
        ShortInput::new(vec![pattern.into()], true)
            .map(ShortInputRegex)
            .map_err(|(_, e)| e)
    }

    /// Whether the pattern matches anywhere in `haystack`, as [`Regex::is_match`] would say.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.compiled().is_match(haystack)
    }

    /// Whether the pattern builds (a built-in one that did not would match nothing).
    #[cfg(test)]
    pub fn builds(&self) -> bool {
        self.0.build().is_ok()
    }
}

/// Patterns matched together, only against short texts: the lexicon's entry names and each
/// entry's evidence. Compiled on first use without a literal prefilter, which was half the cost
/// of compiling them and pays only on long inputs.
#[derive(Debug)]
pub struct ShortInputSet(ShortInput);

impl ShortInputSet {
    /// Checks every pattern's syntax now, matching without regard to case; an error comes with
    /// the pattern that caused it.
    pub fn case_insensitive(patterns: Vec<String>) -> Result<Self, (String, regex::Error)> {
        ShortInput::new(patterns, true).map(ShortInputSet)
    }

    /// Whether any pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.compiled().is_match(haystack)
    }

    /// The patterns that match `haystack`, as [`RegexSet::matches`] finds them.
    pub fn matches(&self, haystack: &str) -> ShortInputMatches {
        let regex = self.0.compiled();
        let mut found = regex_automata::PatternSet::new(regex.pattern_len());
        regex.which_overlapping_matches(&regex_automata::Input::new(haystack), &mut found);
        ShortInputMatches(found)
    }
}

/// Which patterns of a [`ShortInputSet`] matched.
#[derive(Debug)]
pub struct ShortInputMatches(regex_automata::PatternSet);

impl ShortInputMatches {
    /// The indices of the patterns that matched, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|id| id.as_usize())
    }
}

/// A [`RegexSet`] compiled on first use; derefs to it.
#[derive(Debug)]
pub struct LazyRegexSet {
    patterns: Vec<String>,
    case_insensitive: bool,
    compiled: OnceLock<RegexSet>,
}

impl LazyRegexSet {
    /// Checks every pattern's syntax now; compiles the set on first use.
    pub fn new<I, S>(patterns: I) -> Result<Self, regex::Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let patterns: Vec<String> = patterns.into_iter().map(Into::into).collect();
        for pattern in &patterns {
            validate(pattern, false)?;
        }
        Ok(LazyRegexSet {
            patterns,
            case_insensitive: false,
            compiled: OnceLock::new(),
        })
    }

    /// Like [`LazyRegexSet::new`], matching without regard to case: one search answers for
    /// every pattern where a list of case-insensitive regexes would search once per
    /// pattern. An error comes with the pattern that caused it.
    pub fn case_insensitive(patterns: Vec<String>) -> Result<Self, (String, regex::Error)> {
        validate_all(&patterns, true)?;
        Ok(LazyRegexSet {
            patterns,
            case_insensitive: true,
            compiled: OnceLock::new(),
        })
    }
}

impl Deref for LazyRegexSet {
    type Target = RegexSet;

    fn deref(&self) -> &RegexSet {
        self.compiled.get_or_init(|| {
            RegexSetBuilder::new(self.patterns.iter().map(|p| catalog_words(p)))
                .case_insensitive(self.case_insensitive)
                .build()
                .unwrap_or_else(|_| RegexSet::new([NEVER]).expect("constant pattern"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::RegexBuilder;

    #[test]
    fn short_input_patterns_match_what_regex_matches() {
        let patterns = [
            r"(^|_)(dropout|drop|keep)(_?(rate|prob|probability|p|ratio))?$",
            r"\bprobabilit\w*\s+(of|that)\b",
            r"^(n|num|max)_|(^|_)(size|dim)s?$",
            r"\bnone\b[^.]{0,12}\b(means?|uses?)\b",
            r"straße|ǅ|\bK\b",
            r"",
        ];
        let haystacks = [
            "",
            "dropout_rate",
            "Attn_Dropout",
            "Probability that a token is kept",
            "the PROBABILITIES of",
            "num_heads",
            "hidden_SIZE",
            "If None, uses the default.",
            "none: means nothing",
            "STRASSE STRAßE",
            "ǆ",
            "\u{212a}",
            "été probabilité_of",
        ];
        let set =
            ShortInputSet::case_insensitive(patterns.map(String::from).to_vec()).expect("valid");
        let reference = RegexSetBuilder::new(patterns)
            .case_insensitive(true)
            .build()
            .expect("valid");
        for haystack in haystacks {
            let ours: Vec<usize> = set.matches(haystack).iter().collect();
            let theirs: Vec<usize> = reference.matches(haystack).iter().collect();
            assert_eq!(ours, theirs, "{haystack:?}");
            assert_eq!(set.is_match(haystack), reference.is_match(haystack));
            for pattern in patterns {
                let one = ShortInputRegex::case_insensitive(pattern).expect("valid");
                let regex = RegexBuilder::new(pattern)
                    .case_insensitive(true)
                    .build()
                    .expect("valid");
                assert_eq!(
                    one.is_match(haystack),
                    regex.is_match(haystack),
                    "{pattern:?} on {haystack:?}"
                );
            }
        }
        let unclosed = String::from("(x");
        let (pattern, err) = ShortInputSet::case_insensitive(vec!["ok".into(), unclosed.clone()])
            .expect_err("unclosed group");
        assert_eq!(pattern, unclosed);
        assert_eq!(
            err,
            RegexBuilder::new(&unclosed).build().expect_err("invalid")
        );
        assert!(trusting(true, || ShortInputRegex::case_insensitive(unclosed)).is_ok());
    }

    #[test]
    fn a_shipped_pattern_reads_words_ascii_wise_and_a_users_own_as_written() {
        // `when_type` of an ml-params lexicon entry (rules/paramdocs.toml).
        let shipped = r"(?i)\bfloat\b";
        let own = r"(?i)\bfloaty\b";
        assert!(LazyRegex::new(shipped).expect("parses").is_match("float值"));
        assert!(!LazyRegex::new(own).expect("parses").is_match("floaty值"));
        let set = LazyRegexSet::new([shipped, own]).expect("parses");
        assert_eq!(
            set.matches("float值 floaty值")
                .into_iter()
                .collect::<Vec<_>>(),
            [0]
        );
    }

    #[test]
    fn matches_like_the_compiled_regex() {
        let re = LazyRegex::new(r"(?i)\bdrop(ped)?\b").expect("valid");
        assert!(re.is_match("Dropped"));
        assert!(!re.is_match("raindrops"));
        let set = LazyRegexSet::new(["gpu", "cuda"]).expect("valid");
        assert_eq!(set.matches("cuda").iter().collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn a_case_insensitive_set_matches_like_its_patterns() {
        let set = LazyRegexSet::case_insensitive(vec![r"^lr$".into(), r"\bnone\b".into()])
            .expect("valid");
        assert!(set.is_match("LR"));
        assert_eq!(
            set.matches("None or lr").iter().collect::<Vec<_>>(),
            vec![1]
        );
        let (pattern, err) =
            LazyRegexSet::case_insensitive(vec!["ok".into(), "(x".into()]).expect_err("invalid");
        assert_eq!(pattern, "(x");
        assert_eq!(
            err.to_string(),
            validate("(x", true).expect_err("invalid").to_string()
        );
    }

    #[test]
    fn a_syntax_error_is_reported_when_built_as_regex_reports_it() {
        let unclosed = String::from("(unclosed");
        let err = LazyRegex::new(unclosed.as_str()).expect_err("invalid");
        let eager = Regex::new(&unclosed).expect_err("invalid");
        assert_eq!(err.to_string(), eager.to_string());
        assert!(LazyRegexSet::new(["ok", "[z-a]"]).is_err());
    }

    #[test]
    fn a_pattern_past_the_size_limit_matches_nothing() {
        let huge = LazyRegex::new(r"\w{1000}{1000}").expect("parses");
        assert!(!huge.is_match(&"a".repeat(10)));
    }

    #[test]
    fn trusting_skips_the_check_only_inside_its_scope() {
        assert!(trusting(true, || LazyRegex::new("(unclosed")).is_ok());
        assert!(trusting(false, || LazyRegex::new("(unclosed")).is_err());
        assert!(LazyRegex::new("(unclosed").is_err(), "the flag is restored");
        let nested = trusting(true, || trusting(false, || LazyRegexSet::new(["[z-a]"])));
        assert!(nested.is_err());
    }
}
