//! Makefiles read as text, by one reader: the targets a Makefile defines (for stale `make`
//! commands) and its rules, recipes and variables (to follow `make test` to the runner it calls),
//! plus the one reading of a `make` command line both of those start from.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use super::ascii_words::builtin_regex;
use crate::analysis::paths::{in_dir, join};
use crate::analysis::project_facts::Known;
use crate::index::RepoIndex;

/// The Makefile names make looks for in a folder, in its order.
const MAKEFILE_NAMES: [&str; 3] = ["GNUmakefile", "makefile", "Makefile"];

/// What a `make` command line asks for: the folder (`-C`), the file (`-f`) and the targets, as
/// written. Options that take a value skip it; variable assignments (`PYTHON=python3`) and other
/// options are dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MakeCommand {
    /// The `-C` folder as written, if any (the last one wins).
    pub dir: Option<String>,
    /// The `-f` file as written, if any.
    pub file: Option<String>,
    /// The goals named on the command line (empty: the default goal).
    pub targets: Vec<String>,
}

impl MakeCommand {
    /// Reads the arguments after `make`.
    pub fn parse(args: &[String]) -> MakeCommand {
        let mut command = MakeCommand::default();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let value = args.get(i + 1).cloned();
            match a {
                "-C" | "--directory" => {
                    command.dir = value;
                    i += 1;
                }
                "-f" | "--file" | "--makefile" => {
                    command.file = value;
                    i += 1;
                }
                "-o" | "-W" | "--old-file" | "--assume-old" | "--what-if" | "--new-file"
                | "--assume-new" | "-I" | "--include-dir" => i += 1,
                // `-j` takes an optional count: `make -j test` runs the goal `test`.
                "-j" | "--jobs" | "-l" | "--load-average" => {
                    if value.is_some_and(|n| n.parse::<f64>().is_ok()) {
                        i += 1;
                    }
                }
                _ if a.starts_with('-') || a.contains('=') => {}
                _ => command.targets.push(a.to_string()),
            }
            i += 1;
        }
        command
    }
}

/// The Makefile make would read in `dir` (`GNUmakefile`, `makefile`, `Makefile`, in make's
/// order), or the file given with `-f`; `None` when there is none.
pub fn find_makefile(index: &RepoIndex, dir: &str, file: Option<&str>) -> Option<String> {
    match file {
        Some(f) => join(dir, f).filter(|p| index.has_file(p)),
        None => MAKEFILE_NAMES
            .iter()
            .map(|n| in_dir(dir, n))
            .find(|p| index.has_file(p)),
    }
}

/// Makefile targets in `dir` (`GNUmakefile`, `makefile`, `Makefile`, as make looks), or in the
/// file given with `make -f`, following includes.
pub fn make_targets(index: &RepoIndex, dir: &str, file: Option<&str>) -> Known {
    let path = match file {
        Some(f) => match join(dir, f) {
            Some(path) => path,
            None => return Known::Open,
        },
        None => match find_makefile(index, dir, None) {
            Some(p) => p,
            None => return Known::Absent(in_dir(dir, "Makefile")),
        },
    };
    let mut targets = BTreeSet::new();
    let mut seen = BTreeSet::new();
    if collect_targets(index, &path, &mut targets, &mut seen) {
        Known::Names(targets, path)
    } else {
        Known::Open
    }
}

/// Adds the targets of one makefile and those it includes; false when targets are computed
/// (patterns, variables, unreadable includes) so the caller treats the set as open.
fn collect_targets(
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
    let makefile = Makefile::parse(text);
    if makefile.computed {
        return false;
    }
    targets.extend(makefile.declared);
    let dir = path.rfind('/').map_or("", |i| &path[..i]);
    makefile.includes.iter().all(|inc| {
        !inc.contains('$')
            && join(dir, inc).is_some_and(|p| collect_targets(index, &p, targets, seen))
    })
}

