//! Pages: the template context of every page a brand gets, filled with that brand's values.
//!
//! A [`BrandView`] holds what the pages of one brand share: its values in every locale, which
//! pages it has, and template values built once (site, language, strings, hreflang
//! alternates, the locale switcher). Each page's context ([`crate::render::context`]) is then built
//! from it independently, in parallel: a document's here, a listing's in `pages/listings.rs`.

use crate::config::locale::Locale;
use crate::config::settings::{Brand, ValuesByLocale};
use crate::content::discover::parent_of;
use crate::content::document::{humanize, Document};
use crate::content::frontmatter::Date;
use crate::render::context::*;
use crate::render::lists::{alternates_html, items_value, Alternate, Switcher, Toc, Translation};
use crate::site::model::Site;
use crate::site::plan::{BrandPlan, LocalePlan, PagePlan};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

mod fragment;
mod listings;
mod version_data;
pub mod versions;

/// What every page of one brand shares.
pub struct BrandView<'s> {
    pub site: &'s Site,
    pub brand: &'s Brand,
    /// The brand's values in every locale, as the plan computed them.
    pub values: &'s ValuesByLocale,
    /// locale → key → built from a file of another locale, for every page the brand has
    /// (the plan's strings, not copies: a versioned site has thousands of paths a brand).
    pages: HashMap<&'s str, HashMap<&'s str, bool>>,
    /// Locales the brand builds, sorted.
    pub locales: Vec<String>,
    pub data: &'s RunCache,
    /// Site, language and strings of each locale, built once per brand.
    shared: HashMap<String, Shared>,
    /// What the pages of one path share in every locale, built when a page first needs it
    /// (a rebuild in `serve` renders a few paths of each brand).
    per_key: HashMap<&'s str, OnceLock<PerKey>>,
}

/// What the pages of one path share across the brand's locales, built once per brand.
struct PerKey {
    /// The path's `hreflang` alternates.
    alternates: Arc<Vec<Alternate>>,
    /// The template values, built when a page of the path is first rendered.
    lists: OnceLock<Lists>,
    /// For a document's own path: its history as each of the brand's locales shows it (by
    /// the locale's place in [`BrandView::locales`]), the same on every page built from it.
    histories: Vec<OnceLock<minijinja::Value>>,
}

/// The alternates and translations of a path as template values: lists and ready-made HTML.
struct Lists {
    alternates_value: minijinja::Value,
    alternates_html: minijinja::Value,
    translations: Switcher,
    translations_value: minijinja::Value,
}

/// The parts of a page's context that every page of a (brand, locale) shares.
#[derive(Clone)]
struct Shared {
    site: minijinja::Value,
    lang: minijinja::Value,
    t: minijinja::Value,
}

impl<'s> BrandView<'s> {
    pub fn new(site: &'s Site, plan: &'s BrandPlan, data: &'s RunCache) -> Self {
        let (brand, plans) = (site.config.brand_at(plan.brand), &plan.locales);
        let values = &plan.values;
        let pages = plans
            .iter()
            .map(|lp| {
                // Fragments and JSON files have no hreflang, switcher or listing: left out.
                let pages = lp.pages.iter().filter(|p| !p.kind.names_file());
                (lp.locale.as_str(), pages.map(|p| (p.key.as_str(), p.fallback)).collect())
            })
            .collect();
        let locales = plans.iter().map(|lp| lp.locale.clone()).collect();
        let mut view = BrandView {
            site,
            brand,
            values,
            pages,
            locales,
            data,
            shared: HashMap::new(),
            per_key: HashMap::new(),
        };
        view.shared = site.locales.iter().map(|l| (l.tag.clone(), view.shared_for(&l.tag))).collect();
        view.per_key =
            view.pages.values().flat_map(|keys| keys.keys()).map(|k| (*k, OnceLock::new())).collect();
        view
    }

    /// Whether the brand has a page of `key` in `locale`, and if so whether it is a fallback.
    fn page(&self, locale: &str, key: &str) -> Option<bool> {
        self.pages.get(locale)?.get(key).copied()
    }

    /// Drops what the pages of `key` share, once they are all rendered; a later page of
    /// `key` would build it again.
    pub fn forget(&mut self, key: &str) {
        if let Some(k) = self.per_key.get_mut(key) {
            *k = OnceLock::new();
        }
    }

    /// What the pages of `key` share (`None` when the brand has no page there).
    fn per_key(&self, key: &str) -> Option<&PerKey> {
        self.per_key.get(key).map(|k| k.get_or_init(|| self.per_key_of(key)))
    }

