//! The README's snippets, as written: the config TOML loads (its selectors name rules, its own
//! rule builds), the action's `with:` keys (commented-out ones included) are inputs `action.yml`
//! declares, and every `claw-lint ...` command line parses. A README edit that breaks a snippet
//! fails `cargo test`. (The pre-commit snippets run under the real pre-commit in `hooks.rs` and
//! `.ci/check-python-hook.sh`.)

use std::collections::BTreeSet;
use std::path::Path;

use clap::error::ErrorKind;
use clap::Parser;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use crate::support::{claw_lint, stderr};

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect(name)
}

/// The README's fenced code blocks as (language, text).
fn fenced_blocks() -> Vec<(String, String)> {
    let readme = repo_file("README.md");
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in pulldown_cmark::Parser::new(&readme) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                open = Some((lang.to_string(), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = open.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

#[test]
fn the_readme_config_snippet_is_a_valid_config() {
    let configs: Vec<String> = fenced_blocks()
        .into_iter()
        .filter(|(lang, _)| lang == "toml")
        .map(|(_, text)| text)
        .collect();
    assert!(!configs.is_empty(), "the README shows a config");
    for config in configs {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("README.md"), "# demo\n").expect("write");
        std::fs::write(dir.path().join("claw-lint.toml"), &config).expect("write");
        let out = claw_lint(&["--format", "json", "."], dir.path());
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "the README's config is rejected: {}\n{config}",
            stderr(&out)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
        assert_eq!(report["fail_under"], 70.0, "the config was read");
    }
}

/// Keys of the mapping under `key:` in YAML text, by indentation, with `# key: value` lines
/// (documented but commented-out keys) counted too.
fn keys_under(text: &str, key: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut lines = text.lines().skip_while(|l| l.trim() != format!("{key}:"));
    let Some(header) = lines.next() else {
        return keys;
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = indent(header);
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) <= base {
            break;
        }
        let entry = line.trim().trim_start_matches("# ");
        if let Some((name, _)) = entry.split_once(':') {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                keys.push(name.to_string());
            }
        }
    }
    keys
}

#[test]
fn the_readme_action_snippet_uses_only_declared_inputs() {
    let action: serde_json::Value =
        serde_saphyr::from_str(&repo_file("action.yml")).expect("action.yml parses");
    let inputs: BTreeSet<&str> = action["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .map(String::as_str)
        .collect();
    let mut checked = 0;
    for (_, text) in fenced_blocks()
        .into_iter()
        .filter(|(lang, _)| lang == "yaml")
    {
        if !text.contains("uses: claw-lint/claw-lint@") {
            continue;
        }
        // A whole workflow or a list of steps: either way it must be YAML.
        serde_saphyr::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("a README YAML snippet does not parse: {e}\n{text}"));
        let step = text
            .split("- uses: ")
            .find(|s| s.starts_with("claw-lint/claw-lint@"))
            .expect("the action's step");
        for key in keys_under(step, "with") {
            assert!(
                inputs.contains(key.as_str()),
                "the README passes `{key}`, which action.yml does not declare ({inputs:?})"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "only {checked} action inputs found in the README"
    );
}

/// The `claw-lint ...` command lines of shell and YAML blocks, without redirections and comments.
fn commands() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (lang, text) in fenced_blocks() {
        if !matches!(lang.as_str(), "sh" | "bash" | "yaml") {
            continue;
        }
        for line in text.lines() {
            let line = line.split(" #").next().unwrap_or("");
            for part in line.split("&&") {
                let part = part
                    .trim()
                    .trim_start_matches("- ")
                    .trim_start_matches("run: ");
                if !part.starts_with("claw-lint ") {
                    continue;
                }
                let words: Vec<String> = part
                    .split_whitespace()
                    .take_while(|w| !w.starts_with('>'))
                    .map(|w| w.trim_matches('"').to_string())
                    .collect();
                out.push(words);
            }
        }
    }
    out
}

#[test]
fn every_claw_lint_command_in_the_readme_parses() {
    let commands = commands();
    assert!(commands.len() >= 10, "{commands:?}");
    for words in commands {
        match claw_lint::cli::Cli::try_parse_from(&words) {
            Ok(_) => {}
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::DisplayVersion | ErrorKind::DisplayHelp
                ) => {}
            Err(err) => panic!(
                "README command `{}` does not parse:\n{err}",
                words.join(" ")
            ),
        }
    }
}

#[test]
fn the_snippet_readers_find_what_they_look_for() {
    let step =
        "claw-lint/claw-lint@v1\n  with:\n    fail-under: 70\n    # fail-on: error\n  id: x\n";
    assert_eq!(keys_under(step, "with"), ["fail-under", "fail-on"]);
    let bogus = claw_lint::cli::Cli::try_parse_from(["claw-lint", "--no-such-flag"]);
    assert!(bogus.is_err());
}
