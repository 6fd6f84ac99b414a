//! Makefiles read as text: the targets a Makefile defines (for stale `make` commands) and its
//! rules, recipes and variables (to follow `make test` to the runner it calls).

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::project_facts::{join, Known};
use crate::index::RepoIndex;

/// Makefile targets in `dir` (`GNUmakefile`, `makefile`, `Makefile`, as make looks), or in the
/// file given with `make -f`.
pub fn make_targets(index: &RepoIndex, dir: &str, file: Option<&str>) -> Known {
    let path = match file {
        Some(f) => join(dir, f),
        None => match ["GNUmakefile", "makefile", "Makefile"]
            .iter()
            .map(|n| join(dir, n))
            .find(|p| index.has_file(p))
        {
            Some(p) => p,
            None => return Known::Absent(join(dir, "Makefile")),
        },
    };
    let mut targets = BTreeSet::new();
    let mut seen = BTreeSet::new();
    if read_makefile(index, &path, &mut targets, &mut seen) {
        Known::Names(targets, path)
    } else {
        Known::Open
    }
}

/// `target: deps` (not `VAR := value`, not a recipe line).
static MAKE_RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^\t#=:][^#=:]*?)\s*::?(?:[^=]|$)").expect("valid regex"));

/// Adds the targets of one makefile; false when targets are computed (patterns, variables,
/// unreadable includes) so the caller treats the set as open.
fn read_makefile(
    index: &RepoIndex,
    path: &str,
    targets: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
) -> bool {
    if !seen.insert(path.to_string()) {
        return true;
    }
    let Some(text) = index.text(path) else {
        return false;
    };
    let dir = path.rfind('/').map_or("", |i| &path[..i]);
    let joined = text.replace("\\\n", " ");
    let mut in_define = false;
    for line in joined.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("define ") || trimmed == "define" {
            in_define = true;
            continue;
        }
        if in_define {
            in_define = trimmed != "endef";
            continue;
        }
        if line.starts_with('\t') || trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(rest) = trimmed
            .strip_prefix("include ")
            .or_else(|| trimmed.strip_prefix("-include "))
            .or_else(|| trimmed.strip_prefix("sinclude "))
        {
            for inc in rest.split_whitespace() {
                if inc.contains('$') || !read_makefile(index, &join(dir, inc), targets, seen) {
                    return false;
                }
            }
            continue;
        }
        let Some(caps) = MAKE_RULE.captures(line) else {
            continue;
        };
        let names = caps.get(1).map_or("", |m| m.as_str());
        let names = names.strip_prefix(".PHONY").map_or(names, |_| "");
        let phony = trimmed.starts_with(".PHONY");
        let list = if phony {
            trimmed.split_once(':').map_or("", |(_, r)| r)
        } else {
            names
        };
        for name in list.split_whitespace() {
            if name.contains('%') || name.contains('$') {
                return false;
            }
            if !name.starts_with('.') || phony {
                targets.insert(name.to_string());
            }
        }
    }
    true
}

/// The parts of a Makefile that matter here: targets with prerequisites and recipes, and simple
/// variables to expand in recipes (`$(PYTHON) -m pytest`).
#[derive(Debug, Default)]
pub struct Makefile {
    /// Each target's prerequisites and recipe lines.
    pub rules: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Simple variables, for expanding recipes.
    pub vars: HashMap<String, String>,
    /// The default goal: the first target that is not special or a pattern.
    pub default: Option<String>,
}

impl Makefile {
    /// Parses a Makefile's text (never running make).
    pub fn parse(text: &str) -> Makefile {
        static RULE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^([A-Za-z0-9_.%/\- ]+?)\s*::?(?:\s+|$)([^=].*)?$").expect("valid regex")
        });
        static VAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}=|\?=|\+=|=)\s*(.*)$")
                .expect("valid regex")
        });
        let mut makefile = Makefile::default();
        let mut current: Vec<String> = Vec::new();
        for line in logical_lines_keep_tabs(text) {
            if let Some(recipe) = line.strip_prefix('\t') {
                let recipe = recipe.trim_start_matches(['@', '-', '+']).to_string();
                for target in &current {
                    if let Some(rule) = makefile.rules.get_mut(target) {
                        rule.1.push(recipe.clone());
                    }
                }
                continue;
            }
            let trimmed = line.trim_end();
            if trimmed.starts_with('#') || trimmed.is_empty() {
                continue;
            }
            if let Some(caps) = VAR.captures(trimmed) {
                makefile
                    .vars
                    .insert(caps[1].to_string(), caps[2].trim().to_string());
                current.clear();
                continue;
            }
            if let Some(caps) = RULE.captures(trimmed) {
                let (prereqs, inline) = match caps.get(2).map(|m| m.as_str()) {
                    Some(rest) => match rest.split_once(';') {
                        Some((p, r)) => (p.to_string(), Some(r.trim().to_string())),
                        None => (rest.to_string(), None),
                    },
                    None => (String::new(), None),
                };
                let prereqs: Vec<String> = prereqs
                    .split_whitespace()
                    .filter(|p| *p != "|")
                    .map(str::to_string)
                    .collect();
                current = caps[1].split_whitespace().map(str::to_string).collect();
                for target in &current {
                    if makefile.default.is_none()
                        && !target.starts_with('.')
                        && !target.contains('%')
                    {
                        makefile.default = Some(target.clone());
                    }
                    let rule = makefile.rules.entry(target.clone()).or_default();
                    rule.0.extend(prereqs.iter().cloned());
                    rule.1.extend(inline.iter().cloned());
                }
                continue;
            }
            current.clear();
        }
        makefile
    }

    /// A recipe with `$(VAR)` references to simple variables expanded.
    pub fn expand(&self, recipe: &str) -> String {
        static REF: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]").expect("valid regex")
        });
        REF.replace_all(recipe, |caps: &regex::Captures| match &caps[1] {
            "MAKE" => "make".to_string(),
            name => self
                .vars
                .get(name)
                .cloned()
                .unwrap_or_else(|| caps[0].to_string()),
        })
        .into_owned()
    }
}

/// Like [`crate::analysis::shell::logical_lines`] but keeps the leading tab that marks a Makefile recipe.
fn logical_lines_keep_tabs(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for raw in text.lines() {
        if let Some(head) = raw.strip_suffix('\\') {
            current.push_str(if current.is_empty() {
                head
            } else {
                head.trim()
            });
            current.push(' ');
            continue;
        }
        current.push_str(if current.is_empty() { raw } else { raw.trim() });
        lines.push(std::mem::take(&mut current));
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(known: Known) -> Vec<String> {
        match known {
            Known::Names(n, _) => n.into_iter().collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn makefile_targets_phony_includes_and_patterns() {
        let index = RepoIndex::from_files(&[
            ("Makefile", ".PHONY: test docs\nVAR := a:b\nCHECK = x\ninclude extra.mk\n\ntest: deps\n\tpytest\nstyle quality:\n\truff .\n.DEFAULT_GOAL := test\ndefine X\nnot: a target\nendef\n"),
            ("extra.mk", "lint:\n\truff\n"),
            ("docs/Makefile", "help:\n\tsphinx\n%: Makefile\n\tsphinx $@\n"),
        ]);
        assert_eq!(
            names(make_targets(&index, "", None)),
            ["docs", "lint", "quality", "style", "test"]
        );
        assert_eq!(make_targets(&index, "docs", None), Known::Open);
        assert_eq!(
            make_targets(&index, "src", None),
            Known::Absent("src/Makefile".into())
        );
    }
}
