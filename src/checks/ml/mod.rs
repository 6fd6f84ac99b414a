//! The ML readiness family (`rules/ml.toml`): can a newcomer install, reproduce and run this ML
//! project on their own machine? Every kind here applies only to ML projects (the
//! [`crate::analysis::ml_project::MlProject`] fact, asked through `MlProject::if_ml`), and several
//! judge libraries and applications differently.

pub mod binary_lfs;
pub mod dependency_spec;
pub mod framework_pin;
pub mod model_card_metadata;
pub mod model_card_present;
pub mod notebook_outputs;
pub mod readme_reproduction;
pub mod results_table;
pub mod seed_control;
pub mod small_run;
