//! The Python API summary: every Python file parsed once with ruff's parser (which recovers from
//! syntax errors) into a compact, owned summary cached in the index and shared by every rule that
//! reads Python (parameter docs, tests, ML checks). The syntax tree itself is dropped right away,
//! so memory stays proportional to the API, not to the source.
//!
//! Static only: nothing is imported or executed. `__all__` is read only when it is a literal list
//! or tuple of strings (possibly extended with `+=` / `.extend([...])`).

use ruff_python_ast::statement_visitor::{walk_stmt, StatementVisitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextRange};

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
    /// How many syntax errors the parser recovered from.
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

/// Parses source text into its summary (recovering from syntax errors). A file nested deeper than
/// [`MAX_NESTING`] is not parsed: its summary is empty with `not_parsed` saying why.
pub fn summarize(source: &str) -> PythonModule {
    if nesting_exceeds(source, MAX_NESTING) {
        return PythonModule {
            not_parsed: Some(format!(
                "not parsed: expressions nest more than {MAX_NESTING} levels deep"
            )),
            ..PythonModule::default()
        };
    }
    let parsed = parse_unchecked(source, ParseOptions::from(Mode::Module));
    let lines = LineIndex::from_source_text(source);
    let mut summary = PythonModule {
        syntax_errors: parsed.errors().len(),
        ..PythonModule::default()
    };
    if let Some(err) = parsed.errors().first() {
        let line = lines.line_index(err.location.start()).get() as u32;
        summary.first_syntax_error = Some((line, err.error.to_string()));
    }
    summary.tool_comments = parsed
        .tokens()
        .iter()
        .filter(|token| token.kind().is_comment())
        .filter_map(|token| {
            let text = &source[token.range()];
            if !text.contains("claw-lint") {
                return None;
            }
            let at = lines.line_column(token.start(), source);
            Some((
                at.line.get() as u32,
                at.column.get() as u32,
                text.to_string(),
            ))
        })
        .collect();
    let Some(module) = parsed.syntax().as_module() else {
        return summary;
    };
    let cx = Cx {
        source,
        lines: &lines,
    };
    summary.docstring = docstring(&cx, &module.body);
    let mut collector = Collector {
        cx: &cx,
        summary: &mut summary,
        scopes: Vec::new(),
    };
    collector.visit_body(&module.body);
    read_all(&module.body, &mut summary);
    let mut imports = ImportCollector {
        cx: &cx,
        imports: Vec::new(),
    };
    imports.visit_body(&module.body);
    summary.imports = imports.imports;
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

/// A cheap upper bound of the syntax tree's depth, checked before parsing. Brackets nest; within
/// one bracket level every operator of an element may add a level, since chains parse deep
/// (`1 + 1 + …`, `- - - x`, `a.b.c`, `f()()`, `x if c else y if d else …`, `lambda: lambda: …`);
/// indentation nests statements. Strings and comments are skipped. Stops as soon as the estimate
/// passes `limit`.
fn nesting_exceeds(source: &str, limit: usize) -> bool {
    // Operators in the current element of each open bracket level; `total` is their sum plus
    // the open brackets, `indent` the current line's indentation outside brackets.
    let mut levels: Vec<usize> = vec![0];
    let mut total = 0usize;
    let mut indent = 0usize;
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start && levels.len() == 1 {
            let start = i;
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                i += 1;
            }
            indent = i - start;
            line_start = false;
            continue;
        }
        let mut operator = false;
        match b {
            b'#' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |at| i + at);
                continue;
            }
            b'\'' | b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                continue;
            }
            b'(' | b'[' | b'{' => {
                levels.push(0);
                total += 1;
            }
            b')' | b']' | b'}' if levels.len() > 1 => {
                total -= levels.pop().unwrap_or(0) + 1;
                // A call or subscript wraps what precedes it: `f()()` nests like an operator.
                operator = true;
            }
            b',' | b';' | b'=' => {
                if let Some(ops) = levels.last_mut() {
                    total -= *ops;
                    *ops = 0;
                }
            }
            b'\n' if levels.len() == 1 => {
                total -= levels[0];
                levels[0] = 0;
                line_start = true;
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<' | b'>'
            | b'.' => operator = true,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                i += bytes[i..]
                    .iter()
                    .position(|&b| !IDENTIFIER_BYTE[usize::from(b)])
                    .unwrap_or(bytes.len() - i);
                operator = matches!(
                    &bytes[start..i],
                    b"not"
                        | b"and"
                        | b"or"
                        | b"if"
                        | b"else"
                        | b"lambda"
                        | b"await"
                        | b"in"
                        | b"is"
                );
                i -= 1;
            }
            _ => {}
        }
        if operator {
            if let Some(ops) = levels.last_mut() {
                *ops += 1;
                total += 1;
            }
        }
        if total + indent > limit {
            return true;
        }
        i += 1;
    }
    false
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

