//! What the paths on a scan's command line name: one repository folder (the whole-repository
//! scan), or files inside one repository (file mode, as pre-commit calls a hook with the staged
//! files). File mode needs the repository root, so that config discovery, `.gitignore` and
//! repository-relative paths work the same as in a whole-repository scan.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// The subject of a scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Scan the whole repository at this folder.
    Repository(PathBuf),
    /// Run the file-level rules on exactly these files of the repository at `root`.
    Files {
        /// The repository root: the nearest ancestor with `.git`, else the current folder.
        root: PathBuf,
        /// The files, relative to `root`, with `/` separators (as the index names them).
        files: BTreeSet<String>,
    },
}

/// Resolves the command-line paths against the current folder `cwd`.
pub fn resolve(paths: &[PathBuf], cwd: &Path) -> Result<Target, Error> {
    if paths.is_empty() {
        return Ok(Target::Repository(PathBuf::from(".")));
    }
    let mut folders = 0;
    for path in paths {
        match std::fs::metadata(cwd.join(path)) {
            Ok(meta) if meta.is_dir() => folders += 1,
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                return Err(Error::usage(format!(
                    "{} is neither a folder nor a regular file",
                    path.display()
                )))
            }
            Err(err) => return Err(Error::io(format!("cannot scan {}", path.display()), err)),
        }
    }
    match (folders, paths) {
        (1, [one]) => return Ok(Target::Repository(one.clone())),
        (0, _) => {}
        _ => return Err(Error::usage(
            "give one repository folder to scan, or only files to check with the file-level rules",
        )),
    }
    let cwd = canonical(cwd)?;
    let first = canonical_file(&cwd, &paths[0])?;
    let start = first.parent().unwrap_or(&cwd);
    let root = repository_root(start).unwrap_or_else(|| cwd.clone());
    let mut files = BTreeSet::new();
    for path in paths {
        let absolute = canonical_file(&cwd, path)?;
        let relative = absolute.strip_prefix(&root).map_err(|_| {
            Error::usage(format!(
                "{} is outside the repository at {}: check files of one repository at a time",
                path.display(),
                root.display()
            ))
        })?;
        files.insert(slash_path(relative));
    }
    Ok(Target::Files {
        root: display_root(&root, &cwd),
        files,
    })
}

/// The nearest folder from `start` upward that holds `.git` (a folder, or a file in a worktree).
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

fn canonical(path: &Path) -> Result<PathBuf, Error> {
    std::fs::canonicalize(path)
        .map_err(|err| Error::io(format!("cannot scan {}", path.display()), err))
}

/// The file's absolute path with its folder resolved but not the file itself: a committed symlink
/// (`CONTRIBUTING.md` pointing into `docs/`) is checked under its own name, as the index lists it.
fn canonical_file(cwd: &Path, path: &Path) -> Result<PathBuf, Error> {
    let joined = cwd.join(path);
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => Ok(canonical(parent)?.join(name)),
        _ => canonical(&joined),
    }
}

/// `a/b/c.py` whatever the platform's separator.
fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The root as the report shows it: `.` or `..`-steps when it contains the current folder (the
/// usual pre-commit case), else the absolute path.
fn display_root(root: &Path, cwd: &Path) -> PathBuf {
    match cwd.strip_prefix(root) {
        Ok(rest) => {
            let depth = rest.components().count();
            if depth == 0 {
                PathBuf::from(".")
            } else {
                (0..depth).map(|_| "..").collect()
            }
        }
        Err(_) => root.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join(".git")).expect("git dir");
        std::fs::create_dir_all(dir.path().join("pkg/sub")).expect("pkg");
        std::fs::write(dir.path().join("pkg/sub/model.py"), "x = 1\n").expect("write");
        std::fs::write(dir.path().join("README.md"), "# r\n").expect("write");
        dir
    }

    fn files(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_path_is_the_current_repository() {
        let dir = repo();
        assert_eq!(
            resolve(&[], dir.path()).ok(),
            Some(Target::Repository(PathBuf::from(".")))
        );
    }

    #[test]
    fn one_folder_is_a_repository_scan() {
        let dir = repo();
        assert_eq!(
            resolve(&[PathBuf::from("pkg")], dir.path()).ok(),
            Some(Target::Repository(PathBuf::from("pkg")))
        );
    }

    #[test]
    fn files_are_made_relative_to_the_git_root() {
        let dir = repo();
        let cwd = dir.path().join("pkg");
        let target = resolve(
            &[PathBuf::from("sub/model.py"), PathBuf::from("../README.md")],
            &cwd,
        );
        assert_eq!(
            target.ok(),
            Some(Target::Files {
                root: PathBuf::from(".."),
                files: files(&["README.md", "pkg/sub/model.py"]),
            })
        );
    }

    #[test]
    fn files_from_the_root_have_root_dot() {
        let dir = repo();
        let target = resolve(&[PathBuf::from("pkg/sub/model.py")], dir.path());
        assert_eq!(
            target.ok(),
            Some(Target::Files {
                root: PathBuf::from("."),
                files: files(&["pkg/sub/model.py"]),
            })
        );
    }

    #[test]
    fn without_git_the_current_folder_is_the_root() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.py"), "").expect("write");
        let target = resolve(&[PathBuf::from("a.py")], dir.path());
        assert_eq!(
            target.ok(),
            Some(Target::Files {
                root: PathBuf::from("."),
                files: files(&["a.py"]),
            })
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_file_keeps_its_own_name() {
        let dir = repo();
        std::os::unix::fs::symlink("pkg/sub/model.py", dir.path().join("model_link.py"))
            .expect("symlink");
        let target = resolve(&[PathBuf::from("model_link.py")], dir.path());
        assert_eq!(
            target.ok(),
            Some(Target::Files {
                root: PathBuf::from("."),
                files: files(&["model_link.py"]),
            })
        );
    }

    #[test]
    fn mixing_folders_and_files_or_several_folders_is_a_usage_error() {
        let dir = repo();
        for paths in [vec!["pkg", "README.md"], vec!["pkg", "pkg/sub"]] {
            let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
            let err = resolve(&paths, dir.path()).expect_err("usage error");
            assert!(err.to_string().contains("one repository folder"), "{err}");
        }
    }

    #[test]
    fn a_missing_path_is_named() {
        let dir = repo();
        let err = resolve(&[PathBuf::from("nope.py")], dir.path()).expect_err("missing");
        assert!(
            err.to_string().starts_with("cannot scan nope.py: "),
            "{err}"
        );
    }

    #[test]
    fn a_file_of_another_repository_is_rejected() {
        let one = repo();
        let other = repo();
        let elsewhere = other.path().join("README.md");
        let err =
            resolve(&[PathBuf::from("README.md"), elsewhere], one.path()).expect_err("outside");
        assert!(
            err.to_string().contains("is outside the repository"),
            "{err}"
        );
    }
}
