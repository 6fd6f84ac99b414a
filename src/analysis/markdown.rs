//! A document outline of a Markdown or reStructuredText file (README, contributing guide): its
//! headings, prose blocks, code blocks, inline code and links, each with its 1-based line.
//!
//! Rules about community documents ask questions of this outline (does a heading mention tests?
//! which commands does a code block run? where does this link point?) instead of re-parsing text,
//! and the index caches it per file so the topic, command, link and policy rules share one parse.
//!
//! Markdown goes through pulldown-cmark's offset iterator (so every event maps back to a line).
//! reStructuredText has no Rust parser worth its weight for this job; a small line-based reader
//! recognises what the rules need: underlined (and overlined) section titles, `::` literal
//! blocks and `code-block` directives, ` ``inline literals`` `, and image / include targets.
//! Everything else is prose. `.txt` guides are read as Markdown, which degrades to prose.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::ascii_words::builtin_regex;
use crate::index::Artifact;

/// A section title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for the top level; in reStructuredText, the order in which title styles first appear.
    pub level: u8,
    /// The title's text, inline markup removed.
    pub text: String,
    /// 1-based line.
    pub line: u32,
}

/// A paragraph, list item or table cell of running text (inline code included, as text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBlock {
    /// The block's text with line breaks turned into spaces.
    pub text: String,
    /// 1-based line where the block starts.
    pub line: u32,
}

/// A fenced, indented or literal code block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string's first word, lowercase (`bash`, `python`); empty when none.
    pub lang: String,
    /// The block's contents.
    pub text: String,
    /// 1-based line of the block's first content line.
    pub line: u32,
}

/// A span of inline code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineCode {
    /// The code, without the backticks.
    pub text: String,
    /// 1-based line.
    pub line: u32,
}

/// A link or image target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (`docs/setup.md#install`, `https://…`).
    pub dest: String,
    /// 1-based line.
    pub line: u32,
    /// Whether it is an image (`![alt](src)`, `<img src>`, `.. image::`).
    pub image: bool,
}

/// The outline of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Section titles in document order.
    pub headings: Vec<Heading>,
    /// Running text in document order.
    pub prose: Vec<TextBlock>,
    /// Code blocks in document order.
    pub code_blocks: Vec<CodeBlock>,
    /// Inline code spans in document order.
    pub inline_code: Vec<InlineCode>,
    /// Link and image targets in document order.
    pub links: Vec<Link>,
}

impl Outline {
    /// Parses a document, choosing the reader by extension (`.rst` / `.rest` → reStructuredText).
    pub fn parse(path: &str, text: &str) -> Outline {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".rst") || lower.ends_with(".rest") {
            parse_rst(text)
        } else {
            parse_markdown(text)
        }
    }

    /// Words of running text and headings, code excluded: how much the document says in prose.
    pub fn prose_words(&self) -> usize {
        self.prose
            .iter()
            .map(|b| b.text.as_str())
            .chain(self.headings.iter().map(|h| h.text.as_str()))
            .map(|t| t.split_whitespace().count())
            .sum()
    }
}

impl Artifact for Outline {
    fn build(path: &str, text: &str) -> Self {
        Outline::parse(path, text)
    }
}

/// Maps byte offsets to 1-based lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn line(&self, offset: usize) -> u32 {
        let index = match self.0.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        u32::try_from(index + 1).unwrap_or(u32::MAX)
    }
}

/// `src="…"` / `href="…"` in raw HTML inside Markdown (READMEs center logos with `<img>`).
static HTML_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r#"(?i)<(img|a|source)\b[^>]*?\b(src|href|srcset)\s*=\s*["']([^"']+)["']"#)
});

