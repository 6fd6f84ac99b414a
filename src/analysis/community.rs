//! Where a repository keeps its community files, and which file is "the guide": the lookups
//! every community, template and test rule shares, so that all of them agree on which file a
//! newcomer reads.

use std::sync::Arc;

use crate::analysis::markdown::Outline;
use crate::index::{Fact, FileEntry, RepoIndex};

/// Where GitHub looks for community files, in its order of preference.
pub const GITHUB_DIRS: &[&str] = &[".github", "", "docs"];

/// The first file in `dirs` (any case) whose name matches one of `stems` with one of `exts`
/// (`exts` empty: any extension; `prefix`: the name need only start with a stem).
pub fn find_file<'a>(
    index: &'a RepoIndex,
    stems: &[String],
    exts: &[String],
    dirs: &[String],
    prefix: bool,
) -> Option<&'a FileEntry> {
    dirs.iter().find_map(|dir| {
        index
            .files()
            .iter()
            .filter(|f| f.dir().eq_ignore_ascii_case(dir))
            .find(|f| name_matches(f.name(), stems, exts, prefix))
    })
}

/// Whether a file name matches one of `stems` (any case) with one of `exts` (`exts` empty: any
/// extension; `""` in it: no extension), or with `prefix` merely starts with a stem. The one name
/// rule for every check that looks for a community file or guide.
pub fn name_matches(name: &str, stems: &[String], exts: &[String], prefix: bool) -> bool {
    let lower = name.to_lowercase();
    let (stem, ext) = match lower.rfind('.') {
        Some(i) if i > 0 => (&lower[..i], &lower[i + 1..]),
        _ => (lower.as_str(), ""),
    };
    stems.iter().any(|wanted| {
        let wanted = wanted.to_lowercase();
        if prefix {
            lower.starts_with(&wanted)
        } else {
            stem == wanted && (exts.is_empty() || exts.iter().any(|e| e.eq_ignore_ascii_case(ext)))
        }
    })
}

/// The contributing guide, looked up where GitHub looks: `.github/`, the root, then `docs/`.
pub fn find_guide(index: &RepoIndex) -> Option<&FileEntry> {
    let dirs: Vec<String> = GITHUB_DIRS.iter().map(|d| d.to_string()).collect();
    find_file(
        index,
        &["CONTRIBUTING".to_string()],
        &[
            "md".into(),
            "markdown".into(),
            "rst".into(),
            "txt".into(),
            "".into(),
        ],
        &dirs,
        false,
    )
}

/// The README at the root (any case; Markdown, reStructuredText, text or no extension).
pub fn find_readme(index: &RepoIndex) -> Option<&FileEntry> {
    find_file(
        index,
        &["README".to_string()],
        &[
            "md".into(),
            "markdown".into(),
            "rst".into(),
            "txt".into(),
            "".into(),
        ],
        &[String::new()],
        false,
    )
}

/// Below this many prose words a guide may be a pointer rather than a guide, and a fuller
/// `contributing.*` kept with the documentation (scikit-learn's `doc/developers/contributing.rst`)
/// is the one newcomers are sent to.
const POINTER_WORDS: usize = 300;

/// The guide the community rules read, with its outline.
pub struct Guide<'a> {
    /// Repository-relative path.
    pub path: &'a str,
    /// The parsed guide (shared through the index cache).
    pub outline: Arc<Outline>,
    /// The guide only sends readers to a page outside the repository (a short file of prose,
    /// without commands, whose link mentions contributing): its content cannot be checked
    /// offline, so content rules stand down.
    pub points_elsewhere: bool,
}

/// Loads the guide that a newcomer ends up reading: the one GitHub links; or another
/// `contributing.*` in the repository that it names (scikit-learn's points at
/// `doc/developers/contributing.rst`); or, when it is a short pointer, the fuller
/// `contributing.*` under a documentation folder (`doc/`, `docs/`, `docs_nnx/`…).
///
/// The guide is a repository fact: found once per scan, whichever rule asks first.
pub fn load_guide(index: &RepoIndex) -> Option<Guide<'_>> {
    let fact = index.fact::<GuideFact>();
    let found = fact.0.as_ref()?;
    let entry = index.get(&found.path)?;
    Some(Guide {
        path: &entry.path,
        outline: index.artifact::<Outline>(&entry.path)?,
        points_elsewhere: found.points_elsewhere,
    })
}

/// Which file is the guide, as found once per scan (its outline stays in the per-file cache).
struct GuideFact(Option<FoundGuide>);

