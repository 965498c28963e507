//! clause: builds one static legal site per brand from one multilingual content tree.
//!
//! The folders are the stages of a build, in the order data flows; each depends only on the
//! ones before it (`tests/layout.rs` holds the code to that):
//!
//! 1. [`config`] — `site.toml` and locales;
//! 2. [`content`] — every `(locale, file)` read once: front matter, placeholders as sentinels,
//!    Markdown, clause ids, links, highlighting, and the pieces a brand fills;
//! 3. [`site`] — the documents indexed, and the plan of every brand × locale × page;
//! 4. [`render`] — page contexts, the theme, values filled in, sitemaps, in parallel;
//! 5. [`output`] — the one writer of `build` and `serve` (only changed files), the manifest, digests;
//! 6. [`deploy`] — publishing each brand's output to an object store (`clause deploy`);
//! 7. [`translate`] — the exchange with translators' CAT tools: XLIFF 1.2 out and back in
//!    (`clause translate`), and the segments each translation still lacks;
//! 8. [`check`] — every rule `clause check` applies to what the front half loaded and
//!    planned (links, translations, versions, clauses, overrides, theme strings, deploy
//!    settings), and its reports; it writes nothing;
//! 9. [`commands`] — `build`, `check`, `serve --watch`, `init` and the command line.
//!
//! [`diag`] (every error and warning, as data) is beneath them all.

// A `Diagnostic` is a few strings; errors are rare and never on a hot path.
#![allow(clippy::result_large_err)]

pub mod diag;

pub mod check;
pub mod commands;
pub mod config;
pub mod content;
pub mod deploy;
pub mod output;
pub mod render;
pub mod site;
pub mod translate;
