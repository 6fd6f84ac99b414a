//! The blocks that enclose a line of Python source, read from indentation: which functions and
//! classes a line sits in, their decorators, and whether it is under `if __name__ == "__main__":`.
//! Rules that judge one test at a time use it to find that test's own markers and body, so a skip
//! marker on one test no longer stands for every test in the file.
//!
//! Only lines that open a compound statement (`def`, `class`, `if`, `for`, `with`, …) can
//! enclose, and only outside string literals, so a docstring line at column 0 never passes for a
//! block.

use super::code_context::CodeMap;

/// What kind of block a header opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// `def` or `async def`.
    Function,
    /// `class`.
    Class,
    /// `if __name__ == "__main__":`, code that runs only as a script.
    MainGuard,
    /// Any other compound statement.
    Other,
}

/// One enclosing block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// 0-based line of the header.
    pub line: usize,
    /// The header's indentation.
    pub indent: usize,
    /// What it opens.
    pub kind: BlockKind,
    /// The function or class name (empty for other blocks).
    pub name: String,
    /// 0-based lines of the decorators above the header, continuation lines included.
    pub decorators: std::ops::Range<usize>,
}

const COMPOUND: &[&str] = &[
    "if ",
    "elif ",
    "else",
    "for ",
    "while ",
    "with ",
    "try",
    "except",
    "finally",
    "match ",
    "case ",
    "async for ",
    "async with ",
];

/// The indentation of a line, tabs counting as eight columns.
pub fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 8 } else { 1 })
        .sum()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The header a line opens, if it opens a block.
fn header(line: &str) -> Option<(BlockKind, String)> {
    let t = line.trim_start();
    let t = t.strip_prefix("async ").unwrap_or(t);
    let name_of = |rest: &str| {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
    };
    if let Some(rest) = t.strip_prefix("def ") {
        return Some((BlockKind::Function, name_of(rest.trim_start())));
    }
    if let Some(rest) = t.strip_prefix("class ") {
        return Some((BlockKind::Class, name_of(rest.trim_start())));
    }
    let code = t.split(" #").next().unwrap_or(t).trim_end();
    if !code.ends_with(':') {
        return None;
    }
    if code.starts_with("if __name__") && code.contains("__main__") {
        return Some((BlockKind::MainGuard, String::new()));
    }
    COMPOUND
        .iter()
        .any(|k| t.starts_with(k))
        .then(|| (BlockKind::Other, String::new()))
}

/// The decorator lines directly above a header at `line` (with the same indentation).
fn decorators_above(lines: &[&str], line: usize, indent: usize) -> std::ops::Range<usize> {
    let mut start = line;
    let mut i = line;
    while i > 0 {
        i -= 1;
        let l = lines[i];
        if l.trim().is_empty() {
            break;
        }
        let t = l.trim_start();
        if indent_of(l) == indent && t.starts_with('@') {
            start = i;
        } else if !(indent_of(l) > indent || t.starts_with(')') || t.starts_with(']')) {
            break;
        }
    }
    start..line
}

/// The blocks enclosing 0-based line `at` of the mapped source, innermost first; `lines` are
/// its `lines()`.
pub fn enclosing(code: &CodeMap, lines: &[&str], at: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let Some(line) = lines.get(at) else {
        return blocks;
    };
    let mut threshold = indent_of(line);
    let mut i = at;
    while i > 0 && threshold > 0 {
        i -= 1;
        let l = lines[i];
        if is_blank_or_comment(l) || indent_of(l) >= threshold {
            continue;
        }
        let Some((kind, name)) = header(l) else {
            continue;
        };
        if in_literal(code, l) {
            continue;
        }
        let indent = indent_of(l);
        threshold = indent;
        blocks.push(Block {
            line: i,
            indent,
            kind,
            name,
            decorators: decorators_above(lines, i, indent),
        });
    }
    blocks
}

/// The blocks of 0-based line `at`, innermost first, where a line of a decorator belongs to the
/// function or class it decorates (`@parametrize("d", [lambda s: s.cuda()])` is that test's).
pub fn enclosing_or_decorated(code: &CodeMap, lines: &[&str], at: usize) -> Vec<Block> {
    let indent = lines.get(at).map_or(0, |l| indent_of(l));
    for j in at + 1..lines.len().min(at + 40) {
        let l = lines[j];
        if is_blank_or_comment(l) || indent_of(l) > indent {
            continue;
        }
        let Some((kind @ (BlockKind::Function | BlockKind::Class), name)) = header(l) else {
            if l.trim_start().starts_with(['@', ')', ']']) {
                continue;
            }
            break;
        };
        let decorators = decorators_above(lines, j, indent_of(l));
        if !decorators.contains(&at) {
            break;
        }
        let mut blocks = vec![Block {
            line: j,
            indent: indent_of(l),
            kind,
            name,
            decorators,
        }];
        blocks.extend(enclosing(code, lines, j));
        return blocks;
    }
    enclosing(code, lines, at)
}

/// The 0-based lines of a block's body: from its header to the last line indented deeper
/// (a line of a string literal at any indentation belongs to the body).
pub fn body(code: &CodeMap, lines: &[&str], block: &Block) -> std::ops::Range<usize> {
    let mut end = block.line + 1;
    for (i, l) in lines.iter().enumerate().skip(block.line + 1) {
        if is_blank_or_comment(l) {
            continue;
        }
        let dedented = indent_of(l) <= block.indent && !l.trim_start().starts_with([')', ']']);
        if dedented && !in_literal(code, l) {
            break;
        }
        end = i + 1;
    }
    block.line..end
}

/// Whether `line` (a slice of the mapped source) starts inside a string literal.
fn in_literal(code: &CodeMap, line: &str) -> bool {
    let source = code.source();
    let offset = (line.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    offset <= source.len() && code.at(offset).in_literal
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "import torch\n\n@onlyCUDA\n@pytest.mark.parametrize(\n    'x', [1, 2]\n)\ndef test_a(x):\n    \"\"\"Doc.\nclass NotAClass:\n    \"\"\"\n    y = x.cuda()\n\n\nclass TestB:\n    @slow\n    def test_c(self):\n        for i in range(2):\n            z = i\n\nif __name__ == \"__main__\":\n    main()\n";

    #[test]
    fn enclosing_blocks_and_their_decorators() {
        let lines: Vec<&str> = SRC.lines().collect();
        let code = CodeMap::new(SRC);
        let at = lines
            .iter()
            .position(|l| l.contains("x.cuda()"))
            .expect("line");
        let blocks = enclosing(&code, &lines, at);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!(blocks[0].name, "test_a");
        assert_eq!(blocks[0].kind, BlockKind::Function);
        assert_eq!(&lines[blocks[0].decorators.clone()][0], &"@onlyCUDA");
        assert_eq!(blocks[0].decorators.len(), 4);
        assert_eq!(body(&code, &lines, &blocks[0]).end, at + 1);

        let at = lines
            .iter()
            .position(|l| l.contains("z = i"))
            .expect("line");
        let kinds: Vec<_> = enclosing(&code, &lines, at)
            .iter()
            .map(|b| (b.kind, b.name.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Other, String::new()),
                (BlockKind::Function, "test_c".to_string()),
                (BlockKind::Class, "TestB".to_string()),
            ]
        );
        let at = lines
            .iter()
            .position(|l| l.contains("main()"))
            .expect("line");
        assert_eq!(enclosing(&code, &lines, at)[0].kind, BlockKind::MainGuard);
        assert_eq!(enclosing(&code, &lines, 0), vec![]);
    }
}
