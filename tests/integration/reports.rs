//! Where users read the results: several reports from one scan, colour and width conventions,
//! and the HTML report in a real browser.
//!
//! The browser tests need a headless Chromium (`CHROMIUM`, or `chromium` on PATH; `.ci/run`
//! installs Debian's package), so they are `#[ignore = "needs chromium"]` in a plain `cargo test`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{claw_lint, fixtures, stderr, stdout};

/// Runs claw-lint on a fixture repository with extra environment variables.
fn scan_with_env(repo: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_claw-lint"));
    command
        .args(["--isolated", repo])
        .args(args)
        .current_dir(fixtures().join("repos"));
    for var in [
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "TERM",
    ] {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().expect("run claw-lint")
}

#[test]
fn one_scan_writes_several_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sarif = dir.path().join("report.sarif");
    let json = dir.path().join("report.json");
    let out = claw_lint(
        &[
            "--isolated",
            "bare",
            "--output-format",
            "github",
            "--output-format",
            &format!("sarif={}", sarif.display()),
            "--output-format",
            &format!("json={}", json.display()),
        ],
        &fixtures().join("repos"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("::error "), "{}", stdout(&out));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif).expect("sarif written")).expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("json written")).expect("json");
    assert!(json["score"].as_f64().is_some());
}

