//! Docstring parameter sections: Google (with the Hugging Face variant), NumPy, Sphinx/reST field
//! lists and Epytext, parsed into one record per documented parameter.
//!
//! The style is detected per docstring (a repository often mixes them), and every parser is
//! tolerant: a line it does not understand is skipped rather than turned into a bogus entry,
//! because a wrong guess here becomes a false "undocumented" or "unknown" finding downstream.
//! Line offsets are kept relative to the docstring's first line (the one holding the opening
//! quotes) so findings point at the parameter's own line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;

/// The docstring convention an entry was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `Args:` sections (napoleon), including the Hugging Face ``name (`type`, *optional*):`` form.
    Google,
    /// `Parameters` underlined with dashes (numpydoc).
    Numpy,
    /// `:param name:` field lists (Sphinx, hand-written reST).
    Sphinx,
    /// `@param name:` fields.
    Epytext,
}

/// Which kind of section an entry came from: parameters are checked against the signature,
/// attributes only help when they document a parameter (dataclass and config fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// `Args:`, `Parameters`, `:param:`.
    Params,
    /// `Keyword Args:`, `:keyword:`.
    Keyword,
    /// `Other Parameters`.
    Other,
    /// `Attributes:` (class fields; not a parameter section of its own).
    Attributes,
}

/// One documented parameter (or several sharing one entry, as in NumPy's `x1, x2 : int`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamEntry {
    /// Names as written, without `*`/`**` and escapes (`kwargs` for `**kwargs`).
    pub names: Vec<String>,
    /// Whether a name was written with stars (`*args`, `**kwargs`).
    pub starred: bool,
    /// The type text with markup stripped and the optional/default markers removed.
    pub type_text: String,
    /// `optional` / `*optional*` in the type.
    pub optional: bool,
    /// A default stated in the type part (`defaults to 0.1`, `default=None`).
    pub default: Option<String>,
    /// The description, lines joined with spaces, markup stripped.
    pub description: String,
    /// 0-based line of the entry within the docstring (0 is the line of the opening quotes).
    pub line: usize,
    /// The section it came from.
    pub kind: SectionKind,
    /// The convention it was written in.
    pub style: Style,
}

impl ParamEntry {
    /// An entry whose raw type text (`int, optional, defaults to 3`) is split into type,
    /// optionality and default the same way in every style; the description is filled later.
    fn new(
        names: Vec<String>,
        starred: bool,
        type_raw: &str,
        line: usize,
        kind: SectionKind,
        style: Style,
    ) -> Self {
        let (type_text, optional, default) = split_type(type_raw);
        ParamEntry {
            names,
            starred,
            type_text,
            optional,
            default,
            description: String::new(),
            line,
            kind,
            style,
        }
    }
}

/// A parsed docstring: its parameter entries and whether it has a parameter section at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docstring {
    /// The style of the first parameter section found, if any.
    pub style: Option<Style>,
    /// Whether a parameter section exists (`Args:`, `Parameters`, a `:param:` field), which is
    /// what makes an omitted parameter a finding rather than a stylistic choice.
    pub has_param_section: bool,
    /// Every entry, in order.
    pub entries: Vec<ParamEntry>,
    /// The first entry naming each name, built by [`parse`]: a function of 40,000 parameters
    /// looks each one up, and a scan of the entries per lookup made that quadratic.
    first_by_name: HashMap<String, usize, foldhash::fast::RandomState>,
    /// Whether the docstring hands its parameters to another object's documentation ("See
    /// \[`~loaders.X.load_lora_weights`\] for more details" in its prose or its `**kwargs`
    /// entry, "All other arguments follow …"). A "see X" inside one parameter's entry explains
    /// that parameter only.
    pub delegates: bool,
}

impl Docstring {
    /// The entry documenting `name` (stars ignored), if any.
    pub fn entry(&self, name: &str) -> Option<&ParamEntry> {
        let name = name.trim_start_matches('*');
        if self.first_by_name.is_empty() {
            // Entries added by hand rather than by `parse` (tests) have no index.
            return self
                .entries
                .iter()
                .find(|e| e.names.iter().any(|n| n == name));
        }
        self.first_by_name.get(name).map(|&i| &self.entries[i])
    }

    /// Indexes the entries by name, the first entry winning as in a scan.
    fn index_names(&mut self) {
        self.first_by_name.clear();
        for (i, entry) in self.entries.iter().enumerate() {
            for name in &entry.names {
                self.first_by_name.entry(name.clone()).or_insert(i);
            }
        }
    }
}

/// One physical line: its indent (tabs count as 4) and its text without the indent.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }
}

fn split_lines(raw: &str) -> Vec<Line<'_>> {
    let mut lines: Vec<Line> = raw
        .split('\n')
        .map(|l| {
            let trimmed = l.trim_start();
            let indent = l[..l.len() - trimmed.len()]
                .chars()
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            Line {
                indent,
                text: trimmed.trim_end(),
            }
        })
        .collect();
    // The first line sits right after the quotes; give it the body's indent so a section
    // starting there (rare) is compared like the others.
    let body_indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.blank())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    if let Some(first) = lines.first_mut() {
        first.indent = body_indent;
    }
    lines
}

