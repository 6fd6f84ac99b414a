//! `claw-lint init`: scaffolds the contributor files a repository is missing (contributing guide,
//! issue forms, pull-request template, a starter `claw-lint.toml`), filled in with what it can
//! tell about the project (package name, install and test commands, linters, docs tool), so the
//! maintainer edits a draft that is already right rather than a generic form.
//!
//! Detection asks the repository index a scan builds ([`index`]: the same walker, ignore rules and
//! size cap, `pyproject.toml` as the shared [`TomlDoc`] artifact) and only reads configuration
//! files as text; it never runs or imports project code. An existing file, or an equivalent one
//! elsewhere (`docs/CONTRIBUTING.rst`, Markdown issue templates), is never overwritten: whether
//! one exists is asked of the disk, not the index, so a file the walk skips is kept too; files
//! are opened with `create_new`, so even a file created between the check and the write is kept,
//! and nothing is written through a symlinked file or folder (`output::create_new_inside`).

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::ascii_words::builtin_regex;
use crate::analysis::makefile::Makefile;
use crate::analysis::toml_doc::TomlDoc;
use crate::config::Settings;
use crate::error::Error;
use crate::index::RepoIndex;
use crate::report::escape_terminal;

/// What `init` learned about the project, used to fill in the templates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// Distribution name (`[project] name`, setup.cfg, setup.py), else the folder name.
    pub name: String,
    /// The repository's name as cloned (from a GitHub URL in the metadata, else the folder).
    pub repo: String,
    /// Where the package's code lives, e.g. `src/barepkg`.
    pub package_dir: String,
    /// Command that installs a development copy.
    pub install: String,
    /// Command that runs the tests.
    pub test: String,
    /// What the guide's "Running the tests" block shows: the test command, or, when the project
    /// has no tests yet, a comment saying how to start them (a command that fails helps nobody).
    pub test_block: String,
    /// Style tools configured in the repository, in the order they are shown.
    pub linters: Vec<Linter>,
    /// Whether a `.pre-commit-config.yaml` exists (then it is the one command for style).
    pub pre_commit: bool,
    /// The documentation tool, if any.
    pub docs: Option<DocsTool>,
    /// Deep learning frameworks named in the dependencies (`PyTorch`, `TensorFlow`, `JAX`).
    pub frameworks: Vec<&'static str>,
    /// A documentation URL from the metadata, for the issue chooser.
    pub docs_url: Option<String>,
    /// The GitHub repository's URL (`https://github.com/owner/repo`) from the metadata.
    pub github_url: Option<String>,
    /// Vendored folders present (`third_party/`…), for the starter config's `exclude`.
    pub vendored: Vec<String>,
}

/// A style tool and the command a contributor runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Linter {
    /// ruff (lint and maybe format).
    Ruff,
    /// black.
    Black,
    /// isort.
    Isort,
    /// flake8.
    Flake8,
    /// mypy.
    Mypy,
}

impl Linter {
    /// The tool's name.
    pub fn name(self) -> &'static str {
        match self {
            Linter::Ruff => "ruff",
            Linter::Black => "black",
            Linter::Isort => "isort",
            Linter::Flake8 => "flake8",
            Linter::Mypy => "mypy",
        }
    }

    /// The command that checks or fixes the code.
    pub fn command(self) -> &'static str {
        match self {
            Linter::Ruff => "ruff check .",
            Linter::Black => "black .",
            Linter::Isort => "isort .",
            Linter::Flake8 => "flake8",
            Linter::Mypy => "mypy .",
        }
    }
}

/// A documentation generator and how to build the docs locally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocsTool {
    /// Sphinx, with the folder holding `conf.py`.
    Sphinx(String),
    /// MkDocs.
    MkDocs,
}

static SETUP_PY_NAME: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r#"(?m)^\s*name\s*=\s*["']([A-Za-z0-9][A-Za-z0-9._-]*)["']"#));
static SAFE_NAME: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"));
static GITHUB_REPO: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(r"^https?://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")
});
static SAFE_URL: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r#"^https?://[^\s"'<>\\`]{1,300}$"#));

/// Indexes the repository at `root` the way a scan does (the walker, with its ignore rules and
/// size cap), so `init` asks the same repository facts the checks ask instead of reading the disk
/// itself. Only the "does this file exist" checks of [`plan`] look at the disk, since a file the
/// walk skips (ignored, untracked) must still never be overwritten.
pub fn index(root: &Path) -> Result<RepoIndex, Error> {
    crate::walk::walk(&Settings {
        root: root.to_path_buf(),
        ..Settings::default()
    })
}

