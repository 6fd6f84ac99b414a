//! The ML readiness family (`rules/ml.toml`): can a newcomer install, reproduce and run this ML
//! project on their own machine? Every kind here applies only to ML projects (the
//! [`MlProject`] fact), and several judge libraries and applications differently.

use std::sync::Arc;

use super::CheckCtx;
use crate::analysis::ml_project::MlProject;

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

/// The project facts when the repository is an ML project, `None` otherwise (the rule is then
/// not applicable).
fn ml_project(cx: &CheckCtx) -> Option<Arc<MlProject>> {
    let project = cx.index.fact::<MlProject>();
    project.is_ml().then_some(project)
}