/// "See [`X`] for more details", "refer to X for the arguments", "same as X for the
/// parameters"; a dotted name (`~loaders.X.load_lora_weights`) does not end the sentence.
/// Matched on bytes with ASCII classes (`(?-u)`): the window of up to 160 characters repeats
/// its class 160 times, which with Unicode classes made this one pattern cost several
/// milliseconds to compile, most of a small repository's scan.
static DEFERS: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?is-u)\b(see|refer to|same as|identical to)\b(?:[^.]|\.\w){0,160}?\b(for|about)\b[^.]{0,40}?\b(details|information|documentation|description|descriptions|explanation|arguments|parameters|args|options|more)\b|\bsee\b[^.]{0,20}\b(arguments|args|parameters)\b").expect("static regex")
});
/// "All other arguments follow …", "the remaining parameters are those of X": a delegation
/// wherever it is written.
static OTHERS_DEFERRED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)\b(all|any) (the )?(other|remaining|additional) (arguments|args|parameters|params|keyword arguments)\b|\b(other|remaining) (arguments|args|parameters|params) (are|follow|as)\b",
    )
});

/// Parses a docstring's parameter sections in every style it uses.
pub fn parse(raw: &str) -> Docstring {
    let lines = split_lines(raw);
    let mut doc = Docstring::default();
    let mut prose = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.blank() {
            i += 1;
            continue;
        }
        if let Some(kind) = numpy_header(&lines, i) {
            i = parse_numpy_section(&lines, i + 2, line.indent, kind, &mut doc);
            continue;
        }
        if let Some(kind) = google_header(line.text) {
            i = parse_google_section(&lines, i + 1, line.indent, kind, &mut doc);
            continue;
        }
        if let Some(next) = parse_field(&lines, i, &mut doc) {
            i = next;
            continue;
        }
        prose.push_str(line.text);
        prose.push('\n');
        i += 1;
    }
    apply_field_types(&lines, &mut doc);
    doc.index_names();
    let defers = |text: &str| mentions_any(text, DEFERS_WORDS) && DEFERS.is_match(text.as_bytes());
    doc.delegates = (mentions_any(raw, OTHERS_DEFERRED_WORDS) && OTHERS_DEFERRED.is_match(raw))
        || defers(&prose)
        || doc
            .entries
            .iter()
            .any(|e| is_variadic(e) && defers(&e.description));
    doc
}

/// A word every match of [`DEFERS`] contains, and one every match of [`OTHERS_DEFERRED`]
/// contains: most docstrings have none, and then the pattern is neither compiled nor run.
const DEFERS_WORDS: &[&str] = &["see", "refer", "same", "identical"];
const OTHERS_DEFERRED_WORDS: &[&str] = &["other", "remaining", "additional"];

/// Whether `text` contains one of the lowercase ASCII `words`, in any case. One lowercase copy
/// searched for each word (a vectorised substring search) beats comparing every window of the
/// text with every word.
fn mentions_any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|word| lower.contains(word))
}

/// An entry for `*args` or `**kwargs`, whose description speaks for the parameters it collects.
fn is_variadic(entry: &ParamEntry) -> bool {
    entry.starred || entry.names.iter().any(|n| n == "kwargs" || n == "args")
}

fn section_kind(title: &str) -> Option<Option<SectionKind>> {
    let t = title.trim().to_ascii_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = match t.as_str() {
        "args" | "arguments" | "arg" | "parameters" | "params" | "parameter" => {
            Some(SectionKind::Params)
        }
        "keyword args" | "keyword arguments" | "keyword parameters" | "kwargs" => {
            Some(SectionKind::Keyword)
        }
        "other args" | "other arguments" | "other params" | "other parameters" => {
            Some(SectionKind::Other)
        }
        "attributes" | "attrs" => Some(SectionKind::Attributes),
        _ => return None,
    };
    Some(kind)
}

/// `Args:`-style header: a known title followed by a colon and nothing else.
fn google_header(text: &str) -> Option<SectionKind> {
    let title = text.strip_suffix(':')?;
    section_kind(title).flatten()
}

/// NumPy header: a known title on one line and an underline of `-` or `=` on the next.
fn numpy_header(lines: &[Line], i: usize) -> Option<SectionKind> {
    let under = lines.get(i + 1)?;
    let u = under.text;
    let underline = u.len() >= 3 && (u.chars().all(|c| c == '-') || u.chars().all(|c| c == '='));
    if !underline {
        return None;
    }
    section_kind(lines[i].text).flatten()
}

/// How a head's colon is looked for: the strict reading first, then the slips real code makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ColonScan {
    /// Outside backticks and brackets, followed by whitespace or the end of the line.
    Strict,
    /// Backticks ignored: an unbalanced one in the type part
    /// (`` (`int` or `list[int]], *optional*): ``) would hide every colon after it.
    IgnoringTicks,
    /// Text right after the colon (`name (type):Text`, `name :Text`).
    Unspaced,
}

