//! Ignore files (`.gitignore`, `.ignore`, `.git/info/exclude`) read as repository data: through
//! the same capped, FIFO-safe read as every other file, only when they are regular files inside
//! the tree, and compiled into matchers here with the `ignore` crate's gitignore parser.
//!
//! The `ignore` crate's walker would open them itself, following a committed
//! `.gitignore -> /dev/zero` (gigabytes read) or blocking on a FIFO, and applying a link to a file
//! outside the tree. Git refuses symlinked ignore files; so do we, with a warning.
//!
//! Precedence follows git: the deepest folder with a matching pattern decides, `.ignore` over
//! `.gitignore` in one folder (ripgrep's convention), then `info/exclude`, then the user's global
//! excludes file; the last matching line of a file wins and `!pattern` re-includes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use crate::index::{read_regular_file, Links, ReadError, ScanProblem};

/// The per-folder ignore files, in increasing precedence.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore"];

/// Every ignore rule of one scan, built lazily per folder and shared by the walker's threads.
pub struct IgnoreRules {
    /// Where the walk starts; problems are reported relative to it.
    root: PathBuf,
    /// The highest folder whose ignore files apply (the checkout's top, or the root).
    top: PathBuf,
    max_size: u64,
    /// `info/exclude` and the global excludes file, lowest precedence.
    fallback: Vec<Gitignore>,
    folders: Mutex<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    problems: Mutex<Vec<ScanProblem>>,
}

impl IgnoreRules {
    /// Rules for a walk of `root`, applying ignore files from `top` (an ancestor of `root`, or
    /// `root` itself) downward; `git_dir`'s `info/exclude` and, unless `isolated`, the user's
    /// global excludes apply below them.
    pub fn new(
        root: &Path,
        top: &Path,
        git_dir: Option<&Path>,
        isolated: bool,
        max_size: u64,
    ) -> Self {
        let mut rules = IgnoreRules {
            root: root.to_path_buf(),
            top: top.to_path_buf(),
            max_size,
            fallback: Vec::new(),
            folders: Mutex::default(),
            problems: Mutex::default(),
        };
        if let Some(git_dir) = git_dir {
            let exclude = git_dir.join("info").join("exclude");
            if let Some(matcher) = rules.compile(top, &[exclude]) {
                rules.fallback.push(matcher);
            }
        }
        if !isolated {
            // The user's own configuration, not the repository's: read by the crate.
            let (global, _) = Gitignore::global();
            if !global.is_empty() {
                rules.fallback.push(global);
            }
        }
        rules
    }

    /// The matchers of `dir` and its ancestors up to the top, deepest first: what decides for
    /// every entry of `dir` (see [`FolderRules`]).
    fn chain(&self, dir: &Path) -> Vec<Arc<Gitignore>> {
        let mut chain = Vec::new();
        let mut folder = Some(dir);
        while let Some(dir) = folder {
            if !self.within_top(dir) {
                break;
            }
            if let Some(matcher) = self.folder(dir) {
                chain.push(matcher);
            }
            folder = dir.parent();
        }
        chain
    }

