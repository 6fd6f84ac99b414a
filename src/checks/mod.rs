//! Check kinds: the code behind catalog rules.
//!
//! One module per kind, each with a strict `Params` struct (`deny_unknown_fields`), the check, and
//! its unit tests. A kind may serve many rules (the catalog passes different params). [`Kind`] is
//! the catalog's `check` field and [`build`] the only registry: one exhaustive `match`, so adding
//! a kind is one module, one variant and one arm.
//!
//! The folders mirror the catalog: `community/`, `templates/`, `paramdocs/`, `tests/` and `ml/`
//! hold the kinds of `rules/<family>.toml`. A check imports `analysis`, `index` and `finding`,
//! never another check; what checks share (parsers, the guide, the test suite, the ML project
//! facts) is asked of the index, which computes it once.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::catalog::Lexicons;
use crate::config::Settings;
use crate::error::Error;
use crate::finding::Finding;
use crate::index::{RepoIndex, TextPass};

pub mod community;
pub mod ml;
pub mod paramdocs;
pub mod templates;
pub mod tests;

/// The params of a kind whose one setting is which catalog lexicon it reads (`lexicon = "name"`,
/// so a team can point a rule at its own word list); without it the kind reads its usual one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconParams {
    /// The lexicon's name in the catalog, when not the kind's usual one.
    pub lexicon: Option<String>,
}

impl LexiconParams {
    /// The lexicon to read: the one named, else `usual`.
    pub fn name_or<'a>(&'a self, usual: &'a str) -> &'a str {
        self.lexicon.as_deref().unwrap_or(usual)
    }
}

/// What a check needs prepared before it runs, so the engine can skip work nobody wants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Parses Python files (the engine warms the parse cache in parallel when any rule needs it).
    pub python: bool,
    /// Parses the docstrings of non-test Python files (warmed in the same parallel pass: the
    /// parameter-docs rules all read them, and without warming they met on each file's first
    /// parse and all but one thread waited).
    pub docstrings: bool,
    /// Reads the text or parse of many Python files: the long checks of a run, which the engine
    /// starts first so that short ones fill in around them (see `engine::run_checks`).
    pub reads_python: bool,
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

    /// Builds what the check will read of one Python file while its text is in hand (the
    /// engine's one parallel pass over the Python files, see [`RepoIndex::text_pass`]), and says
    /// whether the check will read the text itself later: a text no rule keeps is freed.
    ///
    /// A check that reads Python text after the pass and keeps nothing gets each text by a second
    /// read, which [`RepoIndex::rereads`] counts and the catalog-wide tests forbid.
    fn text_pass(&self, _pass: &TextPass) -> bool {
        false
    }

    /// Whether the check judges the run's suppression comments (`unused-suppression`): the
    /// engine then runs it after every other check, through [`Check::judge`], once their
    /// findings have used the comments, and never calls [`Check::run`].
    fn judges_suppressions(&self) -> bool {
        false
    }

    /// Runs a check that judges suppression comments, given what the other checks' findings
    /// used of them.
    fn judge(&self, cx: &CheckCtx, _suppressions: &crate::suppression::Suppressions) -> Outcome {
        self.run(cx)
    }
}

