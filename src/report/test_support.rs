//! Small reports for the reporters' unit tests: one category, findings named as asked.

use crate::config::FailOn;
use crate::finding::{ReportedFinding, Severity};
use crate::report::{Report, Summary};
use crate::score::{CategoryScore, Score};

/// A finding of rule `name` (code `CL` + name length) in `pkg/<name>.py` costing `points`.
pub fn finding(name: &str, severity: Severity, points: f64) -> ReportedFinding {
    ReportedFinding {
        rule: format!("CL{}", name.len()),
        name: name.to_string(),
        category: "tests".to_string(),
        severity,
        message: format!("{name} is wrong"),
        path: Some(format!("pkg/{name}.py")),
        line: None,
        column: None,
        symbol: None,
        param: None,
        points,
        help: "fix it".to_string(),
        weight: points,
        section: None,
    }
}

/// A passing report scoring 50 with one "Tests" category and these findings.
pub fn report(findings: Vec<ReportedFinding>) -> Report {
    Report {
        root: "repo".to_string(),
        score: Score {
            overall: 50.0,
            categories: vec![CategoryScore {
                id: "tests".to_string(),
                title: "Tests".to_string(),
                score: Some(50.0),
                weight: 1.0,
            }],
        },
        findings,
        results: Vec::new(),
        rules: Vec::new(),
        ignored: Vec::new(),
        problems: Vec::new(),
        summary: Summary {
            files_scanned: 3,
            files_skipped: 0,
            elapsed_ms: 0,
        },
        fail_under: None,
        fail_on: FailOn::Error,
        passed: true,
        anchor_file: "README.md".to_string(),
        files_checked: None,
        ml: None,
        omitted: Default::default(),
    }
}