    /// The verdict of a folder's `chain` on `path`: the deepest matcher with a matching line,
    /// then the fallback files.
    fn decides(&self, chain: &[Arc<Gitignore>], path: &Path, is_dir: bool) -> bool {
        for matcher in chain {
            match matcher.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        self.fallback
            .iter()
            .any(|m| m.matched(path, is_dir).is_ignore())
    }

    /// Problems met reading ignore files (a symlink, a FIFO, too large, a bad pattern).
    pub fn into_problems(self) -> Vec<ScanProblem> {
        self.problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `dir` is the top folder or inside it. Every entry asks this of each of its
    /// ancestors, so the common answer comes from comparing bytes; only where they differ does
    /// `Path::starts_with` split both paths into components (a prefix of bytes that ends at a
    /// separator is a prefix of components, so the fast answer is never wrong).
    fn within_top(&self, dir: &Path) -> bool {
        let top = self.top.as_os_str().as_encoded_bytes();
        let top = top.strip_suffix(b"/").unwrap_or(top);
        let bytes = dir.as_os_str().as_encoded_bytes();
        let by_bytes = bytes.starts_with(top) && bytes.get(top.len()).is_none_or(|&b| b == b'/');
        by_bytes || dir.starts_with(&self.top)
    }

    fn folder(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        // Looked up by reference: most entries share a folder seen before.
        if let Some(found) = folders.get(dir) {
            return found.clone();
        }
        let files: Vec<PathBuf> = IGNORE_FILES.iter().map(|f| dir.join(f)).collect();
        let compiled = self.compile(dir, &files).map(Arc::new);
        folders.insert(dir.to_path_buf(), compiled.clone());
        compiled
    }

    /// One matcher from these files of `dir` (later files take precedence), or `None` when none
    /// of them exists or has a pattern.
    fn compile(&self, dir: &Path, files: &[PathBuf]) -> Option<Gitignore> {
        let mut builder = GitignoreBuilder::new(dir);
        let mut any = false;
        for file in files {
            let bytes = match read_regular_file(file, self.max_size, Links::Refuse) {
                Ok(bytes) => bytes,
                Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => continue,
                Err(err) => {
                    let why = match err {
                        ReadError::TooLarge => "larger than max-file-size".to_string(),
                        other => other.to_string(),
                    };
                    self.problem(file, format!("ignore file not applied: {why}"));
                    continue;
                }
            };
            let text = String::from_utf8_lossy(&bytes);
            for (number, line) in text.lines().enumerate() {
                let line = line.strip_prefix('\u{feff}').unwrap_or(line);
                if let Err(err) = builder.add_line(Some(file.clone()), line) {
                    self.problem(
                        file,
                        format!(
                            "ignore pattern on line {} skipped: {}",
                            number + 1,
                            err_text(&err)
                        ),
                    );
                    continue;
                }
                any = true;
            }
        }
        if !any {
            return None;
        }
        match builder.build() {
            Ok(matcher) => Some(matcher),
            Err(err) => {
                self.problem(
                    &dir.join(".gitignore"),
                    format!("ignore patterns not applied: {}", err_text(&err)),
                );
                None
            }
        }
    }

    fn problem(&self, file: &Path, message: String) {
        let path = super::relative(&self.root, file);
        self.problems
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(ScanProblem { path, message });
    }
}

fn err_text(err: &ignore::Error) -> String {
    match err {
        ignore::Error::Glob { err, .. } => err.to_lowercase(),
        other => other.to_string().to_lowercase(),
    }
}

/// One walker's view of the rules: the matcher chain of the folder whose entries it is
/// filtering, kept while the walker stays in that folder. The walker lists a folder's entries
/// one after another, so each entry no longer locks the shared table and hashes every ancestor
/// (a third of the walk's cost on llama.cpp).
pub struct FolderRules {
    rules: Arc<IgnoreRules>,
    current: Mutex<Option<(PathBuf, Vec<Arc<Gitignore>>)>>,
}

impl FolderRules {
    /// A view of `rules` for one walker.
    pub fn new(rules: Arc<IgnoreRules>) -> Self {
        FolderRules {
            rules,
            current: Mutex::default(),
        }
    }

    /// Whether `path` (absolute, under the root) is ignored. Its parent folders are assumed not
    /// to be, as the walker never descends into an ignored folder.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Some(dir) = path.parent() else {
            return self.rules.decides(&[], path, is_dir);
        };
        // One walker asks from one thread, so the lock is never contended.
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.as_ref().is_none_or(|(seen, _)| seen != dir) {
            *current = Some((dir.to_path_buf(), self.rules.chain(dir)));
        }
        let chain = current.as_ref().map_or(&[][..], |(_, chain)| chain);
        self.rules.decides(chain, path, is_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte comparison answers as `Path::starts_with` does, trailing separators included.
    #[test]
    fn within_top_agrees_with_path_starts_with() {
        let dirs = [
            "/r/t", "/r/t/", "/r/t/a", "/r/t/a/b", "/r/tx", "/r/tx/a", "/r", "/", "/r//t/a",
            "/r/./t",
        ];
        for top in ["/r/t", "/r/t/", "/", "/r//t", "/r/./t"] {
            let rules = IgnoreRules::new(Path::new(top), Path::new(top), None, true, 1 << 20);
            for dir in dirs {
                assert_eq!(
                    rules.within_top(Path::new(dir)),
                    Path::new(dir).starts_with(top),
                    "{dir} under {top}"
                );
            }
        }
    }
}
