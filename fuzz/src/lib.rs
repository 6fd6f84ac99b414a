//! Shared harness of the fuzz targets: runs the real checks of one category over an in-memory
//! repository, the way a scan would after reading the files, so a target exercises a parser
//! and every rule that reads what it produced.

use claw_lint::catalog::{build_rule, Catalog};
use claw_lint::checks::CheckCtx;
use claw_lint::config::Settings;
use claw_lint::index::RepoIndex;

/// Runs every built-in rule of `category` on a repository made of `files` (path, text).
pub fn run_category(category: &str, files: &[(&str, &str)]) {
    let catalog = Catalog::embedded_ref().expect("embedded catalog");
    let index = RepoIndex::from_files(files);
    let settings = Settings::default();
    let cx = CheckCtx {
        index: &index,
        settings: &settings,
        only_files: None,
    };
    for spec in catalog.rules.iter().filter(|r| r.category == category) {
        let rule = build_rule(spec.clone(), &catalog.lexicons).expect("built-in rule builds");
        let _ = rule.check.run(&cx);
    }
}

/// The fuzz input as text: invalid UTF-8 is replaced, as the scan's own decoder does.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}
