//! The public Python API as documentation rules see it: which modules and functions are public
//! (names and module path parts without a leading `_`, `__all__` honoured, tests skipped), and for
//! each public function the docstrings that may document its parameters — its own and, for
//! `__init__`, its class's (both conventions are common in ML libraries).
//!
//! Functions whose documentation lives elsewhere are left out here once, so every rule agrees:
//! `@overload`/`@override`, docstring-generating decorators (`add_start_docstrings`), property
//! setters.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::docstring::{self, Docstring, ParamEntry};
use super::modules::PackageMap;
use super::python::{Function, ParamKind, PythonModule};
use super::source_layout::SourceLayout;
use super::subprojects;
use super::test_suite::is_python_test_file;
use crate::index::{Derived, RepoIndex};

/// Every function and class docstring of a module, parsed once and shared by all the
/// documentation rules (six rules read the same docstrings), keyed by the line its literal
/// starts on.
#[derive(Default)]
pub struct ParsedDocstrings {
    by_line: HashMap<u32, Docstring>,
}

impl ParsedDocstrings {
    fn get(&self, line: u32) -> Option<&Docstring> {
        self.by_line.get(&line)
    }
}

impl Derived for ParsedDocstrings {
    fn derive(index: &RepoIndex, path: &str) -> Self {
        let Some(module) = index.artifact::<PythonModule>(path) else {
            return ParsedDocstrings::default();
        };
        let docstrings = module
            .functions
            .iter()
            .filter_map(|f| f.docstring.as_ref())
            .chain(module.classes.iter().filter_map(|c| c.docstring.as_ref()));
        ParsedDocstrings {
            by_line: docstrings
                .map(|d| (d.line, docstring::parse(&d.text)))
                .collect(),
        }
    }
}

/// Decorators that generate or inherit the docstring, or mark a signature that is not the API.
static SKIP_DECORATOR: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"(?i)(^|\.)(overload|override|overrides)$|add_(start|end)_docstrings|docstring_parameter|inherit_?doc|copy_?doc|append_?doc|fill_doc|\bappender\b|\bsubstitution\b|\.setter$|\.deleter$",
    )
});

/// One function's documentation as the rules see it: its parameters and the docstrings that
/// may document them (its own and, for `__init__`, its class's).
pub struct Documented<'a> {
    /// The function (for a class, its `__init__`).
    pub func: &'a Function,
    /// The module's dotted name, the first half of [`Documented::symbol`].
    module_name: &'a str,
    /// The qualified name within the module: the class's for `__init__`, else the function's.
    owner: &'a str,
    /// (parsed docstring, 1-based line of its literal, raw text), own first.
    pub docs: Vec<(&'a Docstring, u32, &'a str)>,
    /// Lines where a suppression comment may sit.
    pub comment_lines: Vec<u32>,
    /// Line to report an undocumented function or parameter at.
    pub report_line: u32,
    /// Whether it is a class (reported by its `__init__`).
    pub is_class: bool,
    /// The `class` line, where an undocumented class is reported.
    pub class_line: u32,
}

impl Documented<'_> {
    /// Qualified name: `module.Class` for `__init__`, else `module.qualname`. Built only for
    /// a finding: every rule of the family walks every function, and formatting each name up
    /// front was a tenth of a million strings on diffusers that almost all went unused.
    pub fn symbol(&self) -> String {
        format!("{}.{}", self.module_name, self.owner)
    }

    /// Whether any docstring (its own or its class's) exists.
    pub fn has_docstring(&self) -> bool {
        !self.docs.is_empty()
    }

    /// Whether a docstring is a template completed at import time (`{{args}}`, `%(args)s`).
    pub fn is_templated(&self) -> bool {
        self.docs
            .iter()
            .any(|(_, _, raw)| raw.contains("{{") || raw.contains("%("))
    }

    /// Whether an entry documents `*args`/`**kwargs` the signature lacks: the explicit
    /// keywords are then documented collectively.
    pub fn documents_missing_varargs(&self) -> bool {
        let has = |kind| self.func.params.iter().any(|p| p.kind == kind);
        self.docs.iter().flat_map(|(d, _, _)| &d.entries).any(|e| {
            e.names.iter().any(|n| {
                (n == "kwargs" && !has(ParamKind::VarKeyword))
                    || (n == "args" && !has(ParamKind::VarArgs))
            })
        })
    }

    /// Whether a parameter section exists in any of its docstrings.
    pub fn has_param_section(&self) -> bool {
        self.docs.iter().any(|(d, _, _)| d.has_param_section)
    }

    /// The entry documenting `name`, with the docstring line and raw text it sits in.
    pub fn entry(&self, name: &str) -> Option<(&ParamEntry, u32, &str)> {
        self.docs
            .iter()
            .find_map(|(doc, line, raw)| doc.entry(name).map(|e| (e, *line, *raw)))
    }
}

