//! What a repository's own tooling defines, read textually: Makefile targets, tox environments,
//! nox sessions, package extras and npm scripts. `stale-contributing-command` compares the
//! guide's commands against these.
//!
//! Nothing is executed or imported: `noxfile.py` and `setup.py` are scanned as text. Whenever the
//! definition is computed rather than written out (a pattern rule, an included makefile that is
//! not in the tree, extras built in a loop), the answer is [`Known::Open`]: anything may exist,
//! and the rule stays silent rather than guess.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use crate::analysis::paths::in_dir;
use crate::analysis::toml_doc::TomlDoc;
use crate::index::RepoIndex;

/// What a repository defines under some name space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Known {
    /// No definition file at all (no Makefile, no tox config…): the file named is what was looked for.
    Absent(String),
    /// Exactly these names, read from this file.
    Names(BTreeSet<String>, String),
    /// Names are computed or partly unreadable: anything may exist.
    Open,
}

impl Known {
    /// Whether `name` may exist.
    pub fn allows(&self, name: &str) -> bool {
        match self {
            Known::Absent(_) => false,
            Known::Names(names, _) => names.contains(name),
            Known::Open => true,
        }
    }
}

/// Stands for "some environments could not be listed" inside a set of tox env names.
const UNLISTED: &str = "*";

/// Most names a brace expression may expand to before the list is treated as open (a hostile
/// `tox.ini` with thirty brace groups must not expand to a billion names).
const MAX_EXPANSION: usize = 512;

/// Expands tox-style brace factors: `py{39,310}-{a,b}` → `py39-a`, `py39-b`, …; too many
/// combinations yield [`UNLISTED`].
fn expand_braces(text: &str) -> Vec<String> {
    let mut product: usize = 1;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        product = product.saturating_mul(rest[open + 1..close].split(',').count());
        rest = &rest[close + 1..];
    }
    if product > MAX_EXPANSION {
        return vec![UNLISTED.to_string()];
    }
    expand_all(text)
}

fn expand_all(text: &str) -> Vec<String> {
    let Some(open) = text.find('{') else {
        return vec![text.to_string()];
    };
    let Some(close) = text[open..].find('}').map(|i| open + i) else {
        return vec![text.to_string()];
    };
    let (head, tail) = (&text[..open], &text[close + 1..]);
    text[open + 1..close]
        .split(',')
        .flat_map(|alt| expand_all(&format!("{head}{}{tail}", alt.trim())))
        .collect()
}

/// Splits an `envlist` value (commas or newlines, braces kept together).
fn split_env_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in value.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth == 0 && (c == ',' || c == '\n') {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    items.push(current);
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .flat_map(expand_braces)
        .collect()
}

/// tox environments from an INI text (`tox.ini`, `setup.cfg`'s `[tox:tox]`, `legacy_tox_ini`).
fn tox_ini_envs(text: &str, envs: &mut BTreeSet<String>) -> bool {
    let mut section = String::new();
    let mut found = false;
    let mut list_key = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            section = trimmed[1..trimmed.len() - 1].trim().to_string();
            list_key = false;
            if let Some(name) = section.strip_prefix("testenv:") {
                envs.extend(expand_braces(name.trim()));
                found = true;
            }
            if section == "tox" || section == "tox:tox" || section == "testenv" {
                found = true;
            }
            continue;
        }
        if section != "tox" && section != "tox:tox" {
            continue;
        }
        if let Some((key, value)) = trimmed.split_once('=') {
            if !line.starts_with([' ', '\t']) {
                list_key = matches!(key.trim(), "envlist" | "env_list");
                if list_key {
                    envs.extend(split_env_list(value));
                }
                continue;
            }
        }
        if list_key && line.starts_with([' ', '\t']) {
            envs.extend(split_env_list(trimmed));
        }
    }
    found
}

