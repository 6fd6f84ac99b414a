//! `broken-link`: relative links and images in README and the contributing guide must point at
//! files or folders that exist, because a newcomer's first click landing on a 404 says the docs
//! are not maintained.
//!
//! Offline only: URLs with a scheme (`https:`, `mailto:`), protocol-relative links and pure
//! anchors are skipped, and a link's `#anchor` / `?query` is ignored. A leading `/` is the
//! repository root, as on GitHub. Links that climb above the root are skipped (they may point at
//! a sibling repository in a monorepo checkout). A target git tracks but a sparse checkout left
//! off disk (skip-worktree) exists in the repository, so it is not broken.

use std::collections::HashMap;

use serde::Deserialize;

use crate::analysis::community::{find_guide, find_readme};
use crate::analysis::markdown::Outline;
use crate::analysis::paths::resolve;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: none yet; strict so a typo in a user override is reported.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The check instance.
pub struct BrokenLink;

impl BrokenLink {
    /// Instantiates the check.
    pub fn new(_params: Params) -> Self {
        BrokenLink
    }
}

/// Files by lowercase path and by lowercase path without extension, to name the likely target
/// of a broken link (`philosophy` → `PHILOSOPHY.md`). GitHub is case-sensitive, so such a link
/// is still broken, but naming the file makes the fix instant. Built once, on the first broken
/// link, so a README with thousands of broken links stays linear.
struct NearMisses<'a>(HashMap<String, Vec<&'a str>>);

impl<'a> NearMisses<'a> {
    fn new(index: &'a crate::index::RepoIndex) -> Self {
        let mut map: HashMap<String, Vec<&'a str>> = HashMap::new();
        for f in index.files() {
            let lower = f.path.to_lowercase();
            let name_start = lower.rfind('/').map_or(0, |s| s + 1);
            if let Some(dot) = lower[name_start..].rfind('.').filter(|&d| d > 0) {
                map.entry(lower[..name_start + dot].to_string())
                    .or_default()
                    .push(&f.path);
            }
            map.entry(lower).or_default().push(&f.path);
        }
        NearMisses(map)
    }

    fn get(&self, target: &str) -> Option<&'a str> {
        match self.0.get(&target.to_lowercase())?.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

impl Check for BrokenLink {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let mut docs: Vec<&str> = Vec::new();
        if let Some(readme) = find_readme(cx.index) {
            docs.push(&readme.path);
        }
        if let Some(guide) = find_guide(cx.index) {
            docs.push(&guide.path);
        }
        if docs.is_empty() {
            return Outcome::NotApplicable;
        }
        let mut findings = Vec::new();
        let mut checked = 0usize;
        let mut near_misses: Option<NearMisses> = None;
        for path in docs {
            let Some(outline) = cx.index.artifact::<Outline>(path) else {
                continue;
            };
            let dir = path.rfind('/').map_or("", |i| &path[..i]);
            for link in &outline.links {
                let Some(target) = resolve(dir, &link.dest) else {
                    continue;
                };
                checked += 1;
                // A file a sparse checkout left off disk is still in the repository.
                if target.is_empty()
                    || cx.index.has_file(&target)
                    || cx.index.has_dir(&target)
                    || cx.index.is_sparse(&target)
                {
                    continue;
                }
                let what = if link.image { "image" } else { "link" };
                let mut message = format!("{what} target \"{}\" does not exist", link.dest);
                let near = near_misses.get_or_insert_with(|| NearMisses::new(cx.index));
                if let Some(near) = near.get(&target) {
                    message.push_str(&format!(" (did you mean {near}?)"));
                }
                findings.push(Finding::new(message).at_line(path, link.line));
            }
        }
        if checked == 0 {
            return Outcome::pass();
        }
        let broken = findings.len();
        Outcome::partial((checked - broken) as f64, checked as f64, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::index::RepoIndex;

    #[test]
    fn a_target_a_sparse_checkout_left_off_disk_is_not_broken() {
        let index = RepoIndex::from_files(&[(
            "README.md",
            "![demo](docs/demo.gif) [images](docs/) [gone](docs/gone.gif)\n",
        )])
        .with_sparse_paths(["docs/demo.gif".to_string()]);
        let settings = Settings::default();
        let outcome = BrokenLink::new(Params {}).run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        });
        let found: Vec<&str> = outcome
            .findings()
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(found, ["link target \"docs/gone.gif\" does not exist"]);
    }

    #[test]
    fn reports_missing_targets_on_their_lines() {
        let index = RepoIndex::from_files(&[
            ("README.md", "# m\n\nSee [guide](CONTRIBUTING.md) and [docs](docs/missing.md).\n\n![logo](assets/logo.png) and [ideas](philosophy)\n"),
            ("PHILOSOPHY.md", "# Why\n"),
            ("CONTRIBUTING.md", "Back to [README](README.md#top), the [tests](tests/) and [the site](https://x.org).\n"),
            ("tests/test_a.py", "def test_a(): pass\n"),
        ]);
        let settings = Settings::default();
        let outcome = BrokenLink::new(Params {}).run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        });
        let found: Vec<_> = outcome
            .findings()
            .iter()
            .map(|f| {
                (
                    f.path().unwrap_or("").to_string(),
                    f.location.as_ref().and_then(|l| l.line),
                    f.message.clone(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "README.md".to_string(),
                    Some(3),
                    "link target \"docs/missing.md\" does not exist".to_string()
                ),
                (
                    "README.md".to_string(),
                    Some(5),
                    "image target \"assets/logo.png\" does not exist".to_string()
                ),
                (
                    "README.md".to_string(),
                    Some(5),
                    "link target \"philosophy\" does not exist (did you mean PHILOSOPHY.md?)"
                        .to_string()
                ),
            ]
        );
    }
}
