//! The walk the description rules share (`empty-param-doc`, `vague-param-doc`,
//! `param-doc-missing-range`): every documented parameter's entry, in docstrings and in
//! hand-written API pages, gets a [`Verdict`]; each rule reports the verdicts that are its own.

use std::sync::Arc;

use super::{required_params, ParamRule, Tally};
use crate::analysis::apidocs::{self, ApiObject};
use crate::analysis::public_api::Documented;
use crate::analysis::vagueness::{classify, Lexicon, ParamFacts, Verdict};
use crate::checks::CheckCtx;
use crate::finding::Finding;
use crate::index::{Derived, RepoIndex};

/// The documented objects of a hand-written API page, parsed once per page and shared by the
/// three description rules, which each parsed every page themselves before.
struct ApiPage(Vec<ApiObject>);

impl Derived for ApiPage {
    fn derive(index: &RepoIndex, path: &str) -> Self {
        let Some(text) = index.text(path) else {
            return ApiPage(Vec::new());
        };
        if !text.contains("param") {
            return ApiPage(Vec::new());
        }
        let markdown = path.to_ascii_lowercase().ends_with(".md");
        ApiPage(apidocs::parse(text, markdown))
    }
}

/// A rule judging descriptions: which verdicts it reports, and with what message.
pub(super) trait DescriptionRule: Send + Sync + 'static {
    /// The verdict this rule needs on one entry: the full classification unless the rule can
    /// tell its own verdict more cheaply.
    fn verdict(&self, facts: &ParamFacts, lexicon: &Lexicon) -> Verdict {
        classify(facts, lexicon)
    }

    /// The message for `verdict` on parameter `name`, if this rule reports it.
    fn message(&self, verdict: &Verdict, name: &str) -> Option<String>;
}

/// A description rule with the lexicon its verdicts need.
pub(super) struct Descriptions<D> {
    rule: D,
    lexicon: Arc<Lexicon>,
}

impl<D: DescriptionRule> Descriptions<D> {
    /// The rule `rule`, judging with `lexicon`.
    pub(super) fn new(rule: D, lexicon: Arc<Lexicon>) -> Self {
        Descriptions { rule, lexicon }
    }

    /// The finding for one entry, if the rule reports its verdict.
    fn report(&self, facts: &ParamFacts) -> Option<Finding> {
        self.rule
            .message(&self.rule.verdict(facts, &self.lexicon), facts.name)
            .map(Finding::new)
    }
}

impl<D: DescriptionRule> ParamRule for Descriptions<D> {
    type Run = ();

    fn prepare(&self, _cx: &CheckCtx) {}

    fn judge(&self, _run: &(), path: &str, d: &Documented, tally: &mut Tally) {
        for p in required_params(d) {
            let Some((entry, doc_line, _)) = d.entry(&p.name) else {
                continue;
            };
            let facts = ParamFacts {
                name: &p.name,
                annotation: p.annotation.as_deref().unwrap_or(""),
                default: p.default.as_deref().unwrap_or(""),
                type_text: &entry.type_text,
                doc_default: entry.default.as_deref().unwrap_or(""),
                description: &entry.description,
                function: &d.func.qualname,
            };
            let line = doc_line + entry.line as u32;
            tally.judged(self.report(&facts).map(|finding| {
                finding
                    .at_line(path, line)
                    .symbol(d.symbol())
                    .param(&p.name)
            }));
        }
    }

    const READS_API_PAGES: bool = true;

    fn api_page(&self, cx: &CheckCtx, path: &str) -> Tally {
        let mut tally = Tally::default();
        let Some(page) = cx.index.derived::<ApiPage>(path) else {
            return tally;
        };
        for object in &page.0 {
            let mut one = Tally::default();
            for entry in &object.entries {
                if entry.starred {
                    continue;
                }
                let Some(name) = entry.names.first() else {
                    continue;
                };
                let default = object
                    .signature
                    .as_ref()
                    .and_then(|sig| sig.iter().find(|(n, _)| n == name))
                    .and_then(|(_, d)| d.as_deref())
                    .unwrap_or("");
                let facts = ParamFacts {
                    name,
                    annotation: "",
                    default,
                    type_text: &entry.type_text,
                    doc_default: entry.default.as_deref().unwrap_or(""),
                    description: &entry.description,
                    function: object.name.as_deref().unwrap_or(""),
                };
                one.judged(self.report(&facts).map(|finding| {
                    let finding = finding.at_line(path, entry.line as u32 + 1).param(name);
                    match &object.name {
                        Some(symbol) => finding.symbol(symbol),
                        None => finding,
                    }
                }));
            }
            tally.function(one);
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_page_is_parsed_once_for_all_rules_and_only_when_it_mentions_params() {
        let rst = ".. py:function:: f(x)\n\n   :param x: The input.\n";
        let index = RepoIndex::from_files(&[("docs/a.rst", rst), ("docs/b.md", "# No fields\n")]);
        let page = index.derived::<ApiPage>("docs/a.rst").expect("indexed");
        assert_eq!(page.0, apidocs::parse(rst, false));
        let again = index.derived::<ApiPage>("docs/a.rst").expect("indexed");
        assert!(
            std::sync::Arc::ptr_eq(&page, &again),
            "shared, not parsed again"
        );
        assert!(index
            .derived::<ApiPage>("docs/b.md")
            .expect("indexed")
            .0
            .is_empty());
        assert!(index.derived::<ApiPage>("docs/missing.rst").is_none());
    }
}
