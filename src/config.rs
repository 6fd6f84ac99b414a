//! Configuration: `claw-lint.toml`, `.claw-lint.toml` or `[tool.claw-lint]` in `pyproject.toml`,
//! found from the target folder upward to the repository root, merged with command-line flags
//! into [`Settings`].
//!
//! Parsing is strict (unknown keys and wrong types are errors) because a typo in a CI config that
//! silently does nothing is worse than a failed build; every error carries `file:line:column`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::RuleSpec;
use crate::error::{Error, Result, Span};
use crate::finding::Severity;
use crate::index::DEFAULT_MAX_FILE_SIZE;

/// Which findings fail the run (exit 1).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any error-severity finding fails.
    #[default]
    Error,
    /// Any warning or error fails.
    Warning,
    /// Only `fail-under` can fail the run.
    Never,
}

impl FailOn {
    /// Whether a finding of this severity trips the threshold.
    pub fn trips(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Never => false,
        }
    }
}

/// Per-rule adjustments (`[rules.CL101]` or `[rules.missing-contributing]`).
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOverride {
    /// Replaces the rule's severity.
    pub severity: Option<Severity>,
    /// Replaces the rule's weight (0 keeps it reported but unscored); checked in range on load.
    #[schemars(with = "Option<f64>", range(min = 0, max = 1000))]
    pub weight: Option<Spanned<f64>>,
    /// Replaces individual params of the rule's check.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub params: toml::Table,
}

/// `ignore` as one selector, a list of selectors, or a table selector → reason (repo-review
/// style); the `expecting` text replaces serde's "did not match any variant" message.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(
    untagged,
    expecting = "a rule selector (\"CL101\"), a list of them, or a table of selector = \"reason\""
)]
enum IgnoreSpec {
    One(String),
    List(Vec<String>),
    WithReasons(BTreeMap<String, String>),
}

/// `max-file-size` as bytes or as text with a unit (`"2MiB"`, `"500kB"`).
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum SizeSpec {
    Bytes(u64),
    Text(String),
}

/// The keys a config file may hold (`claw-lint.toml`, or `[tool.claw-lint]` in `pyproject.toml`).
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "claw-lint configuration")]
struct FileConfig {
    /// Exit 1 when the overall score is below this (0 to 100).
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    fail_under: Option<Spanned<f64>>,
    /// Which findings fail the run (exit 1): `error` (default), `warning` or `never`.
    fail_on: Option<FailOn>,
    /// Rules to run, by code, name or category (`["community", "CL301"]`); default: all.
    select: Option<Vec<String>>,
    /// Rules to skip: one selector, a list, or a table of selector = "reason" shown in reports.
    ignore: Option<IgnoreSpec>,
    /// Gitignore-style globs, relative to the scanned folder, of paths not to scan.
    exclude: Option<Vec<String>>,
    /// Files above this size are indexed but not read: bytes, or text with a unit (`"2MiB"`).
    #[schemars(with = "Option<SizeSpec>")]
    max_file_size: Option<Spanned<SizeSpec>>,
    /// Per-rule overrides keyed by code or name (`[rules.missing-readme]`).
    #[serde(default)]
    rules: BTreeMap<String, RuleOverride>,
    /// Your own rules, of built-in check kinds (`[[rule]]`).
    #[serde(default)]
    #[schemars(with = "Vec<RuleSpec>")]
    rule: Vec<Spanned<RuleSpec>>,
    /// Extensions to catalog lexicons: arrays append, tables merge.
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    lexicon: toml::Table,
    /// Glob → rule selectors whose findings are dropped in matching files.
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Community files kept in the organisation's `.github` repository (`CODE_OF_CONDUCT`,
    /// `SECURITY`): their rules treat them as present.
    #[serde(default)]
    org_defaults: Vec<String>,
}

/// The JSON Schema of the config file, generated from its type (committed as
/// `schema/claw-lint.schema.json` for editor completion; a test keeps the two equal).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(FileConfig)).unwrap_or_default()
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Deserialize)]
struct PyprojectTool {
    #[serde(rename = "claw-lint")]
    claw_lint: Option<FileConfig>,
}

