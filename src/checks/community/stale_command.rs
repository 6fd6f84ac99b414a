//! `stale-command`: commands in the contributing guide (code blocks and inline code) that refer to
//! something the repository no longer has: a Makefile target, tox env, nox session, package extra,
//! npm script, script or test path, requirements file, or pre-commit config.
//!
//! The guide is read, never run. Shell lines are split into commands (`&&`, `;`, `|`), wrappers
//! are peeled as everywhere else (`uv run --extra dev`, `conda run -n env`, `python -m`, `FOO=1`:
//! [`crate::analysis::shell::strip_wrappers`]), and `cd` is followed within a code block so
//! `cd docs && make html` is checked against `docs/Makefile`. Whenever the answer is uncertain (an
//! unknown working folder, a computed target list, a placeholder such as `tests/<name>.py`), the
//! command is skipped: a stale-command finding must be one the maintainer can fix at once.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::analysis::community::load_guide;
use crate::analysis::makefile::{make_targets, MakeCommand};
use crate::analysis::paths::join;
use crate::analysis::project_facts::{
    normalise_extra, nox_session_exists, nox_sessions, npm_scripts, package_extras, tox_env_exists,
    tox_envs, Known,
};
use crate::analysis::shell::{commands, prompt_stripped, strip_wrappers};
use crate::analysis::test_reach::PYTEST_VALUE_OPTIONS;
use crate::analysis::tool_cli::{tool_named, Misuse, ToolClis};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;
use crate::index::RepoIndex;

/// Params: which code-block languages hold shell commands.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Code-block info strings read as shell (`""` is a block without one).
    pub shell_langs: Vec<String>,
}

/// The check instance.
pub struct StaleCommand {
    params: Params,
    /// The catalog's `tool_cli` lexicon: well-known tools' command lines.
    tools: ToolClis,
}

impl StaleCommand {
    /// Instantiates the check with validated params and the tools' command lines.
    pub fn new(params: Params, tools: ToolClis) -> Self {
        StaleCommand { params, tools }
    }
}

/// Where a command runs, relative to the repository root; `None` when the guide moved somewhere
/// the index cannot follow (`cd ~/src`), so path-based checks are skipped.
type Cwd = Option<String>;

struct Scan<'a> {
    index: &'a RepoIndex,
    tools: &'a ToolClis,
    /// Folder names a `git clone` in the guide would create (`cd diffusers` means the root).
    clone_names: BTreeSet<String>,
    /// Checked commands (for partial credit) and the stale ones.
    checked: usize,
    findings: Vec<(u32, String)>,
}

impl Check for StaleCommand {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let Some(guide) = load_guide(cx.index) else {
            return Outcome::NotApplicable;
        };
        let outline = &guide.outline;
        let mut scan = Scan {
            index: cx.index,
            tools: &self.tools,
            clone_names: clone_names(outline),
            checked: 0,
            findings: Vec::new(),
        };
        // The scanned folder's own name is what `cd NAME` after a clone means (checks never
        // touch the disk, so `claw-lint .` simply lacks this hint and relies on `git clone`).
        if let Some(root_name) = cx.index.root().file_name() {
            scan.clone_names
                .insert(root_name.to_string_lossy().into_owned());
        }
        for block in &outline.code_blocks {
            if !self.params.shell_langs.contains(&block.lang) {
                continue;
            }
            let mut cwd: Cwd = Some(String::new());
            let lines = command_lines(&block.text, &block.lang);
            for (offset, line) in lines {
                let line_no = block.line + offset;
                scan.line(&line, &mut cwd, line_no);
            }
        }
        for code in &outline.inline_code {
            let mut cwd: Cwd = Some(String::new());
            scan.line(&code.text, &mut cwd, code.line);
        }
        let mut seen = BTreeSet::new();
        let findings: Vec<Finding> = scan
            .findings
            .into_iter()
            .filter(|f| seen.insert(f.clone()))
            .map(|(line, message)| Finding::new(message).at_line(guide.path, line))
            .collect();
        if scan.checked == 0 {
            return Outcome::pass();
        }
        let stale = findings.len().min(scan.checked);
        Outcome::partial((scan.checked - stale) as f64, scan.checked as f64, findings)
    }
}

