//! What templates see: the context of a page (`site`, `lang`, `t`, `root`, `page`), the
//! data every locale shares (dates and interface strings), and the document body, which is
//! spliced into the rendered page rather than passed through the template engine.

use crate::config::locale::DateFormat;
use crate::config::locale::Locale;
use crate::content::frontmatter::Date;
use crate::render::lists::{Toc, Translation};
use crate::render::redline::{redline, Labels, Redline};
use crate::render::redlines::Redlines;
use crate::render::theme::Theme;
use crate::site::model::{DocId, Site};
use crate::site::plan::{LocalePlan, PageKind, PagePlan};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock, PoisonError};

mod value;

/// The `brandColor` value, when it is a CSS hex colour (`#1f4e9a`).
pub fn brand_color(values: &BTreeMap<String, String>) -> Option<String> {
    let c = values.get("brandColor")?;
    let hex = c.strip_prefix('#')?;
    (matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| c.clone())
}

#[derive(Debug, Clone, Serialize)]
pub struct BrandCtx {
    pub id: String,
    pub name: String,
    pub company: Option<String>,
    /// `brandLogo`: a URL, or a path from the brand root (see `logo_absolute`).
    pub logo: Option<String>,
    /// Whether `logo` is a full URL (`https://…`, `//…`) or a path from the server root
    /// (`/…`); a relative path is written after `root` by the theme.
    pub logo_absolute: bool,
    pub has_css: bool,
    pub base_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LangCtx {
    pub tag: String,
    pub name: String,
    pub dir: &'static str,
}

impl LangCtx {
    pub fn of(l: &Locale) -> LangCtx {
        LangCtx { tag: l.tag.clone(), name: l.name.clone(), dir: l.dir }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub brand: BrandCtx,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub effective_date: Option<String>,
    #[serde(skip)]
    pub weight: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionCtx {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub pages: Vec<Listed>,
    #[serde(skip)]
    pub weight: i64,
}

/// One version as templates see it (SPEC §6).
#[derive(Debug, Clone, Serialize)]
pub struct VersionItem {
    /// In the locale's words, and as `YYYY-MM-DD`.
    pub date: String,
    pub date_iso: String,
    /// `current`, `upcoming` or `archived`.
    pub role: &'static str,
    /// The version's page, from the brand root.
    pub url: String,
    /// Its changes page (none for the first version).
    pub changes_url: Option<String>,
    pub summary: Option<String>,
    /// The day it stops being in force, when a later version exists.
    pub until: Option<String>,
    pub until_iso: Option<String>,
    /// The date of the version before it, which it replaces.
    pub previous: Option<String>,
    pub previous_iso: Option<String>,
}

/// A document's history, on every page built from it.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryCtx {
    /// The version list, from the brand root.
    pub url: String,
    pub document_url: String,
    pub current: VersionItem,
    /// The next version to take effect, while there is one.
    pub upcoming: Option<VersionItem>,
    /// Every version, newest first.
    pub versions: Vec<VersionItem>,
}

/// A changes page's comparison.
#[derive(Debug, Clone, Serialize)]
pub struct RedlineCtx {
    pub from: VersionItem,
    pub to: VersionItem,
    /// Both versions are in one language, so they are compared.
    pub comparable: bool,
    /// Compared, and nothing at all changed.
    pub unchanged: bool,
    pub added: Vec<ClauseLink>,
    pub removed: Vec<ClauseLink>,
    pub changed: Vec<ClauseLink>,
}

/// A clause named in a redline, linking to it in the version that has it.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseLink {
    /// `4.1.2` (from `clause-4.1.2`).
    pub number: String,
    pub url: String,
    /// A changed clause that had another number: that clause in the earlier version.
    pub was: Option<Box<ClauseLink>>,
}

/// Stands in the rendered template for a document's body, which is spliced in afterwards:
/// the body, most of a page's bytes, never passes through the template engine.
pub const BODY_MARKER: &str = "\u{E000}clause-body\u{E001}";

/// A document's body for one brand: its pieces and the values to fill them with.
pub struct Body<'a> {
    pub pieces: &'a crate::content::fill::Pieces,
    pub values: &'a BTreeMap<String, String>,
}

