//! The one escaping layer of every output format. Repository text (file names, messages,
//! docstrings, template fields, config values, `[[rule]]` entries from a repository's config) is
//! untrusted, and each format has its own way to be hijacked by it:
//!
//! - a terminal runs control sequences (ESC, BEL, CR) and shows text reordered by bidi controls
//!   or hidden by zero-width characters: [`terminal`] shows each visibly as `\u{…}`;
//! - GitHub's workflow commands end at a newline and at `::`: [`github_message`] and
//!   [`github_property`] percent-encode as GitHub's toolkit does, and show controls visibly;
//! - Markdown and HTML render markup, and a pull-request comment notifies `@mentions`:
//!   [`markdown`] and [`html`] escape them (and show controls visibly);
//! - the Actions runner reads every line a step prints: `##[` anywhere in a line (its legacy
//!   syntax) and `::` at the start of a line, after blanks, are commands. No format's own text
//!   contains `##[`, and only `--format github` starts its own lines with `::`, so
//!   [`neutralize_commands`] rewrites the whole rendered output of a format at once, where it is
//!   written, instead of trusting every call site; [`neutralize_line`] does it for a message on
//!   stderr. Machine formats keep their data: JSON spells `#` as `\u0023`, which decodes to `#`.

use super::Format;

/// Characters that are not controls but change how the text around them is shown: bidi
/// embeddings, overrides and isolates (the "Trojan Source" attack), zero-width characters,
/// invisible operators, the byte-order mark and line/paragraph separators.
fn is_invisible_or_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Whether `c` must be shown as an escape rather than as itself.
fn must_show_escaped(c: char) -> bool {
    c.is_control() || is_invisible_or_bidi(c)
}

/// `\u{1b}` for ESC: how every text format shows a character it must not print.
fn push_visible(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Text for a terminal or a log on one line: newline and tab as `\n` and `\t`, every other
/// control, bidi or zero-width character as `\u{…}`.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if must_show_escaped(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// An annotation's message (after the command's `::`): `%`, CR and LF percent-encoded as GitHub's
/// toolkit does (GitHub decodes them, so a message may span lines); other controls and bidi or
/// zero-width characters shown as `\u{…}`.
pub fn github_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if must_show_escaped(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// An annotation property value (`file=`, `title=`): as [`github_message`], and `:` and `,`
/// percent-encoded too, so a value cannot end the property list or start another property.
pub fn github_property(text: &str) -> String {
    github_message(text).replace(':', "%3A").replace(',', "%2C")
}

/// Markdown for a table cell, list item or heading, on one line: HTML and Markdown specials
/// backslash-escaped or as entities, line breaks as spaces, `@` followed by a zero-width space
/// so `@everyone` notifies nobody, controls and bidi characters shown as `\u{…}`.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut visible = String::new();
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if must_show_escaped(c) => {
                visible.clear();
                push_visible(&mut visible, c);
                // The escape's own backslash is Markdown's escape character.
                out.push('\\');
                out.push_str(&visible);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c)
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // Our own zero-width space, the only one the report contains: GitHub sends no
            // notification for `@\u{200b}team`.
            '@' => out.push_str("@\u{200b}"),
            c => out.push(c),
        }
    }
    out
}

/// Untrusted text (a rule code or name) shown as code in Markdown. The usual shape (letters,
/// digits, `-`, `_`, `.`, `/`) is a plain code span; anything else is `<code>` around
/// [`markdown`]-escaped text, since a code span shows `<`, `&` and backticks literally and cannot
/// escape them.
pub fn markdown_code(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if plain {
        format!("`{text}`")
    } else {
        format!("<code>{}</code>", markdown(text))
    }
}

/// Untrusted text inside the inline HTML of a Markdown document (`<summary>…</summary>`), where
/// Markdown escapes do not apply: [`html`] on one line, so no blank line can end the HTML block.
pub fn markdown_inline_html(text: &str) -> String {
    html(&terminal(text)).replace('@', "@\u{200b}")
}

/// Text for HTML element content and double-quoted attribute values: markup characters as
/// entities, controls (but newline and tab) and bidi or zero-width characters shown as `\u{…}`.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if must_show_escaped(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// How one format spells the characters that break a workflow command without changing what a
/// reader of that format sees (or, for JSON, what a parser decodes).
struct Defuse {
    /// Replaces the second `#` of `##[`.
    hash: &'static str,
    /// Replaces the first `:` of a line-start `::`; `None` when the format's own lines start so.
    colon: Option<&'static str>,
}

fn defuse(format: Format) -> Defuse {
    match format {
        Format::Json | Format::Sarif | Format::Gitlab => Defuse {
            hash: "\\u0023",
            colon: Some("\\u003a"),
        },
        Format::Human => Defuse {
            hash: "\\u{23}",
            colon: Some("\\u{3a}"),
        },
        Format::Github => Defuse {
            hash: "\\u{23}",
            colon: None,
        },
        Format::Markdown => Defuse {
            hash: "\\#",
            colon: Some("\\:"),
        },
        Format::Html | Format::Badge => Defuse {
            hash: "&#35;",
            colon: Some("&#58;"),
        },
    }
}

