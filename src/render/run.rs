//! Rendering: every file of every brand (pages, brand index, 404, sitemap, robots.txt,
//! static files), in parallel, into a [`Sink`]: the output's writer (build and serve alike),
//! which writes only what changed.

use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::render::context::RunCache;
use crate::render::jobs::{io_error, render_pages, FileResult};
use crate::render::pages::BrandView;
use crate::render::prepare::Prepared;
use crate::render::sink::{Sink, Written};
use crate::render::sitemap;
use crate::render::theme::Theme;
use crate::site::model::Site;
use crate::site::plan::{BrandPlan, LocalePlan, PagePlan};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A page filter: (brand id, locale, page) → render it?
pub type PageFilter<'a> = dyn Fn(&str, &str, &PagePlan) -> bool + Sync + 'a;

/// Which files a run renders.
pub struct Scope<'a> {
    pub pages: Box<PageFilter<'a>>,
    /// Brand index, 404, sitemap and robots.txt.
    pub brand_files: bool,
    /// Theme and site static files, brand.css and content assets.
    pub statics: bool,
    /// Only these brands (all when `None`).
    pub brands: Option<Vec<String>>,
}

impl Scope<'_> {
    pub fn everything() -> Scope<'static> {
        Scope { pages: Box::new(|_, _, _| true), brand_files: true, statics: true, brands: None }
    }
}

/// Renders the files of `scope` into `sink`: all errors, or the files written.
pub fn render_into(
    prepared: &Prepared,
    sink: &dyn Sink,
    scope: &Scope<'_>,
) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let Prepared { site, theme, plan } = prepared;
    let wanted: Vec<&BrandPlan> = plan
        .brands
        .iter()
        .filter(|bp| scope.brands.as_ref().is_none_or(|ids| ids.contains(&site.config.brand_at(bp.brand).id)))
        .collect();
    let data = RunCache::new(site, theme);
    let few = in_scope(site, &wanted, scope).count() <= FEW_PAGES * wanted.len();
    let mut results = Vec::new();
    for group in brand_groups(&wanted, few) {
        group_files(site, (theme, &data), group, (sink, scope), &mut results);
    }
    collect(results)
}

/// The pages of `brands` that `scope` renders, each with its brand's index in `brands`.
fn in_scope<'p>(
    site: &'p Site,
    brands: &'p [&'p BrandPlan],
    scope: &'p Scope<'_>,
) -> impl Iterator<Item = (usize, &'p LocalePlan, &'p PagePlan)> + 'p {
    brands.iter().enumerate().flat_map(move |(i, bp)| {
        let id = &site.config.brand_at(bp.brand).id;
        bp.locales.iter().flat_map(move |lp| {
            lp.pages.iter().filter(move |p| (scope.pages)(id, &lp.locale, p)).map(move |p| (i, lp, p))
        })
    })
}

/// At most this many brands are rendered together: their views (a few hundred kilobytes
/// each) are alive at once, so memory stays flat however many brands a site has (77 MB at
/// most for 100 brands × 8 × 30, BENCHMARKS.md). Fewer, smaller groups cost time: 20
/// brands in five groups of 4 took 10 % longer than in one, each group's end waiting for
/// its last pages and its batches of one page's copies (hashed side by side) shorter.
const GROUP: usize = 20;

/// A run of at most this many pages a brand (a save in `serve`) renders every brand in one
/// group: their views then hold only what those pages need, and a group's start and end
/// (waking the threads, waiting for the last page) are paid once, not per group.
const FEW_PAGES: usize = 16;

/// `brands` in groups of at most [`GROUP`], as even as can be (50 brands: three of 17), or
/// all in one when the run renders `few` pages.
fn brand_groups<'a, 'p>(brands: &'a [&'p BrandPlan], few: bool) -> std::slice::Chunks<'a, &'p BrandPlan> {
    let groups = if few { 1 } else { brands.len().div_ceil(GROUP).max(1) };
    brands.chunks(brands.len().div_ceil(groups).max(1))
}

/// Every file of a group of brands, into `results`: the brand files first (the sitemap
/// computes each path's alternates, which its pages then use), then the pages.
fn group_files(
    site: &Site,
    (theme, data): (&Theme, &RunCache),
    group: &[&BrandPlan],
    (sink, scope): (&dyn Sink, &Scope<'_>),
    results: &mut Vec<FileResult>,
) {
    let mut views: Vec<BrandView<'_>> = group.par_iter().map(|bp| BrandView::new(site, bp, data)).collect();
    results.par_extend(group.par_iter().zip(&views).flat_map_iter(|(bp, view)| {
        let mut files = Vec::new();
        if scope.brand_files {
            files.extend(index_files(theme, view, bp, sink));
        }
        if scope.statics {
            files.extend(static_files(site, theme, (view, bp), sink));
        }
        files
    }));
    free_buffers();
    // Of the exact length: a list of every page of the group.
    let mut pages = Vec::with_capacity(in_scope(site, group, scope).count());
    pages.extend(in_scope(site, group, scope));
    render_pages(site, (theme, data), &mut views, (pages, sink), results);
}

/// The files written, or every error.
fn collect(results: Vec<FileResult>) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let mut errors = Diagnostics::default();
    // Collected in place: a record takes its result's place, in a list of one per file.
    let files = results.into_iter().filter_map(|r| r.map_err(|e| errors.push(*e)).ok()).collect();
    if errors.has_errors() {
        return Err(errors.into_sorted());
    }
    Ok(files)
}

