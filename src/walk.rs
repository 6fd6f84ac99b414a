//! The walk: one parallel pass over the tree with the `ignore` crate (built on walkdir), which
//! honours `.gitignore`, `.ignore`, `.git/info/exclude` and nested ignore files the way users expect.
//!
//! Hidden files are included (or `.github/` would vanish), `require_git` is off so ignore files
//! apply in a plain folder, links are never followed (so a symlink loop cannot hang it and a link
//! cannot lead outside the tree), and `.git/` plus the usual virtualenv/build folders are skipped.
//! The walk only stats files; contents are read later, on demand, by the index.

use std::path::Path;
use std::sync::Mutex;

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};

use crate::config::Settings;
use crate::error::Error;
use crate::index::{io_reason, FileEntry, FileKind, RepoIndex, ScanProblem};

/// Folder names never worth scanning: VCS data, virtualenvs, caches, build output.
pub const DEFAULT_EXCLUDED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".tox",
    ".nox",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
];

/// Build output folders, skipped only at the root: deeper down, `dist/` or `build/` is usually
/// source (a package's `dist/` for distributed training, a `build/` step of a pipeline).
pub const ROOT_EXCLUDED_DIRS: &[&str] = &["build", "dist"];

fn is_default_excluded_dir(name: &str, depth: usize) -> bool {
    DEFAULT_EXCLUDED_DIRS.contains(&name)
        || (depth == 1 && ROOT_EXCLUDED_DIRS.contains(&name))
        || name.ends_with(".egg-info")
}

/// Walks `settings.root` into an index. Fails only when the root itself is unusable or an
/// `exclude` glob is invalid; anything wrong below the root becomes a [`ScanProblem`].
pub fn walk(settings: &Settings) -> Result<RepoIndex, Error> {
    let root = settings.root.as_path();
    let overrides = build_overrides(root, &settings.exclude)?;
    let threads = settings.threads.unwrap_or(0);
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(false)
        .require_git(false)
        .git_ignore(true)
        .git_exclude(true)
        .ignore(true)
        .parents(!settings.isolated)
        .git_global(!settings.isolated)
        .overrides(overrides)
        .threads(threads)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir
                && entry.depth() > 0
                && is_default_excluded_dir(&entry.file_name().to_string_lossy(), entry.depth()))
        });

    let files = Mutex::new(Vec::new());
    let dirs = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    let max_size = settings.max_file_size;
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    builder.build_parallel().run(|| {
        Box::new(|result| {
            match result {
                Ok(entry) => {
                    let Some(file_type) = entry.file_type() else {
                        return WalkState::Continue;
                    };
                    let rel = relative(root, entry.path());
                    if file_type.is_dir() {
                        lock(&dirs).push(rel);
                    } else if file_type.is_file() {
                        let (size, kind) = match entry.metadata() {
                            Ok(meta) if meta.len() > max_size => (meta.len(), FileKind::TooLarge),
                            Ok(meta) => (meta.len(), FileKind::Regular),
                            Err(err) => (0, FileKind::Unreadable(err.to_string().to_lowercase())),
                        };
                        lock(&files).push(FileEntry {
                            path: rel,
                            size,
                            kind,
                        });
                    } else if file_type.is_symlink() {
                        if let Some(file) =
                            linked_file(&canonical_root, entry.path(), rel, max_size)
                        {
                            lock(&files).push(file);
                        }
                    }
                    // Sockets and devices are left out.
                }
                Err(err) => lock(&problems).push(problem_from(root, &err)),
            }
            WalkState::Continue
        })
    });
    Ok(RepoIndex::new(
        root.to_path_buf(),
        into_inner(files),
        into_inner(dirs),
        into_inner(problems),
        max_size,
    ))
}

/// A symlink to a file counts as that file (diffusers' `CONTRIBUTING.md` links into `docs/`), but
/// only a target inside the repository is ever read; links to folders are not followed at all, so
/// a loop cannot form. A link that leaves the tree or dangles is indexed (it exists for presence
/// rules) as unreadable.
fn linked_file(
    canonical_root: &Path,
    link: &Path,
    rel: String,
    max_size: u64,
) -> Option<FileEntry> {
    let target = match std::fs::canonicalize(link) {
        Ok(target) => target,
        Err(_) => {
            return Some(FileEntry {
                path: rel,
                size: 0,
                kind: FileKind::Unreadable("broken symlink".to_string()),
            })
        }
    };
    let meta = std::fs::metadata(&target).ok()?;
    if !meta.is_file() {
        return None;
    }
    let kind = if !target.starts_with(canonical_root) {
        FileKind::Unreadable("symlink to a file outside the repository (not read)".to_string())
    } else if meta.len() > max_size {
        FileKind::TooLarge
    } else {
        FileKind::Regular
    };
    Some(FileEntry {
        path: rel,
        size: meta.len(),
        kind,
    })
}

