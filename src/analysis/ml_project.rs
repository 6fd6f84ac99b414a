//! Whether the repository is an ML project, and whether it is a library or an application.
//!
//! The ML readiness family applies only to ML projects, and several of its rules differ by kind,
//! so both facts are computed once per scan and shown in every report format.
//!
//! * **ML project**: a declared dependency on an ML package ([`ML_PACKAGES`]), else a Python
//!   import of one ([`ML_IMPORTS`]) outside the test suite (scripts and examples count), else a committed weights file.
//! * **Library**: the project is packaged (a `[project]` or `[tool.poetry]` name in
//!   `pyproject.toml`, or `setup(` in `setup.py` / a `[metadata]` name in `setup.cfg`) and ships
//!   an importable package (see [`PackageMap`]): others install it and import its API.
//!   Everything else is an **application** (scripts you run: `train.py`, configs).
//!
//! The lists are fixed here rather than in the catalog because a fact is one answer per
//! repository, shared by every rule and report; a rule that needs another notion of "ML" keeps
//! its own lexicon.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::deps::{Dependency, DependencySpecs};
use super::lines::line_number;
use super::modules::PackageMap;
use super::test_suite::is_python_test_file;
use crate::analysis::toml_doc::TomlDoc;
use crate::finding::Location;
use crate::index::{Fact, RepoIndex, TextDerived, TextPass};

/// Distribution names that make a project an ML project.
pub const ML_PACKAGES: &[&str] = &[
    "torch",
    "pytorch",
    "torchvision",
    "tensorflow",
    "tensorflow-cpu",
    "tensorflow-gpu",
    "tf-keras",
    "jax",
    "jaxlib",
    "flax",
    "keras",
    "transformers",
    "scikit-learn",
    "sklearn",
    "lightning",
    "pytorch-lightning",
    "diffusers",
    "onnx",
    "onnxruntime",
    "mxnet",
    "paddlepaddle",
    "timm",
    "accelerate",
    "xgboost",
    "lightgbm",
    "catboost",
    "tinygrad",
    "mlx",
];

/// The frameworks whose version decides whether results reproduce: the ones
/// `unpinned-ml-framework` asks to be constrained.
pub const FRAMEWORKS: &[&str] = &[
    "torch",
    "pytorch",
    "tensorflow",
    "tensorflow-cpu",
    "tensorflow-gpu",
    "jax",
    "jaxlib",
    "keras",
    "mxnet",
    "paddlepaddle",
    "mlx",
];

/// Top-level import names of ML packages.
pub const ML_IMPORTS: &[&str] = &[
    "torch",
    "tensorflow",
    "jax",
    "flax",
    "keras",
    "transformers",
    "sklearn",
    "lightning",
    "pytorch_lightning",
    "diffusers",
    "onnx",
    "onnxruntime",
    "mxnet",
    "paddle",
    "timm",
    "accelerate",
    "xgboost",
    "lightgbm",
    "catboost",
    "tinygrad",
    "mlx",
];

/// File extensions of model weights and datasets.
pub const WEIGHT_EXTS: &[&str] = &[
    "pt",
    "pth",
    "ckpt",
    "safetensors",
    "h5",
    "hdf5",
    "keras",
    "onnx",
    "pb",
    "gguf",
    "ggml",
    "tflite",
    "mlmodel",
    "joblib",
    "msgpack",
];

/// Whether a file lives with the tests or the docs (a fixture checkpoint, a tutorial's model):
/// such weights are test assets, not a model the project ships.
pub fn is_test_or_docs_asset(path: &str) -> bool {
    let mut dirs = path.split('/').rev().skip(1).map(str::to_ascii_lowercase);
    dirs.any(|d| {
        matches!(
            d.as_str(),
            "tests" | "test" | "testing" | "testdata" | "test_data" | "fixtures" | "docs" | "doc"
        ) || d.ends_with("_tests")
    })
}