/// tox environments: `tox.ini`, `tox.toml`, `[tool.tox]` in `pyproject.toml`, `[tox:tox]` in
/// `setup.cfg`.
pub fn tox_envs(index: &RepoIndex, dir: &str) -> Known {
    let mut envs = BTreeSet::new();
    let mut sources = Vec::new();
    if let Some(text) = index.text(&in_dir(dir, "tox.ini")) {
        tox_ini_envs(text, &mut envs);
        sources.push("tox.ini");
    }
    for (file, prefix) in [
        ("tox.toml", &[][..]),
        ("pyproject.toml", &["tool", "tox"][..]),
    ] {
        let Some(table) = index
            .text(&in_dir(dir, file))
            .and_then(|t| t.parse::<toml::Table>().ok())
        else {
            continue;
        };
        let mut value = Some(&table);
        for key in prefix {
            value = value.and_then(|t| t.get(*key)).and_then(|v| v.as_table());
        }
        let Some(tox) = value else { continue };
        if file == "tox.toml" || !tox.is_empty() {
            sources.push(file);
        }
        if let Some(ini) = tox.get("legacy_tox_ini").and_then(|v| v.as_str()) {
            tox_ini_envs(ini, &mut envs);
        }
        for key in ["env_list", "envlist"] {
            if let Some(list) = tox.get(key).and_then(|v| v.as_array()) {
                envs.extend(
                    list.iter()
                        .filter_map(|v| v.as_str())
                        .flat_map(expand_braces),
                );
            }
        }
        if let Some(env) = tox.get("env").and_then(|v| v.as_table()) {
            envs.extend(env.keys().cloned());
        }
    }
    if let Some(text) = index.text(&in_dir(dir, "setup.cfg")) {
        if text.contains("[tox:tox]") {
            tox_ini_envs(text, &mut envs);
            sources.push("setup.cfg");
        }
    }
    if sources.is_empty() {
        return Known::Absent("tox.ini".to_string());
    }
    if envs.contains(UNLISTED) {
        return Known::Open;
    }
    Known::Names(envs, sources.join(", "))
}

/// Whether tox would create `env` even if not listed: `py311`, `pypy3`, or a combination of
/// factors each of which appears in some defined environment (`py311-lint` from `py311`, `lint`).
pub fn tox_env_exists(known: &Known, env: &str) -> bool {
    static DEFAULT_ENV: LazyLock<Regex> =
        LazyLock::new(|| builtin_regex(r"^(py|pypy)(\d+(\.\d+)?)?t?$"));
    if known.allows(env) {
        return true;
    }
    let Known::Names(envs, _) = known else {
        return false;
    };
    let factors: BTreeSet<&str> = envs.iter().flat_map(|e| e.split('-')).collect();
    env.split('-')
        .all(|f| DEFAULT_ENV.is_match(f) || factors.contains(f))
}

/// `@nox.session` (optionally with arguments and further decorators) followed by `def name`.
static NOX_SESSION: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?m)^[ \t]*@(?:nox\.)?session\b(\([^)]*\))?[^\n]*\n(?:[ \t]*@[^\n]*\n)*[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)",
    )
});
static NOX_NAME_ARG: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r#"\bname\s*=\s*["']([^"']+)["']"#));

/// nox sessions of `noxfile.py`, found textually (the file is never run).
pub fn nox_sessions(index: &RepoIndex, dir: &str) -> Known {
    let path = in_dir(dir, "noxfile.py");
    let Some(text) = index.text(&path) else {
        return Known::Absent(path);
    };
    let mut sessions = BTreeSet::new();
    for caps in NOX_SESSION.captures_iter(text) {
        let named = caps
            .get(1)
            .and_then(|args| NOX_NAME_ARG.captures(args.as_str()))
            .and_then(|c| c.get(1));
        match (named, caps.get(2)) {
            (Some(name), _) | (None, Some(name)) => {
                sessions.insert(name.as_str().to_string());
            }
            _ => {}
        }
    }
    // Sessions registered by calling `nox.session(func)` or built in loops cannot be listed.
    let registered_by_call =
        text.matches("nox.session(").count() > text.matches("@nox.session(").count();
    if sessions.is_empty() || registered_by_call {
        return Known::Open;
    }
    Known::Names(sessions, path)
}

/// Whether `nox -s NAME` would find a session: exact, or a parametrised / per-Python variant
/// (`tests-3.11`, `tests(django='4')`).
pub fn nox_session_exists(known: &Known, name: &str) -> bool {
    if known.allows(name) {
        return true;
    }
    let Known::Names(sessions, _) = known else {
        return false;
    };
    let base = name.split(['(', '-']).next().unwrap_or(name);
    sessions.contains(base)
        || sessions
            .iter()
            .any(|s| name.starts_with(&format!("{s}-")) || name.starts_with(&format!("{s}(")))
}

/// PEP 685 normalisation of extra names.
pub fn normalise_extra(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = c.to_ascii_lowercase();
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    out
}

static SETUP_PY_SUBSCRIPT: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r#"(?m)^\s*(\w+)\[\s*["']([\w.-]+)["']\s*\]\s*="#));
static DICT_KEY: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r#"["']([\w.-]+)["']\s*:"#));
static EXTRAS_ARG: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"extras_require\s*=\s*(\{|\w+)"));

