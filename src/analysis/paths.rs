//! Repository-relative paths: resolving what a document or command names against the folder it
//! is written in, the way GitHub and a shell would, without touching the disk.

/// The repository-relative target of a link from a file in `dir`, or `None` when the link is not
/// a checkable relative link.
pub fn resolve(dir: &str, dest: &str) -> Option<String> {
    let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
        return None;
    }
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if scheme || dest.contains("{{") || dest.contains("{%") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    match path.strip_prefix('/') {
        // A site-absolute link starts at the repository root.
        Some(rest) => join("", rest),
        None => join(dir, &path),
    }
}

/// `path` as written in the repository folder `dir` (`""` is the root), with `.` and `..`
/// resolved; `None` when it is absolute or climbs out of the repository. Every place that joins a
/// folder and a name (links, commands' `cd` and `-C`, Makefile includes, tool config files) uses
/// this one rule.
pub fn join(dir: &str, path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A file `name` (no `..`, such as `tox.ini`) inside the repository folder `dir`.
pub fn in_dir(dir: &str, name: &str) -> String {
    join(dir, name).unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_only_relative_links() {
        for (dir, dest, want) in [
            ("", "docs/setup.md#install", Some("docs/setup.md")),
            (".github", "../README.md", Some("README.md")),
            ("docs", "/LICENSE", Some("LICENSE")),
            ("", "My%20Notes.md", Some("My Notes.md")),
            ("", "philosophy", Some("philosophy")),
            ("", "https://example.org/x.md", None),
            ("", "mailto:a@b.c", None),
            ("", "#anchor", None),
            ("", "//cdn.example.org/x.png", None),
            ("", "../sibling/README.md", None),
        ] {
            assert_eq!(resolve(dir, dest).as_deref(), want, "{dir} {dest}");
        }
    }

    #[test]
    fn joins_relative_paths_inside_the_repository() {
        for (dir, path, want) in [
            ("", "tox.ini", Some("tox.ini")),
            ("docs", "./Makefile", Some("docs/Makefile")),
            ("docs/api", "../../setup.cfg", Some("setup.cfg")),
            ("docs/", "conf.py", Some("docs/conf.py")),
            ("", "../outside", None),
            ("docs", "/etc/passwd", None),
        ] {
            assert_eq!(join(dir, path).as_deref(), want, "{dir} {path}");
        }
        assert_eq!(in_dir("", "Makefile"), "Makefile");
        assert_eq!(in_dir("src", "Makefile"), "src/Makefile");
    }
}