    fn values(&self, locale: &str) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.values.get(locale).unwrap_or(&EMPTY)
    }

    pub fn site_title(&self, locale: &str) -> String {
        self.site.title.template.fill(self.values(locale))
    }

    /// The brand's display name: `brandName`, else `channelName`, else its id.
    pub fn brand_ctx(&self, locale: &str) -> BrandCtx {
        let v = self.values(locale);
        let get = |k: &str| v.get(k).filter(|s| !s.is_empty()).cloned();
        BrandCtx {
            id: self.brand.id.clone(),
            name: get("brandName").or_else(|| get("channelName")).unwrap_or_else(|| self.brand.id.clone()),
            company: get("companyName"),
            logo_absolute: get("brandLogo").is_some_and(|l| l.starts_with('/') || l.contains("://")),
            logo: get("brandLogo").filter(|l| !crate::content::fill::is_dangerous_url(l)),
            has_css: self.brand_color().is_some(),
            base_url: self.brand.base_url.clone(),
        }
    }

    /// The brand's `brandColor` (`brand.css`, one file per brand): its value for text in
    /// the default locale, looked up through all four tables of values like any other.
    pub fn brand_color(&self) -> Option<String> {
        brand_color(self.values(&self.site.config.default_locale))
    }

    pub fn lang(&self, tag: &str) -> LangCtx {
        match self.site.locale(tag) {
            Some(l) => LangCtx::of(l),
            None => LangCtx { tag: tag.to_string(), name: tag.to_string(), dir: "ltr" },
        }
    }

    /// Locale `tag` as a reader of `reader` names it ("英语" for `en` on a zh-CN page).
    pub fn lang_as_read_in(&self, tag: &str, reader: &str) -> LangCtx {
        let mut lang = self.lang(tag);
        if let Some(name) = self.data.names.get(&(tag.to_string(), reader.to_string())) {
            lang.name = name.clone();
        }
        lang
    }

    /// `<base URL>/<locale>/<key>/` (pushed, not `format!`ed: alternates call it per locale).
    pub fn canonical(&self, locale: &str, key: &str) -> String {
        let base = &self.brand.base_url;
        let mut url = String::with_capacity(base.len() + locale.len() + key.len() + 3);
        for part in [base.as_str(), "/", locale, "/"] {
            url.push_str(part);
        }
        if !key.is_empty() {
            url.push_str(key);
            url.push('/');
        }
        url
    }
}

