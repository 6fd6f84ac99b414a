//! Continuous integration: which CI jobs run the tests.
//!
//! Reads GitHub Actions workflows (and the local composite actions and reusable workflows they
//! call), GitLab CI (with local includes and `extends`), CircleCI, Azure Pipelines (with local
//! templates), Buildkite and Travis CI. Each job's shell steps go through the shared test-command
//! classifier, which also follows the scripts and Makefile targets they call.
//!
//! YAML is parsed with serde-saphyr into a loose `serde_json::Value`, because every provider's
//! schema is large and we need only a few keys. A file that does not parse is not skipped: its
//! lines are classified one by one, so a YAML quirk cannot turn "CI runs the tests" into a false
//! "it does not". Nothing here panics on what a repository wrote.

use serde_json::Value;

use super::test_command::{find_test_runs, TestRun};
use crate::index::RepoIndex;

/// How deep local includes, templates, composite actions and reusable workflows are followed.
const MAX_INCLUDE_DEPTH: usize = 3;

/// One CI job and the test command it runs, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CiJob {
    /// The CI configuration file that defines the job.
    pub file: String,
    /// The job's id or display name.
    pub name: String,
    /// Every test run found in the job's steps, in order (a known test action first).
    pub test_runs: Vec<TestRun>,
}

/// What the repository's CI configuration does about tests.
#[derive(Clone, Debug, Default)]
pub struct CiScan {
    /// Every CI configuration file found (entry points, not included fragments), sorted.
    pub files: Vec<String>,
    /// Every job found, in file order.
    pub jobs: Vec<CiJob>,
    /// Files that did not parse as YAML, with the parser's first line; their lines were still
    /// classified one by one.
    pub unparsed: Vec<(String, String)>,
}

impl CiScan {
    /// The jobs that run a test command.
    pub fn test_jobs(&self) -> impl Iterator<Item = &CiJob> {
        self.jobs.iter().filter(|j| !j.test_runs.is_empty())
    }
}

/// Which CI system a file belongs to (its schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Provider {
    GitHub,
    GitLab,
    Circle,
    Azure,
    Buildkite,
    Travis,
}

/// Finds and reads every CI configuration in the repository.
pub fn scan(index: &RepoIndex) -> CiScan {
    let mut scan = CiScan::default();
    for (path, provider) in ci_files(index) {
        scan.files.push(path.clone());
        let mut reader = Reader {
            index,
            scan: &mut scan,
        };
        reader.read_file(&path, provider);
    }
    scan
}

/// The entry-point CI files and their providers.
fn ci_files(index: &RepoIndex) -> Vec<(String, Provider)> {
    let yaml = |path: &str| path.ends_with(".yml") || path.ends_with(".yaml");
    let mut files = Vec::new();
    for entry in index.files_in(".github/workflows") {
        if yaml(&entry.path) {
            files.push((entry.path.clone(), Provider::GitHub));
        }
    }
    for (path, provider) in [
        (".gitlab-ci.yml", Provider::GitLab),
        (".gitlab-ci.yaml", Provider::GitLab),
        (".circleci/config.yml", Provider::Circle),
        (".circleci/config.yaml", Provider::Circle),
        ("azure-pipelines.yml", Provider::Azure),
        ("azure-pipelines.yaml", Provider::Azure),
        (".azure-pipelines.yml", Provider::Azure),
        (".travis.yml", Provider::Travis),
    ] {
        if index.has_file(path) {
            files.push((path.to_string(), provider));
        }
    }
    for dir in [".azure-pipelines", "azure-pipelines", ".azure"] {
        for entry in index.files_in(dir) {
            if yaml(&entry.path) {
                files.push((entry.path.clone(), Provider::Azure));
            }
        }
    }
    for entry in index.files_in(".buildkite") {
        if yaml(&entry.path) {
            files.push((entry.path.clone(), Provider::Buildkite));
        }
    }
    files.sort();
    files.dedup();
    files
}

