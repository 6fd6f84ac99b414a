//! Git LFS tracking from `.gitattributes`: which paths `filter=lfs` applies to.
//!
//! Patterns follow gitattributes rules: a pattern without `/` matches a file name at any depth
//! below its `.gitattributes`; one with `/` is anchored to that folder; later lines override
//! earlier ones (`*.bin filter=lfs` then `small.bin -filter`), and deeper files override the root.

use globset::{GlobBuilder, GlobMatcher};

use crate::index::{Fact, RepoIndex};

/// One pattern line and whether it turns LFS on or off.
struct Rule {
    matcher: GlobMatcher,
    lfs: bool,
}

/// Every `.gitattributes` rule of the repository, shallow files first.
#[derive(Default)]
pub struct LfsPatterns {
    rules: Vec<Rule>,
}

impl LfsPatterns {
    /// Whether a repository-relative path is stored through Git LFS.
    pub fn tracks(&self, path: &str) -> bool {
        self.rules
            .iter()
            .rev()
            .find(|r| r.matcher.is_match(path))
            .is_some_and(|r| r.lfs)
    }

    /// Whether any LFS pattern exists.
    pub fn any(&self) -> bool {
        self.rules.iter().any(|r| r.lfs)
    }

    fn add(&mut self, dir: &str, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(pattern) = parts.next() else {
                continue;
            };
            let lfs = match parts.fold(None, |state, attr| match attr {
                "filter=lfs" => Some(true),
                a if a == "-filter" || a == "!filter" || a.starts_with("filter=") => Some(false),
                _ => state,
            }) {
                Some(lfs) => lfs,
                None => continue,
            };
            let anchored = pattern.trim_start_matches('/');
            let glob = match (pattern.contains('/'), dir.is_empty()) {
                (true, true) => anchored.to_string(),
                (true, false) => format!("{dir}/{anchored}"),
                (false, true) => format!("**/{pattern}"),
                (false, false) => format!("{dir}/**/{pattern}"),
            };
            let glob = glob.trim_end_matches('/').to_string();
            if let Ok(g) = GlobBuilder::new(&glob).literal_separator(true).build() {
                self.rules.push(Rule {
                    matcher: g.compile_matcher(),
                    lfs,
                });
            }
        }
    }
}

impl Fact for LfsPatterns {
    fn compute(index: &RepoIndex) -> Self {
        let mut files: Vec<_> = index.files_named(".gitattributes").collect();
        files.sort_by_key(|f| (f.path.matches('/').count(), f.path.clone()));
        let mut patterns = LfsPatterns::default();
        for file in files {
            if let Some(text) = index.text(&file.path) {
                patterns.add(file.dir(), text);
            }
        }
        patterns
    }
}

/// Whether a file's text is a Git LFS pointer (what git stores in place of the content).
pub fn is_pointer(text: &str) -> bool {
    text.starts_with("version https://git-lfs.github.com/spec/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitattributes_semantics() {
        let index = RepoIndex::from_files(&[
            (
                ".gitattributes",
                "*.pt filter=lfs diff=lfs merge=lfs -text\nckpt/*.bin filter=lfs\nsmall.pt -filter\n",
            ),
            ("models/.gitattributes", "*.onnx filter=lfs\n"),
        ]);
        let lfs = LfsPatterns::compute(&index);
        assert!(lfs.tracks("a/b/model.pt"));
        assert!(lfs.tracks("ckpt/w.bin"));
        assert!(!lfs.tracks("x/ckpt/w.bin"), "a pattern with / is anchored");
        assert!(!lfs.tracks("small.pt"), "a later -filter wins");
        assert!(lfs.tracks("models/sub/m.onnx") && !lfs.tracks("m.onnx"));
        assert!(is_pointer(
            "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 9\n"
        ));
    }
}
