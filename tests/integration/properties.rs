//! Property tests over the parsers a scan feeds repository text to (the same ones `fuzz/`
//! targets): on any string they return rather than panic, and every line or column they report
//! lies inside the input. Inputs mix arbitrary Unicode with the punctuation each syntax is made
//! of, so the generator reaches headers, fences, fields and nesting, not only plain text.

use claw_lint::analysis::docstring;
use claw_lint::analysis::makefile::Makefile;
use claw_lint::analysis::markdown::Outline;
use claw_lint::analysis::notebook::Notebook;
use claw_lint::analysis::templates::{ChooserConfig, IssueTemplate, LabelsFile};
use claw_lint::analysis::{python, shell, yaml};
use claw_lint::index::Artifact;
use proptest::prelude::*;

/// Lines a parser may count in `text`: every LF, CR and CRLF ends one (CR alone included, as
/// Markdown counts it), plus the last.
fn line_bound(text: &str) -> u32 {
    let breaks = text.matches('\n').count() + text.matches('\r').count();
    u32::try_from(breaks + 1).unwrap_or(u32::MAX)
}

fn assert_line(what: &str, line: u32, text: &str) {
    assert!(
        line <= line_bound(text),
        "{what} at line {line} of a {}-line input",
        line_bound(text)
    );
}

/// Arbitrary text, or text built from the characters of Markdown, reST, YAML, Python,
/// docstring sections, shell and Make.
fn source() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t\r\na-z0-9#=*`_:\\-\\[\\]()<>{}|!@$%&'\".,/\\\\~^]{0,400}",
        proptest::collection::vec(
            prop_oneof![
                Just("\n".to_string()),
                Just("    ".to_string()),
                Just("Args:\n".to_string()),
                Just("Parameters\n----------\n".to_string()),
                Just(":param x: ".to_string()),
                Just(":type x: int\n".to_string()),
                Just("@param x: ".to_string()),
                Just("x (int, optional): ".to_string()),
                Just("# Title\n".to_string()),
                Just("Title\n=====\n".to_string()),
                Just("```python\n".to_string()),
                Just(".. code-block:: bash\n".to_string()),
                Just("[link](docs/a.md)".to_string()),
                Just("---\n".to_string()),
                Just("name: x\n".to_string()),
                Just("- type: input\n".to_string()),
                Just("  attributes:\n".to_string()),
                Just("def f(a, b=1, *c, **d):\n".to_string()),
                Just("\"\"\"".to_string()),
                Just("target: dep\n\t$(CC) -o $@ $<\n".to_string()),
                Just("VAR := value\n".to_string()),
                Just("$ pip install -e . && pytest -k 'a b' \\\n".to_string()),
                Just("{\"cells\": [".to_string()),
                "[a-z]{1,8}".prop_map(String::from),
                any::<char>().prop_map(String::from),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn docstring_entries_stay_inside_the_docstring(text in source()) {
        let doc = docstring::parse(&text);
        let _ = docstring::strip_markup(&text);
        for entry in &doc.entries {
            assert!(!entry.names.is_empty(), "an entry names something");
            assert_line("entry", entry.line as u32 + 1, &text);
            for name in &entry.names {
                assert!(doc.entry(name).is_some(), "{name} is found again");
            }
        }
    }

    #[test]
    fn guide_outlines_point_inside_the_guide(text in source()) {
        for path in ["CONTRIBUTING.md", "CONTRIBUTING.rst"] {
            let outline = Outline::parse(path, &text);
            let _ = outline.prose_words();
            let lines = outline.headings.iter().map(|h| h.line)
                .chain(outline.prose.iter().map(|b| b.line))
                .chain(outline.code_blocks.iter().map(|b| b.line))
                .chain(outline.inline_code.iter().map(|c| c.line))
                .chain(outline.links.iter().map(|l| l.line));
            for line in lines {
                assert!(line >= 1, "{path}: lines are 1-based");
                assert_line(path, line, &text);
            }
        }
    }

    #[test]
    fn yaml_nodes_and_errors_point_inside_the_document(text in source()) {
        fn walk(node: &yaml::Node, text: &str) {
            assert_line("yaml node", node.line, text);
            for child in node.as_seq().into_iter().flatten() {
                walk(child, text);
            }
            for (key, value) in node.as_map().into_iter().flatten() {
                walk(key, text);
                walk(value, text);
            }
        }
        match yaml::parse(&text, 0) {
            Ok(node) => walk(&node, &text),
            Err(err) => assert_line("yaml error", err.line, &text),
        }
    }

    #[test]
    fn issue_templates_and_chooser_configs_never_panic(text in source()) {
        for path in [".github/ISSUE_TEMPLATE/bug.yml", ".github/ISSUE_TEMPLATE/bug.md"] {
            let template = IssueTemplate::build(path, &text);
            assert_line("front matter", template.meta_line, &text);
            for (_, line) in &template.labels {
                assert_line("label", *line, &text);
            }
            let _ = template.display_name();
        }
        let chooser = ChooserConfig::build(".github/ISSUE_TEMPLATE/config.yml", &text);
        let _ = chooser.blank_issues_enabled();
        for link in chooser.contact_links() {
            assert_line("contact link", link.line, &text);
        }
        let labels = LabelsFile::build(".github/labels.yml", &text);
        let _ = labels.defines("good first issue");
    }

    #[test]
    fn shell_and_makefile_readers_never_panic(text in source()) {
        for line in shell::logical_lines(&text) {
            let _ = shell::one_line(&line);
            let _ = shell::prompt_stripped(&line);
            for command in shell::commands(&line) {
                let stripped = shell::strip_wrappers(&command);
                assert!(stripped.len() <= command.len());
            }
        }
        let makefile = Makefile::parse(&text);
        let _ = makefile.expand(&text);
        if let Some(goal) = &makefile.default {
            assert!(text.contains(goal.as_str()), "the default goal {goal:?} is in the file");
        }
    }

    #[test]
    fn python_summaries_point_inside_the_file(text in source()) {
        let module = python::summarize(&text);
        for f in &module.functions {
            assert_line("def", f.line, &text);
            assert!(f.first_line <= f.line, "decorators come before def");
            for p in &f.params {
                assert_line("parameter", p.line, &text);
            }
        }
        for c in &module.classes {
            assert_line("class", c.line, &text);
        }
        for import in &module.imports {
            assert_line("import", import.line, &text);
        }
        for (line, _, _) in &module.tool_comments {
            assert_line("comment", *line, &text);
        }
    }

    #[test]
    fn notebooks_never_panic(text in source()) {
        let notebook = Notebook::build("demo.ipynb", &text);
        assert!(notebook.cells_with_outputs.len() <= notebook.code_cells);
    }
}
