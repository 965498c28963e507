//! `clause check`: everything `build` validates, without writing, plus what a legal portal
//! gets wrong quietly: links and `#anchors` that break for some brand or locale, and
//! translations that are missing, out of date, or differ from their source in placeholders
//! or clause numbers; and the `[deploy]` settings, as `deploy` would check them.

use crate::commands::check_matrix::{Cell, Matrix, State};
use crate::content::cache::DocCache;
use crate::content::document::Document;
use crate::content::frontmatter::Date;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::render::prepare::{prepare, Loaded};
use crate::render::theme::Theme;
use crate::site::model::{at, Site};
use crate::site::plan::{PageKind, Plan, Selection};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The counts of one locale in the translation report.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LocaleSummary {
    pub translated: usize,
    pub missing: usize,
    pub outdated: usize,
    pub placeholder_mismatch: usize,
    pub clause_mismatch: usize,
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Diagnostic>,
    /// By locale tag; the default locale is not listed (it is the source of all).
    pub locales: BTreeMap<String, LocaleSummary>,
    /// Every document × locale, for the status page.
    pub matrix: Matrix,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// The warnings counted by kind, so a long report reads at a glance.
    pub fn warnings_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for d in self.findings.iter().filter(|d| !d.is_error()) {
            *out.entry(d.kind).or_insert(0) += 1;
        }
        out
    }
}

/// Checks the site at `root`: every error and warning, and the translation report.
pub fn check(root: &Path, as_of: Option<Date>) -> Report {
    let selection = Selection { as_of, ..Selection::default() };
    let loaded = match prepare(root, &selection, false, &mut DocCache::default()) {
        Ok(loaded) => loaded,
        Err(d) => return Report { findings: d.into_sorted(), ..Report::default() },
    };
    let Loaded { site, theme, plan, mut diags, usage } = loaded;
    if let Some(usage) = usage {
        diags.push(Diagnostic::error("usage", usage));
    }
    if let Some(plan) = &plan {
        check_links(&site, plan, &mut diags);
        check_overrides(&site, plan, &mut diags);
    }
    if let Some(theme) = &theme {
        check_theme_strings(&site, theme, &mut diags);
    }
    check_duplicate_clauses(&site, &mut diags);
    // What `deploy` would refuse (SPEC §7), found before a CI job builds and uploads. A brand
    // without a place is not an error here: `deploy` says so only for the brands it is asked for.
    if let Err(errors) = crate::deploy::settings::resolve(&site.config) {
        diags.extend(errors);
    }
    let mut matrix =
        Matrix { locales: site.locales.iter().map(|l| l.tag.clone()).collect(), ..Matrix::default() };
    let mut locales = translation_report(&site, &mut diags, &mut matrix);
    let as_of = plan.as_ref().map_or_else(crate::site::build_date::default_as_of, |p| p.as_of);
    for (tag, n) in crate::commands::check_versions::check_versions(&site, as_of, &mut diags) {
        locales.entry(tag).or_default().missing += n;
    }
    Report { findings: diags.into_sorted(), locales, matrix }
}

/// Every internal link and `#anchor` of every page, for each brand and locale that shows it.
fn check_links(site: &Site, plan: &Plan, diags: &mut Diagnostics) {
    for bp in &plan.brands {
        let brand = &site.config.brands[bp.brand].id;
        // (locale, page path) → the document the brand builds there (None for listings).
        let pages: BTreeMap<(&str, &str), Option<usize>> = bp
            .locales
            .iter()
            .flat_map(|lp| lp.pages.iter().map(move |p| ((lp.locale.as_str(), p.key.as_str()), p)))
            .map(|(k, p)| (k, p.doc.filter(|_| p.kind == PageKind::Document)))
            .collect();
        for lp in &bp.locales {
            let docs = lp.pages.iter().filter(|p| p.kind == PageKind::Document).filter_map(|p| p.doc);
            for d in docs {
                let doc = &site.docs[d];
                for link in &doc.body.links {
                    let Some(message) = broken_link(site, &pages, &lp.locale, brand, d, link) else {
                        continue;
                    };
                    diags.push(
                        Diagnostic::error("broken-link", message)
                            .in_file(doc.file.rel.clone())
                            .at(link.pos)
                            .locale(&lp.locale)
                            .brand(brand)
                            .help("link to a clause or heading id that the target has in every locale (clause ids are `clause-4.1.2`)"),
                    );
                }
            }
        }
    }
}

