//! `broken-link`: relative links and images in README and the contributing guide must point at
//! files or folders that exist, because a newcomer's first click landing on a 404 says the docs
//! are not maintained.
//!
//! Offline only: URLs with a scheme (`https:`, `mailto:`), protocol-relative links and pure
//! anchors are skipped, and a link's `#anchor` / `?query` is ignored. A leading `/` is the
//! repository root, as on GitHub. Links that climb above the root are skipped (they may point at
//! a sibling repository in a monorepo checkout).

use std::collections::HashMap;

use serde::Deserialize;

use crate::analysis::markdown::Outline;
use crate::checks::community::community_file::{find_guide, find_readme};
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

/// The repository-relative target of a link from a file in `dir`, or `None` when the link is not
/// a checkable relative link.
pub fn resolve(dir: &str, dest: &str) -> Option<String> {
    let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
        return None;
    }
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if scheme || dest.contains("{{") || dest.contains("{%") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let (mut parts, rest): (Vec<&str>, &str) = match path.strip_prefix('/') {
        Some(rest) => (Vec::new(), rest),
        None => (
            dir.split('/').filter(|p| !p.is_empty()).collect(),
            path.as_str(),
        ),
    };
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
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
                if target.is_empty() || cx.index.has_file(&target) || cx.index.has_dir(&target) {
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
    fn resolves_only_relative_links() {
        for (dir, dest, want) in [
            ("", "docs/setup.md#install", Some("docs/setup.md")),
            (".github", "../README.md", Some("README.md")),
            ("docs", "/LICENSE", Some("LICENSE")),
            ("", "My%20Notes.md", Some("My Notes.md")),
            ("", "philosophy", Some("philosophy")),
            ("", "https://example.org/x.md", None),
            ("", "mailto:a@b.c", None),
            ("", "#anchor", None),
            ("", "//cdn.example.org/x.png", None),
            ("", "../sibling/README.md", None),
        ] {
            assert_eq!(resolve(dir, dest).as_deref(), want, "{dir} {dest}");
        }
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
