//! Check kinds: the code behind catalog rules.
//!
//! One module per kind, each with a strict `Params` struct (`deny_unknown_fields`), the check, and
//! its unit tests. A kind may serve many rules (the catalog passes different params). [`build`] is
//! the only registry: one flat `match`, easy to grep, so adding a kind is one module and one arm.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;

use crate::catalog::Lexicons;
use crate::config::Settings;
use crate::finding::Finding;
use crate::index::RepoIndex;

pub mod community;
pub mod ml;
pub mod paramdocs;
pub mod templates;
pub mod tests;

/// What a check needs prepared before it runs, so the engine can skip work nobody wants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Parses Python files (the engine warms the parse cache in parallel when any rule needs it).
    pub python: bool,
}

/// Everything a check may look at: the index (never the disk) and the effective settings.
pub struct CheckCtx<'a> {
    /// The scanned repository.
    pub index: &'a RepoIndex,
    /// Effective settings (config merged with flags).
    pub settings: &'a Settings,
    /// In file mode (`claw-lint FILE...`, the pre-commit hook) the files to check; `None` means the
    /// whole repository. File-level checks report only on these; repository-level ones do not run.
    pub only_files: Option<&'a BTreeSet<String>>,
}

impl CheckCtx<'_> {
    /// Whether a file is in scope for file-level checks.
    pub fn in_scope(&self, path: &str) -> bool {
        self.only_files.is_none_or(|files| files.contains(path))
    }
}

/// How a rule fared: not applicable (its subject is absent), or credit earned out of possible.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The rule's subject does not exist here (no Python files, say); it leaves the score.
    NotApplicable,
    /// Credit `earned` of `possible` (any positive scale; only the ratio counts) and the findings.
    Scored {
        /// Credit earned, `0 <= earned <= possible`.
        earned: f64,
        /// Credit available.
        possible: f64,
        /// What to fix; empty means full credit for all-or-nothing rules.
        findings: Vec<Finding>,
    },
}

impl Outcome {
    /// Full credit, nothing to report.
    pub fn pass() -> Self {
        Outcome::Scored {
            earned: 1.0,
            possible: 1.0,
            findings: Vec::new(),
        }
    }

    /// All or nothing: full credit when there are no findings, none otherwise.
    pub fn all_or_nothing(findings: Vec<Finding>) -> Self {
        let earned = if findings.is_empty() { 1.0 } else { 0.0 };
        Outcome::Scored {
            earned,
            possible: 1.0,
            findings,
        }
    }

    /// Partial credit: `earned` of `possible` (e.g. documented parameters of all parameters).
    /// With nothing possible the rule is not applicable.
    pub fn partial(earned: f64, possible: f64, findings: Vec<Finding>) -> Self {
        if possible <= 0.0 {
            return Outcome::NotApplicable;
        }
        Outcome::Scored {
            earned: earned.clamp(0.0, possible),
            possible,
            findings,
        }
    }

    /// The findings, if scored.
    pub fn findings(&self) -> &[Finding] {
        match self {
            Outcome::NotApplicable => &[],
            Outcome::Scored { findings, .. } => findings,
        }
    }
}

/// A check kind instantiated with its params: pure over the context, safe to run on any thread.
pub trait Check: Send + Sync {
    /// What the engine should prepare for this check.
    fn needs(&self) -> Needs {
        Needs::default()
    }

    /// Whether the check looks at individual files (and so runs in file mode on just those files)
    /// rather than at the repository as a whole.
    fn file_level(&self) -> bool {
        false
    }

    /// Runs the check.
    fn run(&self, cx: &CheckCtx) -> Outcome;
}