/// What is wrong with a link of document `from` on the page of `brand` in `locale`, if anything.
fn broken_link(
    site: &Site,
    pages: &BTreeMap<(&str, &str), Option<usize>>,
    locale: &str,
    brand: &str,
    from: usize,
    link: &crate::content::markdown::LinkRef,
) -> Option<String> {
    let fragment = link.fragment.as_deref();
    let Some(key) = link.page.as_deref().map(|k| k.trim_end_matches('/')) else {
        return anchor_missing(site, Some(from), fragment)
            .map(|f| format!("link `{}`: #{f} does not exist on this page", link.written));
    };
    match pages.get(&(locale, key)) {
        None => Some(format!(
            "link `{}` leads to a page that brand {brand} does not have in {locale}",
            link.written
        )),
        Some(target) => anchor_missing(site, *target, fragment).map(|f| {
            format!("link `{}`: #{f} does not exist on that page for brand {brand} in {locale}", link.written)
        }),
    }
}

/// The fragment, if the target document lacks it. Section targets, empty fragments, the
/// theme's `#main` and `#top`, and footnotes (`#fn-1`, `#fnref-1`) pass.
fn anchor_missing(site: &Site, target: Option<usize>, fragment: Option<&str>) -> Option<String> {
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let doc = &site.docs[target?];
    let known = doc.body.ids.iter().any(|id| id == fragment)
        || ["main", "top"].contains(&fragment)
        || fragment.starts_with("fn-")
        || fragment.starts_with("fnref-");
    (!known).then(|| fragment.to_string())
}

/// A brand's override shown, untranslated, in another locale the brand serves.
fn check_overrides(site: &Site, plan: &Plan, diags: &mut Diagnostics) {
    for bp in &plan.brands {
        let brand = &site.config.brands[bp.brand];
        for lp in &bp.locales {
            for p in lp.pages.iter().filter(|p| p.fallback) {
                let Some(d) = p.doc else { continue };
                let doc = &site.docs[d];
                if doc.file.brand.as_deref() == Some(brand.id.as_str()) {
                    diags.push(
                        Diagnostic::warning(
                            "untranslated-override",
                            format!(
                                "brand {}'s own {} is shown untranslated in {}",
                                brand.id,
                                doc.file.rel.display(),
                                lp.locale
                            ),
                        )
                        .in_file(doc.file.rel.clone())
                        .locale(&lp.locale)
                        .brand(&brand.id)
                        .help(format!("translate it into content/{}/{}.{}.md", lp.locale, p.key, brand.id)),
                    );
                }
            }
        }
    }
}

/// Interface strings the theme lacks for a locale (they fall back to English).
fn check_theme_strings(site: &Site, theme: &Theme, diags: &mut Diagnostics) {
    for l in &site.locales {
        let missing = theme.missing_strings(l);
        if !missing.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "missing-theme-string",
                    format!("the theme has no {} for {}; readers see English", missing.join(", "), l.tag),
                )
                .in_file(format!("themes/{}/i18n/{}.toml", site.config.theme, l.tag))
                .locale(&l.tag)
                .help(format!(
                    "add themes/{}/i18n/{}.toml with these keys translated",
                    site.config.theme, l.tag
                )),
            );
        }
    }
}

