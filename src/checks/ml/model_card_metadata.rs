//! `model-card-metadata`: a model card's YAML front matter follows the Hugging Face model-card
//! metadata spec, so the Hub (and any tool reading it) shows the license, datasets, base model,
//! task and results.
//!
//! Checked: the front matter parses (through the budgeted YAML parser) and is a mapping; it has
//! a `license` string (`other` with a `license_name`); `datasets` and `base_model` are a string
//! or a list of strings; `pipeline_tag` is one of the Hub's tasks (catalog list); `model-index`
//! is a list of `{name, results: [{task: {type}, dataset: {name, type}, metrics: [{type,
//! value}]}]}`. One finding per problem, at its line.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::analysis::model_card::{model_cards, CardMetadata};
use crate::analysis::yaml::{Node, Value};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The Hub's pipeline tags.
    pub pipeline_tags: Vec<String>,
}

/// The check instance.
pub struct ModelCardMetadata {
    pipeline_tags: BTreeSet<String>,
}

impl ModelCardMetadata {
    /// Builds the check.
    pub fn new(params: Params) -> Self {
        ModelCardMetadata {
            pipeline_tags: params.pipeline_tags.into_iter().collect(),
        }
    }
}

/// A problem at a line of the card.
type Problem = (String, u32);

fn is_string(node: &Node) -> bool {
    matches!(node.value, Value::Str(_))
}

fn string_or_list(key: &str, node: &Node, problems: &mut Vec<Problem>) {
    match &node.value {
        Value::Str(_) => {}
        Value::Seq(items) => {
            for item in items.iter().filter(|i| !is_string(i)) {
                problems.push((
                    format!("{key} entries must be strings, found {}", item.type_name()),
                    item.line,
                ));
            }
        }
        _ => problems.push((
            format!(
                "{key} must be a string or a list of strings, found {}",
                node.type_name()
            ),
            node.line,
        )),
    }
}

/// `key` of `node` must be a mapping/string; reports at `node` when absent.
fn require(
    node: &Node,
    key: &str,
    want: &str,
    at: &str,
    problems: &mut Vec<Problem>,
) -> Option<Node> {
    match node.get(key) {
        None => {
            problems.push((format!("{at} has no {key}"), node.line));
            None
        }
        Some(value) => {
            let ok = match want {
                "string" => is_string(value),
                "mapping" => value.as_map().is_some(),
                "list" => value.as_seq().is_some(),
                _ => !value.is_null(),
            };
            if !ok {
                problems.push((
                    format!("{at} {key} must be a {want}, found {}", value.type_name()),
                    value.line,
                ));
                return None;
            }
            Some(value.clone())
        }
    }
}

fn model_index(node: &Node, problems: &mut Vec<Problem>) {
    let Some(models) = node.as_seq() else {
        problems.push((
            format!(
                "model-index must be a list of models, found {}",
                node.type_name()
            ),
            node.line,
        ));
        return;
    };
    for model in models {
        if model.as_map().is_none() {
            problems.push((
                format!(
                    "model-index entries must be mappings, found {}",
                    model.type_name()
                ),
                model.line,
            ));
            continue;
        }
        require(model, "name", "string", "model-index entry", problems);
        let Some(results) = require(model, "results", "list", "model-index entry", problems) else {
            continue;
        };
        for result in results.as_seq().unwrap_or_default() {
            if result.as_map().is_none() {
                problems.push((
                    format!(
                        "model-index results must be mappings, found {}",
                        result.type_name()
                    ),
                    result.line,
                ));
                continue;
            }
            if let Some(task) = require(result, "task", "mapping", "model-index result", problems) {
                require(&task, "type", "string", "model-index task", problems);
            }
            if let Some(dataset) =
                require(result, "dataset", "mapping", "model-index result", problems)
            {
                require(&dataset, "name", "string", "model-index dataset", problems);
                require(&dataset, "type", "string", "model-index dataset", problems);
            }
            if let Some(metrics) =
                require(result, "metrics", "list", "model-index result", problems)
            {
                for metric in metrics.as_seq().unwrap_or_default() {
                    if metric.as_map().is_none() {
                        problems.push((
                            format!(
                                "model-index metrics must be mappings, found {}",
                                metric.type_name()
                            ),
                            metric.line,
                        ));
                        continue;
                    }
                    require(metric, "type", "string", "model-index metric", problems);
                    require(metric, "value", "value", "model-index metric", problems);
                }
            }
        }
    }
}

