//! Rendering: every file of every brand (pages, brand index, 404, sitemap, robots.txt,
//! static files), in parallel, into a [`Sink`]: the staging folder of a build, or the live
//! folder of `serve`, which writes only what changed.

use crate::context::{brand_color, page_url, LocaleData};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Staging, Written};
use crate::pages::BrandView;
use crate::pipeline::Prepared;
use crate::plan::{BrandPlan, LocalePlan, PageKind, PagePlan};
use crate::site::Site;
use crate::sitemap;
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Where rendered files go.
pub trait Sink: Sync {
    /// Stores `bytes` at `path` (with `/` separators) below the output root.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written>;
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written> {
        self.write(path, bytes)
    }
}

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

type Rendered = Result<Written, Diagnostic>;

/// Renders the files of `scope` into `sink`: all errors, or the files written.
pub fn render_into(
    prepared: &Prepared,
    sink: &dyn Sink,
    scope: &Scope<'_>,
) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let Prepared { site, theme, plan } = prepared;
    let data = LocaleData::new(site, theme);
    let wanted: Vec<&BrandPlan> = plan
        .brands
        .iter()
        .filter(|bp| scope.brands.as_ref().is_none_or(|ids| ids.contains(&site.config.brands[bp.brand].id)))
        .collect();
    let views: Vec<BrandView<'_>> = wanted
        .par_iter()
        .map(|bp| BrandView::new(site, &site.config.brands[bp.brand], &bp.locales, &data))
        .collect();
    let mut results = pages(theme, &views, &wanted, sink, scope);
    results.par_extend(wanted.par_iter().zip(&views).flat_map_iter(|(bp, view)| {
        let mut files = Vec::new();
        if scope.brand_files {
            files.extend(index_files(theme, view, bp, sink));
        }
        if scope.statics {
            files.extend(static_files(site, theme, bp, sink));
        }
        files
    }));
    collect(results)
}

/// Every page of every brand in `scope`, ordered by the file each is built from, so that the
/// brands' copies of one page are rendered one after another while its body is in the cache.
fn pages(
    theme: &Theme,
    views: &[BrandView<'_>],
    plans: &[&BrandPlan],
    sink: &dyn Sink,
    scope: &Scope<'_>,
) -> Vec<Rendered> {
    let mut jobs: Vec<(&BrandView<'_>, &LocalePlan, &PagePlan)> = views
        .iter()
        .zip(plans)
        .flat_map(|(view, bp)| {
            bp.locales.iter().flat_map(move |lp| lp.pages.iter().map(move |p| (view, lp, p)))
        })
        .filter(|(view, lp, p)| (scope.pages)(&view.brand.id, &lp.locale, p))
        .collect();
    jobs.sort_by_key(|(_, _, p)| p.doc);
    jobs.par_iter().map(|(view, lp, p)| page(theme, view, lp, p, sink)).collect()
}

/// The files written, or every error.
fn collect(results: Vec<Rendered>) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::default();
    for r in results {
        match r {
            Ok(w) => files.push(w),
            Err(e) => errors.push(e),
        }
    }
    if errors.has_errors() {
        return Err(errors.into_sorted());
    }
    Ok(files)
}

/// One page: a document, a section or a locale home.
fn page(theme: &Theme, view: &BrandView<'_>, lp: &LocalePlan, p: &PagePlan, sink: &dyn Sink) -> Rendered {
    let path = format!("{}/{}", view.brand.id, page_url(&lp.locale, &p.key));
    let render = |template: &str, ctx| theme.render(template, minijinja::Value::from_serialize(ctx));
    match p.kind {
        PageKind::Document => {
            let missing = || Diagnostic::error("internal", format!("no source for page {}", p.key));
            let (ctx, body) = view.document(lp, p).ok_or_else(missing)?;
            let html = render("page.html", ctx)?;
            with_buffer(|buffer| {
                body.splice_into(&html, buffer);
                put(sink, &path, buffer.as_bytes())
            })
        }
        PageKind::Section => put(sink, &path, render("section.html", view.listing(lp, p))?.as_bytes()),
        PageKind::Home => put(sink, &path, render("home.html", view.listing(lp, p))?.as_bytes()),
    }
}

/// Runs `f` with this thread's empty output buffer. Pages are tens of kilobytes and a
/// sitemap hundreds: reusing one buffer per thread spares allocating (and the kernel zeroing)
/// fresh memory for each.
fn with_buffer<R>(f: impl FnOnce(&mut String) -> R) -> R {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        f(buffer)
    })
}

/// The brand's index, 404 page, sitemap and robots.txt.
fn index_files(theme: &Theme, view: &BrandView<'_>, bp: &BrandPlan, sink: &dyn Sink) -> Vec<Rendered> {
    let id = &view.brand.id;
    let index = theme.render("brand_index.html", minijinja::Value::from_serialize(view.brand_index()));
    let not_found = theme.render("404.html", minijinja::Value::from_serialize(view.not_found()));
    vec![
        index.and_then(|h| put(sink, &format!("{id}/index.html"), h.as_bytes())),
        not_found.and_then(|h| put(sink, &format!("{id}/404.html"), h.as_bytes())),
        with_buffer(|buffer| {
            sitemap::sitemap(view, &bp.locales, buffer);
            put(sink, &format!("{id}/sitemap.xml"), buffer.as_bytes())
        }),
        put(sink, &format!("{id}/robots.txt"), sitemap::robots(&view.brand.base_url).as_bytes()),
    ]
}

fn put(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Rendered {
    sink.put(path, bytes).map_err(|e| Diagnostic::error("io-error", format!("cannot write {path}: {e}")))
}

/// The theme's static files, the site's `static/` (which wins), `brand.css`, and the
/// non-Markdown files of `content/` in each locale folder (a locale also gets those of its
/// fallback chain, so a fallback page's images resolve).
fn static_files(site: &Site, theme: &Theme, bp: &BrandPlan, sink: &dyn Sink) -> Vec<Rendered> {
    let brand = &site.config.brands[bp.brand];
    let mut files: BTreeMap<String, FileSource> =
        theme.statics.iter().map(|(p, b)| (p.clone(), FileSource::Bytes(b.clone()))).collect();
    for (rel, abs) in site_static(&site.root) {
        files.insert(rel, FileSource::Path(abs));
    }
    if let Some(color) = brand_color(&brand.vars) {
        files.insert(
            "brand.css".into(),
            FileSource::Bytes(format!(":root {{ --brand: {color}; }}\n").into_bytes()),
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
                    Diagnostic::error("unreadable-file", format!("cannot read: {e}"))
                        .in_file(crate::diag::relative(&site.root, &p))
                })?,
            };
            put(sink, &format!("{}/{rel}", brand.id), &bytes)
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
