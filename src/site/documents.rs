//! Reading the site's Markdown files: every one in parallel, each rendered once with its
//! links resolved against what exists, and, in `serve`, only the files that changed since
//! the last load (the others come from its [`DocCache`]).

use crate::config::locale::Locale;
use crate::content::cache::{DocCache, Stamp};
use crate::content::discover::{ancestors, Inventory, SourceFile};
use crate::content::document::{Document, Loaded};
use crate::content::markdown::{LinkEnv, RenderOptions, Target};
use crate::content::shared_text::SharedText;
use crate::diag::Diagnostics;
use rayon::prelude::*;
use std::collections::HashSet;

/// What exists, to resolve links while documents render.
pub(super) struct Known {
    pages: HashSet<(String, String)>,
    sections: HashSet<(String, String)>,
    assets: HashSet<(String, String)>,
}

impl Known {
    pub(super) fn new(inv: &Inventory) -> Known {
        let mut pages = HashSet::new();
        let mut sections = HashSet::new();
        for f in &inv.files {
            if !f.is_index() {
                pages.insert((f.locale.clone(), f.key.clone()));
                for s in ancestors(f.dir()) {
                    sections.insert((f.locale.clone(), s));
                }
            }
        }
        let assets = inv.assets.iter().map(|a| (a.locale.clone(), a.path.clone())).collect();
        Known { pages, sections, assets }
    }

    fn resolve(&self, chain: &[String], path: &str) -> Target {
        let has = |set: &HashSet<(String, String)>, p: &str| {
            chain.iter().any(|l| set.contains(&(l.clone(), p.to_string())))
        };
        if path == "_index" {
            return Target::Page(String::new());
        }
        if let Some(section) = path.strip_suffix("/_index") {
            return if has(&self.sections, section) {
                Target::Page(format!("{section}/"))
            } else {
                Target::Missing
            };
        }
        if has(&self.pages, path) {
            Target::Page(format!("{path}/"))
        } else if has(&self.assets, path) {
            Target::Asset
        } else {
            Target::Missing
        }
    }
}

/// Reads every Markdown file in parallel, reusing the cache's documents whose files did not
/// change (see [`DocCache`]); drafts are left out unless asked for. Also returns the files
/// that could not be loaded (their errors go to `diags`).
pub(super) fn load_documents(
    inv: &Inventory,
    known: &Known,
    locales: &[Locale],
    render_opts: &RenderOptions,
    cache: &mut DocCache,
    drafts: bool,
    diags: &mut Diagnostics,
) -> (Vec<Document>, Vec<SourceFile>) {
    let shared = SharedText::default();
    let read = |f| read_one(f, cache, known, locales, render_opts, &shared);
    let loaded: Vec<(Loaded, Read)> = inv.files.par_iter().map(read).collect();
    let (mut docs, mut unloaded) = (Vec::new(), Vec::new());
    cache.reparsed.clear();
    cache.loaded();
    for (f, (r, read)) in inv.files.iter().zip(loaded) {
        match read {
            Read::New(bytes, stamp) => cache.store(&f.abs, &f.rel, (bytes, stamp), &r),
            Read::Same(stamp) => cache.restamp(&f.abs, stamp),
            Read::Not => {}
        }
        match r {
            Ok((d, _)) if d.front.draft && !drafts => {}
            Ok((d, errors)) => {
                diags.extend(errors);
                docs.push(d);
            }
            Err(e) => {
                diags.extend(e);
                unloaded.push(f.clone());
            }
        }
    }
    (docs, unloaded)
}

/// One file: the cache's copy when the file is unchanged, else read (and parsed when its
/// bytes are new, its lines of HTML shared with the files parsed before it).
fn read_one(
    f: &SourceFile,
    cache: &DocCache,
    known: &Known,
    locales: &[Locale],
    render_opts: &RenderOptions,
    shared: &SharedText,
) -> (Loaded, Read) {
    // The stamp before the bytes: a file changed in between is read again next time.
    let stamp = Stamp::of(&f.abs);
    if let Some(hit) = cache.unchanged(&f.abs, stamp) {
        return (hit.clone(), Read::Not);
    }
    match crate::content::document::read(f) {
        Err(d) => (Err(vec![d]), Read::Not),
        Ok(bytes) => match cache.get(&f.abs, &bytes) {
            Some(hit) => (hit.clone(), Read::Same(stamp)),
            None => {
                let mut loaded = load_one(f, &bytes, known, locales, render_opts);
                if let Ok((doc, _)) = &mut loaded {
                    doc.share_text(shared);
                }
                // A cache that keeps nothing (`build`) is not handed the bytes: every file's
                // would be held until the last one is parsed (megabytes with many versions).
                let bytes = if cache.keeps() { bytes } else { Vec::new() };
                (loaded, Read::New(bytes, stamp))
            }
        },
    }
}

/// Whether loading a file read it: not (the cache's copy was trusted, or it could not be
/// read), to the same bytes as the cache's copy, or to new bytes (parsed), with its stamp.
enum Read {
    Not,
    Same(Option<Stamp>),
    New(Vec<u8>, Option<Stamp>),
}

fn load_one(
    file: &SourceFile,
    bytes: &[u8],
    known: &Known,
    locales: &[Locale],
    opts: &RenderOptions,
) -> Loaded {
    let chain = locales
        .iter()
        .find(|l| l.tag == file.locale)
        .map(|l| l.chain.clone())
        .unwrap_or_else(|| vec![file.locale.clone()]);
    let resolve = |p: &str| known.resolve(&chain, p);
    let depth = if file.is_index() {
        file.dir().split('/').filter(|s| !s.is_empty()).count()
    } else {
        file.key.split('/').count()
    };
    let env = LinkEnv { dir: file.dir(), page_depth: depth, resolve: &resolve };
    Document::from_bytes(file, bytes, &env, opts)
}

#[cfg(test)]
mod tests {
    use crate::content::shared_text::tests::lines_held_with;
    use crate::render::prepare::test_site::{write, SITE};
    use crate::site::model::{LoadOptions, Site};

    /// Two versions loaded from disk hold their common paragraph once.
    #[test]
    fn versions_loaded_share_their_common_paragraph() {
        let text = "The provider keeps your data for as long as the contract runs.";
        let file = |first: &str| format!("+++\ntitle = \"T\"\n+++\n\n{first}.\n\n{text}\n");
        let (new, old) = (file("New"), file("Old"));
        let root = write(SITE, &[("content/en/terms.md", &new), ("content/en/terms@2020-01-01.md", &old)]);
        let (site, _) = Site::load(root.path(), LoadOptions::default()).unwrap();
        let [mut new, mut old] = [0, 1].map(|i| site.docs[i].body.pieces.clone());
        assert_eq!(lines_held_with(&mut new, &mut old), 1, "{new:?}\n{old:?}");
    }
}
