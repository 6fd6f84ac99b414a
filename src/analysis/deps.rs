//! The project's declared dependencies, read from every format a Python ML project uses:
//! `requirements*.txt` (and `requirements/` folders), `pyproject.toml` (PEP 621, Poetry,
//! dependency groups), `setup.py` / `setup.cfg` install requirements, conda `environment.yml`,
//! `Pipfile`, lock files (`uv.lock`, `poetry.lock`, `pixi.lock`, `Pipfile.lock`, `pixi.toml`) and
//! conda recipes (`meta.yaml`).
//!
//! Only the project's own specs count: files at the root, in a root `requirements/` tree, or in
//! a root-level conda `recipe/` or `conda/` folder. An example's `requirements.txt` says what that
//! example needs, not how to install the project. Nothing is executed: `setup.py` is read as
//! text (the strings of its `install_requires` list, and any requirement string carrying a
//! version operator, which covers the `_deps = ["torch>=1.4", …]` tables large projects keep).

use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::yaml::{self, Value};
use crate::analysis::toml_doc::TomlDoc;
use crate::index::{Fact, RepoIndex};

/// One declared dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// Normalised name: lowercase, `_` and `.` as `-` (`scikit-learn`, `torch`).
    pub name: String,
    /// The version constraint as written (`>=2.1`, `==1.13.1`, `^2.0`), `None` when unconstrained.
    pub constraint: Option<String>,
    /// Repository-relative path of the spec file.
    pub path: String,
    /// 1-based line (best effort: the first line that names it).
    pub line: u32,
}

/// A file that declares dependencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecFile {
    /// Repository-relative path.
    pub path: String,
    /// 1-based line where the dependencies start (1 when the whole file is the list).
    pub line: u32,
    /// A lock file or recipe pins every dependency it lists.
    pub pins_everything: bool,
}

/// Every spec file of the project and the dependencies they declare.
#[derive(Clone, Debug, Default)]
pub struct DependencySpecs {
    /// Spec files that declare at least one dependency (or are lock files), sorted by path.
    pub files: Vec<SpecFile>,
    /// Declared dependencies in file order.
    pub deps: Vec<Dependency>,
}

impl DependencySpecs {
    /// Whether a lock file or recipe pins the environment.
    pub fn locked(&self) -> bool {
        self.files.iter().any(|f| f.pins_everything)
    }

    /// The declarations of a (normalised) dependency name.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Dependency> {
        self.deps.iter().filter(move |d| d.name == name)
    }
}

impl Fact for DependencySpecs {
    fn compute(index: &RepoIndex) -> Self {
        let mut specs = DependencySpecs::default();
        for entry in index.files() {
            let path = entry.path.as_str();
            let Some(format) = format_of(path) else {
                continue;
            };
            if let Some(text) = index.text(path) {
                read_spec(index, &mut specs, path, text, format);
            } else if format == Format::Lock {
                // A lock file over the size cap still pins the environment.
                specs.files.push(SpecFile {
                    path: path.to_string(),
                    line: 1,
                    pins_everything: true,
                });
            }
        }
        specs
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Requirements,
    Pyproject,
    SetupPy,
    SetupCfg,
    Conda,
    Pipfile,
    Lock,
}

/// Which spec format a path is, if it is one of the project's own spec files.
fn format_of(path: &str) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    if dir == "requirements" || dir.starts_with("requirements/") {
        return (name.ends_with(".txt") || name.ends_with(".in")).then_some(Format::Requirements);
    }
    if matches!(dir, "recipe" | "conda" | "conda-recipe" | ".conda") {
        return matches!(name, "meta.yaml" | "meta.yml" | "recipe.yaml").then_some(Format::Lock);
    }
    if !dir.is_empty() {
        return None;
    }
    Some(match name {
        "pyproject.toml" => Format::Pyproject,
        "setup.py" => Format::SetupPy,
        "setup.cfg" => Format::SetupCfg,
        "environment.yml" | "environment.yaml" | "conda.yml" | "conda.yaml" => Format::Conda,
        "pipfile" => Format::Pipfile,
        "uv.lock" | "poetry.lock" | "pixi.lock" | "pipfile.lock" | "pixi.toml" | "pdm.lock"
        | "conda-lock.yml" | "meta.yaml" => Format::Lock,
        _ if name.starts_with("requirements")
            && (name.ends_with(".txt") || name.ends_with(".in")) =>
        {
            Format::Requirements
        }
        _ => return None,
    })
}