/// One pass over the pulldown-cmark events, collecting headings, code blocks, inline code,
/// links and prose blocks with their lines. Code block starts and raw-HTML links are parsed by
/// [`code_block_start`] and [`html_links`]; the loop keeps only the state of which heading,
/// code block or text block is open.
fn parse_markdown(text: &str) -> Outline {
    let lines = Lines::new(text);
    let mut outline = Outline::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    // The text block being collected: (first line, text).
    let mut block: Option<(u32, String)> = None;
    let mut heading: Option<(u8, u32, String)> = None;
    let mut code: Option<(String, u32, String)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut block, &mut outline.prose);
                heading = Some((level as u8, line, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, text)) = heading.take() {
                    outline.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        line,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut block, &mut outline.prose);
                let (lang, first) = code_block_start(&kind, text.get(range.clone()), line);
                code = Some((lang, first, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, line, text)) = code.take() {
                    outline.code_blocks.push(CodeBlock { lang, text, line });
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = code.as_mut() {
                    buf.push_str(&t);
                } else if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&t);
                } else {
                    push_text(&mut block, line, &t);
                }
            }
            Event::Code(t) => {
                outline.inline_code.push(InlineCode {
                    text: t.to_string(),
                    line,
                });
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&t);
                } else {
                    push_text(&mut block, line, &t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push(' ');
                } else if let Some((_, buf)) = block.as_mut() {
                    buf.push(' ');
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => outline.links.push(Link {
                dest: dest_url.to_string(),
                line,
                image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => outline.links.push(Link {
                dest: dest_url.to_string(),
                line,
                image: true,
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                outline.links.extend(html_links(&html, line));
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => flush(&mut block, &mut outline.prose),
            _ => {}
        }
    }
    flush(&mut block, &mut outline.prose);
    outline
}

/// A code block's language (the first word of a fence's info string, lowercased; none for an
/// indented block) and the line its content starts on: a fenced block's content starts on the
/// line after the fence, so findings on a command point at the command, not the fence.
fn code_block_start(kind: &CodeBlockKind, source: Option<&str>, line: u32) -> (String, u32) {
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase(),
        CodeBlockKind::Indented => String::new(),
    };
    let opening = source.unwrap_or("").trim_start();
    let first = if opening.starts_with("```") || opening.starts_with("~~~") {
        line + 1
    } else {
        line
    };
    (lang, first)
}

/// The link and image targets of raw HTML (`<a href>`, `<img src>`, the first `srcset`
/// candidate), which the Markdown parser passes through as text: an HTML block starting on
/// `line` puts each target on its own line within the block.
fn html_links(html: &str, line: u32) -> Vec<Link> {
    let mut links = Vec::new();
    for caps in HTML_TARGET.captures_iter(html) {
        let (Some(tag), Some(whole), Some(dest)) = (caps.get(1), caps.get(0), caps.get(3)) else {
            continue;
        };
        let extra = html[..whole.start()].matches('\n').count();
        let dest = if caps
            .get(2)
            .is_some_and(|a| a.as_str().eq_ignore_ascii_case("srcset"))
        {
            dest.as_str().split_whitespace().next().unwrap_or("")
        } else {
            dest.as_str()
        };
        links.push(Link {
            dest: dest.to_string(),
            line: line + u32::try_from(extra).unwrap_or(0),
            image: !tag.as_str().eq_ignore_ascii_case("a"),
        });
    }
    links
}

fn push_text(block: &mut Option<(u32, String)>, line: u32, text: &str) {
    block
        .get_or_insert_with(|| (line, String::new()))
        .1
        .push_str(text);
}

fn flush(block: &mut Option<(u32, String)>, prose: &mut Vec<TextBlock>) {
    if let Some((line, text)) = block.take() {
        let text = text.trim();
        if !text.is_empty() {
            prose.push(TextBlock {
                text: text.to_string(),
                line,
            });
        }
    }
}

/// ` ``literal`` ` spans in reStructuredText.
static RST_LITERAL: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"``([^`]+)``"));

/// `.. code-block:: bash`, `.. image:: path`… : a directive and its argument.
static RST_DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"^\s*\.\.\s+([A-Za-z][\w:-]*)::\s*(.*)$"));

/// Characters reStructuredText accepts as title adornment.
const ADORNMENT: &str = "=-~^\"'`*+#:._<>!$%&,/;?@[]{}|";

