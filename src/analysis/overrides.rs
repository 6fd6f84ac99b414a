//! Methods that override a documented hook of a well-known framework base class, whose
//! documentation therefore lives upstream: `compute_loss` on a subclass of `transformers.Trainer`,
//! `on_evaluate` on a `TrainerCallback`, `training_step` on a `LightningModule`.
//!
//! The rule for bases outside the repository, which claw-lint cannot read: a method is an
//! override when its class derives, directly or through classes of the repository, from a base
//! the catalog's `framework_hooks` lexicon lists, and the method's name is one of that base's
//! documented hooks there (a trailing `*` matches a prefix, `on_*`). Bases are resolved through
//! each file's imports (`from transformers import Trainer`, `from torch import nn` + `nn.Module`).
//! A base that is not listed documents nothing: its subclass's new methods need docstrings.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::python::PythonModule;
use crate::index::RepoIndex;

/// The `framework_hooks` lexicon: a base class's dotted name (`transformers.Trainer`) and the
/// names of its documented methods that subclasses override.
pub type FrameworkHooks = HashMap<String, Vec<String>>;

/// One class of the repository, its bases resolved through its file's imports.
struct ClassInfo {
    bases: Vec<String>,
}

/// `module path → class qualname → method names` of overriding methods.
#[derive(Debug, Default)]
pub struct Overrides {
    methods: HashSet<(String, String)>,
}

impl Overrides {
    /// Whether `class.method` (`class` the qualname) in the file at `path` overrides a hook.
    pub fn contains(&self, path: &str, class: &str, method: &str) -> bool {
        self.methods
            .contains(&(path.to_string(), format!("{class}.{method}")))
    }
}

/// A base's source text resolved to a dotted name through the file's imports.
fn resolve_base(module: &PythonModule, base: &str) -> String {
    let (head, rest) = base.split_once('.').unwrap_or((base, ""));
    for import in &module.imports {
        if import.level > 0 {
            continue;
        }
        if import.names.is_empty() {
            // `import torch.nn as nn` is summarised as module `torch.nn`; `import torch` as `torch`.
            let last = import.module.rsplit('.').next().unwrap_or(&import.module);
            if last == head || import.module == head {
                return join(&import.module, rest);
            }
        } else if import.names.iter().any(|n| n == head) {
            return join(&format!("{}.{head}", import.module), rest);
        }
    }
    base.to_string()
}

fn join(prefix: &str, rest: &str) -> String {
    if rest.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}.{rest}")
    }
}

/// Whether dotted `name` is the listed base `listed`: equal, or the same top-level package and
/// class name (`transformers.trainer.Trainer` is `transformers.Trainer`).
fn is_listed(name: &str, listed: &str) -> bool {
    fn top(s: &str) -> &str {
        s.split('.').next().unwrap_or("")
    }
    fn last(s: &str) -> &str {
        s.rsplit('.').next().unwrap_or("")
    }
    name == listed || (top(name) == top(listed) && last(name) == last(listed))
}

fn hook_matches(patterns: &[String], method: &str) -> bool {
    patterns.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => method.starts_with(prefix),
        None => p == method,
    })
}

/// Every overriding method of the repository's Python files (see the module docs).
pub fn find(index: &RepoIndex, hooks: &FrameworkHooks) -> Overrides {
    if hooks.is_empty() {
        return Overrides::default();
    }
    let paths: Vec<&str> = index
        .files_with_ext(&["py"])
        .map(|f| f.path.as_str())
        .collect();
    let modules: Vec<(&str, std::sync::Arc<PythonModule>)> = paths
        .par_iter()
        .filter_map(|p| Some((*p, index.artifact::<PythonModule>(p)?)))
        .collect();
    // Classes by simple name: enough to follow in-repo inheritance.
    let mut classes: HashMap<&str, Vec<ClassInfo>> = HashMap::new();
    for (_, module) in &modules {
        for class in &module.classes {
            classes
                .entry(class.name.as_str())
                .or_default()
                .push(ClassInfo {
                    bases: class
                        .bases
                        .iter()
                        .map(|b| resolve_base(module, b))
                        .collect(),
                });
        }
    }
    let mut methods = HashSet::new();
    for (path, module) in &modules {
        for class in &module.classes {
            let bases: Vec<String> = class
                .bases
                .iter()
                .map(|b| resolve_base(module, b))
                .collect();
            let external = external_ancestors(&bases, &classes);
            let patterns: Vec<&Vec<String>> = hooks
                .iter()
                .filter(|(listed, _)| external.iter().any(|e| is_listed(e, listed)))
                .map(|(_, p)| p)
                .collect();
            if patterns.is_empty() {
                continue;
            }
            for func in module.methods(&class.qualname) {
                if patterns.iter().any(|p| hook_matches(p, &func.name)) {
                    methods.insert((path.to_string(), func.qualname.clone()));
                }
            }
        }
    }
    Overrides { methods }
}

/// The dotted names of bases outside the repository, found through the repository's classes.
fn external_ancestors(bases: &[String], classes: &HashMap<&str, Vec<ClassInfo>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = bases.to_vec();
    while let Some(base) = todo.pop() {
        if !seen.insert(base.clone()) || seen.len() > 200 {
            continue;
        }
        out.push(base.clone());
        let simple = base.rsplit('.').next().unwrap_or(&base);
        if let Some(found) = classes.get(simple) {
            for info in found {
                todo.extend(info.bases.iter().cloned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hooks() -> FrameworkHooks {
        FrameworkHooks::from([
            (
                "transformers.Trainer".to_string(),
                vec!["compute_loss".to_string()],
            ),
            (
                "transformers.TrainerCallback".to_string(),
                vec!["on_*".to_string()],
            ),
            (
                "torch.nn.Module".to_string(),
                vec!["extra_repr".to_string()],
            ),
        ])
    }

    #[test]
    fn overrides_of_listed_bases_directly_and_through_the_repository() {
        let index = RepoIndex::from_files(&[
            (
                "pkg/base.py",
                "from transformers import Trainer\n\nclass BaseTrainer(Trainer):\n    def helper(self, x):\n        pass\n",
            ),
            (
                "pkg/dpo.py",
                "from .base import BaseTrainer\nfrom transformers.trainer_callback import TrainerCallback\nfrom torch import nn\n\nclass DPOTrainer(BaseTrainer):\n    def compute_loss(self, model, inputs):\n        pass\n\n    def new_api(self, x):\n        pass\n\nclass Cb(TrainerCallback):\n    def on_evaluate(self, args, state):\n        pass\n\nclass Head(nn.Module):\n    def extra_repr(self, x):\n        pass\n",
            ),
            (
                "pkg/other.py",
                "from somewhere import Trainer2\n\nclass T(Trainer2):\n    def compute_loss(self, model):\n        pass\n",
            ),
        ]);
        let found = find(&index, &hooks());
        assert!(found.contains("pkg/dpo.py", "DPOTrainer", "compute_loss"));
        assert!(found.contains("pkg/dpo.py", "Cb", "on_evaluate"));
        assert!(found.contains("pkg/dpo.py", "Head", "extra_repr"));
        assert!(!found.contains("pkg/dpo.py", "DPOTrainer", "new_api"));
        assert!(!found.contains("pkg/base.py", "BaseTrainer", "helper"));
        assert!(!found.contains("pkg/other.py", "T", "compute_loss"));
    }
}
