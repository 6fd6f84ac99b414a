//! `vague-param-doc`: an entry that leaves unstated what its parameter needs (a shape, what
//! `None` means, the allowed values, a structure), restates a hyperparameter's name, or is a
//! placeholder. The verdict and its message come from `analysis::vagueness`.

use super::descriptions::DescriptionRule;
use crate::analysis::vagueness::Verdict;

/// The rule: reports vague entries with the need they leave unmet.
pub(super) struct VagueParamDoc;

impl DescriptionRule for VagueParamDoc {
    fn message(&self, verdict: &Verdict, _name: &str) -> Option<String> {
        match verdict {
            Verdict::Vague(message) => Some(message.clone()),
            _ => None,
        }
    }
}
