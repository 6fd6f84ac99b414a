//! Turns the rule catalog's TOML (`rules/*.toml`, the source of truth that reviewers edit) into
//! JSON at build time, so the binary parses its built-in catalog with a JSON parser: parsing
//! 74 kB of TOML took about a third of the instructions of a scan of an empty folder, JSON a
//! small fraction of that. A TOML syntax error fails the build with its file, line and column.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::{env, fs};

/// The family files, in the order the catalog lists their rules: the one list of them, which
/// `catalog::FAMILY_FILES` is generated from.
const FAMILIES: [&str; 5] = ["community", "templates", "paramdocs", "tests", "ml"];

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut patterns = BTreeSet::new();
    for family in FAMILIES {
        let source = format!("rules/{family}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        table
            .values()
            .for_each(|v| collect_patterns(v, &mut patterns));
        let json = serde_json::to_string(&table).unwrap_or_else(|e| panic!("{source}: {e}"));
        fs::write(out.join(format!("{family}.json")), json).expect("OUT_DIR is writable");
    }
    let entries: String = FAMILIES
        .iter()
        .map(|f| format!("    (\"rules/{f}.toml\", include_str!(concat!(env!(\"OUT_DIR\"), \"/{f}.json\"))),\n"))
        .collect();
    fs::write(out.join("families.rs"), format!("&[\n{entries}]\n")).expect("OUT_DIR is writable");
    let patterns: String = patterns.iter().map(|p| format!("    {p:?},\n")).collect();
    fs::write(
        out.join("builtin_patterns.rs"),
        format!("&[\n{patterns}]\n"),
    )
    .expect("OUT_DIR is writable");
}

/// Every string of the catalog with a backslash in it: the built-in patterns that
/// `analysis::ascii_words` may rewrite (a pattern without one has no `\w` or `\b`), sorted.
fn collect_patterns(value: &toml::Value, patterns: &mut BTreeSet<String>) {
    match value {
        toml::Value::String(text) if text.contains('\\') => {
            patterns.insert(text.clone());
        }
        toml::Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, patterns)),
        toml::Value::Table(table) => table.values().for_each(|v| collect_patterns(v, patterns)),
        _ => {}
    }
}
