//! A `serve` session: the last good build kept in memory, and rebuilds that redo only what a
//! change touches. Documents whose files did not change are not parsed again; when only
//! Markdown changed and the site's set of pages is the same, only the pages built from the
//! changed files, and the listings of their brand and locale, are rendered. Whatever is
//! rendered, only files whose bytes changed are written, and they are what open pages reload.

use crate::commands::watch::Batch;
use crate::content::cache::DocCache;
use crate::diag::Diagnostic;
use crate::output::writer::Writer;
use crate::render::prepare::{prepare, BuildError, Loaded, Prepared};
use crate::render::run::{self as render, Scope};
use crate::render::sink::Written;
use crate::site::plan::{PageKind, Plan, Selection};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a rebuild did.
#[derive(Debug, Clone)]
pub enum Outcome {
    Built {
        /// Paths below the output folder whose bytes changed or that were removed.
        changed: BTreeSet<String>,
        /// Files rendered (changed or not).
        rendered: usize,
        elapsed: Duration,
    },
    Failed(Vec<Diagnostic>),
}

impl Outcome {
    /// Only stylesheets changed: pages can swap them without reloading.
    pub fn css_only(&self) -> bool {
        matches!(self, Outcome::Built { changed, .. } if !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css")))
    }
}

/// The state of a `serve` run.
pub struct Session {
    root: PathBuf,
    selection: Selection,
    cache: DocCache,
    /// The folder served, and its writer (opened at the first rebuild).
    dir: PathBuf,
    writer: Option<Writer>,
    last: Option<Prepared>,
}

impl Session {
    pub fn new(root: &Path, selection: Selection, dir: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            selection,
            cache: DocCache::keeping(),
            dir: dir.to_path_buf(),
            writer: None,
            last: None,
        }
    }

    /// The brands of the last good build.
    pub fn brands(&self) -> Vec<String> {
        self.last
            .as_ref()
            .map(|p| p.plan.brands.iter().map(|b| p.site.config.brands[b.brand].id.clone()).collect())
            .unwrap_or_default()
    }

    /// Rebuilds after the changes of `batch` (everything, when `None`).
    pub fn rebuild(&mut self, batch: Option<&Batch>) -> Outcome {
        let markdown_only = batch.is_some_and(|b| self.markdown_only(b));
        let start = Instant::now();
        let loaded = prepare(&self.root, &self.selection, false, &mut self.cache);
        let prepared = match loaded.map_err(BuildError::from).and_then(Loaded::ready) {
            Ok(p) => p,
            Err(BuildError::Failed(d)) => return Outcome::Failed(d),
            Err(BuildError::Usage(u)) => return Outcome::Failed(vec![Diagnostic::error("usage", u)]),
        };
        let narrow = self.narrowest(batch, markdown_only, &prepared);
        let writer = match self.writer.take().map_or_else(|| Writer::open(&self.dir), Ok) {
            Ok(w) => self.writer.insert(w),
            Err(d) => return Outcome::Failed(vec![d]),
        };
        let rendered = match narrow {
            Narrow::Documents(reparsed) => render_touched(&prepared, writer, &reparsed),
            Narrow::Brands(ids) => render_brands(&prepared, writer, ids),
            Narrow::Everything => {
                render::render_into(&prepared, writer, &Scope::everything()).map(|w| (w, true))
            }
        };
        let (files, whole) = match rendered {
            Ok(r) => r,
            Err(d) => {
                writer.discard();
                return Outcome::Failed(d);
            }
        };
        let count = files.len();
        match writer.commit(files, whole) {
            Ok(done) => {
                let mut changed = done.written;
                changed.extend(done.removed);
                changed.remove(crate::output::manifest::MANIFEST);
                self.last = Some(prepared);
                Outcome::Built { changed, rendered: count, elapsed: start.elapsed() }
            }
            Err(d) => Outcome::Failed(d),
        }
    }

    /// The least a rebuild has to render, the site's pages being the same as before: the
    /// pages of re-parsed documents, or the brands whose settings alone changed.
    fn narrowest(&self, batch: Option<&Batch>, markdown_only: bool, prepared: &Prepared) -> Narrow {
        let Some(last) = self.last.as_ref().filter(|l| same_pages(&l.plan, &prepared.plan)) else {
            return Narrow::Everything;
        };
        if markdown_only {
            return Narrow::Documents(self.cache.reparsed.iter().cloned().collect());
        }
        let config = self.root.join(crate::config::settings::CONFIG_FILE);
        let config_only = batch.is_some_and(|b| !b.paths.is_empty() && b.paths.iter().all(|p| *p == config));
        match last.site.config.changed_brands(&prepared.site.config) {
            Some(ids) if config_only => Narrow::Brands(ids),
            _ => Narrow::Everything,
        }
    }
}

