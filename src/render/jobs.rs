//! The pages of a group of brands, rendered one document at a time: each wave holds every
//! page of a few documents (all their versions, locales and brands), whose redlines are
//! computed beside the wave before it and dropped after it, as are the brands' lists of its
//! paths. So a run holds the redlines of two waves and the lists of one, not the whole site's.

use crate::diag::{Diagnostic, Kind};
use crate::render::context::{page_url, splice_in_place, Ctx, RunCache};
use crate::render::pages::BrandView;
use crate::render::redlines::Redlines;
use crate::render::sink::{Sha256, Sink, Written};
use crate::render::theme::Theme;
use crate::site::model::Site;
use crate::site::plan::{LocalePlan, PageKind, PagePlan};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;

/// A file written, or why not (boxed: a run holds one of these per file until the end, and
/// a diagnostic is three times the size of the record of a file).
pub type FileResult = Result<Written, Box<Diagnostic>>;

/// A page of a group: the index of its brand's view, the locale and the page.
pub type GroupPage<'p> = (usize, &'p LocalePlan, &'p PagePlan);

/// A wave is at least this many pages (all those of a document, and of the next ones until
/// it is this long): a wave's start and end (waking the threads, waiting for the last
/// batch) are then paid a few dozen times a run, and a wave's redlines and lists stay a
/// few megabytes. A document with three versions in 8 locales and 20 brands is 1,760 pages.
const WAVE: usize = 1024;

/// The document a page belongs to (its path; a section's or home's own path).
fn document_of(p: &PagePlan) -> &str {
    p.version.as_ref().map_or(p.key.as_str(), |v| &v.doc_key)
}

