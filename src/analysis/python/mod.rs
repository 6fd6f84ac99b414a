//! The Python API summary: every Python file read once into a compact, owned summary cached in
//! the index and shared by every rule that reads Python (parameter docs, tests, ML checks). The
//! summary is read off the file's outline (the `outline` module: tokens, statement by statement,
//! no syntax tree); a file the outline scan does not model is parsed by ruff's parser (the `tree`
//! module), which recovers from syntax errors, and its tree is dropped right away. Memory stays
//! proportional to the API, not to the source.
//!
//! Static only: nothing is imported or executed. `__all__` is read only when it is a literal list
//! or tuple of strings (possibly extended with `+=` / `.extend([...])`).

mod outline;
mod tokens;
mod tree;

use crate::index::Artifact;

/// How a parameter is passed; `*args`/`**kwargs` are never required to be documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Before `/`.
    PositionalOnly,
    /// Positional or keyword.
    Regular,
    /// `*args`.
    VarArgs,
    /// After `*` or `*args`.
    KeywordOnly,
    /// `**kwargs`.
    VarKeyword,
}

/// A parameter as written in the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// Name without stars.
    pub name: String,
    /// How it is passed.
    pub kind: ParamKind,
    /// Annotation source text (`Optional[float]`), if any.
    pub annotation: Option<String>,
    /// Default source text (`0.1`, `None`), if any.
    pub default: Option<String>,
    /// 1-based line of the parameter.
    pub line: u32,
}

/// A docstring: its value and where its literal starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Docstring {
    /// The string's value (escapes processed, not dedented).
    pub text: String,
    /// 1-based line where the string literal starts; the value's first line is on it.
    pub line: u32,
}

/// A function or method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// Its own name.
    pub name: String,
    /// Module-relative qualified name (`Class.method`, `func`).
    pub qualname: String,
    /// 1-based line of the `def` keyword.
    pub line: u32,
    /// 1-based line of the first decorator (or of `def` when undecorated): suppression comments
    /// may sit on the line before it.
    pub first_line: u32,
    /// Public: its name and every enclosing class's name do not start with `_` (`__init__` counts).
    pub is_public: bool,
    /// The enclosing class's qualified name, for methods.
    pub class: Option<String>,
    /// Decorator source texts without `@` (`property`, `staticmethod`, `torch.no_grad()`).
    pub decorators: Vec<String>,
    /// Parameters in signature order, `self`/`cls` excluded for methods.
    pub params: Vec<Param>,
    /// The docstring, if the body starts with a string literal.
    pub docstring: Option<Docstring>,
}

/// A class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// Its own name.
    pub name: String,
    /// Module-relative qualified name (`Outer.Inner`).
    pub qualname: String,
    /// 1-based line of the `class` keyword.
    pub line: u32,
    /// 1-based line of the first decorator (or of `class`).
    pub first_line: u32,
    /// Public: its name and every enclosing class's name do not start with `_`.
    pub is_public: bool,
    /// Base class source texts.
    pub bases: Vec<String>,
    /// Decorator source texts without `@` (`dataclass`).
    pub decorators: Vec<String>,
    /// The class docstring.
    pub docstring: Option<Docstring>,
}

/// An import statement anywhere in the file (tests often import inside test functions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The module as written (`pkg.mod`; for `from . import x` the empty string).
    pub module: String,
    /// Leading dots of a relative import (0 for absolute).
    pub level: u32,
    /// Names imported by `from module import a, b` (empty for `import module`).
    pub names: Vec<String>,
    /// 1-based line.
    pub line: u32,
}

/// The summary of one Python file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PythonModule {
    /// Module docstring.
    pub docstring: Option<Docstring>,
    /// Functions and methods in source order; nested functions (inside a function) are left out.
    pub functions: Vec<Function>,
    /// Classes in source order (nested classes included).
    pub classes: Vec<Class>,
    /// `__all__`, when it is statically a list/tuple of strings.
    pub all: Option<Vec<String>>,
    /// Every import statement.
    pub imports: Vec<Import>,
    /// How many syntax errors ruff's parser recovered from; 0 for a file the outline scan read,
    /// which does not look for them.
    pub syntax_errors: usize,
    /// The first syntax error as (line, message), for an info note.
    pub first_syntax_error: Option<(u32, String)>,
    /// Why the file was not parsed at all (nesting too deep to parse safely), for a warning.
    pub not_parsed: Option<String>,
    /// Comments mentioning `claw-lint`, as (1-based line, 1-based column, text): suppression
    /// comments come from the token stream, so a docstring quoting the syntax is not one.
    pub tool_comments: Vec<(u32, u32, String)>,
}

