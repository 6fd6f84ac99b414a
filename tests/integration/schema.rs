//! The committed JSON Schemas (`schema/`) equal the ones generated from the Rust types, so a
//! changed config key or report field fails here until the file is regenerated and reviewed:
//! `UPDATE_SCHEMA=1 cargo test --test integration schema`.

use std::path::Path;

use crate::support::{claw_lint, fixtures};

fn schemas() -> [(&'static str, serde_json::Value); 2] {
    [
        (
            "schema/claw-lint.schema.json",
            claw_lint::config::json_schema(),
        ),
        (
            "schema/report.schema.json",
            claw_lint::report::json::json_schema(),
        ),
    ]
}

#[test]
fn committed_schemas_match_the_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, schema) in schemas() {
        let generated = serde_json::to_string_pretty(&schema).expect("schema serializes") + "\n";
        let path = root.join(file);
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &generated).expect("write schema");
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{file} differs from the schema of the types: run UPDATE_SCHEMA=1 cargo test --test integration schema and review the diff"
        );
    }
}

#[test]
fn schemas_describe_what_claw_lint_reads_and_writes() {
    let [(_, config), (_, report)] = schemas();
    let keys = |schema: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        config["additionalProperties"], false,
        "unknown keys are errors"
    );
    assert!(keys(&config).contains(&"per-file-ignores".to_string()));
    assert!(config["properties"]["fail-under"]["description"].is_string());
    let out = claw_lint(
        &["--isolated", "--format", "json", "ml-research-messy"],
        &fixtures().join("repos"),
    );
    let written: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let mut written_keys: Vec<String> = written
        .as_object()
        .expect("object")
        .keys()
        .cloned()
        .collect();
    written_keys.sort();
    // Every field written is described; every field the schema requires is written (fields
    // present only sometimes, such as `omitted_findings`, are optional there).
    let described = keys(&report);
    assert!(
        written_keys.iter().all(|k| described.contains(k)),
        "{written_keys:?} vs {described:?}"
    );
    let required: Vec<&str> = report["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    assert!(required.len() >= 10, "{required:?}");
    assert!(required.iter().all(|k| written_keys.iter().any(|w| w == k)));
    assert!(!required.contains(&"omitted_findings"));
    let finding = written["findings"][0].as_object().expect("a finding");
    let finding_schema = &report["$defs"]["ReportedFinding"]["properties"];
    for key in finding.keys() {
        assert!(
            finding_schema.get(key).is_some(),
            "finding field {key} not in the schema"
        );
    }
}
