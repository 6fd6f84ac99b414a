//! The outline scan: a Python file's summary read off its tokens ([`super::tokens`]) statement by
//! statement, without a syntax tree. Bracketed groups are stepped over whole, so function bodies
//! cost little more than tokenizing them.
//!
//! It reads exactly what ruff's syntax tree gave the summary, with the same texts and lines: an
//! annotation, default, base or decorator is the source text of its expression (redundant
//! parentheses around it dropped, as an expression's range drops them), a docstring is the value
//! of a leading text literal. Where a construct does not have the shape it expects (a `def`
//! without its parentheses, a malformed import, a string it cannot decode), it gives up on the
//! whole file, and ruff's parser summarises it instead.

use ruff_python_ast::Expr;
use ruff_source_file::LineIndex;

use super::tokens::{scan, Kind, Token};
use super::{
    is_public_name, tool_comment, Class, Docstring, Function, Import, Param, ParamKind,
    PythonModule,
};

/// Summarises `source` from its outline, or `None` where the outline scan does not model it.
pub(super) fn summarize(source: &str) -> Option<PythonModule> {
    // ruff counts a lone carriage return as a line break; the line table here does not.
    if memchr::memchr_iter(b'\r', source.as_bytes())
        .any(|at| source.as_bytes().get(at + 1) != Some(&b'\n'))
    {
        return None;
    }
    let scanned = scan(source)?;
    let mut outline = Outline {
        source,
        tokens: &scanned.tokens,
        line_starts: line_starts(source),
        summary: PythonModule::default(),
        blocks: Vec::new(),
        opens: None,
    };
    outline.statements()?;
    let mut summary = outline.summary;
    if !scanned.tool_comments.is_empty() {
        let lines = LineIndex::from_source_text(source);
        summary.tool_comments = scanned
            .tool_comments
            .iter()
            .map(|&(start, end)| tool_comment(&lines, source, start, end))
            .collect();
    }
    Some(summary)
}

/// The byte offset where each line starts.
fn line_starts(source: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|at| at as u32 + 1))
        .collect()
}

/// An indented block, by the statement that opened it.
enum Block {
    Class {
        qualname: String,
        public: bool,
    },
    Function,
    /// `if`, `for`, `try`, `with`, …: transparent to what encloses a definition.
    Other,
}

struct Outline<'a> {
    source: &'a str,
    tokens: &'a [Token],
    line_starts: Vec<u32>,
    summary: PythonModule,
    blocks: Vec<Block>,
    /// The block the next indent opens: set by a `def` or `class` header ending its line.
    opens: Option<Block>,
}

/// A decorator's expression text and line.
type Decorator = (String, u32);