/// Every page of `pages` (of `views`' brands), into `results`, in waves of whole documents:
/// a wave's redlines are computed while the wave before it renders, and what the views hold
/// for its paths is dropped after it.
pub fn render_pages(
    site: &Site,
    (theme, data): (&Theme, &RunCache),
    views: &mut [BrandView<'_>],
    (mut pages, sink): (Vec<GroupPage<'_>>, &dyn Sink),
    results: &mut Vec<FileResult>,
) {
    // By document, then file, then page: a version's page, its changes page and the version
    // list of one document differ in length, and a batch of equal lengths hashes with no lane
    // idle; the brands' copies of one page follow each other while its body is in the cache.
    // In parallel (tens of thousands of pages, before any can render), and stable, as sort_by.
    pages.par_sort_by(|(_, _, a), (_, _, b)| {
        let by_document = document_of(a).cmp(document_of(b));
        by_document.then_with(|| a.doc.cmp(&b.doc)).then_with(|| a.key.cmp(&b.key))
    });
    results.reserve(pages.len());
    let mut waves = Vec::new();
    let mut rest = pages.as_slice();
    while !rest.is_empty() {
        let (wave, after) = rest.split_at(wave_end(rest));
        waves.push(wave);
        rest = after;
    }
    let redlines_of = |wave: Option<&&[GroupPage<'_>]>| {
        wave.map(|w| data.redlines_for(site, w.iter().map(|(_, lp, p)| (*lp, *p)))).unwrap_or_default()
    };
    let mut redlines = redlines_of(waves.first());
    for (i, wave) in waves.iter().enumerate() {
        // The next wave's redlines are computed beside this wave's pages, not before the
        // next wave's first page: no thread waits for the longest diff of a wave.
        let (files, next) = rayon::join(
            || render_wave((theme, &*views), wave, sink, std::mem::take(&mut redlines)),
            || redlines_of(waves.get(i + 1)),
        );
        results.extend(files);
        redlines = next;
        // Every brand of the group has the same few paths in a wave: each forgets them, in
        // parallel (not page by page on one thread between two waves).
        let mut keys: Vec<&str> = wave.iter().map(|(_, _, p)| p.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        views.par_iter_mut().for_each(|view| keys.iter().for_each(|key| view.forget(key)));
        data.forget_tocs(wave.iter().filter_map(|(_, _, p)| p.doc));
    }
}

/// Where the first wave of `pages` (sorted by document) ends: after the document that
/// reaches [`WAVE`] pages.
fn wave_end(pages: &[GroupPage<'_>]) -> usize {
    let mut end = WAVE.min(pages.len());
    if let Some(last) = pages.get(end.saturating_sub(1)) {
        let document = document_of(last.2);
        end += pages[end..].iter().take_while(|(_, _, p)| document_of(p) == document).count();
    }
    end
}

/// What the pages of a wave read besides their view: its redlines, and the SHA-256s of the
/// fragments it wrote (by path), which its `versions.json` files hold.
pub struct Wave {
    pub redlines: Redlines,
    pub fragments: Hashes,
}

/// SHA-256s of files written, by path.
pub type Hashes = HashMap<String, Sha256>;

/// The pages of one wave, with its `redlines`: its pages but `versions.json` first, then
/// those, which take each fragment's SHA-256 from what the sink hashed rather than render and
/// hash every fragment again.
fn render_wave(
    (theme, views): (&Theme, &[BrandView<'_>]),
    wave: &[GroupPage<'_>],
    sink: &dyn Sink,
    redlines: Redlines,
) -> Vec<FileResult> {
    let mut state = Wave { redlines, fragments: Hashes::new() };
    let jobs = wave.iter().map(|&(i, lp, p)| (&views[i], lp, p));
    let (json, first): (Vec<Job>, Vec<Job>) = jobs.partition(|j| j.2.kind == PageKind::VersionsData);
    let mut results = run_jobs(theme, &first, sink, &state);
    if !json.is_empty() {
        let written = results.iter().filter_map(|r| r.as_ref().ok());
        let fragments = written.filter(|w| w.path.ends_with("/fragment.html"));
        state.fragments = fragments.map(|w| (w.path.clone(), w.sha256)).collect();
        results.extend(run_jobs(theme, &json, sink, &state));
    }
    results
}

/// `jobs` in parallel batches.
fn run_jobs(theme: &Theme, jobs: &[Job], sink: &dyn Sink, wave: &Wave) -> Vec<FileResult> {
    // A few pages (a save in `serve`) are still shared among all the threads.
    let batch = jobs.len().div_ceil(rayon::current_num_threads()).clamp(1, BATCH);
    jobs.par_chunks(batch).flat_map_iter(|batch| page_batch(theme, batch, sink, wave)).collect()
}

/// Pages rendered before being written together, so their SHA-256s are computed side by side
/// ([`crate::output::digest`]): the brands' copies of one page, about as long as each other. Sixteen
/// pages of tens of kilobytes stay in a core's cache between rendering and hashing.
const BATCH: usize = 16;

/// A page to render: the brand's view, the locale and the page.
type Job<'v, 'p> = (&'v BrandView<'v>, &'p LocalePlan, &'p PagePlan);

/// Renders the pages of `batch` into this thread's buffers, then stores them in one go. (No
/// page render runs rayon work, so a thread never re-enters this while its buffers are held.)
fn page_batch(theme: &Theme, batch: &[Job<'_, '_>], sink: &dyn Sink, wave: &Wave) -> Vec<FileResult> {
    BUFFERS.with_borrow_mut(|buffers| {
        buffers.resize_with(batch.len().max(buffers.len()), String::new);
        let mut results: Vec<FileResult> = Vec::with_capacity(batch.len());
        let mut files: Vec<(String, usize)> = Vec::with_capacity(batch.len());
        for (i, (view, lp, p)) in batch.iter().enumerate() {
            buffers[i].clear();
            match page(theme, (view, wave), lp, p, &mut buffers[i]) {
                Ok(path) => files.push((path, i)),
                Err(e) => results.push(Err(Box::new(e))),
            }
        }
        let rendered: Vec<(&str, &[u8])> =
            files.iter().map(|(p, i)| (p.as_str(), buffers[*i].as_bytes())).collect();
        let written = sink.put_many(&rendered);
        results.extend(
            written.into_iter().zip(&files).map(|(w, (path, _))| w.map_err(|e| Box::new(io_error(path, &e)))),
        );
        results
    })
}

thread_local! {
    /// One output buffer per page of a batch, reused from batch to batch.
    static BUFFERS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One page (a document, a section or a locale home) rendered into `out`; returns its path.
fn page(
    theme: &Theme,
    (view, wave): (&BrandView<'_>, &Wave),
    lp: &LocalePlan,
    p: &PagePlan,
    out: &mut String,
) -> Result<String, Diagnostic> {
    let path = match p.kind.names_file() {
        true => format!("{}/{}/{}", view.brand.id, lp.locale, p.key),
        false => format!("{}/{}", view.brand.id, page_url(&lp.locale, &p.key)),
    };
    let from = out.len();
    let mut render = |template: &str, ctx: Ctx| theme.render_into(template, ctx.into_value(), out);
    let missing = || Diagnostic::error(Kind::Internal, format!("no source for page {}", p.key));
    match p.kind {
        PageKind::Document | PageKind::Version => {
            let (ctx, body) = view.version_page(lp, p).ok_or_else(missing)?;
            render("page.html", ctx)?;
            splice_in_place(out, from, Some(&body));
        }
        PageKind::VersionList => render("versions.html", view.version_list(lp, p).ok_or_else(missing)?)?,
        PageKind::Changes => {
            let (ctx, body) = view.changes(lp, p, &wave.redlines).ok_or_else(missing)?;
            render("changes.html", ctx)?;
            splice_in_place(out, from, body.as_ref());
        }
        PageKind::Section => render("section.html", view.listing(lp, p))?,
        PageKind::Home => render("home.html", view.listing(lp, p))?,
        PageKind::Fragment => view.fragment_page(p, out).ok_or_else(missing)?,
        PageKind::VersionsData => view.versions_json((lp, p), &wave.fragments, out).ok_or_else(missing)?,
        PageKind::LegalData => view.legal_json(lp, out),
    }
    Ok(path)
}

pub fn io_error(path: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error(Kind::IoError, format!("cannot write {path}: {e}"))
}
