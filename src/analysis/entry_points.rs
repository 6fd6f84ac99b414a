//! The project's command-line entry points: console scripts declared in its packaging
//! (`[project.scripts]`, `[tool.poetry.scripts]`, setup.cfg or setup.py `console_scripts`) and
//! packages runnable with `python -m pkg` (a `__main__.py`).
//!
//! A test that runs one of them end to end exercises the modules it dispatches to, which no
//! test imports by name (trl's `tests/test_cli.py` runs `trl dpo …` through `trl.cli:main`).

use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::ini;
use crate::index::RepoIndex;

/// One way to start the program from a shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryPoint {
    /// The console script's name (`trl`), or `None` for a `python -m` package.
    pub command: Option<String>,
    /// The dotted module that runs (`trl.cli`, `pkg.__main__`).
    pub module: String,
    /// The function the script calls (`main`), if any.
    pub function: Option<String>,
}

/// Whether a test's text runs one entry point: the script's name as the first word of a string
/// (`"trl dpo --output_dir x"`, `["trl", "env"]`) in a file that starts processes or sets
/// `sys.argv`; `-m pkg` for a `__main__` package; or a call of the script's function imported
/// from its module (`from trl.cli import main` … `main()`). Built once per entry point by
/// [`EntryPoint::matcher`]: compiling per test file was a tenth of a diffusers scan.
#[derive(Debug, Default)]
pub struct RunMatcher {
    dash_m: Option<Regex>,
    imported: Option<(Regex, String)>,
    quoted: Option<Regex>,
}

impl RunMatcher {
    /// Whether `text` runs the entry point.
    pub fn run_by(&self, text: &str) -> bool {
        static LAUNCHES: LazyLock<Regex> = LazyLock::new(|| {
            builtin_regex(
                r"\bsubprocess\b|\bsys\.argv\b|\bos\.system\(|\bPopen\(|\bcheck_output\(|\bcheck_call\(|\bCliRunner\b|\bscript_runner\b|\brunpy\b",
            )
        });
        if let Some(dash_m) = &self.dash_m {
            return dash_m.is_match(text);
        }
        if let Some((imported, call)) = &self.imported {
            if imported.is_match(text) && text.contains(call.as_str()) {
                return true;
            }
        }
        self.quoted.as_ref().is_some_and(|q| q.is_match(text)) && LAUNCHES.is_match(text)
    }
}

/// `name = "pkg.mod:func"` as written in setup.py or setup.cfg.
static SCRIPT_SPEC: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r#"([A-Za-z0-9][\w.-]*)\s*=\s*([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_]\w*)"#)
});

/// The root's console scripts and its `python -m` packages (given the dotted name of every
/// package module, `pkg` for `pkg/__init__.py`), sorted.
pub fn find<'a>(index: &RepoIndex, modules: impl Iterator<Item = &'a str>) -> Vec<EntryPoint> {
    let mut found = Vec::new();
    if let Some(table) = index
        .text("pyproject.toml")
        .and_then(|t| toml::from_str::<toml::Table>(t).ok())
    {
        let project = table.get("project").and_then(|p| p.get("scripts"));
        let poetry = table
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("scripts"));
        for scripts in project.into_iter().chain(poetry) {
            for (name, spec) in scripts.as_table().into_iter().flatten() {
                if let Some(spec) = spec.as_str() {
                    found.extend(parse_spec(name, spec));
                }
            }
        }
    }
    if let Some(text) = index.text("setup.cfg") {
        found.extend(setup_cfg_scripts(text));
    }
    if let Some(text) = index.text("setup.py") {
        if let Some(at) = text.find("console_scripts") {
            let tail = &text[at..];
            let end = tail.find(']').unwrap_or(tail.len());
            for caps in SCRIPT_SPEC.captures_iter(&tail[..end]) {
                found.extend(parse_spec(&caps[1], &format!("{}:{}", &caps[2], &caps[3])));
            }
        }
    }
    for module in modules {
        if module.ends_with(".__main__") {
            found.push(EntryPoint {
                command: None,
                module: module.to_string(),
                function: None,
            });
        }
    }
    found.sort_by(|a, b| (&a.module, &a.command).cmp(&(&b.module, &b.command)));
    found.dedup();
    found
}

/// `pkg.mod:func` (extras in brackets ignored).
fn parse_spec(name: &str, spec: &str) -> Option<EntryPoint> {
    let spec = spec.split('[').next().unwrap_or(spec).trim();
    let (module, function) = spec.split_once(':')?;
    Some(EntryPoint {
        command: Some(name.trim().to_string()),
        module: module.trim().to_string(),
        function: Some(function.trim().to_string()),
    })
}

