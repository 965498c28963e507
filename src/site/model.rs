//! The site as a whole: config, locales with their fallback chains, and every document
//! loaded (in parallel) and indexed by locale and path.

use crate::config::locale::{self, Locale};
use crate::config::settings::Config;
use crate::content::cache::{signature, DocCache};
use crate::content::discover::{self, ancestors, Asset, Inventory, SourceFile};
use crate::content::document::Document;
use crate::content::frontmatter::Date;
use crate::content::markdown::RenderOptions;
use crate::content::placeholders::Template;
use crate::diag::{Diagnostic, Diagnostics, Kind, Pos};
use crate::site::documents::{load_documents, Known};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// A document of [`Site::docs`], by its place there: a typed index, so that a document's
/// number cannot be mistaken for a brand's or a version's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub usize);

/// The files of one path (`agreement/privacy-policy`) in one locale.
#[derive(Debug, Clone, Default)]
pub struct Variants {
    /// Index into [`Site::docs`] of `<doc>.md`.
    pub generic: Option<DocId>,
    /// `<doc>.<brand>.md`, by brand id.
    pub overrides: BTreeMap<String, DocId>,
}

/// Values by locale, then by path.
pub type ByLocale<V> = BTreeMap<String, BTreeMap<String, V>>;

/// The value of `locale` and `key` in `map`.
pub fn at<'m, V>(map: &'m ByLocale<V>, locale: &str, key: &str) -> Option<&'m V> {
    map.get(locale)?.get(key)
}

/// For each path of `map` found up `locale`'s fallback chain (the locale itself left out), the
/// first locale whose value there `pick` takes something from, and what it took: the file (or
/// versions) a translation in `locale` translates.
pub fn up_the_chain<'m, V, R>(
    map: &'m ByLocale<V>,
    locale: &'m Locale,
    pick: impl Fn(&'m V) -> Option<R>,
) -> BTreeMap<&'m str, (&'m str, R)> {
    let mut out = BTreeMap::new();
    for tag in locale.chain.iter().skip(1) {
        for (key, v) in map.get(tag).into_iter().flatten() {
            if let (std::collections::btree_map::Entry::Vacant(e), Some(r)) =
                (out.entry(key.as_str()), pick(v))
            {
                e.insert((tag.as_str(), r));
            }
        }
    }
    out
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// site.toml's `title`, read once: the template each brand fills, and where each of its
/// placeholders is written in site.toml (for an error about a missing value).
#[derive(Debug)]
pub struct SiteTitle {
    pub template: Template,
    pub names: Vec<(String, Pos)>,
}

impl SiteTitle {
    /// A title with a malformed placeholder is shown as written, with no placeholder.
    fn of(config: &Config) -> SiteTitle {
        let Ok((template, occurrences)) = Template::parse(&config.title) else {
            return SiteTitle { template: Template::literal(&config.title), names: Vec::new() };
        };
        let start = config.source.find(&config.title);
        let pos =
            |offset: usize| start.map_or(Pos::new(1, 1), |i| Pos::of_offset(&config.source, i + offset));
        let names = template.names().zip(occurrences).map(|(n, o)| (n.to_string(), pos(o.offset))).collect();
        SiteTitle { template, names }
    }
}

/// Everything a build or check needs to know about the site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub title: SiteTitle,
    /// Sorted by tag.
    pub locales: Vec<Locale>,
    pub docs: Vec<Document>,
    /// The Markdown files that could not be loaded (each error is reported): `check` does
    /// not also report what they would have given as missing (links to them, say).
    pub unloaded: Vec<SourceFile>,
    pub assets: Vec<Asset>,
    /// locale → path → files of the version `<doc>.md` (two levels, so that a lookup by
    /// `&str` allocates nothing: planning looks up every page of every brand).
    pub index: ByLocale<Variants>,
    /// locale → path → the version files `<doc>@<date>.md`, by date.
    pub dated: ByLocale<BTreeMap<Date, Variants>>,
    /// Paths of documents (not `_index`), in any locale.
    pub doc_keys: BTreeSet<String>,
    /// Sections: folders holding documents, at any depth (`agreement`, `agreement/cloud`).
    pub section_keys: BTreeSet<String>,
}

impl Site {
    /// Loads the site at `root`, with every problem found in it. Files with errors are left
    /// out of the site, so that what remains can still be checked; only a `site.toml` that
    /// cannot be read stops loading.
    pub fn load(root: &Path, opts: LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        Site::load_cached(root, opts, &mut DocCache::default())
    }

