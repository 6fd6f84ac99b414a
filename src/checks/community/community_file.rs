//! `community-file`: a community health file (contributing guide, code of conduct, security
//! policy, pull-request template, citation, license) must be where GitHub and people look for it.
//!
//! Beyond plain presence (what `file-exists` does), this kind knows the ways a project legitimately
//! provides such a file without a file of that name in the clone:
//! - an organisation-wide default in the org's `.github` repository, which a clone cannot see, so
//!   the maintainer declares it with the `org-defaults` config key;
//! - a "Contributing" section inside README (partial credit: it helps, but hides from GitHub's
//!   "Contribute" link and grows stale beside the rest of the README);
//! - a BibTeX block in README instead of `CITATION.cff`;
//! - a `license` field in `pyproject.toml`, `Cargo.toml` or `package.json`.

use serde::Deserialize;

use crate::analysis::community::{find_file, find_readme};
use crate::analysis::markdown::Outline;
use crate::analysis::toml_doc::TomlDoc;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::error::Error;
use crate::finding::Finding;
use crate::index::RepoIndex;

/// Whether the maintainer declared this file as an organisation-wide default (`org-defaults`),
/// comparing names without extension, case or `-`/`_` differences.
pub fn org_default_declared(declared: &[String], key: &str) -> bool {
    let norm = |s: &str| {
        let s = s.rsplit('/').next().unwrap_or(s);
        let s = s.split('.').next().unwrap_or(s);
        s.to_ascii_uppercase().replace('-', "_")
    };
    declared.iter().any(|d| norm(d) == norm(key))
}

/// Params: what to look for and which substitutes count.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What the file is, for messages (`code of conduct`).
    pub what: String,
    /// File stems, matched ignoring case (`CODE_OF_CONDUCT`).
    pub stems: Vec<String>,
    /// Accepted extensions without the dot; `""` accepts none; empty list accepts any.
    #[serde(default)]
    pub exts: Vec<String>,
    /// Folders to look in, in order; `""` is the root.
    pub dirs: Vec<String>,
    /// Accept names that merely start with a stem (`LICENSE-APACHE`).
    #[serde(default)]
    pub prefix: bool,
    /// A folder named like a stem holding at least one file also counts
    /// (`.github/PULL_REQUEST_TEMPLATE/feature.md`).
    #[serde(default)]
    pub folders: bool,
    /// The `org-defaults` entry that declares the file as an organisation-wide default; such
    /// rules mention the key in their message.
    #[serde(default)]
    pub org_key: Option<String>,
    /// README headings (lowercase substrings) that stand in for the file, for partial credit.
    #[serde(default)]
    pub readme_sections: Vec<String>,
    /// Credit (0..1) a README section earns.
    #[serde(default = "default_readme_credit")]
    pub readme_credit: f64,
    /// A BibTeX entry in README counts (citations).
    #[serde(default)]
    pub readme_bibtex: bool,
    /// A `license` field in `pyproject.toml`, `Cargo.toml` or `package.json` counts.
    #[serde(default)]
    pub manifest_license: bool,
}

fn default_readme_credit() -> f64 {
    0.5
}

/// The check instance.
pub struct CommunityFile {
    params: Params,
}

impl CommunityFile {
    /// Instantiates the check with validated params.
    pub fn new(params: Params) -> Result<Self, Error> {
        if !(0.0..=1.0).contains(&params.readme_credit) {
            return Err(Error::catalog("readme_credit must be between 0 and 1"));
        }
        Ok(CommunityFile { params })
    }

    fn present(&self, index: &RepoIndex) -> bool {
        let p = &self.params;
        if find_file(index, &p.stems, &p.exts, &p.dirs, p.prefix).is_some() {
            return true;
        }
        p.folders
            && p.dirs.iter().any(|dir| {
                p.stems.iter().any(|stem| {
                    index.dirs().any(|d| {
                        let (parent, name) = match d.rfind('/') {
                            Some(i) => (&d[..i], &d[i + 1..]),
                            None => ("", d),
                        };
                        parent.eq_ignore_ascii_case(dir)
                            && name.eq_ignore_ascii_case(stem)
                            && index.files().iter().any(|f| f.dir() == d)
                    })
                })
            })
    }

