//! clause: builds one static legal site per brand from one multilingual content tree.
//!
//! Read it in the order of a build:
//!
//! - [`config`] reads `site.toml`; [`discover`] walks `content/`; [`locale`] knows tags,
//!   names and dates (CLDR).
//! - [`document`] reads each file once: [`frontmatter`], [`placeholders`] (sentinels),
//!   [`markdown`] (comrak, with [`clauses`] ids, [`links`] rewriting and [`highlight`]).
//! - [`site`] indexes the documents (with [`cache`] for `serve`); [`plan`] decides every
//!   brand × locale × page and finds missing values.
//! - [`pages`] builds each page's [`context`] (with [`lists`], its ready-made lists);
//!   [`theme`] renders it; [`fill`] puts a brand's values into a rendered body; [`render`]
//!   does all of it in parallel into an [`output`] staging folder (or a [`live`] folder),
//!   hashing what it writes with [`digest`]; [`sitemap`] writes the sitemaps.
//! - [`pipeline`] is `build`; [`check`] and [`check_output`] are `check`; [`init`] is `init`;
//!   [`serve`], [`session`] and [`watch`] are `serve --watch`; [`cli`] is the command line;
//!   [`diag`] is every error and warning.
//! - [`deploy`] publishes the output to object stores (`clause deploy`).

// A `Diagnostic` is a few strings; errors are rare and never on a hot path.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod check;
pub mod check_output;
pub mod clauses;
pub mod cli;
pub mod config;
pub mod context;
pub mod deploy;
pub mod diag;
pub mod digest;
pub mod discover;
pub mod document;
pub mod fill;
pub mod frontmatter;
pub mod highlight;
pub mod init;
pub mod links;
pub mod lists;
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
