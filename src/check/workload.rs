//! The work left to translators, in segments rather than files: for each locale and
//! document its readers see, the units `clause translate export --changed` would give a
//! translator (every unit of a missing translation; the new and changed ones of an outdated
//! one). Counted into the locale's summary and the status page's cells.

use crate::check::matrix::Matrix;
use crate::check::report::LocaleSummary;
use crate::site::model::{up_the_chain, Site};
use crate::translate::pair::Pair;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Counts each locale's segments left to translate. Files that cannot be read are left
/// out: loading the site reported them.
pub fn count_segments(site: &Site, locales: &mut BTreeMap<String, LocaleSummary>, matrix: &mut Matrix) {
    let work: Vec<(&str, &str, usize)> = site
        .locales
        .iter()
        .filter(|l| l.source().is_some())
        .flat_map(|l| {
            let docs = up_the_chain(&site.index, l, |v| v.generic);
            docs.into_iter().map(move |(key, (_, id))| (l.tag.as_str(), key, id))
        })
        .filter(|(_, _, id)| !site.doc(*id).file.is_index())
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter_map(|(tag, key, id)| {
            let pair = Pair::read(site, &site.doc(id).file, tag).ok()?;
            Some((tag, key, pair.to_translate()))
        })
        .collect();
    for (tag, key, n) in work {
        locales.entry(tag.to_string()).or_default().segments += n;
        if let Some(cell) = matrix.rows.get_mut(&(key.to_string(), None)).and_then(|r| r.cells.get_mut(tag)) {
            cell.segments = Some(n);
        }
    }
}
