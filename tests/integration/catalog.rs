//! Catalog meta-tests at the binary's edge: the code list is snapshotted so a rename or a removed
//! code shows in review, and every rule's `explain` page renders.

use claw_lint::catalog::Catalog;

#[test]
fn rule_codes_and_names_are_stable() {
    let catalog = Catalog::embedded().expect("catalog");
    let listing: String = catalog
        .rules
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}\n",
                r.code,
                r.name,
                r.category,
                r.severity.as_str(),
                r.weight
            )
        })
        .collect();
    insta::assert_snapshot!(listing);
}

#[test]
fn every_rule_explains_itself_with_an_example() {
    let catalog = Catalog::embedded().expect("catalog");
    for rule in &catalog.rules {
        let text = claw_lint::app::explain_text(rule);
        assert!(
            text.contains("Why it matters") && text.contains("Example"),
            "{}",
            rule.code
        );
    }
}
