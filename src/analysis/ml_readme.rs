//! What an ML project's README (and the local docs it links, and the contributing guide) tell a
//! newcomer: the commands it shows, a results table or figure, a paper, pretrained weights.
//!
//! Commands are read from code blocks (each line) and inline code, with shell prompts (`$ `)
//! stripped. A `make` target counts only when the Makefile defines it. Computed once per scan;
//! the reproduction, small-run and results rules and the Papers-with-Code figure share it.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::ascii_words::builtin_regex;
use super::community::{find_guide, find_readme};
use super::lazy_regex::ShortInputRegex;
use super::makefile::make_targets;
use super::markdown::Outline;
use super::project_facts::Known;
use super::shell::prompt_stripped;
use crate::finding::Location;
use crate::index::{Fact, RepoIndex};

/// A command line or a line of text at a place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The text (a command with its prompt removed, or a prose block).
    pub text: String,
    /// Repository-relative path of the document.
    pub path: String,
    /// 1-based line.
    pub line: u32,
}

impl Line {
    /// The place, for a finding or a piece of evidence.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            line: Some(self.line),
            column: None,
        }
    }

    /// `path:line`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }
}

/// The README facts of the ML family.
#[derive(Clone, Debug, Default)]
pub struct ProjectReadme {
    /// The root README, if any.
    pub path: Option<String>,
    /// The README, then the local docs it links, then the contributing guide.
    pub documents: Vec<String>,
    /// Command lines shown in those documents, in order.
    pub commands: Vec<Line>,
    /// Prose blocks and headings of those documents, in order.
    pub prose: Vec<Line>,
    /// The first command that installs the project or its dependencies.
    pub install: Option<Line>,
    /// The first command that trains, evaluates or runs the project.
    pub run: Option<Line>,
    /// A results table or figure in the README.
    pub results: Option<Line>,
    /// A paper link, arXiv id or "reproduce" wording in the README.
    pub research: Option<Line>,
    /// A link to pretrained weights in the README.
    pub pretrained: Option<Line>,
}

static INSTALL: LazyLock<ShortInputRegex> = LazyLock::new(|| {
    ShortInputRegex::builtin(
        r"^(?:sudo\s+)?(?:(?:python3?\s+-m\s+)?pip3?\s+install|uv\s+(?:pip\s+install|sync|add)|conda\s+(?:env\s+create|install|create)|mamba\s+(?:env\s+create|install|create)|micromamba\s+(?:create|install)|poetry\s+install|pixi\s+install|pdm\s+install|pipenv\s+install)\b",
    )
});

static RUN: LazyLock<ShortInputRegex> = LazyLock::new(|| {
    ShortInputRegex::builtin(
        r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:python3?\s+(?:-m\s+\w|\S+\.py\b)|accelerate\s+launch|torchrun|deepspeed|lightning\s+run|uv\s+run|(?:bash|sh)\s+\S+\.sh|\./\S+\.sh|(?:python3?\s+)?-m\s+torch\.distributed)",
    )
});

static MAKE: LazyLock<Regex> = LazyLock::new(|| builtin_regex(r"^make\s+([A-Za-z0-9_.-]+)"));

static TABLE_RULE: LazyLock<ShortInputRegex> =
    LazyLock::new(|| ShortInputRegex::builtin(r"^\s*\|?\s*:?-{3,}:?\s*\|"));

static RESULT_WORDS: LazyLock<ShortInputRegex> = LazyLock::new(|| {
    ShortInputRegex::builtin(
        r"(?i)result|loss|accura|benchmark|score|perplexity|bleu|fid\b|eval|curve|plot|metric|performance",
    )
});

static PAPER: LazyLock<ShortInputRegex> = LazyLock::new(|| {
    ShortInputRegex::builtin(
        r"(?i)arxiv\.org/(?:abs|pdf)/|\barxiv:\s*\d{4}\.\d{4,5}|openreview\.net/(?:forum|pdf)|aclanthology\.org/|papers\.nips\.cc/|proceedings\.(?:mlr\.press|neurips\.cc)|\breproduc(?:e|es|ing|tion)\s+(?:the|our)\s+(?:results|paper|experiments)",
    )
});

static PRETRAINED: LazyLock<ShortInputRegex> = LazyLock::new(|| {
    ShortInputRegex::builtin(
        r"(?i)\.(?:pt|pth|ckpt|safetensors|gguf|onnx|h5)\b(?:[)?\s]|$)|pre-?trained (?:weights|models?|checkpoints?)|download (?:the )?(?:weights|checkpoints?)",
    )
});

static HUB_LINK: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"huggingface\.co/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)"));

