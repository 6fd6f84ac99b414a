//! The shell reader (logical lines, words, commands, wrappers) and the Makefile reader (rules,
//! variables, expansion), alone and through the tests family's rules that read CI scripts.
#![no_main]

use claw_lint::analysis::makefile::Makefile;
use claw_lint::analysis::shell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = claw_lint_fuzz::text(data);
    for line in shell::logical_lines(&text) {
        let _ = shell::one_line(&line);
        let _ = shell::prompt_stripped(&line);
        for command in shell::commands(&line) {
            let _ = shell::strip_wrappers(&command);
            let _ = command.iter().any(|w| shell::is_assignment(w) || shell::is_python(w));
        }
    }
    let makefile = Makefile::parse(&text);
    let _ = makefile.expand(&text);
    claw_lint_fuzz::run_category(
        "tests",
        &[
            ("Makefile", &text),
            ("scripts/test.sh", &text),
            ("tests/test_a.py", "def test_a():\n    assert True\n"),
            (
                "CONTRIBUTING.md",
                "Run `make test` or `sh scripts/test.sh`.\n",
            ),
        ],
    );
});
