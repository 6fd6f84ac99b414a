//! The config loader: `claw-lint.toml` and `[tool.claw-lint]` in `pyproject.toml`, then the rule
//! activation that reads what it accepted (selectors, overrides, `[[rule]]` entries, lexicons).
#![no_main]

use std::sync::OnceLock;

use claw_lint::catalog::{activate, Catalog};
use claw_lint::config::Settings;
use libfuzzer_sys::fuzz_target;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir"))
}

fuzz_target!(|data: &[u8]| {
    for name in ["claw-lint.toml", "pyproject.toml"] {
        let path = dir().path().join(name);
        std::fs::write(&path, data).expect("write config");
        let mut settings = Settings::default();
        if settings.load_file(&path).is_ok() {
            let catalog = Catalog::embedded().expect("embedded catalog");
            let _ = activate(catalog, &settings);
        }
    }
});
