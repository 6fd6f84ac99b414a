//! Issue forms (YAML), Markdown templates with front matter, the chooser `config.yml` and a
//! labels file, through the templates family's validator and rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = claw_lint_fuzz::text(data);
    claw_lint_fuzz::run_category(
        "templates",
        &[
            (".github/ISSUE_TEMPLATE/bug_report.yml", &text),
            (".github/ISSUE_TEMPLATE/feature_request.md", &text),
            (".github/ISSUE_TEMPLATE/config.yml", &text),
            (".github/labels.yml", &text),
        ],
    );
});
