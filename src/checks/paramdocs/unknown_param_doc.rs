//! `unknown-param-doc`: an entry naming no parameter of the signature, usually stale after a
//! rename.

use std::collections::HashSet;

use super::{ParamRule, Tally};
use crate::analysis::docstring::SectionKind;
use crate::analysis::public_api::Documented;
use crate::analysis::python::ParamKind;
use crate::checks::CheckCtx;
use crate::finding::Finding;

/// The rule: reports entries of parameter sections that name no parameter.
pub(super) struct UnknownParamDoc;

impl ParamRule for UnknownParamDoc {
    type Run = ();

    fn prepare(&self, _cx: &CheckCtx) {}

    fn judge(&self, _run: &(), path: &str, d: &Documented, tally: &mut Tally) {
        let params = &d.func.params;
        // Names accepted through **kwargs may be documented legitimately.
        if params.iter().any(|p| p.kind == ParamKind::VarKeyword) {
            return;
        }
        let has_varargs = params.iter().any(|p| p.kind == ParamKind::VarArgs);
        // A set, not a scan of the signature per entry: 40,000 parameters made that quadratic.
        let signature: HashSet<&str> = params.iter().map(|p| p.name.as_str()).collect();
        for (doc, doc_line, _) in &d.docs {
            for entry in &doc.entries {
                if entry.kind == SectionKind::Attributes {
                    continue;
                }
                for name in &entry.names {
                    let known = signature.contains(name.as_str())
                        || (has_varargs && name == "args")
                        || name == "self";
                    tally.judged((!known).then(|| {
                        Finding::new(format!(
                            "docstring of {} documents {name}, which is not a parameter",
                            d.symbol()
                        ))
                        .at_line(path, doc_line + entry.line as u32)
                        .symbol(d.symbol())
                        .param(name)
                    }));
                }
            }
        }
    }
}