    fn places(&self) -> String {
        self.params
            .dirs
            .iter()
            .map(|d| {
                if d.is_empty() {
                    "the root".to_string()
                } else {
                    format!("{d}/")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn missing_message(&self) -> String {
        let p = &self.params;
        let mut message = format!(
            "no {} found (looked for {} in {}",
            p.what,
            p.stems.join(", "),
            self.places()
        );
        if p.manifest_license {
            message
                .push_str(", and for a license field in pyproject.toml, Cargo.toml, package.json");
        }
        message.push(')');
        if let Some(key) = &p.org_key {
            message.push_str(&format!(
                "; if your organisation's .github repository provides it, declare it with `org-defaults = [\"{key}\"]`"
            ));
        }
        message
    }
}

impl Check for CommunityFile {
    fn run(&self, cx: &CheckCtx) -> Outcome {
        let p = &self.params;
        if self.present(cx.index) {
            return Outcome::pass();
        }
        if let Some(key) = &p.org_key {
            if org_default_declared(&cx.settings.org_defaults, key) {
                return Outcome::pass();
            }
        }
        if p.manifest_license && manifest_declares_license(cx.index) {
            return Outcome::pass();
        }
        let readme = find_readme(cx.index);
        let outline = readme.and_then(|r| cx.index.artifact::<Outline>(&r.path));
        if let (Some(readme), Some(outline)) = (readme, outline.as_deref()) {
            if p.readme_bibtex && has_bibtex(outline) {
                return Outcome::pass();
            }
            let section = outline.headings.iter().find(|h| {
                let text = h.text.to_lowercase();
                p.readme_sections.iter().any(|s| text.contains(s.as_str()))
            });
            if let Some(section) = section {
                let finding = Finding::new(format!(
                    "no {} file, only the \"{}\" section in {} (partial credit); GitHub links newcomers to a separate file",
                    p.what, section.text, readme.path
                ))
                .at_line(&readme.path, section.line);
                return Outcome::partial(p.readme_credit, 1.0, vec![finding]);
            }
        }
        Outcome::all_or_nothing(vec![Finding::new(self.missing_message())])
    }
}

/// Whether README holds a BibTeX entry (`@misc{…`, `@article{…`) in a code block.
fn has_bibtex(outline: &Outline) -> bool {
    outline.code_blocks.iter().any(|b| {
        b.lang == "bibtex"
            || b.lang == "bib"
            || b.text.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with('@')
                    && l.contains('{')
                    && l[1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
            })
    })
}

/// Whether package metadata names a license (`license` in `[project]`, `[tool.poetry]`,
/// `[package]`, or package.json), the machine-readable alternative to a LICENSE file.
fn manifest_declares_license(index: &RepoIndex) -> bool {
    let toml_has = |path: &str, tables: &[&[&str]]| {
        let doc = index.artifact::<TomlDoc>(path);
        let Some(table) = doc.as_deref().and_then(TomlDoc::table) else {
            return false;
        };
        tables.iter().any(|keys| {
            let mut value = Some(table);
            for key in *keys {
                value = value.and_then(|t| t.get(*key)).and_then(|v| v.as_table());
            }
            value.is_some_and(|t| {
                t.contains_key("license")
                    || t.contains_key("license-file")
                    || t.contains_key("license-files")
            })
        })
    };
    let json_has = || {
        index
            .text("package.json")
            .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
            .is_some_and(|v| v.get("license").is_some_and(|l| !l.is_null()))
    };
    toml_has("pyproject.toml", &[&["project"], &["tool", "poetry"]])
        || toml_has("Cargo.toml", &[&["package"]])
        || json_has()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn params(what: &str, stems: &[&str]) -> Params {
        Params {
            what: what.into(),
            stems: stems.iter().map(|s| s.to_string()).collect(),
            exts: vec![],
            dirs: vec![".github".into(), "".into(), "docs".into()],
            prefix: false,
            folders: false,
            org_key: None,
            readme_sections: vec![],
            readme_credit: 0.5,
            readme_bibtex: false,
            manifest_license: false,
        }
    }

    fn run(p: Params, files: &[(&str, &str)], org: &[&str]) -> Outcome {
        let index = RepoIndex::from_files(files);
        let settings = Settings {
            org_defaults: org.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        };
        CommunityFile::new(p).expect("params").run(&CheckCtx {
            index: &index,
            settings: &settings,
            only_files: None,
        })
    }

    #[test]
    fn finds_files_where_github_looks_in_any_case() {
        for (path, found) in [
            ("CODE_OF_CONDUCT.md", true),
            (".github/code_of_conduct.md", true),
            ("Docs/Code_Of_Conduct.rst", true),
            ("src/CODE_OF_CONDUCT.md", false),
        ] {
            let outcome = run(
                params("code of conduct", &["CODE_OF_CONDUCT"]),
                &[(path, "x")],
                &[],
            );
            assert_eq!(outcome.findings().is_empty(), found, "{path}");
        }
    }

    #[test]
    fn org_default_passes_and_message_names_the_key() {
        let mut p = params("security policy", &["SECURITY"]);
        p.org_key = Some("SECURITY".into());
        let missing = run(p, &[("README.md", "# x\n")], &[]);
        assert!(missing.findings()[0]
            .message
            .contains("org-defaults = [\"SECURITY\"]"));
        let mut p = params("security policy", &["SECURITY"]);
        p.org_key = Some("SECURITY".into());
        assert_eq!(
            run(p, &[("README.md", "# x\n")], &["security.md"]),
            Outcome::pass()
        );
    }

    #[test]
    fn readme_section_earns_partial_credit() {
        let mut p = params("contributing guide", &["CONTRIBUTING"]);
        p.readme_sections = vec!["contributing".into()];
        let outcome = run(
            p,
            &[("README.md", "# x\n\n## Contributing\n\nPRs welcome.\n")],
            &[],
        );
        let Outcome::Scored {
            earned, findings, ..
        } = outcome
        else {
            panic!("scored");
        };
        assert_eq!(earned, 0.5);
        assert_eq!(findings[0].location.as_ref().and_then(|l| l.line), Some(3));
    }

    #[test]
    fn folder_bibtex_and_manifest_substitutes() {
        let mut p = params("pull-request template", &["PULL_REQUEST_TEMPLATE"]);
        p.folders = true;
        assert_eq!(
            run(p, &[(".github/PULL_REQUEST_TEMPLATE/feature.md", "x")], &[]),
            Outcome::pass()
        );
        let mut p = params("citation", &["CITATION"]);
        p.readme_bibtex = true;
        let readme = "# m\n\n```\n@misc{m2024,\n  title={M}\n}\n```\n";
        assert_eq!(run(p, &[("README.md", readme)], &[]), Outcome::pass());
        for (path, text, found) in [
            (
                "pyproject.toml",
                "[project]\nname = \"m\"\nlicense = \"MIT\"\n",
                true,
            ),
            ("pyproject.toml", "[project]\nname = \"m\"\n", false),
            ("Cargo.toml", "[package]\nlicense = \"MIT\"\n", true),
            ("package.json", "{\"license\": \"MIT\"}", true),
            ("package.json", "{not json", false),
        ] {
            let mut p = params("license", &["LICENSE"]);
            p.manifest_license = true;
            assert_eq!(
                run(p, &[(path, text)], &[]).findings().is_empty(),
                found,
                "{path}: {text}"
            );
        }
    }
}
