//! The pages of a document's version history (SPEC §6): what the document page and each
//! version page say of their version, the version list, and the changes page (a redline,
//! diffed once per locale and version pair in [`crate::render::redline`], filled per brand).

use super::BrandView;
use crate::content::frontmatter::Date;
use crate::render::context::*;
use crate::render::redline::Redline;
use crate::render::redlines::Redlines;
use crate::site::history::History;
use crate::site::plan::{LocalePlan, PagePlan, VersionRef};

impl BrandView<'_> {
    /// Version `i` of `history` for a page of `locale`.
    fn version_item(&self, locale: &str, key: &str, history: &History, i: usize) -> VersionItem {
        let v = &history.versions[i];
        let doc = self.site.doc(v.doc);
        let until = history.until(i);
        let previous = i.checked_sub(1).and_then(|p| history.versions.get(p)).map(|p| p.date);
        VersionItem {
            date: self.date_words(locale, v.date),
            date_iso: v.date.iso(),
            role: history.role(i).key(),
            url: page_url(locale, &format!("{key}/versions/{}", v.date.iso())),
            changes_url: (i > 0).then(|| page_url(locale, &format!("{key}/changes/{}", v.date.iso()))),
            summary: doc.summary.as_ref().map(|s| s.fill(self.values(&doc.file.locale))),
            until: until.map(|d| self.date_words(locale, d)),
            until_iso: until.map(|d| d.iso()),
            previous: previous.map(|d| self.date_words(locale, d)),
            previous_iso: previous.map(|d| d.iso()),
        }
    }

    /// The history as the pages of `locale` show it, as a template value: built once for
    /// all the pages of the document in `locale` (a version list, each version's page and
    /// changes page).
    fn history(&self, locale: &str, v: &VersionRef) -> minijinja::Value {
        let build = || minijinja::Value::from_serialize(self.history_ctx(locale, v));
        let at = self.locales.iter().position(|l| l == locale);
        match (self.per_key(&v.doc_key), at) {
            (Some(k), Some(at)) => k.histories.get(at).map_or_else(build, |h| h.get_or_init(build).clone()),
            _ => build(),
        }
    }

    /// The history as the pages of `locale` show it.
    fn history_ctx(&self, locale: &str, v: &VersionRef) -> HistoryCtx {
        let (h, key) = (&v.history, &v.doc_key);
        HistoryCtx {
            url: page_url(locale, &format!("{key}/versions")),
            document_url: page_url(locale, key),
            current: self.version_item(locale, key, h, h.current),
            upcoming: h
                .next_upcoming()
                .filter(|&i| i != h.current)
                .map(|i| self.version_item(locale, key, h, i)),
            versions: (0..h.versions.len()).rev().map(|i| self.version_item(locale, key, h, i)).collect(),
        }
    }

    /// A document or version page: the document's context, with its version and history.
    pub fn version_page(&self, lp: &LocalePlan, p: &PagePlan) -> Option<(Ctx, Body<'_>)> {
        let (mut ctx, mut body) = self.document(lp, p)?;
        let Some(v) = &p.version else {
            return Some((ctx, body));
        };
        if p.kind == crate::site::plan::PageKind::Version {
            // Two folders below the document, its relative links need two more `../`.
            let doc = p.doc?;
            body.pieces = self.data.deeper_body(doc, self.site.doc(doc));
        }
        let locale = &lp.locale;
        ctx.page.version = Some(self.version_item(locale, &v.doc_key, &v.history, v.index));
        ctx.page.history = Some(self.history(locale, v));
        if p.kind == crate::site::plan::PageKind::Version {
            ctx.page.kind = "version";
            ctx.page.breadcrumbs =
                self.version_crumbs(locale, v, ctx.page.version.as_ref().map(|i| i.date.clone()));
            if v.index == v.history.current {
                let from = &self.site.doc(v.history.versions[v.index].doc).file.locale;
                let own = !(p.fallback && self.page(from, &v.doc_key) == Some(false));
                ctx.page.canonical = Some(self.canonical(if own { locale } else { from }, &v.doc_key));
            }
        }
        Some((ctx, body))
    }

    /// Home › sections › the document › its version list (› the version).
    fn version_crumbs(&self, locale: &str, v: &VersionRef, last: Option<String>) -> Vec<Link> {
        let doc = self.site.doc(v.history.versions[v.history.current].doc);
        let mut crumbs = self.breadcrumbs(locale, &v.doc_key, Some(self.title_of(doc)));
        let history = self.string(locale, "version_history", "Version history");
        crumbs.push(Link { title: history, url: page_url(locale, &format!("{}/versions", v.doc_key)) });
        if let Some(title) = last {
            crumbs.push(Link { title, url: String::new() });
        }
        crumbs
    }

    fn string(&self, locale: &str, key: &str, default: &str) -> String {
        self.data.string(locale, key, default)
    }

    /// The version list of a document.
    pub fn version_list(&self, lp: &LocalePlan, p: &PagePlan) -> Option<Ctx> {
        let v = p.version.as_ref()?;
        let locale = &lp.locale;
        let doc = self.site.doc(v.history.versions[v.history.current].doc);
        let title = self.title_of(doc);
        let page = PageCtx {
            kind: "versions",
            title: self.string(locale, "versions_of", "Versions of {title}").replace("{title}", &title),
            canonical: Some(self.canonical(locale, &p.key)),
            breadcrumbs: self.version_crumbs(locale, v, None),
            history: Some(self.history(locale, v)),
            ..PageCtx::default()
        };
        let mut ctx = self.ctx(locale, root_of(&p.key), page);
        self.set_lists_of(&mut ctx.page, locale, &p.key);
        Some(ctx)
    }

    /// A changes page: the version against the one before it (its redline among `redlines`).
    pub fn changes<'a>(
        &'a self,
        lp: &LocalePlan,
        p: &PagePlan,
        redlines: &'a Redlines,
    ) -> Option<(Ctx, Option<Body<'a>>)> {
        let v = p.version.as_ref()?;
        let (locale, h, key) = (&lp.locale, &v.history, &v.doc_key);
        let (old, new) = (h.versions.get(v.index.checked_sub(1)?)?.doc, h.versions[v.index].doc);
        let (old_doc, new_doc) = (self.site.doc(old), self.site.doc(new));
        let comparable = old_doc.file.locale == new_doc.file.locale;
        let from = self.version_item(locale, key, h, v.index - 1);
        let to = self.version_item(locale, key, h, v.index);
        let title = self.string(locale, "changes_title", "Changes on {date}").replace("{date}", &to.date);
        let red = comparable.then(|| redlines.get(locale, old, new)).flatten();
        let links = |ids: &[String], at: &VersionItem| ids.iter().map(|id| clause_link(id, at)).collect();
        let redline = RedlineCtx {
            added: red.map_or(Vec::new(), |r| links(&r.added, &to)),
            removed: red.map_or(Vec::new(), |r| links(&r.removed, &from)),
            changed: red.map_or(Vec::new(), |r| changed_links(r, &to, &from)),
            unchanged: red.is_some_and(|r| r.unchanged),
            from,
            to,
            comparable,
        };
        let mut page = PageCtx {
            kind: "changes",
            title: format!("{} — {title}", self.title_of(new_doc)),
            canonical: Some(self.canonical_of(locale, p, new_doc)),
            breadcrumbs: self.version_crumbs(locale, v, Some(title)),
            fallback: p.fallback.then(|| self.lang_as_read_in(&new_doc.file.locale, locale)),
            content: BODY_MARKER.to_string(),
            redline: Some(redline),
            history: Some(self.history(locale, v)),
            ..PageCtx::default()
        };
        self.set_lists_of(&mut page, locale, &p.key);
        let body = red.map(|r| Body { pieces: &r.pieces, values: self.values(&new_doc.file.locale) });
        Some((self.ctx(locale, root_of(&p.key), page), body))
    }
}

