//! Versions as data, for programs: `<doc>/versions.json` (a document's versions for a brand
//! and locale, with each fragment's SHA-256), `<locale>/legal.json` (every document of the
//! brand and locale) and `<brand>/legal.json` (the brand's locales). The shapes are
//! `schemas/versions.schema.json` and `schemas/legal.schema.json`; keys come out in the
//! order of the structs below, every URL is absolute on the brand's `base_url`.

use super::BrandView;
use crate::content::frontmatter::Date;
use crate::render::sink::Sha256;
use crate::site::history::{History, Role};
use crate::site::plan::{BrandPlan, LocalePlan, PageKind, PagePlan, VersionRef};
use serde::Serialize;
use std::collections::HashMap;

/// `<doc>/versions.json`.
#[derive(Serialize)]
struct VersionsFile<'a> {
    document: &'a str,
    brand: &'a str,
    locale: &'a str,
    title: String,
    translated: bool,
    url: String,
    last_material: Option<String>,
    succeeded_by: Option<String>,
    current: Option<Entry>,
    upcoming: Vec<Entry>,
    archived: Vec<Entry>,
}

/// One version in `versions.json`.
#[derive(Serialize)]
struct Entry {
    version: Option<String>,
    effective_date: Option<String>,
    material: bool,
    sha256: Sha256,
    url: String,
    changes_url: Option<String>,
    fragment_url: String,
    summary: Option<String>,
    /// Whether the version's text is in the locale itself (not a fallback).
    translated: bool,
    /// For an archived version: the day it stopped being in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
}

/// `<brand>/<locale>/legal.json`.
#[derive(Serialize)]
struct LegalFile<'a> {
    brand: &'a str,
    locale: &'a str,
    documents: Vec<LegalDocument>,
}

/// One document in `legal.json`.
#[derive(Serialize)]
struct LegalDocument {
    document: String,
    title: String,
    translated: bool,
    current: Option<String>,
    upcoming: Vec<String>,
    last_material: Option<String>,
    succeeded_by: Option<String>,
    url: String,
    versions_url: String,
}

/// `<brand>/legal.json`.
#[derive(Serialize)]
struct BrandFile<'a> {
    brand: &'a str,
    locales: Vec<LocaleEntry>,
}

#[derive(Serialize)]
struct LocaleEntry {
    locale: String,
    name: String,
    url: String,
}

/// A version's id: its date, `None` for the one version of a document without a date.
fn id(date: Date) -> Option<String> {
    (date != Date { year: 1, month: 1, day: 1 }).then(|| date.iso())
}

/// The version in force whose acceptance still holds: the latest material one in force,
/// else the first (a first version is always accepted); `None` before any is in force.
fn last_material(view: &BrandView<'_>, h: &History) -> Option<usize> {
    if h.role(h.current) == Role::Upcoming {
        return None;
    }
    let material = |i: &usize| view.site.doc(h.versions[*i].source).front.is_material();
    Some((0..=h.current).rev().find(material).unwrap_or(0))
}

/// The version that takes effect next, if any.
fn succeeded_by(h: &History) -> Option<String> {
    h.next_upcoming().and_then(|i| id(h.versions[i].date))
}

/// JSON text, pretty, ending in a newline.
fn json(value: &impl Serialize, out: &mut String) {
    // Serializing these plain structs cannot fail.
    out.push_str(&serde_json::to_string_pretty(value).unwrap_or_default());
    out.push('\n');
}