/// The extras a `setup.py` declares, read as text; `None` when they are computed.
fn setup_py_extras(text: &str) -> Option<BTreeSet<String>> {
    let caps = EXTRAS_ARG.captures(text)?;
    let arg = caps.get(1)?;
    let mut extras = BTreeSet::new();
    if arg.as_str() == "{" {
        let body = balanced_braces(&text[arg.start()..])?;
        if body.contains("**") || body.contains(" for ") {
            return None;
        }
        extras.extend(
            DICT_KEY
                .captures_iter(body)
                .filter_map(|c| Some(c.get(1)?.as_str().to_string())),
        );
    } else {
        let var = arg.as_str();
        if let Some(m) = dict_literal_start(text, var) {
            let body = balanced_braces(&text[m..])?;
            if body.contains("**") || body.contains(" for ") {
                return None;
            }
            extras.extend(
                DICT_KEY
                    .captures_iter(body)
                    .filter_map(|c| Some(c.get(1)?.as_str().to_string())),
            );
        }
        for c in SETUP_PY_SUBSCRIPT.captures_iter(text) {
            if c.get(1).is_some_and(|v| v.as_str() == var) {
                extras.extend(c.get(2).map(|m| m.as_str().to_string()));
            }
        }
        if text.contains(&format!("{var}.update(")) || text.contains(&format!("{var}.setdefault("))
        {
            return None;
        }
    }
    if extras.is_empty() {
        None
    } else {
        Some(extras)
    }
}

/// The offset of the `{` in a line `VAR = {` or `VAR: dict[...] = {` (the dict literal that
/// `extras_require=VAR` refers to).
fn dict_literal_start(text: &str, var: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix(var) else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix(':') {
            Some(annotated) => annotated.split_once('=').map_or("", |(_, r)| r),
            None => match rest.strip_prefix('=') {
                Some(r) if !r.starts_with('=') => r,
                _ => continue,
            },
        };
        if rest.trim_start().starts_with('{') {
            let brace = line.len() - rest.trim_start().len();
            return Some(start + brace);
        }
    }
    None
}

/// The text between a `{` at the start of `text` and its matching `}`.
fn balanced_braces(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&text[1..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The extras (`pip install ".[dev]"`) of the package in `dir`, PEP 685-normalised, from
/// `pyproject.toml`, `setup.cfg` and `setup.py`.
pub fn package_extras(index: &RepoIndex, dir: &str) -> Known {
    let mut extras = BTreeSet::new();
    let mut sources = Vec::new();
    let mut open = false;
    let pyproject = in_dir(dir, "pyproject.toml");
    let parsed = index.artifact::<TomlDoc>(&pyproject);
    if let Some(table) = parsed.as_deref().and_then(TomlDoc::table) {
        if let Some(project) = table.get("project").and_then(|v| v.as_table()) {
            sources.push("pyproject.toml");
            let dynamic = project
                .get("dynamic")
                .and_then(|v| v.as_array())
                .is_some_and(|d| {
                    d.iter()
                        .any(|v| v.as_str() == Some("optional-dependencies"))
                });
            open |= dynamic;
            if let Some(opt) = project
                .get("optional-dependencies")
                .and_then(|v| v.as_table())
            {
                extras.extend(opt.keys().map(|k| normalise_extra(k)));
            }
        }
        let poetry = table
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|v| v.as_table());
        if let Some(poetry) = poetry {
            sources.push("pyproject.toml");
            if let Some(ex) = poetry.get("extras").and_then(|v| v.as_table()) {
                extras.extend(ex.keys().map(|k| normalise_extra(k)));
            }
        }
    } else if index.has_file(&pyproject) {
        open = true;
    }
    let setup_cfg = in_dir(dir, "setup.cfg");
    if let Some(text) = index.text(&setup_cfg) {
        let mut in_section = false;
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with('[') {
                in_section = trimmed == "[options.extras_require]";
                if in_section {
                    sources.push("setup.cfg");
                }
                continue;
            }
            if in_section && !line.starts_with([' ', '\t']) {
                if let Some((key, _)) = trimmed.split_once('=') {
                    extras.insert(normalise_extra(key));
                }
            }
        }
    }
    let setup_py = in_dir(dir, "setup.py");
    if let Some(text) = index.text(&setup_py) {
        if text.contains("extras_require") {
            match setup_py_extras(text) {
                Some(found) => {
                    extras.extend(found.iter().map(|k| normalise_extra(k)));
                    sources.push("setup.py");
                }
                None => open = true,
            }
        } else if !sources.contains(&"setup.cfg") {
            // setup.py may compute its metadata in helper modules (pytorch-lightning does):
            // without a literal `extras_require` and without setup.cfg, the extras are unknown.
            open = true;
        }
    }
    sources.dedup();
    if open {
        return Known::Open;
    }
    if sources.is_empty() {
        return Known::Open;
    }
    Known::Names(extras, sources.join(", "))
}

