//! A light Python tokenizer for the outline scan: names, whole string literals, numbers,
//! operators and the logical-line structure (newlines, indents, dedents), with comments and
//! whitespace skipped. It models only what the outline reads; on anything else (a tab in an
//! indentation, an unterminated string, unbalanced brackets, a stray character) it gives up, and
//! the file is summarised by ruff's parser instead, which recovers from errors as a reader would.
//!
//! ruff's own lexer is public only as a stream of token kinds without their ranges, so it cannot
//! serve here; and most of a Python file is function bodies the outline skips over, where
//! jumping from quote to quote with `memchr` is the whole cost.

use memchr::{memchr, memchr2, memchr3, memmem};

use super::IDENTIFIER_BYTE;

/// What a token is; operators and keywords are told apart by their text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An identifier or keyword.
    Name,
    /// A whole string literal, prefix and quotes included.
    Str,
    /// A number literal.
    Number,
    /// An operator or bracket.
    Op,
    /// The end of a logical line.
    Newline,
    /// The start of a deeper indented block.
    Indent,
    /// The end of an indented block.
    Dedent,
}

/// One token: a byte range of the source, and for strings what kind of literal it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte offset of its first byte.
    pub start: u32,
    /// Byte offset just past it.
    pub end: u32,
    /// For strings: a text literal (no `b`, `f` or `t` prefix), the only kind a docstring is.
    pub text_literal: bool,
    /// For strings: its value differs from its source (an escape, a carriage return), so it is
    /// decoded by ruff's parser rather than sliced.
    pub escaped: bool,
    /// For strings: the length of the prefix plus the opening quotes.
    pub opening: u8,
    /// For strings: the length of the closing quotes.
    pub closing: u8,
    /// For brackets: the index of the matching bracket, so that a group is skipped in one step.
    pub partner: u32,
    /// For a one-byte operator, that byte (0 otherwise): the outline tests every token for a few
    /// operators, and one byte compares cheapest.
    pub byte: u8,
}

impl Token {
    fn new(kind: Kind, start: usize, end: usize) -> Self {
        Token {
            kind,
            start: start as u32,
            end: end as u32,
            text_literal: false,
            escaped: false,
            opening: 0,
            closing: 0,
            partner: 0,
            byte: 0,
        }
    }

    fn op(start: usize, len: usize, bytes: &[u8]) -> Self {
        let mut token = Token::new(Kind::Op, start, start + len);
        if len == 1 {
            token.byte = bytes[start];
        }
        token
    }

    /// The token's source text.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start as usize..self.end as usize]
    }
}

/// The tokens of a source and the ranges of its comments that mention `claw-lint` (suppression
/// comments), or `None` where the source has something this tokenizer does not model.
pub(super) struct Scanned {
    /// Tokens in source order, ending with a newline and the dedents that close open blocks.
    pub tokens: Vec<Token>,
    /// Byte ranges of comments containing `claw-lint`, `#` included, line end excluded.
    pub tool_comments: Vec<(usize, usize)>,
}

/// How deeply f-strings may nest inside each other's replacement fields before the tokenizer
/// gives up: it recurses once per level.
const MAX_FSTRING_NESTING: usize = 64;

