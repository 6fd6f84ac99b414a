//! `claw-lint init`, shell completions and the badge, run as a user runs them: the built binary on
//! a copy of a fixture repository.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{claw_lint, fixtures, stderr, stdout};

/// Copies a folder tree (the fixture is never written to).
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `root` with its contents, to prove nothing existing changed.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn score(root: &Path) -> f64 {
    let out = claw_lint(
        &["--isolated", "--format", "json", "--exit-zero", "."],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    report["score"].as_f64().expect("score")
}

#[test]
fn init_on_the_bare_fixture_raises_the_score_and_overwrites_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixtures().join("repos/bare"), dir.path());
    // A maintainer's own PR template must survive init untouched.
    let own_template = "## Why\n\nOur own checklist.\n";
    std::fs::create_dir_all(dir.path().join(".github")).expect("mkdir");
    std::fs::write(
        dir.path().join(".github/pull_request_template.md"),
        own_template,
    )
    .expect("write");
    let before = snapshot(dir.path());
    let score_before = score(dir.path());

    let dry = claw_lint(&["init", "--dry-run", "."], dir.path());
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("would create  CONTRIBUTING.md"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(snapshot(dir.path()), before, "--dry-run wrote something");

    let out = claw_lint(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("package \"barepkg\""), "{text}");
    assert!(
        text.contains("kept          .github/pull_request_template.md (.github/pull_request_template.md exists)"),
        "{text}"
    );
    let after = snapshot(dir.path());
    for (path, contents) in &before {
        assert_eq!(after.get(path), Some(contents), "{path} was changed");
    }
    let created: Vec<&str> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(String::as_str)
        .collect();
    assert_eq!(
        created,
        vec![
            ".github/ISSUE_TEMPLATE/bug_report.yml",
            ".github/ISSUE_TEMPLATE/config.yml",
            ".github/ISSUE_TEMPLATE/feature_request.yml",
            ".github/ISSUE_TEMPLATE/good_first_issue.yml",
            "CONTRIBUTING.md",
            "claw-lint.toml",
        ]
    );
    let contributing = String::from_utf8_lossy(&after["CONTRIBUTING.md"]).into_owned();
    assert!(contributing.contains("# Contributing to barepkg"));
    assert!(contributing.contains("pip install -e ."));

    let score_after = score(dir.path());
    assert!(
        score_after >= score_before + 20.0,
        "score rose only from {score_before} to {score_after}"
    );

    // A second run has nothing left to do and still changes nothing.
    let again = claw_lint(&["init", "."], dir.path());
    assert!(
        stdout(&again).contains("Nothing to create"),
        "{}",
        stdout(&again)
    );
    assert_eq!(snapshot(dir.path()), after);
}

/// GitHub's issue-form schema, the parts a broken form most often gets wrong.
fn check_issue_form(path: &str, text: &str) {
    let form: serde_json::Value =
        serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for key in ["name", "description"] {
        assert!(
            form[key].as_str().is_some_and(|s| !s.trim().is_empty()),
            "{path}: {key} must be a non-empty string"
        );
    }
    if let Some(labels) = form.get("labels") {
        assert!(
            labels
                .as_array()
                .is_some_and(|l| l.iter().all(|x| x.is_string())),
            "{path}: labels must be a list of strings"
        );
    }
    let body = form["body"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: body must be a list"));
    let mut ids = std::collections::BTreeSet::new();
    let mut inputs = 0;
    for element in body {
        let kind = element["type"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: element without type"));
        let attributes = &element["attributes"];
        match kind {
            "markdown" => assert!(
                attributes["value"].is_string(),
                "{path}: markdown needs value"
            ),
            "textarea" | "input" | "dropdown" | "checkboxes" => {
                inputs += 1;
                let id = element["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{path}: {kind} without id"));
                assert!(
                    id.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                    "{path}: bad id {id}"
                );
                assert!(ids.insert(id.to_string()), "{path}: duplicate id {id}");
                assert!(
                    attributes["label"].as_str().is_some_and(|l| !l.is_empty()),
                    "{path}: {id} needs a label"
                );
                if kind == "dropdown" || kind == "checkboxes" {
                    assert!(
                        attributes["options"]
                            .as_array()
                            .is_some_and(|o| !o.is_empty()),
                        "{path}: {id} needs options"
                    );
                }
            }
            other => panic!("{path}: unknown element type {other}"),
        }
    }
    assert!(inputs > 0, "{path}: a form needs at least one input");
}

#[test]
fn generated_issue_forms_follow_githubs_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixtures().join("repos/bare"), dir.path());
    let out = claw_lint(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let forms = dir.path().join(".github/ISSUE_TEMPLATE");
    for name in [
        "bug_report.yml",
        "feature_request.yml",
        "good_first_issue.yml",
    ] {
        let text = std::fs::read_to_string(forms.join(name)).expect("form");
        check_issue_form(name, &text);
    }
    let bug: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(forms.join("bug_report.yml")).expect("read"),
    )
    .expect("parse");
    let ids: Vec<&str> = bug["body"]
        .as_array()
        .expect("body")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    for id in ["python-version", "framework", "cuda", "os"] {
        assert!(ids.contains(&id), "bug report lacks {id}: {ids:?}");
    }
    let good_first: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(forms.join("good_first_issue.yml")).expect("read"),
    )
    .expect("parse");
    assert_eq!(
        good_first["labels"],
        serde_json::json!(["good first issue"])
    );
    let config: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(forms.join("config.yml")).expect("read"))
            .expect("config.yml parses");
    // Without a known GitHub repository there is no Discussions link to offer: forms only.
    assert_eq!(config["blank_issues_enabled"], false);
}

