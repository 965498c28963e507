//! The redlines of a run, shared by every brand: one per reader's locale and version pair,
//! computed in parallel before the pages are rendered (see [`crate::render::redline`]).

use crate::render::redline::Redline;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Redlines by (reader's locale, earlier file, later file): each computed once, all of them
/// in parallel before rendering starts ([`Redlines::compute_all`]), and shared by every
/// brand. The keys are set before rendering too, so the pages read it without a lock.
#[derive(Default)]
pub struct Redlines {
    map: HashMap<(String, usize, usize), OnceLock<Redline>>,
}

impl Redlines {
    /// Room for each of `pairs`.
    pub fn new(pairs: impl IntoIterator<Item = (String, usize, usize)>) -> Redlines {
        Redlines { map: pairs.into_iter().map(|k| (k, OnceLock::new())).collect() }
    }

    /// Computes every planned redline, in parallel.
    pub fn compute_all(&self, compute: impl Fn(&(String, usize, usize)) -> Redline + Sync) {
        self.map.par_iter().for_each(|(key, cell)| {
            cell.get_or_init(|| compute(key));
        });
    }

    /// The redline of `(locale, old, new)`, computed on first use; `None` for a pair that
    /// was not planned.
    pub fn get(
        &self,
        locale: &str,
        old: usize,
        new: usize,
        compute: impl FnOnce() -> Redline,
    ) -> Option<&Redline> {
        Some(self.map.get(&(locale.to_string(), old, new))?.get_or_init(compute))
    }
}