/// Tokenizes `source`, or `None` where it has something this tokenizer does not model.
pub(super) fn scan(source: &str) -> Option<Scanned> {
    let bytes = source.as_bytes();
    if u32::try_from(bytes.len()).is_err() {
        return None;
    }
    let mentions_tool = memmem::find(bytes, b"claw-lint").is_some();
    let mut out = Scanned {
        tokens: Vec::with_capacity(bytes.len() / 6),
        tool_comments: Vec::new(),
    };
    let tokens = &mut out.tokens;
    // Open brackets: the byte and its token's index.
    let mut brackets: Vec<(u8, usize)> = Vec::new();
    let mut indents: Vec<usize> = vec![0];
    let mut i = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            let start = i;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            match bytes.get(i) {
                Some(b'\t' | b'\x0c' | b'\\') => return None,
                None | Some(b'\n' | b'\r' | b'#') => {}
                Some(_) => indent(tokens, &mut indents, i - start, i)?,
            }
            continue;
        }
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\x0c' => i += 1,
            b'\n' => {
                if brackets.is_empty() {
                    end_line(tokens, i);
                    line_start = true;
                }
                i += 1;
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 1,
            b'#' => {
                let end = memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |at| i + at);
                if mentions_tool && memmem::find(&bytes[i..end], b"claw-lint").is_some() {
                    out.tool_comments.push((i, end));
                }
                i = end;
            }
            b'\\' => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(b'\n'), _) => i += 2,
                (Some(b'\r'), Some(b'\n')) => i += 3,
                _ => return None,
            },
            b'\'' | b'"' => {
                let token = string(bytes, i, i, 0)?;
                i = token.end as usize;
                tokens.push(token);
            }
            b'0'..=b'9' => i = number(bytes, i, tokens),
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number(bytes, i, tokens);
            }
            b'(' | b'[' | b'{' => {
                brackets.push((b, tokens.len()));
                tokens.push(Token::op(i, 1, bytes));
                i += 1;
            }
            b')' | b']' | b'}' => {
                let (open, at) = brackets.pop()?;
                if closer(open) != b {
                    return None;
                }
                let mut close = Token::op(i, 1, bytes);
                close.partner = at as u32;
                tokens[at].partner = tokens.len() as u32;
                tokens.push(close);
                i += 1;
            }
            _ if is_name_byte(b) => {
                let start = i;
                i = name_end(bytes, i);
                if matches!(bytes.get(i), Some(b'\'' | b'"')) && is_prefix(&bytes[start..i]) {
                    let token = string(bytes, start, i, 0)?;
                    i = token.end as usize;
                    tokens.push(token);
                } else {
                    tokens.push(Token::new(Kind::Name, start, i));
                }
            }
            _ => {
                let len = operator_len(&bytes[i..])?;
                tokens.push(Token::op(i, len, bytes));
                i += len;
            }
        }
    }
    if !brackets.is_empty() {
        return None;
    }
    end_line(tokens, bytes.len());
    while indents.len() > 1 {
        indents.pop();
        tokens.push(Token::new(Kind::Dedent, bytes.len(), bytes.len()));
    }
    Some(out)
}

/// Emits the indents or dedents that take the block structure to a line indented `width`.
fn indent(
    tokens: &mut Vec<Token>,
    indents: &mut Vec<usize>,
    width: usize,
    at: usize,
) -> Option<()> {
    let current = *indents.last()?;
    if width > current {
        indents.push(width);
        tokens.push(Token::new(Kind::Indent, at, at));
    }
    while width < *indents.last()? {
        indents.pop();
        tokens.push(Token::new(Kind::Dedent, at, at));
    }
    (width == *indents.last()?).then_some(())
}

/// Ends a logical line, if one is open: blank lines and comment-only lines end nothing.
fn end_line(tokens: &mut Vec<Token>, at: usize) {
    if tokens
        .last()
        .is_some_and(|t| !matches!(t.kind, Kind::Newline | Kind::Indent | Kind::Dedent))
    {
        tokens.push(Token::new(Kind::Newline, at, at));
    }
}

fn closer(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// A byte that may be part of a name: non-ASCII bytes belong to identifiers (the text is UTF-8,
/// so they come in whole characters).
fn is_name_byte(b: u8) -> bool {
    NAME_BYTE[usize::from(b)]
}

/// [`IDENTIFIER_BYTE`] with the non-ASCII bytes, by table: names are most of a file's tokens.
static NAME_BYTE: [bool; 256] = {
    let mut table = IDENTIFIER_BYTE;
    let mut b = 0x80;
    while b < 256 {
        table[b] = true;
        b += 1;
    }
    table
};

fn name_end(bytes: &[u8], i: usize) -> usize {
    i + bytes[i..]
        .iter()
        .position(|&b| !is_name_byte(b))
        .unwrap_or(bytes.len() - i)
}

/// A string prefix: `r`, `u`, `b`, `f`, `t` and the two-letter raw combinations, in any case.
fn is_prefix(name: &[u8]) -> bool {
    match *name {
        [one] => matches!(one.to_ascii_lowercase(), b'r' | b'u' | b'b' | b'f' | b't'),
        [first, second] => matches!(
            [first.to_ascii_lowercase(), second.to_ascii_lowercase()],
            [b'r', b'b' | b'f' | b't'] | [b'b' | b'f' | b't', b'r']
        ),
        _ => false,
    }
}

/// A number literal from `i`: digits, letters, underscores and dots, and the sign of a decimal
/// exponent (`1e-5`).
fn number(bytes: &[u8], start: usize, tokens: &mut Vec<Token>) -> usize {
    let radix = bytes[start] == b'0'
        && matches!(
            bytes.get(start + 1),
            Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
        );
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        let exponent_sign =
            matches!(b, b'+' | b'-') && !radix && matches!(bytes[i - 1], b'e' | b'E');
        if !(IDENTIFIER_BYTE[usize::from(b)] || b == b'.' || exponent_sign) {
            break;
        }
        i += 1;
    }
    tokens.push(Token::new(Kind::Number, start, i));
    i
}