impl BrandView<'_> {
    fn doc(&self, p: &PagePlan) -> Option<&Document> {
        p.doc.map(|d| self.site.doc(d))
    }

    fn title_of(&self, doc: &Document) -> String {
        doc.title.fill(self.values(&doc.file.locale))
    }

    fn description_of(&self, doc: &Document) -> Option<String> {
        doc.description.as_ref().map(|d| d.fill(self.values(&doc.file.locale)))
    }

    fn date_of(&self, doc: &Document, locale: &str) -> Option<String> {
        let d = doc.front.effective_date?;
        Some(self.date_words(locale, d))
    }

    /// Date `d` as `locale` writes it (ISO for a date no document has).
    fn date_words(&self, locale: &str, d: Date) -> String {
        self.data.dates.get(locale).and_then(|dates| dates.get(&d)).cloned().unwrap_or_else(|| d.iso())
    }

    /// The common context of a page of `locale`.
    pub fn ctx(&self, locale: &str, root: String, page: PageCtx) -> Ctx {
        let shared = self.shared.get(locale).cloned().unwrap_or_else(|| self.shared_for(locale));
        Ctx { site: shared.site, lang: shared.lang, t: shared.t, root, page }
    }

    /// What every page of `locale` shares, as template values (cheap to clone).
    fn shared_for(&self, locale: &str) -> Shared {
        let site = SiteCtx { title: self.site_title(locale), brand: self.brand_ctx(locale) };
        Shared {
            site: minijinja::Value::from_serialize(site),
            lang: minijinja::Value::from_serialize(self.lang(locale)),
            t: self.data.t.get(locale).cloned().unwrap_or_default(),
        }
    }

    /// The context of a document page.
    pub fn document(&self, lp: &LocalePlan, p: &PagePlan) -> Option<(Ctx, Body<'_>)> {
        let doc = self.doc(p)?;
        let locale = &lp.locale;
        let values = self.values(&doc.file.locale);
        let source_locale = self.site.locale(locale).and_then(Locale::source).map(str::to_string);
        let toc = p.doc.and_then(|d| self.data.literal_toc(d, doc)).unwrap_or_else(|| Toc::of(doc, values));
        let mut page = PageCtx {
            kind: "page",
            title: self.title_of(doc),
            description: self.description_of(doc),
            canonical: Some(self.canonical_of(locale, p, doc)),
            breadcrumbs: self.breadcrumbs(locale, &p.key, Some(self.title_of(doc))),
            toc: toc.list,
            toc_html: toc.html,
            effective_date: self.date_of(doc, locale),
            effective_date_iso: doc.front.effective_date.map(|d| d.iso()),
            content: BODY_MARKER.to_string(),
            fallback: p.fallback.then(|| self.lang_as_read_in(&doc.file.locale, locale)),
            translated_from: (!p.fallback)
                .then_some(source_locale)
                .flatten()
                .map(|s| self.lang_as_read_in(&s, locale)),
            ..PageCtx::default()
        };
        self.set_lists(&mut page, locale, &p.key);
        let body = Body { pieces: &doc.body.pieces, values };
        Some((self.ctx(locale, root_of(&p.key), page), body))
    }

    /// A fallback page's canonical URL is the page it was built from, when the brand has it.
    fn canonical_of(&self, locale: &str, p: &PagePlan, doc: &Document) -> String {
        let from = &doc.file.locale;
        if p.fallback && self.page(from, &p.key) == Some(false) {
            self.canonical(from, &p.key)
        } else {
            self.canonical(locale, &p.key)
        }
    }

    /// `hreflang` links: every locale whose page of `key` is in its own language, and
    /// x-default. Built anew, not kept: the sitemap, rendered before the pages, reads each
    /// path's once, and the pages keep theirs only while they render.
    pub fn alternates(&self, key: &str) -> Vec<Alternate> {
        self.compute_alternates(key)
    }

    /// Sets the alternates and translations of the page of `key` in `locale`, as lists and
    /// as ready-made HTML.
    fn set_lists_of(&self, page: &mut PageCtx, locale: &str, key: &str) {
        self.set_lists(page, locale, key)
    }

    fn set_lists(&self, page: &mut PageCtx, locale: &str, key: &str) {
        if let Some(k) = self.per_key(key) {
            let lists = k.lists.get_or_init(|| self.lists_of(key, &k.alternates));
            page.alternates = lists.alternates_value.clone();
            page.alternates_html = lists.alternates_html.clone();
            page.translations = lists.translations_value.clone();
            page.translations_html = minijinja::Value::from_safe_string(lists.translations.html(locale));
        }
    }

    fn per_key_of(&self, key: &str) -> PerKey {
        let histories = self.locales.iter().map(|_| OnceLock::new()).collect();
        PerKey { alternates: Arc::new(self.compute_alternates(key)), lists: OnceLock::new(), histories }
    }

    fn lists_of(&self, key: &str, alternates: &Arc<Vec<Alternate>>) -> Lists {
        let translations = self.compute_translations(key);
        Lists {
            alternates_value: items_value(alternates.clone()),
            alternates_html: minijinja::Value::from_safe_string(alternates_html(alternates)),
            translations: Switcher::new(&translations, &root_of(key)),
            translations_value: items_value(Arc::new(translations)),
        }
    }

    fn compute_alternates(&self, key: &str) -> Vec<Alternate> {
        let mut out: Vec<Alternate> = self
            .locales
            .iter()
            .filter(|l| self.page(l, key) == Some(false))
            .map(|l| Alternate { hreflang: l.clone(), href: self.canonical(l, key) })
            .collect();
        let default = &self.site.config.default_locale;
        let x_default = out.iter().find(|a| &a.hreflang == default).or(out.first()).map(|a| a.href.clone());
        if let Some(href) = x_default {
            out.push(Alternate { hreflang: "x-default".into(), href });
        }
        out
    }

    /// The page of `key` in each of the brand's locales that has it (the locale switcher).
    fn compute_translations(&self, key: &str) -> Vec<Translation> {
        self.locales
            .iter()
            .filter(|l| self.page(l, key).is_some())
            .map(|l| {
                let lang = self.lang(l);
                Translation { tag: lang.tag, name: lang.name, url: page_url(l, key) }
            })
            .collect()
    }

    fn breadcrumbs(&self, locale: &str, key: &str, last: Option<String>) -> Vec<Link> {
        let home = self.data.string(locale, "home", "Home");
        let mut out = vec![Link { title: home, url: page_url(locale, "") }];
        let dir = parent_of(key);
        let sections = crate::content::discover::ancestors(if last.is_some() { dir } else { key });
        for s in sections {
            out.push(Link { title: self.section_title(locale, &s), url: page_url(locale, &s) });
        }
        if let Some(title) = last {
            out.push(Link { title, url: page_url(locale, key) });
        }
        out
    }

    fn section_doc(&self, locale: &str, key: &str) -> Option<&Document> {
        let l = self.site.locale(locale)?;
        self.site.source_for(&self.brand.id, l, &format!("{key}/_index")).map(|d| self.site.doc(d))
    }

    fn section_title(&self, locale: &str, key: &str) -> String {
        match self.section_doc(locale, key) {
            Some(d) if d.front.title.is_some() => self.title_of(d),
            _ => humanize(key.rsplit('/').next().unwrap_or(key)),
        }
    }
}