/// The first colon outside backticks and brackets that ends a name/type head (followed by
/// whitespace or the end of the line, unless `scan` accepts text right after it).
fn head_colon(text: &str, scan: ColonScan) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut in_tick = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' if scan != ColonScan::IgnoringTicks => in_tick = !in_tick,
            b'(' | b'[' | b'{' if !in_tick => depth += 1,
            b')' | b']' | b'}' if !in_tick => depth -= 1,
            b':' if !in_tick && depth <= 0 => {
                let next = bytes.get(i + 1);
                if next.is_none_or(|c| c.is_ascii_whitespace()) || scan == ColonScan::Unspaced {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The index of the bracket closing the one at `open`, skipping backtick spans; when an
/// unbalanced backtick leaves it unclosed, the brackets alone decide.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    matching_paren_with(text, open, true).or_else(|| matching_paren_with(text, open, false))
}

fn matching_paren_with(text: &str, open: usize, ticks: bool) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_tick = false;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'`' if ticks => in_tick = !in_tick,
            b'(' if !in_tick => depth += 1,
            b')' if !in_tick => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Any capitalised section title (`Returns:`, `Example:`), which ends flush-left items.
static ANY_HEADER: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"^[A-Z][A-Za-z ]{1,30}:$"));

/// Splits `*args`, `\*\*kwargs`, `` `x` ``, `x, y` into bare identifiers; `None` if any part is
/// not an identifier (then the line is prose, not an entry).
fn parse_names(head: &str) -> Option<(Vec<String>, bool)> {
    let mut names = Vec::new();
    let mut starred = false;
    for part in head.split(',') {
        let part = part.trim().trim_matches('`');
        let part = if part.contains('\\') {
            Cow::Owned(part.replace('\\', ""))
        } else {
            Cow::Borrowed(part)
        };
        let bare = part.trim_start_matches('*');
        starred |= bare.len() != part.len();
        if !is_identifier(bare) {
            return None;
        }
        names.push(bare.to_string());
    }
    (!names.is_empty()).then_some((names, starred))
}

/// An ASCII identifier (`^[A-Za-z_][A-Za-z0-9_]*$`), tested byte by byte rather than by a regex
/// search per name.
fn is_identifier(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The parts of a type text: the type itself, whether it says optional, and a stated default.
/// An unbalanced backtick is dropped, not left to swallow the commas after it.
fn split_type(raw: &str) -> (String, bool, Option<String>) {
    let mut optional = false;
    let mut default = None;
    let mut kept = Vec::new();
    let balanced = if raw.matches('`').count() % 2 == 1 {
        Cow::Owned(raw.replace('`', ""))
    } else {
        Cow::Borrowed(raw)
    };
    for part in split_top_level_commas(&balanced) {
        let clean = strip_markup(part);
        if clean.eq_ignore_ascii_case("optional") {
            optional = true;
        } else if let Some(value) = default_value(&clean) {
            default = Some(value);
        } else if !clean.is_empty() {
            kept.push(clean);
        }
    }
    (kept.join(", "), optional, default)
}

static DEFAULT_RE: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(?i)^(?:defaults?\s*(?:to|is|=|:)?|by default)\s*(.+)$"));

fn default_value(part: &str) -> Option<String> {
    let part = part.trim();
    // Every match starts with "default" or "by default" (no other character folds to their
    // letters), so a type part without either skips the search.
    if !starts_with_ignoring_ascii_case(part, "default")
        && !starts_with_ignoring_ascii_case(part, "by default")
    {
        return None;
    }
    DEFAULT_RE
        .captures(part)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().trim_end_matches('.').to_string())
}

/// Whether `text` starts with the lowercase ASCII `prefix`, in any case.
fn starts_with_ignoring_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn split_top_level_commas(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_tick = false;
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'`' => in_tick = !in_tick,
            b'(' | b'[' | b'{' if !in_tick => depth += 1,
            b')' | b']' | b'}' if !in_tick => depth -= 1,
            b',' if !in_tick && depth <= 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

static ROLE: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r":[A-Za-z:]+:`"));
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"\*{1,2}([^*\s][^*]*?)\*{1,2}"));
static HF_LINK: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"\[`([^\]`]+)`\]"));

/// Removes reST/Markdown markup a reader does not see: roles, backticks, emphasis, HF
/// `[`Link`]` brackets, `~` abbreviations, and repeated whitespace.
pub fn strip_markup(text: &str) -> String {
    // Each pattern's matches contain a literal (`:`` for a role, ``[` `` for a link, `*` for
    // emphasis): testing for it is a fast substring search, and most descriptions skip the
    // regexes. Every step's output feeds the next, as when all three always ran.
    let text = replace_where(Cow::Borrowed(text), ":`", &ROLE, "`");
    let text = replace_where(text, "[`", &HF_LINK, "$1");
    let text = replace_where(text, "*", &EMPHASIS, "$1");
    collapse_without_ticks(&text)
}

/// `re.replace_all(text, with)`, skipped when `text` lacks `literal`, which every match of
/// `re` contains.
fn replace_where<'t>(text: Cow<'t, str>, literal: &str, re: &Regex, with: &str) -> Cow<'t, str> {
    if !text.contains(literal) {
        return text;
    }
    match re.replace_all(&text, with) {
        Cow::Borrowed(_) => text,
        Cow::Owned(replaced) => Cow::Owned(replaced),
    }
}

/// The words of `text` joined by single spaces, without backticks and without a `~` right
/// after a backtick (`` `~torch.nn.Module` `` reads `torch.nn.Module`): in one pass over the
/// characters, what `.replace("`~", "`").replace('`', "")` then `split_whitespace().join(" ")`
/// did in four. A word of backticks alone disappears with its space.
fn collapse_without_ticks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whitespace since the last character kept: one space is written before the next one.
    let mut space = false;
    let mut after_tick = false;
    for c in text.chars() {
        match c {
            c if c.is_whitespace() => {
                space = true;
                after_tick = false;
            }
            '`' => after_tick = true,
            '~' if after_tick => after_tick = false,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                after_tick = false;
                out.push(c);
            }
        }
    }
    out
}

