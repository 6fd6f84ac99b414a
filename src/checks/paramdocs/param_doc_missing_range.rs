//! `param-doc-missing-range`: a lexicon hyperparameter (dropout, momentum, eps…) whose entry
//! says something but not the range or convention its name needs.

use super::descriptions::DescriptionRule;
use crate::analysis::vagueness::{classify, may_miss_facts, Lexicon, ParamFacts, Verdict};

/// The rule: reports hyperparameter entries missing the facts the lexicon asks for.
pub(super) struct ParamDocMissingRange;

impl DescriptionRule for ParamDocMissingRange {
    /// Only names with a demanding lexicon entry can miss facts: the rest skip classification.
    fn verdict(&self, facts: &ParamFacts, lexicon: &Lexicon) -> Verdict {
        if may_miss_facts(facts, lexicon) {
            classify(facts, lexicon)
        } else {
            Verdict::Adequate
        }
    }

    fn message(&self, verdict: &Verdict, _name: &str) -> Option<String> {
        match verdict {
            Verdict::MissingFacts(message) => Some(message.clone()),
            _ => None,
        }
    }
}