/// Everything a run needs, after config files and flags are merged.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The scanned folder.
    pub root: PathBuf,
    /// The config file used, if any.
    pub config_path: Option<PathBuf>,
    /// Exit 1 when the score is below this.
    pub fail_under: Option<f64>,
    /// Exit 1 when a finding at this severity or above exists.
    pub fail_on: FailOn,
    /// Selectors of rules to run (codes, names, categories); empty means all.
    pub select: Vec<String>,
    /// Selectors of rules to skip, each with an optional reason shown in the report.
    pub ignore: Vec<(String, Option<String>)>,
    /// Gitignore-style globs, relative to the root, of paths not to scan.
    pub exclude: Vec<String>,
    /// Files above this many bytes are indexed but not read.
    pub max_file_size: u64,
    /// Per-rule overrides keyed by code or name.
    pub rule_overrides: BTreeMap<String, RuleOverride>,
    /// The user's own catalog entries (built-in kinds only).
    pub user_rules: Vec<RuleSpec>,
    /// Extensions to the catalog lexicons.
    pub lexicons: toml::Table,
    /// Glob → selectors of rules whose findings are dropped in matching files.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// Community files kept in the organisation's `.github` repository, invisible in a clone
    /// (`CODE_OF_CONDUCT`, `SECURITY`, `CONTRIBUTING`…): their rules treat them as present.
    pub org_defaults: Vec<String>,
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Hermetic mode: no config discovery, no global or parent ignore files.
    pub isolated: bool,
    /// Where each rule selector of the config file is written (`select`, `ignore`,
    /// `per-file-ignores`, `[rules.X]` keys): whether one names a rule is known only once the
    /// catalog and the user's own rules are read, and then its error points here.
    pub selector_positions: Vec<(String, Span)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            root: PathBuf::from("."),
            config_path: None,
            fail_under: None,
            fail_on: FailOn::default(),
            select: Vec::new(),
            ignore: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            rule_overrides: BTreeMap::new(),
            user_rules: Vec::new(),
            lexicons: toml::Table::new(),
            per_file_ignores: Vec::new(),
            org_defaults: Vec::new(),
            threads: None,
            isolated: false,
            selector_positions: Vec::new(),
        }
    }
}

/// Names of config files, in the order they are preferred within one folder.
const CONFIG_NAMES: &[&str] = &["claw-lint.toml", ".claw-lint.toml", "pyproject.toml"];

/// Finds the config that applies to `start`: the nearest folder upward holding `claw-lint.toml`,
/// `.claw-lint.toml`, or a `pyproject.toml` with `[tool.claw-lint]`; the search stops at the
/// repository root (a folder with `.git`).
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(current) = dir {
        for name in CONFIG_NAMES {
            let candidate = current.join(name);
            if !candidate.is_file() {
                continue;
            }
            if *name != "pyproject.toml" {
                return Some(candidate);
            }
            // A malformed pyproject that mentions our section is still ours, so its error shows.
            let has_section =
                read_config_text(&candidate).is_ok_and(|text| match text.parse::<toml::Table>() {
                    Ok(table) => table.get("tool").and_then(|t| t.get("claw-lint")).is_some(),
                    Err(_) => text.contains("tool.claw-lint"),
                });
            if has_section {
                return Some(candidate);
            }
        }
        if current.join(".git").exists() {
            return None;
        }
        dir = current.parent();
    }
    None
}

/// A config file's text: a capped, FIFO-safe read (the config may come from the scanned tree:
/// `pyproject.toml -> /dev/zero`), and invalid UTF-8 is an error at the first bad byte.
fn read_config_text(path: &Path) -> Result<String> {
    let bytes =
        crate::index::read_regular_file(path, DEFAULT_MAX_FILE_SIZE, crate::index::Links::Follow)
            .map_err(|err| {
            Error::config(
                path,
                "",
                None,
                match err {
                    crate::index::ReadError::TooLarge => {
                        format!("config is larger than {DEFAULT_MAX_FILE_SIZE} bytes")
                    }
                    other => format!("cannot read config: {other}"),
                },
            )
        })?;
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
        Error::config(path, &text, Some(at..at + 1), "config is not valid UTF-8")
    })
}

/// A `per-file-ignores` pattern read the way `exclude` reads it (gitignore style): a trailing `/`
/// means everything under that folder (`"data/"` is `data/**`), and a pattern with no `/` inside
/// matches at any depth (`"conftest.py"` is `**/conftest.py`); a leading `/` anchors at the root.
pub fn per_file_glob(pattern: &str) -> String {
    let (anchored, rest) = match pattern.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let (dir, body) = match rest.strip_suffix('/') {
        Some(body) => (true, body),
        None => (false, rest),
    };
    let mut glob = if anchored || body.contains('/') || body.starts_with("**") {
        body.to_string()
    } else {
        format!("**/{body}")
    };
    if dir {
        glob.push_str("/**");
    }
    glob
}

