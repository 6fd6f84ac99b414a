//! The Jupyter notebook reader, alone and through the ML family's rules.
#![no_main]

use claw_lint::analysis::notebook::Notebook;
use claw_lint::index::Artifact;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = claw_lint_fuzz::text(data);
    let _ = Notebook::build("demo.ipynb", &text);
    claw_lint_fuzz::run_category(
        "ml",
        &[
            ("notebooks/demo.ipynb", &text),
            ("train.py", "import torch\n"),
        ],
    );
});
