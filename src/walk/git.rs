//! The tracked half of the file set: the paths in the git index (read with `gix-index`), since
//! `.gitignore` never hides a tracked file (skorch ignores `.*` yet tracks `.github/workflows/`).
//!
//! The index says which names are tracked, nothing more: each path is then looked at on disk by
//! the walker like any other file, so a deleted or replaced file is seen as it is now. Only the
//! paths a sparse checkout leaves out on purpose (skip-worktree) are kept apart, so a link to
//! one is not taken for a link to nothing.

use std::path::{Path, PathBuf};

use crate::index::{read_regular_file, Links, ReadError};

/// Cap on the git index file: the largest monorepos' indexes stay far below it.
const MAX_INDEX_BYTES: u64 = 512 * 1024 * 1024;

/// A path as git stores it: relative, `/`-separated bytes, not necessarily UTF-8.
pub type GitPath = Vec<u8>;

/// The git checkout enclosing the scanned folder.
pub struct Checkout {
    /// The checkout's top folder (where `.git` is).
    pub top: PathBuf,
    /// The git folder (`.git`, or the folder a worktree's `.git` file points to).
    pub git_dir: PathBuf,
}

/// Finds the checkout holding `root`: `root` itself, or with `search_parents` the nearest folder
/// above it with a `.git`.
pub fn find_checkout(root: &Path, search_parents: bool) -> Option<Checkout> {
    let root = std::path::absolute(root).ok()?;
    let mut folder = root.as_path();
    loop {
        if let Some(git_dir) = git_dir_of(folder) {
            return Some(Checkout {
                top: folder.to_path_buf(),
                git_dir,
            });
        }
        if !search_parents {
            return None;
        }
        folder = folder.parent()?;
    }
}

/// `folder/.git` when it is a folder, or the folder named by a worktree's `gitdir:` file.
fn git_dir_of(folder: &Path) -> Option<PathBuf> {
    let dot_git = folder.join(".git");
    let meta = std::fs::symlink_metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    if !meta.is_file() {
        return None;
    }
    let bytes = read_regular_file(&dot_git, 4096, Links::Refuse).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let target = text.strip_prefix("gitdir:")?.trim();
    Some(folder.join(target))
}

impl Checkout {
    /// The tracked paths under `root`, relative to it, as raw bytes (`/`-separated, as git stores
    /// them; not necessarily UTF-8), and apart those a sparse checkout leaves off disk
    /// (skip-worktree). `Err` says why the index could not be used.
    pub fn tracked_under(&self, root: &Path) -> Result<(Vec<GitPath>, Vec<GitPath>), String> {
        let root = std::path::absolute(root).map_err(|e| e.to_string())?;
        let prefix = super::git_path(root.strip_prefix(&self.top).unwrap_or(Path::new("")));
        let index_path = self.git_dir.join("index");
        // The index is opened by gix-index itself (memory-mapped); check first that it is a
        // regular file of sane size, not a link or FIFO planted in an unpacked tree.
        match read_regular_file_meta(&index_path) {
            Ok(()) => {}
            Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(err) => return Err(format!("git index: {err}")),
        }
        let options = gix_index::decode::Options {
            alloc_limit_bytes: Some(MAX_INDEX_BYTES as usize),
            ..Default::default()
        };
        let file = gix_index::File::at(&index_path, gix_index::hash::Kind::Sha1, false, options)
            .map_err(|err| format!("cannot read the git index: {err}"))?;
        let mut paths = Vec::with_capacity(file.entries().len());
        let mut sparse = Vec::new();
        for entry in file.entries() {
            let path: &[u8] = entry.path(&file).as_ref();
            let rel = if prefix.is_empty() {
                path
            } else {
                match path.strip_prefix(prefix.as_slice()) {
                    Some(rest) if rest.first() == Some(&b'/') => &rest[1..],
                    _ => continue,
                }
            };
            if entry.flags.contains(gix_index::entry::Flags::SKIP_WORKTREE) {
                sparse.push(rel.to_vec());
            }
            if paths
                .last()
                .is_none_or(|last: &Vec<u8>| last.as_slice() != rel)
            {
                paths.push(rel.to_vec());
            }
        }
        Ok((paths, sparse))
    }
}

/// Checks that the index is a regular file (no link, FIFO or device) within the cap.
fn read_regular_file_meta(path: &Path) -> Result<(), ReadError> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(ReadError::Symlink);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > MAX_INDEX_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(())
}
