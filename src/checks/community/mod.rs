//! Check kinds of the community family (`rules/community.toml`): community health files, the
//! contributing guide's content, and the links and commands in it.

pub mod broken_link;
pub mod community_file;
pub mod contributing_topics;
pub mod contribution_policy;
pub mod file_exists;
pub mod readme_links_guide;
pub mod stale_command;
pub mod stub_guide;