impl ModelCardMetadata {
    fn problems(&self, meta: &CardMetadata) -> Vec<Problem> {
        let node = match meta {
            CardMetadata::Absent => return Vec::new(),
            CardMetadata::Unclosed => {
                return vec![(
                    "front matter opens with --- but never closes".to_string(),
                    1,
                )]
            }
            CardMetadata::Yaml(Err(err)) => {
                return vec![(
                    format!("front matter does not parse: {}", err.message),
                    err.line.max(1),
                )]
            }
            CardMetadata::Yaml(Ok(node)) => node,
        };
        if node.as_map().is_none() {
            return vec![(
                format!("front matter must be a mapping, found {}", node.type_name()),
                node.line.max(1),
            )];
        }
        let mut problems = Vec::new();
        match node.get("license") {
            None => problems.push(("metadata has no license".to_string(), 1)),
            Some(license) if !is_string(license) => problems.push((
                format!(
                    "license must be a string (a license id such as apache-2.0), found {}",
                    license.type_name()
                ),
                license.line,
            )),
            Some(license)
                if license.as_str() == Some("other") && node.get("license_name").is_none() =>
            {
                problems.push((
                    "license: other needs a license_name".to_string(),
                    license.line,
                ))
            }
            Some(_) => {}
        }
        for key in ["datasets", "base_model"] {
            if let Some(value) = node.get(key) {
                string_or_list(key, value, &mut problems);
            }
        }
        if let Some(tag) = node.get("pipeline_tag") {
            match tag.as_str() {
                Some(t) if self.pipeline_tags.contains(t) => {}
                Some(t) => {
                    problems.push((format!("pipeline_tag \"{t}\" is not a Hub task"), tag.line))
                }
                None => problems.push((
                    format!("pipeline_tag must be a string, found {}", tag.type_name()),
                    tag.line,
                )),
            }
        }
        if let Some(index) = node.get("model-index") {
            model_index(index, &mut problems);
        }
        problems
    }
}

impl Check for ModelCardMetadata {
    fn file_level(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let mut possible = 0.0;
        let mut failed = 0.0;
        let mut findings = Vec::new();
        for (path, meta) in model_cards(cx.index) {
            if !cx.in_scope(&path) || matches!(*meta, CardMetadata::Absent) {
                continue;
            }
            possible += 1.0;
            let problems = self.problems(&meta);
            if !problems.is_empty() {
                failed += 1.0;
            }
            findings.extend(
                problems
                    .into_iter()
                    .map(|(message, line)| Finding::new(message).at_line(&path, line)),
            );
        }
        Outcome::partial(possible - failed, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    fn problems(card: &str) -> Vec<(String, u32)> {
        let check = ModelCardMetadata::new(Params {
            pipeline_tags: vec!["text-generation".into()],
        });
        run_on(&check, &[("MODEL_CARD.md", card)])
            .findings()
            .iter()
            .map(|f| {
                (
                    f.message.clone(),
                    f.location.as_ref().and_then(|l| l.line).unwrap_or(0),
                )
            })
            .collect()
    }

    #[test]
    fn each_kind_of_invalid_metadata_at_its_line() {
        assert!(problems("---\nlicense: mit\ndatasets: [tinyshakespeare]\nbase_model: gpt2\npipeline_tag: text-generation\n---\n# Card\n").is_empty());
        assert_eq!(problems("---\nlicense: [mit\n---\n")[0].1, 2);
        assert_eq!(
            problems("---\ntags: [x]\n---\n"),
            [("metadata has no license".to_string(), 1)]
        );
        assert_eq!(
            problems("---\nlicense: mit\ndatasets: {a: 1}\n---\n")[0].1,
            3
        );
        assert_eq!(
            problems("---\nlicense: mit\nbase_model: [1]\n---\n")[0].0,
            "base_model entries must be strings, found a number"
        );
        assert_eq!(
            problems("---\nlicense: mit\npipeline_tag: chat\n---\n")[0].0,
            "pipeline_tag \"chat\" is not a Hub task"
        );
        let index = problems("---\nlicense: mit\nmodel-index:\n  - name: m\n    results:\n      - task: {type: text-generation}\n        metrics: [{type: ppl}]\n---\n");
        let messages: Vec<&str> = index.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "model-index result has no dataset",
                "model-index metric has no value"
            ]
        );
        assert_eq!(problems("# no front matter\n"), []);
        assert_eq!(
            problems("---\nlicense: mit\n"),
            [(
                "front matter opens with --- but never closes".to_string(),
                1
            )]
        );
    }
}