/// `git clone …/name(.git)` → `name`.
fn clone_names(outline: &crate::analysis::markdown::Outline) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for block in &outline.code_blocks {
        for words in block.text.lines().flat_map(commands) {
            if let Some(pos) = words.iter().position(|w| w == "clone") {
                if pos > 0 && words[pos - 1] == "git" {
                    let args: Vec<&String> = words[pos + 1..]
                        .iter()
                        .filter(|w| !w.starts_with('-'))
                        .collect();
                    if let Some(url) = args.first() {
                        let last = url
                            .trim_end_matches('/')
                            .rsplit(['/', ':'])
                            .next()
                            .unwrap_or("");
                        names.insert(last.trim_end_matches(".git").to_string());
                    }
                    if let Some(dir) = args.get(1) {
                        names.insert(dir.to_string());
                    }
                }
            }
        }
    }
    names
}

/// The command lines of a block with their 0-based offsets: continuation lines joined, and in a
/// console transcript (some line starts with a prompt) only the prompted lines.
fn command_lines<'a>(text: &'a str, lang: &str) -> Vec<(u32, String)> {
    let raw: Vec<&'a str> = text.lines().collect();
    let prompted = raw.iter().any(|l| prompt_stripped(l).is_some());
    let transcript = prompted
        && (lang == "console"
            || lang.contains("session")
            || raw.iter().all(|l| {
                prompt_stripped(l).is_some() || l.trim().is_empty() || !l.starts_with(' ')
            }));
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let start = i;
        let first = raw[i];
        let body = match prompt_stripped(first) {
            Some(rest) => rest,
            None if transcript => {
                i += 1;
                continue;
            }
            None => first,
        };
        let mut line = body.trim_end().to_string();
        while line.ends_with('\\') && i + 1 < raw.len() {
            line.pop();
            i += 1;
            line.push(' ');
            line.push_str(raw[i].trim());
        }
        i += 1;
        out.push((u32::try_from(start).unwrap_or(0), line));
    }
    out
}

/// A path argument that is an example rather than a real file.
fn is_placeholder(path: &str) -> bool {
    const MARKS: &[&str] = &[
        "~", "<", ">", "$", "{", "}", "*", "?", "[", "...", "…", "path/to", "your", "xxx", "my_",
        "my-", "%",
    ];
    let lower = path.to_ascii_lowercase();
    // Virtual environments and build output are created by the setup steps, not committed.
    let generated = lower.split('/').any(|c| {
        matches!(
            c,
            ".venv"
                | "venv"
                | "env"
                | ".env"
                | "build"
                | "dist"
                | "_build"
                | "node_modules"
                | ".tox"
                | ".nox"
        )
    });
    generated
        || lower.starts_with('/')
        || MARKS.iter().any(|m| lower.contains(m))
        || lower.split('/').any(|c| {
            matches!(
                c,
                "foo"
                    | "bar"
                    | "baz"
                    | "example"
                    | "name"
                    | "file"
                    | "some_file.py"
                    | "test_file.py"
            )
        })
}

