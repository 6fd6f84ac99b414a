//! Issue templates as GitHub and GitLab read them: one cached [`IssueTemplate`] per template
//! file, the template chooser's `config.yml` as a [`ChooserConfig`], and a label-sync file as a
//! [`LabelsFile`].
//!
//! Where the files live decides what they are, as it does for GitHub:
//! - `.github/ISSUE_TEMPLATE/*.md`: Markdown templates with YAML front matter (`name`, `about`,
//!   `title`, `labels`, `assignees`);
//! - `.github/ISSUE_TEMPLATE/*.yml|yaml` (but `config.yml`): issue forms;
//! - `ISSUE_TEMPLATE.md` at the root, in `.github/` or `docs/`: the legacy single template;
//! - `.gitlab/issue_templates/*.md`: GitLab templates, labelled by `/label ~"name"` quick actions.
//!
//! Parsing never fails: a broken front matter or form keeps its [`YamlError`] for the
//! `invalid-issue-template` rule, and every other rule reads what could be read.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::lexicon::{self, Phrase};
use super::yaml::{self, Node, Value, YamlError};
use crate::index::{Artifact, RepoIndex};

/// The kind of template file, from its place in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFormat {
    /// `.github/ISSUE_TEMPLATE/*.md`: needs front matter with `name` and `about`.
    Markdown,
    /// A single `ISSUE_TEMPLATE.md` used for every issue; front matter optional.
    Legacy,
    /// `.github/ISSUE_TEMPLATE/*.yml`: a GitHub issue form.
    Form,
    /// `.gitlab/issue_templates/*.md`.
    GitLab,
}

/// What a template file is, by path; `None` for anything that is not a template.
pub fn classify(path: &str) -> Option<TemplateFormat> {
    let lower = path.to_ascii_lowercase();
    let (dir, name) = match lower.rfind('/') {
        Some(i) => (&lower[..i], &lower[i + 1..]),
        None => ("", lower.as_str()),
    };
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match dir {
        ".github/issue_template" => match ext {
            // A README there documents the templates for maintainers; it is not one.
            "md" if name != "readme.md" => Some(TemplateFormat::Markdown),
            "yml" | "yaml" if !name.starts_with("config.") => Some(TemplateFormat::Form),
            _ => None,
        },
        ".gitlab/issue_templates" if ext == "md" => Some(TemplateFormat::GitLab),
        "" | ".github" | "docs" if name == "issue_template.md" => Some(TemplateFormat::Legacy),
        _ => None,
    }
}

/// Whether `path` is the GitHub template chooser's configuration.
pub fn is_chooser_config(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower == ".github/issue_template/config.yml" || lower == ".github/issue_template/config.yaml"
}

/// Whether `path` is a label definitions file (label-sync style).
pub fn is_labels_file(path: &str) -> bool {
    matches!(
        path.to_ascii_lowercase().as_str(),
        ".github/labels.yml" | ".github/labels.yaml" | ".github/labels.json"
    )
}

/// Every issue template in the repository, parsed once and shared.
pub fn issue_templates(index: &RepoIndex) -> Vec<Arc<IssueTemplate>> {
    index
        .files()
        .iter()
        .filter(|f| classify(&f.path).is_some())
        .filter_map(|f| index.artifact::<IssueTemplate>(&f.path))
        .collect()
}

/// The template chooser's configuration, when the repository has one.
pub fn chooser_config(index: &RepoIndex) -> Option<Arc<ChooserConfig>> {
    let file = index.files().iter().find(|f| is_chooser_config(&f.path))?;
    index.artifact::<ChooserConfig>(&file.path)
}

/// Every label definitions file, parsed.
pub fn labels_files(index: &RepoIndex) -> Vec<Arc<LabelsFile>> {
    index
        .files()
        .iter()
        .filter(|f| is_labels_file(&f.path))
        .filter_map(|f| index.artifact::<LabelsFile>(&f.path))
        .collect()
}

