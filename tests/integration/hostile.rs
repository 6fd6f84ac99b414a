//! The hostile-repository suite: trees an attacker could open a pull request with, built in a
//! temporary folder, each scanned by the real binary under a time limit and an address-space
//! cap, asserting a sensible report rather than a crash, a hang or a write outside the tree.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address-space cap for one scan (worker stacks are reserved, not used, so this is generous).
const MEMORY_CAP_KIB: u64 = 3 * 1024 * 1024;

/// Runs the binary in `cwd` under `ulimit -v` and a wall-clock limit; a hang fails the test.
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
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("claw-lint {args:?} ran past {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
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
fn deeply_nested_python_is_a_warning_not_a_stack_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "pkg/__init__.py", "\"\"\"Pkg.\"\"\"\n");
    let cases = [
        (
            "pkg/brackets.py",
            format!("x = {}{}\n", "[".repeat(500_000), "]".repeat(500_000)),
        ),
        (
            "pkg/lists.py",
            format!("x = {}{}\n", "[".repeat(35_000), "]".repeat(35_000)),
        ),
        ("pkg/sums.py", format!("x = {}1\n", "1 + ".repeat(50_000))),
        (
            "pkg/negations.py",
            format!("x = {}1\n", "- ".repeat(50_000)),
        ),
    ];
    for (path, text) in &cases {
        write(d, path, text);
    }
    let (report, _) = json_scan(d, &["--max-file-size", "2MB"]);
    for (path, _) in &cases {
        let warnings = warnings_for(&report, path);
        assert!(
            warnings.iter().any(|w| w.contains("nest more than")),
            "{path}: {warnings:?}"
        );
    }
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