/// The check kinds, as the catalog's `check = "..."` spells them: a rule naming any other kind
/// is rejected when the catalog or config is read, with the list of kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[cfg_attr(test, derive(strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `community/file_exists.rs`
    FileExists,
    /// `community/community_file.rs`
    CommunityFile,
    /// `community/contributing_topics.rs`
    ContributingTopics,
    /// `community/stub_guide.rs`
    StubGuide,
    /// `community/stale_command.rs`
    StaleCommand,
    /// `community/broken_link.rs`
    BrokenLink,
    /// `community/readme_links_guide.rs`
    ReadmeLinksGuide,
    /// `community/contribution_policy.rs`
    ContributionPolicy,
    /// `templates/issue_templates_present.rs`
    IssueTemplatesPresent,
    /// `templates/issue_template_valid.rs`
    IssueTemplateValid,
    /// `templates/beginner_label.rs`
    BeginnerLabel,
    /// `templates/template_labels_defined.rs`
    TemplateLabelsDefined,
    /// `templates/bug_template_fields.rs`
    BugTemplateFields,
    /// `templates/feature_template_motivation.rs`
    FeatureTemplateMotivation,
    /// `templates/blank_issues_guidance.rs`
    BlankIssuesGuidance,
    /// `paramdocs/mod.rs`, one file per rule
    ParamDocs,
    /// `paramdocs/unused_suppression.rs`
    UnusedSuppression,
    /// `tests/tests_exist.rs`
    TestsExist,
    /// `tests/module_coverage.rs`
    ModuleCoverage,
    /// `tests/tests_in_ci.rs`
    TestsInCi,
    /// `tests/test_runner_config.rs`
    TestRunnerConfig,
    /// `tests/tests_offline.rs`
    TestsOffline,
    /// `tests/test_instructions.rs`
    TestInstructions,
    /// `ml/dependency_spec.rs`
    DependencySpec,
    /// `ml/framework_pin.rs`
    FrameworkPin,
    /// `ml/binary_lfs.rs`
    BinaryLfs,
    /// `ml/notebook_outputs.rs`
    NotebookOutputs,
    /// `ml/readme_reproduction.rs`
    ReadmeReproduction,
    /// `ml/small_run.rs`
    SmallRun,
    /// `ml/seed_control.rs`
    SeedControl,
    /// `ml/model_card_present.rs`
    ModelCardPresent,
    /// `ml/model_card_metadata.rs`
    ModelCardMetadata,
    /// `ml/results_table.rs`
    ResultsTable,
}

