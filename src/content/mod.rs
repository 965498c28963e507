//! Stage 2, reading content: takes the site folder and the config, and hands on each
//! `(locale, file)` read once into a [`document::Document`]. [`discover`] walks `content/`
//! into an inventory of sources and assets; [`frontmatter`] splits and parses the head;
//! [`placeholders`] replaces `{{name}}` by sentinels; [`markdown`] renders the body with
//! comrak, giving [`clauses`] their ids, rewriting `.md` [`links`] and [`highlight`]ing code;
//! the HTML is cut at the sentinels into [`fill`] pieces that a brand's values fill later.
//! [`cache`] keeps documents whose files did not change, for `serve`. Nothing here knows brands'
//! values or pages.

pub mod cache;
pub mod clauses;
pub mod discover;
pub mod document;
pub mod fill;
pub mod frontmatter;
pub mod highlight;
pub mod links;
pub mod markdown;
pub mod placeholders;
