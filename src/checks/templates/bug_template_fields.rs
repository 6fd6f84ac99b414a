//! `bug-template-fields`: the bug report template asks for what it takes to reproduce a bug.
//!
//! A template is a bug template when its name, about/description, title, labels or file name
//! carry a bug marker (`bug`, `defect`, 🐛); a legacy single template counts when its text
//! does. Each required field is a keyword list from the catalog, searched in what the template
//! asks (a form's labels, descriptions, placeholders, values and options; a Markdown
//! template's body), so forms and Markdown are judged alike. One finding per missing field.
//!
//! Environment sub-fields marked `ml` (Python, framework, OS) are required only when the
//! repository depends on an ML framework, and the one marked `gpu` (CUDA/GPU) only when its code
//! uses a GPU ([`gpu::uses_gpu`]): a CPU/OpenCV library's reporters have no CUDA version to give.
//! A pointer to an environment report command stands for every environment field, since its
//! output has them all: a named one (`collect_env`, `diffusers-cli env`, `show_versions`) or any
//! "output of `…`" the template asks to paste (`sb3.get_system_info()`, `trl env`). A field that
//! asks for the environment or system info covers the fields marked `versions` (Python and
//! framework), which is what a reporter writes there.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use serde::Deserialize;

use crate::analysis::ascii_words::builtin_regex;
use crate::analysis::gpu;
use crate::analysis::templates::{self, FrontMatterProblem, Keywords, TemplateFormat};
use crate::checks::{Check, CheckCtx, Outcome};
use crate::error::Error;
use crate::finding::Finding;
use crate::index::{RepoIndex, TextPass};

/// Lexicon `bug_template`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BugLexicon {
    /// Words that mark a template as a bug report.
    pub markers: Vec<String>,
    /// Phrases naming an environment report command; any one covers all environment fields.
    pub env_reports: Vec<String>,
    /// Words of a field that asks for the environment as a whole; any one covers the fields
    /// marked `versions`.
    pub env_sections: Vec<String>,
    /// Dependency names that make a repository an ML repository.
    pub ml_frameworks: Vec<String>,
    /// The fields a bug template must ask for.
    pub fields: Vec<FieldSpec>,
}

/// One field of the lexicon.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// What to ask for, as the message names it.
    pub what: String,
    /// Any of these words in the template means it asks.
    pub keywords: Vec<String>,
    /// Part of the environment (covered by an environment report command).
    #[serde(default)]
    pub environment: bool,
    /// Required only in repositories that depend on an ML framework.
    #[serde(default)]
    pub ml: bool,
    /// Required only in repositories whose code uses a GPU.
    #[serde(default)]
    pub gpu: bool,
    /// A version a reporter lists under an environment or system-info field.
    #[serde(default)]
    pub versions: bool,
}

struct Field {
    what: String,
    keywords: Keywords,
    environment: bool,
    ml: bool,
    gpu: bool,
    versions: bool,
}

/// The check instance.
pub struct BugTemplateFields {
    markers: Keywords,
    env_reports: Vec<String>,
    env_sections: Keywords,
    ml_frameworks: Keywords,
    fields: Vec<Field>,
    /// Whether the run will ask [`gpu::uses_gpu`]: a field asks about the GPU and there are
    /// issue templates to ask in. Decided once, on the text pass's first file.
    asks_gpu: OnceLock<bool>,
}