/// Parses a YAML file into loose values (one per document); `Err` carries the parser's first
/// message line.
fn parse_yaml(text: &str) -> Result<Vec<Value>, String> {
    serde_saphyr::from_multiple::<Value>(text).map_err(|err| {
        err.to_string()
            .lines()
            .next()
            .unwrap_or("invalid yaml")
            .trim()
            .to_string()
    })
}

/// A job being assembled: its name and the shell scripts of its steps.
struct RawJob {
    name: String,
    scripts: Vec<String>,
    /// Set when a step is a known test action (`julia-actions/julia-runtest`).
    test_action: Option<String>,
}

impl RawJob {
    fn new(name: impl Into<String>) -> Self {
        RawJob {
            name: name.into(),
            scripts: Vec::new(),
            test_action: None,
        }
    }
}

struct Reader<'a, 'b> {
    index: &'a RepoIndex,
    scan: &'b mut CiScan,
}

impl Reader<'_, '_> {
    fn read_file(&mut self, path: &str, provider: Provider) {
        let Some(text) = self.index.text(path) else {
            return;
        };
        let docs = match parse_yaml(text) {
            Ok(docs) => docs,
            Err(message) => {
                self.scan.unparsed.push((path.to_string(), message));
                let job = RawJob {
                    name: "(unparsed file)".to_string(),
                    scripts: text.lines().map(strip_yaml_key).collect(),
                    test_action: None,
                };
                self.finish(path, job);
                return;
            }
        };
        let mut jobs = Vec::new();
        for doc in &docs {
            match provider {
                Provider::GitHub => self.github_jobs(doc, 0, &mut jobs),
                Provider::GitLab => self.gitlab_jobs(path, doc, 0, &mut jobs),
                Provider::Circle => circle_jobs(doc, &mut jobs),
                Provider::Azure => self.azure_jobs(doc, &mut jobs),
                Provider::Buildkite => buildkite_jobs(doc, &mut jobs),
                Provider::Travis => travis_jobs(doc, &mut jobs),
            }
        }
        for job in jobs {
            self.finish(path, job);
        }
    }

    fn finish(&mut self, file: &str, job: RawJob) {
        let action = job.test_action.map(|action| TestRun {
            command: action,
            ..TestRun::default()
        });
        let test_runs = action
            .into_iter()
            .chain(
                job.scripts
                    .iter()
                    .flat_map(|script| find_test_runs(self.index, script)),
            )
            .collect();
        self.scan.jobs.push(CiJob {
            file: file.to_string(),
            name: job.name,
            test_runs,
        });
    }

    /// Loads a local YAML file (an include, template or action) as values, or nothing.
    fn load(&self, path: &str) -> Vec<Value> {
        self.index
            .text(path)
            .and_then(|text| parse_yaml(text).ok())
            .unwrap_or_default()
    }

