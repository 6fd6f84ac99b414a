//! The rule catalog: `rules/*.toml` embedded in the binary, plus the user's own entries, turned
//! into the active rules of a run.
//!
//! The TOML files are what maintainers edit and review; `build.rs` converts them to JSON at build
//! time (failing the build on a syntax error) and the binary parses that, because it parses the
//! whole built-in catalog on every run and TOML took a third of an empty folder's scan.
//!
//! Rules are data (code, name, category, severity, weight, texts, the check kind and its params);
//! checks are code (`src/checks/`). Lexicons (topic keywords, label spellings, ML parameter names)
//! live in the same files under `[lexicon.NAME]` so maintainers can read and extend them without
//! Rust. User config deep-merges into lexicons: tables merge, arrays append, scalars replace.

use std::any::{Any, TypeId};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::analysis::lazy_regex;
use crate::checks::{self, Check};
use crate::error::Error;
use crate::finding::Severity;

/// The embedded family files, in the order their rules are listed: each file's name and its
/// content as JSON, converted from the TOML by `build.rs` (JSON parses several times faster, and
/// the built-in catalog is parsed on every run), which also writes this list from its own.
pub const FAMILY_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/families.rs"));

/// One catalog entry: everything a user or reviewer needs to know about a rule.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable code (`CL101`); never reused.
    pub code: String,
    /// Kebab-case name of the problem (`missing-contributing`).
    pub name: String,
    /// Category id it scores in (`community`, `templates`, `docs`, `tests`).
    pub category: String,
    /// Default severity.
    pub severity: Severity,
    /// Weight in the score (0 makes it informational).
    pub weight: f64,
    /// One line: what the problem is.
    pub summary: String,
    /// Why it matters to a newcomer.
    pub why: String,
    /// How to fix it.
    pub fix: String,
    /// An example of the good state (shown by `claw-lint explain`).
    #[serde(default)]
    pub example: String,
    /// The check kind in `src/checks/` that implements it.
    pub check: checks::Kind,
    /// The kind's params.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub params: toml::Table,
    /// Old codes or names that still select this rule after a rename.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The report section of its own that the rule's findings go to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Section>,
}

/// Report sections of their own, for rules whose findings a newcomer acts on differently from
/// problems to fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Notes to read before contributing (CLA, sign-off, AI policy), shown first and not as
    /// problems.
    BeforeYouContribute,
    /// The most valuable findings listed as ready-made good first issues ("Good first tests").
    GoodFirstTests,
}

/// A category as the catalog declares it (`[category.<id>]`): its title in reports.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategorySpec {
    /// Human title (`Community files`).
    pub title: String,
}

impl RuleSpec {
    /// Whether a selector (code, name, alias or category, any case) picks this rule.
    pub fn matches(&self, selector: &str) -> bool {
        let s = selector.trim();
        s.eq_ignore_ascii_case(&self.code)
            || s.eq_ignore_ascii_case(&self.name)
            || s.eq_ignore_ascii_case(&self.category)
            || s.eq_ignore_ascii_case("all")
            || self.aliases.iter().any(|a| s.eq_ignore_ascii_case(a))
    }

    /// Whether a selector names exactly this rule (not its category).
    pub fn is_named(&self, selector: &str) -> bool {
        let s = selector.trim();
        s.eq_ignore_ascii_case(&self.code)
            || s.eq_ignore_ascii_case(&self.name)
            || self.aliases.iter().any(|a| s.eq_ignore_ascii_case(a))
    }
}

/// One family file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
    #[serde(default)]
    lexicon: toml::Table,
    #[serde(default)]
    category: BTreeMap<String, CategorySpec>,
}

/// Named lexicons shared by checks (`[lexicon.NAME]` in the catalog, extended by config).
#[derive(Clone, Debug, Default)]
pub struct Lexicons {
    table: toml::Table,
    /// Lexicons already compiled by [`Lexicons::shared`], so the rules of one kind share one
    /// compiled copy (and its lazily built regexes) instead of building it once per rule.
    compiled: Arc<Mutex<Vec<SharedLexicon>>>,
}

