//! The hostile-repository suite: trees an attacker could open a pull request with, built in a
//! temporary folder, each scanned by the real binary under a time limit and an address-space
//! cap, asserting a sensible report rather than a crash, a hang or a write outside the tree.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address-space cap for one scan (worker stacks are reserved, not used, so this is generous).
const MEMORY_CAP_KIB: u64 = 3 * 1024 * 1024;

/// Runs the binary in `cwd` under `ulimit -v` and a wall-clock limit; a hang fails the test.
/// Its output is drained while it runs, so a report larger than a pipe holds cannot stall it.
fn run_bounded(args: &[&str], cwd: &Path, limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_claw-lint"))
        .args(args)
        .current_dir(cwd)
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn claw-lint");
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claw-lint {args:?} ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    (output, started.elapsed())
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn json_scan(dir: &Path, extra: &[&str]) -> (serde_json::Value, Output) {
    let mut args = vec!["--isolated", "--threads", "2", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(".");
    let (output, _) = run_bounded(&args, dir, Duration::from_secs(60));
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_slice(&output.stdout).expect("valid json");
    (report, output)
}

fn warnings_for<'a>(report: &'a serde_json::Value, path: &str) -> Vec<&'a str> {
    report["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["path"] == path)
        .filter_map(|w| w["message"].as_str())
        .collect()
}

#[test]
fn deeply_nested_python_is_read_or_a_warning_never_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "pkg/__init__.py", "\"\"\"Pkg.\"\"\"\n");
    let deep = [
        (
            "brackets",
            format!("x = {}{}\n", "[".repeat(500_000), "]".repeat(500_000)),
        ),
        (
            "lists",
            format!("x = {}{}\n", "[".repeat(35_000), "]".repeat(35_000)),
        ),
        ("sums", format!("x = {}1\n", "1 + ".repeat(50_000))),
        ("negations", format!("x = {}1\n", "- ".repeat(50_000))),
    ];
    // The outline scan reads deep code without recursing; where it gives up (the `$`), ruff's
    // parser would recurse once per level, so the file is refused with a warning instead.
    for (name, text) in &deep {
        write(d, &format!("pkg/{name}.py"), text);
        write(d, &format!("pkg/broken_{name}.py"), format!("{text}$\n"));
    }
    let (report, _) = json_scan(d, &["--max-file-size", "2MB"]);
    for (name, _) in &deep {
        let outlined = warnings_for(&report, &format!("pkg/{name}.py"));
        assert!(outlined.is_empty(), "{name}: {outlined:?}");
        let refused = warnings_for(&report, &format!("pkg/broken_{name}.py"));
        assert!(
            refused.iter().any(|w| w.contains("nest more than")),
            "broken_{name}: {refused:?}"
        );
    }
}

#[test]
fn a_malformed_pyproject_is_a_warning_with_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "pkg/__init__.py", "\"\"\"Pkg.\"\"\"\n");
    write(d, "pyproject.toml", "[project]\nname = \"pkg\"\n[tool\n");
    let (report, _) = json_scan(d, &[]);
    let warnings = warnings_for(&report, "pyproject.toml");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("not parsed: invalid TOML at 3:")),
        "{warnings:?}"
    );
}

#[cfg(unix)]
#[test]
fn output_refuses_a_symlink_committed_in_the_checkout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "README.md", "# hi\n");
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "keep").expect("write");
    std::os::unix::fs::symlink(&victim, d.join("claw-lint.sarif")).expect("symlink");
    std::os::unix::fs::symlink(outside.path().join("new"), d.join("dangling.sarif"))
        .expect("symlink");
    for target in ["claw-lint.sarif", "dangling.sarif"] {
        let args = ["--isolated", "--format", "sarif", "--output", target, "."];
        let (output, _) = run_bounded(&args, d, Duration::from_secs(60));
        assert_eq!(output.status.code(), Some(2), "{target}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("symlink"), "{stderr}");
    }
    assert_eq!(std::fs::read(&victim).expect("read"), b"keep");
    assert!(!outside.path().join("new").exists());
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symlinked_folder_nor_reads_a_fifo_or_dev_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "pkg/__init__.py", "");
    std::os::unix::fs::symlink(outside.path(), d.join(".github")).expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", d.join("pyproject.toml")).expect("symlink");
    let made = Command::new("mkfifo")
        .arg(d.join("setup.cfg"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let (output, _) = run_bounded(&["init", "."], d, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(".github is a symlink"), "{stderr}");
    assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);
}