/// Front matter that could not be read as GitHub reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontMatterProblem {
    /// The file does not start with a `---` line.
    Missing,
    /// A `---` line opens it but none closes it.
    Unclosed,
    /// The YAML between the fences does not parse.
    Invalid(YamlError),
}

/// One issue template, parsed.
#[derive(Debug)]
pub struct IssueTemplate {
    /// Repository-relative path.
    pub path: String,
    /// What kind of template it is.
    pub format: TemplateFormat,
    /// The metadata: front matter of a Markdown template, the whole document of a form.
    /// `None` when absent or unreadable (see `problem`).
    pub meta: Option<Node>,
    /// Why the metadata could not be read, if it could not.
    pub problem: Option<FrontMatterProblem>,
    /// 1-based line where the metadata starts (the form's first line, the front matter's).
    pub meta_line: u32,
    /// Labels the template applies, each with its line.
    pub labels: Vec<(String, u32)>,
    /// What identifies the template to a reader, lowercase: name, about or description,
    /// title, labels and file name (used to tell a bug template from a feature request).
    pub identity: String,
    /// What the template asks the reporter, lowercase: the Markdown body, or every string of
    /// an issue form's body.
    pub prompts: String,
}

impl IssueTemplate {
    /// A string value of the metadata (`name`, `about`, `description`, `title`).
    pub fn meta_str(&self, key: &str) -> Option<&str> {
        self.meta.as_ref()?.get(key)?.non_blank_str()
    }

    /// The name shown in the chooser, or the file name.
    pub fn display_name(&self) -> String {
        self.meta_str("name")
            .map(str::to_string)
            .unwrap_or_else(|| file_name(&self.path).to_string())
    }
}

impl Artifact for IssueTemplate {
    fn build(path: &str, text: &str) -> Self {
        let format = classify(path).unwrap_or(TemplateFormat::Markdown);
        let mut template = IssueTemplate {
            path: path.to_string(),
            format,
            meta: None,
            problem: None,
            meta_line: 1,
            labels: Vec::new(),
            identity: String::new(),
            prompts: String::new(),
        };
        let mut body = text;
        match format {
            TemplateFormat::Form => match yaml::parse(text, 0) {
                Ok(node) => template.meta = Some(node),
                Err(err) => template.problem = Some(FrontMatterProblem::Invalid(err)),
            },
            TemplateFormat::Markdown | TemplateFormat::Legacy | TemplateFormat::GitLab => {
                match split_front_matter(text) {
                    FrontMatter::None => {
                        if format == TemplateFormat::Markdown {
                            template.problem = Some(FrontMatterProblem::Missing);
                        }
                    }
                    FrontMatter::Unclosed => {
                        template.problem = Some(FrontMatterProblem::Unclosed);
                    }
                    FrontMatter::Found { yaml: fm, rest } => {
                        template.meta_line = 2;
                        body = rest;
                        match yaml::parse(fm, 1) {
                            Ok(node) => template.meta = Some(node),
                            Err(err) => {
                                template.problem = Some(FrontMatterProblem::Invalid(err));
                            }
                        }
                    }
                }
            }
        }
        if let Some(labels) = template.meta.as_ref().and_then(|m| m.get("labels")) {
            template.labels = labels.string_list();
        }
        if format == TemplateFormat::GitLab {
            template.labels.extend(gitlab_labels(text));
        }
        template.prompts = match (&template.meta, format) {
            (Some(meta), TemplateFormat::Form) => meta
                .get("body")
                .map(|b| b.strings().join("\n"))
                .unwrap_or_default(),
            _ => body.to_string(),
        }
        .to_lowercase();
        let mut identity: Vec<String> = ["name", "about", "description", "title"]
            .iter()
            .filter_map(|k| template.meta_str(k).map(str::to_string))
            .collect();
        identity.extend(template.labels.iter().map(|(l, _)| l.clone()));
        identity.push(file_stem(path).replace(['_', '-'], " "));
        template.identity = identity.join("\n").to_lowercase();
        template
    }
}