/// The value of `key` in `[section]` of an INI file such as setup.cfg.
fn ini_value(text: &str, section: &str, key: &str) -> Option<String> {
    let mut in_section = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line.trim_matches(['[', ']']).trim() == section;
        } else if in_section {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    return Some(v.trim().to_string());
                }
            }
        }
    }
    None
}

fn has_ini_section(text: &str, section: &str) -> bool {
    text.lines()
        .any(|l| l.trim().trim_matches(['[', ']']).trim() == section && l.trim().starts_with('['))
}

fn safe_name(name: &str) -> Option<String> {
    SAFE_NAME.is_match(name).then(|| name.to_string())
}

/// The first `pip install …` line of the README, when it is a plain command (letters, digits and
/// `-_.=<>[],/ ` only: nothing a shell would expand), for projects with no packaging files.
fn readme_pip_install(index: &RepoIndex) -> Option<String> {
    let text = ["README.md", "README.rst", "README.txt", "README"]
        .iter()
        .find_map(|name| index.text(name))?;
    text.lines()
        .map(|line| line.trim().trim_start_matches("$ ").trim())
        .find(|line| {
            line.starts_with("pip install ")
                && line
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " -_.=<>[],/".contains(c))
        })
        .map(str::to_string)
}

/// Whether the test folder (`"."` for the root) holds Python test files (`test_*.py` /
/// `*_test.py`) directly.
fn python_tests_in(index: &RepoIndex, test_dir: Option<&str>) -> bool {
    let Some(dir) = test_dir else {
        return false;
    };
    let dir = if dir == "." { "" } else { dir };
    index.files_in(dir).any(|e| {
        let name = e.name();
        name.ends_with(".py") && (name.starts_with("test_") || name.ends_with("_test.py"))
    })
}

/// Learns what it can about the indexed project from its configuration files: `pyproject.toml`
/// is the index's parsed [`TomlDoc`], every other file the index's text.
pub fn detect(index: &RepoIndex) -> Project {
    let pyproject = index.artifact::<TomlDoc>("pyproject.toml");
    let pyproject = pyproject.as_deref().and_then(TomlDoc::table);
    let project = pyproject.and_then(|t| t.get("project"));
    let tool = pyproject.and_then(|t| t.get("tool"));
    let setup_cfg = index.text("setup.cfg").unwrap_or_default();
    let setup_py = index.text("setup.py").unwrap_or_default();
    let folder = std::fs::canonicalize(index.root())
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .and_then(|n| safe_name(&n))
        .unwrap_or_else(|| "project".to_string());

    let name = project
        .and_then(|p| p.get("name")?.as_str().map(str::to_string))
        .or_else(|| tool.and_then(|t| t.get("poetry")?.get("name")?.as_str().map(str::to_string)))
        .or_else(|| ini_value(setup_cfg, "metadata", "name"))
        .or_else(|| SETUP_PY_NAME.captures(setup_py).map(|c| c[1].to_string()))
        .and_then(|n| safe_name(&n))
        .unwrap_or_else(|| folder.clone());
    let links = Links::of(project, folder);

    let module = name.replace('-', "_").to_ascii_lowercase();
    let package_dir = [format!("src/{module}"), module.clone()]
        .into_iter()
        .find(|dir| index.has_dir(dir))
        .unwrap_or(module);

    let tool_has = |key: &str| tool.and_then(|t| t.get(key)).is_some();
    let pre_commit_config = index.text(".pre-commit-config.yaml").unwrap_or_default();
    let linters = linters(index, &tool_has, setup_cfg, pre_commit_config);
    let packaged = pyproject.is_some() || !setup_cfg.is_empty() || !setup_py.is_empty();
    let install = install_command(index, project, packaged);
    let (test, test_block) = test_commands(index, tool_has("pytest"));

    let docs = if index.has_file("mkdocs.yml") || index.has_file("mkdocs.yaml") {
        Some(DocsTool::MkDocs)
    } else {
        sphinx_dir(index).map(DocsTool::Sphinx)
    };

    let vendored = ["third_party", "third-party", "vendor", "external"]
        .into_iter()
        .filter(|d| index.has_dir(d))
        .map(|d| format!("{d}/"))
        .collect();

    Project {
        name,
        repo: links.repo,
        package_dir,
        install,
        test,
        test_block,
        linters: linters.into_iter().collect(),
        pre_commit: !pre_commit_config.is_empty() || index.has_file(".pre-commit-config.yaml"),
        docs,
        frameworks: frameworks(index, project),
        docs_url: links.docs_url,
        github_url: links.github_url,
        vendored,
    }
}

/// Where the project lives, from `[project.urls]`: the repository's name and GitHub address, and
/// the documentation's address, each only when it is safe to write into a file.
struct Links {
    repo: String,
    github_url: Option<String>,
    docs_url: Option<String>,
}

