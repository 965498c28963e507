//! The build plan: which pages each brand gets in each locale, and from which file.
//!
//! Planning is where a missing placeholder value is found: every (brand, locale) that shows
//! a file must have a value for each of its placeholders, in the locale the file is written
//! in. Nothing is rendered before the plan is known to be complete.

use crate::config::settings::{Brand, BrandId, ValuesByLocale};
use crate::content::discover::{ancestors, parent_of};
use crate::content::frontmatter::Date;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Kind, Pos, UsageError};
use crate::site::history::{history_of, History, Role};
use crate::site::model::{DocId, Site};
use crate::site::selection::{brand_locales, select_brands, Selection};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One page to write.
#[derive(Debug, Clone)]
pub struct PagePlan {
    /// `agreement/privacy-policy`; for a section `agreement`; `` for the home.
    pub key: String,
    pub kind: PageKind,
    /// The file it is built from (documents always; sections and homes when `_index.md` exists).
    pub doc: Option<DocId>,
    /// Built from a file of another locale.
    pub fallback: bool,
    /// For the pages of a document with more than one version: its history, and which
    /// version the page shows (a document page: the current one).
    pub version: Option<VersionRef>,
}

impl PagePlan {
    /// Whether the page's canonical URL is its own (the sitemap lists only those): not a
    /// fallback page, nor the page of the current version, whose canonical is the document.
    pub fn is_own_canonical(&self) -> bool {
        let current_version = self.kind == PageKind::Version
            && self.version.as_ref().is_some_and(|v| v.index == v.history.current);
        !self.fallback && !current_version && !self.kind.names_file()
    }
}

/// A version of a document's history, for the pages built from it.
#[derive(Debug, Clone)]
pub struct VersionRef {
    pub history: Arc<History>,
    pub index: usize,
    /// The document's own path (`agreement/privacy-policy`).
    pub doc_key: Arc<str>,
}

impl VersionRef {
    pub fn role(&self) -> Role {
        self.history.role(self.index)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Document,
    Section,
    Home,
    /// `<doc>/versions/`: every version of a document.
    VersionList,
    /// `<doc>/versions/<date>/`: one version.
    Version,
    /// `<doc>/changes/<date>/`: a version against the one before it.
    Changes,
    /// `<doc>/versions/<date>/fragment.html` (`<doc>/fragment.html` for a document with one
    /// version): the version's text alone, for a product to embed.
    Fragment,
    /// `<doc>/versions.json`: the document's versions, for programs.
    VersionsData,
    /// `<locale>/legal.json`: every document of the brand and locale, for programs.
    LegalData,
}

impl PageKind {
    /// Whether the page's key is the path of a file (`…/versions.json`), not of a folder
    /// with an `index.html`: data for programs, never in the sitemap nor counted as a page.
    pub fn names_file(self) -> bool {
        matches!(self, PageKind::Fragment | PageKind::VersionsData | PageKind::LegalData)
    }
}

/// A brand's pages in one locale.
#[derive(Debug, Clone)]
pub struct LocalePlan {
    pub locale: String,
    pub pages: Vec<PagePlan>,
}

#[derive(Debug, Clone)]
pub struct BrandPlan {
    pub brand: BrandId,
    pub locales: Vec<LocalePlan>,
    /// The brand's placeholder values in every locale of the site (text written in that
    /// locale), computed once: planning checks them and rendering fills them in.
    pub values: ValuesByLocale,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub brands: Vec<BrandPlan>,
    /// The date the site is built for.
    pub as_of: Date,
    /// The next date on which a version's role changes, for any page of the plan.
    pub next_change: Option<Date>,
}

impl Plan {
    /// The pages for readers (fragments and JSON files not counted).
    pub fn page_count(&self) -> usize {
        let pages = self.brands.iter().flat_map(|b| &b.locales).flat_map(|l| &l.pages);
        pages.filter(|p| !p.kind.names_file()).count()
    }

