//! The repository's importable Python packages: which file is which dotted module, and which
//! module a name imported through a package's `__init__.py` really comes from.
//!
//! A package is a folder with an `__init__.py`; its top-level folder's parent is the import root
//! (`src/` in a src layout, the repository root otherwise). Folders of tests, docs, examples,
//! scripts and vendored code are not the product's packages. Namespace packages (no
//! `__init__.py`) are left out: without the marker we cannot tell a package from a script folder.
//!
//! Re-exports are followed through the shared [`PythonModule`] summaries (each file parsed once):
//! explicit `from .sub import Name`, `from pkg.sub import Name`, `from . import sub`, and star
//! imports (`from .ops import *`) whose source module defines the name. Depth is bounded, so an
//! import cycle between `__init__` files cannot loop.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::python::{Import, PythonModule};
use super::source_layout::SourceLayout;
use super::test_suite::{is_non_product, is_python_test_file};
use crate::index::RepoIndex;

/// How many re-export hops are followed (`pkg` → `pkg.models` → `pkg.models.unet`).
const MAX_HOPS: usize = 6;

/// The product's Python modules by dotted name.
#[derive(Clone, Debug, Default)]
pub struct PackageMap {
    /// Dotted module name → repository path (`pkg.sub` → `src/pkg/sub/__init__.py`).
    pub modules: BTreeMap<String, String>,
}

impl PackageMap {
    /// Finds the packages in the repository (see the module docs for what counts).
    pub fn build(index: &RepoIndex) -> PackageMap {
        let inits: BTreeSet<&str> = index
            .files()
            .iter()
            .filter(|f| f.name() == "__init__.py" && !excluded(&f.path))
            .map(|f| f.dir())
            .collect();
        let layout = SourceLayout::of(index);
        let renamed = &layout.renamed;
        let mut map = PackageMap::default();
        for entry in index.files_with_ext(&["py"]) {
            let dir = entry.dir();
            if !inits.contains(dir) || excluded(&entry.path) {
                continue;
            }
            // Climb to the top-level package (or one the packaging installs under another
            // name); its parent is the import root.
            let mut top = dir;
            while let Some((parent, _)) = top.rsplit_once('/') {
                if !inits.contains(parent) || renamed.contains_key(top) {
                    break;
                }
                top = parent;
            }
            let root_len = top.rfind('/').map_or(0, |i| i + 1);
            let relative = &entry.path[root_len..];
            let Some(stem) = relative.strip_suffix(".py") else {
                continue;
            };
            let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
            let mut name = stem.replace('/', ".");
            if let Some(installed) = renamed.get(top) {
                let own = &top[root_len..];
                name = format!("{installed}{}", &name[own.len()..]);
            }
            if name.split('.').all(is_identifier) {
                map.modules
                    .entry(name)
                    .or_insert_with(|| entry.path.clone());
            }
        }
        map
    }

