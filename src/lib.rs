//! clause: builds one static legal site per brand from one multilingual content tree.

pub mod config;
pub mod diag;
pub mod locale;
pub mod frontmatter;
pub mod placeholders;
pub mod clauses;
pub mod highlight;
pub mod markdown;
