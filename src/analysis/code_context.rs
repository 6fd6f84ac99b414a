//! Where a spot of Python source sits, lexically: inside a string or comment, or inside which
//! open brackets, and which call owns the innermost parenthesis. Pattern-based rules use it to
//! judge code rather than text: a URL that is an argument of `load_image(` is a download, the same
//! URL in a list literal or an `assertEqual(` is data; `device="cuda"` at the start of a
//! statement is an assignment, inside a call's argument list it is a keyword argument.
//!
//! A small scanner, not a parser: it knows Python's string forms (single, double, triple quotes,
//! any prefix), comments and the three bracket pairs, which is all these questions need.

/// One open bracket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    /// `(`, `[` or `{`.
    pub bracket: char,
    /// For `(`: the dotted name just before it (`self.assertEqual`, `torch.zeros`), empty for a
    /// bare parenthesis.
    pub callee: String,
}

/// What surrounds an offset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The offset is inside a string literal or a comment.
    pub in_literal: bool,
    /// The brackets open at the offset, outermost first.
    pub open: Vec<Open>,
}

impl Context {
    /// The innermost open bracket, if any.
    pub fn innermost(&self) -> Option<&Open> {
        self.open.last()
    }
}

/// The lexical context of byte offset `at` in `source` (scanning from the start). A caller with
/// more than one question about a file asks a [`CodeMap`].
pub fn at(source: &str, at: usize) -> Context {
    scan(source, 0, at)
}

/// One file's lexical map, so that a question about any offset scans only from the start of the
/// statement it is in rather than from the start of the file: the tests checks ask about matches
/// and line starts all over large test files, and the rescans from the start were a few percent of
/// a whole run on diffusers.
pub struct CodeMap<'a> {
    source: &'a str,
    /// Byte offset of each line's start; one more than the newlines.
    line_starts: Vec<usize>,
    /// Per line, whether it starts as plain code (see [`statement_lines`]).
    statement: Vec<bool>,
}

impl<'a> CodeMap<'a> {
    /// Maps `source` in one pass.
    pub fn new(source: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|nl| nl + 1))
            .collect();
        CodeMap {
            source,
            line_starts,
            statement: statement_lines(source),
        }
    }

    /// The mapped source.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Per line, whether it starts as plain code (see [`statement_lines`]).
    pub fn statement_lines(&self) -> &[bool] {
        &self.statement
    }

    /// The 0-based line holding byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= at) - 1
    }

    /// The lexical context of byte offset `at`, the same as [`at`] answers. A line that starts as
    /// plain code starts outside every literal and bracket, so scanning from the last such line
    /// start at or before `at` finds what scanning from the start of the file finds.
    pub fn at(&self, at: usize) -> Context {
        let at = at.min(self.source.len());
        let from = (0..=self.line_of(at))
            .rev()
            .find(|&k| self.statement.get(k).copied().unwrap_or(false))
            .map_or(0, |k| self.line_starts[k]);
        scan(self.source, from, at)
    }
}

/// The context at `end`, scanning from `start`, which must be outside every literal and bracket.
fn scan(source: &str, start: usize, end: usize) -> Context {
    let bytes = source.as_bytes();
    let end = end.min(bytes.len());
    let mut open: Vec<Open> = Vec::new();
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'#' => match memchr_newline(bytes, i) {
                Some(nl) if nl < end => i = nl,
                _ => return literal(open),
            },
            b'"' | b'\'' => {
                match string_end(bytes, i) {
                    Some(after) if after <= end => i = after,
                    _ => return literal(open),
                }
                continue;
            }
            b'(' => open.push(Open {
                bracket: '(',
                callee: callee_before(source, i),
            }),
            b @ (b'[' | b'{') => open.push(Open {
                bracket: b as char,
                callee: String::new(),
            }),
            b')' | b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    Context {
        in_literal: false,
        open,
    }
}

/// For each line of `source` (as `str::lines` splits it), whether it starts as plain code: outside
/// every string literal and bracket, so a statement can begin there.
pub fn statement_lines(source: &str) -> Vec<bool> {
    let bytes = source.as_bytes();
    let mut starts = vec![true];
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(depth == 0),
            b'#' => {
                i = memchr_newline(bytes, i).unwrap_or(bytes.len());
                continue;
            }
            b'"' | b'\'' => {
                let close = string_end(bytes, i).unwrap_or(bytes.len());
                // Lines that start inside the literal cannot start a statement.
                let inner = bytes[i..close].iter().filter(|&&b| b == b'\n').count();
                starts.extend(std::iter::repeat_n(false, inner));
                i = close;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn literal(open: Vec<Open>) -> Context {
    Context {
        in_literal: true,
        open,
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| from + p)
}

/// Offset just past the string literal opening at `i` (single or triple quoted), or `None` if it
/// runs to the end of the source.
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let quote = bytes[i];
    if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
        find_triple_close(bytes, i + 3, quote)
    } else {
        find_single_close(bytes, i + 1, quote)
    }
}

