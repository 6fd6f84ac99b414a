//! Parameter fields in hand-written API docs (`.rst`, `.md`): `:param name: text` under an
//! optional `.. py:function:: name(signature)` directive, as in `docs/source/layers.rst`.
//!
//! Only field lists count here (a Google `Args:` heading in prose is not an API entry), and
//! code samples are skipped (fenced Markdown blocks, reST literal blocks), since a docstring
//! shown as an example is not the project's own documentation.

use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::docstring::{self, ParamEntry, Style};

/// One documented object in an API page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiObject {
    /// The directive's object name (`mylib.layers.apply_dropout`), or `None` for fields that
    /// follow no directive.
    pub name: Option<String>,
    /// Parameters of the directive's signature as (name, default); `None` without a signature.
    pub signature: Option<Vec<(String, Option<String>)>>,
    /// Field entries; `line` is the 0-based line in the file.
    pub entries: Vec<ParamEntry>,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^\s*\.\.\s+(?:py:)?(?:function|method|class|staticmethod|classmethod)::\s*([\w.]+)\s*(?:\((.*)\))?",
    )
});
static FENCE: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"^\s*(```|~~~)"));
static LITERAL_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^\s*\.\.\s+(code-block|code|sourcecode|literalinclude|testcode|doctest)::|::\s*$",
    )
});

/// Splits a signature's parameter list into (name, default) pairs, dropping `self`, `/`, `*`.
fn signature_params(sig: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in sig.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&sig[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&sig[start..]);
    for part in parts {
        let (head, default) = match part.split_once('=') {
            Some((h, d)) => (h, Some(d.trim().to_string())),
            None => (part, None),
        };
        let name = head
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('*');
        if name.is_empty() || name == "self" || name == "cls" || name == "/" {
            continue;
        }
        out.push((name.to_string(), default));
    }
    out
}

/// Blanks out code samples so their lines keep their numbers but hold no fields.
fn without_code(text: &str, markdown: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut literal_indent: Option<usize> = None;
    let mut pending_literal = false;
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start().len();
        if markdown && FENCE.is_match(line) {
            in_fence = !in_fence;
            out.push("");
            continue;
        }
        if in_fence {
            out.push("");
            continue;
        }
        if !markdown {
            if let Some(base) = literal_indent {
                if line.trim().is_empty() || indent > base {
                    out.push("");
                    continue;
                }
                literal_indent = None;
            }
            if pending_literal && !line.trim().is_empty() {
                pending_literal = false;
            }
            if LITERAL_BLOCK.is_match(line) && !DIRECTIVE.is_match(line) {
                literal_indent = Some(indent);
                pending_literal = true;
                out.push(line);
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Whether a line may hold a `:param …:` or `@param …:` field: every field role the docstring
/// parser knows (`param`, `parameter`, `arg`, `argument`, `key`, `keyword`, `kwarg`, `kwparam`)
/// starts with one of these. A page's sections without such a line are not parsed, since only
/// their field entries are kept.
fn may_hold_field(line: &str) -> bool {
    line.trim_start()
        .strip_prefix([':', '@'])
        .is_some_and(|role| {
            ["param", "arg", "key", "kw"]
                .iter()
                .any(|r| role.starts_with(r))
        })
}

/// Parses an API page into the objects it documents with `:param:` fields.
pub fn parse(text: &str, markdown: bool) -> Vec<ApiObject> {
    let lines = without_code(text, markdown);
    // Sections start at each directive; fields before the first one belong to no object.
    let mut starts: Vec<(usize, ApiObject)> = vec![(0, ApiObject::default())];
    for (i, line) in lines.iter().enumerate() {
        if let Some(caps) = DIRECTIVE.captures(line) {
            starts.push((
                i,
                ApiObject {
                    name: Some(caps[1].to_string()),
                    signature: caps.get(2).map(|m| signature_params(m.as_str())),
                    entries: Vec::new(),
                },
            ));
        }
    }
    let mut objects = Vec::new();
    for k in 0..starts.len() {
        let begin = starts[k].0;
        let end = starts.get(k + 1).map_or(lines.len(), |s| s.0);
        if !lines[begin..end].iter().any(|line| may_hold_field(line)) {
            continue;
        }
        let block = lines[begin..end].join("\n");
        let mut object = std::mem::take(&mut starts[k].1);
        object.entries = docstring::parse(&block)
            .entries
            .into_iter()
            .filter(|e| matches!(e.style, Style::Sphinx | Style::Epytext))
            .map(|mut e| {
                e.line += begin;
                e
            })
            .collect();
        if !object.entries.is_empty() {
            objects.push(object);
        }
    }
    objects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_the_docstring_parser_reads_passes_the_line_filter() {
        let roles = [
            "param",
            "parameter",
            "arg",
            "argument",
            "key",
            "keyword",
            "kwarg",
            "kwparam",
        ];
        for marker in [":", "@"] {
            for role in roles {
                let line = format!("   {marker}{role} x: The input.");
                assert_eq!(docstring::parse(&line).entries.len(), 1, "{line}");
                assert!(may_hold_field(&line), "{line}");
            }
        }
        for line in [
            "Parameters",
            "   :type x: int",
            "   :returns: y",
            "Args:",
            "see :class:`X`",
        ] {
            assert!(!may_hold_field(line), "{line}");
        }
    }

    #[test]
    fn directive_signature_and_fields() {
        let rst = "Layers\n======\n\n.. py:function:: apply_dropout(x, dropout_rate=0.5)\n   :module: mylib.layers\n\n   Apply dropout.\n\n   :param x: Input of shape ``(batch, features)``.\n   :type x: Tensor\n   :param dropout_rate: The dropout rate for regularization.\n\nExample::\n\n    :param fake: not a field\n";
        let objects = parse(rst, false);
        assert_eq!(objects.len(), 1);
        let obj = &objects[0];
        assert_eq!(obj.name.as_deref(), Some("apply_dropout"));
        assert_eq!(
            obj.signature,
            Some(vec![
                ("x".to_string(), None),
                ("dropout_rate".to_string(), Some("0.5".to_string()))
            ])
        );
        let names: Vec<_> = obj
            .entries
            .iter()
            .map(|e| (e.names[0].as_str(), e.line))
            .collect();
        assert_eq!(names, [("x", 8), ("dropout_rate", 10)]);
        assert_eq!(obj.entries[0].type_text, "Tensor");
    }

    #[test]
    fn markdown_code_fences_and_google_prose_are_ignored() {
        let md = "# API\n\n```python\n:param x: example\n```\n\nArgs:\n    y: prose\n\n:param z: Real field.\n";
        let objects = parse(md, true);
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0].entries.len(), 1);
        assert_eq!(objects[0].entries[0].names, ["z"]);
        assert_eq!(objects[0].entries[0].line, 9);
        assert!(objects[0].signature.is_none());
    }
}