/// A compiled lexicon: its name, the type it was compiled to, and the value.
type SharedLexicon = (String, TypeId, Arc<dyn Any + Send + Sync>);

impl Lexicons {
    /// Deserialises lexicon `name` into the shape a check expects.
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> Result<T, Error> {
        let value = self
            .table
            .get(name)
            .ok_or_else(|| Error::catalog(format!("no lexicon named \"{name}\"")))?;
        T::deserialize(value.clone())
            .map_err(|err| Error::catalog(format!("invalid lexicon \"{name}\": {}", err.message())))
    }

    /// Lexicon `name` compiled by `compile` once per run and shared by every rule that asks for
    /// it with the same `T`.
    pub fn shared<T, F>(&self, name: &str, compile: F) -> Result<Arc<T>, Error>
    where
        T: Any + Send + Sync,
        F: FnOnce(&Self) -> Result<T, Error>,
    {
        let mut compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        let found = compiled
            .iter()
            .find(|(n, t, _)| n == name && *t == TypeId::of::<T>())
            .and_then(|(_, _, value)| Arc::clone(value).downcast::<T>().ok());
        if let Some(value) = found {
            return Ok(value);
        }
        let value = Arc::new(compile(self)?);
        compiled.push((name.to_string(), TypeId::of::<T>(), value.clone()));
        Ok(value)
    }

    /// Deep-merges user lexicon entries: tables merge, arrays append, scalars replace.
    pub fn extend(&mut self, extra: &toml::Table) {
        self.absorb(extra.clone());
    }

    /// [`Lexicons::extend`] taking the entries by value, so the built-in families' lexicons
    /// move into the catalog without a copy.
    fn absorb(&mut self, extra: toml::Table) {
        merge_table(&mut self.table, extra);
        self.compiled = Arc::default();
    }
}

fn merge_table(base: &mut toml::Table, extra: toml::Table) {
    for (key, value) in extra {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(e)) => merge_table(b, e),
            (Some(toml::Value::Array(b)), toml::Value::Array(e)) => b.extend(e),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The whole catalog: rules in family order, and lexicons.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// Every rule, built-in first, then the user's.
    pub rules: Vec<RuleSpec>,
    /// Lexicons by name.
    pub lexicons: Lexicons,
    /// Categories by id.
    pub categories: BTreeMap<String, CategorySpec>,
}

impl Catalog {
    /// The catalog built into the binary. A run parses it once; a parse error is a defect of
    /// the build, which the tests catch.
    pub fn embedded() -> Result<Catalog, Error> {
        Catalog::parse_embedded()
    }

    fn parse_embedded() -> Result<Catalog, Error> {
        let mut catalog = Catalog {
            rules: Vec::new(),
            lexicons: Lexicons::default(),
            categories: BTreeMap::new(),
        };
        for (name, text) in FAMILY_FILES {
            let family: FamilyFile = serde_json::from_str(text).map_err(|err| Error::Catalog {
                file: Some(name.to_string()),
                rule: None,
                message: err.to_string(),
            })?;
            catalog.rules.extend(family.rule);
            catalog.lexicons.absorb(family.lexicon);
            catalog.categories.extend(family.category);
        }
        Ok(catalog)
    }

    /// The title of category `id` for reports; the id itself for a category the catalog does
    /// not declare (a user rule's own).
    pub fn category_title(&self, id: &str) -> String {
        self.categories
            .get(id)
            .map_or_else(|| id.to_string(), |c| c.title.clone())
    }

    /// Finds a rule by code, name or alias.
    pub fn find(&self, selector: &str) -> Option<&RuleSpec> {
        self.rules.iter().find(|r| r.is_named(selector))
    }