struct FoundGuide {
    path: String,
    points_elsewhere: bool,
}

impl Fact for GuideFact {
    fn compute(index: &RepoIndex) -> Self {
        GuideFact(locate_guide(index).map(|guide| FoundGuide {
            path: guide.path.to_string(),
            points_elsewhere: guide.points_elsewhere,
        }))
    }
}

fn locate_guide(index: &RepoIndex) -> Option<Guide<'_>> {
    let entry = find_guide(index)?;
    let outline = index.artifact::<Outline>(&entry.path)?;
    // "The latest guide is at `doc/developers/contributing.rst`" (scikit-learn): follow it.
    let dir = entry.dir();
    let referenced = outline
        .inline_code
        .iter()
        .map(|c| c.text.as_str())
        .chain(outline.links.iter().map(|l| l.dest.as_str()))
        .flat_map(|target| {
            let target = target.split('#').next().unwrap_or(target);
            [
                crate::analysis::paths::resolve(dir, target),
                crate::analysis::paths::resolve("", target),
            ]
        })
        .flatten()
        .filter(|path| *path != entry.path)
        .find_map(|path| {
            let file = index.get(&path)?;
            let is_guide = name_matches(
                file.name(),
                &["CONTRIBUTING".to_string()],
                &["md".into(), "rst".into(), "txt".into()],
                false,
            );
            is_guide.then_some(file)
        });
    if let Some(file) = referenced {
        if let Some(o) = index.artifact::<Outline>(&file.path) {
            return Some(Guide {
                path: &file.path,
                outline: o,
                points_elsewhere: false,
            });
        }
    }
    if outline.prose_words() >= POINTER_WORDS {
        return Some(Guide {
            path: &entry.path,
            outline,
            points_elsewhere: false,
        });
    }
    let fuller = index
        .files()
        .iter()
        .filter(|f| {
            f.path != entry.path
                && f.path.contains('/')
                && f.path.to_ascii_lowercase().starts_with("doc")
                && name_matches(
                    f.name(),
                    &["CONTRIBUTING".to_string()],
                    &["md".into(), "rst".into(), "txt".into()],
                    false,
                )
        })
        .filter_map(|f| Some((f, index.artifact::<Outline>(&f.path)?)))
        .max_by_key(|(_, o)| o.prose_words());
    if let Some((f, o)) = fuller {
        if o.prose_words() > outline.prose_words() {
            return Some(Guide {
                path: &f.path,
                outline: o,
                points_elsewhere: false,
            });
        }
    }
    // A short page of prose with no commands, linking a contributing guide on the web, is a
    // pointer (scikit-learn, flax); a short guide with commands (litgpt) is a guide.
    let points_elsewhere = outline.code_blocks.is_empty()
        && outline
            .links
            .iter()
            .map(|l| l.dest.as_str())
            .chain(outline.prose.iter().flat_map(|b| b.text.split_whitespace()))
            .any(|target| {
                let target = target.to_ascii_lowercase();
                target.contains("://") && target.contains("contribut")
            });
    Some(Guide {
        path: &entry.path,
        outline,
        points_elsewhere,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_a_newcomer_reads_is_followed() {
        let long = format!("{}\n", "Set up, test, lint and review. ".repeat(80));
        let pointer =
            "# Contributing\n\nThe latest guide is at `doc/developers/contributing.rst`.\n";
        let index = RepoIndex::from_files(&[
            ("CONTRIBUTING.md", pointer),
            ("doc/developers/contributing.rst", long.as_str()),
        ]);
        let guide = load_guide(&index).expect("guide");
        assert_eq!(guide.path, "doc/developers/contributing.rst");
        let index = RepoIndex::from_files(&[("contributing.md", "# How to Contribute\n\nPlease see https://lib.readthedocs.io/en/latest/contributing.html for more.\n"), ("docs_nnx/contributing.md", long.as_str())]);
        assert_eq!(
            load_guide(&index).expect("guide").path,
            "docs_nnx/contributing.md"
        );
        let index = RepoIndex::from_files(&[(
            "CONTRIBUTING.md",
            "Please see https://lib.readthedocs.io/en/latest/contributing.html\n",
        )]);
        assert!(load_guide(&index).expect("guide").points_elsewhere);
        let index = RepoIndex::from_files(&[(".github/CONTRIBUTING.md", long.as_str())]);
        let guide = load_guide(&index).expect("guide");
        assert!(!guide.points_elsewhere && guide.path == ".github/CONTRIBUTING.md");
    }
}