    /// Names that public packages re-export from private modules, by the private module's path:
    /// `from optax._src.alias import adam` in `optax/__init__.py` makes `adam` of
    /// `optax/_src/alias.py` public API although its module path starts with `_`. A package's
    /// `__all__`, when it has one, narrows what it re-exports.
    pub fn reexported_from_private(&self, index: &RepoIndex) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (package, path) in &self.modules {
            if !path.ends_with("__init__.py") || is_private(package) {
                continue;
            }
            let Some(summary) = index.artifact::<PythonModule>(path) else {
                continue;
            };
            for import in &summary.imports {
                let source = PackageMap::absolute(package, true, import);
                let Some(source_path) = self.modules.get(&source) else {
                    continue;
                };
                if !is_private(&source) {
                    continue;
                }
                let names = import.names.iter().filter(|n| summary.exports(n));
                out.entry(source_path.clone())
                    .or_default()
                    .extend(names.cloned());
            }
        }
        out.retain(|_, names| !names.is_empty());
        out
    }

    /// The repository path of a dotted module.
    pub fn path(&self, module: &str) -> Option<&str> {
        self.modules.get(module).map(String::as_str)
    }

    /// Whether a dotted module is a package (`__init__.py`).
    pub fn is_package(&self, module: &str) -> bool {
        self.path(module)
            .is_some_and(|p| p.ends_with("/__init__.py") || p == "__init__.py")
    }

    /// The dotted name of the module at a repository path.
    pub fn name_of(&self, path: &str) -> Option<&str> {
        self.modules
            .iter()
            .find(|(_, p)| p.as_str() == path)
            .map(|(n, _)| n.as_str())
    }

    /// Resolves an import as written in module `importer` (dotted; for a package its own name)
    /// to an absolute dotted module (`from ..utils import x` in `pkg.sub.mod` → `pkg.utils`).
    pub fn absolute(importer: &str, importer_is_package: bool, import: &Import) -> String {
        if import.level == 0 {
            return import.module.clone();
        }
        let mut parts: Vec<&str> = importer.split('.').collect();
        if !importer_is_package {
            parts.pop();
        }
        for _ in 1..import.level {
            parts.pop();
        }
        if !import.module.is_empty() {
            parts.push(&import.module);
        }
        parts.join(".")
    }

    /// The module that really defines `name` when it is taken from `module` (a re-export through
    /// a package's `__init__`, or the module itself when it defines the name). Also answers a
    /// submodule: `pkg` + `sub` → `pkg.sub`.
    pub fn origin_of(&self, index: &RepoIndex, module: &str, name: &str) -> Option<String> {
        self.origin(index, module, name, 0)
    }

    fn origin(&self, index: &RepoIndex, module: &str, name: &str, hops: usize) -> Option<String> {
        let submodule = format!("{module}.{name}");
        if self.modules.contains_key(&submodule) {
            return Some(submodule);
        }
        if hops >= MAX_HOPS {
            return None;
        }
        let summary = self.summary(index, module)?;
        if defines(&summary, name) {
            return Some(module.to_string());
        }
        let is_package = self.is_package(module);
        let mut stars = Vec::new();
        for import in &summary.imports {
            if import.names.is_empty() {
                continue;
            }
            let source = Self::absolute(module, is_package, import);
            if import.names.iter().any(|n| n == name) {
                if let Some(found) = self.origin(index, &source, name, hops + 1) {
                    return Some(found);
                }
                if self.modules.contains_key(&source) {
                    return Some(source);
                }
            } else if import.names.iter().any(|n| n == "*") {
                stars.push(source);
            }
        }
        stars
            .iter()
            .find_map(|source| self.origin(index, source, name, hops + 1))
    }

    /// The modules of its own subtree a package's `__init__` imports from or imports as
    /// submodules (`from .models import UNet`, `from pkg.backend import numpy`): what a star
    /// import of the package brings in.
    pub fn reexport_sources(&self, index: &RepoIndex, module: &str) -> Vec<String> {
        let Some(summary) = self.summary(index, module) else {
            return Vec::new();
        };
        let is_package = self.is_package(module);
        let prefix = format!("{module}.");
        let mut sources = Vec::new();
        for import in &summary.imports {
            let source = Self::absolute(module, is_package, import);
            let submodules = import.names.iter().map(|n| format!("{source}.{n}"));
            for candidate in std::iter::once(source.clone()).chain(submodules) {
                if candidate.starts_with(&prefix)
                    && self.modules.contains_key(&candidate)
                    && !sources.contains(&candidate)
                {
                    sources.push(candidate);
                }
            }
        }
        sources
    }

    /// The modules a package star-imports (`from keras.src.backend.jax import *`): a facade that
    /// re-exports whole implementations, often one per backend chosen at run time.
    pub fn star_sources(&self, index: &RepoIndex, module: &str) -> Vec<String> {
        let Some(summary) = self.summary(index, module) else {
            return Vec::new();
        };
        let is_package = self.is_package(module);
        summary
            .imports
            .iter()
            .filter(|import| import.names.iter().any(|n| n == "*"))
            .map(|import| Self::absolute(module, is_package, import))
            .filter(|source| source != module && self.modules.contains_key(source))
            .collect()
    }

    /// The parsed summary of a dotted module.
    pub fn summary(&self, index: &RepoIndex, module: &str) -> Option<Arc<PythonModule>> {
        index.artifact::<PythonModule>(self.path(module)?)
    }
}

/// Whether a module defines a top-level function or class of this name.
fn defines(summary: &PythonModule, name: &str) -> bool {
    summary
        .functions
        .iter()
        .any(|f| f.class.is_none() && f.qualname == name)
        || summary.classes.iter().any(|c| c.qualname == name)
}

/// Whether a dotted module has a part starting with `_` (`pkg._src.alias`).
fn is_private(module: &str) -> bool {
    module.split('.').any(|p| p.starts_with('_'))
}

