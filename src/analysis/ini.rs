//! One value of an ini-style file (setup.cfg, pytest.ini, tox.ini) as configparser reads it: a
//! `key = value` line in a `[section]`, continued on indented lines.

/// `Some(lines)` when the file has the section: the value's first line (when not empty) and
/// its continuation lines, trimmed; empty when the section lacks the key. `None` without the
/// section.
pub fn value(text: &str, section: &str, key: &str) -> Option<Vec<String>> {
    let header = format!("[{section}]");
    let mut lines = text.lines().skip_while(|l| l.trim() != header);
    lines.next()?;
    let mut found = Vec::new();
    let mut in_value = false;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            break;
        }
        let continues = line.starts_with([' ', '\t']) && !trimmed.is_empty();
        if in_value && continues {
            found.push(trimmed.to_string());
            continue;
        }
        in_value = false;
        if let Some((k, v)) = trimmed.split_once('=') {
            if k.trim() == key {
                in_value = true;
                found.extend(Some(v.trim()).filter(|v| !v.is_empty()).map(String::from));
            }
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_continue_on_indented_lines() {
        let text = "[a]\nx = 1\n[options.entry_points]\nconsole_scripts =\n    t = p.m:f\n    u = p.n:g\nother = 2\n";
        assert_eq!(
            value(text, "options.entry_points", "console_scripts").expect("section"),
            ["t = p.m:f", "u = p.n:g"]
        );
        assert_eq!(value(text, "a", "x").expect("section"), ["1"]);
        assert!(value(text, "a", "y").expect("section").is_empty());
        assert!(value(text, "b", "x").is_none());
    }
}