/// Puts `body` (nothing when `None`) wherever the template put `page.content` in what it
/// rendered, `out[from..]`: the text before the first marker stays where it is.
pub fn splice_in_place(out: &mut String, from: usize, body: Option<&Body>) {
    let finder = memchr::memmem::Finder::new(BODY_MARKER);
    let Some(first) = finder.find(&out.as_bytes()[from..]) else {
        return;
    };
    let rest = out.split_off(from + first);
    let values = body.map(|b| b.pieces.values_from(b.values));
    if let Some(b) = body {
        out.reserve(rest.len() + b.pieces.literal_len() + 256);
    }
    let mut at = BODY_MARKER.len();
    loop {
        if let (Some(b), Some(values)) = (body, &values) {
            b.pieces.fill_into(out, values);
        }
        let end = finder.find(&rest.as_bytes()[at..]).map_or(rest.len(), |i| at + i);
        out.push_str(&rest[at..end]);
        if end == rest.len() {
            return;
        }
        at = end + BODY_MARKER.len();
    }
}

/// Everything a template sees as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx {
    pub kind: &'static str,
    pub title: String,
    pub description: Option<String>,
    pub canonical: Option<String>,
    /// A list of [`Alternate`]s, shared by the pages of every locale.
    pub alternates: minijinja::Value,
    /// The same as `<link rel="alternate">` elements, one per line ([`crate::render::lists::alternates_html`]).
    pub alternates_html: minijinja::Value,
    pub breadcrumbs: Vec<Link>,
    /// A list of [`TocCtx`]s.
    pub toc: minijinja::Value,
    /// The same table of contents as an HTML `<ol>` (see [`Toc`]).
    pub toc_html: minijinja::Value,
    pub effective_date: Option<String>,
    pub effective_date_iso: Option<String>,
    pub content: String,
    pub fallback: Option<LangCtx>,
    pub translated_from: Option<LangCtx>,
    /// A list of [`Translation`]s; the current one has `tag == lang.tag`.
    pub translations: minijinja::Value,
    /// The same as `<li>` links, one per line ([`crate::render::lists::Switcher`]).
    pub translations_html: minijinja::Value,
    pub pages: Vec<Listed>,
    pub sections: Vec<SectionCtx>,
    pub redirect: Option<String>,
    pub locales: Vec<Translation>,
    /// The version a document or version page shows (SPEC §6), when it has several.
    pub version: Option<VersionItem>,
    /// The document's versions (a [`HistoryCtx`]), on every page built from a document
    /// with several.
    pub history: Option<minijinja::Value>,
    /// A changes page's comparison.
    pub redline: Option<RedlineCtx>,
}

/// The whole context of one page.
#[derive(Debug, Clone, Serialize)]
pub struct Ctx {
    /// A [`SiteCtx`].
    pub site: minijinja::Value,
    /// A [`LangCtx`].
    pub lang: minijinja::Value,
    /// The interface strings.
    pub t: minijinja::Value,
    /// The way from this page to the brand's root folder: `../../../`, or the base URL on 404.html.
    pub root: String,
    pub page: PageCtx,
}

/// The URL of a page below the brand root: `en/agreement/privacy-policy/index.html`.
pub fn page_url(locale: &str, key: &str) -> String {
    let mut url = String::with_capacity(locale.len() + key.len() + 12);
    url.push_str(locale);
    url.push('/');
    if !key.is_empty() {
        url.push_str(key);
        url.push('/');
    }
    url.push_str("index.html");
    url
}

/// `../` for each folder between the page and the brand root.
pub fn root_of(key: &str) -> String {
    let depth = 1 + if key.is_empty() { 0 } else { key.split('/').count() };
    "../".repeat(depth)
}

/// The run's cache, shared by the pages of every brand: dates, interface strings and locale
/// names per locale; tables of contents without placeholders and version-page bodies per
/// document, built on first use. Each wave of pages gets its redlines ([`RunCache::redlines_for`]).
pub struct RunCache {
    /// Every effective date of the site, by locale, as the locale writes dates.
    pub dates: HashMap<String, HashMap<Date, String>>,
    pub strings: HashMap<String, BTreeMap<String, String>>,
    /// (locale, reader's locale) → the locale's name in the reader's language.
    pub names: HashMap<(String, String), String>,
    /// The interface strings of each locale as a template value (`t`).
    pub t: HashMap<String, minijinja::Value>,
    /// By document: its table of contents when no heading in it has a placeholder (the same
    /// for every brand), built when a page first needs it, dropped after its wave.
    literal_tocs: Vec<Mutex<Option<Option<Toc>>>>,
    /// By document: its body for a version page, two folders deeper, built on first use
    /// (`None`: the body has no relative link, so it serves as it is).
    deeper_bodies: Vec<OnceLock<Option<crate::content::fill::Pieces>>>,
}

