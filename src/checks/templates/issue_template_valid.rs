//! `issue-template-valid`: every template GitHub would read is one it accepts.
//!
//! GitHub drops a broken template from the chooser without telling anyone, so this check
//! mirrors GitHub's documented validation ("Common validation errors when creating issue
//! forms") and nothing stricter: a form needs non-empty string `name`, `description` and a
//! non-empty `body` list with at least one input; each body item a known `type`; inputs,
//! textareas and dropdowns a `label`; dropdowns and checkboxes `options`; markdown a `value`;
//! ids unique and made of letters, digits, `-` and `_`. A Markdown template needs front matter
//! with `name` and `about`. A chooser `config.yml` contact link needs a `name` and a `url`.
//! Things GitHub accepts are left alone: `labels` as a string or a list, markdown without an
//! id, `validations.required`, checkboxes without a group label, unknown-but-harmless keys.

use std::collections::HashMap;

use serde::Deserialize;

use crate::analysis::templates::{
    self, ChooserConfig, FrontMatterProblem, IssueTemplate, TemplateFormat,
};
use crate::analysis::yaml::{Node, Value, YamlError};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct IssueTemplateValid;

impl IssueTemplateValid {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        IssueTemplateValid
    }
}

const NOT_OFFERED: &str = "so GitHub will not offer this template";

/// One schema problem at a place in the file.
struct Problem {
    message: String,
    line: u32,
    column: u32,
}

impl Problem {
    /// A problem with a whole line (a missing key has no node to point at).
    fn on_line(line: u32, message: String) -> Self {
        Problem {
            message,
            line,
            column: 0,
        }
    }

    fn at(node: &Node, message: String) -> Self {
        Problem {
            message,
            line: node.line,
            column: node.column,
        }
    }

    fn yaml(what: &str, err: &YamlError, consequence: &str) -> Self {
        // A breached safety limit is hostile or runaway input rather than a typo; GitHub's
        // own parser limits are not documented, so say only what is likely.
        let (problem, consequence) = if err.limits {
            (
                "is too large or too deeply nested to read safely",
                "so GitHub is unlikely to offer this template",
            )
        } else {
            ("is not valid yaml", consequence)
        };
        Problem {
            message: format!("{what} {problem}: {}, {consequence}", err.message),
            line: err.line,
            column: err.column,
        }
    }

    fn into_finding(self, path: &str) -> Finding {
        match (self.line, self.column) {
            (0, _) => Finding::new(self.message).at(path),
            (line, 0) => Finding::new(self.message).at_line(path, line),
            (line, column) => Finding::new(self.message).at_position(path, line, column),
        }
    }
}

impl Check for IssueTemplateValid {
    fn file_level(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let mut findings = Vec::new();
        let mut files = 0.0;
        let mut valid = 0.0;
        for template in templates::issue_templates(cx.index) {
            if !cx.in_scope(&template.path) {
                continue;
            }
            let problems = template_problems(&template);
            files += 1.0;
            if problems.is_empty() {
                valid += 1.0;
            }
            findings.extend(problems.into_iter().map(|p| p.into_finding(&template.path)));
        }
        if let Some(config) = templates::chooser_config(cx.index) {
            if cx.in_scope(&config.path) {
                let problems = config_problems(&config);
                files += 1.0;
                if problems.is_empty() {
                    valid += 1.0;
                }
                findings.extend(problems.into_iter().map(|p| p.into_finding(&config.path)));
            }
        }
        Outcome::partial(valid, files, findings)
    }
}

fn template_problems(template: &IssueTemplate) -> Vec<Problem> {
    match (&template.problem, template.format) {
        (Some(FrontMatterProblem::Invalid(err)), TemplateFormat::Form) => {
            vec![Problem::yaml("issue form", err, NOT_OFFERED)]
        }
        (Some(FrontMatterProblem::Invalid(err)), TemplateFormat::Markdown) => {
            vec![Problem::yaml("front matter", err, NOT_OFFERED)]
        }
        (Some(FrontMatterProblem::Invalid(err)), _) => vec![Problem::yaml(
            "front matter",
            err,
            "so GitHub cannot read its name, labels or assignees",
        )],
        (Some(FrontMatterProblem::Missing), _) => vec![Problem::on_line(
            1,
            format!("no front matter (a `---` block with `name` and `about`), {NOT_OFFERED}"),
        )],
        (Some(FrontMatterProblem::Unclosed), _) => vec![Problem::on_line(
            1,
            format!("front matter is not closed by a `---` line, {NOT_OFFERED}"),
        )],
        (None, TemplateFormat::Form) => match &template.meta {
            Some(meta) => form_problems(meta),
            None => Vec::new(),
        },
        (None, TemplateFormat::Markdown) => match &template.meta {
            Some(meta) => markdown_problems(meta, template.meta_line),
            None => Vec::new(),
        },
        (None, TemplateFormat::Legacy | TemplateFormat::GitLab) => Vec::new(),
    }
}