/// The length of the operator at the start of `rest`, or `None` for a character Python has no
/// use for outside strings (`$`, `?`, a lone `!`).
fn operator_len(rest: &[u8]) -> Option<usize> {
    let second = rest.get(1).copied();
    let third = rest.get(2).copied();
    let len = match (rest.first()?, second) {
        (b'.', Some(b'.')) if third == Some(b'.') => 3,
        (b'*', Some(b'*')) | (b'/', Some(b'/')) | (b'>', Some(b'>')) | (b'<', Some(b'<')) => {
            if third == Some(b'=') {
                3
            } else {
                2
            }
        }
        (b'-', Some(b'>')) | (b':', Some(b'=')) | (b'!', Some(b'=')) => 2,
        (
            b'=' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'@',
            Some(b'='),
        ) => 2,
        (
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<' | b'>'
            | b'=' | b'.' | b',' | b':' | b';',
            _,
        ) => 1,
        _ => return None,
    };
    Some(len)
}

/// The string literal whose prefix starts at `start` and whose opening quote is at `quote_at`,
/// or `None` when it is unterminated. `nesting` counts enclosing f-string replacement fields.
fn string(bytes: &[u8], start: usize, quote_at: usize, nesting: usize) -> Option<Token> {
    let prefix = &bytes[start..quote_at];
    let has = |c: u8| prefix.iter().any(|p| p.to_ascii_lowercase() == c);
    let raw = has(b'r');
    let interpolated = has(b'f') || has(b't');
    let quote = bytes[quote_at];
    let triple = bytes.get(quote_at + 1) == Some(&quote) && bytes.get(quote_at + 2) == Some(&quote);
    let quotes = if triple { 3 } else { 1 };
    let body = quote_at + quotes;
    let end = if interpolated {
        interpolated_end(bytes, body, quote, triple, raw, nesting)?
    } else {
        literal_end(bytes, body, quote, triple).ok()?
    };
    let content = &bytes[body..end - quotes];
    let mut token = Token::new(Kind::Str, start, end);
    token.text_literal = !interpolated && !has(b'b');
    token.escaped = (!raw && memchr(b'\\', content).is_some()) || memchr(b'\r', content).is_some();
    token.opening = (body - start) as u8;
    token.closing = quotes as u8;
    Some(token)
}

/// Whether the closing quotes of a string quoted by `quote` (tripled or not) start at `i`.
pub(super) fn closes(bytes: &[u8], i: usize, quote: u8, triple: bool) -> bool {
    bytes[i] == quote
        && (!triple || (bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote)))
}

/// Just past the closing quotes of a plain (not interpolated) string whose body starts at `i`;
/// for an unterminated one, `Err` with where it stops: the newline ending a single-quoted string,
/// or the end of the source. Jumps between the bytes that can end it: docstrings are a large
/// share of Python source.
pub(super) fn literal_end(
    bytes: &[u8],
    mut i: usize,
    quote: u8,
    triple: bool,
) -> Result<usize, usize> {
    loop {
        let Some(rest) = bytes.get(i..) else {
            return Err(bytes.len());
        };
        let next = if triple {
            memchr2(quote, b'\\', rest)
        } else {
            memchr3(quote, b'\\', b'\n', rest)
        };
        let Some(offset) = next else {
            return Err(bytes.len());
        };
        i += offset;
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return Err(i),
            _ if closes(bytes, i, quote, triple) => return Ok(i + if triple { 3 } else { 1 }),
            _ => i += 1,
        }
    }
}