/// Hub paths that are not model repositories.
const HUB_NON_MODELS: &[&str] = &[
    "datasets",
    "spaces",
    "docs",
    "blog",
    "papers",
    "join",
    "login",
    "models",
    "learn",
    "settings",
    "pricing",
    "collections",
    "organizations",
    "tasks",
];

/// Whether a line links to a Hub model repository (`huggingface.co/org/name`).
pub fn links_hub_model(line: &str) -> bool {
    HUB_LINK.captures_iter(line).any(|c| {
        c.get(1)
            .is_some_and(|org| !HUB_NON_MODELS.contains(&org.as_str()))
    })
}

fn pretrained(path: &str, text: &str) -> Option<Line> {
    text.lines()
        .enumerate()
        .find(|(_, l)| PRETRAINED.is_match(l) || links_hub_model(l))
        .map(|(i, l)| Line {
            text: l.trim().to_string(),
            path: path.to_string(),
            line: i as u32 + 1,
        })
}

/// A command line without its shell prompt (`$ `, `(venv) $ `) or notebook escape (`!pip`).
fn command_text(line: &str) -> &str {
    let line = prompt_stripped(line).unwrap_or(line).trim();
    line.strip_prefix('!').unwrap_or(line).trim()
}

/// The README's local links to Markdown / reStructuredText documents that exist.
fn linked_docs(index: &RepoIndex, readme: &str, outline: &Outline) -> Vec<String> {
    let dir = readme.rsplit_once('/').map_or("", |(d, _)| d);
    let mut docs: Vec<String> = Vec::new();
    for link in outline.links.iter().filter(|l| !l.image) {
        let Some(target) = super::paths::resolve(dir, &link.dest) else {
            continue;
        };
        let lower = target.to_ascii_lowercase();
        let document = lower.ends_with(".md") || lower.ends_with(".rst");
        if document && index.has_file(&target) && !docs.contains(&target) {
            docs.push(target);
        }
    }
    docs
}

impl ProjectReadme {
    fn add_document(&mut self, path: &str, outline: &Outline) {
        self.documents.push(path.to_string());
        for block in &outline.code_blocks {
            let mut continued = String::new();
            let mut start = block.line;
            for (i, raw) in block.text.lines().enumerate() {
                if continued.is_empty() {
                    start = block.line + i as u32;
                }
                let line = start;
                let text = command_text(raw);
                if let Some(head) = text.strip_suffix('\\') {
                    continued.push_str(head);
                    continue;
                }
                let text = format!("{continued}{text}");
                continued.clear();
                if !text.is_empty() && !text.starts_with('#') {
                    self.commands.push(Line {
                        text,
                        path: path.to_string(),
                        line,
                    });
                }
            }
        }
        for code in &outline.inline_code {
            self.commands.push(Line {
                text: command_text(&code.text).to_string(),
                path: path.to_string(),
                line: code.line,
            });
        }
        for block in outline
            .prose
            .iter()
            .map(|p| (&p.text, p.line))
            .chain(outline.headings.iter().map(|h| (&h.text, h.line)))
        {
            self.prose.push(Line {
                text: block.0.clone(),
                path: path.to_string(),
                line: block.1,
            });
        }
    }

    /// Whether a command runs the project: a script, a launcher, or a defined `make` target.
    fn runs(index: &RepoIndex, text: &str) -> bool {
        if RUN.is_match(text) {
            return true;
        }
        MAKE.captures(text)
            .and_then(|c| c.get(1))
            .is_some_and(|t| {
                !matches!(t.as_str(), "install" | "test" | "lint" | "format" | "clean" | "docs")
                    && matches!(make_targets(index, "", None), Known::Names(ref n, _) if n.contains(t.as_str()))
            })
    }
}

impl Fact for ProjectReadme {
    fn compute(index: &RepoIndex) -> Self {
        let mut facts = ProjectReadme::default();
        let Some(path) = find_readme(index).map(|f| f.path.clone()) else {
            return facts;
        };
        facts.path = Some(path.clone());
        let Some(outline) = index.artifact::<Outline>(&path) else {
            return facts;
        };
        facts.add_document(&path, &outline);
        let readme_text = index.text(&path).unwrap_or("");
        facts.results = readme_results(&path, readme_text, &outline);
        facts.research = first_match(&path, readme_text, &PAPER);
        facts.pretrained = pretrained(&path, readme_text);
        let mut others = linked_docs(index, &path, &outline);
        if let Some(guide) = find_guide(index) {
            if !others.contains(&guide.path) && guide.path != path {
                others.push(guide.path.clone());
            }
        }
        for doc in others {
            let doc_outline: Option<Arc<Outline>> = index.artifact::<Outline>(&doc);
            if let Some(doc_outline) = doc_outline {
                facts.add_document(&doc, &doc_outline);
            }
        }
        facts.install = facts
            .commands
            .iter()
            .find(|c| INSTALL.is_match(&c.text))
            .cloned();
        facts.run = facts
            .commands
            .iter()
            .find(|c| ProjectReadme::runs(index, &c.text))
            .cloned();
        facts
    }
}

