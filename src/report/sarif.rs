//! `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.
//!
//! Every active rule is listed with `fullDescription` and `help`; results use relative URIs under
//! `%SRCROOT%` and regions. A repository-level finding (a missing file) has no file, but GitHub
//! rejects a whole upload if any result lacks a physical location, and the SARIF validator rejects
//! placeholder strings that are not URIs (as OpenSSF Scorecard emits), so such findings point at a
//! real root file, the README when there is one, line 1, and say "repository-level" in the text.
//!
//! The document is built with `serde_json::json!` rather than the typed `serde-sarif` crate. That
//! crate is kept up (sarif-rs, MIT, the types behind clippy-sarif), but its types are generated at
//! build time from the full SARIF schema (`schemafy_lib`, `syn`, `prettyplease`) and built with
//! `typed-builder`: five more build dependencies and a large generated module, for the dozen
//! fields written here. What typing would catch, the tests catch: CI runs Microsoft's SARIF
//! validator on the output, and every fixture's SARIF is snapshotted.

use std::io::{self, Write};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::Reporter;
use crate::finding::Severity;
use crate::report::Report;

/// The SARIF reporter.
pub struct Sarif;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// What a relative URI reference may not hold raw: everything but unreserved characters, `/`
/// (path separators stay), and `+`/`@` (legal in a path segment, common in file names).
const URI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/')
    .remove(b'+')
    .remove(b'@');

/// Percent-encodes a repository path for an `artifactLocation.uri` (spaces, `%`, `#`, `?`…).
fn uri_encode(path: &str) -> String {
    utf8_percent_encode(path, URI_PATH).to_string()
}

/// The SARIF document of a report.
pub fn to_value(report: &Report) -> Value {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{} {}", r.summary, r.why) },
                "help": {
                    "text": format!("{}\n\nExample:\n{}", r.fix, r.example),
                    "markdown": format!("**{}**\n\n{}\n\n**Fix:** {}\n\n```\n{}\n```", r.summary, r.why, r.fix, r.example.trim_end()),
                },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "category": r.category, "weight": r.weight, "tags": [r.category] },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = report
                .rules
                .iter()
                .position(|r| r.code == f.rule)
                .unwrap_or(0);
            let uri = uri_encode(f.path.as_deref().unwrap_or(&report.anchor_file));
            let scope = if f.path.is_none() {
                "repository-level: "
            } else {
                ""
            };
            let mut region = json!({ "startLine": f.line.unwrap_or(1) });
            if let Some(col) = f.column {
                region["startColumn"] = json!(col);
            }
            let mut properties = json!({ "points": f.points });
            if let Some(symbol) = &f.symbol {
                properties["symbol"] = json!(symbol);
            }
            if let Some(param) = &f.param {
                properties["param"] = json!(param);
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": { "text": format!("{scope}{}. {}", f.message, f.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                        "region": region,
                    }
                }],
                "properties": properties,
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claw-lint",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/claw-lint/claw-lint",
                "rules": rules,
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The scanned repository root." } } },
            "results": results,
            "properties": properties(report),
        }],
    })
}

/// The run's properties: score, verdict, ML facts and, when the per-rule cap left results out,
/// how many of each rule (`omittedResults`).
fn properties(report: &Report) -> Value {
    let mut properties =
        json!({ "score": report.score.overall, "passed": report.passed, "ml": report.ml });
    if !report.omitted.is_empty() {
        properties["omittedResults"] = json!(report.omitted);
    }
    properties
}

impl Reporter for Sarif {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_encode("docs/my file#1.md"), "docs/my%20file%231.md");
        assert_eq!(uri_encode("src/ok_name-1.py"), "src/ok_name-1.py");
        assert_eq!(uri_encode("a+b@c/100%?.py"), "a+b@c/100%25%3F.py");
        assert_eq!(uri_encode("données/é.md"), "donn%C3%A9es/%C3%A9.md");
    }
}