/// The index just past the string literal starting at `start` (a quote), triple quotes included;
/// an unterminated string runs to the end of its line (single quotes) or of the file (triple).
/// Jumps between the bytes that can end it (its quote, an escape, a newline for single quotes):
/// docstrings are a large share of Python source.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.len() >= start + 3 && bytes[start + 1] == quote && bytes[start + 2] == quote;
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        let rest = &bytes[i..];
        let next = if triple {
            memchr::memchr2(quote, b'\\', rest)
        } else {
            memchr::memchr3(quote, b'\\', b'\n', rest)
        };
        let Some(offset) = next else {
            break;
        };
        i += offset;
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            _ if !triple => return i + 1,
            _ if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote => {
                return i + 3;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

struct Cx<'a> {
    source: &'a str,
    lines: &'a LineIndex,
}

impl Cx<'_> {
    fn line(&self, range: TextRange) -> u32 {
        self.lines.line_index(range.start()).get() as u32
    }

    fn text(&self, range: TextRange) -> String {
        self.source
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or("")
            .to_string()
    }
}

fn docstring(cx: &Cx, body: &[Stmt]) -> Option<Docstring> {
    let Stmt::Expr(ast::StmtExpr { value, .. }) = body.first()? else {
        return None;
    };
    let Expr::StringLiteral(literal) = value.as_ref() else {
        return None;
    };
    Some(Docstring {
        text: literal.value.to_str().to_string(),
        line: cx.line(literal.range()),
    })
}

/// A class's docstring: the leading literal, or a `__doc__ = …` in the class body (a docstring
/// built at import time, `__doc__ = get_clf_doc(NeuralNet.__doc__)`), whose text is unknown
/// here and so empty.
fn class_docstring(cx: &Cx, body: &[Stmt]) -> Option<Docstring> {
    docstring(cx, body).or_else(|| {
        body.iter().find_map(|stmt| match stmt {
            Stmt::Assign(assign)
                if assign
                    .targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(name) if name.id.as_str() == "__doc__")) =>
            {
                Some(Docstring {
                    text: String::new(),
                    line: cx.line(assign.range()),
                })
            }
            _ => None,
        })
    })
}

/// What encloses the statement being visited.
enum Scope {
    Class { qualname: String, public: bool },
    Function,
}

/// Collects API definitions: module- and class-level, through `if`/`try`/`with` blocks, but not
/// into function bodies (nested functions are not API).
struct Collector<'a, 'b> {
    cx: &'a Cx<'b>,
    summary: &'a mut PythonModule,
    scopes: Vec<Scope>,
}

impl Collector<'_, '_> {
    fn enclosing_class(&self) -> Option<(&str, bool)> {
        match self.scopes.last() {
            Some(Scope::Class { qualname, public }) => Some((qualname, *public)),
            _ => None,
        }
    }

    fn in_function(&self) -> bool {
        self.scopes.iter().any(|s| matches!(s, Scope::Function))
    }

    fn decorators(&self, decorators: &[ast::Decorator]) -> (Vec<String>, Option<u32>) {
        let texts = decorators
            .iter()
            .map(|d| self.cx.text(d.expression.range()))
            .collect();
        let first = decorators.first().map(|d| self.cx.line(d.range()));
        (texts, first)
    }
}

fn is_public_name(name: &str) -> bool {
    !name.starts_with('_') || name == "__init__"
}

impl<'a> StatementVisitor<'a> for Collector<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                if !self.in_function() {
                    self.add_function(def);
                }
                self.scopes.push(Scope::Function);
                walk_stmt(self, stmt);
                self.scopes.pop();
            }
            Stmt::ClassDef(class) if !self.in_function() => {
                let (outer, outer_public) = self
                    .enclosing_class()
                    .map_or((None, true), |(q, p)| (Some(q.to_string()), p));
                let name = class.name.id.to_string();
                let qualname = outer.map_or_else(|| name.clone(), |o| format!("{o}.{name}"));
                let public = outer_public && !name.starts_with('_');
                let (decorators, first) = self.decorators(&class.decorator_list);
                let line = self.cx.line(class.name.range());
                let bases = class
                    .arguments
                    .as_ref()
                    .map(|args| args.args.iter().map(|b| self.cx.text(b.range())).collect())
                    .unwrap_or_default();
                self.summary.classes.push(Class {
                    name,
                    qualname: qualname.clone(),
                    line,
                    first_line: first.unwrap_or(line),
                    is_public: public,
                    bases,
                    decorators,
                    docstring: class_docstring(self.cx, &class.body),
                });
                self.scopes.push(Scope::Class { qualname, public });
                walk_stmt(self, stmt);
                self.scopes.pop();
            }
            _ => walk_stmt(self, stmt),
        }
    }
}