/// Whether the project is imported by others or run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectKind {
    /// A package with an API.
    Library,
    /// Scripts and configs you run (training code, research code, a service).
    Application,
}

impl ProjectKind {
    /// The word reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectKind::Library => "library",
            ProjectKind::Application => "application",
        }
    }
}

/// The applicability facts of the ML family.
#[derive(Clone, Debug)]
pub struct MlProject {
    /// What makes it an ML project (`torch in requirements.txt`), `None` when it is not one.
    pub ml_evidence: Option<(String, Location)>,
    /// Library or application.
    pub kind: ProjectKind,
    /// Why that kind (`setup.py packages src/diffusers`, `no packaged module`).
    pub kind_evidence: String,
}

impl MlProject {
    /// Whether the ML family applies.
    pub fn is_ml(&self) -> bool {
        self.ml_evidence.is_some()
    }

    /// Whether it is a library.
    pub fn is_library(&self) -> bool {
        self.kind == ProjectKind::Library
    }

    /// The project facts when the repository is an ML project, `None` otherwise: every ML rule
    /// is then not applicable.
    pub fn if_ml(index: &RepoIndex) -> Option<Arc<MlProject>> {
        let project = index.fact::<MlProject>();
        project.is_ml().then_some(project)
    }
}

static ML_IMPORT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let names = ML_IMPORTS.join("|");
    builtin_regex(&format!(r"(?m)^[ \t]*(?:import|from)[ \t]+({names})\b"))
});

fn location(path: &str, line: u32) -> Location {
    Location {
        path: path.to_string(),
        line: Some(line),
        column: None,
    }
}

/// The declared dependency that shows the project is ML: a framework is the clearest evidence;
/// any other ML package will do.
fn ml_dependency(specs: &DependencySpecs) -> Option<&Dependency> {
    let framework = specs
        .deps
        .iter()
        .find(|d| FRAMEWORKS.contains(&d.name.as_str()));
    framework.or_else(|| {
        specs
            .deps
            .iter()
            .find(|d| ML_PACKAGES.contains(&d.name.as_str()))
    })
}

/// A file's first import of an ML package, as its line and the package: taken in the engine's
/// text pass, and only when no declared dependency settles the question.
struct MlImport(Option<(u32, String)>);

impl TextDerived for MlImport {
    fn derive(_index: &RepoIndex, _path: &str, text: &str) -> Self {
        MlImport(ML_IMPORT_LINE.captures(text).map(|caps| {
            let start = caps.get(0).map_or(0, |m| m.start());
            let line = line_number(text, start);
            (line, caps.get(1).map_or("", |m| m.as_str()).to_string())
        }))
    }
}

/// Builds, in the engine's text pass, what [`MlProject`] will read of the file: its ML imports,
/// when the dependencies do not already show an ML project.
pub fn text_pass(pass: &TextPass) {
    let searched = !is_python_test_file(pass.path()) && pass.path().ends_with(".py");
    if searched && ml_dependency(&pass.index().fact::<DependencySpecs>()).is_none() {
        let _ = pass.derive::<MlImport>();
    }
}

fn ml_evidence(index: &RepoIndex) -> Option<(String, Location)> {
    let specs = index.fact::<DependencySpecs>();
    if let Some(dep) = ml_dependency(&specs) {
        return Some((
            format!("depends on {}", dep.name),
            location(&dep.path, dep.line),
        ));
    }
    for file in index.files_with_ext(&["py"]) {
        if is_python_test_file(&file.path) {
            continue;
        }
        let found = index.text_derived::<MlImport>(&file.path);
        if let Some((line, name)) = found.as_ref().and_then(|found| found.0.as_ref()) {
            return Some((format!("imports {name}"), location(&file.path, *line)));
        }
    }
    index.files_with_ext(WEIGHT_EXTS).next().map(|f| {
        (
            format!("ships weights ({})", f.name()),
            Location {
                path: f.path.clone(),
                line: None,
                column: None,
            },
        )
    })
}