impl Settings {
    /// Reads a config file into these settings (flags are applied afterwards by the caller).
    pub fn load_file(&mut self, path: &Path) -> Result<()> {
        let text = read_config_text(path)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let parsed = if is_pyproject {
            toml::from_str::<Pyproject>(text)
                .map(|p| p.tool.and_then(|t| t.claw_lint).unwrap_or_default())
        } else {
            toml::from_str::<FileConfig>(text)
        };
        let config =
            parsed.map_err(|err| Error::config(path, text, err.span(), err.message().trim()))?;
        self.config_path = Some(path.to_path_buf());
        self.apply(config, path, text)
    }

    fn apply(&mut self, config: FileConfig, path: &Path, text: &str) -> Result<()> {
        let bad = |span, message: String| Error::config(path, text, Some(span), message);
        check_weights(&config).map_err(|(span, message)| bad(span, message))?;
        if let Some(score) = config.fail_under {
            let (span, score) = (score.span(), score.into_inner());
            if !score.is_finite() || !(0.0..=100.0).contains(&score) {
                return Err(bad(
                    span,
                    format!("fail-under must be between 0 and 100, got {score}"),
                ));
            }
            self.fail_under = Some(score);
        }
        if let Some(fail_on) = config.fail_on {
            self.fail_on = fail_on;
        }
        if let Some(select) = config.select {
            self.select = select;
        }
        match config.ignore {
            Some(IgnoreSpec::One(selector)) => self.ignore = vec![(selector, None)],
            Some(IgnoreSpec::List(list)) => {
                self.ignore = list.into_iter().map(|s| (s, None)).collect()
            }
            Some(IgnoreSpec::WithReasons(map)) => {
                self.ignore = map.into_iter().map(|(s, r)| (s, Some(r))).collect()
            }
            None => {}
        }
        if let Some(exclude) = config.exclude {
            self.exclude = exclude;
        }
        if let Some(size) = config.max_file_size {
            let span = size.span();
            self.max_file_size = match size.into_inner() {
                SizeSpec::Bytes(bytes) => check_size(bytes),
                SizeSpec::Text(text) => parse_size(&text),
            }
            .map_err(|m| bad(span, format!("max-file-size: {m}")))?;
        }
        self.rule_overrides = config.rules;
        self.user_rules = config.rule.into_iter().map(Spanned::into_inner).collect();
        self.lexicons = config.lexicon;
        self.per_file_ignores = config
            .per_file_ignores
            .into_iter()
            .map(|(pattern, rules)| {
                let glob = per_file_glob(&pattern);
                globset::Glob::new(&glob).map_err(|err| {
                    let at = text.find(&pattern).map(|offset| Span::at(text, offset));
                    Error::Config {
                        path: path.to_path_buf(),
                        span: at,
                        message: format!(
                            "per-file-ignores: \"{pattern}\" is not a valid glob: {}",
                            err.kind()
                        ),
                    }
                })?;
                Ok((glob, rules))
            })
            .collect::<Result<_>>()?;
        self.org_defaults = config.org_defaults;
        self.selector_positions = selector_positions(text, path);
        Ok(())
    }

    /// Where the config file writes `selector`, if it does (flags have no position).
    pub fn selector_position(&self, selector: &str) -> Option<Span> {
        self.selector_positions
            .iter()
            .find(|(written, _)| written == selector)
            .map(|(_, span)| *span)
    }
}

/// The position of every selector the config text writes. The text already deserialized, so it
/// parses; serde's untagged `ignore` would lose `Spanned` values, so the spanned document is read.
fn selector_positions(text: &str, path: &Path) -> Vec<(String, Span)> {
    use toml::de::{DeTable, DeValue};
    let Ok(document) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut table = document.get_ref();
    if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let section = table
            .get("tool")
            .and_then(|tool| match tool.get_ref() {
                DeValue::Table(tool) => tool.get("claw-lint"),
                _ => None,
            })
            .and_then(|section| match section.get_ref() {
                DeValue::Table(section) => Some(section),
                _ => None,
            });
        match section {
            Some(section) => table = section,
            None => return Vec::new(),
        }
    }
    let mut out = Vec::new();
    let mut strings = |value: &toml::Spanned<DeValue>| match value.get_ref() {
        DeValue::String(s) => out.push((s.to_string(), Span::at(text, value.span().start))),
        DeValue::Array(items) => {
            for item in items {
                if let DeValue::String(s) = item.get_ref() {
                    out.push((s.to_string(), Span::at(text, item.span().start)));
                }
            }
        }
        _ => {}
    };
    for key in ["select", "ignore"] {
        if let Some(value) = table.get(key) {
            strings(value);
        }
    }
    if let Some(DeValue::Table(patterns)) = table.get("per-file-ignores").map(|v| v.get_ref()) {
        for selectors in patterns.values() {
            strings(selectors);
        }
    }
    for key in ["ignore", "rules"] {
        if let Some(DeValue::Table(keyed)) = table.get(key).map(|v| v.get_ref()) {
            for selector in keyed.keys() {
                out.push((
                    selector.get_ref().to_string(),
                    Span::at(text, selector.span().start),
                ));
            }
        }
    }
    out
}