    pub fn locale_count(&self) -> usize {
        let mut set: Vec<&str> =
            self.brands.iter().flat_map(|b| &b.locales).map(|l| l.locale.as_str()).collect();
        set.sort_unstable();
        set.dedup();
        set.len()
    }
}

/// Plans every page of the selection and checks that every placeholder has a value. Each
/// brand is planned on its own, in parallel; what they lack is gathered afterwards. The
/// plan comes with its errors (a missing value, a version in conflict): `build` refuses to
/// render it then, while `check` still checks every link of it.
pub fn plan(site: &Site, sel: &Selection) -> Result<(Plan, Diagnostics), UsageError> {
    let brands = select_brands(site, sel)?;
    let as_of = sel.as_of.unwrap_or_else(crate::site::build_date::default_as_of);
    let planned: Vec<(BrandPlan, Missing, Diagnostics)> =
        brands.into_par_iter().map(|b| plan_brand(site, b, sel, as_of)).collect();
    let mut missing = Missing::default();
    let mut errors = Diagnostics::default();
    let mut plan = Plan { brands: Vec::with_capacity(planned.len()), as_of, next_change: None };
    for (brand_plan, lacking, found) in planned {
        plan.brands.push(brand_plan);
        missing.absorb(lacking);
        errors.extend(found.into_sorted());
    }
    plan.next_change = next_change(&plan);
    let mut diags = missing.into_diagnostics(site);
    diags.extend(errors.into_sorted());
    Ok((plan, diags))
}

/// One brand's pages in each of its locales, what it lacks, and the errors found on the way.
fn plan_brand(site: &Site, b: BrandId, sel: &Selection, as_of: Date) -> (BrandPlan, Missing, Diagnostics) {
    let brand = site.config.brand_at(b);
    let values = site.config.vars_by_locale(brand, site.locales.iter().map(|l| l.tag.as_str()));
    let mut missing = Missing::default();
    let mut errors = Diagnostics::default();
    let locales = brand_locales(site, brand, sel)
        .into_iter()
        .map(|tag| plan_locale(site, brand, tag, as_of, (&values, &mut missing), &mut errors))
        .collect();
    (BrandPlan { brand: b, locales, values }, missing, errors)
}

/// The date on which some page's version changes role next.
fn next_change(plan: &Plan) -> Option<Date> {
    let pages = plan.brands.iter().flat_map(|b| &b.locales).flat_map(|l| &l.pages);
    pages.filter_map(|p| p.version.as_ref()?.history.next_change()).min()
}

fn plan_locale(
    site: &Site,
    brand: &Brand,
    tag: &str,
    as_of: Date,
    (values, missing): (&ValuesByLocale, &mut Missing),
    errors: &mut Diagnostics,
) -> LocalePlan {
    let Some(locale) = site.locale(tag) else {
        return LocalePlan { locale: tag.to_string(), pages: Vec::new() };
    };
    let shown = |d: DocId| site.doc(d).front.brands.as_ref().is_none_or(|bs| bs.contains(&brand.id));
    let mut pages = Vec::new();
    for key in &site.doc_keys {
        match history_of(site, brand, locale, key, as_of, &shown) {
            Ok(Some(h)) => pages.extend(document_pages(site, tag, key, h)),
            Ok(None) => {}
            Err(e) => errors.extend(e),
        }
    }
    let page = |key: String, kind, doc: Option<DocId>| plain_page(site, tag, key, kind, doc);
    let mut sections: Vec<String> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Document)
        .flat_map(|p| ancestors(parent_of(&p.key)))
        .collect();
    sections.sort();
    sections.dedup();
    for s in sections {
        let doc = site.source_for(&brand.id, locale, &format!("{s}/_index"));
        pages.push(page(s, PageKind::Section, doc));
    }
    pages.push(page(String::new(), PageKind::Home, site.source_for(&brand.id, locale, "_index")));
    pages.push(page("legal.json".into(), PageKind::LegalData, None));
    for d in pages.iter().filter_map(|p| p.doc) {
        missing.check(site, (brand, values), tag, d);
    }
    missing.check_title(site, (brand, values), tag);
    LocalePlan { locale: tag.to_string(), pages }
}