/// The first line of `text` matching `pattern`.
fn first_match(path: &str, text: &str, pattern: &ShortInputRegex) -> Option<Line> {
    text.lines()
        .enumerate()
        .find(|(_, l)| pattern.is_match(l))
        .map(|(i, l)| Line {
            text: l.trim().to_string(),
            path: path.to_string(),
            line: i as u32 + 1,
        })
}

/// A table (Markdown pipe table, HTML or reStructuredText grid) or an image of results.
fn readme_results(path: &str, text: &str, outline: &Outline) -> Option<Line> {
    let table = text.lines().enumerate().find(|(_, l)| {
        TABLE_RULE.is_match(l) || l.contains("<table") || l.trim_start().starts_with("+---")
    });
    let image = outline
        .links
        .iter()
        .filter(|l| l.image && !l.dest.contains("shields.io") && !l.dest.contains("badge"))
        .find(|l| {
            RESULT_WORDS.is_match(&l.dest)
                || text
                    .lines()
                    .nth(l.line.saturating_sub(1) as usize)
                    .is_some_and(|line| RESULT_WORDS.is_match(line))
        });
    let from_table = table.map(|(i, l)| (i as u32 + 1, l.trim().to_string()));
    let from_image = image.map(|l| (l.line, l.dest.clone()));
    let (line, text) = match (from_table, from_image) {
        (Some(t), Some(i)) => {
            if t.0 <= i.0 {
                t
            } else {
                i
            }
        }
        (Some(t), None) => t,
        (None, Some(i)) => i,
        (None, None) => return None,
    };
    Some(Line {
        text,
        path: path.to_string(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> ProjectReadme {
        ProjectReadme::compute(&RepoIndex::from_files(files))
    }

    /// Every README pattern compiles (one that did not would match nothing).
    #[test]
    fn every_readme_pattern_compiles() {
        for pattern in [
            &INSTALL,
            &RUN,
            &TABLE_RULE,
            &RESULT_WORDS,
            &PAPER,
            &PRETRAINED,
        ] {
            assert!(pattern.builds());
        }
        assert!(PAPER.is_match("see https://ARXIV.org/abs/2101.00001"));
        assert!(!PAPER.is_match("no paper here"));
    }

    #[test]
    fn commands_from_blocks_inline_code_and_linked_docs() {
        let f = facts(&[
            (
                "README.md",
                "# Tiny\n\nSee [setup](docs/setup.md).\n\n```bash\n$ python train.py \\\n  --steps 10\n```\n",
            ),
            ("docs/setup.md", "Run `pip install -r requirements.txt` first.\n"),
        ]);
        assert_eq!(f.documents, ["README.md", "docs/setup.md"]);
        assert_eq!(
            f.run.as_ref().map(Line::label).as_deref(),
            Some("README.md:6")
        );
        assert_eq!(
            f.run.map(|r| r.text).as_deref(),
            Some("python train.py --steps 10")
        );
        assert_eq!(
            f.install.map(|l| l.label()).as_deref(),
            Some("docs/setup.md:1")
        );
    }

    #[test]
    fn make_targets_count_only_when_defined() {
        let readme = ("README.md", "```\nmake train\n```\n");
        assert!(facts(&[readme]).run.is_none());
        assert!(
            facts(&[readme, ("Makefile", "train:\n\tpython train.py\n")])
                .run
                .is_some()
        );
    }

    #[test]
    fn results_paper_and_pretrained() {
        let f = facts(&[(
            "README.md",
            "# M\n\n[![ci](https://img.shields.io/badge/x.svg)](x)\n\nPaper: https://arxiv.org/abs/2101.00001\n\n\
             | model | acc |\n|---|---|\n| a | 1 |\n\nWeights: https://huggingface.co/org/tiny-model\n",
        )]);
        assert_eq!(f.results.map(|l| l.line), Some(8));
        assert_eq!(f.research.map(|l| l.line), Some(5));
        assert_eq!(f.pretrained.map(|l| l.line), Some(11));
        let plain = facts(&[(
            "README.md",
            "# M\n\n![logo](logo.png)\n\nSee huggingface.co/docs/x/y\n",
        )]);
        assert!(plain.results.is_none() && plain.research.is_none() && plain.pretrained.is_none());
        let figure = facts(&[("README.md", "# M\n\n![val loss](assets/loss.png)\n")]);
        assert_eq!(figure.results.map(|l| l.line), Some(3));
    }
}