fn is_adornment(line: &str) -> bool {
    let line = line.trim_end();
    let mut chars = line.chars();
    match chars.next() {
        Some(first) if ADORNMENT.contains(first) => {
            line.chars().count() >= 3 && chars.all(|c| c == first)
        }
        _ => false,
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A reStructuredText section title found at some line.
struct RstTitle {
    /// Index of the title's text line.
    line: usize,
    /// The adornment character and whether the title is overlined too: each distinct style is
    /// one heading level, in order of first use.
    style: (char, bool),
    /// Index of the first line after the title and its adornments.
    next: usize,
}

/// The section title starting at line `i`: text underlined (optionally overlined) with one
/// adornment character.
fn rst_title(lines: &[&str], i: usize) -> Option<RstTitle> {
    let line = lines[i];
    let overlined = is_adornment(line)
        && i + 2 < lines.len()
        && !lines[i + 1].trim().is_empty()
        && is_adornment(lines[i + 2]);
    let underlined = !is_adornment(line)
        && indent_of(line) == 0
        && i + 1 < lines.len()
        && is_adornment(lines[i + 1])
        && lines[i + 1].trim_end().chars().count() >= line.trim().chars().count().min(3);
    if !(overlined || underlined) {
        return None;
    }
    let (title, adornment) = if overlined { (i + 1, i) } else { (i, i + 1) };
    Some(RstTitle {
        line: title,
        style: (
            lines[adornment].trim().chars().next().unwrap_or('='),
            overlined,
        ),
        next: if overlined { i + 3 } else { i + 2 },
    })
}

/// Records the directive at line `i` (a code block, or an image, figure or include as a link)
/// and returns the line to read next: past a code block's body, or the next line, since a
/// figure's caption and an admonition's body are prose.
fn rst_directive(outline: &mut Outline, lines: &[&str], i: usize, caps: &regex::Captures) -> usize {
    let line_no = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    let name = caps.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
    let arg = caps.get(2).map_or("", |m| m.as_str()).trim().to_string();
    let base = indent_of(lines[i]);
    let body_start = i + 1;
    let mut end = body_start;
    while end < lines.len() && (lines[end].trim().is_empty() || indent_of(lines[end]) > base) {
        end += 1;
    }
    match name.as_str() {
        "code-block" | "code" | "sourcecode" | "prompt" => {
            let body: Vec<&str> = lines[body_start..end]
                .iter()
                .copied()
                .skip_while(|l| l.trim().starts_with(':') || l.trim().is_empty())
                .collect();
            // An empty body (`.. code-block:: bash` ending the file) is on the directive's line.
            let first = if body.is_empty() { i } else { end - body.len() };
            outline.code_blocks.push(CodeBlock {
                lang: arg
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase(),
                text: dedent(&body),
                line: line_no(first),
            });
            end
        }
        "image" | "figure" | "include" | "literalinclude" => {
            outline.links.push(Link {
                dest: arg,
                line: line_no(i),
                image: name == "image" || name == "figure",
            });
            i + 1
        }
        _ => i + 1,
    }
}

fn parse_rst(text: &str) -> Outline {
    let lines: Vec<&str> = text.lines().collect();
    let mut outline = Outline::default();
    let mut styles: Vec<(char, bool)> = Vec::new();
    let mut block: Option<(u32, String)> = None;
    let mut i = 0;
    let line_no = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut block, &mut outline.prose);
            i += 1;
            continue;
        }
        if let Some(title) = rst_title(&lines, i) {
            flush(&mut block, &mut outline.prose);
            let level = match styles.iter().position(|s| *s == title.style) {
                Some(p) => p + 1,
                None => {
                    styles.push(title.style);
                    styles.len()
                }
            };
            let text = lines[title.line].trim();
            collect_literals(&mut outline, text, line_no(title.line));
            outline.headings.push(Heading {
                level: u8::try_from(level).unwrap_or(u8::MAX),
                text: strip_rst_inline(text),
                line: line_no(title.line),
            });
            i = title.next;
            continue;
        }
        if let Some(caps) = RST_DIRECTIVE.captures(line) {
            flush(&mut block, &mut outline.prose);
            i = rst_directive(&mut outline, &lines, i, &caps);
            continue;
        }
        if trimmed.starts_with(".. ") {
            // Comments, link targets and substitutions are not prose.
            flush(&mut block, &mut outline.prose);
            i += 1;
            continue;
        }
        collect_literals(&mut outline, line, line_no(i));
        let content = trimmed.trim_end_matches("::");
        let literal_follows = trimmed.ends_with("::");
        push_text(&mut block, line_no(i), &strip_rst_inline(content));
        push_text(&mut block, line_no(i), " ");
        i += 1;
        if literal_follows {
            flush(&mut block, &mut outline.prose);
            let base = indent_of(line);
            while i < lines.len() && lines[i].trim().is_empty() {
                i += 1;
            }
            let start = i;
            while i < lines.len() && (lines[i].trim().is_empty() || indent_of(lines[i]) > base) {
                i += 1;
            }
            if i > start {
                outline.code_blocks.push(CodeBlock {
                    lang: String::new(),
                    text: dedent(&lines[start..i]),
                    line: line_no(start),
                });
            }
        }
    }
    flush(&mut block, &mut outline.prose);
    outline
}