/// What a rebuild rendered, and whether it is the whole output.
type Rendered = Result<(Vec<Written>, bool), Vec<Diagnostic>>;

/// Renders every file of the brands `ids`.
fn render_brands(prepared: &Prepared, writer: &Writer, ids: Vec<String>) -> Rendered {
    let scope = Scope { brands: Some(ids), ..Scope::everything() };
    Ok((render::render_into(prepared, writer, &scope)?, false))
}

/// Renders the pages built from `reparsed` files and the listings of their brand and locale.
fn render_touched(prepared: &Prepared, writer: &Writer, reparsed: &HashSet<PathBuf>) -> Rendered {
    let site = &prepared.site;
    let touched_file = |d: usize| reparsed.contains(&site.docs[d].file.rel);
    // A version's page shows its neighbours too (dates, summaries, redlines).
    let touched = move |p: &crate::site::plan::PagePlan| {
        p.doc.is_some_and(touched_file)
            || p.version.as_ref().is_some_and(|v| v.history.versions.iter().any(|v| touched_file(v.doc)))
    };
    let mut listings: HashSet<(String, String)> = HashSet::new();
    for bp in &prepared.plan.brands {
        for lp in &bp.locales {
            if lp.pages.iter().any(&touched) {
                listings.insert((site.config.brands[bp.brand].id.clone(), lp.locale.clone()));
            }
        }
    }
    let filter = move |brand: &str, locale: &str, p: &crate::site::plan::PagePlan| {
        touched(p)
            || (matches!(p.kind, PageKind::Section | PageKind::Home)
                && listings.contains(&(brand.to_string(), locale.to_string())))
    };
    let scope = Scope { pages: Box::new(filter), brand_files: true, statics: false, brands: None };
    Ok((render::render_into(prepared, writer, &scope)?, false))
}

impl Session {
    /// Whether a batch changed only Markdown in `content/`. Paths that are gone and were
    /// never part of the site (an editor's or `sed -i`'s temporary file) do not count: a
    /// batch of nothing else (the debouncer may hand an atomic save's temporary file on
    /// its own) is Markdown-only too, and renders what the load found re-parsed.
    fn markdown_only(&self, batch: &Batch) -> bool {
        let content = self.root.join("content");
        let known_asset =
            |p: &Path| self.last.as_ref().is_some_and(|l| l.site.assets.iter().any(|a| a.abs == p));
        let relevant: Vec<&PathBuf> = batch
            .paths
            .iter()
            .filter(|p| p.exists() || !p.starts_with(&content) || known_asset(p) || is_markdown(p))
            .collect();
        relevant.iter().all(|p| p.starts_with(&content) && is_markdown(p) && !p.is_dir())
    }
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "md")
}

/// What a rebuild renders.
enum Narrow {
    /// The pages built from these files, and the listings of their brand and locale.
    Documents(HashSet<PathBuf>),
    /// Every file of these brands.
    Brands(Vec<String>),
    Everything,
}

/// Whether two plans have the same pages built from the same files.
fn same_pages(old: &Plan, new: &Plan) -> bool {
    let shape = |plan: &Plan| -> Vec<(usize, String, String, bool, Option<usize>)> {
        plan.brands
            .iter()
            .flat_map(|b| {
                b.locales.iter().flat_map(move |l| {
                    l.pages.iter().map(move |p| (b.brand, l.locale.clone(), p.key.clone(), p.fallback, p.doc))
                })
            })
            .collect()
    };
    shape(old) == shape(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_gone_temporary_files_is_markdown_only_and_an_asset_is_not() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("content/en");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("logo.png"), b"png").unwrap();
        let session = Session::new(root.path(), Selection::default(), &root.path().join("out"));
        let batch = |names: &[&str]| Batch { paths: names.iter().map(|n| folder.join(n)).collect() };
        assert!(session.markdown_only(&batch(&["policy.md.tmp"])));
        assert!(session.markdown_only(&batch(&["policy.md", "policy.md.tmp"])));
        assert!(!session.markdown_only(&batch(&["logo.png"])));
        assert!(!session.markdown_only(&Batch { paths: vec![root.path().join("site.toml")] }));
    }
}