/// The public functions of a module with the docstrings that document them (`parsed` holds the
/// module's docstrings, parsed once).
pub fn api_functions<'a>(
    module: &'a PythonModule,
    parsed: &'a ParsedDocstrings,
    module_name: &'a str,
) -> Vec<Documented<'a>> {
    documented_functions(module, parsed, module_name, |func| {
        let top = func.qualname.split('.').next().unwrap_or(&func.qualname);
        let class = func.class.as_deref().and_then(|c| module.class(c));
        func.is_public
            && module.exports(top)
            && (func.class.is_none() || class.is_some_and(|c| c.is_public))
    })
}

/// Every function of a module, private ones included, with the docstrings that document them:
/// whoever wrote a parameter section meant it to be read, wherever the function sits.
pub fn all_functions<'a>(
    module: &'a PythonModule,
    parsed: &'a ParsedDocstrings,
    module_name: &'a str,
) -> Vec<Documented<'a>> {
    documented_functions(module, parsed, module_name, |_| true)
}

fn documented_functions<'a>(
    module: &'a PythonModule,
    parsed: &'a ParsedDocstrings,
    module_name: &'a str,
    keep: impl Fn(&Function) -> bool,
) -> Vec<Documented<'a>> {
    let mut out = Vec::new();
    for func in &module.functions {
        if func.decorators.iter().any(|d| SKIP_DECORATOR.is_match(d)) || !keep(func) {
            continue;
        }
        let class = func.class.as_deref().and_then(|c| module.class(c));
        let is_init = func.name == "__init__";
        let mut docs = Vec::new();
        if let Some((doc, parsed)) = func
            .docstring
            .as_ref()
            .and_then(|d| Some((d, parsed.get(d.line)?)))
        {
            docs.push((parsed, doc.line, doc.text.as_str()));
        }
        let mut comment_lines = vec![
            func.line,
            func.first_line,
            func.first_line.saturating_sub(1),
        ];
        let class_line = class.map_or(func.line, |c| c.line);
        let (owner, report_line) = match (is_init, class) {
            (true, Some(class)) => {
                if let Some((doc, parsed)) = class
                    .docstring
                    .as_ref()
                    .and_then(|d| Some((d, parsed.get(d.line)?)))
                {
                    docs.push((parsed, doc.line, doc.text.as_str()));
                }
                comment_lines.extend([
                    class.line,
                    class.first_line,
                    class.first_line.saturating_sub(1),
                ]);
                (class.qualname.as_str(), func.line)
            }
            _ => (func.qualname.as_str(), func.line),
        };
        out.push(Documented {
            func,
            module_name,
            owner,
            docs,
            comment_lines,
            report_line,
            is_class: is_init && class.is_some(),
            class_line,
        });
    }
    out
}

/// Dotted module name from a path (`src/pkg/mod.py` → `pkg.mod`, `pkg/__init__.py` → `pkg`).
pub fn module_name(path: &str) -> String {
    let trimmed = path.strip_suffix(".py").unwrap_or(path);
    let mut parts: Vec<&str> = trimmed.split('/').collect();
    if parts.len() > 1 && matches!(parts[0], "src" | "lib" | "python") {
        parts.remove(0);
    }
    if parts.len() > 1 && parts.last() == Some(&"__init__") {
        parts.pop();
    }
    parts.join(".")
}

/// Tests and test helpers are not public API: the test suite's own files (the one answer,
/// [`is_python_test_file`], stubs included), test helpers under a `testing/` folder at any depth
/// (`pkg/testing/utils.py`), and a `test.py` script.
pub fn is_test_path(path: &str) -> bool {
    // Most paths are lowercase `.py` and are judged as they are; lowercasing a copy of every
    // path first was most of this function's cost, which every rule over Python files pays.
    let lower;
    let path = if path.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = path.to_ascii_lowercase();
        lower.as_str()
    } else {
        path
    };
    let stub;
    let source = match path.strip_suffix(".pyi") {
        Some(stem) => {
            stub = format!("{stem}.py");
            stub.as_str()
        }
        None => path,
    };
    let (dirs, name) = source.rsplit_once('/').unwrap_or(("", source));
    is_python_test_file(source) || dirs.split('/').any(|d| d == "testing") || name == "test.py"
}

/// The public API view shared by the documentation and test rules: a module is public by its
/// path ([`is_public_module`]), or, under a private path, for the names a public package
/// re-exports from it (`from optax._src.alias import adam` in `optax/__init__.py`). Modules of
/// a sub-project (see `analysis::subprojects`) are that project's API, not this one's, and in a
/// repository that ships packages, scripts outside them are no API at all (see `script_dirs`).
#[derive(Debug, Default)]
pub struct PublicApi {
    reexported: BTreeMap<String, BTreeSet<String>>,
    subprojects: Vec<String>,
    /// Folders of Python files outside every package in a repository that ships packages.
    script_dirs: BTreeSet<String>,
}

