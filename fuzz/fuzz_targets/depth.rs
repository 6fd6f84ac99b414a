//! Depth and size: the input is a recipe for a large, deeply nested document (a fragment
//! repeated up to a million times around a core), fed to the Python, Markdown, YAML and
//! notebook readers. Each runs on a thread with the scan's worker stack, as in a real scan.
#![no_main]

use claw_lint::analysis::markdown::Outline;
use claw_lint::analysis::notebook::Notebook;
use claw_lint::analysis::{python, yaml};
use claw_lint::index::Artifact;
use libfuzzer_sys::fuzz_target;

/// The scan's worker stack (engine.rs); parsing happens there, not on the main thread.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Builds `open × n + core + close × n` from the input: the first two bytes give `n` (up to
/// 2^20), the rest splits at the first `|` into the opening fragment and the core, and the
/// closing fragment mirrors the opening one's brackets.
fn nested(data: &[u8]) -> String {
    if data.len() < 3 {
        return String::new();
    }
    let n = (usize::from(data[0]) << 8 | usize::from(data[1])) * 16;
    let rest = String::from_utf8_lossy(&data[2..]);
    let (open, core) = rest.split_once('|').unwrap_or((&rest, ""));
    let open: String = open.chars().take(8).collect();
    let close: String = open
        .chars()
        .rev()
        .filter_map(|c| match c {
            '(' => Some(')'),
            '[' => Some(']'),
            '{' => Some('}'),
            '<' => Some('>'),
            _ => None,
        })
        .collect();
    let mut text = String::with_capacity((open.len() + close.len()) * n + core.len());
    for _ in 0..n {
        text.push_str(&open);
    }
    text.push_str(core);
    for _ in 0..n {
        text.push_str(&close);
    }
    text
}

fuzz_target!(|data: &[u8]| {
    let text = nested(data);
    std::thread::Builder::new()
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            let _ = python::summarize(&text);
            let _ = Outline::parse("README.md", &text);
            let _ = Outline::parse("README.rst", &text);
            let _ = yaml::parse(&text, 0);
            let _ = Notebook::build("deep.ipynb", &text);
        })
        .expect("spawn")
        .join()
        .expect("no panic");
});