#[test]
fn thread_counts_out_of_range_are_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    for threads in ["0", "4096"] {
        let (output, _) = run_bounded(
            &["--threads", threads, "."],
            dir.path(),
            Duration::from_secs(30),
        );
        assert_eq!(output.status.code(), Some(2), "--threads {threads}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("is not in 1..=128"));
    }
}

#[test]
fn a_nan_weight_in_the_repository_config_cannot_fake_a_pass() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "claw-lint.toml",
        "[rules.missing-contributing]\nweight = nan\n",
    );
    let args = ["--fail-under", "99", "."];
    let (output, _) = run_bounded(&args, d, Duration::from_secs(30));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("claw-lint.toml:2:10: [rules.missing-contributing] weight must be a number from 0 to 1000, got NaN"), "{stderr}");
}

/// Every format a run can print, as `--format` spells them.
const FORMATS: [&str; 8] = [
    "human", "json", "sarif", "github", "markdown", "gitlab", "html", "badge",
];

/// Runs one format with the repository's own config (not `--isolated`); returns stdout and stderr.
fn scan_format(dir: &Path, format: &str) -> (String, String) {
    // No colour: then any escape sequence in the output came from the repository.
    let args = [
        "--threads",
        "2",
        "--format",
        format,
        "--color",
        "never",
        ".",
    ];
    let (output, _) = run_bounded(&args, dir, Duration::from_secs(60));
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{format}: exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A line the Actions runner would run as a command: `##[` anywhere (its legacy syntax), or `::`
/// at the start after blanks, other than the annotations `--format github` itself writes.
fn runner_command(line: &str, format: &str) -> bool {
    let own = format == "github"
        && ["::error ", "::warning ", "::notice "]
            .iter()
            .any(|c| line.starts_with(c));
    line.contains("##[") || (line.trim_start().starts_with("::") && !own)
}

const NOTEBOOK_WITH_OUTPUTS: &str = r#"{"cells": [{"cell_type": "code", "source": ["1"], "outputs": [{"output_type": "stream", "text": ["1"]}]}], "nbformat": 4}"#;

#[test]
fn repository_text_raises_no_workflow_command_in_any_format_or_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // A link, a heading, an issue-template label and a file name, each carrying `##[` or `::`.
    write(
        d,
        "README.md",
        "# ##[error]heading\n\nSee [##[error]link](docs/##[error]missing.md) and\n[x](::error::y.md).\n",
    );
    write(
        d,
        ".github/ISSUE_TEMPLATE/bug.yml",
        "name: Bug\ndescription: d\nlabels: [\"##[error]label\", \"::warning::x\"]\nbody:\n  - type: textarea\n    attributes:\n      label: What happened\n",
    );
    write(d, "requirements.txt", "torch\n");
    write(d, "notebooks/##[error]nb.ipynb", NOTEBOOK_WITH_OUTPUTS);
    write(
        d,
        "claw-lint.toml",
        "[[rule]]\ncode = \"X1\"\nname = \"x-rule\"\ncategory = \"::error::cat\"\nseverity = \"error\"\nweight = 1\nsummary = \"s\"\nwhy = \"w\"\nfix = \"##[error]fix\\n::error::fix\"\ncheck = \"file-exists\"\nparams = { what = \"x\", stems = [\"X\"], exts = [\"md\"], dirs = [\"\"] }\n",
    );
    let (json, _) = scan_format(d, "json");
    assert!(
        json.contains("docs/#\\u0023[error]missing.md")
            && json.contains("notebooks/#\\u0023[error]nb.ipynb"),
        "the broken link is reported, its text defused: {json}"
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("json");
    let messages = report["findings"].to_string();
    assert!(
        messages.contains("##[error]"),
        "JSON still decodes to the repository's text"
    );
    for format in FORMATS {
        let (stdout, stderr) = scan_format(d, format);
        for line in stdout.lines().chain(stderr.lines()) {
            assert!(!runner_command(line, format), "{format}: {line}");
        }
    }
    // A config error quoting the repository's text on stderr.
    write(d, "claw-lint.toml", "select = [\"##[error]x\"]\n");
    let (output, _) = run_bounded(&["."], d, Duration::from_secs(30));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown rule selector"), "{stderr}");
    assert!(!stderr.contains("##["), "{stderr}");
    write(d, "claw-lint.toml", "select = [\"::error::x\"]\n");
    let (output, _) = run_bounded(&["."], d, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.lines().all(|l| !runner_command(l, "human")),
        "{stderr}"
    );
}

#[test]
fn config_rule_entries_reach_no_report_as_markup_mentions_or_controls() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "claw-lint.toml",
        "[[rule]]\ncode = \"<script>alert(1)</script>\"\nname = \"<img src=x onerror=alert(1)>\"\ncategory = \"@everyone\"\nseverity = \"error\"\nweight = 1\nsummary = \"s\"\nwhy = \"w\"\nfix = \"ping @everyone \\u001b[2J\\u0007 <b>now</b>\"\ncheck = \"file-exists\"\nparams = { what = \"x\", stems = [\"X\"], exts = [\"md\"], dirs = [\"\"] }\n",
    );
    let (markdown, _) = scan_format(d, "markdown");
    assert!(
        markdown.contains("alert(1)"),
        "the rule is reported: {markdown}"
    );
    for raw in ["<script", "<img", "@everyone", "<b>now", "\u{1b}", "\u{7}"] {
        assert!(!markdown.contains(raw), "markdown has {raw:?}:\n{markdown}");
    }
    let (html, _) = scan_format(d, "html");
    for raw in ["<script>alert", "<img", "<b>now", "\u{1b}", "\u{7}"] {
        assert!(!html.contains(raw), "html has {raw:?}");
    }
    let (human, _) = scan_format(d, "human");
    assert!(human.contains("\\u{1b}[2J"), "ESC shown visibly: {human}");
    assert!(!human.contains("\u{1b}[2J") && !human.contains('\u{7}'));
    let (github, _) = scan_format(d, "github");
    assert!(
        !github.contains('\u{1b}') && !github.contains('\u{7}'),
        "{github:?}"
    );
}

