//! CLI behaviour: exit codes, error messages with positions, and the core contract on fixtures.

use crate::support::{claw_lint, fixtures, stderr, stdout};
use std::collections::BTreeSet;

#[test]
fn nonexistent_path_exits_2_with_a_clear_message() {
    let out = claw_lint(&["--isolated", "no/such/dir"], &fixtures());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot scan no/such/dir: no such file or folder\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn malformed_config_exits_2_with_file_line_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("claw-lint.toml"),
        "fail-under = 50\nfial-on = \"error\"\n",
    )
    .expect("write");
    let out = claw_lint(&["."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("claw-lint.toml:2:1: unknown field `fial-on`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn version_prints_the_crate_version() {
    let out = claw_lint(&["--version"], &fixtures());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
}

/// The fixture repositories every format is snapshotted on.
const REPOS: &[&str] = &[
    "bare",
    "ready",
    "ml-research-messy",
    "ml-research-tidy",
    "ml-library",
    "not-ml",
];

/// Runs a scan of a fixture repo from the fixtures folder so paths in output are stable.
fn scan(repo: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--isolated", "--color", "never", repo];
    args.extend_from_slice(extra);
    claw_lint(&args, &fixtures().join("repos"))
}

/// Output with the one non-deterministic number (elapsed time) masked.
fn stable(text: &str) -> String {
    let re = regex::Regex::new(r#""elapsed_ms": \d+"#).expect("regex");
    re.replace_all(text, "\"elapsed_ms\": \"[elapsed]\"")
        .into_owned()
}

#[test]
fn every_format_on_every_fixture_repo_is_snapshotted_with_its_exit_code() {
    for repo in REPOS {
        for format in [
            "human", "json", "sarif", "github", "markdown", "gitlab", "html",
        ] {
            let out = scan(repo, &["--format", format]);
            let code = out.status.code().expect("exit code");
            assert!(code == 0 || code == 1, "{repo} {format}: {}", stderr(&out));
            let name = format!("{repo}_{format}");
            insta::assert_snapshot!(
                name,
                format!("exit code: {code}\n{}", stable(&stdout(&out)))
            );
        }
    }
}

/// The ML fixture repositories: a messy research repo where the family's rules fire, a tidy
/// research repo and a tidy library where none does, and a non-ML repo where none applies. The
/// facts and the Papers-with-Code figure are in the JSON contract.
#[test]
fn ml_fixture_repos_fire_stay_silent_or_do_not_apply() {
    let ml_findings = |repo: &str| {
        let out = scan(repo, &["--format", "json", "--select", "ml"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let names: BTreeSet<String> = json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["name"].as_str().map(str::to_string))
            .collect();
        (names, json)
    };
    let (messy, json) = ml_findings("ml-research-messy");
    for rule in [
        "unpinned-ml-framework",
        "large-binary-not-in-lfs",
        "notebook-with-outputs",
        "readme-missing-reproduction",
        "no-small-run",
        "missing-seed-control",
        "missing-model-card",
        "missing-results-table",
    ] {
        assert!(messy.contains(rule), "{rule} missing from {messy:?}");
    }
    assert_eq!(json["ml"]["kind"], "application");
    assert_eq!(json["ml"]["completeness"], 3.0);
    for tidy in ["ml-research-tidy", "ml-library"] {
        let (names, json) = ml_findings(tidy);
        assert!(names.is_empty(), "{tidy}: {names:?}");
        assert_eq!(json["ml"]["ml_project"], true, "{tidy}");
    }
    let (names, json) = ml_findings("ml-library");
    assert!(names.is_empty());
    assert_eq!(json["ml"]["kind"], "library");
    let (names, json) = ml_findings("not-ml");
    assert!(names.is_empty());
    assert_eq!(json["ml"]["ml_project"], false);
    assert_eq!(json["categories"][0]["score"], serde_json::Value::Null);
}

#[test]
fn missing_contributing_guide_is_found_and_adding_one_raises_the_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("README.md"), "# demo\n").expect("write");
    let run = || {
        let out = claw_lint(&["--isolated", "--format", "json", "."], dir.path());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let before = run();
    let names: Vec<&str> = before["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(names.contains(&"missing-contributing"), "{names:?}");
    std::fs::write(
        dir.path().join("CONTRIBUTING.md"),
        "# Contributing\n\n## Setup\n\n    pip install -e .\n\n## Tests\n\n    pytest\n",
    )
    .expect("write");
    let after = run();
    let still: Vec<&str> = after["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(!still.contains(&"missing-contributing"), "{still:?}");
    assert!(
        after["score"].as_f64() > before["score"].as_f64(),
        "{before} -> {after}"
    );
}

#[test]
fn output_is_identical_with_one_and_four_threads() {
    for repo in REPOS {
        let one = scan(repo, &["--format", "json", "--threads", "1"]);
        let four = scan(repo, &["--format", "json", "--threads", "4"]);
        assert_eq!(stable(&stdout(&one)), stable(&stdout(&four)), "{repo}");
        let one = scan(repo, &["--format", "human", "--threads", "1"]);
        let four = scan(repo, &["--format", "human", "--threads", "4"]);
        assert_eq!(stdout(&one), stdout(&four), "{repo}");
    }
}

/// Hashes every file (path, length, bytes) under a folder, sorted, with git's own data excluded.
fn tree_digest(dir: &std::path::Path) -> Vec<(String, u64, u64)> {
    use std::hash::{Hash, Hasher};
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            out.push((
                entry.path().display().to_string(),
                bytes.len() as u64,
                hasher.finish(),
            ));
        }
    }
    out
}

#[test]
fn a_scan_writes_nothing_into_the_scanned_tree() {
    let repos = fixtures().join("repos");
    let before = tree_digest(&repos);
    for repo in REPOS {
        for format in [
            "human", "json", "sarif", "github", "markdown", "gitlab", "html",
        ] {
            let _ = scan(repo, &["--format", format]);
        }
    }
    assert_eq!(before, tree_digest(&repos));
}

#[test]
fn fail_under_and_fail_on_and_exit_zero_set_the_exit_code() {
    let code = |extra: &[&str]| scan("bare", extra).status.code();
    assert_eq!(code(&["--fail-on", "never"]), Some(0));
    assert_eq!(
        code(&["--fail-on", "never", "--fail-under", "100"]),
        Some(1)
    );
    assert_eq!(code(&["--fail-on", "error"]), Some(1));
    assert_eq!(code(&["--fail-on", "error", "--exit-zero"]), Some(0));
    assert_eq!(code(&["--fail-under", "101"]), Some(2));
    assert_eq!(code(&["--select", "no-such-rule"]), Some(2));
}

#[test]
fn rules_and_explain_document_the_catalog() {
    let out = claw_lint(&["rules", "--format", "json"], &fixtures());
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(rules
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["name"] == "missing-contributing")));
    let out = claw_lint(&["explain", "CL101"], &fixtures());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("missing-contributing") && stdout(&out).contains("Example"));
    let out = claw_lint(&["explain", "nope"], &fixtures());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn color_is_off_when_piped_and_never_with_no_color() {
    let out = claw_lint(&["--isolated", "repos/bare"], &fixtures());
    assert!(
        !stdout(&out).contains('\u{1b}'),
        "auto color must be off when not a terminal"
    );
    let out = claw_lint(
        &["--isolated", "--color", "always", "repos/bare"],
        &fixtures(),
    );
    assert!(stdout(&out).contains('\u{1b}'));
}

#[test]
fn hostile_file_names_cannot_inject_terminal_or_workflow_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    std::fs::write(dir.path().join("src/CONTRIBUTING.md"), "x").expect("write");
    std::fs::write(dir.path().join("evil\u{1b}[31m%0A::error::pwned.md"), "x").expect("write");
    let out = claw_lint(
        &["--isolated", "--color", "never", "--format", "human", "."],
        dir.path(),
    );
    assert!(!stdout(&out).contains('\u{1b}'));
    let out = claw_lint(&["--isolated", "--format", "github", "."], dir.path());
    for line in stdout(&out).lines() {
        assert!(!line.contains("::error::pwned"), "{line}");
    }
}

