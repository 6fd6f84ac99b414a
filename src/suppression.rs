//! Suppression comments: `# claw-lint: ignore[vague-param-doc, CL301]` (or a bare
//! `# claw-lint: ignore`) in a Python file drops the named rules' findings anchored on that line.
//!
//! A finding is anchored on its own line, and on the lines its check adds (a function's finding
//! also on its `def`, its first decorator and the line above). The engine applies the comments to
//! every rule's findings and records which comment suppressed something, so that
//! `unused-suppression` can report, as ruff's `RUF100` does, a comment naming no rule and one
//! that suppresses nothing: a stale suppression hides the next real problem on that line.
//!
//! Comments are read from the Python tokens the one parse of each file already produced, so a
//! docstring or string showing the syntax is not a comment.
//!
//! A named rule is judged only when it ran (a rule left out by `select`, `ignore` or file mode
//! might be what the comment is for); a bare comment only when every catalog rule ran.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::ascii_words::builtin_regex;
use crate::analysis::python::PythonModule;
use crate::catalog::RuleSpec;
use crate::finding::Finding;
use crate::index::RepoIndex;

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"#\s*claw-lint:\s*ignore(?:\[([^\]]*)\])?"));

/// One rule named inside the brackets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// As written, trimmed (`vague-param-doc`, `CL304`).
    pub text: String,
    /// 1-based column (in characters) where it starts.
    pub column: u32,
}

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters) of its `#`.
    pub column: u32,
    /// The rules it names; empty for a bare `# claw-lint: ignore`, which suppresses every rule.
    pub named: Vec<Named>,
}

/// The suppression comments among a Python file's comments mentioning `claw-lint`
/// ([`PythonModule::tool_comments`]), in order.
pub fn comments(tool_comments: &[(u32, u32, String)]) -> Vec<Comment> {
    let mut out = Vec::new();
    for (line, start, text) in tool_comments {
        let Some(caps) = COMMENT.captures(text) else {
            continue;
        };
        let column = |byte: usize| start + text[..byte].chars().count() as u32;
        let mut named = Vec::new();
        if let Some(list) = caps.get(1) {
            let mut offset = list.start();
            for part in list.as_str().split(',') {
                let from = offset + (part.len() - part.trim_start().len());
                offset += part.len() + 1;
                if !part.trim().is_empty() {
                    named.push(Named {
                        text: part.trim().to_string(),
                        column: column(from),
                    });
                }
            }
        }
        out.push(Comment {
            line: *line,
            column: column(caps.get(0).map_or(0, |m| m.start())),
            named,
        });
    }
    out
}

/// One file's comments and which of them suppressed something.
struct FileComments {
    comments: Vec<Comment>,
    /// Per comment: whether the bare comment, or each named rule, suppressed a finding.
    used: Vec<Vec<bool>>,
}

/// Which rules a run knows and ran, for judging the comments.
pub struct RunRules {
    /// Every spelling (code, name, alias) of every catalog rule, the user's own included.
    pub known: Vec<String>,
    /// Every spelling of every rule that ran.
    pub ran: Vec<String>,
    /// Whether every catalog rule ran on the whole repository, so a bare comment can be judged.
    pub all_ran: bool,
}

/// The run's suppression comments, read per file on first need, and what they suppressed.
pub struct Suppressions {
    rules: RunRules,
    files: BTreeMap<String, FileComments>,
}

impl Suppressions {
    /// No comments read yet.
    pub fn new(rules: RunRules) -> Self {
        Suppressions {
            rules,
            files: BTreeMap::new(),
        }
    }

    /// Reads the comments of every Python file in `paths` (the judge needs them all, not only
    /// those of files with findings).
    pub fn read_all<'a>(&mut self, index: &RepoIndex, paths: impl IntoIterator<Item = &'a str>) {
        for path in paths {
            self.file(index, path);
        }
    }

    fn file(&mut self, index: &RepoIndex, path: &str) -> &mut FileComments {
        self.files.entry(path.to_string()).or_insert_with(|| {
            let comments = index
                .artifact::<PythonModule>(path)
                .map(|module| comments(&module.tool_comments))
                .unwrap_or_default();
            let used = comments
                .iter()
                .map(|c| vec![false; c.named.len().max(1)])
                .collect();
            FileComments { comments, used }
        })
    }

    /// Whether a comment on one of the finding's anchor lines suppresses it (bare, or naming the
    /// rule by code, name or alias); the comment is then marked used.
    pub fn suppresses(&mut self, index: &RepoIndex, spec: &RuleSpec, finding: &Finding) -> bool {
        let Some(location) = &finding.location else {
            return false;
        };
        if !location.path.ends_with(".py") {
            return false;
        }
        let anchors: Vec<u32> = location
            .line
            .into_iter()
            .chain(finding.suppressible_at.iter().copied())
            .collect();
        if anchors.is_empty() {
            return false;
        }
        let file = self.file(index, &location.path);
        let mut suppressed = false;
        for (comment, used) in file.comments.iter().zip(&mut file.used) {
            if !anchors.contains(&comment.line) {
                continue;
            }
            if comment.named.is_empty() {
                used[0] = true;
                suppressed = true;
            }
            for (named, used) in comment.named.iter().zip(used.iter_mut()) {
                if spec.is_named(&named.text) {
                    *used = true;
                    suppressed = true;
                }
            }
        }
        suppressed
    }

    /// The comments to report: a named rule that is no rule, a named rule that ran and
    /// suppressed nothing, and a bare comment that suppressed nothing when every rule ran.
    pub fn problems(&self, in_scope: impl Fn(&str) -> bool) -> Vec<Finding> {
        let spelled =
            |list: &[String], text: &str| list.iter().any(|s| s.eq_ignore_ascii_case(text));
        let mut out = Vec::new();
        for (path, file) in self.files.iter().filter(|(path, _)| in_scope(path)) {
            for (comment, used) in file.comments.iter().zip(&file.used) {
                if comment.named.is_empty() {
                    if self.rules.all_ran && !used[0] {
                        out.push(
                            Finding::new("suppression comment suppresses nothing on this line")
                                .at_position(path, comment.line, comment.column),
                        );
                    }
                    continue;
                }
                for (named, used) in comment.named.iter().zip(used) {
                    let message = if !spelled(&self.rules.known, &named.text) {
                        format!("suppression names \"{}\", which is no rule", named.text)
                    } else if spelled(&self.rules.ran, &named.text) && !used {
                        format!(
                            "suppression of \"{}\" suppresses nothing on this line",
                            named.text
                        )
                    } else {
                        continue;
                    };
                    out.push(Finding::new(message).at_position(path, comment.line, named.column));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_with_the_columns_of_their_rules() {
        let text = "x = 1\ndef f(a):  # claw-lint: ignore[vague-param-doc,  CL301]\n    \"\"\"Write ``# claw-lint: ignore[x]`` to silence x.\"\"\"\n# claw-lint:ignore\n";
        let module = crate::analysis::python::summarize(text);
        let found = comments(&module.tool_comments);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].column), (2, 12));
        let named: Vec<(&str, u32)> = found[0]
            .named
            .iter()
            .map(|n| (n.text.as_str(), n.column))
            .collect();
        assert_eq!(named, [("vague-param-doc", 32), ("CL301", 50)]);
        assert!(found[1].named.is_empty() && found[1].line == 4);
    }
}