fn plain_page(site: &Site, tag: &str, key: String, kind: PageKind, doc: Option<DocId>) -> PagePlan {
    let fallback = doc.is_some_and(|d| site.doc(d).file.locale != tag);
    PagePlan { key, kind, doc, fallback, version: None }
}

/// The pages of one document: its page, its `versions.json` and, with one version, its
/// fragment; with more, the version list, a page and a fragment per version and a changes
/// page per version but the first. The fragment and `versions.json` of a document with one
/// version carry its history too (one version), for its date.
fn document_pages(site: &Site, tag: &str, key: &str, history: History) -> Vec<PagePlan> {
    let current = history.versions[history.current].doc;
    let one = history.versions.len() == 1;
    let history = Arc::new(history);
    // One for every page of the document (a run holds tens of thousands of pages).
    let doc_key: Arc<str> = Arc::from(key);
    let page = |sub: String, kind, index: usize| {
        let doc = history.versions[index].doc;
        let version = VersionRef { history: history.clone(), index, doc_key: doc_key.clone() };
        PagePlan { version: Some(version), ..plain_page(site, tag, sub, kind, Some(doc)) }
    };
    if one {
        // One version: no version pages, and the document page as before versions.
        return vec![
            plain_page(site, tag, key.to_string(), PageKind::Document, Some(current)),
            page(format!("{key}/fragment.html"), PageKind::Fragment, 0),
            page(format!("{key}/versions.json"), PageKind::VersionsData, 0),
        ];
    }
    let mut pages = vec![
        page(key.to_string(), PageKind::Document, history.current),
        PagePlan {
            fallback: false,
            ..page(format!("{key}/versions"), PageKind::VersionList, history.current)
        },
    ];
    pages.push(page(format!("{key}/versions.json"), PageKind::VersionsData, history.current));
    for (i, v) in history.versions.iter().enumerate() {
        pages.push(page(format!("{key}/versions/{}", v.date.iso()), PageKind::Version, i));
        pages.push(page(format!("{key}/versions/{}/fragment.html", v.date.iso()), PageKind::Fragment, i));
        if i > 0 {
            pages.push(page(format!("{key}/changes/{}", v.date.iso()), PageKind::Changes, i));
        }
    }
    pages
}

/// Where a placeholder is first used, and the (brand, locale) pairs that lack a value for it.
type Lacking = (Pos, Vec<(String, String)>);

/// Where a placeholder without a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Written {
    In(DocId),
    /// In site.toml's `title`.
    SiteTitle,
}

/// Placeholders without a value, gathered per (file, name) with the brands and locales lacking it.
#[derive(Default)]
struct Missing {
    found: BTreeMap<(Written, String), Lacking>,
}

impl Missing {
    /// Adds what another brand lacks.
    fn absorb(&mut self, other: Missing) {
        for (key, (pos, lacking)) in other.found {
            self.found.entry(key).or_insert((pos, Vec::new())).1.extend(lacking);
        }
    }

    fn lacks(&mut self, at: (Written, &str), pos: Pos, brand: &Brand, locale: &str) {
        let e = self.found.entry((at.0, at.1.to_string())).or_insert((pos, Vec::new()));
        e.1.push((brand.id.clone(), locale.to_string()));
    }

    /// The placeholders of `doc`, shown on a page in `page_locale`, against the brand's
    /// values in the locale the file is written in.
    fn check(
        &mut self,
        site: &Site,
        (brand, values): (&Brand, &ValuesByLocale),
        page_locale: &str,
        doc: DocId,
    ) {
        let d = site.doc(doc);
        let computed;
        let vars = match values.get(&d.file.locale) {
            Some(vars) => vars,
            None => {
                computed = site.config.vars_for(brand, &d.file.locale);
                &computed
            }
        };
        for (name, pos) in d.placeholders.iter().filter(|(name, _)| !vars.contains_key(name.as_str())) {
            self.lacks((Written::In(doc), name), *pos, brand, page_locale);
        }
    }

