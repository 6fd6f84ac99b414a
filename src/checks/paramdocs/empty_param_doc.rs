//! `empty-param-doc`: an entry with a name (and perhaps a type) but no words looks documented
//! and tells the reader nothing.

use super::descriptions::DescriptionRule;
use crate::analysis::vagueness::{Lexicon, ParamFacts, Verdict};

/// The rule: reports entries without a description.
pub(super) struct EmptyParamDoc;

impl DescriptionRule for EmptyParamDoc {
    /// Emptiness needs no classification (it is the first thing `classify` decides).
    fn verdict(&self, facts: &ParamFacts, _lexicon: &Lexicon) -> Verdict {
        if facts.description.trim().is_empty() {
            Verdict::Empty
        } else {
            Verdict::Adequate
        }
    }

    fn message(&self, verdict: &Verdict, name: &str) -> Option<String> {
        (*verdict == Verdict::Empty)
            .then(|| format!("parameter {name} is documented without a description"))
    }
}