/// Just past the closing quotes of an f- or t-string whose body starts at `i`: literal text,
/// `{{`/`}}` escapes and replacement fields, which may hold strings of their own (PEP 701).
fn interpolated_end(
    bytes: &[u8],
    mut i: usize,
    quote: u8,
    triple: bool,
    raw: bool,
    nesting: usize,
) -> Option<usize> {
    if nesting > MAX_FSTRING_NESTING {
        return None;
    }
    loop {
        match *bytes.get(i)? {
            b'\\' => {
                i += match bytes.get(i + 1) {
                    Some(b'{' | b'}') => 1,
                    Some(b'N') if !raw && bytes.get(i + 2) == Some(&b'{') => {
                        memchr(b'}', bytes.get(i..)?)? + 1
                    }
                    _ => 2,
                };
            }
            b'\n' if !triple => return None,
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => i = field_end(bytes, i + 1, quote, triple, nesting)?,
            b'}' => return None,
            _ if closes(bytes, i, quote, triple) => return Some(i + if triple { 3 } else { 1 }),
            _ => i += 1,
        }
    }
}

/// Just past the `}` closing the replacement field whose expression starts at `i`.
fn field_end(bytes: &[u8], mut i: usize, quote: u8, triple: bool, nesting: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let b = *bytes.get(i)?;
        match b {
            b'\'' | b'"' => i = string(bytes, i, i, nesting + 1)?.end as usize,
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i + 1),
            b'}' => {
                depth -= 1;
                i += 1;
            }
            b':' if depth == 0 => return spec_end(bytes, i + 1, quote, triple, nesting),
            b'#' => i = memchr(b'\n', bytes.get(i..)?).map_or(bytes.len(), |at| i + at),
            _ if is_name_byte(b) => {
                let start = i;
                i = name_end(bytes, i);
                if matches!(bytes.get(i), Some(b'\'' | b'"')) && is_prefix(&bytes[start..i]) {
                    i = string(bytes, start, i, nesting + 1)?.end as usize;
                }
            }
            _ => i += 1,
        }
    }
}

/// Just past the `}` closing a replacement field whose format spec starts at `i`; the spec may
/// hold fields of its own (`{x:{width}}`).
fn spec_end(bytes: &[u8], mut i: usize, quote: u8, triple: bool, nesting: usize) -> Option<usize> {
    loop {
        match *bytes.get(i)? {
            b'{' => i = field_end(bytes, i + 1, quote, triple, nesting + 1)?,
            b'}' => return Some(i + 1),
            b'\n' if !triple => return None,
            _ if closes(bytes, i, quote, triple) => return None,
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{scan, Kind};

    fn texts(source: &str, kind: Kind) -> Vec<&str> {
        let scanned = scan(source).expect("tokenized");
        scanned
            .tokens
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.text(source))
            .collect()
    }

    #[test]
    fn operators_are_whole() {
        assert_eq!(
            texts(
                "a **= b //= c >>= d -> e := f != g == h ... i @ j <= k ** l ; m\n",
                Kind::Op
            ),
            ["**=", "//=", ">>=", "->", ":=", "!=", "==", "...", "@", "<=", "**", ";"]
        );
    }

    #[test]
    fn strings_numbers_and_blocks() {
        let source =
            "if x:\n    s = rb'\\'' + f\"{d[\"k\"]:{w}}\" + 1e-5 + 0x1E-1\n# note\nt = 2\n";
        assert_eq!(texts(source, Kind::Str), ["rb'\\''", "f\"{d[\"k\"]:{w}}\""]);
        assert_eq!(texts(source, Kind::Number), ["1e-5", "0x1E", "1", "2"]);
        let kinds: Vec<Kind> = scan(source)
            .expect("tokenized")
            .tokens
            .iter()
            .map(|t| t.kind)
            .filter(|k| matches!(k, Kind::Newline | Kind::Indent | Kind::Dedent))
            .collect();
        assert_eq!(
            kinds,
            [
                Kind::Newline,
                Kind::Indent,
                Kind::Newline,
                Kind::Dedent,
                Kind::Newline
            ]
        );
    }

    #[test]
    fn tool_comments_are_found_outside_strings_only() {
        let source = "x = '# claw-lint: no'  # claw-lint: disable=rule\n";
        let scanned = scan(source).expect("tokenized");
        let comments: Vec<&str> = scanned
            .tool_comments
            .iter()
            .map(|&(start, end)| &source[start..end])
            .collect();
        assert_eq!(comments, ["# claw-lint: disable=rule"]);
    }
}