thread_local! {
    /// A sitemap's buffer (see [`with_buffer`]).
    static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f` with this thread's empty output buffer. A sitemap is hundreds of kilobytes:
/// reusing one buffer per thread spares allocating (and the kernel zeroing) fresh memory.
fn with_buffer<R>(f: impl FnOnce(&mut String) -> R) -> R {
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        f(buffer)
    })
}

/// Frees every thread's buffer once the brand files are written (megabytes each with many
/// versions), rather than hold them while the pages render.
fn free_buffers() {
    rayon::broadcast(|_| BUFFER.with_borrow_mut(std::mem::take));
}

/// The brand's index, 404 page, sitemap, robots.txt and legal.json.
fn index_files(theme: &Theme, view: &BrandView<'_>, bp: &BrandPlan, sink: &dyn Sink) -> Vec<FileResult> {
    let id = &view.brand.id;
    let index = theme.render("brand_index.html", minijinja::Value::from_serialize(view.brand_index()));
    let not_found = theme.render("404.html", minijinja::Value::from_serialize(view.not_found()));
    let feeds = bp.locales.iter().map(|lp| {
        put(sink, &format!("{id}/{}/changes.atom", lp.locale), crate::render::feed::feed(view, lp).as_bytes())
    });
    let mut files: Vec<FileResult> = feeds.collect();
    files.extend([
        index.map_err(Box::new).and_then(|h| put(sink, &format!("{id}/index.html"), h.as_bytes())),
        not_found.map_err(Box::new).and_then(|h| put(sink, &format!("{id}/404.html"), h.as_bytes())),
        with_buffer(|buffer| {
            sitemap::sitemap(view, &bp.locales, buffer);
            put(sink, &format!("{id}/sitemap.xml"), buffer.as_bytes())
        }),
        put(sink, &format!("{id}/robots.txt"), sitemap::robots(&view.brand.base_url).as_bytes()),
        put(sink, &format!("{id}/legal.json"), view.brand_legal_json(bp).as_bytes()),
    ]);
    files
}

fn put(sink: &dyn Sink, path: &str, bytes: &[u8]) -> FileResult {
    sink.put(path, bytes).map_err(|e| Box::new(io_error(path, &e)))
}

/// The theme's static files, the site's `static/` (which wins), `brand.css`, and the
/// non-Markdown files of `content/` in each locale folder (a locale also gets those of its
/// fallback chain, so a fallback page's images resolve).
fn static_files(
    site: &Site,
    theme: &Theme,
    (view, bp): (&BrandView, &BrandPlan),
    sink: &dyn Sink,
) -> Vec<FileResult> {
    let mut files: BTreeMap<String, FileSource> =
        theme.statics.iter().map(|(p, b)| (p.clone(), FileSource::Bytes(b.clone()))).collect();
    for (rel, abs) in site_static(&site.root) {
        files.insert(rel, FileSource::Path(abs));
    }
    if let Some(color) = view.brand_color() {
        files.insert(
            "brand.css".into(),
            FileSource::Bytes(crate::config::contrast::brand_css(&color).into_bytes()),
        );
    }
    for lp in &bp.locales {
        let Some(locale) = site.locale(&lp.locale) else {
            continue;
        };
        for l in locale.chain.iter().rev() {
            for a in site.assets.iter().filter(|a| &a.locale == l) {
                files.insert(format!("{}/{}", lp.locale, a.path), FileSource::Path(a.abs.clone()));
            }
        }
    }
    files
        .into_par_iter()
        .map(|(rel, src)| {
            let bytes = match src {
                FileSource::Bytes(b) => b,
                FileSource::Path(p) => std::fs::read(&p).map_err(|e| {
                    Box::new(
                        Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {e}"))
                            .in_file(crate::diag::relative(&site.root, &p)),
                    )
                })?,
            };
            put(sink, &format!("{}/{rel}", view.brand.id), &bytes)
        })
        .collect()
}

enum FileSource {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

/// The files of the site's `static/` folder, by path below it.
fn site_static(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&dir).ok()?;
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};
    use crate::render::sink::Sha256;
    use std::io;
    use std::sync::Mutex;

    /// Files kept in memory, by path.
    #[derive(Default)]
    struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

    impl Sink for Memory {
        fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written> {
            self.0.lock().unwrap().insert(path.to_string(), bytes.to_vec());
            Ok(Written { path: path.to_string(), sha256: Sha256::of(bytes), bytes: bytes.len() as u64 })
        }
    }

    fn rendered(site_toml: &str) -> BTreeMap<String, Vec<u8>> {
        let (_root, front) = load(site_toml, &[("content/en/policy.md", &doc("Policy", "", "Text."))]);
        let prepared = front.ready().unwrap();
        let memory = Memory::default();
        render_into(&prepared, &memory, &Scope::everything()).unwrap();
        memory.0.into_inner().unwrap()
    }

    #[test]
    fn a_site_wide_brand_color_colours_every_brand_and_a_brands_own_wins() {
        let files = rendered(&SITE.replace(
            "default_locale = \"en\"\n",
            "default_locale = \"en\"\n[vars]\nbrandColor = \"#123456\"\n",
        ));
        let css = |brand: &str| String::from_utf8(files[&format!("{brand}/brand.css")].clone()).unwrap();
        assert!(css("acme").contains("#123456") && css("beta").contains("#123456"), "{}", css("acme"));
        let own = rendered(&SITE.replace("name = \"Beta\"\n", "name = \"Beta\"\nbrandColor = \"#654321\"\n"));
        assert!(!own.contains_key("acme/brand.css"));
        assert!(String::from_utf8(own["beta/brand.css"].clone()).unwrap().contains("#654321"));
    }
}