impl RunCache {
    pub fn new(site: &Site, theme: &Theme) -> RunCache {
        let mut all: Vec<Date> = site.docs.iter().filter_map(|d| d.front.effective_date).collect();
        all.sort();
        all.dedup();
        let dates = site
            .locales
            .par_iter()
            .map(|l| {
                let format = DateFormat::new(&l.tag);
                (l.tag.clone(), all.iter().map(|d| (*d, format.format(d.year, d.month, d.day))).collect())
            })
            .collect();
        let strings: HashMap<String, BTreeMap<String, String>> =
            site.locales.iter().map(|l| (l.tag.clone(), theme.strings_for(l))).collect();
        let names = site
            .locales
            .iter()
            .flat_map(|reader| {
                site.locales.iter().map(move |l| {
                    (
                        (l.tag.clone(), reader.tag.clone()),
                        crate::config::locale::display_name(&l.tag, &reader.tag),
                    )
                })
            })
            .collect();
        let t = strings.iter().map(|(l, t)| (l.clone(), minijinja::Value::from_serialize(t))).collect();
        let literal_tocs = site.docs.iter().map(|_| Mutex::default()).collect();
        let deeper_bodies = site.docs.iter().map(|_| OnceLock::new()).collect();
        RunCache { dates, strings, names, t, literal_tocs, deeper_bodies }
    }

    /// The redline of every changes page among `pages` (one per reader's locale and version
    /// pair, whatever the number of brands), computed in parallel before those pages are
    /// rendered (beside the wave before them): no page batch waits for another thread's diff.
    pub fn redlines_for<'p>(
        &self,
        site: &Site,
        pages: impl Iterator<Item = (&'p LocalePlan, &'p PagePlan)>,
    ) -> Redlines {
        let pairs = pages.filter(|(_, p)| p.kind == PageKind::Changes).filter_map(|(l, p)| {
            let v = p.version.as_ref()?;
            let old = v.history.versions.get(v.index.checked_sub(1)?)?.doc;
            Some((l.locale.clone(), old, v.history.versions[v.index].doc))
        });
        Redlines::compute(pairs, |(locale, old, new)| self.compute_redline(site, locale, *old, *new))
    }

    /// The interface string `key` of `locale`, or `default` when the theme has none.
    pub fn string(&self, locale: &str, key: &str, default: &str) -> String {
        self.strings.get(locale).and_then(|t| t.get(key).cloned()).unwrap_or_else(|| default.to_string())
    }

    fn compute_redline(&self, site: &Site, locale: &str, old: DocId, new: DocId) -> Redline {
        let labels = Labels::from_strings(|key, default| self.string(locale, key, default));
        redline(&site.doc(old).body.pieces, &site.doc(new).body.pieces, &labels, 2)
    }

    /// The body of document `index` (`doc`) for its version page, two folders below it.
    pub fn deeper_body<'a>(
        &'a self,
        index: DocId,
        doc: &'a crate::content::document::Document,
    ) -> &'a crate::content::fill::Pieces {
        let deeper = self
            .deeper_bodies
            .get(index.0)
            .map(|cell| cell.get_or_init(|| crate::render::html_tree::deeper_pieces(&doc.body.pieces, 2)));
        deeper.and_then(Option::as_ref).unwrap_or(&doc.body.pieces)
    }

    /// The table of contents of document `index` (`doc`), when it is the same for every brand.
    pub fn literal_toc(&self, index: DocId, doc: &crate::content::document::Document) -> Option<Toc> {
        let mut toc = self.literal_tocs.get(index.0)?.lock().unwrap_or_else(PoisonError::into_inner);
        toc.get_or_insert_with(|| Toc::is_literal(doc).then(|| Toc::of(doc, &BTreeMap::new()))).clone()
    }

    /// Drops the table of contents of each of `docs`, whose pages are all rendered.
    pub fn forget_tocs(&self, docs: impl Iterator<Item = DocId>) {
        let tocs = docs.filter_map(|d| self.literal_tocs.get(d.0));
        tocs.for_each(|toc| *toc.lock().unwrap_or_else(PoisonError::into_inner) = None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_path_and_its_way_back_to_the_brand_root_agree() {
        assert_eq!((page_url("en", ""), root_of("")), ("en/index.html".into(), "../".into()));
        let (url, root) = (page_url("zh-CN", "agreement/privacy"), root_of("agreement/privacy"));
        assert_eq!((url.as_str(), root.as_str()), ("zh-CN/agreement/privacy/index.html", "../../../"));
    }

    #[test]
    fn only_a_hex_colour_is_a_brand_colour() {
        let values = |c: &str| BTreeMap::from([("brandColor".to_string(), c.to_string())]);
        assert_eq!(
            (brand_color(&values("#1f4e9a")), brand_color(&values("#abc"))),
            (Some("#1f4e9a".into()), Some("#abc".into()))
        );
        for bad in ["1f4e9a", "#1f4e9", "#ggg", "red", "#123;}body{x"] {
            assert_eq!(brand_color(&values(bad)), None, "{bad}");
        }
    }
}
