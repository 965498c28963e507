//! What each page reads, declared beside the page kinds, so that `serve` renders again
//! exactly the pages a change touches. A new page kind says here what it depends on.
//!
//! - A page reads its brand's settings (values, base URL): a brand table's change renders
//!   every file of that brand, and any other site.toml change renders everything.
//! - A document, version, version-list or changes page reads the text of its file and,
//!   for a document with versions, of every version in its history (dates, summaries and
//!   redlines show the neighbours), and each version's source, whose front matter decides
//!   a translation's date and `material`.
//! - A document's fragments and its `versions.json` read the same: every version's file
//!   (the JSON holds each version's date, `material`, summary and the SHA-256 of its text).
//! - Section and home pages list the documents of their brand and locale: they read the
//!   *outline* of those documents (title, dates, description, weight, brands), not bodies.
//!   So does `<locale>/legal.json` (titles, version dates, `material`).
//! - The brand's own files (sitemap, feeds, brand index, 404 page) read only outlines.

use crate::content::discover::Asset;
use crate::site::model::{DocId, Site};
use crate::site::plan::{PageKind, PagePlan, Plan};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

impl PageKind {
    /// Whether a page of this kind lists the documents of its brand and locale, and so
    /// changes when the outline of one of them changes.
    pub fn lists_documents(self) -> bool {
        matches!(self, PageKind::Section | PageKind::Home | PageKind::LegalData)
    }
}

impl PagePlan {
    /// The documents whose text the page shows: its own file and, on the pages of a
    /// document with versions, every version's file and the source deciding its facts.
    pub fn reads(&self) -> impl Iterator<Item = DocId> + '_ {
        let versions = self.version.iter().flat_map(|v| v.history.versions.iter());
        let history = versions.flat_map(|v| [v.doc, v.source]);
        self.doc.into_iter().chain(history)
    }
}

/// Whether the changed `paths` of the site at `root` (whose assets are `assets`) are only
/// Markdown in `content/`: then only documents are parsed again. Paths that are gone and were
/// never part of the site (an editor's or `sed -i`'s temporary file) do not count: a batch of
/// nothing else (the debouncer may hand an atomic save's temporary file on its own) is
/// Markdown-only too, and renders what the load found re-parsed.
pub fn markdown_only(root: &Path, assets: &[Asset], paths: &[PathBuf]) -> bool {
    let content = root.join("content");
    let known_asset = |p: &Path| assets.iter().any(|a| a.abs == p);
    let is_markdown = |p: &Path| p.extension().is_some_and(|e| e == "md");
    paths
        .iter()
        .filter(|p| p.exists() || !p.starts_with(&content) || known_asset(p) || is_markdown(p))
        .all(|p| p.starts_with(&content) && is_markdown(p) && !p.is_dir())
}

/// The Markdown files changed since the last build.
#[derive(Debug, Clone, Default)]
pub struct Touched {
    pub files: HashSet<PathBuf>,
    /// Only their bodies changed: every one's outline is as before.
    pub outlines_same: bool,
}

/// The pages a change of Markdown files makes stale, the site's set of pages being the same.
pub struct Stale {
    docs: HashSet<DocId>,
    /// (brand id, locale) whose listings show a document whose outline changed.
    listings: HashSet<(String, String)>,
    /// Whether the brands' own files (sitemaps, feeds, indexes) are stale.
    pub brand_files: bool,
}

impl Stale {
    pub fn of(site: &Site, plan: &Plan, touched: &Touched) -> Stale {
        let docs: HashSet<DocId> =
            site.doc_ids().filter(|(_, d)| touched.files.contains(&d.file.rel)).map(|(id, _)| id).collect();
        let mut stale = Stale { docs, listings: HashSet::new(), brand_files: !touched.outlines_same };
        if stale.brand_files {
            stale.listings = stale.listings_of(site, plan);
        }
        stale
    }

    /// The (brand, locale) pairs with a page that reads a touched document.
    fn listings_of(&self, site: &Site, plan: &Plan) -> HashSet<(String, String)> {
        let mut out = HashSet::new();
        for bp in &plan.brands {
            let brand = &site.config.brand_at(bp.brand).id;
            for lp in bp.locales.iter().filter(|lp| lp.pages.iter().any(|p| self.reads_touched(p))) {
                out.insert((brand.clone(), lp.locale.clone()));
            }
        }
        out
    }

    fn reads_touched(&self, p: &PagePlan) -> bool {
        p.reads().any(|d| self.docs.contains(&d))
    }

    /// Whether the page of `brand` in `locale` must be rendered again.
    pub fn page(&self, brand: &str, locale: &str, p: &PagePlan) -> bool {
        self.reads_touched(p)
            || (p.kind.lists_documents() && self.listings.contains(&(brand.to_string(), locale.to_string())))
    }
}

impl Plan {
    /// Whether two plans have the same pages built from the same files.
    pub fn same_pages(&self, other: &Plan) -> bool {
        fn pages(
            plan: &Plan,
        ) -> impl Iterator<Item = (crate::config::settings::BrandId, &str, &str, bool, Option<DocId>)>
        {
            plan.brands.iter().flat_map(|b| {
                b.locales.iter().flat_map(move |l| {
                    l.pages
                        .iter()
                        .map(move |p| (b.brand, l.locale.as_str(), p.key.as_str(), p.fallback, p.doc))
                })
            })
        }
        pages(self).eq(pages(other))
    }
}

impl Site {
    /// Whether every document of `files` is in `self` as in `old` but for its body: then no
    /// listing, sitemap, feed or brand index changes.
    pub fn same_outlines(&self, old: &Site, files: &HashSet<PathBuf>) -> bool {
        let by_file = |site: &Site| -> HashMap<PathBuf, DocId> {
            site.doc_ids()
                .filter(|(_, d)| files.contains(&d.file.rel))
                .map(|(i, d)| (d.file.rel.clone(), i))
                .collect()
        };
        let (before, after) = (by_file(old), by_file(self));
        before.len() == files.len()
            && after.len() == files.len()
            && after
                .iter()
                .all(|(f, &i)| before.get(f).is_some_and(|&j| self.doc(i).same_outline(old.doc(j))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_gone_temporary_files_is_markdown_only_and_an_asset_is_not() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("content/en");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("logo.png"), b"png").unwrap();
        let only = |names: &[&str]| {
            let paths: Vec<PathBuf> = names.iter().map(|n| folder.join(n)).collect();
            markdown_only(root.path(), &[], &paths)
        };
        assert!(only(&["policy.md.tmp"]));
        assert!(only(&["policy.md", "policy.md.tmp"]));
        assert!(!only(&["logo.png"]));
        assert!(!markdown_only(root.path(), &[], &[root.path().join("site.toml")]));
    }
}
