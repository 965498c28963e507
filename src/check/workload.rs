//! The work left to translators, in segments rather than files: for each locale and
//! document its readers see (its current and upcoming versions), the units `clause translate
//! export --changed` would give a translator (every unit of a missing translation; the new and
//! changed ones of an outdated one). Counted into the locale's summary and the status page's
//! cells.

use crate::check::matrix::Matrix;
use crate::check::report::LocaleSummary;
use crate::content::discover::SourceFile;
use crate::site::model::Site;
use crate::translate::export::sources;
use crate::translate::pair::Pair;
use crate::translate::units::Source;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Counts each locale's segments left to translate: in the files `translate export` gives
/// it (current and upcoming versions, [`sources`]). Files that cannot be read are left out:
/// loading the site reported them.
pub fn count_segments(site: &Site, locales: &mut BTreeMap<String, LocaleSummary>, matrix: &mut Matrix) {
    // Each source file with the locales that translate it: the source is read once for all.
    let mut by_source: BTreeMap<&Path, (&SourceFile, Vec<&str>)> = BTreeMap::new();
    for l in site.locales.iter().filter(|l| l.source().is_some()) {
        for file in sources(site, &l.tag, None).into_iter().filter(|f| !f.is_index()) {
            by_source.entry(&file.rel).or_insert((file, Vec::new())).1.push(l.tag.as_str());
        }
    }
    let work: Vec<(&str, &str, usize)> = by_source
        .into_par_iter()
        .flat_map_iter(|(_, (file, tags))| {
            let source = Source::read(&file.abs, &file.rel).ok();
            tags.into_iter().filter_map(move |tag| {
                let pair = Pair::with_source(site, file, source.clone()?, tag).ok()?;
                Some((tag, file.key.as_str(), pair.to_translate()))
            })
        })
        .collect();
    for (tag, key, n) in work {
        locales.entry(tag.to_string()).or_default().segments += n;
        if let Some(cell) = matrix.rows.get_mut(&(key.to_string(), None)).and_then(|r| r.cells.get_mut(tag)) {
            *cell.segments.get_or_insert(0) += n;
        }
    }
}
