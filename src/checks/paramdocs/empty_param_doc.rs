//! `empty-param-doc`: an entry with a name (and perhaps a type) but no words looks documented
//! and tells the reader nothing.

use super::descriptions::DescriptionRule;
use crate::analysis::vagueness::Verdict;

/// The rule: reports entries without a description.
pub(super) struct EmptyParamDoc;

impl DescriptionRule for EmptyParamDoc {
    fn message(&self, verdict: &Verdict, name: &str) -> Option<String> {
        (*verdict == Verdict::Empty)
            .then(|| format!("parameter {name} is documented without a description"))
    }
}
