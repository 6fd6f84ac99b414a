//! Check kinds of the tests family (`rules/tests.toml`): whether a test suite exists, runs in CI
//! and offline, covers the modules, and is explained to contributors.

pub mod module_coverage;
pub mod test_instructions;
pub mod test_runner_config;
pub mod tests_exist;
pub mod tests_in_ci;
pub mod tests_offline;
