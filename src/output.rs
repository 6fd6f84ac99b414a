//! Writing files safely when the folder may belong to a stranger: a scanned pull request can
//! commit `claw-lint.sarif -> /home/runner/.bashrc` or a symlinked `.github/`, and a plain
//! `std::fs::write` would follow the link and overwrite a file outside the checkout.
//!
//! Every file claw-lint writes goes through here: reports (`--output`) replace only a regular file,
//! by writing a temporary file beside it and renaming it into place, and `init` creates new files
//! only, never through a symlinked file or folder.

use std::io::{self, Write};
use std::path::{Component, Path};

/// Writes `bytes` to `path`, replacing it only if it is a regular file. The bytes go to a
/// temporary file in the same folder first, renamed over `path` at the end, so a symlink, a FIFO
/// or a device at `path` is refused rather than followed and a reader never sees half a report.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    if let Some(meta) = &existing {
        if meta.file_type().is_symlink() {
            return Err(refused("it is a symlink"));
        }
        if !meta.is_file() {
            return Err(refused("it is not a regular file"));
        }
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".claw-lint-")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    set_report_permissions(temp.as_file(), existing.as_ref())?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// Creates the new file `root/rel` with `contents`, creating missing folders on the way. Fails
/// with `AlreadyExists` if the name is taken (even by a dangling link), and refuses when `rel`
/// leaves `root` or any folder on the way is a symlink or not a folder.
pub fn create_new_inside(root: &Path, rel: &str, contents: &[u8]) -> io::Result<()> {
    let rel = Path::new(rel);
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            _ => return Err(refused("the path must stay inside the folder")),
        }
    }
    let Some((name, folders)) = parts.split_last() else {
        return Err(refused("the path is empty"));
    };
    let mut dir = root.to_path_buf();
    for folder in folders {
        dir.push(folder);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refused(&format!(
                    "{} is a symlink",
                    dir.strip_prefix(root).unwrap_or(&dir).display()
                )))
            }
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(refused(&format!(
                    "{} is not a folder",
                    dir.strip_prefix(root).unwrap_or(&dir).display()
                )))
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => std::fs::create_dir(&dir)?,
            Err(err) => return Err(err),
        }
    }
    // `create_new` is O_EXCL: it never opens an existing name, a symlink included.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dir.join(name))?;
    file.write_all(contents)
}

fn refused(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("refusing to write there: {why}"),
    )
}

/// A report replaces a file with that file's permissions, or is created readable by all (a
/// temporary file starts private).
fn set_report_permissions(
    file: &std::fs::File,
    existing: Option<&std::fs::Metadata>,
) -> io::Result<()> {
    match existing {
        Some(meta) => file.set_permissions(meta.permissions()),
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(std::fs::Permissions::from_mode(0o644))
            }
            #[cfg(not(unix))]
            {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_file_writes_and_replaces_regular_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("report.sarif");
        replace_file(&path, b"one").expect("create");
        replace_file(&path, b"two").expect("replace");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn replace_file_refuses_symlinks_dangling_or_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").expect("write");
        let link = dir.path().join("claw-lint.sarif");
        std::os::unix::fs::symlink(&victim, &link).expect("symlink");
        let err = replace_file(&link, b"evil").expect_err("refused");
        assert!(err.to_string().contains("symlink"), "{err}");
        assert_eq!(std::fs::read(&victim).expect("read"), b"keep");
        let dangling = dir.path().join("dangling.sarif");
        std::os::unix::fs::symlink(dir.path().join("new-file"), &dangling).expect("symlink");
        assert!(replace_file(&dangling, b"evil").is_err());
        assert!(!dir.path().join("new-file").exists());
    }

    #[cfg(unix)]
    #[test]
    fn create_new_inside_refuses_symlinked_folders_and_escapes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink(outside.path(), dir.path().join(".github")).expect("symlink");
        let err = create_new_inside(dir.path(), ".github/ISSUE_TEMPLATE/bug.yml", b"x")
            .expect_err("refused");
        assert!(err.to_string().contains(".github is a symlink"), "{err}");
        assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);
        assert!(create_new_inside(dir.path(), "../x", b"x").is_err());
        create_new_inside(dir.path(), "docs/a/b.md", b"x").expect("create");
        assert_eq!(
            std::fs::read(dir.path().join("docs/a/b.md")).expect("read"),
            b"x"
        );
        let again = create_new_inside(dir.path(), "docs/a/b.md", b"y").expect_err("exists");
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
    }
}
