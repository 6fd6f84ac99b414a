//! YAML as the repository wrote it: a small tree of values that each remember their line and
//! column, parsed with `serde-saphyr` under a tight budget.
//!
//! Templates and label files come from the scanned repository, so a parse must never crash,
//! hang or exhaust memory: an alias bomb, a 10 000-deep nesting or a huge document ends as a
//! [`YamlError`] with a place, which the template rules turn into a finding. The tree keeps
//! every scalar as YAML typed it (GitHub's parser types `yes` as a boolean too), so rules can
//! say "`label` must be a string" exactly where GitHub would.
//!
//! Duplicate keys keep the last value, as GitHub's Ruby parser does, instead of failing.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::options::{AliasLimits, DuplicateKeyPolicy};
use serde_saphyr::{Budget, Options, Spanned};

/// A YAML value with the 1-based line and column where it starts (0 when unknown).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line of the value's first character.
    pub line: u32,
    /// 1-based column of the value's first character.
    pub column: u32,
}

/// The shape of a YAML value; mappings keep their order and their keys' places.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true`, `false` (and YAML 1.1 spellings such as `yes`).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float (or an integer too large for `i64`).
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

/// Why a document could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Lowercase description of the problem.
    pub message: String,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
    /// The document broke a safety limit (alias expansion, nesting depth, size) rather than
    /// the YAML grammar: hostile or runaway input, not a typo.
    pub limits: bool,
}

impl Node {
    /// The value under `key` when this is a mapping with a string key `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string, when this is a string with something besides whitespace (GitHub rejects
    /// empty and blank strings where it expects one).
    pub fn non_blank_str(&self) -> Option<&str> {
        self.as_str().filter(|s| !s.trim().is_empty())
    }

    /// The items, when this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// Whether this is null (absent value).
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// A scalar as text (`true`, `3`, `a b`); `None` for null and collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// A list as GitHub reads `labels` and `assignees`: a sequence of scalars or one
    /// comma-separated string; blanks dropped, each item with the place it came from.
    pub fn string_list(&self) -> Vec<(String, u32)> {
        match &self.value {
            Value::Str(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| (s.to_string(), self.line))
                .collect(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| Some((item.scalar_text()?.trim().to_string(), item.line)))
                .filter(|(s, _)| !s.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every string scalar in the tree, in document order (for keyword searches).
    pub fn strings(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_strings(&mut out);
        out
    }

    fn collect_strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        match &self.value {
            Value::Str(s) => out.push(s),
            Value::Seq(items) => items.iter().for_each(|i| i.collect_strings(out)),
            Value::Map(entries) => entries.iter().for_each(|(_, v)| v.collect_strings(out)),
            _ => {}
        }
    }

    /// The YAML type name, for messages (`a boolean`).
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The limits a template or label file is parsed under: generous for any real template
/// (a few hundred nodes), tiny next to what an alias bomb expands to.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.flow_nesting_limit = 32;
    budget.max_nodes = 100_000;
    budget.max_events = 200_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_documents = 16;
    budget.max_total_scalar_bytes = 4 * 1024 * 1024;
    let mut alias_limits = AliasLimits::default();
    alias_limits.max_total_replayed_events = 100_000;
    alias_limits.max_replay_stack_depth = 16;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits = alias_limits;
    options.duplicate_keys = DuplicateKeyPolicy::LastWins;
    options.with_snippet = false;
    options
}

/// Parses one YAML document. An empty document is `Null`; only the first document of a
/// multi-document stream is kept (as GitHub does), the rest are ignored.
///
/// `line_offset` is added to every line, so YAML cut out of a Markdown file (front matter)
/// reports the file's own lines.
pub fn parse(text: &str, line_offset: u32) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            line: 1 + line_offset,
            column: 1,
        });
    }
    let docs: Result<Vec<Node>, serde_saphyr::Error> =
        serde_saphyr::from_str_multiple_with_options(text, options());
    match docs {
        Ok(docs) => {
            let mut node = docs.into_iter().next().unwrap_or(Node {
                value: Value::Null,
                line: 1,
                column: 1,
            });
            if line_offset > 0 {
                shift(&mut node, line_offset);
            }
            Ok(node)
        }
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|l| (l.line() as u32, l.column() as u32))
                .unwrap_or((0, 0));
            let message = clean_message(&err.without_snippet().to_string());
            Err(YamlError {
                limits: message.contains("limit exceeded")
                    || message.starts_with("budget breached"),
                message,
                line: if line > 0 { line + line_offset } else { 0 },
                column,
            })
        }
    }
}

/// Keeps the first line of the parser's message, lowercase at the start, without the
/// location suffix the parser appends (the finding carries the place itself).
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or("invalid yaml").trim();
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = first.trim_start_matches("error: ").trim_end_matches('.');
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => "invalid yaml".to_string(),
    }
}

fn shift(node: &mut Node, by: u32) {
    if node.line > 0 {
        node.line += by;
    }
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|i| shift(i, by)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            shift(k, by);
            shift(v, by);
        }),
        _ => {}
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            value: spanned.value,
            line: spanned.referenced.line() as u32,
            column: spanned.referenced.column() as u32,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Node, Node>()? {
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_places_and_types() {
        let doc = parse(
            "name: Bug\nlabels: [bug, 'good first issue']\nok: yes\nbody:\n  - id: a\n",
            0,
        )
        .expect("parses");
        let name = doc.get("name").expect("name");
        assert_eq!((name.as_str(), name.line, name.column), (Some("Bug"), 1, 7));
        let labels = doc.get("labels").expect("labels").string_list();
        assert_eq!(
            labels,
            [("bug".to_string(), 2), ("good first issue".to_string(), 2)]
        );
        assert_eq!(doc.get("ok").map(|n| &n.value), Some(&Value::Bool(true)));
        let body = doc.get("body").and_then(Node::as_seq).expect("body");
        assert_eq!(body[0].get("id").map(|n| n.line), Some(5));
    }

    #[test]
    fn comma_separated_strings_are_lists() {
        let doc = parse("labels: bug, needs triage ,\n", 0).expect("parses");
        let labels: Vec<String> = doc
            .get("labels")
            .expect("labels")
            .string_list()
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(labels, ["bug", "needs triage"]);
    }

    #[test]
    fn errors_carry_line_and_column_shifted_by_the_offset() {
        let err = parse("name: a\nabout: b: c\n", 1).expect_err("invalid");
        assert_eq!(err.line, 3, "{err:?}");
        assert!(err.column > 0, "{err:?}");
        assert!(!err.message.is_empty());
        assert!(
            err.message.starts_with(|c: char| !c.is_uppercase()),
            "{err:?}"
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_empty_is_null() {
        let doc = parse("a: 1\na: 2\n", 0).expect("parses");
        assert_eq!(doc.get("a").map(|n| &n.value), Some(&Value::Int(2)));
        assert!(parse("  \n", 0).expect("empty").is_null());
        let first = parse("name: x\n---\nbody: []\n", 0).expect("multi");
        assert!(first.get("body").is_none());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_fail_fast_instead_of_exhausting_memory() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        assert!(parse(&bomb, 0).is_err_and(|e| e.limits));
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse(&deep, 0).is_err_and(|e| e.limits));
        let deep_block: String = (0..5_000)
            .map(|i| format!("{}- \n", " ".repeat(i * 2)))
            .collect();
        assert!(parse(&deep_block, 0).is_err());
        assert!(started.elapsed().as_secs() < 5);
    }
}