/// npm scripts of `package.json` in `dir`.
pub fn npm_scripts(index: &RepoIndex, dir: &str) -> Known {
    let path = in_dir(dir, "package.json");
    let Some(text) = index.text(&path) else {
        return Known::Absent(path);
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return Known::Open;
    };
    let scripts = json
        .get("scripts")
        .and_then(|s| s.as_object())
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    Known::Names(scripts, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(known: Known) -> Vec<String> {
        match known {
            Known::Names(n, _) => n.into_iter().collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn tox_envs_from_ini_toml_and_pyproject() {
        let index = RepoIndex::from_files(&[
            ("tox.ini", "[tox]\nenvlist = py{39,310}-{unit,integ}, lint\n    docs\n[testenv:type]\ncommands = mypy\n"),
            ("a/pyproject.toml", "[tool.tox]\nenv_list = [\"lint\"]\n[tool.tox.env.docs]\ncommands = []\n"),
            ("b/pyproject.toml", "[tool.tox]\nlegacy_tox_ini = \"\"\"\n[tox]\nenvlist = fmt\n\"\"\"\n"),
        ]);
        let root = tox_envs(&index, "");
        assert!(["py39-unit", "py310-integ", "lint", "docs", "type"]
            .iter()
            .all(|e| root.allows(e)));
        assert!(tox_env_exists(&root, "py312") && tox_env_exists(&root, "py311-unit"));
        assert!(!tox_env_exists(&root, "format"));
        assert_eq!(names(tox_envs(&index, "a")), ["docs", "lint"]);
        assert_eq!(names(tox_envs(&index, "b")), ["fmt"]);
        assert!(matches!(tox_envs(&index, "c"), Known::Absent(_)));
    }

    #[test]
    fn hostile_brace_lists_do_not_explode() {
        let envs = "{a,b,c,d}-".repeat(30);
        let index = RepoIndex::from_files(&[("tox.ini", &format!("[tox]\nenvlist = {envs}\n"))]);
        assert_eq!(tox_envs(&index, ""), Known::Open);
    }

    #[test]
    fn nox_sessions_are_read_not_run() {
        let index = RepoIndex::from_files(&[(
            "noxfile.py",
            "import nox\n\n@nox.session\ndef lint(session):\n    pass\n\n@nox.session(python=[\"3.10\", \"3.11\"])\n@nox.parametrize(\"x\", [1])\ndef tests(session, x):\n    pass\n\n@nox.session(name=\"docs-build\")\ndef docs(session):\n    pass\n",
        )]);
        let known = nox_sessions(&index, "");
        assert_eq!(names(known.clone()), ["docs-build", "lint", "tests"]);
        assert!(nox_session_exists(&known, "tests-3.11"));
        assert!(!nox_session_exists(&known, "docs"));
    }

    #[test]
    fn extras_from_every_packaging_file() {
        let index = RepoIndex::from_files(&[
            ("pyproject.toml", "[project]\nname = \"m\"\n[project.optional-dependencies]\nDev_Tools = [\"ruff\"]\n"),
            ("a/setup.cfg", "[metadata]\nname = m\n[options.extras_require]\ntest =\n    pytest\ndocs = sphinx\n"),
            ("b/setup.py", "extras = {}\nextras[\"quality\"] = [\"ruff\"]\nextras[\"test\"] = [\"pytest\"]\nsetup(name=\"m\", extras_require=extras)\n"),
            ("c/setup.py", "setup(name='m', extras_require={'dev': ['x'], 'all': ['y']})\n"),
            ("g/setup.py", "EXTRAS: dict[str, list] = {\n    'vision': ['pillow'],\n}\nif EXTRAS == {}:\n    pass\nsetup(name='m', extras_require=EXTRAS)\n"),
            ("d/setup.py", "setup(name='m', extras_require=load_extras())\n"),
            ("e/pyproject.toml", "[project]\nname = \"m\"\ndynamic = [\"optional-dependencies\"]\n"),
        ]);
        assert_eq!(names(package_extras(&index, "")), ["dev-tools"]);
        assert_eq!(names(package_extras(&index, "a")), ["docs", "test"]);
        assert_eq!(names(package_extras(&index, "b")), ["quality", "test"]);
        assert_eq!(names(package_extras(&index, "c")), ["all", "dev"]);
        assert_eq!(names(package_extras(&index, "g")), ["vision"]);
        assert_eq!(package_extras(&index, "d"), Known::Open);
        assert_eq!(package_extras(&index, "e"), Known::Open);
        assert_eq!(package_extras(&index, "f"), Known::Open);
    }

    #[test]
    fn npm_scripts_from_package_json() {
        let index = RepoIndex::from_files(&[
            ("package.json", "{\"scripts\": {\"build\": \"tsc\"}}"),
            ("x/package.json", "{oops"),
        ]);
        assert_eq!(names(npm_scripts(&index, "")), ["build"]);
        assert_eq!(npm_scripts(&index, "x"), Known::Open);
    }
}
