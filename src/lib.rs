//! clause: builds one static legal site per brand from one multilingual content tree.
//!
//! Read it top to bottom in the order of a build: [`config`] reads `site.toml`, [`discover`]
//! walks `content/`, [`document`] reads each file once ([`frontmatter`], [`placeholders`],
//! [`markdown`], [`clauses`], [`highlight`]), [`site`] indexes them, [`plan`] decides every
//! brand × locale × page, [`pages`] and [`theme`] render them, [`output`] writes them
//! atomically, and [`pipeline`] ties it together. [`cli`] is the command line.

// A `Diagnostic` is a few strings; errors are rare and never on a hot path.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod check_output;
pub mod clauses;
pub mod cli;
pub mod config;
pub mod diag;
pub mod discover;
pub mod document;
pub mod frontmatter;
pub mod highlight;
pub mod init;
pub mod live;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod placeholders;
pub mod plan;
pub mod render;
pub mod serve;
pub mod session;
pub mod site;
pub mod sitemap;
pub mod theme;
pub mod watch;