fn read_spec(
    index: &RepoIndex,
    specs: &mut DependencySpecs,
    path: &str,
    text: &str,
    format: Format,
) {
    let before = specs.deps.len();
    let mut start = 1;
    match format {
        Format::Requirements => requirements(specs, path, text, 0),
        Format::Pyproject => pyproject(index, specs, path, text),
        Format::SetupPy => setup_py(specs, path, text),
        Format::SetupCfg => start = setup_cfg(specs, path, text),
        Format::Conda => conda(specs, path, text),
        Format::Pipfile => pipfile(index, specs, path, text),
        Format::Lock => {}
    }
    let added = &specs.deps[before..];
    if format == Format::Lock || !added.is_empty() {
        let line = added.iter().map(|d| d.line).min().unwrap_or(start);
        specs.files.push(SpecFile {
            path: path.to_string(),
            line,
            pins_everything: format == Format::Lock,
        });
    }
}

/// `name[extras] constraint ; marker` (PEP 508), and conda's `name=1.2` / `channel::name>=1`.
static REQUIREMENT: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^(?:[A-Za-z0-9_.-]+::)?([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")
});

/// Normalises a distribution name as pip compares them.
pub fn normalise(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

/// Parses one requirement string into a dependency; `None` for options, paths and URLs.
fn requirement(text: &str, path: &str, line: u32) -> Option<Dependency> {
    let text = text.split(';').next().unwrap_or("").trim();
    if text.is_empty() || text.starts_with('-') || text.starts_with('.') || text.contains("://") {
        return None;
    }
    let caps = REQUIREMENT.captures(text)?;
    let name = caps.get(1)?.as_str();
    let rest = caps.get(2).map_or("", |m| m.as_str()).trim();
    let constraint = (!rest.is_empty() && rest != "*" && !rest.starts_with('#'))
        .then(|| rest.split('#').next().unwrap_or(rest).trim().to_string())
        .filter(|c| !c.is_empty());
    Some(Dependency {
        name: normalise(name),
        constraint,
        path: path.to_string(),
        line,
    })
}

fn requirements(specs: &mut DependencySpecs, path: &str, text: &str, line_offset: u32) {
    for (i, line) in text.lines().enumerate() {
        let line_text = line.split(" #").next().unwrap_or("").trim();
        if line_text.starts_with('#') {
            continue;
        }
        if let Some(dep) = requirement(line_text, path, line_offset + i as u32 + 1) {
            specs.deps.push(dep);
        }
    }
}

/// The 1-based line of the first occurrence of `needle` at or after line `from`, or `from`.
fn line_of(text: &str, needle: &str, from: u32) -> u32 {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .find(|(_, l)| l.contains(needle))
        .map_or(from, |(i, _)| i as u32 + 1)
}

fn pyproject(index: &RepoIndex, specs: &mut DependencySpecs, path: &str, text: &str) {
    let parsed = index.artifact::<TomlDoc>(path);
    let Some(doc) = parsed.as_deref().and_then(TomlDoc::table) else {
        return;
    };
    let mut strings: Vec<String> = Vec::new();
    let project = doc.get("project").and_then(|p| p.as_table());
    if let Some(deps) = project
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array())
    {
        strings.extend(deps.iter().filter_map(|d| d.as_str().map(str::to_string)));
    }
    let groups = [
        project.and_then(|p| p.get("optional-dependencies")),
        doc.get("dependency-groups"),
    ];
    for group in groups.into_iter().flatten().filter_map(|g| g.as_table()) {
        for list in group.values().filter_map(|l| l.as_array()) {
            strings.extend(list.iter().filter_map(|d| d.as_str().map(str::to_string)));
        }
    }
    for spec in strings {
        let needle = format!("\"{spec}\"");
        let line = line_of(text, &needle, 1);
        if let Some(dep) = requirement(&spec, path, line) {
            specs.deps.push(dep);
        }
    }
    let poetry = doc
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.as_table());
    let poetry_tables = poetry.into_iter().flat_map(|p| {
        let main = p.get("dependencies").and_then(|d| d.as_table());
        let groups = p
            .get("group")
            .and_then(|g| g.as_table())
            .into_iter()
            .flat_map(|g| g.values())
            .filter_map(|g| g.get("dependencies").and_then(|d| d.as_table()));
        main.into_iter().chain(groups)
    });
    for table in poetry_tables {
        for (name, value) in table {
            if name == "python" {
                continue;
            }
            specs.deps.push(table_dependency(name, value, path, text));
        }
    }
}