/// Splits `name (type)` into its parts; `None` when text follows the closing parenthesis.
fn name_and_type(head: &str) -> Option<(&str, String)> {
    match head.find('(') {
        Some(open) => {
            let close = matching_paren(head, open)?;
            if !head[close + 1..].trim().is_empty() {
                return None;
            }
            Some((head[..open].trim(), head[open + 1..close].to_string()))
        }
        None => Some((head, String::new())),
    }
}

/// Parses one Google item line (`name (type): text`); `None` when the line is not an item.
/// The strict colon comes first; a colon found only by a looser scan must end a head that
/// reads as a name and a type (`name (type):Text`, `name :Text`), never a bare word, so
/// `Note:see below` stays prose.
fn google_item(text: &str) -> Option<(Vec<String>, bool, String, &str)> {
    [
        ColonScan::Strict,
        ColonScan::IgnoringTicks,
        ColonScan::Unspaced,
    ]
    .into_iter()
    .find_map(|scan| {
        let colon = head_colon(text, scan)?;
        let head = &text[..colon];
        let plausible = scan == ColonScan::Strict
            || (scan == ColonScan::IgnoringTicks && head.contains('`'))
            || head.trim_end().ends_with(')')
            || head.ends_with(' ');
        plausible.then(|| google_item_at(text, colon)).flatten()
    })
    .or_else(|| forgotten_colon_item(text))
}

/// `crops_coords (`tuple[int]`)` with the colon forgotten: a name and a type alone.
fn forgotten_colon_item(text: &str) -> Option<(Vec<String>, bool, String, &str)> {
    if head_colon(text, ColonScan::Strict).is_some() {
        return None;
    }
    let (name_part, type_raw) = name_and_type(text.trim())?;
    if type_raw.is_empty() {
        return None;
    }
    let (names, starred) = parse_names(name_part)?;
    Some((names, starred, type_raw, ""))
}

/// Parses a Google item whose head ends at `colon`.
fn google_item_at(text: &str, colon: usize) -> Option<(Vec<String>, bool, String, &str)> {
    let head = text[..colon].trim();
    let rest = text[colon + 1..].trim();
    let parts = split_top_level_commas(head);
    if parts.len() > 1 && parts.iter().all(|p| p.contains('(')) {
        // `height (int), width (int): Target size.` documents several names at once.
        let mut names = Vec::new();
        let mut types = Vec::new();
        for part in parts {
            let (name_part, ty) = name_and_type(part.trim())?;
            names.extend(parse_names(name_part)?.0);
            types.push(ty);
        }
        types.dedup();
        return Some((names, false, types.join(" / "), rest));
    }
    let (name_part, type_raw) = name_and_type(head)?;
    let (names, starred) = parse_names(name_part)?;
    // `device: (`torch.device`):` puts the type after the colon.
    if type_raw.is_empty() && rest.starts_with('(') {
        if let Some(close) = matching_paren(rest, 0) {
            let after = rest[close + 1..].trim_start();
            if after.is_empty() || after.starts_with(':') {
                let ty = rest[1..close].to_string();
                let desc = after.trim_start_matches(':').trim();
                return Some((names, starred, ty, desc));
            }
        }
    }
    Some((names, starred, type_raw, rest))
}