/// Where a Markdown file's `---`-fenced YAML front matter is (templates, model cards).
pub enum FrontMatter<'a> {
    /// The file does not open with `---`.
    None,
    /// It opens with `---` but never closes it.
    Unclosed,
    /// The YAML between the fences and the body after them.
    Found {
        /// The YAML text (its first line is the file's line 2).
        yaml: &'a str,
        /// Everything after the closing fence.
        rest: &'a str,
    },
}

/// Splits `---`-fenced front matter from the body; the opening fence must be the first line.
pub fn split_front_matter(text: &str) -> FrontMatter<'_> {
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("--- \n"))
    else {
        return if text.trim_end() == "---" {
            FrontMatter::Unclosed
        } else {
            FrontMatter::None
        };
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return FrontMatter::Found {
                yaml: &after_open[..offset],
                rest: &after_open[offset + line.len()..],
            };
        }
        offset += line.len();
    }
    FrontMatter::Unclosed
}

static GITLAB_LABEL: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r#"~"([^"\n]+)"|~([^\s~"]+)"#));

/// Labels applied by `/label ~bug ~"good first issue"` (and `/relabel`) quick actions.
fn gitlab_labels(text: &str) -> Vec<(String, u32)> {
    let mut labels = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        let Some(args) = line
            .strip_prefix("/label ")
            .or_else(|| line.strip_prefix("/relabel "))
        else {
            continue;
        };
        for cap in GITLAB_LABEL.captures_iter(args) {
            if let Some(name) = cap.get(1).or_else(|| cap.get(2)) {
                labels.push((name.as_str().trim().to_string(), i as u32 + 1));
            }
        }
    }
    labels
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn file_stem(path: &str) -> &str {
    let name = file_name(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A contact link of the template chooser.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactLink {
    /// `name`, if a non-blank string.
    pub name: Option<String>,
    /// `url`, if a non-blank string.
    pub url: Option<String>,
    /// `about`, if a non-blank string.
    pub about: Option<String>,
    /// Line of the link's entry.
    pub line: u32,
}

/// `.github/ISSUE_TEMPLATE/config.yml`: whether blank issues are allowed, and where questions go.
#[derive(Debug)]
pub struct ChooserConfig {
    /// Repository-relative path.
    pub path: String,
    /// The parsed document, or why it could not be parsed.
    pub parsed: Result<Node, YamlError>,
}

impl ChooserConfig {
    /// GitHub's default is to allow blank issues; only `blank_issues_enabled: false` stops it.
    pub fn blank_issues_enabled(&self) -> bool {
        !matches!(
            self.parsed
                .as_ref()
                .ok()
                .and_then(|d| d.get("blank_issues_enabled"))
                .map(|n| &n.value),
            Some(Value::Bool(false))
        )
    }

    /// The contact links, in order.
    pub fn contact_links(&self) -> Vec<ContactLink> {
        let Some(links) = self
            .parsed
            .as_ref()
            .ok()
            .and_then(|d| d.get("contact_links"))
            .and_then(Node::as_seq)
        else {
            return Vec::new();
        };
        links
            .iter()
            .map(|link| {
                let text = |key: &str| link.get(key)?.non_blank_str().map(str::to_string);
                ContactLink {
                    name: text("name"),
                    url: text("url"),
                    about: text("about"),
                    line: link.line,
                }
            })
            .collect()
    }
}

impl Artifact for ChooserConfig {
    fn build(path: &str, text: &str) -> Self {
        ChooserConfig {
            path: path.to_string(),
            parsed: yaml::parse(text, 0),
        }
    }
}

/// A label definitions file: `[{name, color, description}]` as label-sync tools keep it, a
/// `labels:` key holding that list, a list of names, or a mapping from name to settings.
#[derive(Debug)]
pub struct LabelsFile {
    /// Repository-relative path.
    pub path: String,
    /// Label names as written.
    pub names: Vec<String>,
    /// Why the file could not be read, if it could not.
    pub error: Option<YamlError>,
}

impl LabelsFile {
    /// Whether `label` is defined (GitHub label names ignore case).
    pub fn defines(&self, label: &str) -> bool {
        self.names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(label.trim()))
    }
}

impl Artifact for LabelsFile {
    fn build(path: &str, text: &str) -> Self {
        let parsed = if path.to_ascii_lowercase().ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(text)
                .map(|v| from_json(&v))
                .map_err(|e| YamlError {
                    limits: false,
                    message: e.to_string(),
                    line: e.line() as u32,
                    column: e.column() as u32,
                })
        } else {
            yaml::parse(text, 0)
        };
        match parsed {
            Ok(doc) => LabelsFile {
                path: path.to_string(),
                names: label_names(&doc),
                error: None,
            },
            Err(err) => LabelsFile {
                path: path.to_string(),
                names: Vec::new(),
                error: Some(err),
            },
        }
    }
}

