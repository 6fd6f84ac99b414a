//! Where users run claw-lint: file mode (the pre-commit docs hook), the real `pre-commit` running
//! this repository's `.pre-commit-hooks.yaml`, and the composite action's shell steps.
//!
//! Tests that need outside tools or minutes of compiling are `#[ignore = "needs …"]`, so a plain
//! `cargo test` lists them as ignored instead of printing `ok` for a test that did nothing;
//! `.ci/run` installs the tools and runs `cargo test -- --include-ignored`. The pre-commit test
//! needs `pre-commit` on PATH and fails without it. Its first run compiles claw-lint inside pre-commit (`cargo install`); the hook repository is committed with
//! a fixed date under `target/`, and `PRE_COMMIT_HOME` and `CARGO_TARGET_DIR` live there too, so a
//! rerun on unchanged sources reuses pre-commit's environment and changed sources rebuild only
//! this crate.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{claw_lint, stderr, stdout};

/// Writes `files` under `root`, creating folders.
fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=claw-lint tests",
            "-c",
            "user.email=tests@claw-lint.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    out
}

const README: &str = "# tinynet\n\nA tiny convolutional network for CIFAR-10 experiments.\n";
const MODEL_PY: &str = r#""""A tiny model."""


def build(width, dropout=0.1):
    """Build the network.

    Args:
        width (int): channels of the first convolution; later layers double it.
        dropout (float): probability of zeroing an activation in training. Default: 0.1.
    """
    return (width, dropout)
"#;

/// A layer whose docstring restates a parameter's name (`vague-param-doc`, a warning).
const VAGUE_LAYERS_PY: &str = r#""""Layers."""


def dropout_block(x, dropout_rate=0.1):
    """Apply dropout.

    Args:
        x: Activations of shape (batch, features).
        dropout_rate: The dropout rate.
    """
    return x
"#;

/// A repository missing its contributing guide and license, with one vague parameter doc.
fn bad_repo(root: &Path) {
    write_files(
        root,
        &[
            ("README.md", README),
            ("tinynet/model.py", MODEL_PY),
            ("tinynet/layers.py", VAGUE_LAYERS_PY),
        ],
    );
}

/// The same repository with a license and what `claw-lint init` scaffolds: init's output must
/// satisfy the hook's default threshold.
fn good_repo(root: &Path) {
    bad_repo(root);
    write_files(
        root,
        &[
            (
                "LICENSE",
                "MIT License\n\nCopyright (c) 2026 tinynet authors\n",
            ),
            (
                "tinynet/layers.py",
                &VAGUE_LAYERS_PY.replace(
                    "The dropout rate.",
                    "Probability of zeroing each activation during training, in [0, 1).",
                ),
            ),
        ],
    );
    let out = claw_lint(&["init", "."], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn file_mode_runs_only_file_level_rules_on_the_given_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    bad_repo(dir.path());
    let whole = claw_lint(&["--isolated", "--format", "json"], dir.path());
    assert_eq!(whole.status.code(), Some(1), "{}", stderr(&whole));
    assert!(stdout(&whole).contains("\"CL101\""));

    // From a subfolder, with paths relative to it: the root is found through `.git`.
    let files = claw_lint(
        &["--isolated", "--format", "json", "model.py", "../README.md"],
        &dir.path().join("tinynet"),
    );
    assert_eq!(files.status.code(), Some(0), "{}", stderr(&files));
    let report: serde_json::Value = serde_json::from_slice(&files.stdout).expect("json");
    assert_eq!(report["root"], "..");
    // Repository-level rules (a missing guide or license) do not run on a list of files.
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["fail_under"], serde_json::Value::Null);

    // The human report does not present a handful of files' credit as the repository's score.
    let human = claw_lint(
        &["--isolated", "--color", "never", "tinynet/layers.py"],
        dir.path(),
    );
    let text = stdout(&human);
    assert!(
        text.contains("Checked file-level rules on 1 file: 1 finding,"),
        "{text}"
    );
    assert!(!text.contains("Score "), "{text}");
}

#[test]
fn file_mode_rejects_mixed_and_foreign_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    git(dir.path(), &["init", "-q"]);
    bad_repo(dir.path());
    let mixed = claw_lint(&["--isolated", "tinynet", "README.md"], dir.path());
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        stderr(&mixed).contains("give one repository folder to scan, or only files"),
        "{}",
        stderr(&mixed)
    );
    let other = tempfile::tempdir().expect("tempdir");
    git(other.path(), &["init", "-q"]);
    write_files(other.path(), &[("x.py", "")]);
    let foreign = other.path().join("x.py");
    let out = claw_lint(
        &["--isolated", "README.md", foreign.to_str().expect("utf8")],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is outside the repository"),
        "{}",
        stderr(&out)
    );
}