/// A Makefile read as text (never running make): its rules with prerequisites and recipes, the
/// simple variables to expand in recipes (`$(PYTHON) -m pytest`), the targets it declares, and
/// the files it includes.
#[derive(Debug, Default)]
pub struct Makefile {
    /// Each target's prerequisites and recipe lines.
    pub rules: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Simple variables, for expanding recipes.
    pub vars: HashMap<String, String>,
    /// The default goal: the first target that is not special or a pattern.
    pub default: Option<String>,
    /// The goals a command line may name: the rules' targets that are not special (`.PHONY`),
    /// and every name listed as `.PHONY`.
    pub declared: BTreeSet<String>,
    /// Files named by `include`, `-include` and `sinclude`, as written.
    pub includes: Vec<String>,
    /// Whether some target is computed (a `%` pattern or a `$(VAR)` name), so the declared set
    /// is not the whole story.
    pub computed: bool,
}

/// `targets: prerequisites` (not `VAR := value`, not a recipe line).
static RULE: LazyLock<Regex> =
    LazyLock::new(|| builtin_regex(r"^([^\t#=:][^#=:]*?)\s*::?(?:$|([^=].*)$)"));

/// `VAR = value` in any of make's flavours, optionally exported or overridden.
static VAR: LazyLock<Regex> = LazyLock::new(|| {
    builtin_regex(
        r"^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}=|\?=|\+=|=)\s*(.*)$",
    )
});

impl Makefile {
    /// Parses a Makefile's text.
    pub fn parse(text: &str) -> Makefile {
        let mut makefile = Makefile::default();
        let mut current: Vec<String> = Vec::new();
        let mut in_define = false;
        for line in logical_lines_keep_tabs(text) {
            let trimmed = line.trim();
            if trimmed.starts_with("define ") || trimmed == "define" {
                in_define = true;
                continue;
            }
            if in_define {
                in_define = trimmed != "endef";
                continue;
            }
            if let Some(recipe) = line.strip_prefix('\t') {
                let recipe = recipe.trim_start_matches(['@', '-', '+']).to_string();
                for target in &current {
                    if let Some(rule) = makefile.rules.get_mut(target) {
                        rule.1.push(recipe.clone());
                    }
                }
                continue;
            }
            if trimmed.starts_with('#') || trimmed.is_empty() {
                continue;
            }
            if let Some(rest) = trimmed
                .strip_prefix("include ")
                .or_else(|| trimmed.strip_prefix("-include "))
                .or_else(|| trimmed.strip_prefix("sinclude "))
            {
                makefile
                    .includes
                    .extend(rest.split_whitespace().map(str::to_string));
                current.clear();
                continue;
            }
            if let Some(caps) = VAR.captures(trimmed) {
                makefile
                    .vars
                    .insert(caps[1].to_string(), caps[2].trim().to_string());
                current.clear();
                continue;
            }
            match RULE.captures(line.trim_end()) {
                Some(caps) => {
                    let rest = caps.get(2).map_or("", |m| m.as_str());
                    current = makefile.add_rule(&caps[1], rest);
                }
                None => current.clear(),
            }
        }
        makefile
    }

    /// Records `names: rest` and returns its targets, whose recipe lines follow.
    fn add_rule(&mut self, names: &str, rest: &str) -> Vec<String> {
        let (prereqs, inline) = match rest.split_once(';') {
            Some((p, r)) => (p, Some(r.trim().to_string())),
            None => (rest, None),
        };
        let prereqs: Vec<String> = prereqs
            .split_whitespace()
            .filter(|p| *p != "|")
            .map(str::to_string)
            .collect();
        let targets: Vec<String> = names.split_whitespace().map(str::to_string).collect();
        if names.trim() == ".PHONY" {
            self.computed |= prereqs.iter().any(|p| p.contains('%') || p.contains('$'));
            self.declared.extend(prereqs.iter().cloned());
        }
        for target in &targets {
            let computed = target.contains('%') || target.contains('$');
            self.computed |= computed;
            if !target.starts_with('.') && !computed {
                self.declared.insert(target.clone());
                if self.default.is_none() {
                    self.default = Some(target.clone());
                }
            }
            let rule = self.rules.entry(target.clone()).or_default();
            rule.0.extend(prereqs.iter().cloned());
            rule.1.extend(inline.iter().cloned());
        }
        targets
    }
    /// A recipe with `$(VAR)` references to simple variables expanded.
    pub fn expand(&self, recipe: &str) -> String {
        static REF: LazyLock<Regex> =
            LazyLock::new(|| builtin_regex(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]"));
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