/// A dependency written as `name = "constraint"` or `name = { version = "…" }` (Poetry, Pipfile).
fn table_dependency(name: &str, value: &toml::Value, path: &str, text: &str) -> Dependency {
    let version = match value {
        toml::Value::String(v) => Some(v.as_str()),
        toml::Value::Table(t) => t.get("version").and_then(|v| v.as_str()),
        _ => None,
    };
    Dependency {
        name: normalise(name),
        constraint: version
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "*")
            .map(str::to_string),
        path: path.to_string(),
        line: line_of(text, name, 1),
    }
}

fn pipfile(index: &RepoIndex, specs: &mut DependencySpecs, path: &str, text: &str) {
    let parsed = index.artifact::<TomlDoc>(path);
    let Some(doc) = parsed.as_deref().and_then(TomlDoc::table) else {
        return;
    };
    for section in ["packages", "dev-packages"] {
        if let Some(table) = doc.get(section).and_then(|t| t.as_table()) {
            for (name, value) in table {
                specs.deps.push(table_dependency(name, value, path, text));
            }
        }
    }
}

/// A quoted string literal in Python source.
static PY_STRING: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r#""([^"\n]*)"|'([^'\n]*)'"#));

/// A requirement string with a version operator: `torch>=1.4`, `numpy==1.26`.
static VERSIONED: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*(==|>=|<=|~=|!=|<|>)\s*[0-9]")
});

fn setup_py(specs: &mut DependencySpecs, path: &str, text: &str) {
    let mut seen = std::collections::BTreeSet::new();
    // Strings inside `install_requires=[ … ]` / `extras_require`, whatever they look like.
    for key in ["install_requires", "extras_require", "requires"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(key) {
            let start = from + at;
            from = start + key.len();
            let tail = &text[from..];
            let Some(open) = tail.find(['[', '{']) else {
                break;
            };
            if !tail[..open].trim_start().starts_with('=') && !tail[..open].trim().is_empty() {
                continue;
            }
            let close = tail[open..]
                .find([']', '}'])
                .map_or(tail.len(), |c| open + c + 1);
            let body = &tail[open..close];
            let body_line = text[..from + open].matches('\n').count() as u32 + 1;
            for caps in PY_STRING.captures_iter(body) {
                let Some(m) = caps.get(1).or_else(|| caps.get(2)) else {
                    continue;
                };
                let line = body_line + body[..m.start()].matches('\n').count() as u32;
                if let Some(dep) = requirement(m.as_str(), path, line) {
                    if seen.insert((dep.name.clone(), line)) {
                        specs.deps.push(dep);
                    }
                }
            }
        }
    }
    // Versioned requirement strings anywhere (dependency tables built up before `setup()`).
    for (i, line) in text.lines().enumerate() {
        for caps in PY_STRING.captures_iter(line) {
            let Some(m) = caps.get(1).or_else(|| caps.get(2)) else {
                continue;
            };
            if VERSIONED.is_match(m.as_str()) {
                if let Some(dep) = requirement(m.as_str(), path, i as u32 + 1) {
                    if seen.insert((dep.name.clone(), dep.line)) {
                        specs.deps.push(dep);
                    }
                }
            }
        }
    }
}

/// Reads `install_requires` (and extras) from `[options]`; returns the line of the key.
fn setup_cfg(specs: &mut DependencySpecs, path: &str, text: &str) -> u32 {
    let mut section = String::new();
    let mut in_list = false;
    let mut first = 1;
    for (i, line) in text.lines().enumerate() {
        let number = i as u32 + 1;
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(['[', ']']).trim().to_string();
            in_list = false;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if in_list && indented {
            if let Some(dep) = requirement(trimmed, path, number) {
                specs.deps.push(dep);
            }
            continue;
        }
        in_list = false;
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let list = (section == "options" && key == "install_requires")
            || section == "options.extras_require";
        if list {
            first = number;
            in_list = true;
            for item in value.split(',') {
                if let Some(dep) = requirement(item.trim(), path, number) {
                    specs.deps.push(dep);
                }
            }
        }
    }
    first
}