    /// Adds user-defined rules (built-in kinds only); a clash of code or name is an error.
    pub fn add_user_rules(&mut self, rules: Vec<RuleSpec>, source: &str) -> Result<(), Error> {
        for rule in rules {
            if self.find(&rule.code).is_some() || self.find(&rule.name).is_some() {
                return Err(Error::Catalog {
                    file: Some(source.to_string()),
                    rule: None,
                    message: format!(
                        "rule {} ({}) clashes with an existing code or name",
                        rule.code, rule.name
                    ),
                });
            }
            self.rules.push(rule);
        }
        Ok(())
    }
}

/// A rule ready to run: its spec with effective severity and weight, and its built check.
pub struct ActiveRule {
    /// The catalog entry, with config overrides applied.
    pub spec: RuleSpec,
    /// The instantiated check.
    pub check: Box<dyn Check>,
}

/// `, did you mean "missing-contributing"?` for the known code, name or category nearest to a
/// misspelt selector (Jaro-Winkler similarity of at least 0.8), or nothing when none is close.
fn suggestion(catalog: &Catalog, selector: &str) -> String {
    let lower = selector.to_ascii_lowercase();
    catalog
        .rules
        .iter()
        .flat_map(|r| [r.code.as_str(), r.name.as_str(), r.category.as_str()])
        .map(|known| {
            (
                strsim::jaro_winkler(&lower, &known.to_ascii_lowercase()),
                known,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, known)| format!(", did you mean \"{known}\"?"))
        .unwrap_or_default()
}

/// Builds a rule's check, naming the rule in the error.
pub fn build_rule(spec: RuleSpec, lexicons: &Lexicons) -> Result<ActiveRule, Error> {
    let check = checks::build(spec.check, &spec.params, lexicons)
        .map_err(|err| err.in_rule(&spec.code, &spec.name))?;
    Ok(ActiveRule { spec, check })
}

/// A rule turned off by `ignore`, kept so the report can say so and why.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IgnoredRule {
    /// Rule code.
    pub code: String,
    /// Rule name.
    pub name: String,
    /// The reason given in config, if any.
    pub reason: Option<String>,
}

