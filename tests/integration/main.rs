//! The one integration test binary: CLI behaviour, rule fixtures, and catalog meta-tests.

mod catalog;
mod cli;
mod config_table;
mod hooks;
mod hostile;
mod message_style;
mod readme;
mod reports;
mod rules;
mod scaffold;
mod schema;
mod support;
