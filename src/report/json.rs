//! `--format json`: the stable machine contract, `schema_version` 1 (documented in the README).
//!
//! Fields are only ever added, never renamed or removed, within a schema version.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::Reporter;
use crate::report::Report;

/// The JSON reporter.
pub struct Json;

/// The JSON value of a report (shared with tests and other formats that embed it).
pub fn to_value(report: &Report) -> Value {
    json!({
        "schema_version": 1,
        "tool": { "name": "claw-lint", "version": env!("CARGO_PKG_VERSION") },
        "root": report.root,
        "score": report.score.overall,
        "passed": report.passed,
        "fail_under": report.fail_under,
        "categories": report.score.categories.iter().map(|c| json!({
            "id": c.id,
            "score": c.score,
            "weight": c.weight,
        })).collect::<Vec<_>>(),
        "findings": report.findings,
        "ignored": report.ignored,
        "warnings": report.problems.iter().map(|p| json!({
            "path": p.path,
            "message": p.message,
        })).collect::<Vec<_>>(),
        "summary": report.summary,
        "ml": report.ml,
    })
}

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
        writeln!(out)
    }
}