#[test]
#[ignore = "needs SARIF_MULTITOOL (@microsoft/sarif-multitool): run with --include-ignored"]
fn sarif_passes_the_github_validator() {
    let tool = std::env::var("SARIF_MULTITOOL")
        .ok()
        .filter(|t| !t.is_empty())
        .expect("set SARIF_MULTITOOL to the Sarif.Multitool binary (.ci/run installs it)");
    let dir = tempfile::tempdir().expect("tempdir");
    for repo in REPOS {
        let sarif = dir.path().join(format!("{repo}.sarif"));
        let out = scan(
            repo,
            &[
                "--format",
                "sarif",
                "--output",
                sarif.to_str().expect("utf-8"),
            ],
        );
        assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
        let log = dir.path().join(format!("{repo}.validation.sarif"));
        let status = std::process::Command::new(&tool)
            .args(["validate", "--rule-kind", "Gh;Sarif", "--output"])
            .arg(&log)
            .arg(&sarif)
            .status()
            .expect("run Sarif.Multitool");
        assert!(status.success());
        // The validator always exits 0: its findings are in its own output log.
        let log: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&log).expect("log")).expect("json");
        let results = log["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            results.is_empty(),
            "{repo}: SARIF validation failed: {results:#?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn hostile_trees_scan_without_panic_or_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("README.md"), b"\xEF\xBB\xBF# Title\r\nline two\r\n").expect("bom crlf");
    std::fs::write(
        d.join("CONTRIBUTING.md"),
        b"# Guide \xFF\xFE broken utf-8\n",
    )
    .expect("bad utf-8");
    std::fs::write(d.join("model.bin"), [0u8, 1, 2, 3, 0, 255]).expect("binary");
    std::fs::write(d.join("huge.md"), "x".repeat(3 * 1024 * 1024)).expect("huge");
    std::fs::create_dir_all(d.join("pkg")).expect("mkdir");
    std::fs::write(d.join("pkg/broken.py"), "def f(:\n    '''doc'''\n\x00\n").expect("py");
    std::os::unix::fs::symlink(d, d.join("pkg/loop")).expect("loop");
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling.md")).expect("dangling");
    let fifo = d.join("pipe.md");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let out = claw_lint(
        &["--isolated", "--format", "json", "--threads", "2", "."],
        d,
    );
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("dangling.md") && warnings.contains("broken symlink"),
        "{warnings}"
    );
    assert!(
        report["summary"]["files_skipped"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "{report}"
    );
    if made_fifo {
        assert!(
            !report.to_string().contains("pipe.md\",\"size"),
            "a FIFO must never be opened"
        );
    }
}