impl PythonModule {
    /// The class with this qualified name.
    pub fn class(&self, qualname: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.qualname == qualname)
    }

    /// The methods of a class (by qualified name).
    pub fn methods<'a>(&'a self, class_qualname: &'a str) -> impl Iterator<Item = &'a Function> {
        self.functions
            .iter()
            .filter(move |f| f.class.as_deref() == Some(class_qualname))
    }

    /// Whether a top-level name is exported: listed in `__all__` when present, else not private.
    pub fn exports(&self, name: &str) -> bool {
        match &self.all {
            Some(all) => all.iter().any(|n| n == name),
            None => !name.starts_with('_'),
        }
    }
}

impl Artifact for PythonModule {
    fn build(_path: &str, text: &str) -> Self {
        summarize(text)
    }
}

/// Python files left unparsed (see [`summarize`]) among those already summarised, as warnings.
pub fn unparsed_files(index: &crate::index::RepoIndex) -> Vec<crate::index::ScanProblem> {
    index
        .files_with_ext(&["py", "pyi"])
        .filter_map(|file| {
            let module = index.built_artifact::<PythonModule>(&file.path)?;
            Some(crate::index::ScanProblem {
                path: file.path.clone(),
                message: module.not_parsed.clone()?,
            })
        })
        .collect()
}

/// How deeply an expression may nest before a file is left unparsed. CPython itself refuses 200
/// nested brackets, so real code stays far below; the parser and the syntax tree's `Drop` recurse
/// once per level, and this keeps them well inside the worker threads' stack.
pub const MAX_NESTING: usize = 1000;

/// Summarises source text: by the outline scan, which reads the definitions, signatures,
/// docstrings and imports off a light token stream without building a syntax tree, or, where that
/// scan gives up on source it does not model, by ruff's parser, which recovers from syntax errors.
/// The parser built and dropped a whole syntax tree per file (expressions of every function body)
/// and was most of a scan's time; the summary reads only statement outlines.
pub fn summarize(source: &str) -> PythonModule {
    let mut summary = outline::summarize(source).unwrap_or_else(|| tree::summarize(source));
    summary.shrink_to_fit();
    summary
}

impl PythonModule {
    /// Gives back the spare capacity of the lists built by pushing: every summary lives until the
    /// end of a run, and on diffusers the doubling growth of the function and parameter lists left
    /// megabytes unused.
    fn shrink_to_fit(&mut self) {
        for function in &mut self.functions {
            function.params.shrink_to_fit();
            function.decorators.shrink_to_fit();
        }
        for class in &mut self.classes {
            class.bases.shrink_to_fit();
            class.decorators.shrink_to_fit();
        }
        for import in &mut self.imports {
            import.names.shrink_to_fit();
        }
        self.functions.shrink_to_fit();
        self.classes.shrink_to_fit();
        self.imports.shrink_to_fit();
        self.tool_comments.shrink_to_fit();
    }
}

/// A suppression comment spanning bytes `start..end` as the summary keeps it: its 1-based line
/// and column (in characters, as ruff's line index counts them) and its text.
fn tool_comment(
    lines: &ruff_source_file::LineIndex,
    source: &str,
    start: usize,
    end: usize,
) -> (u32, u32, String) {
    let at = lines.line_column(ruff_text_size::TextSize::new(start as u32), source);
    (
        at.line.get() as u32,
        at.column.get() as u32,
        source[start..end].to_string(),
    )
}

fn is_public_name(name: &str) -> bool {
    !name.starts_with('_') || name == "__init__"
}