    /// Like [`Site::load`], reusing the documents of `cache` whose file bytes are unchanged
    /// (while the set of files and the render options are the same), and updating it.
    pub fn load_cached(
        root: &Path,
        opts: LoadOptions,
        cache: &mut DocCache,
    ) -> Result<(Site, Diagnostics), Diagnostics> {
        let mut diags = Diagnostics::default();
        let config = Config::load(root).map_err(|ds| {
            let mut d = Diagnostics::default();
            d.extend(ds);
            d
        })?;
        let brand_ids: BTreeSet<String> = config.brands.iter().map(|b| b.id.clone()).collect();
        let (inv, errors) = discover::discover(root, &brand_ids);
        diags.extend(errors);
        let locales = build_locales(&config, &inv, &mut diags);
        let known = Known::new(&inv);
        let render_opts =
            RenderOptions { unsafe_html: config.markdown.unsafe_html, highlight: config.markdown.highlight };
        cache.begin_load(signature(&inv, &locales, &render_opts));
        let (docs, unloaded) =
            load_documents(&inv, &known, &locales, &render_opts, cache, opts.drafts, &mut diags);
        check_brand_lists(&config, &docs, &mut diags);
        let mut site = Site::assemble(root, config, locales, docs, inv.assets);
        site.unloaded = unloaded;
        Ok((site, diags))
    }

    fn assemble(
        root: &Path,
        config: Config,
        locales: Vec<Locale>,
        docs: Vec<Document>,
        assets: Vec<Asset>,
    ) -> Site {
        let mut index: ByLocale<Variants> = BTreeMap::new();
        let mut dated: ByLocale<BTreeMap<Date, Variants>> = BTreeMap::new();
        let mut doc_keys = BTreeSet::new();
        let mut section_keys = BTreeSet::new();
        for (i, d) in docs.iter().enumerate().map(|(i, d)| (DocId(i), d)) {
            let (locale, key) = (d.file.locale.clone(), d.file.key.clone());
            let v = match d.file.version {
                Some(date) => {
                    dated.entry(locale).or_default().entry(key).or_default().entry(date).or_default()
                }
                None => index.entry(locale).or_default().entry(key).or_default(),
            };
            match &d.file.brand {
                Some(b) => {
                    v.overrides.insert(b.clone(), i);
                }
                None => v.generic = Some(i),
            }
            if !d.file.is_index() {
                doc_keys.insert(d.file.key.clone());
                section_keys.extend(ancestors(d.file.dir()));
            }
        }
        let title = SiteTitle::of(&config);
        Site {
            root: root.to_path_buf(),
            config,
            title,
            locales,
            docs,
            unloaded: Vec::new(),
            assets,
            index,
            dated,
            doc_keys,
            section_keys,
        }
    }

    /// The document `id` stands for.
    pub fn doc(&self, id: DocId) -> &Document {
        &self.docs[id.0]
    }

    /// Every document with its id.
    pub fn doc_ids(&self) -> impl Iterator<Item = (DocId, &Document)> {
        self.docs.iter().enumerate().map(|(i, d)| (DocId(i), d))
    }

    pub fn locale(&self, tag: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.tag == tag)
    }

    /// The file that a brand's page of `key` in `locale` is built from (SPEC §3): the brand's
    /// override in the locale and then along its chain, then the generic file likewise.
    pub fn source_for(&self, brand: &str, locale: &Locale, key: &str) -> Option<DocId> {
        self.version_source(brand, locale, key, None)
    }

    /// Like [`Site::source_for`], for one version name: `<doc>.md` (`None`) or `<doc>@<date>.md`.
    pub fn version_source(
        &self,
        brand: &str,
        locale: &Locale,
        key: &str,
        version: Option<Date>,
    ) -> Option<DocId> {
        let variants = |l: &String| match version {
            None => at(&self.index, l, key),
            Some(date) => at(&self.dated, l, key)?.get(&date),
        };
        let own = locale.chain.iter().find_map(|l| variants(l)?.overrides.get(brand).copied());
        own.or_else(|| locale.chain.iter().find_map(|l| variants(l)?.generic))
    }

    /// Whether a file of `key` in locale `tag` (of the version `version`, `None`: `<doc>.md`)
    /// failed to load: what it would have given is not reported missing, its error is enough.
    pub fn unloaded(&self, tag: &str, key: &str, version: Option<Date>) -> bool {
        self.unloaded.iter().any(|f| f.locale == tag && f.key == key && f.version == version)
    }

    /// The version dates of `key` found in `locale`'s chain, for any brand.
    pub fn dates_of(&self, locale: &Locale, key: &str) -> BTreeSet<Date> {
        locale.chain.iter().filter_map(|l| at(&self.dated, l, key)).flat_map(|m| m.keys().copied()).collect()
    }
}