/// Builds the check of `kind` for `rule` with its params; bad params or lexicons are a catalog
/// error (the caller names the rule and file). The only registry: one exhaustive `match`, so a
/// new kind is one module and one arm.
pub fn build(
    kind: Kind,
    params: &toml::Table,
    lexicons: &Lexicons,
) -> Result<Box<dyn Check>, Error> {
    use community::*;
    use ml::*;
    use templates::*;
    use tests::*;
    let p = params;
    Ok(match kind {
        Kind::FileExists => Box::new(file_exists::FileExists::new(parse_params(p)?)),
        Kind::CommunityFile => Box::new(community_file::CommunityFile::new(parse_params(p)?)?),
        Kind::ContributingTopics => {
            let p: contributing_topics::Params = parse_params(p)?;
            Box::new(contributing_topics::ContributingTopics::new(
                lexicons.get(&p.lexicon)?,
            )?)
        }
        Kind::StubGuide => Box::new(stub_guide::StubGuide::new(parse_params(p)?)),
        Kind::StaleCommand => Box::new(stale_command::StaleCommand::new(
            parse_params(p)?,
            lexicons.get("tool_cli")?,
        )),
        Kind::BrokenLink => Box::new(broken_link::BrokenLink::new(parse_params(p)?)),
        Kind::ReadmeLinksGuide => {
            Box::new(readme_links_guide::ReadmeLinksGuide::new(parse_params(p)?))
        }
        Kind::ContributionPolicy => {
            let p: contribution_policy::Params = parse_params(p)?;
            Box::new(contribution_policy::ContributionPolicy::new(
                lexicons.get(&p.lexicon)?,
            ))
        }
        Kind::IssueTemplatesPresent => Box::new(
            issue_templates_present::IssueTemplatesPresent::new(parse_params(p)?),
        ),
        Kind::IssueTemplateValid => Box::new(issue_template_valid::IssueTemplateValid::new(
            parse_params(p)?,
        )),
        Kind::BeginnerLabel => {
            let p: beginner_label::Params = parse_params(p)?;
            let lexicon = lexicons.get(&p.lexicon)?;
            Box::new(beginner_label::BeginnerLabel::new(p, lexicon)?)
        }
        Kind::TemplateLabelsDefined => Box::new(
            template_labels_defined::TemplateLabelsDefined::new(parse_params(p)?),
        ),
        Kind::BugTemplateFields => {
            let p: LexiconParams = parse_params(p)?;
            Box::new(bug_template_fields::BugTemplateFields::new(
                lexicons.get(p.name_or("bug_template"))?,
            )?)
        }
        Kind::FeatureTemplateMotivation => {
            let p: LexiconParams = parse_params(p)?;
            Box::new(feature_template_motivation::FeatureTemplateMotivation::new(
                lexicons.get(p.name_or("feature_template"))?,
            )?)
        }
        Kind::BlankIssuesGuidance => {
            let p: LexiconParams = parse_params(p)?;
            Box::new(blank_issues_guidance::BlankIssuesGuidance::new(
                lexicons.get(p.name_or("question_channels"))?,
            )?)
        }
        Kind::ParamDocs => {
            let p: paramdocs::Params = parse_params(p)?;
            // Six rules share one param-docs check kind: the lexicon is compiled once for all.
            let lexicon = lexicons.shared(&p.lexicon, |lexicons| {
                let spec: crate::analysis::vagueness::LexiconSpec = lexicons.get(&p.lexicon)?;
                crate::analysis::vagueness::Lexicon::compile(&spec).map_err(Error::catalog)
            })?;
            paramdocs::build(p, lexicon, lexicons.get("framework_hooks")?)
        }
        Kind::UnusedSuppression => Box::new(paramdocs::unused_suppression::UnusedSuppression::new(
            parse_params(p)?,
        )),
        Kind::TestsExist => Box::new(tests_exist::TestsExist::new(parse_params(p)?)?),
        Kind::ModuleCoverage => Box::new(module_coverage::ModuleCoverage::new(parse_params(p)?)?),
        Kind::TestsInCi => Box::new(tests_in_ci::TestsInCi::new(parse_params(p)?)),
        Kind::TestRunnerConfig => {
            Box::new(test_runner_config::TestRunnerConfig::new(parse_params(p)?))
        }
        Kind::TestsOffline => {
            let p: LexiconParams = parse_params(p)?;
            Box::new(tests_offline::TestsOffline::new(
                lexicons.get(p.name_or("test_hardware"))?,
            )?)
        }
        Kind::TestInstructions => {
            Box::new(test_instructions::TestInstructions::new(parse_params(p)?))
        }
        Kind::DependencySpec => Box::new(dependency_spec::DependencySpec::new(parse_params(p)?)),
        Kind::FrameworkPin => Box::new(framework_pin::FrameworkPin::new(parse_params(p)?)),
        Kind::BinaryLfs => {
            Box::new(binary_lfs::BinaryLfs::new(parse_params(p)?).map_err(Error::catalog)?)
        }
        Kind::NotebookOutputs => Box::new(notebook_outputs::NotebookOutputs::new(parse_params(p)?)),
        Kind::ReadmeReproduction => Box::new(readme_reproduction::ReadmeReproduction::new(
            parse_params(p)?,
        )),
        Kind::SmallRun => {
            Box::new(small_run::SmallRun::new(parse_params(p)?).map_err(Error::catalog)?)
        }
        Kind::SeedControl => Box::new(seed_control::SeedControl::new(parse_params(p)?)),
        Kind::ModelCardPresent => Box::new(
            model_card_present::ModelCardPresent::new(parse_params(p)?).map_err(Error::catalog)?,
        ),
        Kind::ModelCardMetadata => Box::new(model_card_metadata::ModelCardMetadata::new(
            parse_params(p)?,
        )),
        Kind::ResultsTable => Box::new(results_table::ResultsTable::new(parse_params(p)?)),
    })
}

/// Deserialises a rule's params strictly into a kind's `Params`.
pub fn parse_params<P: DeserializeOwned>(params: &toml::Table) -> Result<P, Error> {
    P::deserialize(toml::Value::Table(params.clone()))
        .map_err(|err| Error::catalog(format!("invalid params: {}", err.message())))
}

/// Runs a check as a scan does: the files are written to a temporary folder, the engine's text
/// pass runs with this check alone (freeing each text it does not keep), and then the check; it
/// must not read any freed text again.
#[cfg(test)]
pub(crate) fn run_after_text_pass(check: &dyn Check, files: &[(&str, &str)]) -> Outcome {
    let (_dir, index) = RepoIndex::written_to_disk(files);
    crate::analysis::warm_python(&index, None, check.needs().docstrings, |pass| {
        check.text_pass(pass)
    });
    let settings = Settings::default();
    let outcome = check.run(&CheckCtx {
        index: &index,
        settings: &settings,
        only_files: None,
    });
    assert_eq!(index.rereads(), 0, "the check read a freed text again");
    outcome
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
