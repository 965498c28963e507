//! The document cache of `serve`: each file's bytes and what loading them gave, so that a
//! rebuild parses again only the files whose bytes changed.

use crate::config::locale::Locale;
use crate::content::discover::Inventory;
use crate::content::document::Loaded;
use crate::content::markdown::RenderOptions;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Documents loaded before, by file, with the bytes they came from: `serve` reloads only
/// the files that changed. The cache empties itself when the set of files, the locales'
/// chains or the render options change, since links and rendering depend on them.
///
/// A file is read again when the watcher named it since the last load ([`DocCache::suspect`])
/// or its size or modification time differ from when it was read; otherwise what it gave
/// then is taken without reading it (the way make trusts modification times). A file named
/// by the watcher is compared byte for byte, so a save of the same bytes parses nothing.
#[derive(Default)]
pub struct DocCache {
    /// Off for `build`, which loads each file once: keeping copies would be wasted work.
    keep: bool,
    signature: String,
    pub(crate) entries: HashMap<PathBuf, Entry>,
    /// Files to read again whatever their size and time say; every file when `all`.
    suspects: HashSet<PathBuf>,
    all_suspect: bool,
    /// The files parsed (not reused) by the last load.
    pub reparsed: Vec<PathBuf>,
}

/// A file as it was when loaded.
pub(crate) struct Entry {
    bytes: Vec<u8>,
    stamp: Option<Stamp>,
    loaded: Loaded,
}

/// What tells a file changed without reading it: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: SystemTime,
}

impl Stamp {
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp { len: meta.len(), modified: meta.modified().ok()? })
    }
}

impl DocCache {
    /// A cache that keeps what it loads, for `serve`. `DocCache::default()` keeps nothing.
    pub fn keeping() -> DocCache {
        DocCache { keep: true, all_suspect: true, ..DocCache::default() }
    }

    /// The watcher's changed paths (every file when `None`), read again at the next load.
    pub fn suspect(&mut self, paths: Option<&[PathBuf]>) {
        match paths {
            Some(paths) => self.suspects.extend(paths.iter().cloned()),
            None => self.all_suspect = true,
        }
    }

    /// Whether the cache keeps what it is given (`serve`'s does; `build`'s keeps nothing).
    pub(crate) fn keeps(&self) -> bool {
        self.keep
    }

    /// Records a file parsed from `bytes` (kept only by a keeping cache).
    pub(crate) fn store(&mut self, path: &Path, rel: &Path, read: (Vec<u8>, Option<Stamp>), loaded: &Loaded) {
        self.reparsed.push(rel.to_path_buf());
        if self.keep {
            let (bytes, stamp) = read;
            self.entries.insert(path.to_path_buf(), Entry { bytes, stamp, loaded: loaded.clone() });
        }
    }

    /// Starts a load of the site whose files and options give `signature`: a different one
    /// (a file added or removed, other render options) forgets every kept document.
    pub(crate) fn begin_load(&mut self, signature: String) {
        if signature != self.signature {
            self.entries.clear();
            self.signature = signature;
        }
    }

    /// After a load: what the watcher named has been read.
    pub(crate) fn loaded(&mut self) {
        self.suspects.clear();
        self.all_suspect = false;
    }

    /// What `path` gave when it was read, if it is not suspect and its stamp is the same.
    pub(crate) fn unchanged(&self, path: &Path, stamp: Option<Stamp>) -> Option<&Loaded> {
        if self.all_suspect || stamp.is_none() || self.suspects.contains(path) {
            return None;
        }
        self.entries.get(path).filter(|e| e.stamp == stamp).map(|e| &e.loaded)
    }

    /// `path` was read again and held the same bytes: its new stamp is trusted from now on.
    pub(crate) fn restamp(&mut self, path: &Path, stamp: Option<Stamp>) {
        if let Some(entry) = self.entries.get_mut(path) {
            entry.stamp = stamp;
        }
    }

    /// What `path` gave when it was read, if its bytes are the same.
    pub(crate) fn get(&self, path: &Path, bytes: &[u8]) -> Option<&Loaded> {
        self.entries.get(path).filter(|e| e.bytes == bytes).map(|e| &e.loaded)
    }
}

/// What every document's rendering depends on besides its own bytes.
pub(crate) fn signature(inv: &Inventory, locales: &[Locale], opts: &RenderOptions) -> String {
    let files = inv.files.iter().map(|f| f.rel.to_string_lossy()).collect::<Vec<_>>().join("\n");
    let assets = inv.assets.iter().map(|a| format!("{}/{}", a.locale, a.path)).collect::<Vec<_>>().join("\n");
    let chains = locales.iter().map(|l| l.chain.join(">")).collect::<Vec<_>>().join(" ");
    format!("{files}\n--\n{assets}\n--\n{chains}\n{}{}", opts.unsafe_html, opts.highlight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_trusted_by_its_stamp_unless_the_watcher_named_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "text").unwrap();
        let stamp = Stamp::of(&path);
        let mut cache = DocCache::keeping();
        cache.store(&path, Path::new("a.md"), (b"text".to_vec(), stamp), &Err(Vec::new()));
        assert!(cache.unchanged(&path, stamp).is_none(), "a new session reads every file");
        cache.loaded();
        assert!(cache.unchanged(&path, stamp).is_some());
        let later = stamp.map(|s| Stamp { len: s.len + 1, ..s });
        assert!(cache.unchanged(&path, later).is_none(), "another size");
        cache.suspect(Some(std::slice::from_ref(&path)));
        assert!(cache.unchanged(&path, stamp).is_none(), "named by the watcher");
        cache.loaded();
        cache.suspect(None);
        assert!(cache.unchanged(&path, stamp).is_none(), "everything asked for");
    }
}
