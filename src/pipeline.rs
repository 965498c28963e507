//! The build: load the site, plan every brand × locale × document, render the pages in
//! parallel into a staging folder, and put it in place of the output only if all went well.

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{refuse_output, Staging, Written};
use crate::pages::{brand_color, page_url, BrandView, LocaleData};
use crate::plan::{self, BrandPlan, PageKind, Plan, Selection};
use crate::site::{LoadOptions, Site};
use crate::sitemap;
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `clause build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub out: Option<PathBuf>,
    pub selection: Selection,
    pub drafts: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub brands: usize,
    pub locales: usize,
    pub files: Vec<Written>,
    pub out: PathBuf,
    pub elapsed: Duration,
}

impl BuildReport {
    /// The one summary line `build` prints.
    pub fn summary(&self) -> String {
        format!(
            "built {} pages for {} brands in {} locales ({} files) into {} in {} ms",
            self.pages,
            self.brands,
            self.locales,
            self.files.len() + 1,
            self.out.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Why a build did not happen.
#[derive(Debug)]
pub enum BuildError {
    /// The command line asked for something that does not exist (exit 2).
    Usage(String),
    /// The site has errors (exit 1); the output folder is untouched.
    Failed(Vec<Diagnostic>),
}

impl From<Diagnostics> for BuildError {
    fn from(d: Diagnostics) -> Self {
        BuildError::Failed(d.into_sorted())
    }
}

/// Everything a run needs once the site is loaded and planned.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub plan: Plan,
}

/// Loads, checks and plans the site: all `build` validates, without writing.
pub fn prepare(root: &Path, selection: &Selection, drafts: bool) -> Result<Prepared, BuildError> {
    let (site, mut diags) = Site::load(root, LoadOptions { drafts })?;
    let theme = Theme::load(root, &site.config.theme)
        .map_err(|e| diags.extend(e))
        .ok();
    let plan = match plan::plan(&site, selection) {
        Ok(p) => Some(p),
        Err(Ok(d)) => {
            diags.extend(d.into_sorted());
            None
        }
        Err(Err(usage)) => return Err(BuildError::Usage(usage)),
    };
    match (theme, plan) {
        (Some(theme), Some(plan)) if !diags.has_errors() => Ok(Prepared { site, theme, plan }),
        _ => Err(diags.into()),
    }
}

/// Builds the site.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let prepared = prepare(&opts.root, &opts.selection, opts.drafts)?;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| opts.root.join(&prepared.site.config.output_dir));
    if let Some(why) = refuse_output(&opts.root, &out) {
        return Err(BuildError::Failed(vec![Diagnostic::error(
            "unsafe-output",
            format!("refusing to write the output to {}: {why}", out.display()),
        )
        .in_file("site.toml")
        .help(
            "set output_dir (or --out) to a folder of its own, such as `public`",
        )]));
    }
    let staging = Staging::new(&out).map_err(|e| io_failure(&out, &e))?;
    match write_all(&prepared, &staging) {
        Ok(files) => {
            let files = staging.commit(files).map_err(|e| io_failure(&out, &e))?;
            let p = &prepared.plan;
            Ok(BuildReport {
                pages: p.page_count(),
                brands: p.brands.len(),
                locales: p.locale_count(),
                files,
                out,
                elapsed: start.elapsed(),
            })
        }
        Err(errors) => {
            staging.discard();
            Err(BuildError::Failed(errors))
        }
    }
}

fn io_failure(path: &Path, e: &std::io::Error) -> BuildError {
    BuildError::Failed(vec![Diagnostic::error(
        "io-error",
        format!("cannot write the output {}: {e}", path.display()),
    )
    .help("check that the folder is writable and the disk has room")])
}

/// Renders and writes every file of every brand; all errors, or the files written.
pub fn write_all(prepared: &Prepared, staging: &Staging) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let Prepared { site, theme, plan } = prepared;
    let data = LocaleData::new(site, theme);
    let results: Vec<Result<Written, Diagnostic>> = plan
        .brands
        .par_iter()
        .flat_map_iter(|bp| brand_files(site, theme, &data, bp, staging))
        .collect();
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

/// Every file of one brand: pages in parallel, then its index, 404, sitemap and statics.
fn brand_files(
    site: &Site,
    theme: &Theme,
    data: &LocaleData,
    bp: &BrandPlan,
    staging: &Staging,
) -> Vec<Result<Written, Diagnostic>> {
    let brand = &site.config.brands[bp.brand];
    let view = BrandView::new(site, brand, &bp.locales, data);
    let id = &brand.id;
    let mut results: Vec<Result<Written, Diagnostic>> = bp
        .locales
        .par_iter()
        .flat_map_iter(|lp| lp.pages.iter().map(move |p| (lp, p)))
        .map(|(lp, p)| {
            let (template, ctx) = match p.kind {
                PageKind::Document => ("page.html", view.document(lp, p)),
                _ => (
                    if p.kind == PageKind::Home {
                        "home.html"
                    } else {
                        "section.html"
                    },
                    Some(view.listing(lp, p)),
                ),
            };
            let html = theme.render(template, minijinja::Value::from_serialize(ctx))?;
            write(
                staging,
                &format!("{id}/{}", page_url(&lp.locale, &p.key)),
                html.as_bytes(),
            )
        })
        .collect();
    let index = theme.render(
        "brand_index.html",
        minijinja::Value::from_serialize(view.brand_index()),
    );
    results.push(index.and_then(|h| write(staging, &format!("{id}/index.html"), h.as_bytes())));
    let not_found = theme.render(
        "404.html",
        minijinja::Value::from_serialize(view.not_found()),
    );
    results.push(not_found.and_then(|h| write(staging, &format!("{id}/404.html"), h.as_bytes())));
    results.push(write(
        staging,
        &format!("{id}/sitemap.xml"),
        sitemap::sitemap(&view, &bp.locales).as_bytes(),
    ));
    results.push(write(
        staging,
        &format!("{id}/robots.txt"),
        sitemap::robots(&brand.base_url).as_bytes(),
    ));
    results.extend(static_files(site, theme, bp, staging));
    results
}

fn write(staging: &Staging, path: &str, bytes: &[u8]) -> Result<Written, Diagnostic> {
    staging
        .write(path, bytes)
        .map_err(|e| Diagnostic::error("io-error", format!("cannot write {path}: {e}")))
}

/// The theme's static files, the site's `static/` (which wins), `brand.css`, and the
/// non-Markdown files of `content/` in each locale folder (a locale also gets those of its
/// fallback chain, so a fallback page's images resolve).
fn static_files(
    site: &Site,
    theme: &Theme,
    bp: &BrandPlan,
    staging: &Staging,
) -> Vec<Result<Written, Diagnostic>> {
    let brand = &site.config.brands[bp.brand];
    let mut files: BTreeMap<String, FileSource> = theme
        .statics
        .iter()
        .map(|(p, b)| (p.clone(), FileSource::Bytes(b.clone())))
        .collect();
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
                files.insert(
                    format!("{}/{}", lp.locale, a.path),
                    FileSource::Path(a.abs.clone()),
                );
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
            write(staging, &format!("{}/{rel}", brand.id), &bytes)
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
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}