impl PublicApi {
    /// Reads the re-exports of the repository's packages and finds its sub-projects and script
    /// folders.
    pub fn build(index: &RepoIndex) -> Self {
        let map = PackageMap::build(index);
        PublicApi {
            reexported: map.reexported_from_private(index),
            subprojects: subprojects::find(index),
            script_dirs: script_dirs(index, &map),
        }
    }

    /// Whether any of the module at `path` is public API.
    pub fn has_module(&self, path: &str) -> bool {
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        !subprojects::contains(&self.subprojects, path)
            && !self.script_dirs.contains(dir)
            && (is_public_module(path) || self.reexported.contains_key(path))
    }

    /// Whether the top-level name `name` of the module at `path` is public API (for a private
    /// module, whether a public package re-exports it).
    pub fn exposes(&self, path: &str, name: &str) -> bool {
        if subprojects::contains(&self.subprojects, path) {
            return false;
        }
        if is_public_module(path) {
            return true;
        }
        self.reexported
            .get(path)
            .is_some_and(|names| names.contains(name))
    }
}

/// In a packaged repository that ships packages, the folders below the root whose Python files
/// belong to no package and to no source root the packaging names (`demo/`, `guides/`,
/// `configs/Misc/`, `projects/DeepLab/` beside its shipped package): their modules are scripts,
/// tutorials and configs run from the checkout, not installed API. Root-level modules stay API
/// (`py_modules`, console-script modules); a repository that ships no package keeps all of its
/// code (nanoGPT's `model.py`).
fn script_dirs(index: &RepoIndex, map: &PackageMap) -> BTreeSet<String> {
    if map.modules.is_empty() || !subprojects::root_is_packaged(index) {
        return BTreeSet::new();
    }
    let layout = SourceLayout::of(index);
    let under_source_root = |dir: &str| {
        std::iter::successors(Some(dir), |d| d.rsplit_once('/').map(|(parent, _)| parent))
            .any(|d| layout.is_source_root(d))
    };
    index
        .files_with_ext(&["py"])
        .map(|f| f.dir())
        .filter(|dir| !dir.is_empty() && !index.has_file(&format!("{dir}/__init__.py")))
        .filter(|dir| !under_source_root(dir))
        .map(String::from)
        .collect()
}

/// A module is public when no path part starts with `_` (`__init__.py` aside) and it is not a
/// test or the docs' `conf.py`.
pub fn is_public_module(path: &str) -> bool {
    if is_test_path(path) || path == "setup.py" || path.ends_with("/conf.py") || path == "conf.py" {
        return false;
    }
    path.split('/')
        .all(|part| !part.starts_with('_') || part == "__init__.py" || part == "__main__.py")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_outside_the_shipped_packages_are_no_api() {
        let packaged = [
            ("pyproject.toml", "[project]\nname = \"lib\"\n"),
            ("lib/__init__.py", ""),
            ("lib/core.py", ""),
            ("src/ns/tool.py", ""),
            ("demo/demo.py", ""),
            ("projects/Rend/train_net.py", ""),
            ("convert.py", ""),
        ];
        let api = PublicApi::build(&RepoIndex::from_files(&packaged));
        assert!(api.has_module("lib/core.py") && api.has_module("convert.py"));
        assert!(
            api.has_module("src/ns/tool.py"),
            "a source root's namespace package"
        );
        assert!(!api.has_module("demo/demo.py"));
        assert!(!api.has_module("projects/Rend/train_net.py"));
        // A repository that ships no package keeps all of its code.
        let api = PublicApi::build(&RepoIndex::from_files(&packaged[1..]));
        assert!(api.has_module("demo/demo.py"));
    }

    #[test]
    fn module_names_and_paths() {
        assert_eq!(module_name("src/pkg/mod.py"), "pkg.mod");
        assert_eq!(module_name("pkg/__init__.py"), "pkg");
        assert_eq!(module_name("model.py"), "model");
        assert!(is_test_path("pkg/tests/helpers.py"));
        assert!(is_test_path("pkg/testing/x.py"));
        assert!(!is_test_path("pkg/testing_utils.py"));
        assert!(is_test_path("integration_tests/basic_flow.py"));
        assert!(is_test_path("pkg/unittests/helpers.pyi"));
        assert!(is_test_path("scripts/test.py"));
        assert!(!is_test_path("pkg/contest.py"));
        assert!(is_test_path("pkg/Testing/Helpers.py"));
        assert!(is_test_path("Tests/Stubs.PYI"));
        assert!(is_test_path("Scripts/TEST.py"));
        assert!(!is_public_module("pkg/_private/x.py"));
        assert!(is_public_module("pkg/__init__.py"));
    }
}
