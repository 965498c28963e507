//! `check`'s warnings about version history (SPEC §6): a current or upcoming version that a
//! locale has not translated (`missing-translation`, naming the version's date), and a
//! version without `summary` (`missing-summary`) in a document that has several.

use crate::content::frontmatter::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::model::{at, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Adds the version warnings of `site`, built for `as_of`, to `diags`; returns the number of
/// untranslated versions per locale, for the translator's table.
pub fn check_versions(site: &Site, as_of: Date, diags: &mut Diagnostics) -> BTreeMap<String, usize> {
    let mut missing = BTreeMap::new();
    let versioned: BTreeSet<&String> = site.dated.values().flat_map(BTreeMap::keys).collect();
    for d in site.docs.iter().filter(|d| versioned.contains(&d.file.key) && d.summary.is_none()) {
        diags.push(
            Diagnostic::warning("missing-summary", "this version has no summary of what it changed")
                .in_file(d.file.rel.clone())
                .locale(&d.file.locale)
                .help("add summary = \"…\" to its front matter: one line that the version list and the feed show"),
        );
    }
    for l in &site.locales {
        let Some(source) = l.source() else { continue };
        for (key, dated) in site.dated.get(source).into_iter().flatten() {
            let loc = source;
            let current = in_force(site, loc, key, dated.keys().copied(), as_of);
            for (date, v) in dated.iter().filter(|(d, _)| Some(**d) >= current) {
                let has = |loc: &str| at(&site.dated, loc, key).is_some_and(|m| m.contains_key(date));
                let Some(src) = v.generic.map(|i| &site.docs[i]) else { continue };
                if has(&l.tag) {
                    continue;
                }
                *missing.entry(l.tag.clone()).or_insert(0) += 1;
                diags.push(
                    Diagnostic::warning(
                        "missing-translation",
                        format!("the version of {} ({}) has no translation in {}", date.iso(), src.file.rel.display(), l.tag),
                    )
                    .in_file(src.file.rel.clone())
                    .locale(&l.tag)
                    .help(format!(
                        "translate it into content/{}/{key}@{}.md; until then readers in {} see the {source} text of that version",
                        l.tag,
                        date.iso(),
                        l.tag
                    )),
                );
            }
        }
    }
    missing
}

/// The date of the version of `key` in force in `locale` on `as_of` (of its dated versions
/// and `<doc>.md`); `None` when every version is later.
fn in_force(
    site: &Site,
    locale: &str,
    key: &str,
    dated: impl Iterator<Item = Date>,
    as_of: Date,
) -> Option<Date> {
    let plain = at(&site.index, locale, key).and_then(|v| v.generic);
    let plain = plain.and_then(|i| site.docs[i].front.effective_date);
    dated.chain(plain).filter(|d| *d <= as_of).max()
}
