//! A `serve` session: the last good build kept in memory, and rebuilds that redo only what a
//! change touches. Documents whose files did not change are not parsed again; when only
//! Markdown changed and the site's set of pages is the same, only the pages built from the
//! changed files, and the listings of their brand and locale, are rendered. Whatever is
//! rendered, only files whose bytes changed are written, and they are what open pages reload.

use crate::commands::watch::Batch;
use crate::content::cache::DocCache;
use crate::diag::Diagnostic;
use crate::output::writer::Writer;
use crate::render::prepare::{prepare, BuildError, FrontHalf, Prepared};
use crate::render::run::{self as render, Scope};
use crate::render::sink::Written;
use crate::site::depends::{markdown_only, Stale, Touched};
use crate::site::plan::PagePlan;
use crate::site::selection::Selection;
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
    /// What changed since `last`: a failed rebuild leaves its changes to the next one.
    pending: Pending,
}

/// The changes since the last good build.
#[derive(Default)]
struct Pending {
    /// Markdown files parsed again.
    files: HashSet<PathBuf>,
    /// Something else changed (or a rebuild was asked for everything).
    other: bool,
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
            pending: Pending::default(),
        }
    }

    /// The brands of the last good build.
    pub fn brands(&self) -> Vec<String> {
        self.last
            .as_ref()
            .map(|p| p.plan.brands.iter().map(|b| p.site.config.brand_at(b.brand).id.clone()).collect())
            .unwrap_or_default()
    }

    /// Rebuilds after the changes of `batch` (everything, when `None`).
    pub fn rebuild(&mut self, batch: Option<&Batch>) -> Outcome {
        let start = Instant::now();
        let markdown_only = batch.is_some_and(|b| self.markdown_only(b));
        let config_only = batch.is_some_and(|b| self.config_only(b)) && self.pending.is_empty();
        self.pending.other |= !markdown_only;
        self.cache.suspect(batch.map(|b| b.paths.as_slice()));
        let loaded = prepare(&self.root, &self.selection, false, &mut self.cache);
        self.pending.files.extend(self.cache.reparsed.iter().cloned());
        let prepared = match loaded.map_err(BuildError::from).and_then(FrontHalf::ready) {
            Ok(p) => p,
            Err(BuildError::Failed(d)) => return Outcome::Failed(d),
            Err(BuildError::Usage(u)) => return Outcome::Failed(vec![u.into()]),
        };
        let narrow = self.narrowest(config_only, &prepared);
        let writer = match self.writer.take().map_or_else(|| Writer::open(&self.dir), Ok) {
            Ok(w) => self.writer.insert(w),
            Err(d) => return Outcome::Failed(vec![d]),
        };
        let rendered = match narrow {
            Narrow::Documents(touched) => render_touched(&prepared, writer, &touched),
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
                self.pending = Pending::default();
                Outcome::Built { changed, rendered: count, elapsed: start.elapsed() }
            }
            Err(d) => Outcome::Failed(d),
        }
    }

    /// The least a rebuild has to render, the site's pages being the same as before: the
    /// pages of re-parsed documents (and their listings and brand files, unless only their
    /// bodies changed), or the brands whose settings alone changed.
    fn narrowest(&self, config_only: bool, prepared: &Prepared) -> Narrow {
        let Some(last) = self.last.as_ref().filter(|l| l.plan.same_pages(&prepared.plan)) else {
            return Narrow::Everything;
        };
        if !self.pending.other {
            let files = self.pending.files.clone();
            let outlines_same = prepared.site.same_outlines(&last.site, &files);
            return Narrow::Documents(Touched { files, outlines_same });
        }
        match last.site.config.changed_brands(&prepared.site.config) {
            Some(ids) if config_only => Narrow::Brands(ids),
            _ => Narrow::Everything,
        }
    }

    /// Whether a batch changed `site.toml` alone.
    fn config_only(&self, batch: &Batch) -> bool {
        let config = self.root.join(crate::config::settings::CONFIG_FILE);
        !batch.paths.is_empty() && batch.paths.iter().all(|p| *p == config)
    }
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.files.is_empty() && !self.other
    }
}

