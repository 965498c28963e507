//! `<brand>/<locale>/changes.atom` (SPEC §6): one Atom entry per version of every document
//! with several, newest first, written with `atom_syndication` (which escapes every value).
//! Ids are the version pages' URLs, which never change; `updated` is the version's date, so
//! the feed is the same bytes on every build of the same content.

use crate::content::frontmatter::Date;
use crate::render::pages::versions::FeedEntry;
use crate::render::pages::BrandView;
use crate::site::plan::LocalePlan;
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};

/// The feed of `view`'s brand in `lp`'s locale.
pub fn feed(view: &BrandView<'_>, lp: &LocalePlan) -> String {
    let entries = view.feed_entries(lp);
    let self_url = format!("{}/{}/changes.atom", view.brand.base_url, lp.locale);
    let updated = entries.iter().map(|e| e.date).max().map_or_else(epoch, at_midnight);
    let feed = Feed {
        title: Text::plain(view.feed_title(&lp.locale)),
        id: self_url.clone(),
        updated,
        lang: Some(lp.locale.clone()),
        links: vec![link(&self_url, "self"), link(&view.canonical(&lp.locale, ""), "alternate")],
        entries: entries.into_iter().map(entry).collect(),
        ..Feed::default()
    };
    feed.to_string()
}

fn entry(e: FeedEntry) -> Entry {
    let mut links = vec![link(&e.url, "alternate")];
    links.extend(e.changes_url.as_deref().map(|u| link(u, "related")));
    Entry {
        title: Text::plain(e.title),
        id: e.url,
        updated: at_midnight(e.date),
        summary: e.summary.map(Text::plain),
        links,
        ..Entry::default()
    }
}

fn link(href: &str, rel: &str) -> Link {
    Link { href: href.to_string(), rel: rel.to_string(), ..Link::default() }
}

fn at_midnight(d: Date) -> FixedDateTime {
    let text = format!("{}T00:00:00+00:00", d.iso());
    FixedDateTime::parse_from_rfc3339(&text).unwrap_or_else(|_| epoch())
}

fn epoch() -> FixedDateTime {
    FixedDateTime::default()
}