/// A clause number twice in one part of a document: a warning naming both lines. A part that
/// starts its numbering again (`clauses::parts`) repeats numbers of another part, by design.
fn check_duplicate_clauses(site: &Site, diags: &mut Diagnostics) {
    for doc in &site.docs {
        let mut first: BTreeMap<(usize, &str), usize> = BTreeMap::new();
        for c in &doc.body.clauses {
            match first.get(&(c.part, c.number.as_str())) {
                Some(&line) => diags.push(
                    Diagnostic::warning("duplicate-clause", format!("clause {} on line {} repeats the one on line {line}; its id is `{}`", c.number, c.line, c.id))
                        .in_file(doc.file.rel.clone())
                        .at(Pos::new(c.line, 1))
                        .locale(&doc.file.locale)
                        .help("renumber it if the repeat is a mistake; to start a new part, put a heading without a number before its first clause (I., 1. or 1.1)"),
                ),
                None => {
                    first.insert((c.part, &c.number), c.line);
                }
            }
        }
    }
}

/// Each locale against its source (its fallback): missing, outdated and differing translations.
fn translation_report(
    site: &Site,
    diags: &mut Diagnostics,
    matrix: &mut Matrix,
) -> BTreeMap<String, LocaleSummary> {
    let mut out = BTreeMap::new();
    for l in &site.locales {
        let Some(source) = l.source() else {
            source_cells(site, &l.tag, matrix);
            continue;
        };
        let mut summary = LocaleSummary::default();
        for (key, v) in site.index.get(source).into_iter().flatten() {
            let Some(src) = v.generic.map(|i| &site.docs[i]) else {
                continue;
            };
            match at(&site.index, &l.tag, key).and_then(|v| v.generic) {
                None if src.file.is_index() => {}
                None => {
                    summary.missing += 1;
                    matrix.set(
                        key,
                        &l.tag,
                        Cell { states: vec![State::Missing], file: src.file.rel.clone(), line: None },
                    );
                    diags.push(
                        Diagnostic::warning("missing-translation", format!("{} has no translation in {}", src.file.rel.display(), l.tag))
                            .in_file(src.file.rel.clone())
                            .locale(&l.tag)
                            .help(format!("translate {} into content/{}/{key}.md; until then readers in {} see the {source} text", src.file.rel.display(), l.tag, l.tag)),
                    );
                }
                Some(t) => {
                    let tr = &site.docs[t];
                    let mut states = compare(src, tr, &l.tag, &mut summary, diags);
                    if states.is_empty() {
                        states.push(State::Translated);
                    }
                    if !tr.file.is_index() {
                        matrix.set(key, &l.tag, Cell { states, file: tr.file.rel.clone(), line: None });
                    }
                }
            }
        }
        out.insert(l.tag.clone(), summary);
    }
    out
}

/// The documents of a locale that translates from none: the source column of the matrix.
fn source_cells(site: &Site, tag: &str, matrix: &mut Matrix) {
    let docs = site.index.get(tag).into_iter().flatten().filter_map(|(_, v)| v.generic);
    for doc in docs.map(|d| &site.docs[d]).filter(|d| !d.file.is_index()) {
        matrix.set(
            &doc.file.key,
            tag,
            Cell { states: vec![State::Source], file: doc.file.rel.clone(), line: None },
        );
    }
}

/// A translation against its source document: date, placeholders and clause numbers. Returns
/// how the translation differs (nothing: it is up to date).
fn compare(
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
        diags.push(warn("outdated-translation", msg, "compare the translation with the source's changes since its date, update the text, then set effective_date to the source's"));
    }
    let braces = |n: &str| format!("{{{{{n}}}}}");
    if let Some(msg) = differ("placeholders", &src.names(), &tr.names(), braces, src) {
        summary.placeholder_mismatch += 1;
        states.push(State::PlaceholderMismatch);
        diags.push(warn(
            "placeholder-mismatch",
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
            "clause-mismatch",
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