/// Markdown templates are listed by their front matter's `name` and `about`.
fn markdown_problems(meta: &Node, meta_line: u32) -> Vec<Problem> {
    if meta.as_map().is_none() {
        return vec![Problem::on_line(
            meta_line,
            format!("front matter is not a mapping of keys, {NOT_OFFERED}"),
        )];
    }
    ["name", "about"]
        .iter()
        .filter_map(|key| match meta.get(key) {
            Some(node) if node.scalar_text().is_some_and(|t| !t.trim().is_empty()) => None,
            Some(node) => Some(Problem::at(
                node,
                format!("front matter `{key}` is empty, {NOT_OFFERED}"),
            )),
            None => Some(Problem::on_line(
                meta_line,
                format!("front matter has no `{key}`, {NOT_OFFERED}"),
            )),
        })
        .collect()
}

/// The issue-form schema checks GitHub documents as rejections: the top-level keys, then each
/// `body` element (split out in [`body_item_problems`]), then the form as a whole having a field.
fn form_problems(form: &Node) -> Vec<Problem> {
    if form.as_map().is_none() {
        return vec![Problem::on_line(
            1,
            format!("issue form is not a mapping of keys, {NOT_OFFERED}"),
        )];
    }
    let mut problems = Vec::new();
    for key in ["name", "description"] {
        match form.get(key) {
            None => problems.push(Problem::on_line(
                1,
                format!("required top-level key `{key}` is missing, {NOT_OFFERED}"),
            )),
            Some(node) if node.non_blank_str().is_none() => problems.push(Problem::at(
                node,
                format!(
                    "`{key}` must be a non-empty string, not {}, {NOT_OFFERED}",
                    describe(node)
                ),
            )),
            Some(_) => {}
        }
    }
    let body = match form.get("body") {
        None => {
            problems.push(Problem::on_line(
                1,
                format!("required top-level key `body` is missing, {NOT_OFFERED}"),
            ));
            return problems;
        }
        Some(body) => body,
    };
    let Some(items) = body.as_seq().filter(|items| !items.is_empty()) else {
        problems.push(Problem::at(
            body,
            format!("`body` must be a non-empty list of form elements, {NOT_OFFERED}"),
        ));
        return problems;
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut inputs = 0;
    for (i, item) in items.iter().enumerate() {
        if body_item_problems(i, item, &mut ids, &mut problems).is_some_and(|k| k != "markdown") {
            inputs += 1;
        }
    }
    if inputs == 0 {
        problems.push(Problem::at(
            body,
            format!("`body` has only markdown elements and no field to fill in, {NOT_OFFERED}"),
        ));
    }
    problems
}

/// One `body[i]` element: its `type`, the attributes that type requires, its options and its
/// `id` (checked against the ids seen so far in `ids`). Pushes onto `problems` and returns the
/// element's type when it has a valid one, so the caller can tell whether the form has any field
/// to fill in; an element without a valid type is not checked further, as GitHub rejects it first.
fn body_item_problems(
    i: usize,
    item: &Node,
    ids: &mut HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) -> Option<&'static str> {
    if item.as_map().is_none() {
        problems.push(Problem::at(
            item,
            format!("body[{i}] must be a mapping with `type` and `attributes`, {NOT_OFFERED}"),
        ));
        return None;
    }
    let kind = match item.get("type") {
        None => {
            problems.push(Problem::at(
                item,
                format!("body[{i}]: required key `type` is missing, {NOT_OFFERED}"),
            ));
            return None;
        }
        Some(node) => match node.as_str() {
            Some("markdown") => "markdown",
            Some("textarea") => "textarea",
            Some("input") => "input",
            Some("dropdown") => "dropdown",
            Some("checkboxes") => "checkboxes",
            _ => {
                problems.push(Problem::at(
                    node,
                    format!(
                        "body[{i}]: {} is not a valid input type (markdown, textarea, input, dropdown, checkboxes), {NOT_OFFERED}",
                        describe(node)
                    ),
                ));
                return None;
            }
        },
    };
    let attributes = item.get("attributes").filter(|a| a.as_map().is_some());
    problems.extend(attribute_problems(i, kind, item, attributes));
    if let Some(options) = attributes
        .and_then(|a| a.get("options"))
        .and_then(Node::as_seq)
    {
        problems.extend(option_problems(i, kind, options));
    }
    if let Some(id_node) = item.get("id") {
        problems.extend(id_problems(i, id_node, ids));
    }
    Some(kind)
}

