//! Version history (SPEC §6): `check`'s warnings about a current or upcoming version that a
//! locale has not translated (`missing-translation`, naming the version's date), and a
//! version without `summary` (`missing-summary`, `material-without-summary` for a material
//! version after the first) in a document that has several, and a translation whose
//! `material` differs from its source's, which decides (`material-mismatch`).

use crate::content::document::Document;
use crate::content::frontmatter::Date;
use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::site::history::{deciding_file, in_force};
use crate::site::model::{at, up_the_chain, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Adds the version warnings of `site`, built for `as_of`, to `diags`; returns the number of
/// untranslated versions per locale, for the translator's table.
pub fn check_versions(site: &Site, as_of: Date, diags: &mut Diagnostics) -> BTreeMap<String, usize> {
    missing_summaries(site, diags);
    material_mismatches(site, diags);
    let mut missing = BTreeMap::new();
    for l in site.locales.iter().filter(|l| l.source().is_some()) {
        for (key, (source, dated)) in up_the_chain(&site.dated, l, Some) {
            let current = in_force_in(site, source, key, dated.keys().copied(), as_of);
            for (date, v) in dated.iter().filter(|(d, _)| Some(**d) >= current) {
                let translated = at(&site.dated, &l.tag, key).is_some_and(|m| m.contains_key(date))
                    || site.unloaded(&l.tag, key, Some(*date));
                let Some(src) = v.generic.map(|i| site.doc(i)).filter(|_| !translated) else { continue };
                *missing.entry(l.tag.clone()).or_insert(0) += 1;
                diags.push(untranslated(src, (key, *date), &l.tag, source));
            }
        }
    }
    missing
}

/// A version without `summary`, in a document that has several versions: a material one
/// after the first (users are asked to accept it again) is `material-without-summary`.
fn missing_summaries(site: &Site, diags: &mut Diagnostics) {
    let later: BTreeSet<&std::path::Path> = later_versions(site).map(|d| d.file.rel.as_path()).collect();
    let versioned: BTreeSet<&String> = site.dated.values().flat_map(BTreeMap::keys).collect();
    for d in site.docs.iter().filter(|d| versioned.contains(&d.file.key) && d.summary.is_none()) {
        let (kind, message) = match later.contains(d.file.rel.as_path()) && is_material(site, d) {
            true => (
                Kind::MaterialWithoutSummary,
                "this material version asks users to accept again, and has no summary of what it changed",
            ),
            false => (Kind::MissingSummary, "this version has no summary of what it changed"),
        };
        diags.push(
            Diagnostic::warning(kind, message).in_file(d.file.rel.clone()).locale(&d.file.locale).help(
                "add summary = \"…\" to its front matter: one line that the version list and the feed show",
            ),
        );
    }
}

/// The file whose front matter decides whether `d`'s version is material (and its date):
/// the source of a translation, else `d` itself.
fn deciding<'s>(site: &'s Site, d: &'s Document) -> &'s Document {
    let Some(locale) = site.locale(&d.file.locale) else { return d };
    let (brand, key) = (d.file.brand.as_deref(), &d.file.key);
    deciding_file(site, brand, locale, key, d.file.version).map_or(d, |s| site.doc(s))
}

/// Whether `d`'s version asks users to accept again: its source's `material`, whatever a
/// translation says (every locale's versions.json says the same).
pub fn is_material(site: &Site, d: &Document) -> bool {
    deciding(site, d).front.is_material()
}

/// A translation whose `material` differs from its source's: the source's holds.
fn material_mismatches(site: &Site, diags: &mut Diagnostics) {
    for d in site.docs.iter().filter(|d| !d.file.is_index()) {
        let src = deciding(site, d);
        if src.file.locale == d.file.locale || src.front.is_material() == d.front.is_material() {
            continue;
        }
        let message = format!(
            "this translation says material = {}, but its source {} says {}: the source's holds in every locale",
            d.front.is_material(),
            src.file.rel.display(),
            src.front.is_material()
        );
        diags.push(
            Diagnostic::warning(Kind::MaterialMismatch, message)
                .in_file(d.file.rel.clone())
                .locale(&d.file.locale)
                .help("whether a version is material is the source's decision: remove `material` from the translation, or change it in the source"),
        );
    }
}

/// The version files of documents with several versions that are not the first version
/// of their document in their locale: each one replaces a version users may have accepted.
pub fn later_versions(site: &Site) -> impl Iterator<Item = &Document> {
    let versioned: BTreeSet<&String> = site.dated.values().flat_map(BTreeMap::keys).collect();
    let docs: Vec<(&Document, Date)> = site
        .docs
        .iter()
        .filter(|d| versioned.contains(&d.file.key))
        .filter_map(|d| Some((d, version_date(d)?)))
        .collect();
    let mut first: BTreeMap<(&str, &str), Date> = BTreeMap::new();
    for (d, date) in &docs {
        let e = first.entry((&d.file.locale, &d.file.key)).or_insert(*date);
        *e = (*e).min(*date);
    }
    docs.into_iter()
        .filter(move |(d, date)| first.get(&(d.file.locale.as_str(), d.file.key.as_str())) < Some(date))
        .map(|(d, _)| d)
}

/// The day a version file takes effect: its name's date, else its `effective_date`.
pub fn version_date(d: &Document) -> Option<Date> {
    d.file.version.or(d.front.effective_date)
}

/// The version `date` of `key` (source file `src`, in locale `source`) that `tag` lacks.
fn untranslated(src: &Document, (key, date): (&str, Date), tag: &str, source: &str) -> Diagnostic {
    Diagnostic::warning(
        Kind::MissingTranslation,
        format!("the version of {} ({}) has no translation in {tag}", date.iso(), src.file.rel.display()),
    )
    .in_file(src.file.rel.clone())
    .locale(tag)
    .help(format!(
        "translate it into content/{tag}/{key}@{}.md; until then readers in {tag} see the {source} text of that version",
        date.iso()
    ))
}

/// The date of the version of `key` in force in `locale` on `as_of` (of its dated versions
/// and `<doc>.md`); `None` when every version is later.
fn in_force_in(
    site: &Site,
    locale: &str,
    key: &str,
    dated: impl Iterator<Item = Date>,
    as_of: Date,
) -> Option<Date> {
    let plain = at(&site.index, locale, key).and_then(|v| v.generic);
    in_force(dated.chain(plain.and_then(|i| site.doc(i).front.effective_date)), as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// A policy of 2024 with versions of 2025 and 2027 in English; German has 2025 alone.
    fn site() -> (tempfile::TempDir, crate::render::prepare::FrontHalf) {
        let v = |date: &str, summary: &str| {
            doc("Policy", &format!("effective_date = {date}\n{summary}"), "Text.")
        };
        load(
            SITE,
            &[
                ("content/en/policy.md", &v("2024-01-01", "summary = \"First.\"\n")),
                ("content/en/policy@2025-01-01.md", &v("2025-01-01", "")),
                ("content/en/policy@2027-01-01.md", &v("2027-01-01", "summary = \"Later.\"\n")),
                ("content/de/policy.md", &v("2024-01-01", "summary = \"Erste.\"\n")),
                ("content/de/policy@2025-01-01.md", &v("2025-01-01", "summary = \"Zweite.\"\n")),
            ],
        )
    }

    #[test]
    fn the_current_and_upcoming_versions_a_locale_lacks_are_counted() {
        let (_root, front) = site();
        let mut diags = Diagnostics::default();
        let missing = check_versions(&front.site, d(2026, 1, 1), &mut diags);
        assert_eq!(missing, BTreeMap::from([("de".to_string(), 1)]));
        // A year later the 2025 version is archived: still one (2027) missing.
        let later = check_versions(&front.site, d(2027, 6, 1), &mut Diagnostics::default());
        assert_eq!(later, BTreeMap::from([("de".to_string(), 1)]));
        // The 2025 file lacks a summary; the 2027 file is what German lacks.
        let found: Vec<(Kind, String)> = diags
            .into_sorted()
            .iter()
            .map(|d| (d.kind, d.file.as_ref().unwrap().display().to_string()))
            .collect();
        assert_eq!(
            found,
            [
                (Kind::MaterialWithoutSummary, "content/en/policy@2025-01-01.md".to_string()),
                (Kind::MissingTranslation, "content/en/policy@2027-01-01.md".to_string())
            ]
        );
    }

    #[test]
    fn a_translation_that_contradicts_its_sources_material_is_warned_about_alone() {
        let v = |date: &str, extra: &str| {
            doc("Policy", &format!("effective_date = {date}\nsummary = \"S.\"\n{extra}"), "Text.")
        };
        let (_root, front) = load(
            SITE,
            &[
                ("content/en/policy.md", &v("2024-01-01", "material = false\n")),
                ("content/en/policy@2025-01-01.md", &v("2025-01-01", "")),
                ("content/de/policy.md", &v("2024-01-01", "material = false\n")),
                ("content/de/policy@2025-01-01.md", &v("2025-01-01", "material = false\n")),
            ],
        );
        let mut diags = Diagnostics::default();
        material_mismatches(&front.site, &mut diags);
        let found: Vec<(Kind, String)> = diags
            .into_sorted()
            .iter()
            .map(|d| (d.kind, d.file.as_ref().unwrap().display().to_string()))
            .collect();
        assert_eq!(found, [(Kind::MaterialMismatch, "content/de/policy@2025-01-01.md".to_string())]);
        let de = front.site.docs.iter().find(|d| d.file.rel.ends_with("de/policy@2025-01-01.md")).unwrap();
        assert!(is_material(&front.site, de));
    }

    #[test]
    fn a_locale_whose_nearest_fallback_has_no_versions_is_checked_against_the_next() {
        let site = format!("{SITE}\n[locales.es]\nfallback = \"es-ES\"\n");
        let v = |date: &str| doc("Policy", &format!("effective_date = {date}\nsummary = \"S.\"\n"), "Text.");
        let (_root, front) = load(
            &site,
            &[
                ("content/en/policy.md", &v("2024-01-01")),
                ("content/en/policy@2027-01-01.md", &v("2027-01-01")),
                ("content/es-ES/other.md", &doc("Otro", "", "Texto.")),
                ("content/es/policy.md", &v("2024-01-01")),
            ],
        );
        let missing = check_versions(&front.site, d(2026, 1, 1), &mut Diagnostics::default());
        assert_eq!(missing.get("es"), Some(&1), "{missing:?}");
    }
}