/// The locales found, with names and fallback chains; config problems about them.
fn build_locales(config: &Config, inv: &Inventory, diags: &mut Diagnostics) -> Vec<Locale> {
    let found: BTreeSet<&str> = inv.locales.iter().map(String::as_str).collect();
    if !found.contains(config.default_locale.as_str()) {
        diags.push(
            Diagnostic::error(
                Kind::MissingDefaultLocale,
                format!(
                    "default_locale is `{}`, but content/{}/ does not exist",
                    config.default_locale, config.default_locale
                ),
            )
            .in_file("site.toml")
            .at(config.pos_of("default_locale"))
            .help(format!(
                "create content/{}/ or set default_locale to one of: {}",
                config.default_locale,
                found.iter().copied().collect::<Vec<_>>().join(", ")
            )),
        );
    }
    check_locale_refs(config, &found, diags);
    inv.locales
        .iter()
        .map(|tag| Locale {
            tag: tag.clone(),
            name: config
                .locales
                .get(tag)
                .and_then(|l| l.name.clone())
                .unwrap_or_else(|| locale::autonym(tag)),
            dir: locale::direction(tag),
            chain: chain(config, tag),
        })
        .collect()
}

/// The fallback chain of `tag`, stopping at a repeat (a cycle is reported elsewhere).
fn chain(config: &Config, tag: &str) -> Vec<String> {
    let mut out = vec![tag.to_string()];
    let mut seen: HashSet<String> = out.iter().cloned().collect();
    let mut cur = tag.to_string();
    while let Some(next) = config.fallback_of(&cur) {
        if !seen.insert(next.clone()) {
            break;
        }
        out.push(next.clone());
        cur = next;
    }
    if !out.contains(&config.default_locale) {
        out.push(config.default_locale.clone());
    }
    out
}

/// Fallbacks and brand locale lists must name locales that exist, without cycles.
fn check_locale_refs(config: &Config, found: &BTreeSet<&str>, diags: &mut Diagnostics) {
    for (tag, l) in &config.locales {
        if let Some(f) = &l.fallback {
            let at = crate::diag::Pos::of_offset(&config.source, f.span().start);
            if !found.contains(f.get_ref().as_str()) {
                diags.push(
                    Diagnostic::error(
                        Kind::UnknownLocale,
                        format!(
                            "locales.{tag}.fallback is `{}`, which has no folder in content/",
                            f.get_ref()
                        ),
                    )
                    .in_file("site.toml")
                    .at(at)
                    .help("name a locale folder that exists"),
                );
            } else if chain_cycles(config, tag) {
                diags.push(
                    Diagnostic::error(
                        Kind::FallbackCycle,
                        format!("the fallbacks of `{tag}` lead back to it"),
                    )
                    .in_file("site.toml")
                    .at(at)
                    .help(format!("end the chain at the default locale `{}`", config.default_locale)),
                );
            }
        }
    }
    for b in &config.brands {
        for l in b.locales.iter().flatten() {
            if !found.contains(l.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Kind::UnknownLocale,
                        format!("brands.{}.locales names `{l}`, which has no folder in content/", b.id),
                    )
                    .in_file("site.toml")
                    .at(config.pos_of(&format!("brands.{}", b.id)))
                    .help(format!("create content/{l}/ or remove it from the list")),
                );
            }
        }
    }
}

fn chain_cycles(config: &Config, tag: &str) -> bool {
    let mut cur = tag.to_string();
    for _ in 0..=config.locales.len() + 1 {
        match config.locales.get(&cur).and_then(|l| l.fallback.as_ref()) {
            Some(f) if f.get_ref() == tag => return true,
            Some(f) => cur = f.get_ref().clone(),
            None => return false,
        }
    }
    true
}

/// `brands = [...]` in front matter must name configured brands.
fn check_brand_lists(config: &Config, docs: &[Document], diags: &mut Diagnostics) {
    for d in docs {
        for b in d.front.brands.iter().flatten() {
            if config.brand(b).is_none() {
                diags.push(
                    Diagnostic::error(
                        Kind::UnknownBrand,
                        format!("front matter `brands` names `{b}`, which is not a brand in site.toml"),
                    )
                    .in_file(d.file.rel.clone())
                    .at(crate::diag::Pos::new(2, 1))
                    .help(format!(
                        "use ids of [brands.*] tables: {}",
                        config.brands.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
    }
}