/// Rewrites a rendered report so no line of it is a workflow command the Actions runner would
/// run: `##[` anywhere becomes `#` + the format's spelling of `#` + `[`, and `::` at the start
/// of a line (after blanks) gets its first `:` spelled the format's way. `--format github` keeps
/// its own line-start commands, whose untrusted parts [`github_message`] and
/// [`github_property`] already encoded.
pub fn neutralize_commands(format: Format, rendered: &[u8]) -> Vec<u8> {
    let spelling = defuse(format);
    // A vectorised search: a report of a large repository is megabytes, and comparing the
    // marker at every byte was most of the time spent writing it.
    let marker = memchr::memmem::Finder::new(b"##[");
    let mut out = Vec::with_capacity(rendered.len());
    for line in rendered.split_inclusive(|&b| b == b'\n') {
        let blanks = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))
            .count();
        let (lead, mut rest) = line.split_at(blanks);
        out.extend_from_slice(lead);
        if let Some(colon) = spelling.colon {
            if rest.starts_with(b"::") {
                out.extend_from_slice(colon.as_bytes());
                rest = &rest[1..];
            }
        }
        let mut from = 0;
        while let Some(at) = marker.find(&rest[from..]) {
            let at = from + at;
            out.extend_from_slice(&rest[from..=at]);
            out.extend_from_slice(spelling.hash.as_bytes());
            from = at + 2;
        }
        out.extend_from_slice(&rest[from..]);
    }
    out
}

/// A message for stderr (or any log line), [`terminal`]-escaped and defused like the human report.
pub fn neutralize_line(text: &str) -> String {
    let escaped = terminal(text);
    String::from_utf8(neutralize_commands(Format::Human, escaped.as_bytes())).unwrap_or(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}[31mred\u{7}\0\u{85}\u{202e}txt\u{200b}";

    #[test]
    fn terminal_shows_controls_bidi_and_zero_width_characters() {
        assert_eq!(
            terminal(HOSTILE),
            "a\\u{1b}[31mred\\u{7}\\u{0}\\u{85}\\u{202e}txt\\u{200b}"
        );
        assert_eq!(terminal("x\ny\tz"), "x\\ny\\tz");
        assert_eq!(terminal("plain é ü 日本"), "plain é ü 日本");
    }

    #[test]
    fn github_values_cannot_end_the_command_or_hide_text() {
        assert_eq!(github_message("50%\r\n::error::x"), "50%25%0D%0A::error::x");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
        let property = github_property(HOSTILE);
        assert!(!property.chars().any(must_show_escaped), "{property}");
        assert!(property.contains("\\u{1b}") && property.contains("\\u{202e}"));
    }

    #[test]
    fn markdown_escapes_markup_mentions_and_controls() {
        assert_eq!(
            markdown("<img src=x>|@everyone [a](b)"),
            "&lt;img src=x&gt;\\|@\u{200b}everyone \\[a\\](b)"
        );
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown("x\u{1b}y"), "x\\\\u{1b}y");
        assert!(!markdown("##[error]x").contains("##["));
        assert_eq!(markdown_code("CL101"), "`CL101`");
        assert_eq!(
            markdown_code("a`b<img>@x"),
            "<code>a\\`b&lt;img&gt;@\u{200b}x</code>"
        );
    }

    #[test]
    fn html_escapes_markup_quotes_and_controls() {
        assert_eq!(
            html(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
        assert_eq!(html("a\u{1b}b\u{202e}"), "a\\u{1b}b\\u{202e}");
    }

    #[test]
    fn no_format_prints_a_workflow_command_from_repository_text() {
        let rendered = b"  \"message\": \"see ##[error]x and ##[group]y\"\n::error::z\n  \t::warning::w\nok :: fine\n";
        let formats = [
            Format::Human,
            Format::Json,
            Format::Sarif,
            Format::Gitlab,
            Format::Markdown,
            Format::Html,
            Format::Badge,
        ];
        for format in formats {
            let out = String::from_utf8(neutralize_commands(format, rendered)).expect("utf-8");
            assert!(!out.contains("##["), "{format:?}: {out}");
            for line in out.lines() {
                assert!(!line.trim_start().starts_with("::"), "{format:?}: {line}");
            }
            assert!(
                out.contains("ok :: fine"),
                "{format:?}: mid-line `::` is left alone"
            );
        }
        let json = neutralize_commands(Format::Json, b"{\"m\": \"##[error]x\"}");
        let value: serde_json::Value = serde_json::from_slice(&json).expect("still JSON");
        assert_eq!(value["m"], "##[error]x", "a parser decodes the same text");
        let github =
            String::from_utf8(neutralize_commands(Format::Github, rendered)).expect("utf-8");
        assert!(
            github.contains("\n::error::z\n"),
            "github keeps its own commands"
        );
        assert!(!github.contains("##["));
    }

    #[test]
    fn stderr_lines_are_escaped_and_defused() {
        assert_eq!(
            neutralize_line("::error::x\n##[warning]y\u{1b}"),
            "\\u{3a}:error::x\\n#\\u{23}[warning]y\\u{1b}"
        );
    }
}