/// Bytes that continue an ASCII identifier, by table: most of a Python file's bytes outside its
/// strings are identifiers, and one lookup per byte is the cheapest test.
static IDENTIFIER_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#""""Layers."""
from __future__ import annotations
import torch.nn as nn
from .utils import helper, other

__all__ = ["Dense"]
__all__ += ["make"]

class Dense(nn.Module):
    """A dense layer.

    Args:
        units: Output size.
    """

    def __init__(self, units: int, dropout_rate: float = 0.1, *args, key=None, **kwargs):
        super().__init__()

    @property
    def size(self):
        return 1

    @staticmethod
    def build(shape, /, seed=0):
        def inner(x):
            import os
            return x
        return inner

    class _Config:
        def value(self): ...

def make(x):
    "Make one."
    from pkg.mod import thing
    return thing(x)

def _private(y):
    pass
"#;

    #[test]
    fn a_class_body_doc_assignment_is_a_docstring() {
        let m = summarize("class Clf(Net):\n    __doc__ = make_doc(Net.__doc__)\n\n    def __init__(self, a):\n        pass\n");
        assert_eq!(m.classes[0].docstring.as_ref().map(|d| d.line), Some(2));
        let bare = summarize("class Clf(Net):\n    x = 1\n");
        assert_eq!(bare.classes[0].docstring, None);
    }

    #[test]
    fn summarises_api_params_docstrings_and_all() {
        let m = summarize(SOURCE);
        assert_eq!(m.syntax_errors, 0);
        assert_eq!(m.docstring.as_ref().map(|d| d.line), Some(1));
        assert_eq!(
            m.all.as_deref(),
            Some(&["Dense".to_string(), "make".to_string()][..])
        );
        let names: Vec<(&str, bool)> = m
            .functions
            .iter()
            .map(|f| (f.qualname.as_str(), f.is_public))
            .collect();
        assert_eq!(
            names,
            [
                ("Dense.__init__", true),
                ("Dense.size", true),
                ("Dense.build", true),
                ("Dense._Config.value", false),
                ("make", true),
                ("_private", false)
            ]
        );
        let init = &m.functions[0];
        let params: Vec<(&str, ParamKind, Option<&str>)> = init
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.kind, p.default.as_deref()))
            .collect();
        assert_eq!(
            params,
            [
                ("units", ParamKind::Regular, None),
                ("dropout_rate", ParamKind::Regular, Some("0.1")),
                ("args", ParamKind::VarArgs, None),
                ("key", ParamKind::KeywordOnly, Some("None")),
                ("kwargs", ParamKind::VarKeyword, None),
            ]
        );
        assert_eq!(init.params[1].annotation.as_deref(), Some("float"));
        assert_eq!(init.line, 16);
        let build = &m.functions[2];
        assert_eq!(
            build.params[0].name, "shape",
            "staticmethod keeps its first parameter"
        );
        assert_eq!(build.first_line, 23);
        assert_eq!(build.line, 24);
        let dense = m.class("Dense").expect("class");
        assert_eq!(dense.bases, ["nn.Module"]);
        assert_eq!(dense.docstring.as_ref().map(|d| d.line), Some(10));
        assert!(dense
            .docstring
            .as_ref()
            .is_some_and(|d| d.text.contains("units: Output size.")));
        assert_eq!(m.methods("Dense").count(), 3);
        assert_eq!(
            m.functions[4].docstring.as_ref().map(|d| d.text.as_str()),
            Some("Make one.")
        );
    }

    #[test]
    fn collects_imports_at_any_depth() {
        let m = summarize(SOURCE);
        let imports: Vec<(&str, u32, Vec<&str>)> = m
            .imports
            .iter()
            .map(|i| {
                (
                    i.module.as_str(),
                    i.level,
                    i.names.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            imports,
            [
                ("__future__", 0, vec!["annotations"]),
                ("torch.nn", 0, vec![]),
                ("utils", 1, vec!["helper", "other"]),
                ("os", 0, vec![]),
                ("pkg.mod", 0, vec!["thing"]),
            ]
        );
    }

    #[test]
    fn summaries_keep_no_spare_capacity() {
        let source: String = (0..33)
            .map(|i| {
                format!("@a\n@b\ndef f{i}(x, y, z):\n    pass\n\nclass C{i}(A, B):\n    pass\n")
            })
            .chain(std::iter::once("from m import (a, b, c)\n".to_string()))
            .collect();
        let summary = summarize(&source);
        assert_eq!(summary.functions.len(), 33);
        assert_eq!(summary.functions.capacity(), summary.functions.len());
        assert_eq!(summary.classes.capacity(), summary.classes.len());
        assert_eq!(summary.imports.capacity(), summary.imports.len());
        for f in &summary.functions {
            assert_eq!(f.params.capacity(), f.params.len());
            assert_eq!(f.decorators.capacity(), f.decorators.len());
        }
        for import in &summary.imports {
            assert_eq!(import.names.capacity(), import.names.len());
        }
    }

    #[test]
    fn recovers_from_syntax_errors() {
        let m = summarize("def ok(a):\n    \"\"\"Doc.\"\"\"\n\ndef broken(:\n    pass\n\ndef later(b):\n    pass\n");
        assert!(m.syntax_errors > 0);
        assert!(m
            .first_syntax_error
            .as_ref()
            .is_some_and(|(line, _)| *line == 4));
        assert!(m.functions.iter().any(|f| f.name == "ok"));
        assert!(m.functions.iter().any(|f| f.name == "later"));
    }

    #[test]
    fn deep_nesting_is_outlined_or_refused_before_parsing() {
        let deep = [
            format!("x = {}{}", "[".repeat(500_000), "]".repeat(500_000)),
            format!("x = {}{}", "[".repeat(35_000), "]".repeat(35_000)),
            format!("x = {}1", "1 + ".repeat(50_000)),
            format!("x = {}1", "- ".repeat(50_000)),
            format!("x = a{}", ".b".repeat(50_000)),
            format!("x = f{}", "()".repeat(50_000)),
            format!("x = {}1", "lambda: ".repeat(50_000)),
            format!("x = (1 +\n{}1)", "1 +\n".repeat(50_000)),
            format!("x = 1 + \\\n{}1", "1 + \\\n".repeat(50_000)),
            (0..2_000)
                .map(|d| format!("{}if x:\n", " ".repeat(d)))
                .collect::<String>(),
        ];
        for source in &deep {
            // The outline scan does not recurse, so it reads deep code as any other.
            assert_eq!(summarize(source).not_parsed, None, "{}", &source[..40]);
            // Where it gives up (here on a `$`), ruff's parser would recurse once per level.
            let m = summarize(&format!("{source}\n$"));
            assert!(
                m.not_parsed
                    .as_deref()
                    .is_some_and(|w| w.contains("nest more than")),
                "not refused: {}",
                &source[..40]
            );
        }
    }

    #[test]
    fn ordinary_and_wide_code_is_parsed() {
        let wide = [
            // Just under the limit, on a test thread's default stack: the guard leaves margin.
            format!("x = {}{}", "[".repeat(MAX_NESTING - 10), "]".repeat(MAX_NESTING - 10)),
            format!("x = {}1", "1 + ".repeat(MAX_NESTING - 10)),
            format!("x = [{}]", "-1, ".repeat(100_000)),
            format!("x = {{{}}}", "'k': 1 + 2, ".repeat(50_000)),
            format!("s = '{}'", "(((".repeat(10_000)),
            format!("# {}\nx = 1", "[[[".repeat(10_000)),
            "def f(a: int = 1 + 2 * 3) -> int:\n    \"\"\"Doc (with [brackets].\"\"\"\n    return a\n"
                .repeat(2_000),
        ];
        for source in &wide {
            // The guard before ruff's parser, which the outline scan's fallback goes through.
            assert_eq!(
                tree::summarize(source).not_parsed,
                None,
                "{}",
                &source[..40]
            );
            assert_eq!(summarize(source).not_parsed, None, "{}", &source[..40]);
        }
    }

    #[test]
    fn empty_and_weird_sources_do_not_panic() {
        for source in [
            "",
            "\u{feff}x = 1",
            "class",
            "def f(*, a=1, **k): '''d'''",
            "__all__ = [x for x in y]",
        ] {
            let _ = summarize(source);
        }
    }
}