impl Links {
    /// Reads `[project.urls]`; without a GitHub address the repository is named after `folder`.
    fn of(project: Option<&toml::Value>, folder: String) -> Links {
        let urls: Vec<(String, String)> = project
            .and_then(|p| p.get("urls")?.as_table().cloned())
            .map(|t| {
                t.into_iter()
                    .filter_map(|(k, v)| Some((k.to_ascii_lowercase(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let github = urls.iter().find_map(|(_, url)| {
            let captures = GITHUB_REPO.captures(url)?;
            let owner = safe_name(&captures[1])?;
            let repo = safe_name(&captures[2])?;
            Some((owner, repo))
        });
        let repo = github.as_ref().map_or(folder, |(_, repo)| repo.clone());
        let github_url = github.map(|(owner, repo)| format!("https://github.com/{owner}/{repo}"));
        let docs_url = urls
            .iter()
            .find(|(k, _)| k.contains("doc"))
            .map(|(_, url)| url.clone())
            .filter(|url| SAFE_URL.is_match(url));
        Links {
            repo,
            github_url,
            docs_url,
        }
    }
}

/// The linters the project configures (in its own files, `[tool.*]` or pre-commit hooks).
fn linters(
    index: &RepoIndex,
    tool_has: &dyn Fn(&str) -> bool,
    setup_cfg: &str,
    pre_commit_config: &str,
) -> BTreeSet<Linter> {
    let tox = index.text("tox.ini").unwrap_or_default();
    let exists = |rel: &str| index.has_file(rel);
    let mut linters = BTreeSet::new();
    if exists("ruff.toml") || exists(".ruff.toml") || tool_has("ruff") {
        linters.insert(Linter::Ruff);
    }
    if tool_has("black") {
        linters.insert(Linter::Black);
    }
    if tool_has("isort") || exists(".isort.cfg") || has_ini_section(setup_cfg, "isort") {
        linters.insert(Linter::Isort);
    }
    if exists(".flake8") || has_ini_section(setup_cfg, "flake8") || has_ini_section(tox, "flake8") {
        linters.insert(Linter::Flake8);
    }
    if tool_has("mypy") || exists("mypy.ini") || has_ini_section(setup_cfg, "mypy") {
        linters.insert(Linter::Mypy);
    }
    for (needle, linter) in [
        ("ruff-pre-commit", Linter::Ruff),
        ("psf/black", Linter::Black),
        ("pycqa/isort", Linter::Isort),
        ("pycqa/flake8", Linter::Flake8),
        ("mirrors-mypy", Linter::Mypy),
    ] {
        if pre_commit_config.to_ascii_lowercase().contains(needle) {
            linters.insert(linter);
        }
    }
    linters
}

/// The command that installs the project for development: the dev or test extra, a dev
/// requirements file, or the README's own `pip install` line.
fn install_command(index: &RepoIndex, project: Option<&toml::Value>, packaged: bool) -> String {
    let extras: BTreeSet<String> = project
        .and_then(|p| p.get("optional-dependencies")?.as_table().cloned())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    let dev_requirements = [
        "requirements-dev.txt",
        "requirements_dev.txt",
        "dev-requirements.txt",
        "requirements/dev.txt",
    ]
    .into_iter()
    .find(|f| index.has_file(f));
    match (
        packaged,
        ["dev", "test", "tests"]
            .into_iter()
            .find(|e| extras.contains(*e)),
        dev_requirements,
    ) {
        (true, Some(extra), _) => format!("pip install -e \".[{extra}]\""),
        (true, None, Some(reqs)) => format!("pip install -e .\npip install -r {reqs}"),
        (true, None, None) => "pip install -e .".to_string(),
        (false, _, Some(reqs)) => format!("pip install -r {reqs}"),
        (false, _, None) if index.has_file("requirements.txt") => {
            "pip install -r requirements.txt".to_string()
        }
        // Nothing to install from: reuse the README's own `pip install` line, or say what is
        // missing rather than write `pip install -e .`, which fails without packaging.
        (false, _, None) => readme_pip_install(index).unwrap_or_else(|| {
            "# no pyproject.toml, setup.py or requirements.txt yet: install the dependencies the README lists"
                .to_string()
        }),
    }
}

/// The command that runs the tests (`make test`, `cargo test` or pytest), and the block the
/// guide shows: the command, or how to start a suite when there is none yet.
fn test_commands(index: &RepoIndex, pytest_configured: bool) -> (String, String) {
    let make_test = index
        .text("Makefile")
        .is_some_and(|text| Makefile::parse(text).declared.contains("test"));
    let test_dir = ["tests", "test"].into_iter().find(|d| index.has_dir(d));
    // A Rust crate (possibly shipping a maturin wheel, whose pyproject says nothing about tests)
    // with no Python test suite is tested with cargo.
    let rust_only = index.has_file("Cargo.toml")
        && !pytest_configured
        && !index.has_file(&format!("{}/conftest.py", test_dir.unwrap_or("tests")))
        && !python_tests_in(index, test_dir);
    let test = if make_test {
        "make test".to_string()
    } else if rust_only {
        "cargo test".to_string()
    } else {
        match test_dir {
            Some(dir) => format!("python -m pytest {dir}/"),
            None => "python -m pytest".to_string(),
        }
    };
    // The guide's test block must work today: with no test suite pytest collects nothing (exit 5),
    // so the guide says how to start one instead.
    let has_tests =
        make_test || rust_only || test_dir.is_some() || python_tests_in(index, Some("."));
    let test_block = if has_tests {
        test.clone()
    } else {
        format!("# no tests yet: add the first one as tests/test_<module>.py, then run {test}")
    };
    (test, test_block)
}

/// The ML frameworks the project depends on, for the bug template's environment fields.
fn frameworks(index: &RepoIndex, project: Option<&toml::Value>) -> Vec<&'static str> {
    let mut dependency_text = String::new();
    if let Some(deps) = project.and_then(|p| p.get("dependencies")) {
        dependency_text.push_str(&deps.to_string());
    }
    if let Some(extra) = project.and_then(|p| p.get("optional-dependencies")) {
        dependency_text.push_str(&extra.to_string());
    }
    for file in [
        "requirements.txt",
        "setup.cfg",
        "setup.py",
        "environment.yml",
    ] {
        dependency_text.push_str(index.text(file).unwrap_or_default());
    }
    let dependency_text = dependency_text.to_ascii_lowercase();
    [
        ("torch", "PyTorch"),
        ("tensorflow", "TensorFlow"),
        ("jax", "JAX"),
    ]
    .into_iter()
    .filter(|(needle, _)| dependency_text.contains(needle))
    .map(|(_, label)| label)
    .collect()
}

/// The folder holding Sphinx's `conf.py`: `docs/` or `doc/`, or one level below them
/// (`docs/source/`, Lightning's `docs/source-pytorch/`).
fn sphinx_dir(index: &RepoIndex) -> Option<String> {
    for top in ["docs", "doc"] {
        if index.has_file(&format!("{top}/conf.py")) {
            return Some(top.to_string());
        }
        // Sorted by path, so the first sub-folder by name wins.
        let sub = index.files_named("conf.py").find_map(|e| {
            let sub = e.dir().strip_prefix(top)?.strip_prefix('/')?;
            (!sub.contains('/') && safe_name(sub).is_some()).then(|| sub.to_string())
        });
        if let Some(sub) = sub {
            return Some(format!("{top}/{sub}"));
        }
    }
    None
}

/// One file `init` may create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// Path relative to the repository root, `/`-separated.
    pub path: &'static str,
    /// What it is, for the user.
    pub what: &'static str,
    /// The rendered contents.
    pub contents: String,
    /// Why it is not created: an existing file that already does its job.
    pub kept_because: Option<String>,
}

const CONTRIBUTING: &str = include_str!("init/CONTRIBUTING.md");
const PR_TEMPLATE: &str = include_str!("init/pull_request_template.md");
const BUG_REPORT: &str = include_str!("init/bug_report.yml");
const FEATURE_REQUEST: &str = include_str!("init/feature_request.yml");
const GOOD_FIRST_ISSUE: &str = include_str!("init/good_first_issue.yml");
const CHOOSER_CONFIG: &str = include_str!("init/config.yml");
const STARTER_CONFIG: &str = include_str!("init/claw-lint.toml");

/// The issue forms `init` writes, as (path, what, template).
pub const ISSUE_FORMS: [(&str, &str, &str); 3] = [
    (
        ".github/ISSUE_TEMPLATE/bug_report.yml",
        "bug report form with ML environment fields",
        BUG_REPORT,
    ),
    (
        ".github/ISSUE_TEMPLATE/feature_request.yml",
        "feature request form asking for the motivation",
        FEATURE_REQUEST,
    ),
    (
        ".github/ISSUE_TEMPLATE/good_first_issue.yml",
        "good-first-issue form, labelled `good first issue`",
        GOOD_FIRST_ISSUE,
    ),
];

/// Fills `{{key}}` placeholders.
fn render(template: &str, values: &[(&str, String)]) -> String {
    let mut text = template.to_string();
    for (key, value) in values {
        text = text.replace(&format!("{{{{{key}}}}}"), value);
    }
    text
}

fn style_section(project: &Project) -> String {
    let mut text = String::new();
    if project.pre_commit {
        text.push_str(
            "The style checks run as pre-commit hooks. Install them once, and they run on every commit:\n\n\
             ```bash\npip install pre-commit\npre-commit install\npre-commit run --all-files   # check everything now\n```\n",
        );
        if !project.linters.is_empty() {
            let names: Vec<&str> = project.linters.iter().map(|l| l.name()).collect();
            text.push_str(&format!("\nThe hooks include {}.\n", names.join(", ")));
        }
    } else if project.linters.is_empty() {
        text.push_str(
            "Follow [PEP 8](https://peps.python.org/pep-0008/) and the style of the code around your\n\
             change. Keep functions small and names descriptive.\n",
        );
    } else {
        text.push_str("Run the style tools before you commit; CI runs them too:\n\n```bash\n");
        for linter in &project.linters {
            text.push_str(linter.command());
            text.push('\n');
        }
        text.push_str("```\n");
    }
    text.trim_end().to_string()
}

fn docs_section(project: &Project) -> String {
    match &project.docs {
        Some(DocsTool::Sphinx(dir)) => format!(
            "The documentation is built with Sphinx from `{dir}/`. Build it locally and check your page:\n\n\
             ```bash\npython -m sphinx -b html {dir} {dir}/_build/html\n```\n\n\
             Document every public function, class and parameter in its docstring; new features also\n\
             need a usage example in the docs."
        ),
        Some(DocsTool::MkDocs) => "The documentation is built with MkDocs. Preview it while you edit:\n\n\
             ```bash\nmkdocs serve\n```\n\n\
             Document every public function, class and parameter in its docstring; new features also\n\
             need a usage example in the docs."
            .to_string(),
        None => "Document every public function, class and parameter in its docstring, and update the\n\
             README when you change how the project is installed or used. Fixing typos and unclear\n\
             explanations is a great first contribution."
            .to_string(),
    }
}

fn lint_inline(project: &Project) -> String {
    if project.pre_commit {
        ": `pre-commit run --all-files`".to_string()
    } else if project.linters.is_empty() {
        String::new()
    } else {
        let commands: Vec<String> = project
            .linters
            .iter()
            .map(|l| format!("`{}`", l.command()))
            .collect();
        format!(": {}", commands.join(", "))
    }
}

fn framework_options(project: &Project) -> String {
    let mut options: Vec<&str> = project.frameworks.clone();
    for label in ["PyTorch", "TensorFlow", "JAX"] {
        if !options.contains(&label) {
            options.push(label);
        }
    }
    // GitHub rejects a dropdown option named "None" (a reserved word): say it another way.
    options.extend(["Other", "No framework"]);
    options
        .iter()
        .map(|o| format!("        - {o}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The issue chooser: blank issues stay enabled only when questions have somewhere else to go
/// (Discussions), so usage questions do not arrive as bare issues.
fn chooser(project: &Project) -> String {
    let mut links = Vec::new();
    if let Some(url) = &project.github_url {
        links.push(format!(
            "  - name: Questions and ideas\n    url: \"{url}/discussions\"\n    about: Ask usage questions and discuss ideas in GitHub Discussions (enable them in the repository settings).\n"
        ));
    }
    if let Some(url) = &project.docs_url {
        links.push(format!(
            "  - name: Documentation\n    url: \"{url}\"\n    about: Many questions are answered in the documentation.\n"
        ));
    }
    let mut text = String::new();
    if project.github_url.is_some() {
        text.push_str("blank_issues_enabled: true\n");
    } else {
        text.push_str(
            "# Blank issues are off so reports use a form; to allow them, add a contact link for\n\
             # questions (Discussions, a forum or chat) and set this to true.\n\
             blank_issues_enabled: false\n",
        );
    }
    if links.is_empty() {
        text.push_str(
            "# contact_links:\n#   - name: Questions\n#     url: https://github.com/OWNER/REPO/discussions\n#     about: Ask and answer questions in GitHub Discussions.\n",
        );
    } else {
        text.push_str("contact_links:\n");
        for link in links {
            text.push_str(&link);
        }
    }
    text
}

/// Every file `init` knows, rendered for this project, each marked with why it is kept if an
/// equivalent exists: on disk under the index's root (a file the walk skips is still kept), or
/// as `[tool.claw-lint]` in the indexed `pyproject.toml`.
pub fn plan(index: &RepoIndex, project: &Project) -> Vec<Planned> {
    let root = index.root();
    let values = [
        ("name", project.name.clone()),
        ("repo", project.repo.clone()),
        ("package_dir", project.package_dir.clone()),
        ("install", project.install.clone()),
        ("test", project.test.clone()),
        ("test_block", project.test_block.clone()),
        ("style", style_section(project)),
        ("docs", docs_section(project)),
        ("lint_inline", lint_inline(project)),
        ("framework_options", framework_options(project)),
        ("chooser", chooser(project)),
        (
            "exclude",
            project
                .vendored
                .iter()
                .map(|d| format!("\"{d}\""))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let mut planned = vec![Planned {
        path: "CONTRIBUTING.md",
        what: "contributing guide",
        contents: render(CONTRIBUTING, &values),
        kept_because: existing_with_stem(root, &["", ".github", "docs"], "contributing"),
    }];
    let existing_templates = issue_templates(root);
    for (path, what, template) in ISSUE_FORMS {
        planned.push(Planned {
            path,
            what,
            contents: render(template, &values),
            kept_because: existing(root, path).or_else(|| {
                existing_templates.then(|| {
                    "the repository has its own templates in .github/ISSUE_TEMPLATE/".to_string()
                })
            }),
        });
    }
    planned.push(Planned {
        path: ".github/ISSUE_TEMPLATE/config.yml",
        what: "issue chooser config",
        contents: render(CHOOSER_CONFIG, &values),
        kept_because: existing(root, ".github/ISSUE_TEMPLATE/config.yml")
            .or_else(|| existing(root, ".github/ISSUE_TEMPLATE/config.yaml")),
    });
    planned.push(Planned {
        path: ".github/pull_request_template.md",
        what: "pull request template",
        contents: render(PR_TEMPLATE, &values),
        kept_because: existing_with_stem(root, &["", ".github", "docs"], "pull_request_template")
            .or_else(|| existing(root, ".github/PULL_REQUEST_TEMPLATE")),
    });
    planned.push(Planned {
        path: "claw-lint.toml",
        what: "starter claw-lint config",
        contents: render(STARTER_CONFIG, &values),
        kept_because: existing(root, "claw-lint.toml")
            .or_else(|| existing(root, ".claw-lint.toml"))
            .or_else(|| {
                let doc = index.artifact::<TomlDoc>("pyproject.toml")?;
                doc.table()?.get("tool")?.get("claw-lint")?;
                Some("pyproject.toml has [tool.claw-lint]".to_string())
            }),
    });
    planned
}

/// `Some("path exists")` when `rel` exists (file or folder).
fn existing(root: &Path, rel: &str) -> Option<String> {
    // symlink_metadata: a dangling link still occupies the name and must not be replaced.
    std::fs::symlink_metadata(root.join(rel))
        .is_ok()
        .then(|| format!("{rel} exists"))
}

/// An existing file in one of `dirs` whose name, before any extension, is `stem` (any case).
fn existing_with_stem(root: &Path, dirs: &[&str], stem: &str) -> Option<String> {
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.split('.').next().unwrap_or("").eq_ignore_ascii_case(stem))
            .collect();
        names.sort();
        if let Some(name) = names.first() {
            let path = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            return Some(format!("{path} exists"));
        }
    }
    None
}

/// Whether the repository has its own issue templates (Markdown or forms; the chooser config
/// aside): then adding ours would put two bug reports in the chooser.
fn issue_templates(root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(root.join(".github/ISSUE_TEMPLATE")) else {
        return false;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_ascii_lowercase())
        .any(|lower| {
            (lower.ends_with(".md") || lower.ends_with(".yml") || lower.ends_with(".yaml"))
                && !lower.starts_with("config.")
        })
}

/// Runs `init` on `root`: prints what it detected and what it creates (or, with `dry_run`,
/// would create), and writes the missing files.
pub fn run(root: &Path, dry_run: bool, out: &mut dyn Write) -> Result<(), Error> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(Error::usage(format!(
                "{} is not a folder: give the repository folder to initialise",
                root.display()
            )))
        }
        Err(err) => {
            return Err(Error::io(
                format!("cannot initialise {}", root.display()),
                err,
            ))
        }
    }
    let index = index(root)?;
    let project = detect(&index);
    let write_err = |err: io::Error| Error::io("cannot write output", err);
    writeln!(out, "{}", describe(&project)).map_err(write_err)?;
    let mut created = 0;
    for file in plan(&index, &project) {
        let path = escape_terminal(file.path);
        if let Some(reason) = &file.kept_because {
            writeln!(out, "  kept          {path} ({})", escape_terminal(reason))
                .map_err(write_err)?;
            continue;
        }
        if dry_run {
            writeln!(out, "  would create  {path} ({})", file.what).map_err(write_err)?;
            created += 1;
            continue;
        }
        match crate::output::create_new_inside(root, file.path, file.contents.as_bytes()) {
            Ok(()) => {
                created += 1;
                writeln!(out, "  created       {path} ({})", file.what).map_err(write_err)?;
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                writeln!(out, "  kept          {path} (it appeared while init ran)")
                    .map_err(write_err)?;
            }
            Err(err) => {
                return Err(Error::io(
                    format!("cannot create {}", root.join(file.path).display()),
                    err,
                ))
            }
        }
    }
    let readme = ["README.md", "README.rst", "README.txt", "README"]
        .into_iter()
        .find_map(|name| Some((name, index.text(name)?)));
    if let Some((name, text)) = readme {
        if !text.to_ascii_lowercase().contains("contributing") {
            writeln!(
                out,
                "{name} does not point to the guide: add a short Contributing section linking CONTRIBUTING.md."
            )
            .map_err(write_err)?;
        }
    }
    if existing_with_stem(root, &[""], "license")
        .or_else(|| existing_with_stem(root, &[""], "licence"))
        .or_else(|| existing_with_stem(root, &[""], "copying"))
        .is_none()
    {
        writeln!(
            out,
            "No license file: init does not choose one for you (see https://choosealicense.com)."
        )
        .map_err(write_err)?;
    }
    let next = match (created, dry_run) {
        (0, _) => "Nothing to create: every file is already there.".to_string(),
        (_, true) => "Run without --dry-run to create them.".to_string(),
        (_, false) => {
            "Review and edit the new files, commit them, then run `claw-lint .`.".to_string()
        }
    };
    writeln!(out, "{next}").map_err(write_err)?;
    Ok(())
}

/// The one-line summary of what was detected.
fn describe(project: &Project) -> String {
    let linters: Vec<&str> = project.linters.iter().map(|l| l.name()).collect();
    let docs = match &project.docs {
        Some(DocsTool::Sphinx(dir)) => format!("sphinx ({dir}/)"),
        Some(DocsTool::MkDocs) => "mkdocs".to_string(),
        None => "none found".to_string(),
    };
    escape_terminal(&format!(
        "claw-lint init: package \"{}\"; tests: {}; style: {}; docs: {}",
        project.name,
        project.test,
        if linters.is_empty() {
            "none found".to_string()
        } else {
            linters.join(", ")
        },
        docs
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
        dir
    }

    #[test]
    fn a_rust_crate_with_a_maturin_wheel_is_tested_with_cargo() {
        let dir = repo(&[
            ("Cargo.toml", "[package]\nname = \"tool\"\n"),
            (
                "pyproject.toml",
                "[build-system]\nrequires = [\"maturin\"]\n[project]\nname = \"tool\"\n",
            ),
            ("tests/integration/main.rs", "mod cli;\n"),
        ]);
        assert_eq!(
            detect(&index(dir.path()).expect("index")).test,
            "cargo test"
        );
        let mixed = repo(&[
            ("Cargo.toml", "[package]\nname = \"tool\"\n"),
            ("tests/test_bindings.py", "def test_x(): pass\n"),
        ]);
        assert_eq!(
            detect(&index(mixed.path()).expect("index")).test,
            "python -m pytest tests/"
        );
    }

    #[test]
    fn detects_name_commands_linters_docs_and_frameworks() {
        let dir = repo(&[
            (
                "pyproject.toml",
                "[project]\nname = \"tiny-gpt\"\ndependencies = [\"torch>=2\"]\n\
                 [project.optional-dependencies]\ndev = [\"pytest\"]\n\
                 [project.urls]\nDocumentation = \"https://tiny-gpt.readthedocs.io\"\n\
                 Repository = \"https://github.com/someone/tinygpt.git\"\n\
                 [tool.ruff]\nline-length = 100\n",
            ),
            ("src/tiny_gpt/__init__.py", ""),
            ("tests/test_model.py", ""),
            ("docs/conf.py", "project = 'x'\n"),
            ("setup.cfg", "[flake8]\nmax-line-length = 100\n"),
        ]);
        let project = detect(&index(dir.path()).expect("index"));
        assert_eq!(project.name, "tiny-gpt");
        assert_eq!(project.repo, "tinygpt");
        assert_eq!(project.package_dir, "src/tiny_gpt");
        assert_eq!(project.install, "pip install -e \".[dev]\"");
        assert_eq!(project.test, "python -m pytest tests/");
        assert_eq!(project.linters, vec![Linter::Ruff, Linter::Flake8]);
        assert_eq!(project.docs, Some(DocsTool::Sphinx("docs".into())));
        assert_eq!(project.frameworks, vec!["PyTorch"]);
        assert_eq!(
            project.docs_url.as_deref(),
            Some("https://tiny-gpt.readthedocs.io")
        );
        assert_eq!(
            project.github_url.as_deref(),
            Some("https://github.com/someone/tinygpt")
        );
    }

    #[test]
    fn falls_back_to_setup_cfg_setup_py_and_make() {
        let dir = repo(&[
            ("setup.cfg", "[metadata]\nname = cfgpkg\n"),
            ("Makefile", "test:\n\tpytest\n"),
            ("mkdocs.yml", "site_name: x\n"),
        ]);
        let project = detect(&index(dir.path()).expect("index"));
        assert_eq!(project.name, "cfgpkg");
        assert_eq!(project.test, "make test");
        assert_eq!(project.docs, Some(DocsTool::MkDocs));
        let dir = repo(&[(
            "setup.py",
            "from setuptools import setup\nsetup(\n    name=\"pykg\",\n)\n",
        )]);
        assert_eq!(detect(&index(dir.path()).expect("index")).name, "pykg");
    }

    #[test]
    fn a_hostile_name_is_not_used() {
        let dir = repo(&[(
            "pyproject.toml",
            "[project]\nname = \"x\\\"\\nlabels: [evil]\"\n",
        )]);
        let project = detect(&index(dir.path()).expect("index"));
        assert!(SAFE_NAME.is_match(&project.name), "{}", project.name);
        assert_ne!(project.name, "x\"\nlabels: [evil]");
    }

    #[test]
    fn every_placeholder_is_filled() {
        let dir = repo(&[("pyproject.toml", "[project]\nname = \"p\"\n")]);
        for file in plan(
            &index(dir.path()).expect("index"),
            &detect(&index(dir.path()).expect("index")),
        ) {
            assert!(!file.contents.contains("{{"), "{}", file.path);
            assert!(file.kept_because.is_none(), "{}", file.path);
        }
    }

    #[test]
    fn equivalents_elsewhere_are_kept() {
        let dir = repo(&[
            ("docs/CONTRIBUTING.rst", "Contributing\n"),
            (".github/ISSUE_TEMPLATE/bug.md", "---\nname: Bug\n---\n"),
            (".github/PULL_REQUEST_TEMPLATE.md", "## What\n"),
            (
                "pyproject.toml",
                "[project]\nname = \"p\"\n[tool.claw-lint]\nfail-under = 50\n",
            ),
        ]);
        let kept: Vec<(&str, String)> = plan(
            &index(dir.path()).expect("index"),
            &detect(&index(dir.path()).expect("index")),
        )
        .into_iter()
        .filter_map(|f| Some((f.path, f.kept_because?)))
        .collect();
        assert_eq!(
            kept,
            vec![
                (
                    "CONTRIBUTING.md",
                    "docs/CONTRIBUTING.rst exists".to_string()
                ),
                (
                    ".github/ISSUE_TEMPLATE/bug_report.yml",
                    "the repository has its own templates in .github/ISSUE_TEMPLATE/".to_string()
                ),
                (
                    ".github/ISSUE_TEMPLATE/feature_request.yml",
                    "the repository has its own templates in .github/ISSUE_TEMPLATE/".to_string()
                ),
                (
                    ".github/ISSUE_TEMPLATE/good_first_issue.yml",
                    "the repository has its own templates in .github/ISSUE_TEMPLATE/".to_string()
                ),
                (
                    ".github/pull_request_template.md",
                    ".github/PULL_REQUEST_TEMPLATE.md exists".to_string()
                ),
                (
                    "claw-lint.toml",
                    "pyproject.toml has [tool.claw-lint]".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_starter_config_is_valid() {
        let dir = repo(&[("third_party/x.py", "")]);
        let index = index(dir.path()).expect("index");
        let project = detect(&index);
        let starter = plan(&index, &project)
            .into_iter()
            .find(|f| f.path == "claw-lint.toml")
            .expect("starter config");
        assert!(starter.contents.contains("exclude = [\"third_party/\"]"));
        let path = dir.path().join("claw-lint.toml");
        std::fs::write(&path, &starter.contents).expect("write");
        let mut settings = crate::config::Settings::default();
        settings.load_file(&path).expect("starter config parses");
        assert_eq!(settings.exclude, vec!["third_party/".to_string()]);
    }

    #[test]
    fn dry_run_writes_nothing() {
        let dir = repo(&[("README.md", "# x\n")]);
        let mut out = Vec::new();
        run(dir.path(), true, &mut out).expect("dry run");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.contains("would create  CONTRIBUTING.md"), "{text}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("README.md")]);
    }
}
