//! `--format gitlab`: a GitLab Code Quality report (the subset of the Code Climate spec GitLab
//! documents), for ML projects that live on GitLab: upload it as `artifacts:reports:codequality`
//! and the merge request shows the findings.
//!
//! GitLab needs a file for every issue, so repository-level findings are anchored on the report's
//! anchor file (the README) at line 1, as SARIF does. Fingerprints identify a finding across runs
//! (GitLab compares the merge request's report with the target branch's): a SipHash of rule, path,
//! symbol, parameter and message, without the line, so an edit above a finding does not make it
//! "new"; identical findings get an occurrence number so every fingerprint is unique.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{self, Write};

use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};

use super::Reporter;
use crate::finding::{ReportedFinding, Severity};
use crate::report::Report;

/// The GitLab Code Quality reporter.
pub struct Gitlab;

/// One Code Quality issue, as GitLab documents it.
#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// GitLab's scale is info, minor, major, critical, blocker; an error blocks newcomers but not
/// the code, so it is `major`, above warnings' `minor`.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

fn fingerprint(f: &ReportedFinding, occurrence: usize) -> String {
    let mut hasher = SipHasher13::new();
    for part in [
        f.rule.as_str(),
        f.path.as_deref().unwrap_or(""),
        f.symbol.as_deref().unwrap_or(""),
        f.param.as_deref().unwrap_or(""),
        f.message.as_str(),
    ] {
        hasher.write(part.as_bytes());
        hasher.write_u8(0);
    }
    hasher.write_usize(occurrence);
    format!("{:032x}", hasher.finish128().as_u128())
}

impl Reporter for Gitlab {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let issues: Vec<Issue> = report
            .findings
            .iter()
            .map(|f| {
                let base = fingerprint(f, 0);
                let occurrence = seen.entry(base.clone()).or_insert(0);
                *occurrence += 1;
                let fingerprint = match *occurrence {
                    1 => base,
                    n => fingerprint(f, n - 1),
                };
                Issue {
                    description: format!("{} ({} {}): {}", f.message, f.rule, f.name, f.help),
                    check_name: format!("claw-lint/{}", f.name),
                    fingerprint,
                    severity: severity(f.severity),
                    location: Location {
                        path: f.path.as_deref().unwrap_or(&report.anchor_file),
                        lines: Lines {
                            begin: f.line.unwrap_or(1).max(1),
                        },
                    },
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report};

    #[test]
    fn issues_follow_gitlabs_documented_fields() {
        let mut twin = finding("vague-param-doc", Severity::Warning, 1.0);
        twin.line = Some(7);
        let mut repo_level = finding("missing-contributing", Severity::Error, 10.0);
        repo_level.path = None;
        let r = report(vec![
            finding("vague-param-doc", Severity::Warning, 1.0),
            twin,
            repo_level,
        ]);
        let mut out = Vec::new();
        Gitlab.write(&r, &mut out).expect("write");
        let issues: serde_json::Value = serde_json::from_slice(&out).expect("json");
        let issues = issues.as_array().expect("an array of issues");
        assert_eq!(issues.len(), 3);
        let mut fingerprints = std::collections::HashSet::new();
        for issue in issues {
            for key in ["description", "check_name", "fingerprint"] {
                assert!(issue[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
            }
            assert!(["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().expect("severity")));
            assert!(issue["location"]["path"].as_str().is_some());
            assert!(issue["location"]["lines"]["begin"].as_u64() >= Some(1));
            assert!(fingerprints.insert(issue["fingerprint"].clone()), "unique");
        }
        assert_eq!(issues[2]["location"]["path"], "README.md");
        assert_eq!(issues[2]["severity"], "major");
        assert_eq!(issues[1]["location"]["lines"]["begin"], 7);
    }
}
