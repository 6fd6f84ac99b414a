//! `param-doc-missing-range`: a lexicon hyperparameter (dropout, momentum, eps…) whose entry
//! says something but not the range or convention its name needs.

use super::descriptions::DescriptionRule;
use crate::analysis::vagueness::Verdict;

/// The rule: reports hyperparameter entries missing the facts the lexicon asks for.
pub(super) struct ParamDocMissingRange;

impl DescriptionRule for ParamDocMissingRange {
    fn message(&self, verdict: &Verdict, _name: &str) -> Option<String> {
        match verdict {
            Verdict::MissingFacts(message) => Some(message.clone()),
            _ => None,
        }
    }
}