/// `pre-commit` on PATH; the test was asked for (`--include-ignored`), so its absence fails it.
fn pre_commit() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("pre-commit"))
                .find(|p| p.is_file())
        })
        .expect("pre-commit is not on PATH: `python3 -m pip install pre-commit` (.ci/run does)")
}

/// The files pre-commit needs to build the hook: the crate's sources and the hook manifest.
const HOOK_REPO_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    ".pre-commit-hooks.yaml",
    "README.md",
    "LICENSE",
];
const HOOK_REPO_DIRS: &[&str] = &["src", "rules"];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("read dir")
        .map(|e| e.expect("entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// A git repository holding a snapshot of the current sources, at a fixed place under `target/`
/// and with a fixed commit date, so the same sources give the same commit (and pre-commit's
/// cache hits). Returns its path and commit.
fn hook_repository(work: &Path) -> (PathBuf, String) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = work.join("hook-repo");
    if repo.exists() {
        std::fs::remove_dir_all(&repo).expect("clean hook repo");
    }
    std::fs::create_dir_all(&repo).expect("mkdir");
    for file in HOOK_REPO_FILES {
        if source.join(file).is_file() {
            std::fs::copy(source.join(file), repo.join(file)).expect("copy");
        }
    }
    for dir in HOOK_REPO_DIRS {
        copy_dir(&source.join(dir), &repo.join(dir));
    }
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(
        &repo,
        &[
            "commit",
            "-q",
            "-m",
            "claw-lint snapshot for the pre-commit test",
        ],
    );
    let head = git(&repo, &["rev-parse", "HEAD"]);
    (
        repo,
        String::from_utf8_lossy(&head.stdout).trim().to_string(),
    )
}

/// A throwaway project using the hooks, with everything staged as pre-commit requires.
fn project(kind: fn(&Path), hook_repo: &Path, rev: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    kind(dir.path());
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: claw-lint\n      - id: claw-lint-docs\n",
        hook_repo.display()
    );
    write_files(dir.path(), &[(".pre-commit-config.yaml", &config)]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    dir
}

fn run_pre_commit(exe: &Path, work: &Path, project: &Path, args: &[&str]) -> Output {
    Command::new(exe)
        .args(["run", "--color", "never"])
        .args(args)
        .current_dir(project)
        .env("PRE_COMMIT_HOME", work.join("pre-commit-home"))
        // Keep the compiled dependencies between runs, and build the hook without LTO: this
        // tests the hook's wiring, not the release binary's speed.
        .env("CARGO_TARGET_DIR", work.join("cargo-target"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .output()
        .expect("run pre-commit")
}

fn combined(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

#[test]
#[ignore = "needs pre-commit and builds claw-lint with cargo install: run with --include-ignored"]
fn pre_commit_runs_the_hooks_from_a_clone_of_this_repository() {
    let exe = pre_commit();
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-test");
    std::fs::create_dir_all(&work).expect("mkdir");
    let (hook_repo, rev) = hook_repository(&work);

    let bad = project(bad_repo, &hook_repo, &rev);
    let out = run_pre_commit(&exe, &work, bad.path(), &["--all-files"]);
    let text = combined(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("claw-lint (contributor readiness)"), "{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains("missing-contributing"), "{text}");
    assert!(text.contains("missing-license"), "{text}");

    let good = project(good_repo, &hook_repo, &rev);
    let out = run_pre_commit(&exe, &work, good.path(), &["--all-files"]);
    let text = combined(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("Failed"), "{text}");

    // The docs hook gets the Python and Markdown files and agrees with claw-lint run on them
    // directly in file mode: repository-level problems of the bad repository are not its business.
    let out = run_pre_commit(
        &exe,
        &work,
        bad.path(),
        &["claw-lint-docs", "--all-files", "--verbose"],
    );
    let text = combined(&out);
    let direct = claw_lint(
        &[
            "--fail-on",
            "warning",
            "README.md",
            "tinynet/layers.py",
            "tinynet/model.py",
        ],
        bad.path(),
    );
    assert_eq!(
        out.status.success(),
        direct.status.success(),
        "pre-commit: {text}\ndirect: {}",
        stdout(&direct)
    );
    assert!(text.contains("claw-lint docs (file-level rules)"), "{text}");
    assert!(!text.contains("missing-contributing"), "{text}");
    // It fails on the vague parameter doc (the hook passes --fail-on warning) ...
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("vague-param-doc") || text.contains("CL304"),
        "{text}"
    );
    // ... and passes once the docstring says what the name does not.
    let out = run_pre_commit(&exe, &work, good.path(), &["claw-lint-docs", "--all-files"]);
    assert_eq!(out.status.code(), Some(0), "{}", combined(&out));
}

/// One step of the composite action, ready to run.
struct Step {
    name: String,
    script: String,
    env: Vec<(String, String)>,
}

/// The action's steps, with `${{ inputs.* }}` and `${{ github.action_path }}` replaced as the
/// runner would: `inputs` overrides the declared defaults.
fn action_steps(inputs: &[(&str, &str)]) -> Vec<Step> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"))
        .expect("read action.yml");
    let action: serde_json::Value = serde_saphyr::from_str(&text).expect("action.yml parses");
    assert_eq!(action["runs"]["using"], "composite");
    let declared = action["inputs"].as_object().expect("inputs");
    let value_of = |name: &str| -> String {
        inputs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
            .or_else(|| Some(declared.get(name)?["default"].as_str()?.to_string()))
            .unwrap_or_else(|| panic!("action.yml has no input {name}"))
    };
    let expression = regex::Regex::new(r"\$\{\{\s*([a-z_.-]+)\s*\}\}").expect("regex");
    let mut steps = Vec::new();
    for step in action["runs"]["steps"].as_array().expect("steps") {
        let script = step["run"]
            .as_str()
            .expect("every step is a shell step")
            .to_string();
        // Inputs reach scripts only through env, so no input can inject shell code.
        assert!(
            !script.contains("${{"),
            "expression inside a script: {script}"
        );
        assert_eq!(step["shell"], "bash");
        let mut env = Vec::new();
        for (key, template) in step["env"].as_object().into_iter().flatten() {
            let template = template.as_str().expect("env value");
            let value = expression.replace_all(template, |c: &regex::Captures| {
                match c[1].strip_prefix("inputs.") {
                    Some(name) => value_of(name),
                    None if &c[1] == "github.action_path" => env!("CARGO_MANIFEST_DIR").to_string(),
                    None => panic!("unexpected expression {}", &c[0]),
                }
            });
            env.push((key.clone(), value.into_owned()));
        }
        steps.push(Step {
            name: step["name"].as_str().unwrap_or("").to_string(),
            script,
            env,
        });
    }
    steps
}

/// Runs one step the way a composite action's `shell: bash` does, with the runner's files.
fn run_step(script: &str, env: &[(String, String)], cwd: &Path, runner: &Path) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_claw-lint"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    // `runner/bin` first, where a test may put a wrapper that records each claw-lint run.
    let path = std::env::join_paths([runner.join("bin"), bin_dir].into_iter().chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(cwd)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PATH", path)
        .env("RUNNER_TEMP", runner)
        .env("GITHUB_PATH", runner.join("github_path"))
        .env("GITHUB_OUTPUT", runner.join("github_output"))
        .env("GITHUB_STEP_SUMMARY", runner.join("step_summary.md"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run bash")
}

#[test]
fn action_install_step_checks_its_method() {
    let runner = tempfile::tempdir().expect("tempdir");
    let steps = action_steps(&[("install", "none")]);
    let Step { name, script, env } = &steps[0];
    assert_eq!(name, "Install claw-lint");
    let out = run_step(script, env, runner.path(), runner.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));

    let steps = action_steps(&[("install", "brew")]);
    let Step { script, env, .. } = &steps[0];
    let out = run_step(script, env, runner.path(), runner.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("::error title=claw-lint::unknown install method 'brew'"));
}

#[test]
#[ignore = "runs cargo install (minutes): run with --include-ignored"]
fn action_cargo_install_builds_from_the_action_path() {
    let runner = tempfile::tempdir().expect("tempdir");
    let steps = action_steps(&[("install", "cargo")]);
    let Step { script, env, .. } = &steps[0];
    let mut env = env.clone();
    // Share compiled dependencies with the pre-commit test; a quick profile, as there.
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-test");
    for (key, value) in [
        (
            "CARGO_TARGET_DIR",
            work.join("cargo-target").display().to_string(),
        ),
        ("CARGO_PROFILE_RELEASE_LTO", "false".to_string()),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16".to_string()),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1".to_string()),
    ] {
        env.push((key.to_string(), value));
    }
    let out = run_step(script, &env, runner.path(), runner.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        stdout(&out)
    );
    let github_path =
        std::fs::read_to_string(runner.path().join("github_path")).expect("GITHUB_PATH written");
    let bin = runner.path().join("claw-lint/bin");
    assert_eq!(github_path.trim(), bin.display().to_string());
    assert!(bin.join("claw-lint").is_file());
}

#[test]
fn action_run_step_gates_annotates_and_writes_sarif_and_summary() {
    let repo = tempfile::tempdir().expect("tempdir");
    bad_repo(repo.path());
    let runner = tempfile::tempdir().expect("tempdir");
    // A wrapper that logs every claw-lint run, one line of arguments each.
    let wrapper_dir = runner.path().join("bin");
    std::fs::create_dir_all(&wrapper_dir).expect("mkdir");
    let wrapper = wrapper_dir.join("claw-lint");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nprintf '%s|' \"$@\" >> \"{}\"\necho >> \"{}\"\nexec \"{}\" \"$@\"\n",
            runner.path().join("runs.log").display(),
            runner.path().join("runs.log").display(),
            env!("CARGO_BIN_EXE_claw-lint")
        ),
    )
    .expect("write wrapper");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let steps = action_steps(&[
        ("fail-under", "90"),
        ("sarif-file", "claw-lint.sarif"),
        // Quotes group words as in a shell: one --exclude value with a space in it.
        ("args", "--isolated --exclude 'old vendor/'"),
    ]);
    let Step { name, script, env } = &steps[1];
    assert_eq!(name, "Run claw-lint");
    let out = run_step(script, env, repo.path(), runner.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let runs = std::fs::read_to_string(runner.path().join("runs.log")).expect("runs logged");
    assert_eq!(
        runs.lines().count(),
        1,
        "one scan writes every report:\n{runs}"
    );
    assert!(runs.contains("|--exclude|old vendor/|"), "{runs}");
    assert!(stdout(&out).contains("::error "), "{}", stdout(&out));
    let sarif: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo.path().join("claw-lint.sarif")).expect("sarif written"),
    )
    .expect("sarif is json");
    assert_eq!(sarif["version"], "2.1.0");
    let summary = std::fs::read_to_string(runner.path().join("step_summary.md")).expect("summary");
    assert!(summary.contains("| Category | Score |"), "{summary}");
    let outputs = std::fs::read_to_string(runner.path().join("github_output")).expect("outputs");
    assert!(outputs.starts_with("score="), "{outputs}");

    // The same repository passes when the gate allows it.
    let runner = tempfile::tempdir().expect("tempdir");
    let steps = action_steps(&[
        ("fail-under", "0"),
        ("fail-on", "never"),
        ("step-summary", "false"),
        ("args", "--isolated"),
    ]);
    let Step { script, env, .. } = &steps[1];
    let out = run_step(script, env, repo.path(), runner.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!runner.path().join("step_summary.md").exists());
}