/// The templates `init` writes pass claw-lint's own issue-template rules (the validator of
/// GitHub's form schema among them), with and without a GitHub URL in the metadata.
#[test]
fn generated_templates_pass_the_template_rules() {
    for urls in [
        "",
        "[project.urls]\nRepository = \"https://github.com/someone/barepkg\"\nDocumentation = \"https://barepkg.readthedocs.io\"\n",
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(&fixtures().join("repos/bare"), dir.path());
        let pyproject = dir.path().join("pyproject.toml");
        let text = std::fs::read_to_string(&pyproject).expect("read") + urls;
        std::fs::write(&pyproject, text).expect("write");
        let out = claw_lint(&["init", "."], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let scan = claw_lint(
            &["--isolated", "--select", "templates", "--format", "json", "."],
            dir.path(),
        );
        let report: serde_json::Value = serde_json::from_slice(&scan.stdout).expect("json");
        assert_eq!(report["findings"], serde_json::json!([]), "urls: {urls:?}");
        assert_eq!(report["score"], 100.0);
        if !urls.is_empty() {
            let config = std::fs::read_to_string(dir.path().join(".github/ISSUE_TEMPLATE/config.yml"))
                .expect("config");
            assert!(config.contains("https://github.com/someone/barepkg/discussions"), "{config}");
            assert!(config.contains("blank_issues_enabled: true"), "{config}");
        }
    }
}

#[test]
fn completions_are_valid_bash_and_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = claw_lint(&["completions", shell], &fixtures());
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in ["init", "explain", "fail-under", "badge"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("claw-lint.bash");
    std::fs::write(
        &path,
        claw_lint(&["completions", "bash"], &fixtures()).stdout,
    )
    .expect("write");
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash -n");
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn badge_is_an_svg_with_the_score_and_its_colour() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixtures().join("repos/bare"), dir.path());
    let out = claw_lint(
        &[
            "--isolated",
            "--format",
            "badge",
            "-o",
            "badge.svg",
            "--exit-zero",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = std::fs::read_to_string(dir.path().join("badge.svg")).expect("badge written");
    let score = score(dir.path());
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        svg.contains(&format!(">{}%</text>", score.floor())),
        "{svg}"
    );
    assert!(svg.contains(claw_lint::report::badge::colour(score)));
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let out = claw_lint(&["--isolated", "--exit-zero", "repos/bare"], &fixtures());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

/// A nanoGPT-like project: scripts and a README with its own `pip install`, no packaging, no tests.
#[test]
fn init_writes_only_commands_that_work_in_the_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("README.md"),
        "# tinygpt\n\n## install\n\n```\npip install torch numpy tqdm\n```\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("train.py"), "import torch\n").expect("write");
    let out = claw_lint(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let guide = std::fs::read_to_string(dir.path().join("CONTRIBUTING.md")).expect("guide");
    // Nothing to `pip install -e` without packaging, and pytest collects nothing without tests.
    assert!(!guide.contains("pip install -e ."), "{guide}");
    assert!(
        guide.contains("\npip install torch numpy tqdm\n"),
        "{guide}"
    );
    assert!(
        !guide
            .lines()
            .any(|l| l.trim_start().starts_with("python -m pytest")),
        "{guide}"
    );
    // claw-lint's own stale-command rule finds nothing wrong in what init wrote.
    let out = claw_lint(
        &[
            "--isolated",
            "--select",
            "stale-contributing-command",
            "--format",
            "json",
            ".",
        ],
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report["findings"],
        serde_json::json!([]),
        "{}",
        stdout(&out)
    );
}