fn conda(specs: &mut DependencySpecs, path: &str, text: &str) {
    let Ok(doc) = yaml::parse(text, 0) else {
        return;
    };
    let Some(list) = doc.get("dependencies").and_then(|d| d.as_seq()) else {
        return;
    };
    for item in list {
        match &item.value {
            Value::Str(s) => {
                // conda's single `=` pins (`python=3.10`); make it read like a constraint.
                if let Some(dep) = requirement(s, path, item.line) {
                    specs.deps.push(dep);
                }
            }
            Value::Map(_) => {
                if let Some(pip) = item.get("pip").and_then(|p| p.as_seq()) {
                    for entry in pip {
                        if let Some(dep) = entry
                            .as_str()
                            .and_then(|s| requirement(s, path, entry.line))
                        {
                            specs.deps.push(dep);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(files: &[(&str, &str)]) -> DependencySpecs {
        DependencySpecs::compute(&RepoIndex::from_files(files))
    }

    fn pairs(specs: &DependencySpecs) -> Vec<(String, Option<String>, u32)> {
        specs
            .deps
            .iter()
            .map(|d| (d.name.clone(), d.constraint.clone(), d.line))
            .collect()
    }

    #[test]
    fn requirements_files_name_constraint_and_line() {
        let s = specs(&[
            (
                "requirements.txt",
                "# core\ntorch>=2.1  # gpu\nnumpy\n-r extra.txt\nPillow[all]==10.0 ; python_version>'3'\n",
            ),
            ("requirements/dev.txt", "pytest\n"),
            ("examples/a/requirements.txt", "tensorflow\n"),
        ]);
        assert_eq!(
            pairs(&s),
            [
                ("torch".into(), Some(">=2.1".into()), 2),
                ("numpy".into(), None, 3),
                ("pillow".into(), Some("==10.0".into()), 5),
                ("pytest".into(), None, 1),
            ]
        );
        assert_eq!(
            s.files.len(),
            2,
            "an example's requirements are not the project's"
        );
        assert!(!s.locked());
    }

    #[test]
    fn pyproject_pep621_poetry_and_groups() {
        let s = specs(&[(
            "pyproject.toml",
            "[project]\nname = \"x\"\ndependencies = [\n  \"torch\",\n  \"jax[cuda]>=0.4\",\n]\n\
             [project.optional-dependencies]\ndev = [\"pytest\"]\n\
             [tool.poetry.dependencies]\npython = \"^3.10\"\ntransformers = { version = \"^4.0\" }\n",
        )]);
        assert_eq!(
            pairs(&s),
            [
                ("torch".into(), None, 4),
                ("jax".into(), Some(">=0.4".into()), 5),
                ("pytest".into(), None, 8),
                ("transformers".into(), Some("^4.0".into()), 11),
            ]
        );
        let empty = specs(&[("pyproject.toml", "[tool.ruff]\nline-length = 100\n")]);
        assert!(
            empty.files.is_empty(),
            "a pyproject without dependencies is no spec"
        );
    }

    #[test]
    fn setup_py_setup_cfg_conda_pipfile_and_locks() {
        let s = specs(&[
            (
                "setup.py",
                "_deps = [\"torch>=1.4\", \"tqdm\"]\nsetup(\n    install_requires=[\n        'numpy',\n    ],\n)\n",
            ),
            ("setup.cfg", "[options]\ninstall_requires =\n    tensorflow\n    keras>=3\n"),
            (
                "environment.yml",
                "name: x\ndependencies:\n  - python=3.10\n  - pytorch::pytorch\n  - pip:\n      - timm==0.9\n",
            ),
            ("Pipfile", "[packages]\nflax = \"*\"\n"),
        ]);
        let names: Vec<_> = s.deps.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "flax",
                "python",
                "pytorch",
                "timm",
                "tensorflow",
                "keras",
                "numpy",
                "torch"
            ]
        );
        assert_eq!(s.named("torch").next().map(|d| d.line), Some(1));
        assert_eq!(
            s.named("flax").next().and_then(|d| d.constraint.clone()),
            None
        );
        assert_eq!(
            s.named("python").next().and_then(|d| d.constraint.clone()),
            Some("=3.10".into())
        );
        assert!(specs(&[("uv.lock", "version = 1\n")]).locked());
    }
}