impl Outline<'_> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// The token's bytes, if it is of `kind`. Byte slices, not `str` ones: the outline tests
    /// every token this way, and a `str` slice checks its ends for character boundaries.
    fn bytes_of(&self, i: usize, kind: Kind) -> Option<&[u8]> {
        let token = self.token(i).filter(|t| t.kind == kind)?;
        self.source
            .as_bytes()
            .get(token.start as usize..token.end as usize)
    }

    fn is_op(&self, i: usize, op: &str) -> bool {
        match op.as_bytes() {
            [byte] => self.token(i).is_some_and(|t| t.byte == *byte),
            text => self.bytes_of(i, Kind::Op) == Some(text),
        }
    }

    fn is_name(&self, i: usize, name: &str) -> bool {
        self.bytes_of(i, Kind::Name) == Some(name.as_bytes())
    }

    fn is_kind(&self, i: usize, kind: Kind) -> bool {
        self.token(i).is_some_and(|t| t.kind == kind)
    }

    /// The name token at `i`.
    fn name(&self, i: usize) -> Option<&str> {
        let token = self.token(i)?;
        (token.kind == Kind::Name).then(|| token.text(self.source))
    }

    /// The index of the bracket closing the one opened at `i`, if `i` opens one.
    fn group_end(&self, i: usize) -> Option<usize> {
        let token = self.token(i)?;
        matches!(token.byte, b'(' | b'[' | b'{').then_some(token.partner as usize)
    }

    /// Where the statement part starting at `i` ends: its `;` or newline.
    fn statement_end(&self, mut i: usize) -> usize {
        while let Some(token) = self.token(i) {
            if token.kind == Kind::Newline || self.is_op(i, ";") {
                break;
            }
            i = self.group_end(i).unwrap_or(i) + 1;
        }
        i
    }

    fn is_statement_end(&self, i: usize) -> bool {
        self.is_kind(i, Kind::Newline) || self.is_op(i, ";")
    }

    fn line(&self, offset: u32) -> u32 {
        self.line_starts.partition_point(|&start| start <= offset) as u32
    }

    fn line_of(&self, i: usize) -> u32 {
        self.line(self.tokens[i].start)
    }

    /// The enclosing class's qualified name and publicity, for a definition in a class body.
    fn enclosing_class(&self) -> Option<(&str, bool)> {
        match self
            .blocks
            .iter()
            .rev()
            .find(|b| !matches!(b, Block::Other))
        {
            Some(Block::Class { qualname, public }) => Some((qualname, *public)),
            _ => None,
        }
    }

    fn in_function(&self) -> bool {
        self.blocks.iter().any(|b| matches!(b, Block::Function))
    }

    /// Walks every statement, in source order, the way the syntax-tree collectors walk them.
    fn statements(&mut self) -> Option<()> {
        self.summary.docstring = self.docstring_at(0)?;
        let mut decorators: Vec<Decorator> = Vec::new();
        // At the start of a statement; and whether that statement starts a line (or follows a
        // `;`) rather than a compound header's colon.
        let (mut at_start, mut starts_line) = (true, true);
        let mut i = 0;
        while let Some(token) = self.token(i) {
            match token.kind {
                Kind::Newline => {
                    (at_start, starts_line) = (true, true);
                    i += 1;
                    continue;
                }
                Kind::Indent => {
                    let block = self.opens.take().unwrap_or(Block::Other);
                    self.blocks.push(block);
                    (at_start, starts_line) = (true, true);
                    i += 1;
                    continue;
                }
                Kind::Dedent => {
                    self.blocks.pop();
                    (at_start, starts_line) = (true, true);
                    i += 1;
                    continue;
                }
                _ if self.opens.is_some() => self.opens = None,
                _ => {}
            }
            if at_start {
                at_start = false;
                let async_def = self.is_name(i, "async") && self.is_name(i + 1, "def");
                if self.is_op(i, "@") {
                    let end = self.statement_end(i + 1);
                    decorators.push((self.expression_text(i + 1, end)?, self.line_of(i)));
                    i = end;
                    continue;
                }
                if self.is_name(i, "def") || async_def {
                    let def = if async_def { i + 1 } else { i };
                    i = self.function(def, std::mem::take(&mut decorators))?;
                    (at_start, starts_line) = (true, false);
                    continue;
                }
                if self.is_name(i, "class") {
                    i = self.class(i, std::mem::take(&mut decorators))?;
                    (at_start, starts_line) = (true, false);
                    continue;
                }
                if !decorators.is_empty() {
                    return None;
                }
                if self.is_name(i, "import") || self.is_name(i, "from") {
                    i = self.import(i)?;
                    continue;
                }
                if starts_line && self.blocks.is_empty() && self.is_name(i, "__all__") {
                    self.all(i)?;
                }
            }
            if let Some(end) = self.group_end(i) {
                i = end + 1;
                continue;
            }
            if self.is_op(i, ";") {
                // The next statement belongs to the same suite as this one.
                at_start = true;
            } else if self.is_op(i, ":") {
                // A compound statement's body may follow on its line (`if x: import y`).
                (at_start, starts_line) = (true, false);
            }
            i += 1;
        }
        Some(())
    }

    /// Reads a function from its `def` at `def`; returns the index past the header's colon.
    fn function(&mut self, def: usize, decorators: Vec<Decorator>) -> Option<usize> {
        let name = self.name(def + 1)?.to_string();
        let mut i = def + 2;
        if self.is_op(i, "[") {
            i = self.group_end(i)? + 1;
        }
        let close = self.group_end(i).filter(|_| self.is_op(i, "("))?;
        let mut params = self.params(i + 1, close)?;
        i = close + 1;
        if self.is_op(i, "->") {
            while !self.is_op(i, ":") {
                if self.is_statement_end(i) || self.token(i).is_none() {
                    return None;
                }
                i = self.group_end(i).unwrap_or(i) + 1;
            }
        }
        let (block, docstring) = self.body(i)?;
        let line = self.line_of(def + 1);
        if !self.in_function() {
            let class = self.enclosing_class().map(|(q, p)| (q.to_string(), p));
            let is_static = decorators.iter().any(|(d, _)| d == "staticmethod");
            // The receiver is never documented: drop the first positional of a non-static method.
            if class.is_some()
                && !is_static
                && params.first().is_some_and(|first| {
                    matches!(first.kind, ParamKind::PositionalOnly | ParamKind::Regular)
                })
            {
                params.remove(0);
            }
            let (class_qualname, class_public) = class.map_or((None, true), |(q, p)| (Some(q), p));
            let qualname = class_qualname
                .as_ref()
                .map_or_else(|| name.clone(), |c| format!("{c}.{name}"));
            let first_line = decorators.first().map_or(line, |(_, line)| *line);
            self.summary.functions.push(Function {
                is_public: class_public && is_public_name(&name),
                name,
                qualname,
                line,
                first_line,
                class: class_qualname,
                decorators: decorators.into_iter().map(|(text, _)| text).collect(),
                params,
                docstring,
            });
        }
        if block {
            self.opens = Some(Block::Function);
        }
        Some(i + 1)
    }

    /// Reads a class from its `class` at `class`; returns the index past the header's colon.
    fn class(&mut self, class: usize, decorators: Vec<Decorator>) -> Option<usize> {
        let name = self.name(class + 1)?.to_string();
        let mut i = class + 2;
        if self.is_op(i, "[") {
            i = self.group_end(i)? + 1;
        }
        let mut bases = Vec::new();
        if self.is_op(i, "(") {
            let close = self.group_end(i)?;
            for (start, end) in self.pieces(i + 1, close)? {
                let keyword = self.is_op(start, "**")
                    || (self.is_kind(start, Kind::Name) && self.is_op(start + 1, "="));
                if !keyword {
                    bases.push(self.expression_text(start, end)?);
                }
            }
            i = close + 1;
        }
        let (block, mut docstring) = self.body(i)?;
        if docstring.is_none() {
            docstring = self.doc_assignment(if block { i + 3 } else { i + 1 }, block);
        }
        if self.in_function() {
            if block {
                self.opens = Some(Block::Other);
            }
            return Some(i + 1);
        }
        let (outer, outer_public) = self
            .enclosing_class()
            .map_or((None, true), |(q, p)| (Some(q.to_string()), p));
        let qualname = outer.map_or_else(|| name.clone(), |o| format!("{o}.{name}"));
        let public = outer_public && !name.starts_with('_');
        let line = self.line_of(class + 1);
        self.summary.classes.push(Class {
            name,
            qualname: qualname.clone(),
            line,
            first_line: decorators.first().map_or(line, |(_, line)| *line),
            is_public: public,
            bases,
            decorators: decorators.into_iter().map(|(text, _)| text).collect(),
            docstring,
        });
        if block {
            self.opens = Some(Block::Class { qualname, public });
        }
        Some(i + 1)
    }

    /// For a header whose colon is at `colon`: whether its body is an indented block, and the
    /// body's docstring.
    fn body(&self, colon: usize) -> Option<(bool, Option<Docstring>)> {
        if !self.is_op(colon, ":") {
            return None;
        }
        if self.is_kind(colon + 1, Kind::Newline) {
            if !self.is_kind(colon + 2, Kind::Indent) {
                return None;
            }
            return Some((true, self.docstring_at(colon + 3)?));
        }
        Some((false, self.docstring_at(colon + 1)?))
    }

    /// A `__doc__ = …` statement directly in the class body starting at `body` (an indented
    /// `block`, or the rest of the header's line), a docstring built at import time whose text is
    /// unknown here and so empty.
    fn doc_assignment(&self, body: usize, block: bool) -> Option<Docstring> {
        let (mut i, mut level, mut at_start) = (body, 0usize, true);
        // Whether the line so far has a colon: what follows it on the line is a nested suite.
        let mut after_colon = false;
        while let Some(token) = self.token(i) {
            match token.kind {
                Kind::Indent => level += 1,
                Kind::Dedent if level == 0 => return None,
                Kind::Dedent => level -= 1,
                Kind::Newline if !block => return None,
                Kind::Newline => after_colon = false,
                Kind::Op if level == 0 && token.text(self.source) == ":" => after_colon = true,
                _ if at_start
                    && level == 0
                    && self.is_name(i, "__doc__")
                    && self.is_op(i + 1, "=") =>
                {
                    return Some(Docstring {
                        text: String::new(),
                        line: self.line_of(i),
                    });
                }
                _ => {}
            }
            at_start = matches!(token.kind, Kind::Newline | Kind::Indent | Kind::Dedent)
                || (self.is_op(i, ";") && !after_colon);
            i = self.group_end(i).unwrap_or(i) + 1;
        }
        None
    }

    /// The docstring of the statement starting at `i`: `Some(None)` when it is not a lone text
    /// literal, `None` when its literal cannot be decoded here.
    fn docstring_at(&self, i: usize) -> Option<Option<Docstring>> {
        let end = self.statement_end(i);
        if end == i || !self.is_statement_end(end) {
            return Some(None);
        }
        let (start, end) = self.unparenthesized(i, end);
        let Some(text) = self.text_literal(start, end) else {
            return Some(None);
        };
        Some(Some(Docstring {
            text: text?,
            line: self.line_of(start),
        }))
    }

    /// The value of the text literal spanning tokens `start..end` (implicitly concatenated
    /// parts allowed): `None` when they are not one, `Some(None)` when it cannot be decoded.
    fn text_literal(&self, start: usize, end: usize) -> Option<Option<String>> {
        let parts = self.tokens.get(start..end)?;
        if parts.is_empty() || !parts.iter().all(|t| t.kind == Kind::Str && t.text_literal) {
            return None;
        }
        Some(parts.iter().map(|part| self.decode(part)).collect())
    }

    /// A text literal part's value: its source between the quotes, or, where escapes or carriage
    /// returns make the value differ, the value ruff's parser gives it.
    fn decode(&self, part: &Token) -> Option<String> {
        let source = part.text(self.source);
        if !part.escaped {
            let body = &source[usize::from(part.opening)..source.len() - usize::from(part.closing)];
            return Some(body.to_string());
        }
        let parsed = ruff_python_parser::parse_expression(&format!("({source})")).ok()?;
        match parsed.expr() {
            Expr::StringLiteral(literal) => Some(literal.value.to_str().to_string()),
            _ => None,
        }
    }

    /// Tokens `start..end` with redundant parentheses around the whole dropped, as the range of
    /// the expression they hold drops them; a tuple's or generator's own parentheses stay.
    fn unparenthesized(&self, mut start: usize, mut end: usize) -> (usize, usize) {
        while end > start + 2
            && self.is_op(start, "(")
            && self.group_end(start) == Some(end - 1)
            && !self.is_tuple_or_generator(start + 1, end - 1)
        {
            start += 1;
            end -= 1;
        }
        (start, end)
    }

    fn is_tuple_or_generator(&self, start: usize, end: usize) -> bool {
        let mut i = start;
        while i < end {
            if self.is_op(i, ",") || self.is_name(i, "for") {
                return true;
            }
            i = self.step(i, end);
        }
        false
    }

    /// The source text of the expression spanning tokens `start..end`.
    fn expression_text(&self, start: usize, end: usize) -> Option<String> {
        let (start, end) = self.unparenthesized(start, end);
        let first = self.token(start).filter(|_| start < end)?;
        let last = self.token(end - 1)?;
        Some(self.source[first.start as usize..last.end as usize].to_string())
    }

    /// The index after the part of an expression starting at `i`: past a bracketed group, past a
    /// lambda's parameters (whose commas separate nothing), else past the token.
    fn step(&self, i: usize, end: usize) -> usize {
        match self.lambda_colon(i, end) {
            Some(colon) => colon + 1,
            None => self.group_end(i).unwrap_or(i) + 1,
        }
    }

    /// The first `op` outside brackets in tokens `from..end`, or `end`.
    fn find_op(&self, mut from: usize, end: usize, op: &str) -> usize {
        while from < end && !self.is_op(from, op) {
            from = self.group_end(from).unwrap_or(from) + 1;
        }
        from.min(end)
    }

    /// For a `lambda` at `i`: the index of the colon ending its parameters.
    fn lambda_colon(&self, i: usize, end: usize) -> Option<usize> {
        if !self.is_name(i, "lambda") {
            return None;
        }
        let (mut j, mut open) = (i + 1, 1usize);
        while j < end {
            if self.is_name(j, "lambda") {
                open += 1;
            } else if self.is_op(j, ":") {
                open -= 1;
                if open == 0 {
                    return Some(j);
                }
            }
            j = self.group_end(j).unwrap_or(j) + 1;
        }
        None
    }

    /// The comma-separated parts of tokens `start..end` (a trailing comma ends none), stepping
    /// over bracketed groups and lambda parameters.
    fn pieces(&self, start: usize, end: usize) -> Option<Vec<(usize, usize)>> {
        let mut pieces = Vec::new();
        let (mut from, mut i) = (start, start);
        while i < end {
            if self.is_op(i, ",") {
                if from == i {
                    return None;
                }
                pieces.push((from, i));
                from = i + 1;
                i += 1;
                continue;
            }
            i = self.step(i, end);
        }
        if from < end {
            pieces.push((from, end));
        }
        Some(pieces)
    }

    /// The parameters between a signature's parentheses (tokens `start..end`).
    fn params(&self, start: usize, end: usize) -> Option<Vec<Param>> {
        let mut params: Vec<Param> = Vec::new();
        let mut keyword_only = false;
        for (from, to) in self.pieces(start, end)? {
            if to == from + 1 && self.is_op(from, "/") {
                for param in &mut params {
                    param.kind = ParamKind::PositionalOnly;
                }
                continue;
            }
            if to == from + 1 && self.is_op(from, "*") {
                keyword_only = true;
                continue;
            }
            let (kind, name_at) = if self.is_op(from, "*") {
                keyword_only = true;
                (ParamKind::VarArgs, from + 1)
            } else if self.is_op(from, "**") {
                (ParamKind::VarKeyword, from + 1)
            } else if keyword_only {
                (ParamKind::KeywordOnly, from)
            } else {
                (ParamKind::Regular, from)
            };
            let name = self.name(name_at)?.to_string();
            let mut i = name_at + 1;
            let mut annotation = None;
            if i < to && self.is_op(i, ":") {
                let j = self.find_op(i + 1, to, "=");
                annotation = Some(self.expression_text(i + 1, j)?);
                i = j;
            }
            let mut default = None;
            if i < to {
                if !self.is_op(i, "=") || matches!(kind, ParamKind::VarArgs | ParamKind::VarKeyword)
                {
                    return None;
                }
                default = Some(self.expression_text(i + 1, to)?);
            }
            params.push(Param {
                name,
                kind,
                annotation,
                default,
                line: self.line_of(from),
            });
        }
        Some(params)
    }

    /// Reads the `import` or `from` statement at `i`; returns the index of its end.
    fn import(&mut self, i: usize) -> Option<usize> {
        let line = self.line_of(i);
        if self.is_name(i, "import") {
            let mut j = i + 1;
            loop {
                let (module, next) = self.dotted_name(j)?;
                j = next;
                if self.is_name(j, "as") {
                    self.name(j + 1)?;
                    j += 2;
                }
                self.summary.imports.push(Import {
                    module,
                    level: 0,
                    names: Vec::new(),
                    line,
                });
                if !self.is_op(j, ",") {
                    break;
                }
                j += 1;
            }
            return self.is_statement_end(j).then_some(j);
        }
        let mut j = i + 1;
        let mut level = 0;
        loop {
            if self.is_op(j, ".") {
                level += 1;
            } else if self.is_op(j, "...") {
                level += 3;
            } else {
                break;
            }
            j += 1;
        }
        let mut module = String::new();
        if !self.is_name(j, "import") || level == 0 {
            (module, j) = self.dotted_name(j)?;
        }
        if !self.is_name(j, "import") {
            return None;
        }
        j += 1;
        let mut names = Vec::new();
        if self.is_op(j, "*") {
            names.push("*".to_string());
            j += 1;
        } else {
            let parenthesized = self.is_op(j, "(");
            if parenthesized {
                j += 1;
            }
            loop {
                names.push(self.name(j)?.to_string());
                j += 1;
                if self.is_name(j, "as") {
                    self.name(j + 1)?;
                    j += 2;
                }
                if !self.is_op(j, ",") {
                    break;
                }
                j += 1;
                if parenthesized && self.is_op(j, ")") {
                    break;
                }
            }
            if parenthesized {
                if !self.is_op(j, ")") {
                    return None;
                }
                j += 1;
            }
        }
        self.summary.imports.push(Import {
            module,
            level,
            names,
            line,
        });
        self.is_statement_end(j).then_some(j)
    }

    /// The dotted name starting at `i`, joined with dots, and the index past it.
    fn dotted_name(&self, mut i: usize) -> Option<(String, usize)> {
        let mut name = self.name(i)?.to_string();
        i += 1;
        while self.is_op(i, ".") {
            name.push('.');
            name.push_str(self.name(i + 1)?);
            i += 2;
        }
        Some((name, i))
    }

    /// Reads a module-level statement on `__all__` (at `i`): an assignment, an annotated
    /// assignment, an augmented assignment or `__all__.extend([...])`.
    fn all(&mut self, i: usize) -> Option<()> {
        let end = self.statement_end(i);
        let next = self.token(i + 1)?;
        let op = if next.kind == Kind::Op {
            next.text(self.source)
        } else {
            ""
        };
        match op {
            "=" => {
                let mut value = i + 2;
                let mut j = value;
                while j < end {
                    if self.is_op(j, "=") {
                        value = j + 1;
                    }
                    j = self.group_end(j).unwrap_or(j) + 1;
                }
                self.summary.all = self.strings(value, end)?;
            }
            ":" => {
                let j = self.find_op(i + 2, end, "=");
                self.summary.all = if j < end {
                    self.strings(j + 1, end)?
                } else {
                    None
                };
            }
            "." if self.is_name(i + 2, "extend")
                && self.is_op(i + 3, "(")
                && self.group_end(i + 3) == Some(end - 1) =>
            {
                let first = self.pieces(i + 4, end - 1)?.into_iter().find(|&(from, _)| {
                    !(self.is_op(from, "**")
                        || (self.is_kind(from, Kind::Name) && self.is_op(from + 1, "=")))
                });
                if let Some((from, to)) = first {
                    let more = self.strings(from, to)?;
                    if let (Some(all), Some(more)) = (self.summary.all.as_mut(), more) {
                        all.extend(more);
                    }
                }
            }
            _ if op.len() >= 2 && op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") => {
                let more = self.strings(i + 2, end)?;
                if let (Some(all), Some(more)) = (self.summary.all.as_mut(), more) {
                    all.extend(more);
                }
            }
            _ => {}
        }
        Some(())
    }

    /// The strings of a list or tuple of text literals spanning tokens `start..end`:
    /// `Some(None)` when it is anything else, `None` when a literal cannot be decoded here.
    fn strings(&self, mut start: usize, mut end: usize) -> Option<Option<Vec<String>>> {
        let elements = loop {
            if end <= start {
                return Some(None);
            }
            let whole_group = self.group_end(start) == Some(end - 1);
            if whole_group && self.is_op(start, "[") {
                break (start + 1, end - 1);
            }
            if whole_group && self.is_op(start, "(") {
                if end == start + 2 || self.is_tuple_or_generator(start + 1, end - 1) {
                    break (start + 1, end - 1);
                }
                // A parenthesized expression: what it holds.
                (start, end) = (start + 1, end - 1);
                continue;
            }
            if self.is_tuple_or_generator(start, end) {
                break (start, end);
            }
            return Some(None);
        };
        let Some(pieces) = self.pieces(elements.0, elements.1) else {
            return Some(None);
        };
        let mut strings = Vec::with_capacity(pieces.len());
        for (from, to) in pieces {
            let (from, to) = self.unparenthesized(from, to);
            match self.text_literal(from, to) {
                Some(value) => strings.push(value?),
                None => return Some(None),
            }
        }
        Some(Some(strings))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{tree, PythonModule};

    /// The syntax tree's summary without its error count, which the outline has no way to know.
    fn tree_summary(source: &str) -> PythonModule {
        let mut summary = tree::summarize(source);
        summary.syntax_errors = 0;
        summary.first_syntax_error = None;
        summary
    }

    /// Sources written to reach each construct the outline reads, and the corners of each.
    const CORNERS: &[&str] = &[
        "def f(key=lambda a, b: a + b, x=1, y=lambda: (1, 2)):\n    pass\n",
        "def f(a=(1), b=(1, 2), c=(x for x in y), d=(), e=(\"s\" \"t\"), f=((-1)), g=(a) + (b)):\n    pass\n",
        "def f(a: Dict[str, \"X\"] = {}, *args: int, b: int=1, **kw: Any) -> Tuple[int, int]: ...\n",
        "def f(a, b=1, /, c=2, *, d, e=3):\n    \"\"\"Doc.\"\"\"\n",
        "class A:\n    @dec(\n        1,  # one\n    )\n    @other  # note\n    async def g(self, x):\n        pass\n",
        "def f[T](x: T) -> T: ...\nclass C[T](Base[T], *mixins, metaclass=M, **kw):\n    x = 1\n",
        "class A: __doc__ = \"x\"\nclass B:\n    x = 1\n    __doc__ = build()\nclass C:\n    if X: y = 1; __doc__ = 'no'\n",
        "def a():\n    \"\"\"tab\\there \\\\n \\N{BULLET}\"\"\"\ndef b():\n    r\"\"\"\\d+ raw\"\"\"\ndef c():\n    (\"one \"\n     \"two\")\n",
        "def d():\n    u'unicode'\ndef e():\n    b'bytes'\ndef g():\n    f'{x}'\ndef h():\n    'doc'.strip()\ndef i():\n    'doc'; x = 1\n",
        "__all__ = ['a', \"b\",]\n__all__ += ('c',)\n__all__.extend(['d'])\n__all__ += 'e', 'f'\n",
        "__all__: list[str] = ['a']\nif X:\n    __all__ = []\nx = 1; __all__ += ['b']\n__all__ = ([\"c\"])\n",
        "__all__ = [name for name in dir()]\n__all__ += ['lost']\n",
        "__all__ = ['a']\n__all__: list[str]\n__all__ = ['b'] + extra\n__all__ = ('s')\n",
        "import a.b as c, d\nfrom .. import (x, y,)\nfrom ...pkg.m import *\nfrom .mod import q as r\nif T: import z\ndef f():\n    from __future__ import annotations\n",
        "x = f\"{d[\"k\"]!r:>{width}} {{lit}}\" + f'''{\n  y  # note\n}'''\ndef after(a):\n    pass\n",
        "def outer(a):\n    class Inner:\n        def m(self): pass\n    def inner(b): pass\n    import os\nclass Top:\n    class _Hidden:\n        class Deep:\n            def m(self, z): pass\n",
        "class A:\n    if X:\n        def m(self, a): pass\n    else:\n        @staticmethod\n        def m(a, b): pass\n    @classmethod\n    def c(cls, d): pass\n",
        "def naïve(größe: int = 1):\n    \"\"\"Grüße — ✓.\"\"\"\nx = '✓'  # claw-lint: ignore\n",
        "def f(a,\n      b): pass\nx = 1 + \\\n    2\ndef g(): return 1\n",
        "\"\"\"Module doc.\"\"\"\n# claw-lint: disable=rule\nimport os  # claw-lint: ignore\n",
        "def f(a, *, b):\n    return {'k': lambda: 1, 'j': [x for x in y if x]}[a]\n\n\n\n# trailing comment\n",
        "",
        "\n\n# only a comment\n",
        "x = 1\n    y = 2\nz = 3\n",
    ];

    #[test]
    fn agrees_with_the_syntax_tree_on_every_corner() {
        for source in CORNERS {
            let outline =
                super::summarize(source).unwrap_or_else(|| panic!("gave up on {source:?}"));
            assert_eq!(outline, tree_summary(source), "{source}");
        }
    }

    #[test]
    fn agrees_with_the_syntax_tree_on_the_fixture_repositories() {
        let mut outlined = 0;
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")) {
            let entry = entry.expect("fixtures are readable");
            if entry.path().extension().is_none_or(|e| e != "py") {
                continue;
            }
            let Ok(source) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            if let Some(outline) = super::summarize(&source) {
                outlined += 1;
                assert_eq!(outline, tree_summary(&source), "{}", entry.path().display());
            }
        }
        assert!(outlined > 300, "only {outlined} fixture files outlined");
    }

    #[test]
    fn reads_what_the_summary_needs_from_the_corners() {
        let m = super::summarize(CORNERS[1]).expect("outlined");
        let defaults: Vec<&str> = m.functions[0]
            .params
            .iter()
            .filter_map(|p| p.default.as_deref())
            .collect();
        assert_eq!(
            defaults,
            [
                "1",
                "(1, 2)",
                "(x for x in y)",
                "()",
                "\"s\" \"t\"",
                "-1",
                "(a) + (b)"
            ]
        );
        let m = super::summarize(CORNERS[7]).expect("outlined");
        let docs: Vec<&str> = m
            .functions
            .iter()
            .filter_map(|f| f.docstring.as_ref().map(|d| d.text.as_str()))
            .collect();
        assert_eq!(docs, ["tab\there \\n \u{2022}", "\\d+ raw", "one two"]);
        let m = super::summarize(CORNERS[9]).expect("outlined");
        assert_eq!(
            m.all.as_deref(),
            Some(&["a", "b", "c", "d", "e", "f"].map(String::from)[..])
        );
    }

    #[test]
    fn gives_up_on_what_it_does_not_model() {
        for source in [
            "s = 'unterminated\n",
            "s = \"\"\"never closed\n",
            "x = (1,\n",
            "x = [1)\n",
            "if x:\n\tpass\n",
            "def f(:\n    pass\n",
            "def f:\n    pass\n",
            "from import x\n",
            "import\n",
            "x = $y\n",
            "a = 1\rb = 2\n",
            "@dec\nx = 1\n",
            "x = f'{'\n",
        ] {
            assert_eq!(super::summarize(source), None, "{source:?}");
        }
    }

    /// A seeded generator of random Python built from the constructs the outline reads: the
    /// outline must agree with the syntax tree on every generated file the parser accepts.
    struct Generator(u64);

    impl Generator {
        fn next(&mut self, n: usize) -> usize {
            // xorshift64*: deterministic, no dependency.
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        }

        fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
            options[self.next(options.len())]
        }

        fn expression(&mut self, depth: usize) -> String {
            let atoms = [
                "1",
                "0.5",
                "1e-5",
                "None",
                "x",
                "a.b",
                "'s'",
                "\"d\"",
                r"r'\d'",
                "b'x'",
                r"'tab\t'",
                "u'u'",
                "f'{x!r:>{w}}'",
                "...",
                "'''t\nq'''",
                "f\"{d[\"k\"]}\"",
            ];
            if depth > 2 {
                return self.pick(&atoms).to_string();
            }
            let inner = self.expression(depth + 1);
            let other = self.expression(depth + 1);
            match self.next(9) {
                0 => format!("({inner})"),
                1 => format!("({inner}, {other})"),
                2 => format!("[{inner}, {other},]"),
                3 => format!("{{'k': {inner}}}"),
                4 => format!("lambda a, b=1: {inner}"),
                5 => format!("f({inner}, key={other})"),
                6 => format!("{inner} if {other} else None"),
                7 => format!("({inner} for v in w)"),
                _ => self.pick(&atoms).to_string(),
            }
        }

        fn params(&mut self) -> String {
            let mut params = Vec::new();
            for i in 0..self.next(5) {
                let annotation = match self.next(3) {
                    0 => String::new(),
                    1 => ": int".to_string(),
                    _ => format!(": Dict[str, {}]", self.pick(&["int", "'X'", "List[int]"])),
                };
                let default = if self.next(2) == 0 {
                    String::new()
                } else {
                    format!("={}", self.expression(1))
                };
                params.push(format!("p{i}{annotation}{default}"));
            }
            match self.next(5) {
                0 => params.push("*args".to_string()),
                1 => params.push("*, k=1".to_string()),
                2 if !params.is_empty() => params.insert(1, "/".to_string()),
                3 => params.push("**kwargs: Any".to_string()),
                _ => {}
            }
            params.join(if self.next(2) == 0 {
                ", "
            } else {
                ",\n        "
            })
        }

        fn docstring(&mut self, indent: &str) -> String {
            let doc = self.pick(&[
                r#""""Doc.""""#,
                "'one'",
                r#"r"""Raw \d.""""#,
                r#""""Esc\tape\n.""""#,
                "(\"a\"\n    \"b\")",
                "f'no {x}'",
                "'x'.strip()",
            ]);
            if self.next(3) == 0 {
                String::new()
            } else {
                format!("{indent}{doc}\n")
            }
        }

        fn block(&mut self, indent: usize, depth: usize, out: &mut String) {
            let pad = " ".repeat(indent);
            out.push_str(&self.docstring(&pad));
            for _ in 0..1 + self.next(3) {
                self.statement(indent, depth, out);
            }
        }

        fn statement(&mut self, indent: usize, depth: usize, out: &mut String) {
            let pad = " ".repeat(indent);
            let choices = if depth < 3 { 10 } else { 5 };
            match self.next(choices) {
                0 => out.push_str(&format!("{pad}x = {}\n", self.expression(0))),
                1 => {
                    let import = self.pick(&[
                        "import a.b as c, d",
                        "from . import (e, f,)",
                        "from ..g.h import *",
                        "from i import j as k; import l",
                    ]);
                    out.push_str(&format!("{pad}{import}\n"));
                }
                2 => {
                    let all = self.pick(&[
                        "__all__ = ['a', \"b\"]",
                        "__all__ += ('c',)",
                        "__all__.extend(['d'])",
                        "__all__ = [n for n in m]",
                        "__doc__ = make()",
                    ]);
                    out.push_str(&format!("{pad}{all}\n"));
                }
                3 => out.push_str(&format!("{pad}pass  # claw-lint: note\n")),
                4 => out.push_str(&format!("{pad}y = {}\n", self.expression(1))),
                5 | 6 => {
                    for _ in 0..self.next(3) {
                        let decorator =
                            self.pick(&["staticmethod", "property", "dec(1, k=2)", "(wrap)"]);
                        out.push_str(&format!("{pad}@{decorator}\n"));
                    }
                    let name = self.pick(&["f", "_g", "__init__", "method"]);
                    let ret = if self.next(2) == 0 {
                        ""
                    } else {
                        " -> Tuple[int, int]"
                    };
                    let params = self.params();
                    out.push_str(&format!("{pad}def {name}(self, {params}){ret}:\n"));
                    self.block(indent + 4, depth + 1, out);
                }
                7 | 8 => {
                    let name = self.pick(&["A", "_B", "C"]);
                    let bases = self.pick(&["", "(Base)", "(a.B, metaclass=M)", "(*mixins, **kw)"]);
                    out.push_str(&format!("{pad}class {name}{bases}:\n"));
                    self.block(indent + 4, depth + 1, out);
                }
                _ => {
                    let condition = self.expression(2);
                    out.push_str(&format!("{pad}if {condition}:\n"));
                    self.block(indent + 4, depth + 1, out);
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_syntax_tree_on_generated_sources() {
        let mut generator = Generator(0x9E37_79B9_7F4A_7C15);
        let mut compared = 0;
        for _ in 0..3_000 {
            let mut source = String::new();
            generator.block(0, 0, &mut source);
            let tree = tree::summarize(&source);
            if tree.syntax_errors > 0 {
                continue;
            }
            let outline =
                super::summarize(&source).unwrap_or_else(|| panic!("gave up on {source}"));
            assert_eq!(outline, tree_summary(&source), "{source}");
            compared += 1;
        }
        assert!(compared > 2_000, "only {compared} generated sources parsed");
    }

    #[test]
    fn every_truncation_of_the_corners_is_summarised_without_panicking() {
        for source in CORNERS {
            for (at, _) in source.char_indices() {
                let prefix = &source[..at];
                if let Some(outline) = super::summarize(prefix) {
                    // What the outline reads of a prefix it accepts is well formed.
                    let lines = prefix.lines().count().max(1) as u32;
                    assert!(
                        outline.functions.iter().all(|f| f.line <= lines),
                        "{prefix:?}"
                    );
                }
                let _ = super::super::summarize(prefix);
            }
        }
    }

    #[test]
    fn deep_nesting_needs_no_recursion() {
        let deep = format!(
            "__all__ = {}['a']{}\n",
            "(".repeat(200_000),
            ")".repeat(200_000)
        );
        let m = super::summarize(&deep).expect("outlined");
        assert_eq!(m.all.as_deref(), Some(&["a".to_string()][..]));
        let fstrings = format!("x = {}1{}\n", "f'{".repeat(100), "}'".repeat(100));
        assert_eq!(super::summarize(&fstrings), None);
    }
}
