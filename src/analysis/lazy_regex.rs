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
//! ([`catalog_words`]); a user's own pattern as written.

use std::cell::Cell;
use std::ops::Deref;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

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

/// What a pattern that parsed but could not be compiled (past the regex size limit) becomes: an
/// empty class, which matches nothing, rather than a panic in the middle of a scan.
const NEVER: &str = r"[^\x00-\x{10FFFF}]";

/// A regex compiled on first use; derefs to [`Regex`].
#[derive(Debug)]
pub struct LazyRegex {
    pattern: String,
    case_insensitive: bool,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// Checks the syntax now; compiles on first use.
    pub fn new(pattern: impl Into<String>) -> Result<Self, regex::Error> {
        Self::with_case(pattern.into(), false)
    }

    /// Like [`LazyRegex::new`], matching without regard to case.
    pub fn case_insensitive(pattern: impl Into<String>) -> Result<Self, regex::Error> {
        Self::with_case(pattern.into(), true)
    }

    /// A pattern made of [`regex::escape`]d text in a fixed template that a unit test compiles:
    /// it cannot fail to parse, and parsing Unicode classes such as `\p{L}` is itself a cost
    /// worth skipping for every keyword list of the catalog.
    pub fn escaped(pattern: impl Into<String>) -> Self {
        LazyRegex {
            pattern: pattern.into(),
            case_insensitive: false,
            compiled: OnceLock::new(),
        }
    }

    fn with_case(pattern: String, case_insensitive: bool) -> Result<Self, regex::Error> {
        validate(&pattern, case_insensitive)?;
        Ok(LazyRegex {
            pattern,
            case_insensitive,
            compiled: OnceLock::new(),
        })
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            RegexBuilder::new(&catalog_words(&self.pattern))
                .case_insensitive(self.case_insensitive)
                .build()
                .unwrap_or_else(|_| Regex::new(NEVER).expect("constant pattern"))
        })
    }
}

/// A regex for a pattern that searches only a few short texts in a run (a README's lines), built
/// without a literal prefilter. For a case-insensitive alternation of words the prefilter is most
/// of the build (the README facts' six patterns: 15.5 M instructions with it, 10.3 M without),
/// and it pays only on long inputs, which such a pattern never sees. Matches exactly what
/// [`Regex::is_match`] matches.
#[derive(Debug)]
pub struct SmallInputRegex(regex_automata::meta::Regex);

impl SmallInputRegex {
    /// Compiles `pattern` (a built-in one: the tests compile every one).
    pub fn new(pattern: &str) -> Result<Self, Box<regex_automata::meta::BuildError>> {
        regex_automata::meta::Regex::builder()
            .configure(regex_automata::meta::Config::new().auto_prefilter(false))
            .build(pattern)
            .map(SmallInputRegex)
            .map_err(Box::new)
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.is_match(haystack)
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
    /// every pattern where a list of [`LazyRegex::case_insensitive`] would search once per
    /// pattern. An error comes with the pattern that caused it.
    pub fn case_insensitive(patterns: Vec<String>) -> Result<Self, (String, regex::Error)> {
        if let Some(err) = patterns
            .iter()
            .find_map(|p| validate(p, true).err().map(|e| (p.clone(), e)))
        {
            return Err(err);
        }
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
        let re = LazyRegex::case_insensitive(r"\bdrop(ped)?\b").expect("valid");
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
            LazyRegex::case_insensitive("(x")
                .expect_err("invalid")
                .to_string()
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
