//! Check kinds of the templates family (`rules/templates.toml`): issue and pull-request templates,
//! their fields, and the labels they apply.

pub mod beginner_label;
pub mod blank_issues_guidance;
pub mod bug_template_fields;
pub mod feature_template_motivation;
pub mod issue_template_valid;
pub mod issue_templates_present;
pub mod template_labels_defined;