impl BrandView<'_> {
    /// Version `i` of the history `v` in `locale`, with its fragment's SHA-256: the one in
    /// `fragments` (by output path) when the run wrote it, else computed here.
    fn entry(&self, locale: &str, v: &VersionRef, i: usize, fragments: &HashMap<String, Sha256>) -> Entry {
        let (h, key) = (&v.history, &v.doc_key);
        let version = &h.versions[i];
        let doc = self.site.doc(version.doc);
        let many = h.versions.len() > 1;
        let page = if many { format!("{key}/versions/{}", version.date.iso()) } else { key.to_string() };
        let path = format!("{}/{locale}/{page}/fragment.html", self.brand.id);
        let sha256 = fragments.get(&path).copied().unwrap_or_else(|| {
            let mut fragment = String::new();
            self.fragment(version.doc, many, &mut fragment);
            Sha256::of(fragment.as_bytes())
        });
        Entry {
            version: id(version.date),
            effective_date: id(version.date),
            material: self.site.doc(version.source).front.is_material(),
            sha256,
            url: self.canonical(locale, &page),
            changes_url: (i > 0)
                .then(|| self.canonical(locale, &format!("{key}/changes/{}", version.date.iso()))),
            fragment_url: format!("{}fragment.html", self.canonical(locale, &page)),
            summary: doc.summary.as_ref().map(|s| s.fill(self.values(&doc.file.locale))),
            translated: doc.file.locale == locale,
            until: (h.role(i) == Role::Archived).then(|| h.until(i).and_then(id)).flatten(),
        }
    }

    /// `<doc>/versions.json` of the page `p` (a [`PageKind::VersionsData`]) into `out`;
    /// `fragments`: the SHA-256s of the fragments the run wrote, by path.
    pub fn versions_json(
        &self,
        (lp, p): (&LocalePlan, &PagePlan),
        fragments: &HashMap<String, Sha256>,
        out: &mut String,
    ) -> Option<()> {
        let v = p.version.as_ref()?;
        let (h, locale) = (&v.history, lp.locale.as_str());
        let by_role = |role: Role| (0..h.versions.len()).filter(move |&i| h.role(i) == role);
        let file = VersionsFile {
            document: &v.doc_key,
            brand: &self.brand.id,
            locale,
            title: self.title_of(self.site.doc(h.versions[h.current].doc)),
            translated: !p.fallback,
            url: self.canonical(locale, &v.doc_key),
            last_material: last_material(self, h).and_then(|i| id(h.versions[i].date)),
            succeeded_by: succeeded_by(h),
            current: by_role(Role::Current).next().map(|i| self.entry(locale, v, i, fragments)),
            upcoming: by_role(Role::Upcoming).map(|i| self.entry(locale, v, i, fragments)).collect(),
            archived: by_role(Role::Archived).rev().map(|i| self.entry(locale, v, i, fragments)).collect(),
        };
        json(&file, out);
        Some(())
    }

    /// `<brand>/<locale>/legal.json`: every document of `lp`, by its `versions.json` page.
    pub fn legal_json(&self, lp: &LocalePlan, out: &mut String) {
        let locale = lp.locale.as_str();
        let documents = lp.pages.iter().filter(|p| p.kind == PageKind::VersionsData).filter_map(|p| {
            let v = p.version.as_ref()?;
            let h = &v.history;
            let current = (h.role(h.current) != Role::Upcoming).then(|| id(h.versions[h.current].date));
            Some(LegalDocument {
                document: v.doc_key.to_string(),
                title: self.title_of(self.site.doc(h.versions[h.current].doc)),
                translated: !p.fallback,
                current: current.flatten(),
                upcoming: (0..h.versions.len())
                    .filter(|&i| h.role(i) == Role::Upcoming)
                    .filter_map(|i| id(h.versions[i].date))
                    .collect(),
                last_material: last_material(self, h).and_then(|i| id(h.versions[i].date)),
                succeeded_by: succeeded_by(h),
                url: self.canonical(locale, &v.doc_key),
                versions_url: format!("{}versions.json", self.canonical(locale, &v.doc_key)),
            })
        });
        json(&LegalFile { brand: &self.brand.id, locale, documents: documents.collect() }, out);
    }

    /// `<brand>/legal.json`: the brand's locales, each with the URL of its `legal.json`.
    pub fn brand_legal_json(&self, bp: &BrandPlan) -> String {
        let locales = bp.locales.iter().map(|lp| LocaleEntry {
            locale: lp.locale.clone(),
            name: self.lang(&lp.locale).name,
            url: format!("{}legal.json", self.canonical(&lp.locale, "")),
        });
        let mut out = String::new();
        json(&BrandFile { brand: &self.brand.id, locales: locales.collect() }, &mut out);
        out
    }
}