impl Scan<'_> {
    fn exists(&self, cwd: &str, path: &str) -> bool {
        let candidates = [join(cwd, path), join("", path)];
        candidates
            .iter()
            .flatten()
            .any(|p| self.index.has_file(p) || self.index.has_dir(p))
    }

    /// A bare file name (`requirements.txt`) that exists in some folder the guide's prose may
    /// have sent the reader to ("from the docs/ directory, run …"): too uncertain to report.
    fn exists_in_some_folder(&self, path: &str) -> bool {
        !path.contains('/') && self.index.files_named(path).next().is_some()
    }

    fn stale(&mut self, line: u32, message: String) {
        self.findings.push((line, message));
    }

    fn line(&mut self, text: &str, cwd: &mut Cwd, line: u32) {
        for command in commands(text) {
            self.command(&command, cwd, line);
        }
    }

    fn command(&mut self, words: &[String], cwd: &mut Cwd, line: u32) {
        let words = strip_wrappers(words);
        let Some(program) = words.first().cloned() else {
            return;
        };
        let args = &words[1..];
        if program == "cd" {
            *cwd = self.cd(cwd.as_deref(), args.first().map(String::as_str));
            return;
        }
        if self.tool_misuse(&program, args, line) {
            return;
        }
        let Some(dir) = cwd.clone() else { return };
        // `python -m pre_commit run` is pre-commit's command line.
        match tool_named(self.tools, &program) {
            "make" | "gmake" => self.make(&dir, args, line),
            "tox" => self.tox(&dir, args, line),
            "nox" => self.nox(&dir, args, line),
            "pip" | "pip3" => self.pip(&dir, args, line),
            "uv" if args.first().map(String::as_str) == Some("pip") => {
                self.pip(&dir, &args[1..], line)
            }
            "npm" | "pnpm" | "yarn" => self.npm(&dir, &program, args, line),
            "pytest" | "py.test" => self.paths(&dir, "pytest", args, line),
            "python" | "python3" | "bash" | "sh" | "zsh" => self.script(&dir, &program, args, line),
            "pre-commit" => self.pre_commit(&dir, args, line),
            // `hatch run CMD` runs CMD in hatch's environment (or a hatch script of that name).
            "hatch" if args.first().map(String::as_str) == Some("run") => {
                self.command(&args[1..], cwd, line)
            }
            p if p.starts_with("./") && p.len() > 2 => {
                let path = p.to_string();
                if !is_placeholder(&path) {
                    self.checked += 1;
                    if !self.exists(&dir, &path) {
                        self.stale(
                            line,
                            format!(
                                "\"{path}\" runs {}, which does not exist",
                                display(&dir, &path)
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// A command line the tool itself rejects (`pre-commit -a`, `pip instal`), judged against
    /// the catalog's `tool_cli` lexicon, command groups (`uv pip`) included.
    fn tool_misuse(&mut self, program: &str, args: &[String], line: u32) -> bool {
        let mut tool = tool_named(self.tools, program).to_string();
        let mut rest = args;
        while let Some(cli) = self.tools.get(&tool) {
            if let Some(misuse) = cli.misuse(rest) {
                self.checked += 1;
                let command = format!("{program} {}", args.join(" "));
                let why = match misuse {
                    Misuse::GlobalOption(option) => {
                        let takes: Vec<&str> = cli
                            .options
                            .iter()
                            .filter(|(_, options)| options.contains(&option))
                            .map(|(sub, _)| sub.as_str())
                            .collect();
                        match takes.first() {
                            _ if cli.subcommands.is_empty() => {
                                format!("{tool} has no option {option}")
                            }
                            Some(sub) => format!(
                                "{tool} takes no option {option} before its subcommand (\"{tool} {sub} {option}\" does)"
                            ),
                            None => format!("{tool} takes no option {option} before its subcommand"),
                        }
                    }
                    Misuse::Subcommand(sub) => format!("{tool} has no subcommand \"{sub}\""),
                    Misuse::Option(sub, option) => format!("{tool} {sub} has no option {option}"),
                };
                self.stale(line, format!("\"{}\": {why}", command.trim()));
                return true;
            }
            match rest.first() {
                Some(sub) if self.tools.contains_key(&format!("{tool} {sub}")) => {
                    tool = format!("{tool} {sub}");
                    rest = &rest[1..];
                }
                _ => break,
            }
        }
        false
    }

    fn cd(&self, cwd: Option<&str>, target: Option<&str>) -> Cwd {
        let target = target?;
        if is_placeholder(target) || target.starts_with('~') || target.starts_with('-') {
            return None;
        }
        let base = cwd?;
        if let Some(path) = join(base, target) {
            if self.index.has_dir(&path) {
                return Some(path);
            }
        }
        let name = target.trim_end_matches('/');
        if self.clone_names.contains(name) {
            return Some(String::new());
        }
        None
    }

    fn make(&mut self, dir: &str, args: &[String], line: u32) {
        let MakeCommand {
            dir: make_dir,
            file,
            targets,
        } = MakeCommand::parse(args);
        let dir = match make_dir {
            Some(d) => match join(dir, &d) {
                Some(d) => d,
                None => return,
            },
            None => dir.to_string(),
        };
        if targets.iter().any(|t| is_placeholder(t)) {
            return;
        }
        let known = make_targets(self.index, &dir, file.as_deref());
        for target in &targets {
            self.checked += 1;
            match &known {
                Known::Open => {}
                Known::Names(names, path) if !names.contains(target) => {
                    if !self.defined_in_another_makefile(target) {
                        self.stale(
                            line,
                            format!("make target \"{target}\" is not defined in {path}"),
                        );
                    }
                }
                Known::Absent(path) => {
                    if !self.defined_in_another_makefile(target) {
                        self.stale(
                            line,
                            format!("\"make {target}\" needs {path}, which does not exist"),
                        );
                    }
                }
                Known::Names(..) => {}
            }
        }
    }

    /// A guide often says "from the docs/ folder, run `make html`" in prose: a target that any
    /// Makefile of the repository defines, or may define (Sphinx's catch-all `%:` rule), is not
    /// reported as stale.
    fn defined_in_another_makefile(&self, target: &str) -> bool {
        self.index
            .files()
            .iter()
            .filter(|f| matches!(f.name(), "Makefile" | "makefile" | "GNUmakefile"))
            .any(|f| make_targets(self.index, f.dir(), None).allows(target))
    }

    fn tox(&mut self, dir: &str, args: &[String], line: u32) {
        let mut envs = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let value = if a == "-e" || a == "--env" {
                i += 1;
                args.get(i).map(String::as_str)
            } else {
                a.strip_prefix("-e")
                    .filter(|v| !v.is_empty() && !v.starts_with('-'))
                    .or_else(|| a.strip_prefix("--env="))
            };
            if let Some(v) = value {
                envs.extend(
                    v.split(',')
                        .map(str::trim)
                        .filter(|e| !e.is_empty())
                        .map(str::to_string),
                );
            }
            i += 1;
        }
        if envs.iter().any(|e| is_placeholder(e) || e == "ALL") {
            return;
        }
        let known = tox_envs(self.index, dir);
        for env in envs {
            self.checked += 1;
            match &known {
                Known::Absent(_) => self.stale(
                    line,
                    format!("\"tox -e {env}\" needs a tox configuration, but there is no tox.ini, tox.toml or [tool.tox] in pyproject.toml"),
                ),
                Known::Names(_, path) if !tox_env_exists(&known, &env) => {
                    self.stale(line, format!("tox env \"{env}\" is not defined in {path}"))
                }
                _ => {}
            }
        }
    }

    fn nox(&mut self, dir: &str, args: &[String], line: u32) {
        let mut sessions = Vec::new();
        let mut i = 0;
        let mut collecting = false;
        while i < args.len() {
            let a = args[i].as_str();
            if a == "-s" || a == "--session" || a == "--sessions" || a == "-e" {
                collecting = true;
            } else if let Some(v) = a
                .strip_prefix("--session=")
                .or_else(|| a.strip_prefix("--sessions="))
            {
                sessions.push(v.to_string());
            } else if a.starts_with('-') {
                collecting = false;
            } else if collecting {
                sessions.push(a.to_string());
            }
            i += 1;
        }
        if sessions.iter().any(|s| is_placeholder(s)) {
            return;
        }
        let known = nox_sessions(self.index, dir);
        for session in sessions {
            self.checked += 1;
            match &known {
                Known::Absent(path) => self.stale(
                    line,
                    format!("\"nox -s {session}\" needs {path}, which does not exist"),
                ),
                Known::Names(_, path) if !nox_session_exists(&known, &session) => self.stale(
                    line,
                    format!("nox session \"{session}\" is not defined in {path}"),
                ),
                _ => {}
            }
        }
    }

    fn pip(&mut self, dir: &str, args: &[String], line: u32) {
        if args.first().map(String::as_str) != Some("install") {
            return;
        }
        let mut i = 1;
        while i < args.len() {
            let a = args[i].as_str();
            let file = match a {
                "-r" | "--requirement" | "-c" | "--constraint" => {
                    i += 1;
                    args.get(i).cloned()
                }
                _ => a
                    .strip_prefix("--requirement=")
                    .or_else(|| a.strip_prefix("-r").filter(|v| !v.is_empty()))
                    .map(str::to_string),
            };
            if let Some(file) = file {
                if !is_placeholder(&file) && !file.contains("://") {
                    self.checked += 1;
                    if !self.exists(dir, &file) && !self.exists_in_some_folder(&file) {
                        self.stale(
                            line,
                            format!("requirements file {} does not exist", display(dir, &file)),
                        );
                    }
                }
            } else if !a.starts_with('-') || a == "-e" || a == "--editable" {
                let target = if a.starts_with('-') {
                    i += 1;
                    args.get(i).map(String::as_str).unwrap_or("")
                } else {
                    a
                };
                self.extras(dir, target, line);
            }
            i += 1;
        }
    }

    /// `.[dev,test]` or `./pkg[dev]`: each extra must be declared by the package at that path.
    fn extras(&mut self, dir: &str, target: &str, line: u32) {
        let Some((path, rest)) = target.split_once('[') else {
            return;
        };
        let Some(list) = rest.strip_suffix(']') else {
            return;
        };
        if !(path == "." || path.starts_with("./") || path.starts_with("../"))
            || is_placeholder(list)
        {
            return;
        }
        let Some(pkg_dir) = join(dir, path) else {
            return;
        };
        let known = package_extras(self.index, &pkg_dir);
        for extra in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            self.checked += 1;
            if let Known::Names(names, sources) = &known {
                if !names.contains(&normalise_extra(extra)) {
                    self.stale(
                        line,
                        format!("extra \"{extra}\" is not defined in {sources}"),
                    );
                }
            }
        }
    }

    fn npm(&mut self, dir: &str, program: &str, args: &[String], line: u32) {
        let script = match args.first().map(String::as_str) {
            Some("run" | "run-script") => args.get(1),
            _ => None,
        };
        let Some(script) = script.filter(|s| !s.starts_with('-') && !is_placeholder(s)) else {
            return;
        };
        self.checked += 1;
        match npm_scripts(self.index, dir) {
            Known::Names(names, path) if !names.contains(script) => self.stale(
                line,
                format!("{program} script \"{script}\" is not defined in {path}"),
            ),
            Known::Absent(path) => self.stale(
                line,
                format!("\"{program} run {script}\" needs {path}, which does not exist"),
            ),
            _ => {}
        }
    }

    /// `pytest PATH…`: every positional argument that is not an option value must exist.
    fn paths(&mut self, dir: &str, program: &str, args: &[String], line: u32) {
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            if PYTEST_VALUE_OPTIONS.contains(&a) {
                i += 2;
                continue;
            }
            if !a.starts_with('-') {
                let path = a.split("::").next().unwrap_or(a);
                let bare = !path.contains('/') && !path.ends_with(".py");
                // A bare word (`pytest keras`) may name a folder the guide's prose told the
                // reader to `cd` into: report it only if no folder of that name exists at all.
                let elsewhere = bare
                    && self
                        .index
                        .dirs()
                        .any(|d| d.rsplit('/').next() == Some(path));
                if !is_placeholder(path)
                    && !path.contains('=')
                    && looks_like_path(path)
                    && !elsewhere
                {
                    self.checked += 1;
                    if !self.exists(dir, path) {
                        self.stale(
                            line,
                            format!(
                                "\"{program} {a}\" refers to {}, which does not exist",
                                display(dir, path)
                            ),
                        );
                    }
                }
            }
            i += 1;
        }
    }

    /// `python PATH`, `bash PATH`: the script must exist.
    fn script(&mut self, dir: &str, program: &str, args: &[String], line: u32) {
        let Some(first) = args.iter().find(|a| !a.starts_with('-')) else {
            return;
        };
        if args.iter().any(|a| a == "-c" || a == "-m") {
            return;
        }
        let ext_ok = match program {
            "python" | "python3" => first.ends_with(".py"),
            _ => first.ends_with(".sh") || first.contains('/'),
        };
        if !ext_ok || is_placeholder(first) || first.contains("://") {
            return;
        }
        self.checked += 1;
        if !self.exists(dir, first) {
            self.stale(
                line,
                format!(
                    "\"{program} {first}\" runs {}, which does not exist",
                    display(dir, first)
                ),
            );
        }
    }

    fn pre_commit(&mut self, dir: &str, args: &[String], line: u32) {
        if !matches!(args.first().map(String::as_str), Some("install" | "run")) {
            return;
        }
        if args
            .iter()
            .any(|a| a == "-c" || a == "--config" || a.starts_with("--config="))
        {
            return;
        }
        self.checked += 1;
        let has = [".pre-commit-config.yaml", ".pre-commit-config.yml"]
            .iter()
            .any(|n| self.exists(dir, n));
        if !has {
            self.stale(
                line,
                format!(
                    "\"pre-commit {}\" needs .pre-commit-config.yaml, which does not exist",
                    args[0]
                ),
            );
        }
    }
}

/// Whether a pytest argument names a file or folder (not a bare word such as a marker value).
fn looks_like_path(arg: &str) -> bool {
    arg.contains('/')
        || arg.ends_with(".py")
        || arg
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

fn display(dir: &str, path: &str) -> String {
    join(dir, path).unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    const SHELL: &[&str] = &["", "bash", "sh", "shell", "console"];

    fn stale(files: &[(&str, &str)]) -> Vec<String> {
        let index = RepoIndex::from_files(files);
        let settings = Settings::default();
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        let check = StaleCommand::new(
            Params {
                shell_langs: SHELL.iter().map(|s| s.to_string()).collect(),
            },
            catalog.lexicons.get("tool_cli").expect("tool_cli lexicon"),
        );
        check
            .run(&CheckCtx {
                index: &index,
                settings: &settings,
                only_files: None,
            })
            .findings()
            .iter()
            .map(|f| {
                format!(
                    "{}: {}",
                    f.location.as_ref().and_then(|l| l.line).unwrap_or(0),
                    f.message
                )
            })
            .collect()
    }

    const REPO: &[(&str, &str)] = &[
        (
            "Makefile",
            ".PHONY: style\nstyle:\n\truff format .\nquality:\n\truff check .\n",
        ),
        ("docs/Makefile", "html:\n\tsphinx-build . _build\n"),
        ("tox.ini", "[tox]\nenvlist = py311, docs\n"),
        (
            "noxfile.py",
            "import nox\n@nox.session\ndef tests(session):\n    session.run('pytest')\n",
        ),
        (
            "pyproject.toml",
            "[project]\nname = \"m\"\n[project.optional-dependencies]\ntest = [\"pytest\"]\n",
        ),
        ("requirements-dev.txt", "ruff\n"),
        ("tests/test_model.py", "def test_x(): pass\n"),
        ("scripts/download.py", "print(1)\n"),
        ("package.json", "{\"scripts\": {\"build\": \"tsc\"}}"),
    ];

    fn with_guide(guide: &str) -> Vec<String> {
        let mut files = REPO.to_vec();
        files.push(("CONTRIBUTING.md", guide));
        stale(&files)
    }

    #[test]
    fn current_commands_pass() {
        let guide = "# C\n\n```bash\ngit clone https://github.com/o/repo.git\ncd repo\nuv pip install \".[Test, test]\"\npython -m pytest tests/ -n auto\npip install -e \".[test]\" -r requirements-dev.txt\nmake style && make quality\ncd docs && make html\n```\n\nRun `tox -e py311`, `nox -s tests-3.11`, `pytest tests/test_model.py::test_x -k fast`, `python scripts/download.py`, `npm run build`.\n\n```python\nimport os; os.system('make nothing')\n```\n\n```console\n$ pytest tests/<your_test>.py\ncollected 3 items\n```\n";
        assert_eq!(with_guide(guide), Vec::<String>::new());
    }

    #[test]
    fn stale_commands_are_reported_on_their_lines() {
        let guide = "# C\n\n```bash\nmake test\ntox -e lint\npip install -e '.[dev]'\nbash scripts/setup.sh\npip install -r requirements/dev.txt\n```\n\nThen `nox -s lint`, `npm run serve`, `pytest tests/unit`, `pre-commit install` and `./tools/check.sh`.\n";
        assert_eq!(
            with_guide(guide),
            [
                "4: make target \"test\" is not defined in Makefile",
                "5: tox env \"lint\" is not defined in tox.ini",
                "6: extra \"dev\" is not defined in pyproject.toml",
                "7: \"bash scripts/setup.sh\" runs scripts/setup.sh, which does not exist",
                "8: requirements file requirements/dev.txt does not exist",
                "11: nox session \"lint\" is not defined in noxfile.py",
                "11: npm script \"serve\" is not defined in package.json",
                "11: \"pytest tests/unit\" refers to tests/unit, which does not exist",
                "11: \"pre-commit install\" needs .pre-commit-config.yaml, which does not exist",
                "11: \"./tools/check.sh\" runs tools/check.sh, which does not exist",
            ]
        );
    }

    #[test]
    fn wrapped_commands_are_checked_like_plain_ones() {
        let guide = "```bash\nuv run --extra dev pytest tests/missing\nconda run -n dev make nosuchtarget\nhatch run python -m pytest tests/gone\nuv run --extra test pytest tests/test_model.py\n```\n";
        assert_eq!(
            with_guide(guide),
            [
                "2: \"pytest tests/missing\" refers to tests/missing, which does not exist",
                "3: make target \"nosuchtarget\" is not defined in Makefile",
                "4: \"pytest tests/gone\" refers to tests/gone, which does not exist",
            ]
        );
    }

    #[test]
    fn unknown_working_folder_and_missing_tools() {
        let guide = "```\ncd ~/elsewhere\nmake anything\n```\n\n```\nmake test\n```\n";
        assert_eq!(
            stale(&[("CONTRIBUTING.md", guide)]),
            ["7: \"make test\" needs Makefile, which does not exist"]
        );
    }
}