fn parse_google_section<'a>(
    lines: &[Line<'a>],
    mut i: usize,
    indent0: usize,
    kind: SectionKind,
    doc: &mut Docstring,
) -> usize {
    let before = doc.entries.len();
    let mut item_indent: Option<usize> = None;
    let mut current: Option<(ParamEntry, Vec<&'a str>)> = None;
    while i < lines.len() {
        let line = lines[i];
        if line.blank() {
            i += 1;
            continue;
        }
        // Items flush with the header (`Args:` then `x (int): …` at the same indent) are a
        // common slip; accept them while each line at that indent still reads as an item.
        let flush = item_indent == Some(indent0)
            || (item_indent.is_none()
                && line.indent == indent0
                && google_header(line.text).is_none()
                && google_item(line.text).is_some());
        if line.indent < indent0
            || (line.indent == indent0
                && (!flush || ANY_HEADER.is_match(line.text) || google_item(line.text).is_none()))
        {
            break;
        }
        let item_level = *item_indent.get_or_insert(line.indent);
        if line.indent <= item_level {
            finish(&mut current, doc);
            if let Some((names, starred, type_raw, first)) = google_item(line.text) {
                let entry = ParamEntry::new(names, starred, &type_raw, i, kind, Style::Google);
                current = Some((entry, vec![first]));
            }
        } else if let Some((_, desc)) = current.as_mut() {
            desc.push(line.text);
        }
        i += 1;
    }
    finish(&mut current, doc);
    mark_section(doc, before, kind, Style::Google);
    i
}

/// Records a parameter section once it produced an entry: a header whose items could not be
/// read (or an empty one) must not turn every parameter into an "undocumented" finding.
fn mark_section(doc: &mut Docstring, before: usize, kind: SectionKind, style: Style) {
    if kind != SectionKind::Attributes && doc.entries.len() > before {
        doc.has_param_section = true;
        doc.style.get_or_insert(style);
    }
}

/// Closes the entry being read: its description is its lines joined, markup stripped.
fn finish(current: &mut Option<(ParamEntry, Vec<&str>)>, doc: &mut Docstring) {
    if let Some((mut entry, desc)) = current.take() {
        entry.description = strip_markup(&desc.join(" "));
        doc.entries.push(entry);
    }
}

/// Parses a NumPy entry head (`x1, x2 : int, optional` or `x`).
fn numpy_item(text: &str) -> Option<(Vec<String>, bool, String)> {
    let (names, type_raw) = match text.find(" : ") {
        Some(at) => (&text[..at], text[at + 3..].to_string()),
        None => match text.strip_suffix(" :") {
            Some(names) => (names, String::new()),
            None => match head_colon(text, ColonScan::Strict) {
                // `x: int` (numpydoc warns, napoleon accepts).
                Some(at) => (&text[..at], text[at + 1..].to_string()),
                None => (text, String::new()),
            },
        },
    };
    let (names, starred) = parse_names(names.trim())?;
    Some((names, starred, type_raw))
}

fn parse_numpy_section<'a>(
    lines: &[Line<'a>],
    mut i: usize,
    indent0: usize,
    kind: SectionKind,
    doc: &mut Docstring,
) -> usize {
    let before = doc.entries.len();
    let mut current: Option<(ParamEntry, Vec<&'a str>)> = None;
    while i < lines.len() {
        let line = lines[i];
        if line.blank() {
            i += 1;
            continue;
        }
        if line.indent < indent0 || numpy_header(lines, i).is_some() || is_any_numpy_title(lines, i)
        {
            break;
        }
        if line.indent == indent0 {
            finish(&mut current, doc);
            if let Some((names, starred, type_raw)) = numpy_item(line.text) {
                current = Some((
                    ParamEntry::new(names, starred, &type_raw, i, kind, Style::Numpy),
                    Vec::new(),
                ));
            }
        } else if let Some((_, desc)) = current.as_mut() {
            desc.push(line.text);
        }
        i += 1;
    }
    finish(&mut current, doc);
    mark_section(doc, before, kind, Style::Numpy);
    i
}

/// Any underlined title (`Returns`, `Notes`…) ends a NumPy section.
fn is_any_numpy_title(lines: &[Line], i: usize) -> bool {
    let Some(under) = lines.get(i + 1) else {
        return false;
    };
    let u = under.text;
    let title = lines[i].text;
    u.len() >= 3
        && !title.is_empty()
        && title.len() <= u.len() + 2
        && (u.chars().all(|c| c == '-') || u.chars().all(|c| c == '='))
}

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^([:@])(param|parameter|arg|argument|key|keyword|kwarg|kwparam)\s+([^:]+?)\s*:(?:\s+(.*))?$",
    )
});
static TYPE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^[:@](?:type|paramtype)\s+\*{0,2}([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")
});

/// Whether a line can be a field ([`FIELD`], [`TYPE_FIELD`]): both patterns are anchored at a
/// leading `:` or `@`, and testing that byte spares every prose line a regex search.
fn starts_a_field(text: &str) -> bool {
    text.starts_with([':', '@'])
}

/// Parses a `:param …:` / `@param …:` field at line `i`; returns the next line to look at.
fn parse_field(lines: &[Line], i: usize, doc: &mut Docstring) -> Option<usize> {
    let line = lines[i];
    if !starts_a_field(line.text) {
        return None;
    }
    let caps = FIELD.captures(line.text)?;
    let style = if &caps[1] == "@" {
        Style::Epytext
    } else {
        Style::Sphinx
    };
    let role = &caps[2];
    let argument = caps[3].trim();
    // Sphinx splits the argument on the last whitespace: `:param dict(str, int) mapping:`.
    let (type_raw, name) = match argument.rsplit_once(char::is_whitespace) {
        Some((ty, name)) => (ty.trim().to_string(), name),
        None => (String::new(), argument),
    };
    let (names, starred) = parse_names(name)?;
    let mut desc = vec![caps.get(4).map_or("", |m| m.as_str())];
    let mut j = i + 1;
    while j < lines.len() {
        let next = lines[j];
        if next.blank()
            || next.indent < line.indent
            || (next.indent == line.indent
                && (next.text.starts_with(':')
                    || next.text.starts_with('@')
                    || next.text.starts_with("..")))
        {
            break;
        }
        desc.push(next.text);
        j += 1;
    }
    let kind = if matches!(role, "key" | "keyword" | "kwarg" | "kwparam") {
        SectionKind::Keyword
    } else {
        SectionKind::Params
    };
    doc.has_param_section = true;
    doc.style.get_or_insert(style);
    doc.entries.push(ParamEntry {
        description: strip_markup(&desc.join(" ")),
        ..ParamEntry::new(names, starred, &type_raw, i, kind, style)
    });
    Some(j)
}