/// The attributes each element type requires (`value` for markdown, `label` for fields,
/// `options` for choices), each reported where it is, else at `attributes`, else at the element.
fn attribute_problems(
    i: usize,
    kind: &str,
    item: &Node,
    attributes: Option<&Node>,
) -> Vec<Problem> {
    let required: &[&str] = match kind {
        "markdown" => &["value"],
        "textarea" | "input" => &["label"],
        "dropdown" => &["label", "options"],
        _ => &["options"],
    };
    let mut problems = Vec::new();
    for attr in required {
        let node = attributes.and_then(|a| a.get(attr));
        let ok = match (*attr, node) {
            ("options", Some(n)) => n.as_seq().is_some_and(|o| !o.is_empty()),
            (_, Some(n)) => n.non_blank_str().is_some(),
            (_, None) => false,
        };
        if !ok {
            let place = node.or(attributes).unwrap_or(item);
            let what = match node {
                Some(n) if *attr == "options" => {
                    format!("`options` must be a non-empty list, not {}", describe(n))
                }
                Some(n) => format!("`{attr}` must be a non-empty string, not {}", describe(n)),
                None => format!("required attribute `{attr}` is missing"),
            };
            problems.push(Problem::at(
                place,
                format!("body[{i}] ({kind}): {what}, {NOT_OFFERED}"),
            ));
        }
    }
    problems
}

fn option_problems(i: usize, kind: &str, options: &[Node]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (j, option) in options.iter().enumerate() {
        match kind {
            "dropdown" if matches!(option.value, Value::Bool(_)) => problems.push(Problem::at(
                option,
                format!(
                    "body[{i}] (dropdown): option {j} is read as a boolean; quote it (\"yes\"), {NOT_OFFERED}"
                ),
            )),
            "dropdown" if option.non_blank_str().is_some_and(|o| o.trim().eq_ignore_ascii_case("none")) => {
                problems.push(Problem::at(
                    option,
                    format!(
                        "body[{i}] (dropdown): option {j} is \"None\", a word GitHub reserves; rename it (\"Not applicable\", \"No framework\"), {NOT_OFFERED}"
                    ),
                ))
            }
            "checkboxes" if option.get("label").and_then(Node::non_blank_str).is_none() => {
                problems.push(Problem::at(
                    option,
                    format!("body[{i}] (checkboxes): option {j} has no `label`, {NOT_OFFERED}"),
                ))
            }
            _ => {}
        }
    }
    problems
}

fn id_problems(i: usize, id_node: &Node, ids: &mut HashMap<String, usize>) -> Vec<Problem> {
    let Some(id) = id_node.scalar_text() else {
        return vec![Problem::at(
            id_node,
            format!(
                "body[{i}]: `id` must be a string, not {}, {NOT_OFFERED}",
                describe(id_node)
            ),
        )];
    };
    let mut problems = Vec::new();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push(Problem::at(
            id_node,
            format!(
                "body[{i}]: id \"{id}\" may only contain letters, digits, `-` and `_`, {NOT_OFFERED}"
            ),
        ));
    }
    if let Some(first) = ids.get(&id) {
        problems.push(Problem::at(
            id_node,
            format!("body[{i}]: id \"{id}\" is already used by body[{first}], {NOT_OFFERED}"),
        ));
    } else {
        ids.insert(id, i);
    }
    problems
}

/// A value for a message: its text when it is a scalar, else its type.
fn describe(node: &Node) -> String {
    match &node.value {
        Value::Str(s) if s.trim().is_empty() => "an empty string".to_string(),
        Value::Str(s) => format!("\"{s}\""),
        Value::Null => "empty".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        _ => node.type_name().to_string(),
    }
}

