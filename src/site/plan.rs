//! The build plan: which pages each brand gets in each locale, and from which file.
//!
//! Planning is where a missing placeholder value is found: every (brand, locale) that shows
//! a file must have a value for each of its placeholders, in the locale the file is written
//! in. Nothing is rendered before the plan is known to be complete.

use crate::config::settings::{Brand, ValuesByLocale};
use crate::content::discover::{ancestors, parent_of};
use crate::content::frontmatter::Date;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::site::history::{history_of, History, Role};
use crate::site::model::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which brands and locales a run builds.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Empty: every brand.
    pub brands: Vec<String>,
    /// Empty: every locale.
    pub locales: Vec<String>,
    /// `(k, n)`: the k-th (1-based) of n equal shares of the brands sorted by id.
    pub shard: Option<(usize, usize)>,
    /// The date the site is built for (`--as-of`); `None`: `SOURCE_DATE_EPOCH`'s, else today.
    pub as_of: Option<Date>,
}

/// One page to write.
#[derive(Debug, Clone)]
pub struct PagePlan {
    /// `agreement/privacy-policy`; for a section `agreement`; `` for the home.
    pub key: String,
    pub kind: PageKind,
    /// The file it is built from (documents always; sections and homes when `_index.md` exists).
    pub doc: Option<usize>,
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
        !self.fallback && !current_version
    }
}

/// A version of a document's history, for the pages built from it.
#[derive(Debug, Clone)]
pub struct VersionRef {
    pub history: Arc<History>,
    pub index: usize,
    /// The document's own path (`agreement/privacy-policy`).
    pub doc_key: String,
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
}

/// A brand's pages in one locale.
#[derive(Debug, Clone)]
pub struct LocalePlan {
    pub locale: String,
    pub pages: Vec<PagePlan>,
}

#[derive(Debug, Clone)]
pub struct BrandPlan {
    pub brand: usize,
    pub locales: Vec<LocalePlan>,
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
    pub fn page_count(&self) -> usize {
        self.brands.iter().flat_map(|b| &b.locales).map(|l| l.pages.len()).sum()
    }

    pub fn locale_count(&self) -> usize {
        let mut set: Vec<&str> =
            self.brands.iter().flat_map(|b| &b.locales).map(|l| l.locale.as_str()).collect();
        set.sort_unstable();
        set.dedup();
        set.len()
    }
}

/// The brands a selection builds, by index into the config, or a usage error.
pub fn select_brands(site: &Site, sel: &Selection) -> Result<Vec<usize>, String> {
    for id in &sel.brands {
        if site.config.brand(id).is_none() {
            let known = site.config.brands.iter().map(|b| b.id.as_str());
            return Err(format!(
                "--brand {id}: no such brand in site.toml (brands: {}){}",
                brand_list(&site.config.brands),
                did_you_mean(id, known)
            ));
        }
    }
    for tag in &sel.locales {
        if site.locale(tag).is_none() {
            let known = site.locales.iter().map(|l| l.tag.as_str());
            return Err(format!("--locale {tag}: no content/{tag}/ folder{}", did_you_mean(tag, known)));
        }
    }
    let mut chosen: Vec<usize> = (0..site.config.brands.len())
        .filter(|&i| sel.brands.is_empty() || sel.brands.contains(&site.config.brands[i].id))
        .collect();
    if let Some((k, n)) = sel.shard {
        let len = chosen.len();
        let (start, end) = ((k - 1) * len / n, k * len / n);
        chosen = chosen[start..end].to_vec();
    }
    Ok(chosen)
}

fn brand_list(brands: &[Brand]) -> String {
    brands.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// The locales a brand serves in this run.
pub fn brand_locales<'s>(site: &'s Site, brand: &Brand, sel: &Selection) -> Vec<&'s str> {
    site.locales
        .iter()
        .map(|l| l.tag.as_str())
        .filter(|t| brand.locales.as_ref().is_none_or(|ls| ls.iter().any(|l| l == t)))
        .filter(|t| sel.locales.is_empty() || sel.locales.iter().any(|l| l == t))
        .collect()
}

/// Plans every page of the selection and checks that every placeholder has a value. Each
/// brand is planned on its own, in parallel; what they lack is gathered afterwards.
pub fn plan(site: &Site, sel: &Selection) -> Result<Plan, Result<Diagnostics, String>> {
    let brands = select_brands(site, sel).map_err(Err)?;
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
    if diags.has_errors() {
        return Err(Ok(diags));
    }
    Ok(plan)
}

/// One brand's pages in each of its locales, what it lacks, and the errors found on the way.
fn plan_brand(site: &Site, b: usize, sel: &Selection, as_of: Date) -> (BrandPlan, Missing, Diagnostics) {
    let brand = &site.config.brands[b];
    let mut missing = Missing::new(site, brand);
    let mut errors = Diagnostics::default();
    let locales = brand_locales(site, brand, sel)
        .into_iter()
        .map(|tag| plan_locale(site, brand, tag, as_of, &mut missing, &mut errors))
        .collect();
    (BrandPlan { brand: b, locales }, missing, errors)
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
    missing: &mut Missing,
    errors: &mut Diagnostics,
) -> LocalePlan {
    let Some(locale) = site.locale(tag) else {
        return LocalePlan { locale: tag.to_string(), pages: Vec::new() };
    };
    let shown = |d: usize| site.docs[d].front.brands.as_ref().is_none_or(|bs| bs.contains(&brand.id));
    let mut pages = Vec::new();
    for key in &site.doc_keys {
        match history_of(site, brand, locale, key, as_of, &shown) {
            Ok(Some(h)) => pages.extend(document_pages(site, tag, key, h)),
            Ok(None) => {}
            Err(e) => errors.extend(e),
        }
    }
    let page = |key: String, kind, doc: Option<usize>| plain_page(site, tag, key, kind, doc);
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
    for d in pages.iter().filter_map(|p| p.doc) {
        missing.check(site, brand, tag, d);
    }
    missing.check_title(site, brand, tag);
    LocalePlan { locale: tag.to_string(), pages }
}