/// Controls a terminal obeys or that reorder or hide text: ESC, BEL, NUL, a C1 control, bidi.
fn is_hostile_char(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(unix)]
#[test]
fn github_annotations_show_controls_and_bidi_from_file_names_and_config_visibly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let name = "nb\u{1b}[31m\u{7}\u{85}\u{202e}bd.ipynb";
    let path = d.join(std::ffi::OsStr::from_bytes(name.as_bytes()));
    std::fs::write(path, NOTEBOOK_WITH_OUTPUTS).expect("write notebook");
    write(d, "requirements.txt", "torch\n");
    write(
        d,
        "claw-lint.toml",
        "[[rule]]\ncode = \"X1\\u0000\\u001b\"\nname = \"x\\u0085\\u202erule\"\ncategory = \"community\"\nseverity = \"error\"\nweight = 1\nsummary = \"s\"\nwhy = \"w\"\nfix = \"a\\u0000b\\u0007c\\u2067d\"\ncheck = \"file-exists\"\nparams = { what = \"x\", stems = [\"X\"], exts = [\"md\"], dirs = [\"\"] }\n",
    );
    let (github, _) = scan_format(d, "github");
    let notebook = github
        .lines()
        .find(|l| l.contains("file=nb"))
        .unwrap_or_else(|| panic!("the notebook is annotated: {github}"));
    assert!(
        notebook.contains("file=nb\\u{1b}[31m\\u{7}\\u{85}\\u{202e}bd.ipynb"),
        "{notebook}"
    );
    let rule = github
        .lines()
        .find(|l| l.contains("title=X1"))
        .unwrap_or_else(|| panic!("the config rule is annotated: {github}"));
    assert!(
        rule.contains("title=X1\\u{0}\\u{1b} x\\u{85}\\u{202e}rule"),
        "{rule}"
    );
    assert!(rule.contains("a\\u{0}b\\u{7}c\\u{2067}d"), "{rule}");
    for line in github.lines() {
        assert!(!line.chars().any(is_hostile_char), "{line:?}");
    }
    let (human, _) = scan_format(d, "human");
    let (markdown, _) = scan_format(d, "markdown");
    for (format, text) in [("human", human), ("markdown", markdown)] {
        assert!(!text.chars().any(is_hostile_char), "{format}: {text:?}");
    }
}

/// Runs the binary with stdout and stderr sent where the shell puts them (`>/dev/full`, a pipe
/// closed by `head`), returning its exit code: whatever cannot be written, never a panic (101).
#[cfg(target_os = "linux")]
fn exit_code_with_redirect(dir: &Path, args: &str, redirect: &str) -> Option<i32> {
    let script = format!("\"$0\" {args} {redirect}; echo \"exit=$?\" >&3");
    let output = Command::new("bash")
        .args(["-o", "pipefail", "-c", &format!("{{ {script}; }} 3>&1")])
        .arg(env!("CARGO_BIN_EXE_claw-lint"))
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("run bash");
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("exit="))
        .and_then(|code| code.trim().parse().ok())
}

