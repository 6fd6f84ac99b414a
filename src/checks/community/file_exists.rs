//! `file-exists`: a community file (contributing guide, README, license…) must be where people
//! and GitHub look for it.
//!
//! Names match any case, as GitHub's own lookup does, so `Contributing.md` and `docs/contributing.rst`
//! both count.

use serde::Deserialize;

use crate::analysis::community::find_file;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params: which stems and extensions to accept in which folders.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// File stems, matched ignoring case (`CONTRIBUTING`).
    pub stems: Vec<String>,
    /// Accepted extensions without the dot; `""` accepts a file with no extension. Empty list:
    /// any extension (`LICENSE-MIT`, `COPYING.txt`).
    #[serde(default)]
    pub exts: Vec<String>,
    /// Folders to look in; `""` is the root.
    pub dirs: Vec<String>,
    /// What the file is, for the message (`contributing guide`).
    pub what: String,
    /// Accept names that merely start with a stem (`LICENSE-APACHE`, `COPYING.LESSER`).
    #[serde(default)]
    pub prefix: bool,
}

/// The check instance.
pub struct FileExists {
    params: Params,
}

impl FileExists {
    /// Instantiates the check with validated params.
    pub fn new(params: Params) -> Self {
        FileExists { params }
    }
}

impl Check for FileExists {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let p = &self.params;
        let found = find_file(cx.index, &p.stems, &p.exts, &p.dirs, p.prefix).is_some();
        if found {
            return Outcome::pass();
        }
        let places: Vec<String> = self
            .params
            .dirs
            .iter()
            .map(|d| {
                if d.is_empty() {
                    "the root".to_string()
                } else {
                    format!("{d}/")
                }
            })
            .collect();
        Outcome::all_or_nothing(vec![Finding::new(format!(
            "no {} found (looked for {} in {})",
            self.params.what,
            self.params.stems.join(", "),
            places.join(", ")
        ))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contributing() -> FileExists {
        FileExists::new(Params {
            stems: vec!["CONTRIBUTING".into()],
            exts: vec!["md".into(), "rst".into(), "txt".into()],
            dirs: vec!["".into(), ".github".into(), "docs".into()],
            what: "contributing guide".into(),
            prefix: false,
        })
    }

    fn run(check: &FileExists, files: &[(&str, &str)]) -> Outcome {
        crate::checks::run_on(check, files)
    }

    #[test]
    fn finds_the_guide_where_github_looks() {
        let check = contributing();
        for (path, found) in [
            ("CONTRIBUTING.md", true),
            ("docs/contributing.rst", true),
            (".github/Contributing.txt", true),
            ("CONTRIBUTING", false),
            ("src/CONTRIBUTING.md", false),
            ("CONTRIBUTING.html", false),
        ] {
            let outcome = run(&check, &[(path, "text")]);
            assert_eq!(outcome.findings().is_empty(), found, "{path}");
        }
    }

    #[test]
    fn prefix_mode_accepts_license_variants() {
        let check = FileExists::new(Params {
            stems: vec!["LICENSE".into(), "COPYING".into()],
            exts: vec![],
            dirs: vec!["".into()],
            what: "license".into(),
            prefix: true,
        });
        assert_eq!(run(&check, &[("LICENSE-APACHE", "x")]), Outcome::pass());
        assert_eq!(run(&check, &[("copying.lesser", "x")]), Outcome::pass());
        assert_eq!(run(&check, &[("NOTICE", "x")]).findings().len(), 1);
    }
}
