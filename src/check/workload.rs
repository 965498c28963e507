//! The work left to translators, in segments rather than files: for each locale and
//! document its readers see, the units `clause translate export --changed` would give a
//! translator (every unit of a missing translation; the new and changed ones of an outdated
//! one). Counted into the locale's summary and the status page's cells.

use crate::check::matrix::Matrix;
use crate::check::report::LocaleSummary;
use crate::site::model::{up_the_chain, DocId, Site};
use crate::translate::pair::Pair;
use crate::translate::units::Source;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Counts each locale's segments left to translate. Files that cannot be read are left
/// out: loading the site reported them.
pub fn count_segments(site: &Site, locales: &mut BTreeMap<String, LocaleSummary>, matrix: &mut Matrix) {
    // Each source file with the locales that translate it: the source is read once for all.
    let mut by_source: BTreeMap<DocId, Vec<(&str, &str)>> = BTreeMap::new();
    for l in site.locales.iter().filter(|l| l.source().is_some()) {
        for (key, (_, id)) in up_the_chain(&site.index, l, |v| v.generic) {
            if !site.doc(id).file.is_index() {
                by_source.entry(id).or_default().push((l.tag.as_str(), key));
            }
        }
    }
    let work: Vec<(&str, &str, usize)> = by_source
        .into_par_iter()
        .flat_map_iter(|(id, targets)| {
            let file = &site.doc(id).file;
            let source = Source::read(&file.abs, &file.rel).ok();
            targets.into_iter().filter_map(move |(tag, key)| {
                let pair = Pair::with_source(site, file, source.clone()?, tag).ok()?;
                Some((tag, key, pair.to_translate()))
            })
        })
        .collect();
    for (tag, key, n) in work {
        locales.entry(tag.to_string()).or_default().segments += n;
        if let Some(cell) = matrix.rows.get_mut(&(key.to_string(), None)).and_then(|r| r.cells.get_mut(tag)) {
            cell.segments = Some(n);
        }
    }
}
