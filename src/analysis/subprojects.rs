//! Sub-projects: folders below the root that are Python projects of their own.
//!
//! Research repositories ship projects built on the library next to it (detectron2's
//! `projects/DensePose`, with its own `setup.py`, package and tests). Such a folder is not the
//! main package: its modules are not the API a newcomer to the library targets, and whether
//! they are tested or documented is the sub-project's question, answered by scanning that
//! folder as a repository of its own. A folder is a sub-project when the root is packaged
//! (`setup.py`, `setup.cfg`, or a `pyproject.toml` with `[project]`, `[build-system]` or
//! `[tool.poetry]`) and the folder, outside docs, examples, scripts and tests, has packaging of
//! its own and is no package itself (a module named `setup.py` inside a package is code). A
//! uv workspace's members are one product with the root, so a root declaring
//! `[tool.uv.workspace]` has no sub-projects. A folder holding a package the root's packaging
//! does not find (`projects/PointSup/point_sup/`, no `__init__.py` above it and no packaging
//! naming it) is a research project beside the library too, packaging or not.

use std::collections::BTreeSet;

use super::source_layout::SourceLayout;
use super::test_suite::{is_non_product, is_python_test_file};
use crate::analysis::toml_doc::TomlDoc;
use crate::index::RepoIndex;

/// Files whose presence makes a folder a Python project.
const PACKAGING: &[&str] = &["setup.py", "setup.cfg", "pyproject.toml"];

/// The sub-project folders, sorted; empty when the root is not packaged.
pub fn find(index: &RepoIndex) -> Vec<String> {
    if !root_is_packaged(index) {
        return Vec::new();
    }
    let mut folders: BTreeSet<&str> = index
        .files()
        .iter()
        .filter(|f| PACKAGING.contains(&f.name()) && !f.dir().is_empty())
        .filter(|f| !is_non_product(&f.path) && !is_python_test_file(&f.path))
        .map(|f| f.dir())
        .filter(|dir| !index.has_file(&format!("{dir}/__init__.py")))
        .collect();
    folders.extend(unshipped_import_roots(index));
    // A sub-project inside another is part of the outer one.
    let mut outer: Vec<String> = Vec::new();
    for dir in folders {
        if !outer.iter().any(|o| dir.starts_with(&format!("{o}/"))) {
            outer.push(dir.to_string());
        }
    }
    outer
}

/// The import roots of packages the root's packaging does not find: a package at
/// `projects/PointSup/point_sup/` (no `projects/__init__.py`, no packaging naming the folder)
/// is a research project's code next to the library, not part of its distribution, and so is
/// everything else in `projects/PointSup/` (its `train_net.py`, its tools). A package the
/// packaging installs by folder (`package_dir`) is shipped (see `analysis::source_layout`).
fn unshipped_import_roots(index: &RepoIndex) -> BTreeSet<&str> {
    let layout = SourceLayout::of(index);
    let product = |path: &str| !is_non_product(path) && !is_python_test_file(path);
    let packages: BTreeSet<&str> = index
        .files()
        .iter()
        .filter(|f| f.name() == "__init__.py" && product(&f.path))
        .map(|f| f.dir())
        .collect();
    packages
        .iter()
        .filter_map(|package| package.rsplit_once('/'))
        .filter(|(root, _)| !packages.contains(root))
        .filter(|(root, own)| {
            !layout.is_source_root(root) && !layout.renamed.contains_key(&format!("{root}/{own}"))
        })
        .map(|(root, _)| root)
        .collect()
}

/// Whether `path` lies inside one of the sub-project folders.
pub fn contains(subprojects: &[String], path: &str) -> bool {
    subprojects
        .iter()
        .any(|dir| path.starts_with(dir.as_str()) && path[dir.len()..].starts_with('/'))
}

/// Whether the root is a Python project: `setup.py`, `setup.cfg`, or a `pyproject.toml` that
/// builds something and is no uv workspace of packages.
pub fn root_is_packaged(index: &RepoIndex) -> bool {
    if index.has_file("setup.py") || index.has_file("setup.cfg") {
        return true;
    }
    let doc = index.artifact::<TomlDoc>("pyproject.toml");
    let Some(table) = doc.as_deref().and_then(TomlDoc::table) else {
        return false;
    };
    let tool = table.get("tool");
    let workspace = tool
        .and_then(|t| t.get("uv"))
        .and_then(|uv| uv.get("workspace"))
        .is_some();
    let packaged = table.contains_key("project")
        || table.contains_key("build-system")
        || tool.and_then(|t| t.get("poetry")).is_some();
    packaged && !workspace
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subprojects(files: &[(&str, &str)]) -> Vec<String> {
        find(&RepoIndex::from_files(files))
    }

    #[test]
    fn packaged_folders_below_a_packaged_root() {
        let tree = [
            ("setup.py", ""),
            ("lib/__init__.py", ""),
            ("projects/Dense/setup.py", ""),
            ("projects/Dense/dense/__init__.py", ""),
            ("projects/Dense/dense/inner/pyproject.toml", "[project]\n"),
            ("lib/trainer/__init__.py", ""),
            ("lib/trainer/setup.py", "def setup(trainer): ...\n"),
            ("examples/demo/setup.py", ""),
        ];
        assert_eq!(subprojects(&tree), ["projects/Dense"]);
        let index = RepoIndex::from_files(&tree);
        let found = find(&index);
        assert!(contains(&found, "projects/Dense/dense/x.py"));
        assert!(!contains(&found, "projects/Densely/x.py"));
        assert!(!contains(&found, "lib/trainer/setup.py"));
    }

    #[test]
    fn a_package_the_root_packaging_does_not_find_is_a_research_folder() {
        let tree = [
            (
                "setup.py",
                "setup(packages=find_packages(where=\"python\"), package_dir={\"lib.projects.rend\": \"projects/Rend/rend\"})\n",
            ),
            ("lib/__init__.py", ""),
            ("src/other/__init__.py", ""),
            ("python/extra/__init__.py", ""),
            ("projects/Sup/sup/__init__.py", ""),
            ("projects/Sup/train_net.py", ""),
            ("projects/Rend/rend/__init__.py", ""),
            ("examples/demo/demo/__init__.py", ""),
        ];
        assert_eq!(subprojects(&tree), ["projects/Sup"]);
        // Without root packaging nothing is shipped, so nothing is told apart.
        assert!(subprojects(&tree[1..]).is_empty());
    }

    #[test]
    fn an_unpackaged_root_or_a_workspace_has_none() {
        let member = ("packages/a/pyproject.toml", "[project]\nname = \"a\"\n");
        assert!(subprojects(&[member]).is_empty(), "a monorepo of packages");
        assert!(
            subprojects(&[member, ("pyproject.toml", "[tool.ruff]\n")]).is_empty(),
            "tool config only"
        );
        let workspace = (
            "pyproject.toml",
            "[project]\nname = \"r\"\n[tool.uv.workspace]\nmembers = [\"packages/*\"]\n",
        );
        assert!(subprojects(&[member, workspace]).is_empty());
        let root = ("pyproject.toml", "[project]\nname = \"r\"\n");
        assert_eq!(subprojects(&[member, root]), ["packages/a"]);
    }
}
