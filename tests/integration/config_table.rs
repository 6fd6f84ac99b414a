//! The malformed-config table: each config, written as `claw-lint.toml` of a scanned tree, must
//! stop the run with exit 2 and exactly this `line:column: message` (a repository's own config is
//! untrusted: a `nan` weight must not fake a pass).

use crate::support::{claw_lint, stderr};

/// (config text, expected `line:column: message` after the file name).
const CASES: &[(&str, &str)] = &[
    ("[rules.missing-contributing]\nweight = nan", "2:10: [rules.missing-contributing] weight must be a number from 0 to 1000, got NaN"),
    ("[rules.missing-contributing]\nweight = inf", "2:10: [rules.missing-contributing] weight must be a number from 0 to 1000, got inf"),
    ("[rules.missing-contributing]\nweight = -1", "2:10: [rules.missing-contributing] weight must be a number from 0 to 1000, got -1"),
    ("[rules.CL101]\nweight = 1e9", "2:10: [rules.CL101] weight must be a number from 0 to 1000, got 1000000000"),
    ("[rules.CL101]\nweight = \"heavy\"", "2:10: invalid type: string \"heavy\", expected f64"),
    ("fail-under = nan", "1:14: fail-under must be between 0 and 100, got NaN"),
    ("fail-under = inf", "1:14: fail-under must be between 0 and 100, got inf"),
    ("fail-under = -5", "1:14: fail-under must be between 0 and 100, got -5"),
    ("fail-under = 101", "1:14: fail-under must be between 0 and 100, got 101"),
    ("fail-under = \"high\"", "1:14: invalid type: string \"high\", expected f64"),
    ("max-file-size = 0", "1:17: max-file-size: must be from 1 byte to 256 MiB, got 0 bytes"),
    ("max-file-size = \"99999GB\"", "1:17: max-file-size: must be at most 256 MiB, got \"99999GB\""),
    ("max-file-size = \"3 parsecs\"", "1:17: max-file-size: unknown size unit \"parsecs\" (use B, kB, KiB, MB, MiB, GB, GiB)"),
    ("max-file-size = -1", "1:17: data did not match any variant of untagged enum SizeSpec"),
    ("max-file-size = \"big\"", "1:17: max-file-size: expected a size such as 1048576 or \"1MiB\", got \"big\""),
    ("max-file-size = 300000000", "1:17: max-file-size: must be from 1 byte to 256 MiB, got 300000000 bytes"),
    ("colour = \"red\"", "1:1: unknown field `colour`, expected one of `fail-under`, `fail-on`, `select`, `ignore`, `exclude`, `max-file-size`, `rules`, `rule`, `lexicon`, `per-file-ignores`, `org-defaults`"),
    ("[rules.CL101]\nwieght = 2", "2:1: unknown field `wieght`, expected one of `severity`, `weight`, `params`"),
    ("[rules.CL101]\nseverity = \"fatal\"", "2:12: unknown variant `fatal`, expected one of `info`, `warning`, `error`"),
    ("fail-on = \"sometimes\"", "1:11: unknown variant `sometimes`, expected one of `error`, `warning`, `never`"),
    ("select = \"community\"", "1:10: invalid type: string \"community\", expected a sequence"),
    ("exclude = 3", "1:11: invalid type: integer `3`, expected a sequence"),
    ("ignore = 3", "1:10: a rule selector (\"CL101\"), a list of them, or a table of selector = \"reason\""),
    ("fail-under 70", "1:12: key with no value, expected `=`"),
    ("[rules.CL101", "1:13: unclosed table, expected `]`"),
    ("fail-under = \"70", "1:17: invalid basic string, expected `\"`"),
    ("fail-under = 70\nfail-under = 80", "2:1: duplicate key"),
    ("[[rule]]\ncode = \"X1\"\nname = \"x-rule\"\ncategory = \"community\"\nseverity = \"error\"\nweight = nan\nsummary = \"s\"\nwhy = \"w\"\nfix = \"f\"\ncheck = \"file-exists\"\nparams = { stems = [\"X\"], exts = [\"md\"], dirs = [\"\"] }", "1:1: [[rule]] x-rule weight must be a number from 0 to 1000, got NaN"),
    ("[[rule]]\ncode = \"X1\"", "1:1: missing field `name`"),
    ("per-file-ignores = 3", "1:20: invalid type: integer `3`, expected a map"),
    ("org-defaults = \"CODE_OF_CONDUCT\"", "1:16: invalid type: string \"CODE_OF_CONDUCT\", expected a sequence"),
    ("rules = 3", "1:9: invalid type: integer `3`, expected a map"),
    ("[rules.CL101]\nparams = 3", "2:10: invalid type: integer `3`, expected a map"),
    ("lexicon = 3", "1:11: invalid type: integer `3`, expected a map"),
];

#[test]
fn every_malformed_config_exits_2_with_its_position_and_message() {
    assert!(CASES.len() >= 30);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("README.md"), "# x\n").expect("write");
    let mut wrong = Vec::new();
    for (text, expected) in CASES {
        std::fs::write(dir.path().join("claw-lint.toml"), format!("{text}\n")).expect("write");
        let out = claw_lint(&["--format", "json", "."], dir.path());
        let err = stderr(&out);
        let got = err.trim().split_once("claw-lint.toml:").map(|(_, m)| m);
        if out.status.code() != Some(2) || got != Some(*expected) {
            wrong.push(format!("{text:?}: exit {:?}, {err}", out.status.code()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