fn label_names(doc: &Node) -> Vec<String> {
    let list = doc.get("labels").unwrap_or(doc);
    match &list.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Map(_) => item.get("name")?.scalar_text(),
                _ => item.scalar_text(),
            })
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, _)| k.scalar_text())
            .collect(),
        _ => Vec::new(),
    }
}

fn from_json(value: &serde_json::Value) -> Node {
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => Value::Seq(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| {
                    let key = Node {
                        value: Value::Str(k.clone()),
                        line: 0,
                        column: 0,
                    };
                    (key, from_json(v))
                })
                .collect(),
        ),
    };
    Node {
        value,
        line: 0,
        column: 0,
    }
}

/// A word list matched as whole words ignoring case, a trailing plural `s`/`es` allowed, so `os`
/// does not match "most" and `bug` matches "bugs". It is the catalog's one phrase syntax
/// ([`Phrase`]): each word stands for itself and its two plural forms.
#[derive(Debug)]
pub struct Keywords(Vec<Phrase>);

impl Keywords {
    /// Reads the list; an empty list matches nothing.
    pub fn new(words: &[String]) -> Self {
        Keywords(
            words
                .iter()
                .map(|w| w.trim())
                .filter(|w| !w.is_empty())
                .flat_map(|w| [w.to_string(), format!("{w}s"), format!("{w}es")])
                .map(|w| Phrase::new(&w))
                .collect(),
        )
    }

    /// Whether any keyword occurs as a word in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let text = lexicon::normalise(text);
        self.0.iter().any(|phrase| phrase.found_in(&text))
    }
}