fn plain_page(site: &Site, tag: &str, key: String, kind: PageKind, doc: Option<usize>) -> PagePlan {
    let fallback = doc.is_some_and(|d| site.docs[d].file.locale != tag);
    PagePlan { key, kind, doc, fallback, version: None }
}

/// The pages of one document: its page and, with more than one version, the version list,
/// a page per version and a changes page per version but the first.
fn document_pages(site: &Site, tag: &str, key: &str, history: History) -> Vec<PagePlan> {
    let current = history.versions[history.current].doc;
    if history.versions.len() == 1 {
        return vec![plain_page(site, tag, key.to_string(), PageKind::Document, Some(current))];
    }
    let history = Arc::new(history);
    let page = |sub: String, kind, index: usize| {
        let doc = history.versions[index].doc;
        let version = VersionRef { history: history.clone(), index, doc_key: key.to_string() };
        PagePlan { version: Some(version), ..plain_page(site, tag, sub, kind, Some(doc)) }
    };
    let mut pages = vec![
        page(key.to_string(), PageKind::Document, history.current),
        PagePlan {
            fallback: false,
            ..page(format!("{key}/versions"), PageKind::VersionList, history.current)
        },
    ];
    for (i, v) in history.versions.iter().enumerate() {
        pages.push(page(format!("{key}/versions/{}", v.date.iso()), PageKind::Version, i));
        if i > 0 {
            pages.push(page(format!("{key}/changes/{}", v.date.iso()), PageKind::Changes, i));
        }
    }
    pages
}

/// Where a placeholder is first used, and the (brand, locale) pairs that lack a value for it.
type Lacking = (Pos, Vec<(String, String)>);

/// Placeholders without a value, gathered per (file, name) with the brands and locales lacking it.
#[derive(Default)]
struct Missing {
    /// (doc index or usize::MAX for site.toml, name) → (position, [(brand, locale)]).
    found: BTreeMap<(usize, String), Lacking>,
    /// The brand's values in each locale of the site, computed once (every page checks them).
    vars: ValuesByLocale,
}

impl Missing {
    /// What `brand` lacks, checked against its values in every locale of the site.
    fn new(site: &Site, brand: &Brand) -> Missing {
        let vars = site.config.vars_by_locale(brand, site.locales.iter().map(|l| l.tag.as_str()));
        Missing { found: BTreeMap::new(), vars }
    }

    /// Adds what another brand lacks.
    fn absorb(&mut self, other: Missing) {
        for (key, (pos, lacking)) in other.found {
            self.found.entry(key).or_insert((pos, Vec::new())).1.extend(lacking);
        }
    }

    fn check(&mut self, site: &Site, brand: &Brand, page_locale: &str, doc: usize) {
        let d = &site.docs[doc];
        let computed;
        let vars = match self.vars.get(&d.file.locale) {
            Some(vars) => vars,
            None => {
                computed = site.config.vars_for(brand, &d.file.locale);
                &computed
            }
        };
        for (name, pos) in &d.placeholders {
            if !vars.contains_key(name) {
                let e = self.found.entry((doc, name.clone())).or_insert((*pos, Vec::new()));
                e.1.push((brand.id.clone(), page_locale.to_string()));
            }
        }
    }

    fn check_title(&mut self, site: &Site, brand: &Brand, tag: &str) {
        let Ok((t, occ)) = crate::content::placeholders::Template::parse(&site.config.title) else {
            return;
        };
        let vars = site.config.vars_for(brand, tag);
        for (name, o) in t.names().zip(occ) {
            if !vars.contains_key(name) {
                let pos = site
                    .config
                    .source
                    .find(&site.config.title)
                    .map_or(Pos::new(1, 1), |i| Pos::of_offset(&site.config.source, i + o.offset));
                let e = self.found.entry((usize::MAX, name.to_string())).or_insert((pos, Vec::new()));
                e.1.push((brand.id.clone(), tag.to_string()));
            }
        }
    }

    fn into_diagnostics(self, site: &Site) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let known = known_names(site);
        for ((doc, name), (pos, mut lacking)) in self.found {
            lacking.sort();
            lacking.dedup();
            let file = if doc == usize::MAX { "site.toml".into() } else { site.docs[doc].file.rel.clone() };
            let list = lacking.iter().map(|(b, l)| format!("{b}/{l}")).collect::<Vec<_>>().join(", ");
            diags.push(
                Diagnostic::error("unknown-placeholder", format!("`{{{{{name}}}}}` has no value for {list}{}", suggestion(&known, &name)))
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