#[cfg(target_os = "linux")]
#[test]
fn failing_stdout_or_stderr_ends_with_an_exit_code_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "README.md", "# hi\n");
    // An error exit whose message cannot be written: still exit 2.
    let code = exit_code_with_redirect(d, "--config missing.toml .", "2>/dev/full");
    assert_eq!(code, Some(2));
    // A report that cannot be written (disk full): exit 2, with or without a writable stderr.
    assert_eq!(
        exit_code_with_redirect(d, "--isolated .", ">/dev/full"),
        Some(2)
    );
    assert_eq!(
        exit_code_with_redirect(d, "--isolated .", ">/dev/full 2>&1"),
        Some(2)
    );
    // A reader that stops early (`| head -1`): the scan's own verdict, not a panic.
    let code = exit_code_with_redirect(d, "--isolated --format sarif .", "| head -c 1 >/dev/null");
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
}

#[test]
fn every_format_caps_findings_per_rule_and_keeps_the_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // A README of broken links, read because the repository's own config raised the size cap.
    let links = 20_000;
    write(d, "README.md", "[a](b) ".repeat(links));
    write(d, "claw-lint.toml", "max-file-size = \"256MiB\"\n");
    let run = |format: &str, extra: &[&str]| {
        let mut args = vec!["--threads", "2", "--format", format];
        args.extend_from_slice(extra);
        args.push(".");
        let (output, _) = run_bounded(&args, d, Duration::from_secs(120));
        assert_eq!(output.status.code(), Some(1), "{format}");
        output.stdout
    };
    let json: serde_json::Value =
        serde_json::from_slice(&run("json", &["--max-findings-per-rule", "100"])).expect("json");
    let broken: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["name"] == "broken-relative-link")
        .collect();
    assert_eq!(broken.len(), 100);
    let code = broken[0]["rule"].as_str().expect("code").to_string();
    assert_eq!(
        json["omitted_findings"][&code],
        links - 100,
        "the total is kept"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&run("sarif", &["--max-findings-per-rule", "100"])).expect("sarif");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(
        results
            .iter()
            .filter(|r| r["ruleId"] == code.as_str())
            .count(),
        100
    );
    assert_eq!(
        sarif["runs"][0]["properties"]["omittedResults"][&code],
        links - 100
    );
    // By default every format stays small: a few thousand findings, not twenty thousand.
    for format in FORMATS {
        let bytes = run(format, &[]).len();
        assert!(bytes < 4_000_000, "{format}: {bytes} bytes");
    }
    let human = String::from_utf8(run("human", &[])).expect("utf-8");
    assert!(
        human.contains(&format!("… and {} more", links - 10)),
        "{human}"
    );
    assert!(
        human.contains(" skipped, 200"),
        "the summary counts every finding: {human}"
    );
}

#[test]
fn a_function_of_twenty_thousand_parameters_is_checked_in_linear_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let n = 20_000;
    let params: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let google: String = (0..n)
        .map(|i| format!("        p{i}: the value {i}.\n"))
        .collect();
    let sphinx: String = (0..n)
        .map(|i| format!("    :param p{i}: the value {i}.\n    :type p{i}: int\n"))
        .collect();
    write(d, "pkg/__init__.py", "\"\"\"Pkg.\"\"\"\n");
    write(
        d,
        "pkg/wide.py",
        format!(
            "\"\"\"Wide.\"\"\"\n\n\ndef f({0}):\n    \"\"\"Do it.\n\n    Args:\n{google}    \"\"\"\n\n\ndef g({0}):\n    \"\"\"Do it.\n\n{sphinx}    \"\"\"\n",
            params.join(", ")
        ),
    );
    // Each parameter was looked up by a scan of every docstring entry (and every `:type` field
    // by a scan of every `:param`): minutes at this size. Now a few seconds, even unoptimised.
    let started = Instant::now();
    let (report, _) = json_scan(d, &["--select", "docs", "--max-file-size", "4MB"]);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(45), "{elapsed:?}");
    let wide: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["path"] == "pkg/wide.py")
        .collect();
    assert!(wide.is_empty(), "every parameter is documented: {wide:?}");
}

