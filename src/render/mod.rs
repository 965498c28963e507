//! Stage 4, rendering: takes the site and its plan, and hands on every file's bytes to a
//! [`sink::Sink`]. [`prepare`] is the front half every command shares (load, theme, plan, with
//! all findings); [`pages`] builds each page's [`context`] (with [`lists`], its ready-made
//! lists); [`theme`] renders it with minijinja; a brand's values go into the body through
//! [`crate::content::fill`]; [`sitemap`] writes sitemaps and robots.txt; [`run`] does all of
//! it in parallel. Nothing here knows where the files end up.

pub mod align;
pub mod clause_lists;
pub mod cleanup;
pub mod compare;
pub mod context;
pub mod feed;
pub mod html_tree;
pub mod jobs;
pub mod labels;
pub mod list_numbers;
pub mod list_splits;
pub mod lists;
pub mod loose_items;
pub mod marks;
pub mod pages;
pub mod prepare;
pub mod redline;
pub mod redlines;
pub mod regroup;
pub mod run;
pub mod sink;
pub mod sitemap;
pub mod theme;
pub mod theme_strings;