/// A label spelling reduced to what GitHub users treat as the same label: lowercase, URL
/// escapes decoded, and spaces, hyphens, underscores and `+` all one space
/// (`Good-First-Issue`, `good%20first%20issue`, `good+first+issue` → `good first issue`).
pub fn normalize_label(text: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .to_lowercase();
    let spaced: String = decoded
        .chars()
        .map(|c| if matches!(c, '-' | '_' | '+') { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words_and_plurals() {
        let k = Keywords::new(&["os".into(), "bug".into(), "steps to".into()]);
        assert!(k.is_match("Which OS?") && k.is_match("known bugs") && k.is_match("Steps to run"));
        assert!(!k.is_match("most posts") && !k.is_match("debugging"));
        assert!(!Keywords::new(&[]).is_match("anything"));
    }

    #[test]
    fn labels_normalise_across_spellings() {
        for text in [
            "Good-First-Issue",
            "good%20first%20issue",
            "good+first+issue",
            "good_first  issue",
        ] {
            assert_eq!(normalize_label(text), "good first issue", "{text}");
        }
        assert_eq!(normalize_label("100%"), "100%");
    }

    #[test]
    fn paths_decide_the_kind() {
        for (path, kind) in [
            (
                ".github/ISSUE_TEMPLATE/bug.md",
                Some(TemplateFormat::Markdown),
            ),
            (".github/ISSUE_TEMPLATE/bug.yml", Some(TemplateFormat::Form)),
            (".github/ISSUE_TEMPLATE/config.yml", None),
            (".github/ISSUE_TEMPLATE/README.md", None),
            (".github/ISSUE_TEMPLATE/sub/bug.md", None),
            (".github/ISSUE_TEMPLATE.md", Some(TemplateFormat::Legacy)),
            ("docs/issue_template.md", Some(TemplateFormat::Legacy)),
            (
                ".gitlab/issue_templates/Bug.md",
                Some(TemplateFormat::GitLab),
            ),
            ("src/ISSUE_TEMPLATE.md", None),
        ] {
            assert_eq!(classify(path), kind, "{path}");
        }
    }

    #[test]
    fn markdown_front_matter_labels_as_comma_separated_string() {
        let t = IssueTemplate::build(
            ".github/ISSUE_TEMPLATE/bug_report.md",
            "---\nname: Bug report\nabout: Something broke\nlabels: bug, good first issue\n---\n\n## Steps to reproduce\n",
        );
        assert_eq!(t.problem, None);
        assert_eq!(
            t.labels,
            [("bug".to_string(), 4), ("good first issue".to_string(), 4)]
        );
        assert!(t.prompts.contains("steps to reproduce"));
        assert!(t.identity.contains("bug report"));
    }

    #[test]
    fn broken_front_matter_keeps_its_place() {
        let t = IssueTemplate::build(
            ".github/ISSUE_TEMPLATE/bug.md",
            "---\nname: Bug\nabout: [unclosed\n---\nbody\n",
        );
        match t.problem {
            Some(FrontMatterProblem::Invalid(err)) => assert!(err.line >= 3, "{err:?}"),
            other => panic!("expected a yaml error, got {other:?}"),
        }
        let unclosed = IssueTemplate::build(".github/ISSUE_TEMPLATE/a.md", "---\nname: a\n");
        assert_eq!(unclosed.problem, Some(FrontMatterProblem::Unclosed));
        let none = IssueTemplate::build(".github/ISSUE_TEMPLATE/a.md", "# Bug\n");
        assert_eq!(none.problem, Some(FrontMatterProblem::Missing));
        let legacy = IssueTemplate::build(".github/ISSUE_TEMPLATE.md", "# Bug\n");
        assert_eq!(legacy.problem, None);
    }

    #[test]
    fn gitlab_quick_actions_apply_labels() {
        let t = IssueTemplate::build(
            ".gitlab/issue_templates/Bug.md",
            "## Summary\n\n/label ~bug ~\"good first issue\"\n/assign @me\n",
        );
        assert_eq!(
            t.labels,
            [("bug".to_string(), 3), ("good first issue".to_string(), 3)]
        );
    }

    #[test]
    fn labels_files_in_every_shape() {
        for (path, text) in [
            (
                ".github/labels.yml",
                "- name: bug\n  color: d73a4a\n- name: Good First Issue\n",
            ),
            (
                ".github/labels.yaml",
                "labels:\n  - name: bug\n  - name: good first issue\n",
            ),
            (
                ".github/labels.json",
                "[{\"name\": \"bug\"}, {\"name\": \"good first issue\"}]",
            ),
        ] {
            let file = LabelsFile::build(path, text);
            assert!(
                file.defines("good first issue") && file.defines("BUG"),
                "{path}"
            );
            assert!(!file.defines("feature"), "{path}");
        }
        assert!(LabelsFile::build(".github/labels.json", "[")
            .error
            .is_some());
    }

    #[test]
    fn chooser_config_defaults_to_blank_issues_enabled() {
        let c = ChooserConfig::build(
            ".github/ISSUE_TEMPLATE/config.yml",
            "contact_links:\n  - name: Questions\n    url: https://github.com/o/r/discussions\n    about: Ask here\n  - about: no name\n",
        );
        assert!(c.blank_issues_enabled());
        let links = c.contact_links();
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].name, None);
        let off = ChooserConfig::build("c.yml", "blank_issues_enabled: false\n");
        assert!(!off.blank_issues_enabled());
    }
}