impl Collector<'_, '_> {
    fn add_function(&mut self, def: &ast::StmtFunctionDef) {
        let name = def.name.id.to_string();
        let class = self.enclosing_class().map(|(q, p)| (q.to_string(), p));
        let (decorators, first) = self.decorators(&def.decorator_list);
        let is_static = decorators.iter().any(|d| d == "staticmethod");
        let mut params = Vec::new();
        let p = &def.parameters;
        let mut push = |param: &ast::Parameter, default: Option<&Expr>, kind: ParamKind| {
            params.push(Param {
                name: param.name.id.to_string(),
                kind,
                annotation: param.annotation.as_deref().map(|a| self.cx.text(a.range())),
                default: default.map(|d| self.cx.text(d.range())),
                line: self.cx.line(param.range()),
            });
        };
        for pd in &p.posonlyargs {
            push(
                &pd.parameter,
                pd.default.as_deref(),
                ParamKind::PositionalOnly,
            );
        }
        for pd in &p.args {
            push(&pd.parameter, pd.default.as_deref(), ParamKind::Regular);
        }
        if let Some(vararg) = &p.vararg {
            push(vararg, None, ParamKind::VarArgs);
        }
        for pd in &p.kwonlyargs {
            push(&pd.parameter, pd.default.as_deref(), ParamKind::KeywordOnly);
        }
        if let Some(kwarg) = &p.kwarg {
            push(kwarg, None, ParamKind::VarKeyword);
        }
        // The receiver is never documented: drop the first positional of a non-static method.
        if class.is_some() && !is_static {
            if let Some(first) = params.first() {
                if matches!(first.kind, ParamKind::PositionalOnly | ParamKind::Regular) {
                    params.remove(0);
                }
            }
        }
        let line = self.cx.line(def.name.range());
        let (class_qualname, class_public) = class.map_or((None, true), |(q, p)| (Some(q), p));
        let qualname = class_qualname
            .as_ref()
            .map_or_else(|| name.clone(), |c| format!("{c}.{name}"));
        self.summary.functions.push(Function {
            is_public: class_public && is_public_name(&name),
            name,
            qualname,
            line,
            first_line: first.unwrap_or(line),
            class: class_qualname,
            decorators,
            params,
            docstring: docstring(self.cx, &def.body),
        });
    }
}

/// Reads `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])` at module level.
fn read_all(body: &[Stmt], summary: &mut PythonModule) {
    fn strings(expr: &Expr) -> Option<Vec<String>> {
        let elts = match expr {
            Expr::List(list) => &list.elts,
            Expr::Tuple(tuple) => &tuple.elts,
            _ => return None,
        };
        elts.iter()
            .map(|e| match e {
                Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
                _ => None,
            })
            .collect()
    }
    fn is_all(expr: &Expr) -> bool {
        matches!(expr, Expr::Name(n) if n.id.as_str() == "__all__")
    }
    for stmt in body {
        match stmt {
            Stmt::Assign(assign) if assign.targets.iter().any(is_all) => {
                summary.all = strings(&assign.value);
            }
            Stmt::AnnAssign(assign) if is_all(&assign.target) => {
                summary.all = assign.value.as_deref().and_then(strings);
            }
            Stmt::AugAssign(assign) if is_all(&assign.target) => {
                if let (Some(all), Some(more)) = (summary.all.as_mut(), strings(&assign.value)) {
                    all.extend(more);
                }
            }
            Stmt::Expr(ast::StmtExpr { value, .. }) => {
                if let Expr::Call(call) = value.as_ref() {
                    if let Expr::Attribute(attr) = call.func.as_ref() {
                        if is_all(&attr.value) && attr.attr.id.as_str() == "extend" {
                            if let (Some(all), Some(more)) = (
                                summary.all.as_mut(),
                                call.arguments.args.first().and_then(strings),
                            ) {
                                all.extend(more);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Collects every import, at any depth.
struct ImportCollector<'a, 'b> {
    cx: &'a Cx<'b>,
    imports: Vec<Import>,
}

impl<'a> StatementVisitor<'a> for ImportCollector<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    self.imports.push(Import {
                        module: alias.name.id.to_string(),
                        level: 0,
                        names: Vec::new(),
                        line: self.cx.line(import.range()),
                    });
                }
            }
            Stmt::ImportFrom(import) => self.imports.push(Import {
                module: import
                    .module
                    .as_ref()
                    .map(|m| m.id.to_string())
                    .unwrap_or_default(),
                level: import.level,
                names: import.names.iter().map(|a| a.name.id.to_string()).collect(),
                line: self.cx.line(import.range()),
            }),
            _ => walk_stmt(self, stmt),
        }
    }
}

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
    fn deep_nesting_is_refused_before_parsing() {
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
            let m = summarize(source);
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
