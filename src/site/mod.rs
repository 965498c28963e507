//! Stage 3, the site model: takes the config and the documents, and hands on the
//! [`model::Site`] (every document indexed by locale and path, with its variants per brand)
//! and the [`plan::Plan`]: which brand × locale × page is built, from which file (SPEC §3's
//! fallback and override rules), and every placeholder that lacks a value. Nothing here
//! renders.

pub mod build_date;
pub mod depends;
mod documents;
pub mod history;
pub mod model;
pub mod plan;
pub mod selection;
