//! `binary-lfs`: weights and data files over a size are stored through Git LFS.
//!
//! A committed 300 MB checkpoint makes every clone slow and pushes forks over hosting limits.
//! A file counts as handled when a `.gitattributes` pattern sends it to LFS, or when the file
//! itself is an LFS pointer (a checkout without `git lfs pull`). The index knows every file's
//! size without reading it, so large files cost nothing here.

use serde::Deserialize;

use crate::analysis::lfs::{is_pointer, LfsPatterns};
use crate::analysis::ml_project::MlProject;
use crate::checks::{Check, CheckCtx, Outcome};
use crate::finding::Finding;

/// Params.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Extensions (lowercase, no dot) of weights and data files.
    pub exts: Vec<String>,
    /// Size in MiB above which such a file belongs in LFS.
    pub max_mib: f64,
}

/// The check instance.
pub struct BinaryLfs {
    params: Params,
}

impl BinaryLfs {
    /// Builds the check.
    pub fn new(params: Params) -> Result<Self, String> {
        if params.max_mib.is_nan() || params.max_mib < 0.0 {
            return Err("max_mib must be a size in MiB, 0 or more".to_string());
        }
        Ok(BinaryLfs { params })
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

impl Check for BinaryLfs {
    fn file_level(&self) -> bool {
        true
    }

    fn run(&self, cx: &CheckCtx) -> Outcome {
        if MlProject::if_ml(cx.index).is_none() {
            return Outcome::NotApplicable;
        }
        let limit = (self.params.max_mib * 1024.0 * 1024.0) as u64;
        let lfs = cx.index.fact::<LfsPatterns>();
        let exts: Vec<&str> = self.params.exts.iter().map(String::as_str).collect();
        let mut possible = 0.0;
        let mut findings = Vec::new();
        for file in cx.index.files_with_ext(&exts) {
            if !cx.in_scope(&file.path) || file.size <= limit {
                continue;
            }
            possible += 1.0;
            if lfs.tracks(&file.path) || cx.index.text(&file.path).is_some_and(is_pointer) {
                continue;
            }
            findings.push(
                Finding::new(format!(
                    "{} file of {} is committed without a Git LFS pattern in .gitattributes",
                    file.extension(),
                    mib(file.size)
                ))
                .at(&file.path)
                .weight(file.size as f64),
            );
        }
        let earned = possible - findings.len() as f64;
        Outcome::partial(earned, possible, findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::run_on;

    fn check() -> BinaryLfs {
        BinaryLfs::new(Params {
            exts: vec!["pt".into(), "npy".into()],
            max_mib: 0.0,
        })
        .expect("params")
    }

    #[test]
    fn large_weights_need_an_lfs_pattern() {
        let ml = ("train.py", "import torch\n");
        let out = run_on(
            &check(),
            &[ml, ("ckpt/model.pt", "weights"), ("data/x.npy", "arr")],
        );
        let paths: Vec<_> = out.findings().iter().filter_map(|f| f.path()).collect();
        assert_eq!(paths, ["ckpt/model.pt", "data/x.npy"]);
        let tracked = run_on(
            &check(),
            &[
                ml,
                (".gitattributes", "*.pt filter=lfs\n"),
                ("ckpt/model.pt", "weights"),
            ],
        );
        assert_eq!(tracked, Outcome::pass());
        let pointer = run_on(
            &check(),
            &[
                ml,
                (
                    "m.pt",
                    "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n",
                ),
            ],
        );
        assert_eq!(pointer, Outcome::pass());
        assert!(BinaryLfs::new(Params {
            exts: vec![],
            max_mib: -1.0
        })
        .is_err());
    }
}