impl BugTemplateFields {
    /// Compiles the lexicon's keyword lists once.
    pub fn new(lexicon: BugLexicon) -> Result<Self, Error> {
        let fields = lexicon
            .fields
            .into_iter()
            .map(|f| {
                Ok(Field {
                    keywords: Keywords::new(&f.keywords),
                    what: f.what,
                    environment: f.environment,
                    ml: f.ml,
                    gpu: f.gpu,
                    versions: f.versions,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(BugTemplateFields {
            markers: Keywords::new(&lexicon.markers),
            env_reports: lexicon
                .env_reports
                .iter()
                .map(|e| e.to_lowercase())
                .collect(),
            env_sections: Keywords::new(&lexicon.env_sections),
            ml_frameworks: Keywords::new(&lexicon.ml_frameworks),
            fields,
            asks_gpu: OnceLock::new(),
        })
    }
}

/// Whether the repository's dependency files (at the root or in `requirements/`) name an ML
/// framework.
fn depends_on_ml(index: &RepoIndex, frameworks: &Keywords) -> bool {
    index.files().iter().any(|f| {
        gpu::is_dependency_file(f) && index.text(&f.path).is_some_and(|t| frameworks.is_match(t))
    })
}

/// "Paste the output of `sb3.get_system_info()`": a command whose output the reporter pastes.
static ENV_REPORT: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"(output of|by running|result of)[^`\n]{0,20}`[^`\n]+`"));

impl Check for BugTemplateFields {
    fn text_pass(&self, pass: &TextPass) -> bool {
        let asks_gpu = *self.asks_gpu.get_or_init(|| {
            self.fields.iter().any(|f| f.gpu)
                && !templates::issue_templates(pass.index()).is_empty()
        });
        if asks_gpu {
            gpu::text_pass(pass);
        }
        false
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        let ml = depends_on_ml(cx.index, &self.ml_frameworks);
        let mut gpu = None;
        let mut findings = Vec::new();
        let mut possible = 0.0;
        for template in templates::issue_templates(cx.index) {
            let unreadable_form = template.format == TemplateFormat::Form
                && matches!(template.problem, Some(FrontMatterProblem::Invalid(_)));
            let is_bug = match template.format {
                TemplateFormat::Legacy => self.markers.is_match(&template.prompts),
                _ => self.markers.is_match(&template.identity),
            };
            if unreadable_form || !is_bug {
                continue;
            }
            let env_report = ENV_REPORT.is_match(&template.prompts)
                || self
                    .env_reports
                    .iter()
                    .any(|e| template.prompts.contains(e.as_str()));
            let env_section = self.env_sections.is_match(&template.prompts);
            for field in &self.fields {
                let applies = (!field.ml || ml)
                    && (!field.gpu || *gpu.get_or_insert_with(|| gpu::uses_gpu(cx.index)));
                if !applies {
                    continue;
                }
                possible += 1.0;
                let asked = (field.environment && env_report)
                    || (field.versions && env_section)
                    || field.keywords.is_match(&template.prompts);
                if !asked {
                    findings.push(
                        Finding::new(format!(
                            "bug template \"{}\" does not ask for {}",
                            template.display_name(),
                            field.what
                        ))
                        .at(&template.path),
                    );
                }
            }
        }
        let earned = possible - findings.len() as f64;
        Outcome::partial(earned, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> BugTemplateFields {
        let catalog = crate::catalog::Catalog::embedded().expect("catalog");
        BugTemplateFields::new(catalog.lexicons.get("bug_template").expect("lexicon"))
            .expect("compiles")
    }

    fn missing(files: &[(&str, &str)]) -> Vec<String> {
        crate::checks::run_on(&check(), files)
            .findings()
            .iter()
            .map(|f| f.message.clone())
            .collect()
    }

    const MARKDOWN_BUG: (&str, &str) = (
        ".github/ISSUE_TEMPLATE/bug_report.md",
        "---\nname: Bug report\nabout: Create a report\n---\n\n**To Reproduce**\nSteps to reproduce the behavior\n\n**Expected behavior**\n",
    );

    #[test]
    fn one_finding_per_missing_field() {
        let found = missing(&[MARKDOWN_BUG]);
        assert_eq!(
            found,
            ["bug template \"Bug report\" does not ask for environment versions"]
        );
        let ml = missing(&[MARKDOWN_BUG, ("requirements.txt", "torch>=2.1\nnumpy\n")]);
        assert_eq!(ml.len(), 4, "{ml:#?}");
        assert!(!ml.iter().any(|m| m.ends_with("the CUDA version or GPU")));
        let on_gpu = missing(&[
            MARKDOWN_BUG,
            ("requirements.txt", "torch>=2.1\n"),
            ("pkg/model.py", "model = model.to(\"cuda\")\n"),
        ]);
        assert_eq!(on_gpu.len(), 5, "{on_gpu:#?}");
        assert!(on_gpu
            .iter()
            .any(|m| m.ends_with("the CUDA version or GPU")));
    }

    #[test]
    fn an_environment_field_covers_versions_and_a_pasted_report_covers_all() {
        let env_item = (
            ".github/ISSUE_TEMPLATE/bug.md",
            "---\nname: Bug Report\n---\nSteps to reproduce: 1. Environment (OS, versions) 2. Sample code\nExpected behavior\n",
        );
        let deps = ("pyproject.toml", "dependencies = [\"torch\"]\n");
        assert_eq!(missing(&[env_item, deps]), Vec::<String>::new());
        let env_word_only = (
            ".github/ISSUE_TEMPLATE/bug.md",
            "---\nname: Bug Report\n---\nSteps to reproduce\nExpected behavior\nYour platform:\n",
        );
        assert_eq!(missing(&[env_word_only, deps]).len(), 2);
        let pasted = (
            ".github/ISSUE_TEMPLATE/bug.md",
            "---\nname: Bug Report\n---\nSteps to reproduce\nExpected behavior\nPaste the output of `sb3.get_system_info()`\n",
        );
        let gpu_code = ("pkg/ops.py", "x.cuda()\n");
        assert_eq!(missing(&[pasted, deps, gpu_code]), Vec::<String>::new());
    }

    #[test]
    fn forms_and_environment_report_commands_count() {
        let form = "name: \"\\U0001F41B Bug\"\ndescription: d\nbody:\n  - type: textarea\n    attributes:\n      label: Reproduction\n      description: Minimal code. What did you expect instead?\n  - type: textarea\n    attributes:\n      label: System info\n      description: Paste the output of `diffusers-cli env`\n";
        let found = missing(&[
            (".github/ISSUE_TEMPLATE/bug.yml", form),
            ("pyproject.toml", "dependencies = [\"torch\"]\n"),
        ]);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn other_templates_are_not_bug_templates() {
        let feature = (
            ".github/ISSUE_TEMPLATE/feature.md",
            "---\nname: Feature request\nabout: Suggest an idea\n---\nMotivation\n",
        );
        let outcome = crate::checks::run_on(&check(), &[feature]);
        assert_eq!(outcome, Outcome::NotApplicable);
    }
}