    fn check_title(&mut self, site: &Site, (brand, values): (&Brand, &ValuesByLocale), tag: &str) {
        let Some(vars) = values.get(tag) else { return };
        for (name, pos) in site.title.names.iter().filter(|(name, _)| !vars.contains_key(name)) {
            self.lacks((Written::SiteTitle, name), *pos, brand, tag);
        }
    }

    fn into_diagnostics(self, site: &Site) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let known = known_names(site);
        for ((at, name), (pos, mut lacking)) in self.found {
            lacking.sort();
            lacking.dedup();
            let file = match at {
                Written::SiteTitle => "site.toml".into(),
                Written::In(doc) => site.doc(doc).file.rel.clone(),
            };
            let list = lacking.iter().map(|(b, l)| format!("{b}/{l}")).collect::<Vec<_>>().join(", ");
            diags.push(
                Diagnostic::error(Kind::UnknownPlaceholder, format!("`{{{{{name}}}}}` has no value for {list}{}", suggestion(&known, &name)))
                    .in_file(file)
                    .at(pos)
                    .help(format!("set `{name} = \"…\"` in [vars], [locales.<locale>.vars], [brands.<brand>.vars] or [brands.<brand>.locale_vars.<locale>] of site.toml, or correct the name")),
            );
        }
        diags
    }
}
/// Every placeholder name that has a value somewhere in site.toml.
fn known_names(site: &Site) -> std::collections::BTreeSet<&str> {
    let c = &site.config;
    let brands = c.brands.iter().flat_map(|b| std::iter::once(&b.vars).chain(b.locale_vars.values()));
    let layers = std::iter::once(&c.vars).chain(c.locales.values().map(|l| &l.vars)).chain(brands);
    layers.flat_map(|vars| vars.keys().map(String::as_str)).collect()
}

/// A name known nowhere may be a typo of a known one.
fn suggestion(known: &std::collections::BTreeSet<&str>, name: &str) -> String {
    if known.contains(name) {
        return String::new();
    }
    did_you_mean(name, known.iter().copied())
}

#[cfg(test)]
mod tests {
    use crate::diag::Kind;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn a_page_a_locale_lacks_is_planned_from_its_fallback_and_a_brands_list_is_obeyed() {
        let (en, de, acme) =
            (doc("P", "", "T."), doc("A", "", "T."), doc("A", "brands = [\"acme\"]\n", "T."));
        let files =
            [("content/en/policy.md", &en), ("content/en/acme.md", &acme), ("content/de/other.md", &de)];
        let (_root, front) = load(SITE, &files.map(|(f, t)| (f, t.as_str())));
        let plan = front.plan.unwrap();
        let page = |brand: usize, locale: &str, key: &str| {
            let lp = plan.brands[brand].locales.iter().find(|l| l.locale == locale).unwrap();
            lp.pages.iter().find(|p| p.key == key).map(|p| p.fallback)
        };
        assert_eq!((page(0, "de", "policy"), page(0, "de", "other")), (Some(true), Some(false)));
        assert_eq!(
            (page(0, "en", "acme"), page(1, "en", "acme")),
            (Some(false), None),
            "beta lacks acme's page"
        );
    }

    #[test]
    fn a_missing_value_names_every_brand_and_locale_that_lacks_it_once() {
        let site = SITE.replace("title = \"Legal\"", "title = \"{{name}} {{motto}}\"");
        let (_root, front) = load(&site, &[("content/en/policy.md", &doc("Policy", "", "By {{owner}}."))]);
        let found: Vec<_> = front.diags.iter().filter(|d| d.kind == Kind::UnknownPlaceholder).collect();
        let at: Vec<_> = found.iter().map(|d| (d.file.clone().unwrap(), d.line, d.column)).collect();
        assert_eq!(
            at,
            [("content/en/policy.md".into(), Some(5), Some(4)), ("site.toml".into(), Some(1), Some(19))]
        );
        assert!(found.iter().all(|d| d.message.contains("acme/en, beta/en")), "{found:?}");
    }
}
