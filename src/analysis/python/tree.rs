//! The fallback summary: the file parsed by ruff's parser into a syntax tree and walked. Used when
//! the outline scan ([`super::outline`]) meets source it does not model (an unterminated string,
//! unbalanced brackets, tabs in indentation): ruff's parser recovers from syntax errors the way a
//! reader would, and its tree is dropped right away.

use ruff_python_ast::statement_visitor::{walk_stmt, StatementVisitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextRange};

use super::{
    is_public_name, tool_comment, Class, Docstring, Function, Import, Param, ParamKind,
    PythonModule, IDENTIFIER_BYTE, MAX_NESTING,
};

/// Parses source text with ruff's parser into its summary, recovering from syntax errors. A file
/// nested deeper than [`MAX_NESTING`] is not parsed: its summary is empty with `not_parsed` saying
/// why.
pub(super) fn summarize(source: &str) -> PythonModule {
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
            let range = token.start().to_usize()..token.end().to_usize();
            source[range.clone()]
                .contains("claw-lint")
                .then(|| tool_comment(&lines, source, range.start, range.end))
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
    summary
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

/// The index just past the string literal starting at `start` (a quote), triple quotes included;
/// an unterminated string runs to the end of its line (single quotes) or of the file (triple).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = super::tokens::closes(bytes, start, quote, true);
    let body = start + if triple { 3 } else { 1 };
    super::tokens::literal_end(bytes, body, quote, triple).unwrap_or_else(|stop| stop)
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