/// Builds the check kind `kind` with the rule's params; an unknown kind or bad params is an error
/// message naming what was expected (the caller adds the rule and file).
pub fn build(
    kind: &str,
    params: &toml::Table,
    lexicons: &Lexicons,
) -> Result<Box<dyn Check>, String> {
    match kind {
        "file-exists" => Ok(Box::new(community::file_exists::FileExists::new(
            parse_params(params)?,
        ))),
        "param-docs" => {
            let spec: crate::analysis::vagueness::LexiconSpec = lexicons.get("ml-params")?;
            let lexicon = crate::analysis::vagueness::Lexicon::compile(&spec)?;
            Ok(Box::new(paramdocs::ParamDocs::new(
                parse_params(params)?,
                std::sync::Arc::new(lexicon),
            )))
        }
        "community-file" => Ok(Box::new(community::community_file::CommunityFile::new(
            parse_params(params)?,
        )?)),
        "contributing-topics" => {
            let p: community::contributing_topics::Params = parse_params(params)?;
            Ok(Box::new(
                community::contributing_topics::ContributingTopics::new(lexicons.get(&p.lexicon)?)?,
            ))
        }
        "stub-guide" => Ok(Box::new(community::stub_guide::StubGuide::new(
            parse_params(params)?,
        ))),
        "stale-command" => Ok(Box::new(community::stale_command::StaleCommand::new(
            parse_params(params)?,
        ))),
        "broken-link" => Ok(Box::new(community::broken_link::BrokenLink::new(
            parse_params(params)?,
        ))),
        "readme-links-guide" => Ok(Box::new(
            community::readme_links_guide::ReadmeLinksGuide::new(parse_params(params)?),
        )),
        "contribution-policy" => {
            let p: community::contribution_policy::Params = parse_params(params)?;
            Ok(Box::new(
                community::contribution_policy::ContributionPolicy::new(lexicons.get(&p.lexicon)?),
            ))
        }
        "issue-templates-present" => Ok(Box::new(
            templates::issue_templates_present::IssueTemplatesPresent::new(parse_params(params)?),
        )),
        "issue-template-valid" => Ok(Box::new(
            templates::issue_template_valid::IssueTemplateValid::new(parse_params(params)?),
        )),
        "beginner-label" => Ok(Box::new(templates::beginner_label::BeginnerLabel::new(
            parse_params(params)?,
            lexicons.get("beginner_labels")?,
        )?)),
        "template-labels-defined" => Ok(Box::new(
            templates::template_labels_defined::TemplateLabelsDefined::new(parse_params(params)?),
        )),
        "bug-template-fields" => Ok(Box::new(
            templates::bug_template_fields::BugTemplateFields::new(
                parse_params(params)?,
                lexicons.get("bug_template")?,
            )?,
        )),
        "feature-template-motivation" => Ok(Box::new(
            templates::feature_template_motivation::FeatureTemplateMotivation::new(
                parse_params(params)?,
                lexicons.get("feature_template")?,
            )?,
        )),
        "blank-issues-guidance" => Ok(Box::new(
            templates::blank_issues_guidance::BlankIssuesGuidance::new(
                parse_params(params)?,
                lexicons.get("question_channels")?,
            )?,
        )),
        "module-coverage" => Ok(Box::new(tests::module_coverage::ModuleCoverage::new(
            parse_params(params)?,
        )?)),
        "tests-exist" => Ok(Box::new(tests::tests_exist::TestsExist::new(
            parse_params(params)?,
        )?)),
        "tests-in-ci" => Ok(Box::new(tests::tests_in_ci::TestsInCi::new(parse_params(
            params,
        )?))),
        "test-runner-config" => Ok(Box::new(tests::test_runner_config::TestRunnerConfig::new(
            parse_params(params)?,
        ))),
        "tests-offline" => Ok(Box::new(tests::tests_offline::TestsOffline::new(
            parse_params(params)?,
            lexicons.get("test_hardware")?,
        )?)),
        "test-instructions" => Ok(Box::new(tests::test_instructions::TestInstructions::new(
            parse_params(params)?,
        ))),
        "dependency-spec" => Ok(Box::new(ml::dependency_spec::DependencySpec::new(
            parse_params(params)?,
        ))),
        "framework-pin" => Ok(Box::new(ml::framework_pin::FrameworkPin::new(
            parse_params(params)?,
        ))),
        "binary-lfs" => Ok(Box::new(ml::binary_lfs::BinaryLfs::new(parse_params(
            params,
        )?)?)),
        "notebook-outputs" => Ok(Box::new(ml::notebook_outputs::NotebookOutputs::new(
            parse_params(params)?,
        ))),
        "readme-reproduction" => Ok(Box::new(ml::readme_reproduction::ReadmeReproduction::new(
            parse_params(params)?,
        ))),
        "small-run" => Ok(Box::new(ml::small_run::SmallRun::new(parse_params(
            params,
        )?)?)),
        "seed-control" => Ok(Box::new(ml::seed_control::SeedControl::new(parse_params(
            params,
        )?))),
        "model-card-present" => Ok(Box::new(ml::model_card_present::ModelCardPresent::new(
            parse_params(params)?,
        ))),
        "model-card-metadata" => Ok(Box::new(ml::model_card_metadata::ModelCardMetadata::new(
            parse_params(params)?,
        ))),
        "results-table" => Ok(Box::new(ml::results_table::ResultsTable::new(
            parse_params(params)?,
        ))),
        other => Err(format!("unknown check kind \"{other}\"")),
    }
}

/// Every check kind [`build`] knows; the catalog meta-test proves each one is used by a rule.
pub const KINDS: &[&str] = &[
    "file-exists",
    "community-file",
    "contributing-topics",
    "stub-guide",
    "stale-command",
    "broken-link",
    "readme-links-guide",
    "contribution-policy",
    "issue-templates-present",
    "issue-template-valid",
    "beginner-label",
    "template-labels-defined",
    "bug-template-fields",
    "feature-template-motivation",
    "blank-issues-guidance",
    "param-docs",
    "tests-exist",
    "module-coverage",
    "tests-in-ci",
    "test-runner-config",
    "tests-offline",
    "test-instructions",
    "dependency-spec",
    "framework-pin",
    "binary-lfs",
    "notebook-outputs",
    "readme-reproduction",
    "small-run",
    "seed-control",
    "model-card-present",
    "model-card-metadata",
    "results-table",
];

/// Deserialises a rule's params strictly into a kind's `Params`.
pub fn parse_params<P: DeserializeOwned>(params: &toml::Table) -> Result<P, String> {
    P::deserialize(toml::Value::Table(params.clone()))
        .map_err(|err| format!("invalid params: {}", err.message()))
}

/// Runs a check over in-memory files with default settings: the harness of every kind's
/// table-driven unit tests.
#[cfg(test)]
pub(crate) fn run_on(check: &dyn Check, files: &[(&str, &str)]) -> Outcome {
    let index = RepoIndex::from_files(files);
    let settings = Settings::default();
    check.run(&CheckCtx {
        index: &index,
        settings: &settings,
        only_files: None,
    })
}