#[test]
fn action_trusted_config_inputs_reach_the_command_line() {
    let repo = tempfile::tempdir().expect("tempdir");
    bad_repo(repo.path());
    // The pull request's own config would wave everything through.
    write_files(
        repo.path(),
        &[("claw-lint.toml", "fail-under = 0\nfail-on = \"never\"\n")],
    );
    let trusted = tempfile::tempdir().expect("tempdir");
    let trusted_config = trusted.path().join("claw-lint.toml");
    std::fs::write(&trusted_config, "fail-under = 90\n").expect("write trusted config");
    let run = |inputs: &[(&str, &str)]| {
        let runner = tempfile::tempdir().expect("tempdir");
        let steps = action_steps(inputs);
        let Step { script, env, .. } = &steps[1];
        let out = run_step(script, env, repo.path(), runner.path());
        (out, runner)
    };
    let trusted_path = trusted_config.display().to_string();
    let (out, _runner) = run(&[("config", &trusted_path), ("step-summary", "false")]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "trusted fail-under 90 gates: {}",
        stderr(&out)
    );
    let (out, _runner) = run(&[
        ("isolated", "true"),
        ("fail-under", "90"),
        ("step-summary", "false"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--isolated ignores the repo's config: {}",
        stderr(&out)
    );
    let (out, _runner) = run(&[("step-summary", "false")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "without either, the repo's config decides"
    );
    let (out, _runner) = run(&[("isolated", "yes")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("isolated must be true or false"),
        "{}",
        stdout(&out)
    );
}
