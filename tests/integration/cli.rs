//! CLI behaviour: exit codes, error messages with positions, and the core contract on fixtures.

use crate::support::{claw_lint, fixtures, stderr, stdout};

#[test]
fn nonexistent_path_exits_2_with_a_clear_message() {
    let out = claw_lint(&["--isolated", "no/such/dir"], &fixtures());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot scan no/such/dir: no such file or folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn malformed_config_exits_2_with_file_line_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("claw-lint.toml"),
        "fail-under = 50\nfial-on = \"error\"\n",
    )
    .expect("write");
    let out = claw_lint(&["."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("claw-lint.toml:2:1: unknown field `fial-on`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn version_prints_the_crate_version() {
    let out = claw_lint(&["--version"], &fixtures());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
}