fn collect_literals(outline: &mut Outline, line: &str, line_no: u32) {
    for caps in RST_LITERAL.captures_iter(line) {
        if let Some(m) = caps.get(1) {
            outline.inline_code.push(InlineCode {
                text: m.as_str().to_string(),
                line: line_no,
            });
        }
    }
}

/// Drops inline markup characters so that phrases match across `*emphasis*` and ``literals``.
fn strip_rst_inline(text: &str) -> String {
    text.replace("``", "").replace(['*', '`'], "")
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
        .collect();
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE_MD: &str = "# Contributing\n\nRun the `make test` target.\nIt is\nfast.\n\n## Setup\n\n```bash\npip install -e \".[dev]\"\npytest tests/\n```\n\nSee [docs](docs/setup.md#x) and ![logo](img/logo.png).\n\n<p align=\"center\"><img src=\"assets/banner.png\"></p>\n\n    indented code\n";

    #[test]
    fn markdown_outline_has_lines() {
        let o = Outline::parse("CONTRIBUTING.md", GUIDE_MD);
        let headings: Vec<_> = o
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect();
        assert_eq!(headings, [(1, "Contributing", 1), (2, "Setup", 7)]);
        assert_eq!(o.prose[0].text, "Run the make test target. It is fast.");
        assert_eq!(o.prose[0].line, 3);
        assert_eq!(
            o.inline_code[0],
            InlineCode {
                text: "make test".into(),
                line: 3
            }
        );
        assert_eq!(o.code_blocks[0].lang, "bash");
        assert_eq!(o.code_blocks[0].line, 10);
        assert!(o.code_blocks[0].text.starts_with("pip install"));
        assert_eq!(o.code_blocks[1].text, "indented code\n");
        assert_eq!(o.code_blocks[1].line, 18);
        let links: Vec<_> = o
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.line, l.image))
            .collect();
        assert_eq!(
            links,
            [
                ("docs/setup.md#x", 14, false),
                ("img/logo.png", 14, true),
                ("assets/banner.png", 16, true)
            ]
        );
        assert!(o.prose_words() >= 10);
    }

    const GUIDE_RST: &str = "============\nContributing\n============\n\nInstall for development::\n\n    pip install -e .[dev]\n    make test\n\nRunning the tests\n-----------------\n\nUse ``pytest tests/`` from the root.\n\n.. code-block:: console\n   :caption: lint\n\n   $ tox -e lint\n\n.. image:: docs/logo.png\n\nDone.\n";

    #[test]
    fn an_empty_rst_code_block_is_on_its_directive_line() {
        // Found by the property tests: the block was placed one line past the end of the file.
        let outline = Outline::parse("CONTRIBUTING.rst", ".. code-block:: bash\n    ");
        let lines: Vec<u32> = outline.code_blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [1]);
    }

    #[test]
    fn rst_outline_reads_titles_literals_and_directives() {
        let o = Outline::parse("docs/contributing.rst", GUIDE_RST);
        let headings: Vec<_> = o
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect();
        assert_eq!(
            headings,
            [(1, "Contributing", 2), (2, "Running the tests", 10)]
        );
        assert_eq!(o.code_blocks.len(), 2);
        assert_eq!(o.code_blocks[0].text, "pip install -e .[dev]\nmake test\n");
        assert_eq!(o.code_blocks[0].line, 7);
        assert_eq!(o.code_blocks[1].lang, "console");
        assert_eq!(o.code_blocks[1].text, "$ tox -e lint\n");
        assert_eq!(o.code_blocks[1].line, 18);
        assert_eq!(
            o.inline_code[0],
            InlineCode {
                text: "pytest tests/".into(),
                line: 13
            }
        );
        assert_eq!(o.links[0].dest, "docs/logo.png");
        assert!(o
            .prose
            .iter()
            .any(|p| p.text.contains("Install for development")));
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "",
            "```",
            "===\n",
            "a\n===\n===",
            ".. code-block::",
            "<img src='",
            "x::\n",
        ] {
            let _ = Outline::parse("a.md", text);
            let _ = Outline::parse("a.rst", text);
        }
    }
}
