//! "Fix these first": the few findings whose fixes gain the most points, for the top of the
//! human, Markdown and HTML reports. A reader with ten minutes should start here.

use crate::finding::ReportedFinding;
use crate::report::Report;

/// How many findings the list shows.
pub const FIX_FIRST: usize = 5;

/// The findings worth the most points, most valuable first; ties keep report order
/// (path, line, rule). Findings that cost nothing (notes) never appear.
pub fn fix_first(report: &Report) -> Vec<&ReportedFinding> {
    let mut worth: Vec<&ReportedFinding> = report
        .findings
        .iter()
        .filter(|f| f.points >= 0.05)
        .collect();
    worth.sort_by(|a, b| b.points.total_cmp(&a.points));
    worth.truncate(FIX_FIRST);
    worth
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::report::test_support::{finding, report};

    #[test]
    fn most_valuable_first_without_free_notes() {
        let r = report(vec![
            finding("small", Severity::Warning, 0.5),
            finding("note", Severity::Info, 0.0),
            finding("big", Severity::Error, 12.0),
            finding("mid", Severity::Warning, 3.0),
        ]);
        let names: Vec<&str> = fix_first(&r).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["big", "mid", "small"]);
    }
}
