//! The document cache of `serve`: each file's bytes and what loading them gave, so that a
//! rebuild parses again only the files whose bytes changed.

use crate::config::locale::Locale;
use crate::content::discover::Inventory;
use crate::content::document::Loaded;
use crate::content::markdown::RenderOptions;
use std::path::{Path, PathBuf};

/// Documents loaded before, by file, with the bytes they came from: `serve` reloads only
/// the files that changed. The cache empties itself when the set of files, the locales'
/// chains or the render options change, since links and rendering depend on them.
#[derive(Default)]
pub struct DocCache {
    /// Off for `build`, which loads each file once: keeping copies would be wasted work.
    keep: bool,
    signature: String,
    pub(crate) entries: std::collections::HashMap<PathBuf, (Vec<u8>, Loaded)>,
    /// The files parsed (not reused) by the last load.
    pub reparsed: Vec<PathBuf>,
}

impl DocCache {
    /// A cache that keeps what it loads, for `serve`. `DocCache::default()` keeps nothing.
    pub fn keeping() -> DocCache {
        DocCache { keep: true, ..DocCache::default() }
    }

    /// Records a file parsed from `bytes` (kept only by a keeping cache).
    pub(crate) fn store(&mut self, path: &Path, rel: &Path, bytes: Vec<u8>, loaded: &Loaded) {
        self.reparsed.push(rel.to_path_buf());
        if self.keep {
            self.entries.insert(path.to_path_buf(), (bytes, loaded.clone()));
        }
    }

    pub(crate) fn prepare(&mut self, signature: String) {
        if signature != self.signature {
            self.entries.clear();
            self.signature = signature;
        }
    }

    pub(crate) fn get(&self, path: &Path, bytes: &[u8]) -> Option<&Loaded> {
        self.entries.get(path).filter(|(b, _)| b == bytes).map(|(_, l)| l)
    }
}

/// What every document's rendering depends on besides its own bytes.
pub(crate) fn signature(inv: &Inventory, locales: &[Locale], opts: &RenderOptions) -> String {
    let files = inv.files.iter().map(|f| f.rel.to_string_lossy()).collect::<Vec<_>>().join("\n");
    let assets = inv.assets.iter().map(|a| format!("{}/{}", a.locale, a.path)).collect::<Vec<_>>().join("\n");
    let chains = locales.iter().map(|l| l.chain.join(">")).collect::<Vec<_>>().join(" ");
    format!("{files}\n--\n{assets}\n--\n{chains}\n{}{}", opts.unsafe_html, opts.highlight)
}
