//! Findings grouped by rule, the rules costing the most points first: the order of the rule
//! sections in the human, Markdown and HTML reports, sorted by the total each header shows.

use crate::finding::ReportedFinding;

/// `findings` grouped by rule, most costly rule (total points) first, ties by code; each group
/// keeps report order (path, line).
pub fn rules_by_cost<'a>(
    findings: impl IntoIterator<Item = &'a ReportedFinding>,
) -> Vec<Vec<&'a ReportedFinding>> {
    let mut rules: Vec<Vec<&ReportedFinding>> = Vec::new();
    for f in findings {
        match rules.iter_mut().find(|r| r[0].rule == f.rule) {
            Some(rule) => rule.push(f),
            None => rules.push(vec![f]),
        }
    }
    let total = |r: &[&ReportedFinding]| -> f64 { r.iter().map(|f| f.points).sum() };
    rules.sort_by(|a, b| {
        total(b)
            .total_cmp(&total(a))
            .then(a[0].rule.cmp(&b[0].rule))
    });
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::report::test_support::finding;

    #[test]
    fn many_small_findings_outrank_one_larger_when_their_total_is_larger() {
        let mut findings: Vec<ReportedFinding> = (0..6)
            .map(|_| finding("many", Severity::Warning, 0.5))
            .collect();
        findings.insert(2, finding("one-rule", Severity::Error, 2.0));
        let groups = rules_by_cost(&findings);
        let names: Vec<(&str, usize)> = groups
            .iter()
            .map(|g| (g[0].name.as_str(), g.len()))
            .collect();
        assert_eq!(names, [("many", 6), ("one-rule", 1)]);
    }
}