/// `console_scripts =` lines under `[options.entry_points]`.
fn setup_cfg_scripts(text: &str) -> Vec<EntryPoint> {
    ini::value(text, "options.entry_points", "console_scripts")
        .unwrap_or_default()
        .iter()
        .filter_map(|line| {
            let caps = SCRIPT_SPEC.captures(line)?;
            parse_spec(&caps[1], &format!("{}:{}", &caps[2], &caps[3]))
        })
        .collect()
}

impl EntryPoint {
    /// The patterns that recognise a run of this entry point, compiled once for many texts.
    pub fn matcher(&self) -> RunMatcher {
        let compile = |pattern: String| Regex::new(&pattern).ok();
        let Some(command) = &self.command else {
            let package = self.module.trim_end_matches(".__main__");
            return RunMatcher {
                dash_m: compile(format!(r#"-m["',\s]+{}\b"#, regex::escape(package))),
                ..RunMatcher::default()
            };
        };
        RunMatcher {
            dash_m: None,
            imported: self.function.as_ref().and_then(|function| {
                let pattern = format!(
                    r"from\s+{}\s+import\s+[^\n]*\b{}\b",
                    regex::escape(&self.module),
                    regex::escape(function)
                );
                Some((compile(pattern)?, format!("{function}(")))
            }),
            quoted: compile(format!(r#"["']{}(["']|\s)"#, regex::escape(command))),
        }
    }

    /// The package whose modules running this entry point reaches: the entry module's own
    /// package (`trl.cli`, `torchtune._cli`), or the module alone when it sits in the
    /// top-level package (which would be the whole distribution).
    pub fn scope(&self, module_is_package: bool) -> String {
        if module_is_package {
            return self.module.clone();
        }
        match self.module.rsplit_once('.') {
            Some((parent, _)) if parent.contains('.') => parent.to_string(),
            _ => self.module.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_from_every_packaging_file() {
        let index = RepoIndex::from_files(&[
            ("pyproject.toml", "[project.scripts]\ntrl = \"trl.cli:main\"\n[tool.poetry.scripts]\nconv = \"convert:main\"\n"),
            ("setup.cfg", "[options.entry_points]\nconsole_scripts =\n    tune = torchtune._cli.tune:main\n[flake8]\n"),
            ("setup.py", "setup(entry_points={\"console_scripts\": [\"diffusers-cli=diffusers.commands.diffusers_cli:main\"]})\n"),
        ]);
        let found = find(&index, ["pkg", "pkg.__main__"].into_iter());
        let got: Vec<(Option<&str>, &str)> = found
            .iter()
            .map(|e| (e.command.as_deref(), e.module.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("conv"), "convert"),
                (Some("diffusers-cli"), "diffusers.commands.diffusers_cli"),
                (None, "pkg.__main__"),
                (Some("tune"), "torchtune._cli.tune"),
                (Some("trl"), "trl.cli"),
            ]
        );
        assert_eq!(found[1].scope(false), "diffusers.commands");
        assert_eq!(found[4].scope(true), "trl.cli");
        assert_eq!(found[0].scope(false), "convert");
    }

    #[test]
    fn what_counts_as_running_it() {
        let trl = parse_spec("trl", "trl.cli:main").expect("spec").matcher();
        let argv = "from unittest.mock import patch\ncommand = \"trl env\"\nwith patch(\"sys.argv\", command.split()):\n    main()\n";
        assert!(trl.run_by(argv));
        assert!(trl.run_by("subprocess.run([\"trl\", \"sft\"])"));
        assert!(trl.run_by("from trl.cli import main\nmain()\n"));
        assert!(
            !trl.run_by("from trl.cli import main\n"),
            "imported, never called"
        );
        assert!(
            !trl.run_by("assert name == \"trl\"\n"),
            "no process, no argv"
        );
        assert!(!trl.run_by("import trl\nx = \"trl model\"\n"));
        let main = EntryPoint {
            command: None,
            module: "pkg.__main__".into(),
            function: None,
        }
        .matcher();
        assert!(main.run_by("subprocess.run([sys.executable, \"-m\", \"pkg\", \"--help\"])"));
        assert!(!main.run_by("subprocess.run([sys.executable, \"-m\", \"pkgx\"])"));
    }
}
