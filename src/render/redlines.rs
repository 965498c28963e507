//! The redlines of a wave of pages (see [`crate::render::jobs`]), shared by every brand: one
//! per reader's locale and version pair, computed in parallel while the wave before renders,
//! and dropped after the wave's pages (see [`crate::render::redline`]).

use crate::render::redline::Redline;
use crate::site::model::DocId;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Redlines by (reader's locale, earlier file, later file): each computed once, all of a
/// wave's in parallel before its pages render, and shared by every brand; the pages only read it.
#[derive(Default)]
pub struct Redlines {
    map: HashMap<(String, DocId, DocId), Redline>,
}

impl Redlines {
    /// The redline of each of `pairs` (repeats are computed once), in parallel.
    pub fn compute(
        pairs: impl IntoIterator<Item = (String, DocId, DocId)>,
        compute: impl Fn(&(String, DocId, DocId)) -> Redline + Sync,
    ) -> Redlines {
        let pairs: HashSet<(String, DocId, DocId)> = pairs.into_iter().collect();
        let map = pairs.into_par_iter().map(|key| {
            let redline = compute(&key);
            (key, redline)
        });
        Redlines { map: map.collect() }
    }

    /// The redline of `(locale, old, new)`; `None` for a pair that was not computed.
    pub fn get(&self, locale: &str, old: DocId, new: DocId) -> Option<&Redline> {
        self.map.get(&(locale.to_string(), old, new))
    }
}
