//! Stage 5, output: takes rendered files and hands on a written output folder and its
//! `manifest.json`. There is one [`writer`], for `build` and `serve` alike: it looks at what
//! is there first ([`previous`]: an earlier output and its manifest, or a new folder, or one
//! it refuses), writes only files whose bytes change, each beside its target (or, for a new
//! output, into a [`staging`] folder), and makes them the output in one [`commit`] once
//! everything rendered, writing the [`manifest`]. [`interrupt`] undoes a build on Ctrl-C;
//! [`digest`] hashes what is written. [`serve_dir`] is the folder `serve` writes into: made
//! in memory, removed when `serve` stops.

pub mod commit;
pub mod digest;
pub mod interrupt;
pub mod manifest;
pub mod previous;
pub mod serve_dir;
pub mod staging;
pub mod writer;