fn build_overrides(root: &Path, excludes: &[String]) -> Result<ignore::overrides::Override, Error> {
    let mut builder = OverrideBuilder::new(root);
    for glob in excludes {
        builder
            .add(&format!("!{glob}"))
            .map_err(|err| Error::usage(format!("invalid exclude glob \"{glob}\": {err}")))?;
    }
    builder
        .build()
        .map_err(|err| Error::usage(format!("invalid exclude globs: {err}")))
}

/// `/`-separated path relative to the root.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn problem_from(root: &Path, err: &ignore::Error) -> ScanProblem {
    let mut path = String::new();
    let mut current = err;
    let message = loop {
        match current {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = relative(root, p);
                current = inner;
            }
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => current = inner,
            ignore::Error::Io(io) => break io_reason(io),
            ignore::Error::Loop { child, .. } => {
                path = relative(root, child);
                break "symlink loop".to_string();
            }
            other => break other.to_string().to_lowercase(),
        }
    };
    ScanProblem { path, message }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(dir: &Path, exclude: &[&str]) -> RepoIndex {
        let settings = Settings {
            root: dir.to_path_buf(),
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
            isolated: true,
            ..Settings::default()
        };
        walk(&settings).expect("walk")
    }

    fn write(dir: &Path, path: &str, text: &str) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    #[test]
    fn honours_gitignore_defaults_and_excludes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, ".gitignore", "secret.txt\n");
        write(d, "secret.txt", "x");
        write(d, ".github/ISSUE_TEMPLATE/bug.yml", "name: bug");
        write(d, ".git/config", "x");
        write(d, ".venv/lib/x.py", "x");
        write(d, "pkg.egg-info/PKG-INFO", "x");
        write(d, "src/pkg/__pycache__/m.pyc", "x");
        write(d, "src/pkg/m.py", "x");
        write(d, "src/pkg/.ignore", "local.py\n");
        write(d, "src/pkg/local.py", "x");
        write(d, "vendor/v.py", "x");
        let index = scan(d, &["vendor/"]);
        let paths: Vec<&str> = index.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                ".github/ISSUE_TEMPLATE/bug.yml",
                ".gitignore",
                "src/pkg/.ignore",
                "src/pkg/m.py"
            ]
        );
    }

    #[test]
    fn build_and_dist_are_build_output_only_at_the_root() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, "build/lib/pkg/m.py", "x");
        write(d, "dist/pkg-1.0.tar.gz", "x");
        write(d, "mmengine/dist/utils.py", "x");
        write(d, "pkg/build/steps.py", "x");
        let index = scan(d, &[]);
        let paths: Vec<&str> = index.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["mmengine/dist/utils.py", "pkg/build/steps.py"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_links_are_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, "a/file.md", "x");
        std::os::unix::fs::symlink(d.join("a"), d.join("a/loop")).expect("symlink");
        std::os::unix::fs::symlink("/etc/hostname", d.join("outside")).expect("symlink");
        std::os::unix::fs::symlink("a/file.md", d.join("CONTRIBUTING.md")).expect("symlink");
        let index = scan(d, &[]);
        let paths: Vec<&str> = index.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["CONTRIBUTING.md", "a/file.md", "outside"]);
        assert_eq!(index.text("CONTRIBUTING.md"), Some("x"));
        assert_eq!(index.text("outside"), None);
    }

    #[test]
    fn large_files_are_indexed_but_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "big.md", &"x".repeat(2048));
        let settings = Settings {
            root: dir.path().to_path_buf(),
            max_file_size: 1024,
            isolated: true,
            ..Settings::default()
        };
        let index = walk(&settings).expect("walk");
        assert_eq!(index.files()[0].kind, FileKind::TooLarge);
        assert_eq!(index.text("big.md"), None);
        assert_eq!(index.skipped_count(), 1);
    }

    #[test]
    fn invalid_exclude_glob_is_a_usage_error() {
        let settings = Settings {
            root: std::env::temp_dir(),
            exclude: vec!["a/{b".to_string()],
            isolated: true,
            ..Settings::default()
        };
        assert!(walk(&settings).is_err());
    }
}