/// The largest rule weight a config may set: far above the catalog's (at most tens), low enough
/// that sums stay exact.
pub const MAX_WEIGHT: f64 = 1000.0;

/// The largest `max-file-size`: a cap the repository's own config raises cannot let one file
/// make a gigabyte report or hold gigabytes in memory.
pub const MAX_FILE_SIZE_LIMIT: u64 = 256 * 1024 * 1024;

/// Every weight in the file, re-weights and new rules alike, must be a finite number in
/// `0..=MAX_WEIGHT`: a `nan` weight on a failing rule would otherwise turn the score into 100 and
/// pass any `--fail-under`, and `inf` makes it `NaN`.
fn check_weights(config: &FileConfig) -> Result<(), (std::ops::Range<usize>, String)> {
    let in_range = |w: f64| w.is_finite() && (0.0..=MAX_WEIGHT).contains(&w);
    for (key, rule) in &config.rules {
        if let Some(weight) = &rule.weight {
            if !in_range(*weight.get_ref()) {
                return Err((
                    weight.span(),
                    format!(
                        "[rules.{key}] weight must be a number from 0 to {MAX_WEIGHT}, got {}",
                        weight.get_ref()
                    ),
                ));
            }
        }
    }
    for rule in &config.rule {
        if !in_range(rule.get_ref().weight) {
            return Err((
                rule.span(),
                format!(
                    "[[rule]] {} weight must be a number from 0 to {MAX_WEIGHT}, got {}",
                    rule.get_ref().name,
                    rule.get_ref().weight
                ),
            ));
        }
    }
    Ok(())
}

/// A size within `1..=MAX_FILE_SIZE_LIMIT` bytes.
fn check_size(bytes: u64) -> Result<u64, String> {
    if (1..=MAX_FILE_SIZE_LIMIT).contains(&bytes) {
        Ok(bytes)
    } else {
        Err(format!(
            "must be from 1 byte to {} MiB, got {bytes} bytes",
            MAX_FILE_SIZE_LIMIT / (1024 * 1024)
        ))
    }
}

