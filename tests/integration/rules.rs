//! Rule fixtures: `fixtures/rules/<rule-name>/fail-*/` must yield at least one finding of that
//! rule and `pass-*/` none. The findings of every fixture are snapshotted (insta), so a changed
//! message or location shows in review and an empty snapshot cannot hide a failure.

use std::collections::BTreeSet;
use std::path::Path;

use claw_lint::catalog::Catalog;
use claw_lint::config::Settings;

use crate::support::fixtures;

/// Runs only `rule` on `dir` and renders its findings one per line.
fn findings_of(rule: &str, dir: &Path) -> Vec<String> {
    let settings = Settings {
        root: dir.to_path_buf(),
        select: vec![rule.to_string()],
        isolated: true,
        threads: Some(2),
        ..Settings::default()
    };
    let report = claw_lint::engine::run(&settings, Catalog::embedded().expect("catalog"), None)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    report
        .findings
        .iter()
        .filter(|f| f.name == rule)
        .map(|f| {
            let place = claw_lint::report::location_label(f.path.as_deref(), f.line, f.column);
            let mut line = format!("{place}: {} {}", f.rule, f.message);
            if let Some(symbol) = &f.symbol {
                line.push_str(&format!(" [symbol {symbol}]"));
            }
            if let Some(param) = &f.param {
                line.push_str(&format!(" [param {param}]"));
            }
            line
        })
        .collect()
}

fn sorted_dirs(path: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_rule_fixture_fires_or_stays_silent_as_named() {
    let root = fixtures().join("rules");
    let mut failures = Vec::new();
    for rule_dir in sorted_dirs(&root) {
        let rule = rule_dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let mut rendered = String::new();
        for case in sorted_dirs(&rule_dir) {
            let case_name = case
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 name")
                .to_string();
            let found = findings_of(&rule, &case);
            if case_name.starts_with("fail") && found.is_empty() {
                failures.push(format!("{rule}/{case_name}: expected findings, got none"));
            }
            if case_name.starts_with("pass") && !found.is_empty() {
                failures.push(format!(
                    "{rule}/{case_name}: expected no findings, got {found:?}"
                ));
            }
            rendered.push_str(&format!("## {case_name}\n"));
            for line in found {
                rendered.push_str(&line);
                rendered.push('\n');
            }
        }
        insta::with_settings!({ snapshot_path => "../snapshots/rules", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(rule.clone(), rendered);
        });
    }
    assert!(
        failures.is_empty(),
        "rule fixtures disagree:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_fixtures_that_fire_and_that_pass() {
    let catalog = Catalog::embedded().expect("catalog");
    let root = fixtures().join("rules");
    let mut missing = BTreeSet::new();
    for rule in &catalog.rules {
        let dir = root.join(&rule.name);
        let cases: Vec<String> = if dir.is_dir() {
            sorted_dirs(&dir)
                .iter()
                .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
                .collect()
        } else {
            Vec::new()
        };
        if !cases.iter().any(|c| c.starts_with("fail"))
            || !cases.iter().any(|c| c.starts_with("pass"))
        {
            missing.insert(rule.name.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "rules without both fail-* and pass-* fixtures: {missing:?}"
    );
}

/// A whole run: a comment naming a rule that fires drops that finding (bare or named); one that
/// suppresses nothing, or names no rule, is an `unused-suppression` finding at its position; a
/// docstring quoting the syntax is no comment; ignoring the rule turns the report off.
#[test]
fn suppressions_drop_findings_and_the_stale_ones_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("mylib")).expect("mkdir");
    let source = r#""""Layers."""


# claw-lint: ignore[vague-param-doc]
def vague(x, dropout_rate=0.5):
    """Apply dropout.

    Args:
        x (Tensor): Input of shape ``(batch, features)``.
        dropout_rate (float): The dropout rate for regularization.
    """


# claw-lint: ignore[vague-param-doc]
def clear(x):
    """Scale x; write ``# claw-lint: ignore[nothing]`` to silence a rule.

    Args:
        x (Tensor): Input of shape ``(batch, features)``.
    """


def undocumented(a, b):  # claw-lint: ignore
    return a + b


def documented(a):  # claw-lint: ignore
    """Return a.

    Args:
        a (Tensor): Input of shape ``(batch, features)``.
    """


def misspelt(a, b):  # claw-lint: ignore[undocumented-function, undocumented-funtcion]
    return a + b
"#;
    std::fs::write(dir.path().join("mylib/__init__.py"), source).expect("write");
    let run = |ignore: &[&str]| {
        let settings = Settings {
            root: dir.path().to_path_buf(),
            ignore: ignore.iter().map(|s| (s.to_string(), None)).collect(),
            isolated: true,
            threads: Some(2),
            ..Settings::default()
        };
        claw_lint::engine::run(&settings, Catalog::embedded().expect("catalog"), None).expect("run")
    };
    let report = run(&[]);
    let of = |rule: &str| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.name == rule)
            .map(|f| {
                format!(
                    "{}:{}: {}",
                    f.line.unwrap_or(0),
                    f.column.unwrap_or(0),
                    f.message
                )
            })
            .collect()
    };
    assert_eq!(
        of("unused-suppression"),
        [
            "14:21: suppression of \"vague-param-doc\" suppresses nothing on this line",
            "27:21: suppression comment suppresses nothing on this line",
            "35:65: suppression names \"undocumented-funtcion\", which is no rule",
        ]
    );
    assert!(
        of("vague-param-doc").is_empty(),
        "{:?}",
        of("vague-param-doc")
    );
    assert!(of("undocumented-function").is_empty());
    let quiet = run(&["unused-suppression"]);
    assert!(quiet
        .findings
        .iter()
        .all(|f| f.name != "unused-suppression"));
    assert!(quiet.findings.iter().all(|f| f.name != "vague-param-doc"));
}
