//! The verdict: whether the run passed and, when it failed, which threshold failed it.
//!
//! "Score 43.5/100 failed (fail-under 20.0)" misled users when the default `fail-on = "error"`
//! was what failed the run; every format states the actual reasons through [`reasons`] and
//! [`summary`], so the human, Markdown, GitHub and HTML reports agree word for word.

use crate::config::FailOn;
use crate::finding::Severity;
use crate::report::Report;

/// Why the run failed, one phrase per tripped threshold (empty when it passed).
pub fn reasons(report: &Report) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(threshold) = report.fail_under {
        if report.score.overall < threshold {
            reasons.push(format!(
                "score {:.1} is below fail-under {threshold:.1}",
                report.score.overall
            ));
        }
    }
    let tripping = report
        .findings
        .iter()
        .filter(|f| report.fail_on.trips(f.severity))
        .count();
    if tripping > 0 {
        let what = match report.fail_on {
            FailOn::Error => Severity::Error.as_str(),
            FailOn::Warning => "warning or error",
            FailOn::Never => unreachable!("fail-on never trips"),
        };
        let noun = if tripping == 1 { "finding" } else { "findings" };
        reasons.push(format!(
            "{tripping} {what} {noun} (fail-on {})",
            fail_on_word(report.fail_on)
        ));
    }
    reasons
}

/// The thresholds in force, for a passed run: `fail-under 20.0, fail-on error`.
pub fn thresholds(report: &Report) -> String {
    let mut parts = Vec::new();
    if let Some(threshold) = report.fail_under {
        parts.push(format!("fail-under {threshold:.1}"));
    }
    parts.push(format!("fail-on {}", fail_on_word(report.fail_on)));
    parts.join(", ")
}

/// `passed (fail-under 20.0, fail-on error)` or `failed: 3 error findings (fail-on error)`.
pub fn summary(report: &Report) -> String {
    let reasons = reasons(report);
    if report.passed || reasons.is_empty() {
        format!("passed ({})", thresholds(report))
    } else {
        format!("failed: {}", reasons.join("; "))
    }
}

/// The config spelling of a `fail-on` value.
pub fn fail_on_word(fail_on: FailOn) -> &'static str {
    match fail_on {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Never => "never",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report};

    #[test]
    fn names_the_threshold_that_failed() {
        let mut r = report(vec![finding("missing-contributing", Severity::Error, 10.0)]);
        r.score.overall = 43.5;
        r.fail_under = Some(20.0);
        r.passed = false;
        assert_eq!(summary(&r), "failed: 1 error finding (fail-on error)");
        r.fail_under = Some(50.0);
        assert_eq!(
            summary(&r),
            "failed: score 43.5 is below fail-under 50.0; 1 error finding (fail-on error)"
        );
        r.fail_on = FailOn::Never;
        assert_eq!(summary(&r), "failed: score 43.5 is below fail-under 50.0");
        r.fail_under = Some(20.0);
        r.passed = true;
        assert_eq!(summary(&r), "passed (fail-under 20.0, fail-on never)");
    }

    #[test]
    fn warning_threshold_counts_warnings_and_errors() {
        let mut r = report(vec![
            finding("a", Severity::Warning, 1.0),
            finding("b", Severity::Error, 1.0),
            finding("c", Severity::Info, 1.0),
        ]);
        r.fail_on = FailOn::Warning;
        r.passed = false;
        assert_eq!(
            summary(&r),
            "failed: 2 warning or error findings (fail-on warning)"
        );
    }
}
