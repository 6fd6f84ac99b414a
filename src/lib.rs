//! claw-lint: how ready is an ML repository for outside contributors, and what exactly to fix.
//!
//! The flow, one module each:
//! 1. [`config`] finds `claw-lint.toml` / `.claw-lint.toml` / `[tool.claw-lint]` upward from the
//!    target and merges it with the flags into [`config::Settings`].
//! 2. [`catalog`] loads the embedded rule catalog (`rules/*.toml`) plus user entries and builds
//!    the active rules, each with its check from [`checks`].
//! 3. [`walk`] scans the tree once, in parallel, honouring `.gitignore`, into a [`index::RepoIndex`]
//!    whose per-file caches read and parse each file at most once.
//! 4. [`engine`] runs the active checks in parallel; [`score`] turns their credit into a 0–100 score.
//! 5. A reporter from [`report`] writes human, JSON, SARIF, GitHub, Markdown or badge output.
//!
//! Around the flow: [`target`] tells a repository scan from file mode (`claw-lint FILE...`, the
//! pre-commit hook), [`progress`] shows a spinner to a person waiting at a terminal, and [`init`]
//! scaffolds missing contributor files.
//!
//! Nothing here executes or imports the scanned repository's code. No check writes to it; only
//! `claw-lint init`, when asked, creates files that are missing, and never overwrites one.
#![deny(missing_docs)]

pub mod analysis;
pub mod app;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod engine;
pub mod error;
pub mod finding;
pub mod index;
pub mod init;
pub mod output;
pub mod progress;
pub mod report;
pub mod score;
pub mod suppression;
pub mod target;
pub mod walk;
