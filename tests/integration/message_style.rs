//! Message style, checked the way clippy checks its lint messages: every rule's catalog summary
//! (the one-line message `claw-lint explain` and the SARIF rule list show) and every finding
//! message in the fixture snapshots starts lowercase and has no trailing period.
//!
//! A message may start with a name that is written in capitals (`README.md does not link…`,
//! `CONTRIBUTING.md`, `CI`), but not with a capitalised ordinary word (`Missing …`).

use std::path::Path;

use claw_lint::catalog::Catalog;

/// What is wrong with a message's style, if anything.
fn style_problem(message: &str) -> Option<&'static str> {
    let first_word = message.split_whitespace().next().unwrap_or("");
    let mut letters = first_word.chars().filter(|c| c.is_alphabetic());
    let starts_capitalised = first_word.chars().next().is_some_and(char::is_uppercase)
        && letters.next().is_some()
        && letters.all(char::is_lowercase);
    if message.trim().is_empty() {
        Some("is empty")
    } else if starts_capitalised {
        Some("starts with a capital letter")
    } else if message.ends_with('.') && !message.ends_with("...") {
        Some("ends with a period")
    } else {
        None
    }
}

/// The finding messages of a rule-fixture snapshot (`place: CODE message [symbol x]`).
fn rule_snapshot_messages(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let (_, rest) = line.split_once(": CL")?;
            let (_, message) = rest.split_once(' ')?;
            let message = message.split(" [symbol ").next().unwrap_or(message);
            Some(
                message
                    .split(" [param ")
                    .next()
                    .unwrap_or(message)
                    .to_string(),
            )
        })
        .collect()
}

/// The finding messages of a JSON report snapshot (the text after insta's header).
fn json_snapshot_messages(text: &str) -> Vec<String> {
    let Some(start) = text.find("\n{") else {
        return Vec::new();
    };
    let report: serde_json::Value =
        serde_json::from_str(&text[start..]).unwrap_or_else(|e| panic!("report JSON: {e}"));
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["message"].as_str().map(str::to_string))
        .collect()
}

fn snapshots(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "snap"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect()
}

#[test]
fn the_style_check_catches_what_clippy_would() {
    assert_eq!(style_problem("make target \"test\" is not defined"), None);
    assert_eq!(style_problem("README.md does not link to the guide"), None);
    assert_eq!(style_problem("\"pytest x\" refers to x..."), None);
    assert!(style_problem("Missing guide").is_some());
    assert!(style_problem("no guide.").is_some());
    assert!(style_problem("").is_some());
}

#[test]
fn catalog_summaries_and_fixture_findings_start_lowercase_without_a_period() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut messages: Vec<(String, String)> = Vec::new();
    for rule in Catalog::embedded().expect("catalog").rules {
        messages.push((format!("catalog {}", rule.name), rule.summary.clone()));
    }
    for (name, text) in snapshots(&root.join("tests/snapshots/rules")) {
        let found = rule_snapshot_messages(&text);
        messages.extend(found.into_iter().map(|m| (name.clone(), m)));
    }
    let mut json_reports = 0;
    for (name, text) in snapshots(&root.join("tests/integration/snapshots")) {
        if name.ends_with("_json.snap") {
            json_reports += 1;
            let found = json_snapshot_messages(&text);
            messages.extend(found.into_iter().map(|m| (name.clone(), m)));
        }
    }
    assert!(json_reports > 0, "no JSON report snapshots were read");
    assert!(
        messages.len() > 100,
        "only {} messages read",
        messages.len()
    );
    let bad: Vec<String> = messages
        .iter()
        .filter_map(|(source, m)| style_problem(m).map(|p| format!("{source}: {p}: {m}")))
        .collect();
    assert!(bad.is_empty(), "messages out of style:\n{}", bad.join("\n"));
}
