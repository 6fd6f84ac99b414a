//! The score: weighted credit over applicable rules, overall and per category.
//!
//! Each applicable rule `r` has a weight `w` and a credit `c` in [0, 1] (full, partial or none).
//! A category scores `100 · Σ w·c / Σ w` over its applicable rules; the overall score is the same
//! sum over every applicable rule, so a category counts in proportion to its rules' weights. A rule
//! whose subject is absent (no Python files) is not applicable and leaves both sums. A rule loses
//! `100 · w · (1 − c) / W` points of the overall score (`W` = total applicable weight), shared by
//! its findings in proportion to their weights, so each finding says what fixing it is worth. A
//! finding dropped by `per-file-ignores` gives back its share of the rule's lost credit.
//!
//! Worked example: community rules `missing-contributing` (w 10, c 0) and `missing-readme`
//! (w 8, c 1), docs rule `vague-param-doc` (w 12, c 0.75). W = 30; overall =
//! 100 · (0 + 8 + 9) / 30 = 56.7; community = 100 · 8 / 18 = 44.4; docs = 75.0. The missing
//! guide costs 100 · 10 / 30 = 33.3 points; the docs rule's 100 · 12 · 0.25 / 30 = 10 points are
//! shared by its findings.

use serde::Serialize;

/// One rule's contribution, as the engine measured it.
#[derive(Clone, Debug, Serialize)]
pub struct RuleResult {
    /// Rule code.
    pub code: String,
    /// Rule name.
    pub name: String,
    /// Category id.
    pub category: String,
    /// Effective weight.
    pub weight: f64,
    /// Credit in [0, 1], or `None` when not applicable.
    pub credit: Option<f64>,
    /// How many findings it reported.
    pub findings: usize,
}

/// A category's score.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryScore {
    /// Category id (`community`).
    pub id: String,
    /// Human title (the catalog's `[category.<id>]` title; the engine fills it in).
    #[serde(skip)]
    pub title: String,
    /// 0–100, or `None` when no rule of it applies.
    pub score: Option<f64>,
    /// Total weight of its applicable rules.
    pub weight: f64,
}

/// The overall score and the per-category breakdown, categories in catalog order.
#[derive(Clone, Debug, Serialize)]
pub struct Score {
    /// 0–100 overall.
    pub overall: f64,
    /// Per category.
    pub categories: Vec<CategoryScore>,
}

/// Rounds to one decimal, so JSON and text agree and stay stable across platforms.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Computes the score from rule results (in catalog order).
pub fn compute(results: &[RuleResult]) -> Score {
    let mut categories: Vec<CategoryScore> = Vec::new();
    let mut sums: Vec<(f64, f64)> = Vec::new();
    let (mut earned, mut total) = (0.0, 0.0);
    for result in results {
        let pos = match categories.iter().position(|c| c.id == result.category) {
            Some(pos) => pos,
            None => {
                categories.push(CategoryScore {
                    id: result.category.clone(),
                    title: result.category.clone(),
                    score: None,
                    weight: 0.0,
                });
                sums.push((0.0, 0.0));
                categories.len() - 1
            }
        };
        if let Some(credit) = result.credit {
            sums[pos].0 += result.weight * credit;
            sums[pos].1 += result.weight;
            earned += result.weight * credit;
            total += result.weight;
        }
    }
    for (category, (e, t)) in categories.iter_mut().zip(&sums) {
        category.weight = *t;
        category.score = (*t > 0.0).then(|| round1(100.0 * e / t));
        if *t == 0.0
            && results
                .iter()
                .any(|r| r.category == category.id && r.credit.is_some())
        {
            // Only zero-weight (informational) rules applied: nothing to lose, full marks.
            category.score = Some(100.0);
        }
    }
    let overall = if total > 0.0 {
        round1(100.0 * earned / total)
    } else {
        100.0
    };
    Score {
        overall,
        categories,
    }
}

/// A rule's credit in [0, 1] from its check's `earned` of `possible` points, after per-file
/// ignores kept `kept` of its `reported` findings: each suppressed finding gives back its share of
/// the lost credit, so ignoring every finding of a rule restores full credit.
pub fn credit(earned: f64, possible: f64, reported: usize, kept: usize) -> f64 {
    let mut credit = if possible > 0.0 {
        (earned / possible).clamp(0.0, 1.0)
    } else {
        1.0
    };
    if reported > 0 && kept < reported {
        credit += (1.0 - credit) * (reported - kept) as f64 / reported as f64;
    }
    credit
}

/// Shares the points a rule lost among its findings in proportion to their `weights` (equally
/// when they all weigh nothing), one share per finding in the same order.
pub fn share_points(lost: f64, weights: &[f64]) -> Vec<f64> {
    let shares: f64 = weights.iter().sum();
    let count = weights.len() as f64;
    weights
        .iter()
        .map(|weight| {
            if shares > 0.0 {
                lost * weight / shares
            } else {
                lost / count
            }
        })
        .collect()
}

/// Points of the overall score a rule loses, given the total applicable weight.
pub fn points_lost(result: &RuleResult, total_weight: f64) -> f64 {
    match result.credit {
        Some(credit) if total_weight > 0.0 => 100.0 * result.weight * (1.0 - credit) / total_weight,
        _ => 0.0,
    }
}

/// Total weight of applicable rules.
pub fn total_weight(results: &[RuleResult]) -> f64 {
    results
        .iter()
        .filter(|r| r.credit.is_some())
        .map(|r| r.weight)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, category: &str, weight: f64, credit: Option<f64>) -> RuleResult {
        RuleResult {
            code: name.to_uppercase(),
            name: name.into(),
            category: category.into(),
            weight,
            credit,
            findings: 0,
        }
    }

    #[test]
    fn worked_example_from_the_module_docs() {
        let results = [
            rule("missing-contributing", "community", 10.0, Some(0.0)),
            rule("missing-readme", "community", 8.0, Some(1.0)),
            rule("vague-param-doc", "docs", 12.0, Some(0.75)),
            rule("no-tests", "tests", 10.0, None),
        ];
        let score = compute(&results);
        assert_eq!(score.overall, 56.7);
        assert_eq!(score.categories[0].score, Some(44.4));
        assert_eq!(score.categories[1].score, Some(75.0));
        assert_eq!(score.categories[2].score, None);
        assert_eq!(
            round1(points_lost(&results[0], total_weight(&results))),
            33.3
        );
        assert_eq!(
            round1(points_lost(&results[2], total_weight(&results))),
            10.0
        );
    }

    #[test]
    fn suppressed_findings_give_back_their_share_of_the_lost_credit() {
        assert_eq!(credit(1.0, 4.0, 0, 0), 0.25);
        assert_eq!(credit(0.0, 1.0, 4, 3), 0.25);
        assert_eq!(credit(0.0, 1.0, 4, 0), 1.0);
        assert_eq!(credit(5.0, 4.0, 0, 0), 1.0);
        assert_eq!(credit(0.0, 0.0, 2, 2), 1.0);
    }

    #[test]
    fn lost_points_are_shared_by_weight_or_equally() {
        assert_eq!(share_points(8.0, &[1.0, 3.0]), [2.0, 6.0]);
        assert_eq!(share_points(8.0, &[0.0, 0.0]), [4.0, 4.0]);
        assert!(share_points(8.0, &[]).is_empty());
    }

    #[test]
    fn nothing_applicable_scores_full() {
        assert_eq!(compute(&[rule("a", "x", 1.0, None)]).overall, 100.0);
    }
}
