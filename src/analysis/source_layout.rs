//! Where the root's packaging says its packages are: the folders it names as sources, and the
//! package folders it installs under another dotted name.
//!
//! setuptools' `find_packages()` finds only packages with an unbroken `__init__.py` chain from
//! its source root: the repository root, `src/` in a src layout, or a folder the packaging names
//! (`where="python"`, `package_dir={"": "lib"}`, hatch's `packages = ["src/pkg"]`, poetry's
//! `from = "lib"`). `package_dir` can also install one folder as a package of another name
//! (detectron2's `"detectron2.projects.point_rend": "projects/PointRend/point_rend"`). The root's
//! `setup.py`, `setup.cfg` and `pyproject.toml` are read as text, never run: every string that
//! is a folder of the tree holding a package (or being one) is a named folder, and a
//! `"dotted.name": "folder"` pair (or `name = folder`) whose last name part is the folder's own
//! name installs that folder under the name.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::ascii_words::builtin_regex;
use crate::index::{Fact, RepoIndex};

/// The root packaging files read.
const ROOT_PACKAGING: &[&str] = &["setup.py", "setup.cfg", "pyproject.toml"];

/// What the root packaging says about package locations.
#[derive(Debug, Default)]
pub struct SourceLayout {
    /// Folders of the tree the packaging names (source roots or package folders).
    pub named: BTreeSet<String>,
    /// Package folder → the dotted name it is installed as.
    pub renamed: BTreeMap<String, String>,
}

impl SourceLayout {
    /// The layout of this scan's repository, read once and shared.
    pub fn of(index: &RepoIndex) -> Arc<SourceLayout> {
        index.fact::<SourceLayout>()
    }
}

impl Fact for SourceLayout {
    /// Reads the root's packaging files (no packaging, an empty layout).
    fn compute(index: &RepoIndex) -> SourceLayout {
        // ASCII classes: Unicode `\w` and `\s` cost more to compile than the whole read.
        static STRING: LazyLock<Regex> =
            LazyLock::new(|| builtin_regex(r#""([^"\n]*)"|'([^'\n]*)'"#));
        static BARE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
            builtin_regex(r"(?m)^[ \t]*[A-Za-z0-9_.-]*[ \t]*=[ \t]*([A-Za-z0-9_./-]+)[ \t]*$")
        });
        static PAIR: LazyLock<Regex> = LazyLock::new(|| {
            builtin_regex(
                r#"["']?([A-Za-z_][A-Za-z0-9_.]*)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9_./-]+)["']?"#,
            )
        });
        let mut layout = SourceLayout::default();
        // Folders that are packages or hold one: a source root names where packages are, and
        // other strings that happen to be folders (`exclude=("configs",)`, a `"dev"` extra,
        // `"requirements"`) name none.
        let mut holds_packages: BTreeSet<&str> = BTreeSet::new();
        for init in index.files().iter().filter(|f| f.name() == "__init__.py") {
            let package = init.dir();
            holds_packages.insert(package);
            holds_packages.insert(package.rsplit_once('/').map_or("", |(parent, _)| parent));
        }
        for file in ROOT_PACKAGING {
            let Some(text) = index.text(file) else {
                continue;
            };
            let strings = STRING
                .captures_iter(text)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)));
            // setup.cfg values are unquoted (`where = src`).
            let bare = BARE_VALUE.captures_iter(text).filter_map(|c| c.get(1));
            for value in strings.chain(bare) {
                if let Some(folder) = folder(index, value.as_str()) {
                    if holds_packages.contains(folder.as_str()) {
                        layout.named.insert(folder);
                    }
                }
            }
            for pair in PAIR.captures_iter(text) {
                let Some(folder) = folder(index, &pair[2]) else {
                    continue;
                };
                let name = &pair[1];
                let own = folder.rsplit('/').next().unwrap_or(&folder);
                let last = name.rsplit('.').next().unwrap_or(name);
                if last == own && index.has_file(&format!("{folder}/__init__.py")) {
                    layout.renamed.insert(folder, name.to_string());
                }
            }
        }
        layout
    }
}

impl SourceLayout {
    /// Whether a package whose top folder's parent is `root` is found by the packaging: the
    /// repository root, `src/`, or a named folder.
    pub fn is_source_root(&self, root: &str) -> bool {
        root.is_empty() || root == "src" || self.named.contains(root)
    }
}

/// `value` as a folder of the tree (`./lib/` → `lib`), if it is one.
fn folder(index: &RepoIndex, value: &str) -> Option<String> {
    let trimmed = value.trim_start_matches("./").trim_end_matches('/');
    let plausible =
        !trimmed.is_empty() && !trimmed.starts_with('/') && !trimmed.split('/').any(|p| p == "..");
    (plausible && index.has_dir(trimmed)).then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_folders_and_renamed_packages() {
        let index = RepoIndex::from_files(&[
            (
                "setup.py",
                "PROJECTS = {\n    \"lib.projects.point_rend\": \"projects/PointRend/point_rend\",\n}\nsetup(name=\"lib\", packages=find_packages(where=\"python\"), package_dir=PROJECTS)\n",
            ),
            ("lib/__init__.py", ""),
            ("python/other/__init__.py", ""),
            ("projects/PointRend/point_rend/__init__.py", ""),
            ("projects/PointSup/point_sup/__init__.py", ""),
        ]);
        let layout = SourceLayout::compute(&index);
        assert_eq!(
            layout
                .renamed
                .get("projects/PointRend/point_rend")
                .map(String::as_str),
            Some("lib.projects.point_rend")
        );
        // `name="lib"` names the folder but renames nothing: `name` is not its last part.
        assert!(!layout.renamed.contains_key("lib"));
        assert!(layout.is_source_root("python"));
        assert!(layout.is_source_root("") && layout.is_source_root("src"));
        assert!(!layout.is_source_root("projects/PointSup"));
        let index = RepoIndex::from_files(&[
            (
                "setup.py",
                "setup(packages=find_packages(exclude=(\"configs\",)))\n",
            ),
            ("lib/__init__.py", ""),
            ("configs/base.py", ""),
        ]);
        assert!(!SourceLayout::compute(&index).is_source_root("configs"));
    }

    #[test]
    fn setup_cfg_values_are_unquoted() {
        let index = RepoIndex::from_files(&[
            ("setup.cfg", "[options.packages.find]\nwhere = lib\n"),
            ("lib/pkg/__init__.py", ""),
        ]);
        assert!(SourceLayout::compute(&index).is_source_root("lib"));
    }
}