/// The file that packages the project and the project's name, when it can be read.
fn packaging(index: &RepoIndex) -> Option<(String, Option<String>)> {
    let parsed = index.artifact::<TomlDoc>("pyproject.toml");
    if let Some(doc) = parsed.as_deref().and_then(TomlDoc::table) {
        let project = doc.get("project").and_then(|p| p.get("name"));
        let poetry = doc
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("name"));
        if let Some(name) = project.or(poetry) {
            let name = name.as_str().map(str::to_string);
            return Some(("pyproject.toml".to_string(), name));
        }
    }
    if index.text("setup.py").is_some_and(|t| t.contains("setup(")) {
        return Some(("setup.py".to_string(), None));
    }
    if index
        .text("setup.cfg")
        .is_some_and(|t| t.contains("[metadata]") && t.contains("name"))
    {
        return Some(("setup.cfg".to_string(), None));
    }
    None
}

impl Fact for MlProject {
    fn compute(index: &RepoIndex) -> Self {
        let ml_evidence = ml_evidence(index);
        let packaged = packaging(index);
        let wanted = packaged
            .as_ref()
            .and_then(|(_, name)| name.as_deref())
            .map(|n| n.to_ascii_lowercase().replace(['-', '.'], "_"));
        let mut packages: Vec<(String, String)> = PackageMap::build(index)
            .modules
            .into_iter()
            .filter(|(name, _)| !name.contains('.'))
            .collect();
        // The package named after the project first (torchtune, not its `recipes` helpers).
        packages.sort_by_key(|(name, _)| Some(name) != wanted.as_ref());
        let package = packages.into_iter().next();
        let (kind, kind_evidence) = match (packaged.map(|(file, _)| file), package) {
            (Some(file), Some((name, path))) => (
                ProjectKind::Library,
                format!("{file} packages importable module {name} ({path})"),
            ),
            (Some(file), None) => (
                ProjectKind::Application,
                format!("{file} declares a project but no importable package"),
            ),
            (None, _) => (
                ProjectKind::Application,
                "no pyproject.toml, setup.py or setup.cfg package".to_string(),
            ),
        };
        MlProject {
            ml_evidence,
            kind,
            kind_evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> MlProject {
        MlProject::compute(&RepoIndex::from_files(files))
    }

    #[test]
    fn ml_from_dependencies_imports_or_weights() {
        let deps = facts(&[("requirements.txt", "numpy\ntorch\n")]);
        assert_eq!(
            deps.ml_evidence.map(|(w, l)| (w, l.line)),
            Some(("depends on torch".into(), Some(2)))
        );
        let imports = facts(&[("train.py", "import os\nfrom jax import numpy as jnp\n")]);
        assert_eq!(
            imports.ml_evidence.map(|(w, l)| (w, l.line)),
            Some(("imports jax".into(), Some(2)))
        );
        let test_only = facts(&[
            ("tests/test_x.py", "import torch\n"),
            ("app.py", "import flask\n"),
        ]);
        assert!(
            !test_only.is_ml(),
            "a test importing torch does not make a web app an ML project"
        );
        assert!(facts(&[("model.safetensors", "x")]).is_ml());
        assert!(!facts(&[("main.py", "import requests\n")]).is_ml());
    }

    #[test]
    fn library_needs_packaging_and_an_importable_package() {
        let lib = facts(&[
            ("pyproject.toml", "[project]\nname = \"tinyml\"\n"),
            ("src/tinyml/__init__.py", ""),
        ]);
        assert_eq!(lib.kind, ProjectKind::Library, "{}", lib.kind_evidence);
        let scripts = facts(&[
            ("train.py", ""),
            ("model.py", ""),
            ("requirements.txt", "torch\n"),
        ]);
        assert_eq!(scripts.kind, ProjectKind::Application);
        let tool_only = facts(&[("pyproject.toml", "[tool.ruff]\n"), ("pkg/__init__.py", "")]);
        assert_eq!(tool_only.kind, ProjectKind::Application);
    }
}