#[test]
fn malformed_pyproject_and_bad_flags_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.claw-lint]\nfail-under = [1, 2]\n",
    )
    .expect("write");
    let out = claw_lint(&["."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pyproject.toml:2:"),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.path().join("pyproject.toml"), "[tool.claw-lint\n").expect("write");
    let out = claw_lint(&["."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pyproject.toml:1:"),
        "{}",
        stderr(&out)
    );
    let out = claw_lint(&["--isolated", "--exclude", "a/{b", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid exclude glob"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_is_found_upward_and_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().expect("tempdir");
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    std::fs::create_dir_all(repo.join("pkg/sub")).expect("mkdir");
    std::fs::write(
        repo.join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.claw-lint]\nfail-under = 99\n[tool.claw-lint.ignore]\nCL103 = \"license is in the parent monorepo\"\n",
    )
    .expect("write");
    let out = claw_lint(&["--format", "json", "pkg/sub"], &repo);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["fail_under"], 99.0, "{report}");
    assert_eq!(
        report["ignored"][0]["reason"],
        "license is in the parent monorepo"
    );
    // A config above the repository root is not used.
    std::fs::write(outer.path().join("claw-lint.toml"), "fail-under = 10\n").expect("write");
    std::fs::remove_file(repo.join("pyproject.toml")).expect("rm");
    let out = claw_lint(&["--format", "json", "pkg/sub"], &repo);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["fail_under"], serde_json::Value::Null, "{report}");
    // Flags override the file.
    std::fs::write(repo.join(".claw-lint.toml"), "fail-under = 50\n").expect("write");
    let out = claw_lint(&["--format", "json", "--fail-under", "60", "."], &repo);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["fail_under"], 60.0);
}

/// A selector the config writes that names no rule stops the run at its place in the file,
/// wherever it is written: `select`, each form of `ignore`, `per-file-ignores`, `[rules.X]`,
/// and the `[tool.claw-lint]` section of `pyproject.toml`.
#[test]
fn an_unknown_selector_in_the_config_is_reported_at_its_line_and_column() {
    let cases: &[(&str, &str, &str)] = &[
        ("claw-lint.toml", "select = [\"community\", \"comunity\"]", "1:24: unknown rule selector \"comunity\", did you mean \"community\"?"),
        ("claw-lint.toml", "# one\nignore = \"CL1O1\"", "2:10: unknown rule selector \"CL1O1\""),
        ("claw-lint.toml", "ignore = [\"CL101\",\n  \"nope\"]", "2:3: unknown rule selector \"nope\""),
        ("claw-lint.toml", "[ignore]\nCL101 = \"why\"\nmissing-readmee = \"why\"", "3:1: unknown rule selector \"missing-readmee\", did you mean \"missing-readme\"?"),
        ("claw-lint.toml", "[per-file-ignores]\n\"legacy/\" = [\"vague-param-doc\", \"vage-param-doc\"]", "2:33: unknown rule selector \"vage-param-doc\""),
        ("claw-lint.toml", "[rules.missing-contributin]\nweight = 2", "1:8: [rules.missing-contributin] names no rule, did you mean \"missing-contributing\"?"),
        ("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.claw-lint]\nselect = [\"CL999\"]", "5:11: unknown rule selector \"CL999\""),
    ];
    let mut wrong = Vec::new();
    for (name, text, expected) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("README.md"), "# x\n").expect("write");
        std::fs::write(dir.path().join(name), format!("{text}\n")).expect("write");
        let out = claw_lint(&["--format", "json", "."], dir.path());
        let err = stderr(&out);
        let positioned = err
            .trim()
            .split_once(&format!("{name}:"))
            .is_some_and(|(_, m)| m.starts_with(expected));
        if out.status.code() != Some(2) || !positioned {
            wrong.push(format!("{text:?}: exit {:?}, {err}", out.status.code()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_misspelt_selector_suggests_the_nearest_rule() {
    let out = claw_lint(
        &["--isolated", "--select", "missing-contribting", "bare"],
        &fixtures().join("repos"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "unknown rule selector \"missing-contribting\", did you mean \"missing-contributing\"?"
        ),
        "{}",
        stderr(&out)
    );
}
