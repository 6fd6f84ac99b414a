//! The one integration test binary: CLI behaviour, rule fixtures, and catalog meta-tests.

mod catalog;
mod cli;
mod hooks;
mod reports;
mod rules;
mod scaffold;
mod support;
