//! The docstring parser (Google, NumPy, Sphinx and Epytext sections) and the param-docs rules
//! that read a parsed docstring.
#![no_main]

use claw_lint::analysis::docstring;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = claw_lint_fuzz::text(data);
    let doc = docstring::parse(&raw);
    let _ = docstring::strip_markup(&raw);
    let _ = doc.entry("x");
    // The same text as the docstring of a public function with parameters, through the rules.
    let escaped = raw.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let module = format!(
        "\"\"\"Module.\"\"\"\n\n\ndef f(x, y=None, *args, **kwargs):\n    \"\"\"{escaped}\"\"\"\n    return x\n"
    );
    claw_lint_fuzz::run_category(
        "docs",
        &[
            ("pkg/__init__.py", "\"\"\"P.\"\"\"\n"),
            ("pkg/mod.py", &module),
        ],
    );
});
