//! Stage 5, output: takes rendered files and hands on a written output folder and its
//! `manifest.json`. [`staging`] is `build`'s writer (a staging folder swapped in whole, so a
//! failed build leaves the old output as it was); [`live`] is `serve`'s (only files whose
//! bytes changed, each replaced atomically); [`digest`] hashes what they write.

pub mod digest;
pub mod live;
pub mod staging;
