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
    let (mut parts, rest): (Vec<&str>, &str) = match path.strip_prefix('/') {
        Some(rest) => (Vec::new(), rest),
        None => (
            dir.split('/').filter(|p| !p.is_empty()).collect(),
            path.as_str(),
        ),
    };
    for part in rest.split('/') {
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
}