/// What a rebuild rendered, and whether it is the whole output.
type RenderedFiles = Result<(Vec<Written>, bool), Vec<Diagnostic>>;

/// Renders every file of the brands `ids`.
fn render_brands(prepared: &Prepared, writer: &Writer, ids: Vec<String>) -> RenderedFiles {
    let scope = Scope { brands: Some(ids), ..Scope::everything() };
    Ok((render::render_into(prepared, writer, &scope)?, false))
}

/// Renders the pages built from the touched files and, unless only bodies changed, the
/// listings of their brand and locale and every brand's files (`site::depends`).
fn render_touched(prepared: &Prepared, writer: &Writer, touched: &Touched) -> RenderedFiles {
    let stale = Stale::of(&prepared.site, &prepared.plan, touched);
    let brand_files = stale.brand_files;
    let filter = move |brand: &str, locale: &str, p: &PagePlan| stale.page(brand, locale, p);
    let scope = Scope { pages: Box::new(filter), brand_files, statics: false, brands: None };
    Ok((render::render_into(prepared, writer, &scope)?, false))
}

impl Session {
    /// Whether a batch changed only Markdown in `content/` ([`markdown_only`]).
    fn markdown_only(&self, batch: &Batch) -> bool {
        let assets = self.last.as_ref().map_or(&[][..], |l| l.site.assets.as_slice());
        markdown_only(&self.root, assets, &batch.paths)
    }
}