/// Parses `"1MiB"`, `"500kB"`, `"2M"`, `"4096"` into bytes, within [`MAX_FILE_SIZE_LIMIT`].
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("expected a size such as 1048576 or \"1MiB\", got \"{text}\""))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "unknown size unit \"{other}\" (use B, kB, KiB, MB, MiB, GB, GiB)"
            ))
        }
    };
    let bytes = number * factor;
    if !bytes.is_finite() || bytes > MAX_FILE_SIZE_LIMIT as f64 {
        return Err(format!(
            "must be at most {} MiB, got \"{text}\"",
            MAX_FILE_SIZE_LIMIT / (1024 * 1024)
        ));
    }
    check_size(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(name: &str, text: &str) -> Result<Settings> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let mut settings = Settings::default();
        settings.load_file(&path).map(|_| settings)
    }

    #[test]
    fn reads_every_key() {
        let settings = load(
            "claw-lint.toml",
            r#"
fail-under = 70
fail-on = "warning"
select = ["community"]
exclude = ["vendor/"]
max-file-size = "2MiB"
org-defaults = ["SECURITY"]
[ignore]
CL103 = "license lives in the parent monorepo"
[rules.missing-readme]
severity = "warning"
weight = 2
[per-file-ignores]
"legacy/**" = ["vague-param-doc"]
"#,
        )
        .expect("valid config");
        assert_eq!(settings.fail_under, Some(70.0));
        assert_eq!(settings.fail_on, FailOn::Warning);
        assert_eq!(settings.max_file_size, 2 * 1024 * 1024);
        assert_eq!(
            settings.ignore[0].1.as_deref(),
            Some("license lives in the parent monorepo")
        );
        let weight = settings.rule_overrides["missing-readme"].weight.as_ref();
        assert_eq!(weight.map(|w| *w.get_ref()), Some(2.0));
        assert_eq!(settings.per_file_ignores[0].0, "legacy/**");
    }

    #[test]
    fn unknown_key_reports_line_and_column() {
        let err =
            load("claw-lint.toml", "fail-under = 50\nfail_on = \"error\"\n").expect_err("typo");
        assert!(matches!(
            err,
            Error::Config {
                span: Some(crate::error::Span { line: 2, column: 1 }),
                ..
            }
        ));
        assert!(
            err.to_string()
                .contains("claw-lint.toml:2:1: unknown field `fail_on`"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_and_malformed_toml_report_position() {
        let err = load("claw-lint.toml", "fail-under = \"high\"\n").expect_err("type");
        assert!(err.to_string().contains("claw-lint.toml:1:14: "), "{err}");
        let err = load("claw-lint.toml", "select = [\"a\"\nfail-on = 1\n").expect_err("syntax");
        assert!(matches!(err, Error::Config { span: Some(_), .. }), "{err}");
    }

    #[test]
    fn out_of_range_values_point_at_the_value_not_the_first_mention_of_the_key() {
        let err = load(
            "claw-lint.toml",
            "# fail-under is strict here\nfail-under = 150\nmax-file-size = \"9 parsecs\"\n",
        )
        .expect_err("range");
        assert!(
            err.to_string()
                .contains("claw-lint.toml:2:14: fail-under must be between 0 and 100"),
            "{err}"
        );
        let err = load(
            "claw-lint.toml",
            "# max-file-size\nmax-file-size = \"9 parsecs\"\n",
        )
        .expect_err("unit");
        assert!(err.to_string().contains("claw-lint.toml:2:17: "), "{err}");
    }

    #[test]
    fn a_user_rule_of_an_unknown_kind_is_rejected_at_its_check_key() {
        let rule = "[[rule]]\ncode = \"X1\"\nname = \"x\"\ncategory = \"community\"\nseverity = \"error\"\nweight = 1\nsummary = \"s\"\nwhy = \"w\"\nfix = \"f\"\ncheck = \"file-exist\"\n";
        let err = load("claw-lint.toml", rule).expect_err("unknown kind");
        let text = err.to_string();
        assert!(
            text.contains("claw-lint.toml:10:9: unknown variant `file-exist`")
                && text.contains("`file-exists`"),
            "{text}"
        );
    }

    #[test]
    fn pyproject_section_is_read_and_other_tools_ignored() {
        let settings = load(
            "pyproject.toml",
            "[project]\nname = \"x\"\n[tool.ruff]\nline-length = 100\n[tool.claw-lint]\nfail-under = 60\n",
        )
        .expect("valid");
        assert_eq!(settings.fail_under, Some(60.0));
        let err = load("pyproject.toml", "[tool.claw-lint]\nfial-under = 60\n").expect_err("typo");
        assert!(err.to_string().contains("pyproject.toml:2:1: "), "{err}");
    }

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("1MiB"), Ok(1_048_576));
        assert_eq!(parse_size("500kB"), Ok(500_000));
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn ignore_takes_one_selector_and_explains_a_wrong_type() {
        let settings = load("claw-lint.toml", "ignore = \"CL101\"\n").expect("one selector");
        assert_eq!(settings.ignore, vec![("CL101".to_string(), None)]);
        let err = load("claw-lint.toml", "ignore = 3\n").expect_err("a number");
        let text = err.to_string();
        assert!(text.contains("claw-lint.toml:1:"), "{text}");
        assert!(text.contains("a rule selector"), "{text}");
        assert!(!text.contains("untagged"), "{text}");
    }

    #[test]
    fn per_file_ignores_read_globs_like_exclude_and_reject_bad_ones() {
        assert_eq!(per_file_glob("data/"), "**/data/**");
        assert_eq!(per_file_glob("/data/"), "data/**");
        assert_eq!(per_file_glob("legacy/**"), "legacy/**");
        assert_eq!(per_file_glob("conftest.py"), "**/conftest.py");
        let err = load(
            "claw-lint.toml",
            "[per-file-ignores]\n\"src/[bad\" = [\"CL301\"]\n",
        )
        .expect_err("bad glob");
        let text = err.to_string();
        assert!(
            text.contains("claw-lint.toml:2:2: per-file-ignores: \"src/[bad\" is not a valid glob"),
            "{text}"
        );
    }
}
