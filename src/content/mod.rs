//! Stage 2, reading content: takes the site folder and the config, and hands on each
//! `(locale, file)` read once into a [`document::Document`]. [`discover`] walks `content/`
//! into an inventory of sources and assets; [`frontmatter`] splits and parses the head;
//! [`placeholders`] replaces `{{name}}` by sentinels; [`markdown`] renders the body with
//! comrak, [`numbering`] reading clause numbers (statute [`articles`] in alphabetic scripts) and [`clauses`] settling them into the ids that
//! [`anchors`] gives headings and paragraphs, collecting raw HTML's [`html_ids`], boxing
//! [`alerts`], ending bare URLs at CJK punctuation ([`autolinks`]), rewriting `.md` [`links`] and [`highlight`]ing code; the HTML is cut at the sentinels into [`fill`] pieces that a brand's values fill later.
//! [`cache`] keeps documents whose files did not change, for `serve`. Nothing here knows brands'
//! values or pages.

pub mod alerts;
pub mod anchors;
pub mod articles;
pub mod autolinks;
pub mod cache;
pub mod clauses;
pub mod discover;
pub mod document;
pub mod fill;
pub mod frontmatter;
pub mod highlight;
pub mod html_ids;
pub mod inline_codes;
pub mod links;
pub mod markdown;
pub mod numbered;
pub mod numbering;
pub mod numerals;
pub mod placeholders;
pub mod segments;
pub mod shared_text;