/// Pairs `:type x:` fields with their `:param x:` entries (before or after them).
fn apply_field_types(lines: &[Line], doc: &mut Docstring) {
    // Field entries by name, in order: one lookup per `:type` line, not a scan of every entry.
    let mut fields: HashMap<String, Vec<usize>, foldhash::fast::RandomState> = HashMap::default();
    for (i, entry) in doc.entries.iter().enumerate() {
        if matches!(entry.style, Style::Sphinx | Style::Epytext) {
            for name in &entry.names {
                fields.entry(name.clone()).or_default().push(i);
            }
        }
    }
    if fields.is_empty() {
        return;
    }
    for line in lines.iter().filter(|line| starts_a_field(line.text)) {
        let Some(caps) = TYPE_FIELD.captures(line.text) else {
            continue;
        };
        let candidates = fields.get(&caps[1]).map_or(&[][..], Vec::as_slice);
        let untyped = candidates
            .iter()
            .copied()
            .find(|&i| doc.entries[i].type_text.is_empty());
        if let Some(entry) = untyped.map(|i| &mut doc.entries[i]) {
            let (type_text, optional, default) = split_type(&caps[2]);
            entry.type_text = type_text;
            entry.optional |= optional;
            if entry.default.is_none() {
                entry.default = default;
            }
        }
    }
}