/// What a rebuild renders.
enum Narrow {
    /// The pages built from these files, and the listings of their brand and locale.
    Documents(Touched),
    /// Every file of these brands.
    Brands(Vec<String>),
    Everything,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, files_of as files, write, SITE};

    /// A site of two brands and two documents, served into `out/`, built once.
    fn served() -> (tempfile::TempDir, Session) {
        let privacy = doc("Privacy", "", "Data of {{name}}.");
        let terms = doc("Terms", "", "Terms of {{name}}.");
        let root =
            write(SITE, &[("content/en/legal/privacy.md", &privacy), ("content/en/legal/terms.md", &terms)]);
        let mut session = Session::new(root.path(), Selection::default(), &root.path().join("out"));
        assert!(matches!(session.rebuild(None), Outcome::Built { .. }));
        (root, session)
    }

    fn save(session: &mut Session, rel: &str, text: &str) -> Outcome {
        let path = session.root.join(rel);
        std::fs::write(&path, text).unwrap();
        session.rebuild(Some(&Batch { paths: vec![path] }))
    }

    /// What a fresh build of the site gives.
    fn fresh(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        let dir = root.join("fresh");
        let mut session = Session::new(root, Selection::default(), &dir);
        assert!(matches!(session.rebuild(None), Outcome::Built { .. }));
        let out = files(&dir);
        std::fs::remove_dir_all(dir).unwrap();
        out
    }

    #[test]
    fn a_body_edit_renders_only_its_pages_and_leaves_the_output_as_a_build_would() {
        let (root, mut session) = served();
        let outcome =
            save(&mut session, "content/en/legal/privacy.md", &doc("Privacy", "", "New data of {{name}}."));
        let Outcome::Built { changed, rendered, .. } = outcome else { panic!("{outcome:?}") };
        // Each brand's page, fragment and versions.json (the text's SHA-256); no listing.
        assert_eq!(rendered, 6, "the page of each brand, no listing, sitemap or feed");
        let each = ["index.html", "fragment.html", "versions.json"];
        let expected =
            ["acme", "beta"].iter().flat_map(|b| each.map(|f| format!("{b}/en/legal/privacy/{f}")));
        assert_eq!(changed, expected.collect::<BTreeSet<String>>());
        assert_eq!(files(&root.path().join("out")), fresh(root.path()));
    }

    #[test]
    fn an_outline_edit_renders_the_documents_versions_json_and_the_locales_legal_json() {
        let (root, mut session) = served();
        let text =
            doc("Privacy notice", "", "Data of {{name}}.").replacen("+++\n", "+++\nmaterial = false\n", 1);
        let Outcome::Built { changed, .. } = save(&mut session, "content/en/legal/privacy.md", &text) else {
            panic!("not built")
        };
        for file in ["acme/en/legal/privacy/versions.json", "acme/en/legal.json", "beta/en/legal.json"] {
            // (legal.json shows the new title; versions.json the title and `material`.)
            assert!(changed.contains(file), "{file}: {changed:?}");
        }
        let json =
            std::fs::read_to_string(root.path().join("out/acme/en/legal/privacy/versions.json")).unwrap();
        assert!(json.contains("\"material\": false"), "{json}");
        assert_eq!(files(&root.path().join("out")), fresh(root.path()));
    }

    #[test]
    fn a_title_edit_renders_the_listings_and_brand_files_too() {
        let (root, mut session) = served();
        let outcome = save(
            &mut session,
            "content/en/legal/privacy.md",
            &doc("Privacy notice", "", "Data of {{name}}."),
        );
        let Outcome::Built { changed, rendered, .. } = outcome else { panic!("{outcome:?}") };
        assert!(rendered > 2, "{rendered}");
        assert!(changed.contains("acme/en/legal/index.html"), "the section lists the new title: {changed:?}");
        assert_eq!(files(&root.path().join("out")), fresh(root.path()));
    }

    #[test]
    fn a_file_is_read_again_when_the_watcher_names_it_or_its_size_or_time_changed() {
        let (root, mut session) = served();
        let path = root.path().join("content/en/legal/privacy.md");
        let page = root.path().join("out/acme/en/legal/privacy/index.html");
        // The same length and modification time, but named by the watcher: read again.
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, doc("Privacy", "", "Fata of {{name}}.")).unwrap();
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(before).unwrap();
        assert!(matches!(session.rebuild(Some(&Batch { paths: vec![path.clone()] })), Outcome::Built { .. }));
        assert!(std::fs::read_to_string(&page).unwrap().contains("Fata of Acme."));
        // Not named (a batch of another file), but another size: read again.
        std::fs::write(&path, doc("Privacy", "", "Longer data of {{name}}.")).unwrap();
        let other = Batch { paths: vec![root.path().join("content/en/legal/terms.md")] };
        assert!(matches!(session.rebuild(Some(&other)), Outcome::Built { .. }));
        assert!(std::fs::read_to_string(&page).unwrap().contains("Longer data of Acme."));
        assert_eq!(session.cache.reparsed, vec![PathBuf::from("content/en/legal/privacy.md")]);
        assert_eq!(files(&root.path().join("out")), fresh(root.path()));
    }

    #[test]
    fn what_changed_during_a_failed_rebuild_is_rendered_by_the_next_good_one() {
        let (root, mut session) = served();
        let broken =
            save(&mut session, "content/en/legal/privacy.md", &doc("Privacy", "", "Data of {{nmae}}."));
        assert!(matches!(broken, Outcome::Failed(_)), "{broken:?}");
        let still =
            save(&mut session, "content/en/legal/terms.md", &doc("Terms", "", "Amended terms of {{name}}."));
        assert!(matches!(still, Outcome::Failed(_)), "{still:?}");
        let fixed =
            save(&mut session, "content/en/legal/privacy.md", &doc("Privacy", "", "Data of {{name}}."));
        let Outcome::Built { changed, .. } = fixed else { panic!("{fixed:?}") };
        assert!(changed.contains("beta/en/legal/terms/index.html"), "{changed:?}");
        let page = std::fs::read_to_string(root.path().join("out/beta/en/legal/terms/index.html")).unwrap();
        assert!(page.contains("Amended terms of Beta."));
        assert_eq!(files(&root.path().join("out")), fresh(root.path()));
    }
}