fn config_problems(config: &ChooserConfig) -> Vec<Problem> {
    let doc = match &config.parsed {
        Err(err) => {
            return vec![Problem::yaml(
                "template chooser config",
                err,
                "so GitHub ignores its contact links and blank-issue setting",
            )]
        }
        Ok(doc) => doc,
    };
    let mut problems = Vec::new();
    if let Some(links) = doc.get("contact_links").and_then(Node::as_seq) {
        for (i, link) in links.iter().enumerate() {
            for key in ["name", "url"] {
                if link.get(key).and_then(Node::non_blank_str).is_none() {
                    problems.push(Problem::at(
                        link,
                        format!(
                            "contact_links[{i}] has no `{key}`, so GitHub rejects the chooser config and will not offer this link"
                        ),
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        crate::checks::run_on(&IssueTemplateValid, files)
            .findings()
            .iter()
            .map(|f| {
                let l = f.location.as_ref().expect("located");
                format!("{}:{}: {}", l.path, l.line.unwrap_or(0), f.message)
            })
            .collect()
    }

    const FORM: &str = ".github/ISSUE_TEMPLATE/bug.yml";

    #[test]
    fn accepts_what_github_accepts() {
        for text in [
            "name: Bug\ndescription: d\nlabels: bug, triage\nbody:\n  - type: markdown\n    attributes:\n      value: hi\n  - type: textarea\n    id: what\n    attributes:\n      label: What happened?\n    validations:\n      required: true\n",
            "name: Bug\ndescription: d\nlabels: [bug]\nbody:\n  - type: checkboxes\n    attributes:\n      options:\n        - label: I searched\n          required: true\n  - type: dropdown\n    id: v\n    attributes:\n      label: Version\n      multiple: true\n      options: [\"1.0\", \"2.0\"]\n",
        ] {
            assert_eq!(messages(&[(FORM, text)]), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn reports_each_schema_error_on_its_line() {
        let form = "name: Bug\nbody:\n  - type: input\n    id: name\n    attributes:\n      description: no label\n  - type: textarea\n    id: name\n    attributes:\n      label: Again\n  - type: dropdown\n    id: first version\n    attributes:\n      label: V\n  - type: slider\n    attributes:\n      label: s\n";
        let found = messages(&[(FORM, form)]);
        let expect = [
            "bug.yml:1: required top-level key `description` is missing",
            "bug.yml:6: body[0] (input): required attribute `label` is missing",
            "bug.yml:8: body[1]: id \"name\" is already used by body[0]",
            "bug.yml:14: body[2] (dropdown): required attribute `options` is missing",
            "bug.yml:12: body[2]: id \"first version\" may only contain",
            "bug.yml:15: body[3]: \"slider\" is not a valid input type",
        ];
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for (got, want) in found.iter().zip(expect) {
            assert!(got.contains(want), "{got} does not contain {want}");
            assert!(got.ends_with(NOT_OFFERED), "{got}");
        }
    }

    #[test]
    fn broken_yaml_and_front_matter_are_findings_with_places() {
        let found = messages(&[
            (FORM, "name: Bug\ndescription: [oops\n"),
            (
                ".github/ISSUE_TEMPLATE/feature.md",
                "---\nname: Feature\nabout: Idea: with colon: here\n---\nbody\n",
            ),
            (".github/ISSUE_TEMPLATE/plain.md", "# Question\n"),
            (".github/ISSUE_TEMPLATE/noabout.md", "---\nname: X\n---\n"),
        ]);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].contains("bug.yml:") && found[0].contains("issue form is not valid yaml"));
        assert!(found[1]
            .starts_with(".github/ISSUE_TEMPLATE/feature.md:3: front matter is not valid yaml"));
        assert!(found[2].contains("noabout.md:2: front matter has no `about`"));
        assert!(found[3].contains("plain.md:1: no front matter"));
    }

    #[test]
    fn markdown_only_bodies_and_contact_links_without_url() {
        let found = messages(&[
            (FORM, "name: a\ndescription: b\nbody:\n  - type: markdown\n    attributes:\n      value: hi\n"),
            (
                ".github/ISSUE_TEMPLATE/config.yml",
                "blank_issues_enabled: false\ncontact_links:\n  - name: Forum\n    about: ask\n",
            ),
        ]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("only markdown elements"));
        assert!(found[1].contains("contact_links[0] has no `url`"));
    }
}
