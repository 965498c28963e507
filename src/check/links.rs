//! Links and `#anchors`: every internal link of every page, for each brand and locale that
//! shows it, must lead to a page that brand has in that locale, and its fragment to an id
//! on that page — a clause or heading id of the target document, an id the theme's
//! templates write around every page (`#main`), a footnote, or HTML's own `#top`.

use crate::content::markdown::LinkRef;
use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::render::theme::{builtin_files, Theme};
use crate::site::model::{DocId, Site};
use crate::site::plan::{PageKind, Plan};
use std::collections::{BTreeMap, BTreeSet};

/// The ids a page has whatever its document: the theme's and HTML's.
pub struct ChromeIds(BTreeSet<String>);

impl ChromeIds {
    /// The literal `id="…"` attributes of the theme's templates (the built-in theme's when
    /// the site's could not be loaded), and `top`, which a browser scrolls to on any page.
    pub fn of(theme: Option<&Theme>) -> ChromeIds {
        let mut ids: BTreeSet<String> = BTreeSet::from(["top".to_string()]);
        match theme {
            Some(theme) => {
                for (_, template) in theme.env.templates() {
                    ids.extend(literal_ids(template.source()));
                }
            }
            None => ids.extend(
                builtin_files()
                    .filter(|(path, _)| path.starts_with("templates/"))
                    .filter_map(|(_, bytes)| std::str::from_utf8(bytes).ok())
                    .flat_map(literal_ids),
            ),
        }
        ChromeIds(ids)
    }

    fn has(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

/// The values of `id="…"` in `html` that hold no template expression.
fn literal_ids(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split(" id=\"").skip(1).filter_map(|rest| {
        let value = &rest[..rest.find('"')?];
        (!value.is_empty() && !value.contains(['{', '}'])).then(|| value.to_string())
    })
}

/// (locale, page path) → the document a brand builds there (`None` for listings).
type Pages<'p> = BTreeMap<(&'p str, &'p str), Option<DocId>>;

/// Every broken link and anchor of `plan`'s pages.
pub fn check_links(site: &Site, plan: &Plan, chrome: &ChromeIds, diags: &mut Diagnostics) {
    for bp in &plan.brands {
        let brand = &site.config.brand_at(bp.brand).id;
        let pages: Pages<'_> = bp
            .locales
            .iter()
            .flat_map(|lp| lp.pages.iter().map(move |p| ((lp.locale.as_str(), p.key.as_str()), p)))
            .map(|(k, p)| (k, p.doc.filter(|_| p.kind == PageKind::Document)))
            .collect();
        for lp in &bp.locales {
            let docs = lp.pages.iter().filter(|p| p.kind == PageKind::Document).filter_map(|p| p.doc);
            for d in docs {
                let page = Page { site, pages: &pages, chrome, locale: &lp.locale, brand, from: d };
                diags.extend(site.doc(d).body.links.iter().filter_map(|link| page.broken(link)));
            }
        }
    }
}

/// One document page of one brand in one locale, whose links are checked.
struct Page<'a> {
    site: &'a Site,
    pages: &'a Pages<'a>,
    chrome: &'a ChromeIds,
    locale: &'a str,
    brand: &'a str,
    from: DocId,
}

impl Page<'_> {
    /// The finding for `link`, if it is broken.
    fn broken(&self, link: &LinkRef) -> Option<Diagnostic> {
        let message = self.what_is_wrong(link)?;
        Some(
            Diagnostic::error(Kind::BrokenLink, message)
                .in_file(self.site.doc(self.from).file.rel.clone())
                .at(link.pos)
                .locale(self.locale)
                .brand(self.brand)
                .help("link to a clause or heading id that the target has in every locale (clause ids are `clause-4.1.2`; a translated heading keeps its source's id when it is written after its text: `## Titel {#title}`)"),
        )
    }

    fn what_is_wrong(&self, link: &LinkRef) -> Option<String> {
        let fragment = link.fragment.as_deref();
        let (brand, locale) = (self.brand, self.locale);
        let Some(key) = link.page.as_deref().map(|k| k.trim_end_matches('/')) else {
            return self
                .anchor_missing(Some(self.from), fragment)
                .map(|f| format!("link `{}`: #{f} does not exist on this page", link.written));
        };
        match self.pages.get(&(locale, key)) {
            None if self.unloaded(key) => None,
            None => Some(format!(
                "link `{}` leads to a page that brand {brand} does not have in {locale}",
                link.written
            )),
            Some(target) => self.anchor_missing(*target, fragment).map(|f| {
                format!(
                    "link `{}`: #{f} does not exist on that page for brand {brand} in {locale}",
                    link.written
                )
            }),
        }
    }

    /// Whether a file the page `key` could be built from failed to load: its error is
    /// reported, not every link to it besides.
    fn unloaded(&self, key: &str) -> bool {
        let chain = self.site.locale(self.locale).map(|l| l.chain.as_slice()).unwrap_or_default();
        chain.iter().any(|tag| self.site.unloaded(tag, key, None))
    }

    /// The fragment, if the target document lacks it. Section targets and empty fragments
    /// pass, and so do the chrome's ids and footnotes (`#fn-1`, `#fnref-1`).
    fn anchor_missing(&self, target: Option<DocId>, fragment: Option<&str>) -> Option<String> {
        let fragment = fragment.filter(|f| !f.is_empty())?;
        let doc = self.site.doc(target?);
        let known = doc.body.ids.iter().any(|id| id == fragment)
            || self.chrome.has(fragment)
            || fragment.starts_with("fn-")
            || fragment.starts_with("fnref-");
        (!known).then(|| fragment.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_literal_ids_of_templates_count() {
        let html = r#"<main id="main"><div id="{{ page.kind }}"></div><p data-id="x" id="top-nav">"#;
        assert_eq!(literal_ids(html).collect::<Vec<_>>(), ["main", "top-nav"]);
    }

    #[test]
    fn a_site_whose_theme_failed_has_the_built_in_themes_ids() {
        let ids = ChromeIds::of(None);
        assert!(ids.has("top") && ids.has("main"));
        assert!(!ids.has("contents"));
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn a_link_to_a_clause_the_target_lacks_is_broken_for_every_brand_and_chrome_ids_pass() {
        let terms = doc(
            "Terms",
            "",
            "See [clause 9](policy.md#clause-9), [the top](#top), [main](#main) and [1](policy.md#clause-1).",
        );
        let policy = doc("Policy", "", "## 1. Scope\n\nText.\n");
        let (_root, front) =
            load(SITE, &[("content/en/terms.md", &terms), ("content/en/policy.md", &policy)]);
        let mut diags = Diagnostics::default();
        let chrome = ChromeIds::of(front.theme.as_ref());
        check_links(&front.site, front.plan.as_ref().unwrap(), &chrome, &mut diags);
        let found = diags.into_sorted();
        let brands: Vec<_> = found.iter().map(|d| (d.kind, d.brand.as_deref(), d.column)).collect();
        assert_eq!(
            brands,
            [(Kind::BrokenLink, Some("acme"), Some(5)), (Kind::BrokenLink, Some("beta"), Some(5))]
        );
        assert!(found[0].message.contains("#clause-9 does not exist on that page for brand acme in en"));
    }
}
