//! The contributing guide and README as Markdown and as reStructuredText: the outline parser
//! and every community rule that reads it (links, commands, topics, stub detection).
#![no_main]

use claw_lint::analysis::markdown::Outline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = claw_lint_fuzz::text(data);
    let md = Outline::parse("CONTRIBUTING.md", &text);
    let _ = md.prose_words();
    let rst = Outline::parse("CONTRIBUTING.rst", &text);
    let _ = rst.prose_words();
    claw_lint_fuzz::run_category(
        "community",
        &[("CONTRIBUTING.md", &text), ("README.md", &text)],
    );
    claw_lint_fuzz::run_category(
        "community",
        &[("CONTRIBUTING.rst", &text), ("README.rst", &text)],
    );
});