/// Whether the Python file at `path` may be a module of a package [`PackageMap::build`] maps: it
/// sits beside an `__init__.py` and is product code. Cheap, for deciding per file what to keep
/// of its text before the map exists; a few files it admits the map leaves out.
pub fn may_be_module(index: &RepoIndex, path: &str) -> bool {
    let init = match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/__init__.py"),
        None => "__init__.py".to_string(),
    };
    !excluded(path) && index.has_file(&init)
}

fn excluded(path: &str) -> bool {
    is_non_product(path) || is_python_test_file(path)
}

fn is_identifier(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_modules_in_src_and_flat_layouts() {
        let index = RepoIndex::from_files(&[
            ("src/pkg/__init__.py", ""),
            ("src/pkg/core.py", ""),
            ("src/pkg/sub/__init__.py", ""),
            ("src/pkg/sub/deep.py", ""),
            ("flat/__init__.py", ""),
            ("flat/a.py", ""),
            ("tests/__init__.py", ""),
            ("tests/test_core.py", ""),
            ("scripts/tool/__init__.py", ""),
            ("loose/script.py", ""),
        ]);
        let map = PackageMap::build(&index);
        let names: Vec<&str> = map.modules.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "flat",
                "flat.a",
                "pkg",
                "pkg.core",
                "pkg.sub",
                "pkg.sub.deep"
            ]
        );
        assert!(map.is_package("pkg.sub") && !map.is_package("pkg.core"));
        assert_eq!(map.name_of("src/pkg/sub/deep.py"), Some("pkg.sub.deep"));
    }

    #[test]
    fn a_folder_the_packaging_installs_under_another_name_takes_that_name() {
        let index = RepoIndex::from_files(&[
            (
                "setup.py",
                "package_dir={\"lib.projects.rend\": \"projects/Rend/rend\"}\n",
            ),
            ("lib/__init__.py", ""),
            ("projects/Rend/rend/__init__.py", ""),
            ("projects/Rend/rend/head.py", ""),
            ("projects/Rend/rend/sub/__init__.py", ""),
        ]);
        let map = PackageMap::build(&index);
        let names: Vec<&str> = map.modules.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "lib",
                "lib.projects.rend",
                "lib.projects.rend.head",
                "lib.projects.rend.sub"
            ]
        );
    }

    #[test]
    fn follows_reexports_through_init_files() {
        let index = RepoIndex::from_files(&[
            (
                "pkg/__init__.py",
                "from .models import UNet\nfrom pkg.ops import *\nfrom . import utils\n",
            ),
            ("pkg/models/__init__.py", "from .unet import UNet as UNet\n"),
            ("pkg/models/unet.py", "class UNet:\n    pass\n"),
            ("pkg/ops/__init__.py", "from .math import *\n"),
            ("pkg/ops/math.py", "def add(a, b):\n    return a + b\n"),
            ("pkg/utils.py", "def helper():\n    pass\n"),
        ]);
        let map = PackageMap::build(&index);
        let origin = |module: &str, name: &str| map.origin_of(&index, module, name);
        assert_eq!(origin("pkg", "UNet").as_deref(), Some("pkg.models.unet"));
        assert_eq!(origin("pkg", "add").as_deref(), Some("pkg.ops.math"));
        assert_eq!(origin("pkg", "utils").as_deref(), Some("pkg.utils"));
        assert_eq!(origin("pkg", "missing"), None);
        assert_eq!(
            map.reexport_sources(&index, "pkg"),
            ["pkg.models", "pkg.ops", "pkg.utils"]
        );
    }

    #[test]
    fn import_cycles_terminate() {
        let index = RepoIndex::from_files(&[
            ("pkg/__init__.py", "from pkg.a import *\n"),
            ("pkg/a/__init__.py", "from pkg import *\n"),
        ]);
        let map = PackageMap::build(&index);
        assert_eq!(map.origin_of(&index, "pkg", "nothing"), None);
    }

    #[test]
    fn relative_imports_resolve() {
        let import = |module: &str, level: u32| Import {
            module: module.to_string(),
            level,
            names: vec!["x".to_string()],
            line: 1,
        };
        assert_eq!(
            PackageMap::absolute("pkg.sub.mod", false, &import("utils", 2)),
            "pkg.utils"
        );
        assert_eq!(
            PackageMap::absolute("pkg.sub", true, &import("deep", 1)),
            "pkg.sub.deep"
        );
        assert_eq!(
            PackageMap::absolute("pkg.sub", true, &import("", 1)),
            "pkg.sub"
        );
        assert_eq!(
            PackageMap::absolute("x", false, &import("os.path", 0)),
            "os.path"
        );
    }
}
