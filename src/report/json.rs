//! `--format json`: the stable machine contract, `schema_version` 1 (documented in the README).
//!
//! Fields are only ever added, never renamed or removed, within a schema version. The document is
//! the typed [`JsonReport`], so its JSON Schema (`schema/report.schema.json`) is generated from
//! the same type and a test keeps the committed file equal to it.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::Reporter;
use crate::analysis::completeness::MlSummary;
use crate::catalog::IgnoredRule;
use crate::finding::ReportedFinding;
use crate::report::{Report, Summary};

/// The JSON reporter.
pub struct Json;

/// The JSON report of one run.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(title = "claw-lint JSON report")]
pub struct JsonReport<'a> {
    /// The contract's version; fields are only added within it.
    pub schema_version: u32,
    /// The tool that wrote the report.
    pub tool: Tool,
    /// The scanned folder as the user named it.
    pub root: &'a str,
    /// Overall score, 0–100, unrounded.
    pub score: f64,
    /// Whether the run passed `fail-under` and `fail-on`.
    pub passed: bool,
    /// The `fail-under` threshold in force, if any.
    pub fail_under: Option<f64>,
    /// Per-category scores, in catalog order.
    pub categories: Vec<Category<'a>>,
    /// Findings sorted by (path, line, rule).
    pub findings: &'a [ReportedFinding],
    /// Rules turned off by config, with reasons.
    pub ignored: &'a [IgnoredRule],
    /// Files or folders that could not be read or parsed.
    pub warnings: Vec<Warning<'a>>,
    /// Scan counts and time.
    pub summary: &'a Summary,
    /// The ML family's facts and Papers-with-Code figure, when an ML rule ran on the repository.
    pub ml: Option<&'a MlSummary>,
    /// Findings the per-rule cap left out, by rule code; present only when the cap left some
    /// out, so capped and uncapped reports alike keep the fields of schema version 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omitted_findings: Option<&'a BTreeMap<String, usize>>,
}

/// The tool's name and version.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Tool {
    /// Always `claw-lint`.
    pub name: &'static str,
    /// The version that wrote the report.
    pub version: &'static str,
}

/// One category's score.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Category<'a> {
    /// Category id (`community`).
    pub id: &'a str,
    /// 0–100, or `null` when none of its rules applies.
    pub score: Option<f64>,
    /// Total weight of its applicable rules.
    pub weight: f64,
}

/// A file or folder the scan could not use.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Warning<'a> {
    /// Repository-relative path.
    pub path: &'a str,
    /// What went wrong.
    pub message: &'a str,
}

impl<'a> JsonReport<'a> {
    /// The JSON document of a report.
    pub fn of(report: &'a Report) -> Self {
        JsonReport {
            schema_version: 1,
            tool: Tool {
                name: "claw-lint",
                version: env!("CARGO_PKG_VERSION"),
            },
            root: &report.root,
            score: report.score.overall,
            passed: report.passed,
            fail_under: report.fail_under,
            categories: report
                .score
                .categories
                .iter()
                .map(|c| Category {
                    id: &c.id,
                    score: c.score,
                    weight: c.weight,
                })
                .collect(),
            findings: &report.findings,
            ignored: &report.ignored,
            warnings: report
                .problems
                .iter()
                .map(|p| Warning {
                    path: &p.path,
                    message: &p.message,
                })
                .collect(),
            summary: &report.summary,
            ml: report.ml.as_ref(),
            omitted_findings: (!report.omitted.is_empty()).then_some(&report.omitted),
        }
    }
}

/// The JSON Schema of the report, generated from [`JsonReport`] as it serializes.
pub fn json_schema() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    serde_json::to_value(generator.into_root_schema_for::<JsonReport>()).unwrap_or_default()
}

/// The JSON value of a report (shared with tests and other formats that embed it).
pub fn to_value(report: &Report) -> Value {
    serde_json::to_value(JsonReport::of(report)).unwrap_or_default()
}

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &JsonReport::of(report))?;
        writeln!(out)
    }
}