/// Selects, overrides and builds the rules of a run: `select` (empty: all), minus `ignore`, with
/// per-rule severity/weight/params overrides and user lexicons applied. Unknown selectors are
/// errors, as in ruff: a typo must not silently disable nothing.
pub fn activate(
    mut catalog: Catalog,
    settings: &crate::config::Settings,
) -> Result<(Vec<ActiveRule>, Vec<IgnoredRule>), Error> {
    let config_name = settings
        .config_path
        .as_ref()
        .map_or_else(|| "config".to_string(), |p| p.display().to_string());
    let built_in_rules = catalog.rules.len();
    catalog.add_user_rules(settings.user_rules.clone(), &config_name)?;
    catalog.lexicons.extend(&settings.lexicons);

    // An unknown selector written in the config file is reported at its place there.
    let unknown = |selector: &str, message: String| match (
        settings.selector_position(selector),
        &settings.config_path,
    ) {
        (Some(span), Some(path)) => Error::Config {
            path: path.clone(),
            span: Some(span),
            message,
        },
        _ => Error::usage(message),
    };
    let known = |selector: &str| catalog.rules.iter().any(|r| r.matches(selector));
    for selector in settings
        .select
        .iter()
        .chain(settings.ignore.iter().map(|(s, _)| s))
        .chain(settings.per_file_ignores.iter().flat_map(|(_, s)| s))
    {
        if !known(selector) {
            return Err(unknown(selector, format!(
                "unknown rule selector \"{selector}\"{} (use a code, a name or a category; see `claw-lint rules`)",
                suggestion(&catalog, selector)
            )));
        }
    }
    for key in settings.rule_overrides.keys() {
        if catalog.find(key).is_none() {
            return Err(unknown(
                key,
                format!(
                    "[rules.{key}] names no rule{} (use a code or name; see `claw-lint rules`)",
                    suggestion(&catalog, key)
                ),
            ));
        }
    }

    let mut active = Vec::new();
    let mut ignored = Vec::new();
    for (position, mut spec) in catalog.rules.clone().into_iter().enumerate() {
        let selected =
            settings.select.is_empty() || settings.select.iter().any(|s| spec.matches(s));
        if !selected {
            continue;
        }
        if let Some((_, reason)) = settings.ignore.iter().find(|(s, _)| spec.matches(s)) {
            ignored.push(IgnoredRule {
                code: spec.code.clone(),
                name: spec.name.clone(),
                reason: reason.clone(),
            });
            continue;
        }
        for (key, rule_override) in &settings.rule_overrides {
            if !spec.is_named(key) {
                continue;
            }
            if let Some(severity) = rule_override.severity {
                spec.severity = severity;
            }
            if let Some(weight) = &rule_override.weight {
                // Range-checked with its position when the config was loaded.
                spec.weight = *weight.get_ref();
            }
            for (param, value) in &rule_override.params {
                spec.params.insert(param.clone(), value.clone());
            }
        }
        // Its patterns are exactly the ones the test suite compiles: skip re-checking them.
        let built_in_as_shipped = position < built_in_rules
            && settings.lexicons.is_empty()
            && !settings
                .rule_overrides
                .iter()
                .any(|(key, o)| spec.is_named(key) && !o.params.is_empty());
        let rule =
            lazy_regex::trusting(built_in_as_shipped, || build_rule(spec, &catalog.lexicons))?;
        active.push(rule);
    }
    Ok((active, ignored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use std::collections::BTreeSet;

    /// A run skips the syntax check of the patterns of built-in rules as shipped, so every one of
    /// them must pass it here.
    #[test]
    fn every_built_in_rule_builds_with_its_patterns_checked() {
        let catalog = Catalog::embedded().expect("catalog parses");
        for spec in catalog.rules.clone() {
            let code = spec.code.clone();
            lazy_regex::trusting(false, || build_rule(spec, &catalog.lexicons))
                .unwrap_or_else(|e| panic!("{code}: {e}"));
        }
    }

    /// Trust covers only what ships: a bad pattern a config adds is still an error at start-up.
    #[test]
    fn a_bad_pattern_from_config_is_still_rejected() {
        let settings = Settings {
            lexicons: toml::from_str("[ml-params]\nplumbing = [\"(unclosed\"]").expect("toml"),
            ..Settings::default()
        };
        let err = activate(Catalog::embedded().expect("catalog"), &settings)
            .err()
            .expect("a bad lexicon regex fails");
        assert!(err.to_string().contains("unclosed"), "{err}");
    }

    /// Lexicon regexes compile on first use, where a pattern past the size limit would match
    /// nothing: the built-in ones must all compile.
    #[test]
    fn every_built_in_parameter_lexicon_pattern_compiles() {
        let catalog = Catalog::embedded().expect("catalog parses");
        let spec: crate::analysis::vagueness::LexiconSpec =
            catalog.lexicons.get("ml-params").expect("lexicon");
        let entries = spec.entry.iter().flat_map(|e| {
            std::iter::once(&e.pattern)
                .chain(&e.evidence)
                .chain(e.when_type.as_ref())
        });
        let patterns: Vec<&String> = spec
            .option_names
            .iter()
            .chain(&spec.obvious_none)
            .chain(entries)
            .collect();
        assert!(patterns.len() > 100, "{} patterns", patterns.len());
        for pattern in patterns {
            regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .unwrap_or_else(|e| panic!("{pattern}: {e}"));
        }
    }

    #[test]
    fn rules_of_one_kind_share_one_compiled_lexicon() {
        let catalog = Catalog::embedded().expect("catalog parses");
        let compile = |lexicons: &Lexicons| -> Result<Vec<String>, Error> {
            lexicons
                .get::<toml::Table>("ml-params")
                .map(|t| t.keys().cloned().collect())
        };
        let first = catalog
            .lexicons
            .shared("ml-params", compile)
            .expect("compiles");
        let again = catalog
            .lexicons
            .shared("ml-params", compile)
            .expect("compiles");
        assert!(Arc::ptr_eq(&first, &again));
        let mut extended = catalog.lexicons.clone();
        extended.extend(&toml::from_str("[ml-params]\nfiller = [\"x\"]").expect("toml"));
        let rebuilt = extended.shared("ml-params", compile).expect("compiles");
        assert!(!Arc::ptr_eq(&first, &rebuilt));
    }

    #[test]
    fn every_entry_builds_and_codes_and_names_are_unique() {
        let catalog = Catalog::embedded().expect("catalog parses");
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for rule in &catalog.rules {
            assert!(
                codes.insert(rule.code.clone()),
                "duplicate code {}",
                rule.code
            );
            assert!(
                names.insert(rule.name.clone()),
                "duplicate name {}",
                rule.name
            );
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
            for text in [&rule.summary, &rule.why, &rule.fix, &rule.example] {
                assert!(
                    !text.trim().is_empty(),
                    "{} has an empty text field",
                    rule.code
                );
            }
            build_rule(rule.clone(), &catalog.lexicons)
                .unwrap_or_else(|e| panic!("{} does not build: {e}", rule.code));
        }
    }

    #[test]
    fn every_category_has_a_title() {
        let catalog = Catalog::embedded().expect("catalog parses");
        for rule in &catalog.rules {
            assert!(
                catalog.categories.contains_key(&rule.category),
                "{}: category {} has no [category.{}] entry",
                rule.code,
                rule.category,
                rule.category
            );
        }
    }

    #[test]
    fn every_check_kind_is_used_by_a_rule() {
        let catalog = Catalog::embedded().expect("catalog parses");
        for kind in <crate::checks::Kind as strum::IntoEnumIterator>::iter() {
            assert!(
                catalog.rules.iter().any(|r| r.check == kind),
                "check kind {kind:?} has no catalog entry"
            );
        }
    }

    #[test]
    fn select_ignore_and_overrides_apply() {
        let catalog = Catalog::embedded().expect("catalog");
        let mut settings = Settings {
            select: vec!["community".into()],
            ignore: vec![("CL103".into(), Some("monorepo".into()))],
            ..Settings::default()
        };
        settings.rule_overrides.insert(
            "missing-readme".into(),
            crate::config::RuleOverride {
                severity: Some(crate::finding::Severity::Info),
                weight: Some(toml::Spanned::new(0..0, 1.0)),
                params: toml::Table::new(),
            },
        );
        let (active, ignored) = activate(catalog.clone(), &settings).expect("activate");
        assert!(active.iter().all(|r| r.spec.code != "CL103"));
        assert_eq!(ignored[0].reason.as_deref(), Some("monorepo"));
        let readme = active
            .iter()
            .find(|r| r.spec.name == "missing-readme")
            .expect("readme");
        assert_eq!(readme.spec.weight, 1.0);

        let bad = Settings {
            select: vec!["no-such-rule".into()],
            ..Settings::default()
        };
        assert!(activate(catalog.clone(), &bad).is_err());

        let mut bad_params = Settings::default();
        let mut params = toml::Table::new();
        params.insert("colour".into(), toml::Value::String("red".into()));
        bad_params.rule_overrides.insert(
            "CL101".into(),
            crate::config::RuleOverride {
                params,
                ..Default::default()
            },
        );
        let err = activate(catalog, &bad_params)
            .err()
            .expect("unknown param rejected");
        assert!(
            matches!(&err, Error::Catalog { rule: Some(rule), message, .. } if rule.starts_with("CL101") && message.contains("colour")),
            "{err}"
        );
    }

    #[test]
    fn lexicons_merge_by_appending_arrays() {
        let mut lexicons = Lexicons::default();
        lexicons.extend(&toml::from_str("[labels]\nnames = [\"a\"]\nmode = \"x\"").expect("toml"));
        lexicons.extend(&toml::from_str("[labels]\nnames = [\"b\"]\nmode = \"y\"").expect("toml"));
        #[derive(Deserialize)]
        struct Labels {
            names: Vec<String>,
            mode: String,
        }
        let labels: Labels = lexicons.get("labels").expect("lexicon");
        assert_eq!(labels.names, ["a", "b"]);
        assert_eq!(labels.mode, "y");
    }
}
