//! `undocumented-param`: a parameter section that leaves out a parameter of the signature. A
//! reader trusts the section to be complete.

use super::{required_params, ParamRule, Tally};
use crate::analysis::public_api::Documented;
use crate::checks::CheckCtx;
use crate::finding::Finding;

/// The rule: reports each required parameter missing from a docstring's parameter section.
pub(super) struct UndocumentedParam;

impl ParamRule for UndocumentedParam {
    type Run = ();

    fn prepare(&self, _cx: &CheckCtx) {}

    fn judge(&self, _run: &(), path: &str, d: &Documented, tally: &mut Tally) {
        // Templated docstrings (`{{base_optimizer_keyword_args}}`, `%(args)s`) are completed at
        // import time; an entry for `**kwargs` the signature lacks documents the explicit
        // keywords collectively; a docstring that delegates its parameters documents them there.
        if !d.has_param_section()
            || d.is_templated()
            || d.documents_missing_varargs()
            || d.docs.iter().any(|(doc, _, _)| doc.delegates)
        {
            return;
        }
        for p in required_params(d) {
            tally.judged(d.entry(&p.name).is_none().then(|| {
                Finding::new(format!(
                    "parameter {} of {} is missing from its docstring's parameter section",
                    p.name,
                    d.symbol()
                ))
                .at_line(path, d.report_line)
                .symbol(d.symbol())
                .param(&p.name)
            }));
        }
    }
}
