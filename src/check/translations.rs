//! Translations against their sources: for each locale, every document its readers are
//! shown from up its fallback chain that it lacks (`missing-translation`), and every translation whose
//! `effective_date`, placeholders or clause numbers differ from its source's. The counts go
//! to the per-locale summary and the cells to the status page's matrix.

use crate::check::matrix::{Cell, Matrix, State};
use crate::check::report::LocaleSummary;
use crate::content::document::Document;
use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::site::model::{at, up_the_chain, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Each locale against its sources: missing, outdated and differing translations. A
/// translation's source is the first file of its path up the locale's fallback chain (so
/// `es` → `es-ES` → `en` checks an `es` file against `en` where `es-ES` lacks it); a path
/// the locale lacks but its readers are shown from up the chain counts as missing.
pub fn translation_report(
    site: &Site,
    diags: &mut Diagnostics,
    matrix: &mut Matrix,
) -> BTreeMap<String, LocaleSummary> {
    let mut out = BTreeMap::new();
    for l in &site.locales {
        if l.source().is_none() {
            source_cells(site, &l.tag, matrix);
            continue;
        }
        let mut summary = LocaleSummary::default();
        for (key, (_, src)) in up_the_chain(&site.index, l, |v| v.generic.map(|d| site.doc(d))) {
            match at(&site.index, &l.tag, key).and_then(|v| v.generic) {
                None if src.file.is_index() || site.unloaded(&l.tag, key, None) => {}
                None => missing(src, (&l.tag, key), (&mut summary, matrix), diags),
                Some(t) => {
                    let tr = site.doc(t);
                    let mut states = compare_translation(src, tr, &l.tag, &mut summary, diags);
                    if states.is_empty() {
                        states.push(State::Translated);
                    }
                    if !tr.file.is_index() {
                        matrix.set(
                            key,
                            &l.tag,
                            Cell { states, file: tr.file.rel.clone(), line: None, segments: None },
                        );
                    }
                }
            }
        }
        out.insert(l.tag.clone(), summary);
    }
    out
}

/// `src` has no translation in `tag`: its readers see the source's text.
fn missing(
    src: &Document,
    (tag, key): (&str, &str),
    (summary, matrix): (&mut LocaleSummary, &mut Matrix),
    diags: &mut Diagnostics,
) {
    summary.missing += 1;
    matrix.set(
        key,
        tag,
        Cell { states: vec![State::Missing], file: src.file.rel.clone(), line: None, segments: None },
    );
    let (file, source) = (src.file.rel.display(), &src.file.locale);
    diags.push(
        Diagnostic::warning(Kind::MissingTranslation, format!("{file} has no translation in {tag}"))
            .in_file(src.file.rel.clone())
            .locale(tag)
            .help(format!("translate {file} into content/{tag}/{key}.md; until then readers in {tag} see the {source} text")),
    );
}

/// The documents of a locale that translates from none: the source column of the matrix.
fn source_cells(site: &Site, tag: &str, matrix: &mut Matrix) {
    let docs = site.index.get(tag).into_iter().flatten().filter_map(|(_, v)| v.generic);
    for doc in docs.map(|d| site.doc(d)).filter(|d| !d.file.is_index()) {
        matrix.set(
            &doc.file.key,
            tag,
            Cell { states: vec![State::Source], file: doc.file.rel.clone(), line: None, segments: None },
        );
    }
}

/// A translation against its source document: date, placeholders and clause numbers. Returns
/// how the translation differs (nothing: it is up to date).
fn compare_translation(
    src: &Document,
    tr: &Document,
    locale: &str,
    summary: &mut LocaleSummary,
    diags: &mut Diagnostics,
) -> Vec<State> {
    let mut states = Vec::new();
    if !tr.file.is_index() {
        summary.translated += 1;
    }
    let warn = |kind, msg: String, help: &str| {
        Diagnostic::warning(kind, msg).in_file(tr.file.rel.clone()).locale(locale).help(help)
    };
    if src.front.effective_date != tr.front.effective_date {
        summary.outdated += 1;
        states.push(State::Outdated);
        let show = |d: &Document| d.front.effective_date.map_or("none".to_string(), |d| d.iso());
        let msg = format!(
            "effective_date is {}, but the source {} says {}",
            show(tr),
            src.file.rel.display(),
            show(src)
        );
        diags.push(warn(Kind::OutdatedTranslation, msg, "compare the translation with the source's changes since its date, update the text, then set effective_date to the source's"));
    }
    let braces = |n: &str| format!("{{{{{n}}}}}");
    if let Some(msg) = differ("placeholders", &src.names(), &tr.names(), braces, src) {
        summary.placeholder_mismatch += 1;
        states.push(State::PlaceholderMismatch);
        diags.push(warn(
            Kind::PlaceholderMismatch,
            msg,
            "every placeholder of the source must be in the translation, and no other",
        ));
    }
    let numbers = |d: &Document| {
        d.body.clauses.iter().map(|c| c.id.trim_start_matches("clause-").to_string()).collect::<BTreeSet<_>>()
    };
    if let Some(msg) = differ("clause numbers", &numbers(src), &numbers(tr), |n: &str| n.to_string(), src) {
        summary.clause_mismatch += 1;
        states.push(State::ClauseMismatch);
        diags.push(warn(
            Kind::ClauseMismatch,
            msg,
            "a translation keeps the source's clause numbers, so citations work in every language",
        ));
    }
    states
}

/// A message saying how two sets differ, if they do.
fn differ<T: AsRef<str> + Ord>(
    what: &str,
    source: &BTreeSet<T>,
    translation: &BTreeSet<T>,
    show: impl Fn(&str) -> String,
    src: &Document,
) -> Option<String> {
    let list = |items: std::collections::btree_set::Difference<'_, T>| {
        items.map(|i| show(i.as_ref())).collect::<Vec<_>>()
    };
    let (missing, extra) = (list(source.difference(translation)), list(translation.difference(source)));
    (!missing.is_empty() || !extra.is_empty()).then(|| mismatch(what, &missing, &extra, src))
}