    fn github_jobs(&mut self, doc: &Value, depth: usize, out: &mut Vec<RawJob>) {
        let Some(jobs) = doc.get("jobs").and_then(Value::as_object) else {
            return;
        };
        for (id, job) in jobs {
            let name = job
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.contains("${{"))
                .unwrap_or(id);
            let mut raw = RawJob::new(name);
            // A job that calls a local reusable workflow runs that workflow's steps; a remote one
            // we cannot read counts when its file is named for tests (`.../tests.yml@v1`).
            if let Some(called) = job.get("uses").and_then(Value::as_str) {
                let file = called.split('@').next().unwrap_or(called);
                let file = file.rsplit('/').next().unwrap_or(file);
                let stem = file.trim_end_matches(".yml").trim_end_matches(".yaml");
                if !called.starts_with("./") && super::test_command::is_test_name(stem) {
                    raw.test_action = Some(called.to_string());
                }
                if let Some(path) = local_ref(called) {
                    if depth < MAX_INCLUDE_DEPTH {
                        let mut inner = Vec::new();
                        for doc in self.load(&path) {
                            self.github_jobs(&doc, depth + 1, &mut inner);
                        }
                        for job in inner {
                            raw.scripts.extend(job.scripts);
                            raw.test_action = raw.test_action.or(job.test_action);
                        }
                    }
                }
            }
            if let Some(steps) = job.get("steps") {
                self.github_steps(steps, depth, &mut raw);
            }
            out.push(raw);
        }
    }

    fn github_steps(&mut self, steps: &Value, depth: usize, raw: &mut RawJob) {
        for step in steps.as_array().into_iter().flatten() {
            raw.scripts
                .extend(step.get("run").and_then(Value::as_str).map(String::from));
            if let Some(with) = step.get("with") {
                // Wrapper actions (retry, docker-run) take the command as an input.
                for key in ["run", "command", "script", "commands"] {
                    raw.scripts
                        .extend(with.get(key).and_then(Value::as_str).map(String::from));
                }
            }
            let Some(uses) = step.get("uses").and_then(Value::as_str) else {
                continue;
            };
            if uses.starts_with("julia-actions/julia-runtest") {
                raw.test_action.get_or_insert_with(|| uses.to_string());
            }
            let cargo_test = uses.starts_with("actions-rs/cargo")
                && step.pointer("/with/command").and_then(Value::as_str) == Some("test");
            if cargo_test {
                raw.test_action
                    .get_or_insert_with(|| "cargo test".to_string());
            }
            // A local composite action: its own steps run inside this job.
            if let Some(dir) = local_ref(uses) {
                if depth >= MAX_INCLUDE_DEPTH {
                    continue;
                }
                let action = ["action.yml", "action.yaml"]
                    .iter()
                    .map(|name| format!("{}/{name}", dir.trim_end_matches('/')))
                    .find(|p| self.index.has_file(p));
                if let Some(action) = action {
                    for doc in self.load(&action) {
                        if let Some(steps) = doc.pointer("/runs/steps") {
                            self.github_steps(steps, depth + 1, raw);
                        }
                    }
                }
            }
        }
    }

    fn gitlab_jobs(&mut self, path: &str, doc: &Value, depth: usize, out: &mut Vec<RawJob>) {
        const RESERVED: &[&str] = &[
            "image",
            "services",
            "stages",
            "types",
            "before_script",
            "after_script",
            "variables",
            "cache",
            "include",
            "workflow",
            "default",
        ];
        let Some(map) = doc.as_object() else {
            return;
        };
        let defaults: Vec<String> = map
            .get("default")
            .and_then(|d| d.get("before_script"))
            .or_else(|| map.get("before_script"))
            .map(strings)
            .unwrap_or_default();
        for (id, job) in map {
            if RESERVED.contains(&id.as_str()) || id.starts_with('.') || !job.is_object() {
                continue;
            }
            let mut raw = RawJob::new(id.clone());
            raw.scripts.extend(defaults.iter().cloned());
            gitlab_scripts(map, job, &mut raw, 0);
            out.push(raw);
        }
        if depth >= MAX_INCLUDE_DEPTH {
            return;
        }
        for include in map.get("include").map(gitlab_includes).unwrap_or_default() {
            let include = include.trim_start_matches('/').to_string();
            if include == path {
                continue;
            }
            for doc in self.load(&include) {
                self.gitlab_jobs(&include, &doc, depth + 1, out);
            }
        }
    }

    fn azure_jobs(&mut self, doc: &Value, out: &mut Vec<RawJob>) {
        let mut add = |name: String, steps: Option<&Value>, reader: &mut Self| {
            let mut raw = RawJob::new(name);
            if let Some(steps) = steps {
                reader.azure_steps(steps, 0, &mut raw);
            }
            out.push(raw);
        };
        let job_name = |job: &Value, fallback: &str| {
            job.get("displayName")
                .or_else(|| job.get("job"))
                .and_then(Value::as_str)
                .unwrap_or(fallback)
                .to_string()
        };
        if let Some(steps) = doc.get("steps") {
            add("(pipeline)".to_string(), Some(steps), self);
        }
        let mut job_lists: Vec<&Value> = doc.get("jobs").into_iter().collect();
        for stage in doc
            .get("stages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            job_lists.extend(stage.get("jobs"));
        }
        for jobs in job_lists {
            for job in jobs.as_array().into_iter().flatten() {
                add(job_name(job, "(job)"), job.get("steps"), self);
            }
        }
    }

    fn azure_steps(&mut self, steps: &Value, depth: usize, raw: &mut RawJob) {
        for step in steps.as_array().into_iter().flatten() {
            for key in ["script", "bash", "pwsh", "powershell"] {
                raw.scripts
                    .extend(step.get(key).and_then(Value::as_str).map(String::from));
            }
            raw.scripts.extend(
                step.pointer("/inputs/script")
                    .and_then(Value::as_str)
                    .map(String::from),
            );
            if let Some(template) = step.get("template").and_then(Value::as_str) {
                if depth < MAX_INCLUDE_DEPTH && !template.contains('@') {
                    for doc in self.load(template.trim_start_matches("./")) {
                        if let Some(steps) = doc.get("steps") {
                            self.azure_steps(steps, depth + 1, raw);
                        }
                    }
                }
            }
        }
    }
}