#[test]
fn two_reports_on_stdout_or_one_file_are_usage_errors() {
    let repos = fixtures().join("repos");
    let out = claw_lint(
        &[
            "--isolated",
            "bare",
            "--output-format",
            "json",
            "--output-format",
            "github",
        ],
        &repos,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard output"), "{}", stderr(&out));
    let out = claw_lint(
        &[
            "--isolated",
            "bare",
            "--output-format",
            "json=x.out",
            "--output-format",
            "sarif=x.out",
        ],
        &repos,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("two reports would be written to x.out"),
        "{}",
        stderr(&out)
    );
    assert!(!repos.join("x.out").exists());
}

#[test]
fn colour_follows_the_environment_conventions() {
    let coloured = |env: &[(&str, &str)]| {
        let out = scan_with_env("bare", &[], env);
        stdout(&out).contains('\u{1b}')
    };
    // stdout is a pipe here, so colour is off unless forced.
    assert!(!coloured(&[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&[("FORCE_COLOR", "1")]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    let out = scan_with_env("bare", &["--color", "always"], &[]);
    assert!(stdout(&out).contains('\u{1b}'));
}

#[test]
fn human_report_and_rule_table_wrap_at_columns() {
    for args in [&["--format", "human"][..], &["rules"][..]] {
        let out = if args[0] == "rules" {
            let mut command = Command::new(env!("CARGO_BIN_EXE_claw-lint"));
            command.arg("rules").env("COLUMNS", "80");
            command.output().expect("run")
        } else {
            scan_with_env("bare", args, &[("COLUMNS", "80")])
        };
        let text = stdout(&out);
        assert!(text.lines().count() > 5, "{text}");
        for line in text.lines() {
            assert!(
                line.chars().count() <= 80,
                "{args:?}: {} columns: {line}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn markdown_summary_lists_the_fix_and_the_way_to_the_full_list() {
    let out = scan_with_env("bare", &["--format", "markdown"], &[]);
    let text = stdout(&out);
    assert!(text.contains("### Fix these first"), "{text}");
    assert!(text.contains("Fix: "), "{text}");
    assert!(text.contains("--format markdown --full"), "{text}");
    let full = stdout(&scan_with_env(
        "bare",
        &["--format", "markdown", "--full"],
        &[],
    ));
    assert!(full.contains("every finding listed"), "{full}");
}

/// The headless Chromium to test with: `CHROMIUM`, else `chromium` on PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("chromium"))
                .find(|p| p.is_file())
        })
        .expect("no chromium: set CHROMIUM or install Debian's chromium (.ci/run does)")
}

/// Runs headless Chromium on a local file with the network and background services off.
fn run_chromium(profile: &Path, args: &[&str], url: &str) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("run chromium")
}

/// A repository whose file names carry markup (findings quote them).
fn hostile_repo(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).expect("mkdir");
    std::fs::write(root.join("README.md"), "# hostile\n").expect("write");
    std::fs::write(pkg.join("__init__.py"), "\"\"\"Package.\"\"\"\n").expect("write");
    std::fs::write(pkg.join("<img src=x onerror=alert(1)>.py"), "x = 1\n").expect("write");
    std::fs::write(
        pkg.join("layers.py"),
        "def f(x, rate=0.1):\n    \"\"\"Do it.\n\n    Args:\n        x: Input of shape (n, d).\n        rate: The rate.\n    \"\"\"\n    return x\n",
    )
    .expect("write");
}

fn write_html(repo: &Path, html: &Path) {
    let out = claw_lint(
        &[
            "--isolated",
            ".",
            "--output-format",
            &format!("html={}", html.display()),
        ],
        repo,
    );
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
}

#[test]
#[ignore = "needs chromium: run with --include-ignored"]
fn html_filters_work_and_no_repository_text_becomes_markup() {
    let repo = tempfile::tempdir().expect("tempdir");
    hostile_repo(repo.path());
    let work = tempfile::tempdir().expect("tempdir");
    let html = work.path().join("report.html");
    write_html(repo.path(), &html);
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the hostile text is reported"
    );
    let url = format!("file://{}", html.display());
    let dom = |fragment: &str| {
        let profile = tempfile::tempdir().expect("profile");
        let out = run_chromium(profile.path(), &["--dump-dom"], &format!("{url}{fragment}"));
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let all = dom("");
    assert!(!all.contains("<img"), "repository text became an element");
    assert_eq!(
        all.matches("<script>").count(),
        1,
        "only the report's own script"
    );
    let rules = regex::Regex::new(
        r#"<div class="rule" data-category="([a-z]+)" data-severity="([a-z]+)"( hidden="")?>"#,
    )
    .expect("regex");
    let visible = |dom: &str| -> Vec<(String, String)> {
        rules
            .captures_iter(dom)
            .filter(|c| c.get(3).is_none())
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect()
    };
    let everything = visible(&all);
    assert!(everything.len() >= 3, "{all}");
    assert!(everything.iter().any(|(_, s)| s != "warning"));
    let warnings = visible(&dom("#severity=warning"));
    assert!(!warnings.is_empty() && warnings.len() < everything.len());
    assert!(warnings.iter().all(|(_, s)| s == "warning"), "{warnings:?}");
    let docs = visible(&dom("#category=docs"));
    assert!(
        !docs.is_empty() && docs.iter().all(|(c, _)| c == "docs"),
        "{docs:?}"
    );
}

#[test]
#[ignore = "needs chromium: run with --include-ignored"]
fn html_report_renders_to_a_non_blank_screenshot() {
    let work = tempfile::tempdir().expect("tempdir");
    let html = work.path().join("report.html");
    write_html(&fixtures().join("repos/bare"), &html);
    let png = work.path().join("report.png");
    let profile = tempfile::tempdir().expect("profile");
    let out = run_chromium(
        profile.path(),
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,1400",
            "--hide-scrollbars",
        ],
        &format!("file://{}", html.display()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    if let Ok(keep) = std::env::var("CLAW_LINT_KEEP_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("keep screenshot");
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png).expect("screenshot written"),
    ));
    let mut reader = decoder.read_info().expect("a png");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("frame");
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    let mut colours = std::collections::HashSet::new();
    let mut dark = 0usize;
    for px in pixels.chunks(channels) {
        colours.insert(px[..3].to_vec());
        if px[..3].iter().map(|&v| u32::from(v)).sum::<u32>() < 200 {
            dark += 1;
        }
    }
    let total = pixels.len() / channels;
    assert!(colours.len() > 20, "{} colours: blank page", colours.len());
    assert!(
        dark * 200 > total,
        "almost no text: {dark} dark pixels of {total}"
    );
    // The score's colour (red for the bare fixture) and the chart's bars are drawn.
    assert!(
        colours.contains(&vec![0xd6, 0x45, 0x45]),
        "no red score or bar"
    );
}

#[test]
fn show_settings_names_the_config_file_and_effective_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("claw-lint.toml"),
        "fail-under = 55\nignore = [\"missing-citation\"]\n",
    )
    .expect("write");
    let out = claw_lint(
        &["--show-settings", "--fail-on", "warning", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("config file: ") && text.contains("claw-lint.toml"),
        "{text}"
    );
    assert!(text.contains("fail-under: 55.0"), "{text}");
    assert!(text.contains("fail-on: warning"), "{text}");
    assert!(
        text.contains("ignored rules (1):") && text.contains("missing-citation"),
        "{text}"
    );
    assert!(!text.contains("Score"), "no scan: {text}");
}

#[test]
fn statistics_replace_the_report_with_counts_per_rule() {
    let out = scan_with_env("bare", &["--statistics"], &[]);
    let text = stdout(&out);
    assert!(text.contains("CL101  missing-contributing"), "{text}");
    assert!(text.contains("findings in"), "{text}");
    assert!(!text.contains("fix:"), "{text}");
}