/// Offset just past the closing quote of a one-line string, or `None` if it runs to the end.
fn find_single_close(bytes: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return Some(i),
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Offset just past the closing triple quote, or `None` if it runs to the end.
fn find_triple_close(bytes: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote && bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote)
        {
            return Some(i + 3);
        }
        i += 1;
    }
    None
}

/// The dotted name ending just before `paren` (`self.assertEqual` in `self.assertEqual(`).
fn callee_before(source: &str, paren: usize) -> String {
    let head = source[..paren].trim_end_matches([' ', '\t']);
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
        .last()
        .map_or(head.len(), |(i, _)| i);
    head[start..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context_of(source: &str, needle: &str) -> Context {
        at(source, source.find(needle).expect("needle in source"))
    }

    #[test]
    fn innermost_call_and_brackets() {
        let src = "img = load_image(\n    \"https://x/cat.png\"\n)\n";
        let cx = context_of(src, "\"https");
        assert!(!cx.in_literal);
        assert_eq!(
            cx.innermost().map(|o| o.callee.as_str()),
            Some("load_image")
        );
        let src = "resources = [\n    'https://x/a.gz',\n]\n";
        assert_eq!(
            context_of(src, "'https").innermost().map(|o| o.bracket),
            Some('[')
        );
        let src = "self.assertEqual(\n    url,\n    \"https://x/m.pkl\",\n)\n";
        assert_eq!(
            context_of(src, "\"https")
                .innermost()
                .map(|o| o.callee.as_str()),
            Some("self.assertEqual")
        );
        assert_eq!(
            context_of("x = 1\ndevice = 'cuda'\n", "device").open,
            vec![]
        );
    }

    #[test]
    fn lines_that_can_start_a_statement() {
        let src = "a = [\n    1,\n]\ns = \"\"\"\ntext (\n\"\"\"\nb = 'x'\n";
        assert_eq!(
            statement_lines(src)[..src.lines().count()],
            [true, false, false, true, false, false, true]
        );
    }

    #[test]
    fn strings_and_comments_are_literals() {
        let src = "def f():\n    \"\"\"Moves x with .cuda() (\n    \"\"\"\n    x.cuda()\n";
        assert!(context_of(src, ".cuda() (").in_literal);
        let after = at(src, src.rfind("x.cuda").expect("call"));
        assert!(!after.in_literal);
        assert_eq!(
            after.open,
            vec![],
            "a parenthesis in a docstring opens nothing"
        );
        assert!(context_of("# see x.cuda()\n", "x.cuda").in_literal);
        assert!(context_of("s = 'it''s x.cuda()'\n", "x.cuda").in_literal);
    }

    /// The map answers every offset as the scan from the start does: on hand-written sources with
    /// every construct it knows (and unterminated ones, CRLF, escapes), and on pseudo-random text
    /// over the bytes that matter.
    #[test]
    fn the_map_answers_as_the_scan_from_the_start() {
        let mut sources: Vec<String> = [
            "a = f(\n    'x(',\n    [1, {2: \"}\"}],\n)\nb = 1\n",
            "s = \"\"\"\ntext (\n\"\"\"\nt = '''a\n''' # c (\r\nx = g(1\r\n)\r\n",
            "u = 'unterminated\nv = (\n\"esc\\\" (\"\n  )\n\"\"\"never closed\n(",
            "]]) close first\nx = 'a\\\nb'\ny = 2\n",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet = b"ab (){}[]'\"\\#\n\r ";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..300 {
            let len = (state % 80) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize] as char
                })
                .collect();
            sources.push(text);
        }
        for source in &sources {
            let map = CodeMap::new(source);
            for offset in 0..=source.len() + 1 {
                assert_eq!(map.at(offset), at(source, offset), "{source:?} at {offset}");
                let newlines = source.as_bytes()[..offset.min(source.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                assert_eq!(map.line_of(offset), newlines, "{source:?} at {offset}");
            }
        }
    }
}