/// `./path` in a `uses:` is a file in this repository; anything else is a remote action.
fn local_ref(uses: &str) -> Option<String> {
    let path = uses.strip_prefix("./")?;
    let path = path.split('@').next().unwrap_or(path);
    (!path.is_empty()).then(|| path.to_string())
}

/// A GitLab job's scripts, inheriting from the templates it `extends` (bounded depth).
fn gitlab_scripts(
    map: &serde_json::Map<String, Value>,
    job: &Value,
    raw: &mut RawJob,
    depth: usize,
) {
    for key in ["before_script", "script"] {
        if let Some(value) = job.get(key) {
            raw.scripts.extend(strings(value));
        }
    }
    if depth >= MAX_INCLUDE_DEPTH || job.get("script").is_some() {
        return;
    }
    for parent in job.get("extends").map(strings).unwrap_or_default() {
        if let Some(parent) = map.get(&parent) {
            gitlab_scripts(map, parent, raw, depth + 1);
        }
    }
}

/// Local files a GitLab `include:` names (`include: ci/a.yml`, `- local: ci/b.yml`).
fn gitlab_includes(value: &Value) -> Vec<String> {
    match value {
        Value::String(path) if !path.starts_with("http") => vec![path.clone()],
        Value::Array(items) => items.iter().flat_map(gitlab_includes).collect(),
        Value::Object(map) => map
            .get("local")
            .and_then(Value::as_str)
            .map(|p| vec![p.to_string()])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn circle_jobs(doc: &Value, out: &mut Vec<RawJob>) {
    let commands = doc.get("commands");
    for (id, job) in doc
        .get("jobs")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut raw = RawJob::new(id.clone());
        if let Some(steps) = job.get("steps") {
            circle_steps(steps, commands, &mut raw, 0);
        }
        out.push(raw);
    }
}

fn circle_steps(steps: &Value, commands: Option<&Value>, raw: &mut RawJob, depth: usize) {
    for step in steps.as_array().into_iter().flatten() {
        let (name, body) = match step {
            Value::String(name) => (name.as_str(), None),
            Value::Object(map) => match map.iter().next() {
                Some((name, body)) => (name.as_str(), Some(body)),
                None => continue,
            },
            _ => continue,
        };
        if name == "run" {
            match body {
                Some(Value::String(command)) => raw.scripts.push(command.clone()),
                Some(body) => raw.scripts.extend(
                    body.get("command")
                        .and_then(Value::as_str)
                        .map(String::from),
                ),
                None => {}
            }
        } else if name.ends_with("/test") {
            // An orb's test job (`python/test`) runs the project's tests.
            raw.test_action.get_or_insert_with(|| name.to_string());
        } else if let Some(steps) = commands
            .and_then(|c| c.get(name))
            .and_then(|c| c.get("steps"))
        {
            if depth < MAX_INCLUDE_DEPTH {
                circle_steps(steps, commands, raw, depth + 1);
            }
        }
    }
}

fn buildkite_jobs(doc: &Value, out: &mut Vec<RawJob>) {
    let steps = doc
        .get("steps")
        .or(if doc.is_array() { Some(doc) } else { None });
    buildkite_steps(steps, out, 0);
}

fn buildkite_steps(steps: Option<&Value>, out: &mut Vec<RawJob>, depth: usize) {
    for step in steps.and_then(Value::as_array).into_iter().flatten() {
        if let Some(group) = step.get("steps") {
            if depth < MAX_INCLUDE_DEPTH {
                buildkite_steps(Some(group), out, depth + 1);
            }
            continue;
        }
        let name = ["label", "name", "key"]
            .iter()
            .find_map(|k| step.get(*k).and_then(Value::as_str))
            .unwrap_or("(step)");
        let mut raw = RawJob::new(name);
        for key in ["command", "commands"] {
            if let Some(value) = step.get(key) {
                raw.scripts.extend(strings(value));
            }
        }
        if !raw.scripts.is_empty() {
            out.push(raw);
        }
    }
}

fn travis_jobs(doc: &Value, out: &mut Vec<RawJob>) {
    let mut raw = RawJob::new("(build)");
    for key in ["before_script", "script"] {
        raw.scripts
            .extend(doc.get(key).map(strings).unwrap_or_default());
    }
    out.push(raw);
    for list in ["/jobs/include", "/matrix/include"] {
        for job in doc
            .pointer(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = job
                .get("name")
                .or_else(|| job.get("stage"))
                .and_then(Value::as_str)
                .unwrap_or("(job)");
            let mut raw = RawJob::new(name);
            raw.scripts
                .extend(job.get("script").map(strings).unwrap_or_default());
            out.push(raw);
        }
    }
}

/// A string or (nested) list of strings, as CI `script:` keys accept.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// For a file that did not parse: one line with a leading `- ` and a command key (`run:`,
/// `script:`) removed, so `- run: pytest` classifies as `pytest`.
fn strip_yaml_key(line: &str) -> String {
    let mut line = line.trim().trim_start_matches("- ").trim();
    for key in [
        "run:",
        "script:",
        "command:",
        "commands:",
        "bash:",
        "pwsh:",
        "sh:",
    ] {
        if let Some(rest) = line.strip_prefix(key) {
            line = rest.trim();
            break;
        }
    }
    line.trim_start_matches("- ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_jobs(files: &[(&str, &str)]) -> Vec<(String, String, String)> {
        let index = RepoIndex::from_files(files);
        scan(&index)
            .test_jobs()
            .map(|j| {
                (
                    j.file.clone(),
                    j.name.clone(),
                    j.test_runs
                        .first()
                        .map(|r| r.command.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    const GITHUB: &str = r#"
name: tests
on:
  push:
    branches: [main]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install ruff pytest
      - run: ruff check .
  unit:
    name: Unit tests
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - name: Test
        run: |
          pip install -e ".[test]"
          python -m pytest -n auto tests/
"#;

    #[test]
    fn finds_github_jobs_that_run_tests() {
        let found = test_jobs(&[(".github/workflows/ci.yml", GITHUB)]);
        assert_eq!(
            found,
            [(
                ".github/workflows/ci.yml".to_string(),
                "Unit tests".to_string(),
                "python -m pytest -n auto tests/".to_string()
            )]
        );
    }

    #[test]
    fn follows_composite_actions_reusable_workflows_and_scripts() {
        let caller = "on: push\njobs:\n  call:\n    uses: ./.github/workflows/_tests.yml\n  act:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/run-tests\n";
        let reusable = "on: workflow_call\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: bash ci/test.sh\n";
        let action =
            "runs:\n  using: composite\n  steps:\n    - run: make test\n      shell: bash\n";
        let files = [
            (".github/workflows/main.yml", caller),
            (".github/workflows/_tests.yml", reusable),
            (".github/actions/run-tests/action.yml", action),
            ("ci/test.sh", "set -e\ntox -e py\n"),
            ("Makefile", "test:\n\tpytest\n"),
        ];
        let names: Vec<String> = test_jobs(&files).into_iter().map(|j| j.1).collect();
        assert_eq!(names, ["t", "call", "act"]);
    }

    #[test]
    fn reads_gitlab_circle_azure_buildkite_and_travis() {
        let gitlab = "stages: [test]\ninclude:\n  - local: ci/jobs.yml\n.py:\n  image: python\n  script:\n    - pytest -q\nunit:\n  extends: .py\nlint:\n  script: ruff check .\n";
        let included = "integration:\n  script:\n    - python -m pytest tests/integration\n";
        let circle = "version: 2.1\njobs:\n  build:\n    steps:\n      - checkout\n      - run:\n          name: tests\n          command: cargo test\n";
        let azure = "stages:\n- stage: s\n  jobs:\n  - job: Linux\n    steps:\n    - script: ctest --output-on-failure\n";
        let buildkite = "steps:\n  - label: \":pytest: tests\"\n    command: tox\n  - wait\n";
        let travis = "language: node_js\nscript: npm test\n";
        let files = [
            (".gitlab-ci.yml", gitlab),
            ("ci/jobs.yml", included),
            (".circleci/config.yml", circle),
            ("azure-pipelines.yml", azure),
            (".buildkite/pipeline.yml", buildkite),
            (".travis.yml", travis),
        ];
        let found: Vec<(String, String)> = test_jobs(&files)
            .into_iter()
            .map(|(file, name, _)| (file, name))
            .collect();
        let expected = [
            (".buildkite/pipeline.yml", ":pytest: tests"),
            (".circleci/config.yml", "build"),
            (".gitlab-ci.yml", "unit"),
            (".gitlab-ci.yml", "integration"),
            (".travis.yml", "(build)"),
            ("azure-pipelines.yml", "Linux"),
        ];
        assert_eq!(
            found,
            expected
                .map(|(f, n)| (f.to_string(), n.to_string()))
                .to_vec()
        );
    }

    #[test]
    fn malformed_yaml_is_read_line_by_line_without_panicking() {
        let broken =
            "jobs:\n  test:\n    steps:\n      - run: pytest tests\n      - {unclosed: [\n";
        let index = RepoIndex::from_files(&[(".github/workflows/ci.yml", broken)]);
        let scan = scan(&index);
        assert_eq!(scan.unparsed.len(), 1);
        assert_eq!(scan.test_jobs().count(), 1);
        for text in [
            "",
            "- just\n- a list\n",
            "jobs: 3\n",
            "jobs:\n  x: [1, 2]\n",
            "\u{0}\u{1}",
        ] {
            let index = RepoIndex::from_files(&[(".github/workflows/ci.yml", text)]);
            assert_eq!(scan_count(&index), 0, "{text:?}");
        }
    }

    #[test]
    fn alias_bombs_and_deep_nesting_do_not_hang() {
        let mut bomb =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            bomb.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        bomb.push_str("jobs:\n  t:\n    steps:\n      - run: pytest\n");
        let deep = format!("jobs: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        for text in [bomb, deep] {
            let index = RepoIndex::from_files(&[(".github/workflows/ci.yml", text.as_str())]);
            let _ = scan(&index);
        }
    }

    fn scan_count(index: &RepoIndex) -> usize {
        scan(index).test_jobs().count()
    }

    #[test]
    fn remote_reusable_workflows_named_for_tests_count() {
        let caller = "on: push\njobs:\n  t:\n    uses: org/ci/.github/workflows/python-tests.yml@v2\n  d:\n    uses: org/ci/.github/workflows/docs.yml@v2\n";
        let names: Vec<String> = test_jobs(&[(".github/workflows/ci.yml", caller)])
            .into_iter()
            .map(|j| j.1)
            .collect();
        assert_eq!(names, ["t"]);
    }

    #[test]
    fn install_only_workflows_do_not_count() {
        let workflow = "on: push\njobs:\n  docs:\n    runs-on: x\n    steps:\n      - run: pip install pytest\n      - run: make html\n";
        assert!(test_jobs(&[(".github/workflows/docs.yml", workflow)]).is_empty());
    }
}
