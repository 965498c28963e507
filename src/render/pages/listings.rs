//! The contexts of the pages that list others: a section, a locale's home, the brand's
//! index (which sends the reader to a locale) and its 404 page.

use super::BrandView;
use crate::content::discover::parent_of;
use crate::render::context::*;
use crate::render::lists::Translation;
use crate::site::plan::{LocalePlan, PageKind, PagePlan};

impl BrandView<'_> {
    /// The documents directly in folder `dir` (`` for the top), by weight, then title.
    fn listed(&self, lp: &LocalePlan, dir: &str) -> Vec<Listed> {
        let mut out: Vec<Listed> = lp
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Document && parent_of(&p.key) == dir)
            .filter_map(|p| {
                let doc = self.doc(p)?;
                Some(Listed {
                    title: self.title_of(doc),
                    url: page_url(&lp.locale, &p.key),
                    description: self.description_of(doc),
                    effective_date: self.date_of(doc, &lp.locale),
                    weight: doc.front.weight.unwrap_or(i64::MAX),
                })
            })
            .collect();
        out.sort_by(|a, b| (a.weight, &a.title, &a.url).cmp(&(b.weight, &b.title, &b.url)));
        out
    }

    /// The sections directly below `parent` (`` for the top).
    fn subsections(&self, lp: &LocalePlan, parent: &str) -> Vec<SectionCtx> {
        let mut out: Vec<SectionCtx> = lp
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Section && parent_of(&p.key) == parent)
            .map(|p| {
                let doc = self.doc(p);
                SectionCtx {
                    title: self.section_title(&lp.locale, &p.key),
                    url: page_url(&lp.locale, &p.key),
                    description: doc.and_then(|d| self.description_of(d)),
                    pages: self.listed(lp, &p.key),
                    weight: doc.and_then(|d| d.front.weight).unwrap_or(i64::MAX),
                }
            })
            .collect();
        out.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        out
    }

    /// The context of a section page or of the locale home.
    pub fn listing(&self, lp: &LocalePlan, p: &PagePlan) -> Ctx {
        let locale = &lp.locale;
        let doc = self.doc(p);
        let is_home = p.kind == PageKind::Home;
        let title = match doc {
            Some(d) if d.front.title.is_some() => self.title_of(d),
            _ if is_home => self.site_title(locale),
            _ => self.section_title(locale, &p.key),
        };
        let mut page = PageCtx {
            kind: if is_home { "home" } else { "section" },
            description: doc.and_then(|d| self.description_of(d)),
            canonical: Some(self.canonical(locale, &p.key)),
            breadcrumbs: if is_home { Vec::new() } else { self.breadcrumbs(locale, &p.key, None) },
            content: doc
                .filter(|d| d.has_body)
                .map(|d| d.body.pieces.fill_map(self.values(&d.file.locale)))
                .unwrap_or_default(),
            pages: self.listed(lp, &p.key),
            sections: self.subsections(lp, &p.key),
            title,
            ..PageCtx::default()
        };
        self.set_lists(&mut page, locale, &p.key);
        self.ctx(locale, root_of(&p.key), page)
    }

    /// The locale the brand sends its readers to first.
    pub fn first_locale(&self) -> String {
        let default = &self.site.config.default_locale;
        if self.locales.contains(default) {
            default.clone()
        } else {
            self.locales.first().cloned().unwrap_or_else(|| default.clone())
        }
    }

    /// `<brand>/index.html`: sends the reader to the default locale and links every locale.
    pub fn brand_index(&self) -> Ctx {
        let first = self.first_locale();
        let locales = self.locales.iter().map(|l| {
            let lang = self.lang(l);
            Translation { tag: lang.tag, name: lang.name, url: page_url(l, "") }
        });
        let page = PageCtx {
            kind: "brand-index",
            title: self.site_title(&first),
            canonical: Some(format!("{}/", self.brand.base_url)),
            redirect: Some(page_url(&first, "")),
            locales: locales.collect(),
            ..PageCtx::default()
        };
        self.ctx(&first, String::new(), page)
    }

    /// `<brand>/404.html`, whose links are absolute on the base URL (it is served at any depth).
    pub fn not_found(&self) -> Ctx {
        let first = self.first_locale();
        let title = self.data.string(&first, "not_found_title", "");
        let page = PageCtx { kind: "404", title, ..PageCtx::default() };
        self.ctx(&first, format!("{}/", self.brand.base_url), page)
    }
}
