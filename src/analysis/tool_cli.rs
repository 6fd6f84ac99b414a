//! The command lines of well-known tools whose interface is stable, as catalog data
//! (`[lexicon.tool_cli]`): which subcommands a tool has, which options go before the
//! subcommand, and which options a subcommand takes. A guide that says `pre-commit -a` (no such
//! option; `pre-commit run -a` exists) or `pip instal` sends a newcomer's first command into an
//! error. Only what the lexicon lists is judged: a tool, a subcommand or an option set it does
//! not list is never reported, so plugin options (pytest's) and tool versions the lexicon does
//! not describe stay silent.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One tool's command line.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolCli {
    /// Its subcommands (`install`, `run`); empty when the tool takes none.
    #[serde(default)]
    pub subcommands: Vec<String>,
    /// Options valid before the subcommand; empty means "not checked".
    #[serde(default)]
    pub global_options: Vec<String>,
    /// Options each listed subcommand takes; a subcommand not listed is not checked.
    #[serde(default)]
    pub options: BTreeMap<String, Vec<String>>,
    /// Other names the tool runs by: another executable (`pip3`), or the module `python -m`
    /// runs it as when that differs from its name (`pre_commit`; the shell reader leaves the
    /// module's name in place of `python -m`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The `tool_cli` lexicon: a tool's name (`pre-commit`, or `uv pip` for a nested command
/// group) and its command line.
pub type ToolClis = BTreeMap<String, ToolCli>;

/// The listed tool a program name stands for (`pip3` and `pre_commit` after `python -m` are
/// pip and pre-commit), or the name itself.
pub fn tool_named<'a>(tools: &'a ToolClis, program: &'a str) -> &'a str {
    if tools.contains_key(program) {
        return program;
    }
    tools
        .iter()
        .find(|(_, cli)| cli.aliases.iter().any(|a| a == program))
        .map_or(program, |(name, _)| name.as_str())
}

/// Why a command line is not one the tool accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misuse {
    /// An option the tool does not take before its subcommand.
    GlobalOption(String),
    /// A word where a subcommand belongs that is none of them.
    Subcommand(String),
    /// An option the subcommand does not take.
    Option(String, String),
}

impl ToolCli {
    /// Checks the arguments after the tool's name; `None` when nothing listed is violated.
    pub fn misuse(&self, args: &[String]) -> Option<Misuse> {
        let mut i = 0;
        while let Some(word) = args.get(i) {
            if word == "--" {
                break;
            }
            if !word.starts_with('-') {
                // Right after an option, a word that is no subcommand is that option's value
                // (`tox -e py311`): option arities are not data here.
                let value = i > 0 && !word.contains('=') && !self.subcommands.contains(word);
                if value && args[i - 1].starts_with('-') && !args[i - 1].contains('=') {
                    i += 1;
                    continue;
                }
                break;
            }
            if !self.global_options.is_empty() && !known(&self.global_options, word) {
                return Some(Misuse::GlobalOption(word.clone()));
            }
            i += 1;
        }
        if self.subcommands.is_empty() {
            return None;
        }
        // No subcommand at all is not judged: prose names a tool alone (`pre-commit`), and
        // some tools run bare (`tox`).
        let sub = args.get(i).filter(|w| *w != "--")?;
        if !self.subcommands.contains(sub) {
            return Some(Misuse::Subcommand(sub.clone()));
        }
        let allowed = self.options.get(sub)?;
        args[i + 1..]
            .iter()
            .take_while(|a| *a != "--")
            .filter(|a| a.starts_with('-') && a.len() > 1)
            .find(|a| !known(allowed, a))
            .map(|a| Misuse::Option(sub.clone(), a.clone()))
    }
}

/// Whether an option is listed, `--name=value` as `--name`, and a cluster of short flags
/// (`-av`) as each of its letters.
fn known(allowed: &[String], word: &str) -> bool {
    let name = word.split('=').next().unwrap_or(word);
    if allowed.iter().any(|a| a == name) {
        return true;
    }
    let cluster = name
        .strip_prefix('-')
        .filter(|r| !r.starts_with('-') && r.len() > 1);
    cluster.is_some_and(|letters| {
        letters
            .chars()
            .all(|c| allowed.iter().any(|a| *a == format!("-{c}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    fn catalog() -> ToolClis {
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        catalog.lexicons.get("tool_cli").expect("tool_cli lexicon")
    }

    #[test]
    fn the_catalog_describes_pre_commit_pip_uv_and_tox() {
        let tools = catalog();
        let check = |tool: &str, line: &str| tools[tool].misuse(&words(line));
        assert_eq!(
            check("pre-commit", "-a"),
            Some(Misuse::GlobalOption("-a".into()))
        );
        assert_eq!(check("pre-commit", "run -a"), None);
        assert_eq!(
            check("pre-commit", "run --all-files --show-diff-on-failure"),
            None
        );
        assert_eq!(check("pre-commit", "run ruff --files a.py"), None);
        assert_eq!(check("pre-commit", "install --hook-type pre-push"), None);
        assert_eq!(check("pre-commit", "--version"), None);
        assert_eq!(check("pre-commit", ""), None, "the tool named alone");
        assert_eq!(
            check("pre-commit", "run -x"),
            Some(Misuse::Option("run".into(), "-x".into()))
        );
        assert_eq!(
            check("pip", "instal -e ."),
            Some(Misuse::Subcommand("instal".into()))
        );
        assert_eq!(check("pip", "install -e .[dev]"), None);
        assert_eq!(check("uv", "sync --all-extras"), None);
        assert_eq!(check("uv", "pip install -e ."), None);
        assert_eq!(
            check("uv", "instal"),
            Some(Misuse::Subcommand("instal".into()))
        );
        assert_eq!(
            check("uv pip", "instal x"),
            Some(Misuse::Subcommand("instal".into()))
        );
        assert_eq!(check("tox", "-e py311"), None);
        assert_eq!(check("tox", ""), None, "tox runs its default envs");
        assert_eq!(check("tox", "run -e lint"), None);
        assert_eq!(
            check("tox", "lint"),
            Some(Misuse::Subcommand("lint".into()))
        );
    }

    #[test]
    fn nox_options_and_other_names() {
        let tools = catalog();
        let nox = |line: &str| tools["nox"].misuse(&words(line));
        assert_eq!(nox("-s tests"), None);
        assert_eq!(nox("--session lint --reuse-venv yes -- -k slow"), None);
        assert_eq!(nox("-e docs -ts"), None);
        assert_eq!(nox("-l"), None);
        assert_eq!(
            nox("--sesion tests"),
            Some(Misuse::GlobalOption("--sesion".into()))
        );
        assert_eq!(tool_named(&tools, "pip3"), "pip");
        assert_eq!(tool_named(&tools, "pre_commit"), "pre-commit");
        assert_eq!(tool_named(&tools, "tox"), "tox");
        assert_eq!(tool_named(&tools, "mytool"), "mytool");
    }

    #[test]
    fn short_flag_clusters_and_values() {
        let tool = ToolCli {
            subcommands: vec!["run".into()],
            options: BTreeMap::from([(
                "run".into(),
                vec!["-a".into(), "-v".into(), "--files".into()],
            )]),
            ..ToolCli::default()
        };
        assert_eq!(tool.misuse(&words("run -av --files=x.py")), None);
        assert!(tool.misuse(&words("run -ax")).is_some());
        assert_eq!(
            tool.misuse(&words("run -- -x")),
            None,
            "after --, the hook's arguments"
        );
    }
}