#[test]
fn a_50_mb_file_and_10_mb_one_line_files_are_read_within_bounds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // The repository raises its own size cap so the big files are read, not just indexed.
    write(d, "claw-lint.toml", "max-file-size = \"256MiB\"\n");
    write(d, "pkg/__init__.py", "\"\"\"Pkg.\"\"\"\n");
    // 50 MB of zeros, sparse on disk: binary content under a .py name.
    let big = std::fs::File::create(d.join("pkg/big.py")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("set_len");
    write(d, "README.md", "word ".repeat(2 * 1024 * 1024));
    write(d, "pkg/one_line.py", "x = 1; ".repeat(1_500_000));
    let started = Instant::now();
    let args = ["--threads", "2", "--format", "json", "."];
    let (output, _) = run_bounded(&args, d, Duration::from_secs(90));
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["summary"]["files_scanned"], 5);
    assert!(
        report["summary"]["files_skipped"].as_u64() >= Some(1),
        "the 50 MB of zeros are binary, skipped: {}",
        report["summary"]
    );
    eprintln!("50 MB + 10 MB one-line files: {:?}", started.elapsed());
}

#[test]
fn a_hundred_thousand_empty_files_are_indexed_in_bounded_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    for folder in 0..100 {
        let path = d.join(format!("data/{folder:03}"));
        std::fs::create_dir_all(&path).expect("mkdir");
        for file in 0..1000 {
            std::fs::File::create(path.join(format!("{file}.txt"))).expect("create");
        }
    }
    let started = Instant::now();
    let (report, _) = json_scan(d, &[]);
    eprintln!("100k empty files: {:?}", started.elapsed());
    assert_eq!(report["summary"]["files_scanned"], 100_000);
}

#[cfg(unix)]
#[test]
fn names_with_newlines_escapes_and_command_syntax_stay_one_annotation_each() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "requirements.txt", "torch\n");
    let names = [
        "nb\nnew line.ipynb",
        "nb\u{1b}]0;title\u{7}.ipynb",
        "::error::nb.ipynb",
        "nb%0A::warning::x.ipynb",
    ];
    std::fs::create_dir_all(d.join("notebooks")).expect("mkdir");
    for name in names {
        let path = d
            .join("notebooks")
            .join(std::ffi::OsStr::from_bytes(name.as_bytes()));
        std::fs::write(path, NOTEBOOK_WITH_OUTPUTS).expect("write");
    }
    let (report, _) = json_scan(d, &[]);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| p.starts_with("notebooks/"))
        .collect();
    for name in names {
        let path = format!("notebooks/{name}");
        assert!(paths.contains(&path.as_str()), "{path:?} in {paths:?}");
    }
    let (github, _) = scan_format(d, "github");
    let notebook_lines = github
        .lines()
        .filter(|l| l.contains("file=notebooks/"))
        .count();
    assert_eq!(
        notebook_lines,
        names.len(),
        "one line per annotation:\n{github}"
    );
    for line in github.lines() {
        assert!(
            ["::error ", "::warning ", "::notice ", "claw-lint "]
                .iter()
                .any(|start| line.starts_with(start)),
            "a name broke a line: {line:?}"
        );
        assert!(!runner_command(line, "github"), "{line}");
    }
    assert!(
        github.contains("file=notebooks/nb%250A%3A%3Awarning%3A%3Ax.ipynb"),
        "{github}"
    );
}

#[test]
fn a_contributing_guide_of_ten_thousand_sections_is_read_in_bounded_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let guide: String = (0..10_000)
        .map(|i| format!("## Section {i}\n\nRun `pytest tests/test_{i}.py` and see [part {i}](docs/{i}.md).\n\n"))
        .collect();
    write(d, "CONTRIBUTING.md", guide);
    write(d, "tests/test_a.py", "def test_a():\n    assert True\n");
    let started = Instant::now();
    let (report, _) = json_scan(d, &["--max-file-size", "8MB"]);
    eprintln!("10,000-section CONTRIBUTING.md: {:?}", started.elapsed());
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["path"] == "CONTRIBUTING.md")
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(
        rules.contains(&"broken-relative-link"),
        "its links are checked: {rules:?}"
    );
    assert!(!rules.contains(&"missing-contributing"));
}

#[cfg(unix)]
#[test]
fn sockets_and_two_hundred_nested_folders_neither_hang_nor_vanish() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let _listener =
        std::os::unix::net::UnixListener::bind(d.join("README.md")).expect("bind a socket");
    let deep: String = (0..200).map(|i| format!("d{i}/")).collect();
    write(
        d,
        &format!("{deep}CONTRIBUTING.md"),
        "# Contributing\n\nRun `pytest`.\n",
    );
    write(d, &format!("{deep}pkg/mod.py"), "\"\"\"Deep.\"\"\"\n");
    let started = Instant::now();
    let (report, _) = json_scan(d, &[]);
    eprintln!("a socket and 200 nested folders: {:?}", started.elapsed());
    assert_eq!(
        report["summary"]["files_scanned"], 2,
        "the deep files are indexed, the socket not as a file: {}",
        report["summary"]
    );
}