/// `count` pseudo-random strings of fewer than `max_len` characters drawn from `alphabet`, the
/// same on every run: for tests comparing a faster function with the code it replaced.
#[cfg(test)]
pub(crate) fn random_texts(alphabet: &[char], max_len: u32, count: usize) -> Vec<String> {
    let mut seed = 0x2545_f491_u32;
    let mut next = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        seed >> 16
    };
    (0..count)
        .map(|_| {
            let len = next() % max_len;
            (0..len)
                .map(|_| alphabet[next() as usize % alphabet.len()])
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, type, optional, default, description, line) of every entry.
    fn rows(raw: &str) -> Vec<(String, String, bool, Option<String>, String, usize)> {
        parse(raw)
            .entries
            .iter()
            .map(|e| {
                (
                    e.names.join(","),
                    e.type_text.clone(),
                    e.optional,
                    e.default.clone(),
                    e.description.clone(),
                    e.line,
                )
            })
            .collect()
    }

    fn row(
        name: &str,
        ty: &str,
        optional: bool,
        default: Option<&str>,
        desc: &str,
        line: usize,
    ) -> (String, String, bool, Option<String>, String, usize) {
        (
            name.into(),
            ty.into(),
            optional,
            default.map(str::to_string),
            desc.into(),
            line,
        )
    }

    #[test]
    fn google_style_with_types_continuations_and_next_line_descriptions() {
        let doc = "Apply dropout.\n\n    Args:\n        x (Tensor): Input of shape\n            (batch, features).\n        dropout_rate: The dropout rate for regularization.\n        *args: Passed on.\n        **kwargs:\n            Extra options.\n\n    Returns:\n        Tensor: the output.\n    ";
        assert_eq!(
            rows(doc),
            vec![
                row(
                    "x",
                    "Tensor",
                    false,
                    None,
                    "Input of shape (batch, features).",
                    3
                ),
                row(
                    "dropout_rate",
                    "",
                    false,
                    None,
                    "The dropout rate for regularization.",
                    5
                ),
                row("args", "", false, None, "Passed on.", 6),
                row("kwargs", "", false, None, "Extra options.", 7),
            ]
        );
        let parsed = parse(doc);
        assert!(parsed.has_param_section);
        assert_eq!(parsed.style, Some(Style::Google));
        assert!(parsed.entries[2].starred);
    }

    #[test]
    fn hugging_face_variant() {
        let doc = r#"
    The UNet.

    Parameters:
        sample (`torch.Tensor` of shape `(batch_size, num_channels, height, width)`):
            The noisy input tensor.
        timestep (`torch.Tensor` or `float` or `int`): The number of timesteps to denoise an input.
        dropout (`float`, *optional*, defaults to 0.0):
            The dropout probability to use.
        > Parameters that control the output

        cross_attention_kwargs (`dict`, *optional*):
            A kwargs dictionary that if specified is passed along to the [`AttentionProcessor`].
        kwargs (`Dict[str, Any]`, *optional*): Unused.
    "#;
        assert_eq!(
            rows(doc),
            vec![
                row(
                    "sample",
                    "torch.Tensor of shape (batch_size, num_channels, height, width)",
                    false,
                    None,
                    "The noisy input tensor.",
                    4
                ),
                row(
                    "timestep",
                    "torch.Tensor or float or int",
                    false,
                    None,
                    "The number of timesteps to denoise an input.",
                    6
                ),
                row(
                    "dropout",
                    "float",
                    true,
                    Some("0.0"),
                    "The dropout probability to use.",
                    7
                ),
                row(
                    "cross_attention_kwargs",
                    "dict",
                    true,
                    None,
                    "A kwargs dictionary that if specified is passed along to the AttentionProcessor.",
                    11
                ),
                row("kwargs", "Dict[str, Any]", true, None, "Unused.", 13),
            ]
        );
    }

    #[test]
    fn numpy_style_with_shared_entries_and_sklearn_types() {
        let doc = "Fit.\n\n    Parameters\n    ----------\n    X : array-like of shape (n_samples, n_features)\n        Training data.\n    x1, x2 : int, optional\n        Bounds.\n    random_state : int, RandomState instance or None, default=None\n        Controls the shuffling.\n    verbose\n        Chatty.\n\n    Returns\n    -------\n    self : object\n    ";
        assert_eq!(
            rows(doc),
            vec![
                row(
                    "X",
                    "array-like of shape (n_samples, n_features)",
                    false,
                    None,
                    "Training data.",
                    4
                ),
                row("x1,x2", "int", true, None, "Bounds.", 6),
                row(
                    "random_state",
                    "int, RandomState instance or None",
                    false,
                    Some("None"),
                    "Controls the shuffling.",
                    8
                ),
                row("verbose", "", false, None, "Chatty.", 10),
            ]
        );
        assert_eq!(parse(doc).style, Some(Style::Numpy));
    }

    #[test]
    fn sphinx_and_epytext_fields() {
        let doc = "Scale.\n\n    :param x: the input\n        continued here\n    :param float factor: Multiplies x.\n    :type x: Tensor\n    :keyword mode: How.\n    :returns: y\n    ";
        assert_eq!(
            rows(doc),
            vec![
                row("x", "Tensor", false, None, "the input continued here", 2),
                row("factor", "float", false, None, "Multiplies x.", 4),
                row("mode", "", false, None, "How.", 6),
            ]
        );
        assert_eq!(parse(doc).style, Some(Style::Sphinx));
        let epy =
            "Do.\n\n@param rate: Probability of dropping.\n@type rate: float\n@return: nothing\n";
        assert_eq!(
            rows(epy),
            vec![row(
                "rate",
                "float",
                false,
                None,
                "Probability of dropping.",
                2
            )]
        );
        assert_eq!(parse(epy).style, Some(Style::Epytext));
    }

    #[test]
    fn prose_and_other_sections_are_not_entries() {
        for doc in [
            "Just a summary line.",
            "Summary.\n\n    Returns:\n        x: a thing.\n",
            "Summary.\n\n    Example:\n        foo(x=1): bar\n",
            "Summary.\n\n    Args:\n        This function takes no real args: it is odd.\n",
            "Summary.\n\n    Shape:\n        - Input: (N, C)\n",
        ] {
            assert!(parse(doc).entries.is_empty(), "{doc}");
        }
        let parsed = parse("Summary.\n\n    Attributes:\n        size: How big.\n");
        assert!(!parsed.has_param_section);
        assert_eq!(parsed.entries[0].kind, SectionKind::Attributes);
    }

    #[test]
    fn colons_without_a_space_and_unbalanced_backticks() {
        let doc = "Run.\n\n    Args:\n        module (`Module`):The wrapped module.\n        output_shape :The output shape.\n        control_mode (`int` or `list[int]` or `list[list[int]], *optional*):\n            The control type.\n        controlnet ([`ControlNetUnionModel`]`):\n            The controlnet.\n        Note:see below, not an entry.\n    ";
        assert_eq!(
            rows(doc),
            vec![
                row("module", "Module", false, None, "The wrapped module.", 3),
                row("output_shape", "", false, None, "The output shape.", 4),
                row(
                    "control_mode",
                    "int or list[int] or list[list[int]]",
                    true,
                    None,
                    "The control type.",
                    5
                ),
                row(
                    "controlnet",
                    "[ControlNetUnionModel]",
                    false,
                    None,
                    "The controlnet.",
                    7
                ),
            ]
        );
    }

    #[test]
    fn the_delegation_gate_finds_its_words_in_any_case() {
        assert!(mentions_any("SEE `X` for details", DEFERS_WORDS));
        assert!(mentions_any("All Other arguments", OTHERS_DEFERRED_WORDS));
        assert!(!mentions_any("The learning rate.", DEFERS_WORDS));
    }

    #[test]
    fn delegation_in_prose_or_the_kwargs_entry_not_in_one_entry() {
        let delegates = |raw: &str| parse(raw).delegates;
        assert!(delegates("Load weights. See [`~loaders.X.load_lora_weights`] for more details.\n\n    Args:\n        a: The first.\n    "));
        assert!(delegates("Run.\n\n    Args:\n        a: The first.\n        kwargs: See [`X.run`] for the other arguments.\n    "));
        assert!(delegates(
            "Run.\n\n    Args:\n        a: The first. All other arguments follow `X.run`.\n    "
        ));
        assert!(!delegates(
            "Run.\n\n    Args:\n        a: Same as in `X.run`.\n    "
        ));
        assert!(!delegates(
            "Run.\n\n    Args:\n        mode: The mode; see `Modes` for details.\n    "
        ));
    }

    #[test]
    fn items_flush_with_the_header_and_forgotten_colons() {
        let doc = "RoPE.\n\n    Args:\n    embed_dim: (`int`):\n        The embedding size\n    crops_coords (`tuple[int]`)\n        The crop corners.\n    grid_size (`tuple[int]`):\n        The grid size.\n\n    Returns:\n        `torch.Tensor`: embedding.\n    ";
        assert_eq!(
            rows(doc),
            vec![
                row("embed_dim", "int", false, None, "The embedding size", 3),
                row(
                    "crops_coords",
                    "tuple[int]",
                    false,
                    None,
                    "The crop corners.",
                    5
                ),
                row("grid_size", "tuple[int]", false, None, "The grid size.", 7),
            ]
        );
    }

    #[test]
    fn unreadable_sections_are_not_parameter_sections() {
        for doc in [
            "S.\n\nArgs:\nThis is prose, not an item of the section\n",
            "S.\n\n    Args:\n        This function takes no real args: it is odd.\n",
            "S.\n\n    Parameters\n    ----------\n\n    Returns\n    -------\n    int\n",
        ] {
            assert!(!parse(doc).has_param_section, "{doc}");
        }
    }

    #[test]
    fn entry_lookup_finds_the_first_entry_of_a_name_and_sphinx_types_pair_in_order() {
        let doc = "S.\n\n    Args:\n        a: first.\n        b, c: both.\n        a: again.\n";
        let parsed = parse(doc);
        assert_eq!(
            parsed.entry("a").map(|e| e.description.as_str()),
            Some("first.")
        );
        assert_eq!(
            parsed.entry("**c").map(|e| e.line),
            parsed.entry("b").map(|e| e.line)
        );
        assert!(parsed.entry("d").is_none());
        let sphinx = ":param x: one.\n:param x: two.\n:type x: int\n:type x: str\n";
        let types: Vec<String> = parse(sphinx)
            .entries
            .into_iter()
            .map(|e| e.type_text)
            .collect();
        assert_eq!(types, ["int", "str"]);
    }

    #[test]
    fn keyword_and_empty_descriptions() {
        let doc = "S.\n\n    Args:\n        a (int):\n        b: fine.\n\n    Keyword Args:\n        c: more.\n";
        let parsed = parse(doc);
        assert_eq!(parsed.entries[0].description, "");
        assert_eq!(parsed.entries[1].description, "fine.");
        assert_eq!(parsed.entries[2].kind, SectionKind::Keyword);
        assert!(parsed.entry("*c").is_some());
    }

    #[test]
    fn several_typed_names_in_one_item() {
        assert_eq!(
            rows("S.\n\n    Args:\n        height (`int`), width (`int`): Target size.\n"),
            vec![row("height,width", "int", false, None, "Target size.", 3)]
        );
    }

    #[test]
    fn type_written_after_the_colon() {
        assert_eq!(
            rows("S.\n\n    Args:\n        device: (`torch.device`):\n            torch device\n"),
            vec![row(
                "device",
                "torch.device",
                false,
                None,
                "torch device",
                3
            )]
        );
    }

    #[test]
    fn hostile_text_never_panics() {
        for doc in [
            "",
            "\n\n\n",
            "Args:",
            "Args:\n",
            "S.\n\tArgs:\n\t\tx (int: unclosed\n\t\ty (`a)`): ok\n",
            "S.\n    Args:\n        é (ü): ñ\n        名前: 説明\n",
            "Parameters\n---\nx : int\n",
            ":param: \n:param x\n:type :\n@param :",
            "S.\n    Args:\n        x ((((((: deep\n        y )))): z\n",
        ] {
            let _ = parse(doc);
        }
        assert_eq!(
            parse("Parameters\n---\nx : int\n    Doc.\n").entries.len(),
            1
        );
    }

    /// The markup stripping as first written: four passes and three regex searches always.
    fn strip_markup_reference(text: &str) -> String {
        let text = ROLE.replace_all(text, "`");
        let text = HF_LINK.replace_all(&text, "$1");
        let text = EMPHASIS.replace_all(&text, "$1");
        let text = text.replace("`~", "`").replace('`', "");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn markup_stripping_matches_the_four_pass_reference() {
        for text in [
            "",
            "   ",
            "a `` b",
            "``~x",
            "`~~x",
            "~`x`~",
            "` `",
            "x\u{b}y\u{a0}z\u{2003}w",
            ":class:`~torch.nn.Module` **bold** *it*",
            "[`Pipe`] [`a` b] ** * `*x*`",
            "se`e `~ ~` :a:b:`c` :`",
        ] {
            assert_eq!(strip_markup(text), strip_markup_reference(text), "{text:?}");
        }
        // Random short strings over the characters the passes treat specially.
        let alphabet = [
            '`', '~', '*', ':', '[', ']', 'a', 'B', ' ', '\n', '\u{b}', '\u{a0}', 'é',
        ];
        for text in random_texts(&alphabet, 12, 20_000) {
            assert_eq!(
                strip_markup(&text),
                strip_markup_reference(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn identifiers_and_default_prefixes() {
        for (text, ident) in [
            ("x", true),
            ("_x1", true),
            ("X_Y", true),
            ("1x", false),
            ("", false),
            ("x-y", false),
            ("é", false),
            ("x y", false),
        ] {
            assert_eq!(is_identifier(text), ident, "{text:?}");
        }
        for part in [
            "Defaults to 3",
            "default=None",
            "BY DEFAULT 0",
            "by default",
        ] {
            assert!(
                starts_with_ignoring_ascii_case(part, "default")
                    || starts_with_ignoring_ascii_case(part, "by default"),
                "{part}"
            );
        }
        assert_eq!(
            default_value(" defaults to `0.1`. "),
            Some("`0.1`".to_string())
        );
        assert_eq!(default_value("by defaultx"), Some("x".to_string()));
        assert_eq!(default_value("the default"), None);
        assert!(!starts_with_ignoring_ascii_case("de", "default"));
    }

    #[test]
    fn markup_is_stripped() {
        assert_eq!(
            strip_markup("See :class:`~torch.nn.Module` and [`Pipe`], *optional*  text"),
            "See torch.nn.Module and Pipe, optional text"
        );
    }
}