fn clause_link(id: &str, at: &VersionItem) -> ClauseLink {
    // `clause-2.2-2` is the second clause numbered 2.2 (a second part): its number is 2.2.
    let number = id.trim_start_matches("clause-").split('-').next().unwrap_or_default();
    ClauseLink { number: number.to_string(), url: format!("{}#{id}", at.url), was: None }
}

/// The changed clauses in `to`, each that had another number linking to that one in `from`.
fn changed_links(red: &Redline, to: &VersionItem, from: &VersionItem) -> Vec<ClauseLink> {
    let link = |id: &String| {
        let mut link = clause_link(id, to);
        let was = red.renumbered.iter().find(|(now, _)| now == id).map(|(_, was)| clause_link(was, from));
        // `clause-1.2-2` → `clause-1.2` is a second clause 1.2 paired with the first: one number.
        link.was = was.filter(|w| w.number != link.number).map(Box::new);
        link
    };
    red.changed.iter().map(link).collect()
}

/// One entry of a locale's change feed.
pub struct FeedEntry {
    pub title: String,
    pub date: Date,
    pub summary: Option<String>,
    /// Absolute, on the brand's base URL.
    pub url: String,
    pub changes_url: Option<String>,
}

impl BrandView<'_> {
    /// Every version of every document of `lp` with several versions, newest first.
    pub fn feed_entries(&self, lp: &LocalePlan) -> Vec<FeedEntry> {
        let locale = &lp.locale;
        let template = self.string(locale, "feed_entry_title", "{title}: version of {date}");
        let mut entries: Vec<FeedEntry> = lp
            .pages
            .iter()
            .filter(|p| p.kind == crate::site::plan::PageKind::Version)
            .filter_map(|p| {
                let v = p.version.as_ref()?;
                let (h, key) = (&v.history, &v.doc_key);
                let item = self.version_item(locale, key, h, v.index);
                let current = self.site.doc(h.versions[h.current].doc);
                let date = h.versions[v.index].date;
                Some(FeedEntry {
                    title: template.replace("{title}", &self.title_of(current)).replace("{date}", &item.date),
                    date,
                    summary: item.summary,
                    url: self.canonical(locale, &p.key),
                    changes_url: (v.index > 0)
                        .then(|| self.canonical(locale, &format!("{key}/changes/{}", date.iso()))),
                })
            })
            .collect();
        entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
        entries
    }

    /// The feed's title in `locale`.
    pub fn feed_title(&self, locale: &str) -> String {
        format!("{} — {}", self.site_title(locale), self.string(locale, "changes_feed", "Changes"))
    }
}