fn mismatch(what: &str, missing: &[String], extra: &[String], src: &Document) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", missing.join(", ")));
    }
    if !extra.is_empty() {
        parts.push(format!("not in the source: {}", extra.join(", ")));
    }
    format!("{what} differ from {}: {}", src.file.rel.display(), parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn a_translation_is_compared_with_its_source_in_date_placeholders_and_clauses() {
        let en = doc(
            "Policy",
            "effective_date = 2025-01-01\n",
            "## 1. Scope\n\n{{name}} processes data.\n\n## 2. Rights\n",
        );
        let de = doc(
            "Richtlinie",
            "effective_date = 2024-01-01\n",
            "## 1. Umfang\n\nWir verarbeiten Daten.\n\n## 3. Rechte\n",
        );
        let (_root, front) = load(
            SITE,
            &[("content/en/policy.md", &en), ("content/en/terms.md", &en), ("content/de/policy.md", &de)],
        );
        let mut diags = Diagnostics::default();
        let mut matrix = Matrix::default();
        let summary = translation_report(&front.site, &mut diags, &mut matrix);
        let de = &summary["de"];
        assert_eq!(
            (de.translated, de.missing, de.outdated, de.placeholder_mismatch, de.clause_mismatch),
            (1, 1, 1, 1, 1)
        );
        let found = diags.into_sorted();
        let kinds: Vec<Kind> = found.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::ClauseMismatch,
                Kind::OutdatedTranslation,
                Kind::PlaceholderMismatch,
                Kind::MissingTranslation
            ]
        );
        assert!(found[0].message.ends_with("missing 2; not in the source: 3"), "{}", found[0].message);
        assert_eq!(matrix.count(State::Missing), 1);
        assert_eq!(matrix.count(State::Source), 2);
    }

    #[test]
    fn a_translation_whose_nearest_fallback_lacks_the_document_is_checked_against_the_next() {
        let site = format!("{SITE}\n[locales.es]\nfallback = \"es-ES\"\n");
        let en = doc("Policy", "effective_date = 2025-01-01\n", "## 1. Scope\n\n## 2. Rights\n");
        let es = doc("Política", "effective_date = 2024-01-01\n", "## 1. Ámbito\n\n## 3. Derechos\n");
        let (_root, front) = load(
            &site,
            &[
                ("content/en/policy.md", &en),
                ("content/en/terms.md", &en),
                ("content/es-ES/other.md", &doc("Otro", "", "Texto.")),
                ("content/es/policy.md", &es),
            ],
        );
        let mut diags = Diagnostics::default();
        let summary = translation_report(&front.site, &mut diags, &mut Matrix::default());
        let es = &summary["es"];
        assert_eq!((es.translated, es.missing, es.outdated, es.clause_mismatch), (1, 2, 1, 1), "{es:?}");
        let found = diags.into_sorted();
        let for_es: Vec<(Kind, String)> = found
            .iter()
            .filter(|d| d.locale.as_deref() == Some("es"))
            .map(|d| (d.kind, d.file.as_ref().unwrap().display().to_string()))
            .collect();
        assert_eq!(
            for_es,
            [
                (Kind::MissingTranslation, "content/en/terms.md".to_string()),
                (Kind::ClauseMismatch, "content/es/policy.md".to_string()),
                (Kind::OutdatedTranslation, "content/es/policy.md".to_string()),
                (Kind::MissingTranslation, "content/es-ES/other.md".to_string()),
            ]
        );
    }
}
