//! `undocumented-function`: a public function or class with parameters and no docstring.
//!
//! It judges the API, not sections: functions, classes and methods whose names and module path
//! do not start with `_` (`__init__` counts), names a public `__init__.py` re-exports from a
//! private module, honouring `__all__`, outside tests, the top-level script folders and, in a
//! repository that ships packages, the scripts outside them (see `PublicApi`). A class
//! may be documented in its own docstring or its `__init__`'s. An undocumented override of a
//! documented framework hook, or of a name documented elsewhere in the repository, inherits
//! those docs.

use std::collections::HashSet;

use rayon::prelude::*;

use super::{required_params, ParamRule, Tally};
use crate::analysis::overrides::{self, FrameworkHooks, Overrides};
use crate::analysis::public_api::{
    api_functions, is_public_module, Documented, ParsedDocstrings, PublicApi,
};
use crate::analysis::python::PythonModule;
use crate::checks::CheckCtx;
use crate::finding::Finding;

/// The rule, with the folders it skips and the framework hooks it knows.
pub(super) struct UndocumentedFunction {
    skip_dirs: Vec<String>,
    hooks: FrameworkHooks,
}

impl UndocumentedFunction {
    /// The rule skipping top-level `skip_dirs`, with documented framework `hooks`.
    pub(super) fn new(skip_dirs: Vec<String>, hooks: FrameworkHooks) -> Self {
        UndocumentedFunction { skip_dirs, hooks }
    }
}

/// What the rule learns about the repository before judging files.
pub(super) struct Repository {
    /// The public API.
    api: PublicApi,
    /// Names of functions documented somewhere in the repository.
    documented_names: HashSet<String>,
    /// Overrides of documented framework hooks.
    overrides: Overrides,
}

impl ParamRule for UndocumentedFunction {
    type Run = Repository;

    fn prepare(&self, cx: &CheckCtx) -> Repository {
        Repository {
            api: PublicApi::build(cx.index),
            documented_names: documented_names(cx),
            overrides: overrides::find(cx.index, &self.hooks),
        }
    }

    /// Public modules outside the top-level script folders (`examples/train.py`).
    fn reads(&self, run: &Repository, path: &str) -> bool {
        let script = path
            .split_once('/')
            .is_some_and(|(top, _)| self.skip_dirs.iter().any(|d| d == top));
        run.api.has_module(path) && !script
    }

    fn functions<'a>(
        &self,
        run: &Repository,
        path: &str,
        module: &'a PythonModule,
        parsed: &'a ParsedDocstrings,
        module_name: &'a str,
    ) -> Vec<Documented<'a>> {
        let mut functions = api_functions(module, parsed, module_name);
        functions.retain(|d| {
            let top = d.func.qualname.split('.').next().unwrap_or("");
            run.api.exposes(path, top)
        });
        functions
    }

    fn judge(&self, run: &Repository, path: &str, d: &Documented, tally: &mut Tally) {
        let required: Vec<&str> = required_params(d).map(|p| p.name.as_str()).collect();
        if required.is_empty() {
            return;
        }
        tally.possible += required.len() as f64;
        // An undocumented `forward` or backend `add` next to a documented one of the same name
        // is an override or implementation whose docs live there. An override of a framework
        // hook is documented upstream.
        let inherits = !d.is_class
            && (run.documented_names.contains(&d.func.name)
                || d.func
                    .class
                    .as_deref()
                    .is_some_and(|class| run.overrides.contains(path, class, &d.func.name)));
        if d.has_docstring() || inherits {
            tally.earned += required.len() as f64;
            return;
        }
        let (what, line) = if d.is_class {
            ("class", d.class_line)
        } else {
            ("function", d.report_line)
        };
        tally.findings.push(
            Finding::new(format!(
                "public {what} {} takes {} but has no docstring",
                d.symbol(),
                plural_params(&required)
            ))
            .at_line(path, line)
            .symbol(d.symbol()),
        );
    }
}

/// Names of functions and methods that have a docstring somewhere in the repository.
fn documented_names(cx: &CheckCtx) -> HashSet<String> {
    let paths: Vec<&str> = cx
        .index
        .files_with_ext(&["py"])
        .map(|f| f.path.as_str())
        .filter(|p| is_public_module(p))
        .collect();
    paths
        .par_iter()
        .map(|path| {
            let mut names = HashSet::new();
            if let Some(module) = cx.index.artifact::<PythonModule>(path) {
                for func in &module.functions {
                    if func.docstring.is_some() && func.name != "__init__" {
                        names.insert(func.name.clone());
                    }
                }
            }
            names
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        })
}

fn plural_params(names: &[&str]) -> String {
    let shown: Vec<&str> = names.iter().take(4).copied().collect();
    let more = names.len().saturating_sub(shown.len());
    let list = shown.join(", ");
    match (names.len(), more) {
        (1, _) => format!("parameter {list}"),
        (_, 0) => format!("parameters {list}"),
        _ => format!("parameters {list} and {more} more"),
    }
}
