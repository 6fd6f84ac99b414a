//! Shell text as claw-lint reads it, never runs it: logical lines, word and command splitting,
//! prompt stripping and the wrappers (`uv run`, `conda run -n X`, `sudo`) around the real
//! program. CI jobs, contributing guides, scripts and Makefile recipes all use it.

use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;

/// Joins backslash continuations and drops comment lines, so a command split over lines
/// (`python -m coverage run \` / `-m pytest`) is seen whole.
pub fn logical_lines(script: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for raw in script.lines() {
        let trimmed = raw.trim();
        if current.is_empty() && trimmed.starts_with('#') {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        if !current.trim().is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current.clear();
    }
    if !current.trim().is_empty() {
        lines.push(current);
    }
    lines
}

/// A command collapsed to one line of at most 120 characters, for messages.
pub fn one_line(line: &str) -> String {
    let collapsed: Vec<&str> = line.split_whitespace().collect();
    let mut text = collapsed.join(" ");
    if text.chars().count() > 120 {
        text = text.chars().take(117).collect::<String>() + "...";
    }
    text
}

/// Splits a line into simple commands of words the way a shell reads it at the top level:
/// `&&`, `||`, `;`, `|`, `&`, parentheses, `$(`, backticks and `{ }` groups separate commands
/// only outside quotes; quotes are removed from words; a `#` starting a word begins a comment.
/// So `echo "run pytest"` and `BODY="\`pytest\` failed"` stay single harmless commands.
pub fn commands(line: &str) -> Vec<Vec<String>> {
    // CI expressions (`${{ env.SCOPE }}`) are one word, not a shell group.
    static EXPR: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"\$\{\{[^}]*\}\}"));
    let line = EXPR.replace_all(line, "CI_EXPRESSION");
    let mut lexer = Lexer::default();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = lexer.quote {
            match c {
                _ if c == q => lexer.quote = None,
                '\\' if q == '"' => lexer.word.extend(chars.next()),
                _ => lexer.word.push(c),
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                lexer.quote = Some(c);
                lexer.in_word = true;
            }
            '\\' => {
                lexer.word.extend(chars.next());
                lexer.in_word = true;
            }
            '#' if !lexer.in_word => break,
            ';' | '|' | '&' | '(' | ')' | '`' => lexer.end_command(),
            '$' if chars.peek() == Some(&'(') => {
                chars.next();
                lexer.end_command();
            }
            c if c.is_whitespace() => lexer.end_word(),
            c => {
                lexer.word.push(c);
                lexer.in_word = true;
            }
        }
    }
    lexer.end_command();
    lexer.commands
}

#[derive(Default)]
struct Lexer {
    commands: Vec<Vec<String>>,
    words: Vec<String>,
    word: String,
    in_word: bool,
    quote: Option<char>,
}

impl Lexer {
    fn end_word(&mut self) {
        if self.in_word {
            let word = std::mem::take(&mut self.word);
            if word == "{" || word == "}" {
                // A brace group's braces separate commands like `;` does.
                self.in_word = false;
                self.end_command();
                return;
            }
            self.words.push(word);
        }
        self.in_word = false;
    }

    fn end_command(&mut self) {
        self.end_word();
        if !self.words.is_empty() {
            self.commands.push(std::mem::take(&mut self.words));
        }
    }
}

/// Drops what only wraps the real command: `VAR=1`, `sudo`, `time`, `timeout 10m`,
/// `xvfb-run -a`, `uv run`, `poetry run`, `conda run -n env`, `uvx`, `pipx run`,
/// `python -m`…
pub fn strip_wrappers(words: &[String]) -> &[String] {
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        if is_assignment(w) {
            i += 1;
            continue;
        }
        match w {
            // `%` and `!` start a notebook cell's shell escape (`%pip install`, `!pytest`).
            "sudo" | "time" | "nohup" | "exec" | "command" | "catchsegv" | "then" | "do"
            | "else" | "!" | "%" => i += 1,
            // `python -m pytest` runs the module's command line, as `pytest` would.
            _ if is_python(w) && next == Some("-m") => i += 2,
            "env" => {
                i += 1;
                while i < words.len() && (words[i].starts_with('-') || is_assignment(&words[i])) {
                    i += 1;
                }
            }
            "timeout" => {
                i += 1;
                while i < words.len() && words[i].starts_with('-') {
                    i += 1;
                }
                i += 1;
            }
            "xvfb-run" => {
                i += 1;
                while i < words.len() && words[i].starts_with('-') {
                    i += 1;
                }
            }
            "uv" | "poetry" | "pdm" | "pipenv" | "rye" | "pixi" | "conda" | "mamba"
            | "micromamba"
                if next == Some("run") =>
            {
                i = skip_options(words, i + 2);
            }
            // Tool runners: `uvx pytest` and `pipx run pytest` run the tool named next, as
            // installed from its package.
            "uvx" => i = skip_options(words, i + 1),
            "pipx" if next == Some("run") => i = skip_options(words, i + 2),
            _ => break,
        }
    }
    &words[i.min(words.len())..]
}

/// The index of the first word from `i` on that is not an option of a runner (`uv run`,
/// `conda run`, `uvx`), skipping the value of options that take one (`-n env`, `--extra dev`).
fn skip_options(words: &[String], mut i: usize) -> usize {
    while i < words.len() && words[i].starts_with('-') {
        let takes_value = matches!(
            words[i].as_str(),
            "-n" | "--name"
                | "-p"
                | "--prefix"
                | "--with"
                | "--python"
                | "-e"
                | "--env"
                | "--extra"
                | "--group"
                | "--from"
                | "--spec"
        );
        i += if takes_value { 2 } else { 1 };
    }
    i
}

/// Whether a command's program is a Python interpreter (`python`, `python3.11`, `pypy3`, `py`).
pub fn is_python(program: &str) -> bool {
    static PY: LazyLock<Regex> =
        LazyLock::new(|| builtin_regex(r"^(python|pypy)[0-9.]*(\.exe)?$|^py$"));
    let name = program.rsplit('/').next().unwrap_or(program);
    PY.is_match(&name.to_ascii_lowercase())
}

/// Whether a word is a shell variable assignment (`FOO=1`).
pub fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// A line without its shell prompt (`$ `, `% `, `(venv) $ `), if it had one.
pub fn prompt_stripped(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = if t.starts_with('(') {
        t.split_once(") ").map_or(t, |(_, r)| r.trim_start())
    } else {
        t
    };
    t.strip_prefix("$ ").or_else(|| t.strip_prefix("% "))
}
