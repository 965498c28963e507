//! The live output folder of `serve`: files are replaced atomically (written beside, then
//! renamed over), and only when their bytes changed, so a request during a rebuild gets the
//! old file or the new one, never a torn one, and the list of changed files says exactly
//! which open pages to reload.

use crate::render::sink::Sink;
use crate::render::sink::Written;
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A folder kept up to date file by file.
pub struct LiveDir {
    pub dir: PathBuf,
    /// Path → SHA-256 of what is on disk.
    hashes: Mutex<HashMap<String, String>>,
    /// Paths written (changed) since the last [`LiveDir::take_changes`].
    changed: Mutex<BTreeSet<String>>,
    /// Paths put (changed or not) since the last [`LiveDir::take_changes`].
    touched: Mutex<BTreeSet<String>>,
}

impl LiveDir {
    pub fn new(dir: &Path) -> LiveDir {
        LiveDir {
            dir: dir.to_path_buf(),
            hashes: Mutex::default(),
            changed: Mutex::default(),
            touched: Mutex::default(),
        }
    }

    /// The paths changed and the paths put since the last call.
    pub fn take_changes(&self) -> (BTreeSet<String>, BTreeSet<String>) {
        let changed = std::mem::take(&mut *lock(&self.changed));
        let touched = std::mem::take(&mut *lock(&self.touched));
        (changed, touched)
    }

    /// Removes every file not in `keep` (after a full render); returns the paths removed.
    pub fn remove_others(&self, keep: &BTreeSet<String>) -> Vec<String> {
        let mut hashes = lock(&self.hashes);
        let gone: Vec<String> = hashes.keys().filter(|p| !keep.contains(*p)).cloned().collect();
        for path in &gone {
            hashes.remove(path);
            let _ = std::fs::remove_file(self.dir.join(path));
        }
        gone
    }

    /// Every path on disk.
    pub fn paths(&self) -> BTreeSet<String> {
        lock(&self.hashes).keys().cloned().collect()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Sink for LiveDir {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written> {
        self.put_hashed(path, bytes, crate::output::digest::sha256_hex(bytes))
    }

    fn put_many(&self, files: &[(&str, &[u8])]) -> Vec<io::Result<Written>> {
        let bytes: Vec<&[u8]> = files.iter().map(|(_, b)| *b).collect();
        let hashes = crate::output::digest::sha256_hex_many(&bytes);
        files.iter().zip(hashes).map(|((path, bytes), sha256)| self.put_hashed(path, bytes, sha256)).collect()
    }
}

impl LiveDir {
    /// Writes `bytes` (whose SHA-256 is `sha256`) at `path`, unless the file there has them.
    fn put_hashed(&self, path: &str, bytes: &[u8], sha256: String) -> io::Result<Written> {
        let written = Written { path: path.to_string(), sha256: sha256.clone(), bytes: bytes.len() as u64 };
        lock(&self.touched).insert(path.to_string());
        if lock(&self.hashes).get(path) == Some(&sha256) {
            return Ok(written);
        }
        let full = self.dir.join(path);
        let parent = full.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent)?;
        let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
        io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(&full).map_err(|e| e.error)?;
        lock(&self.hashes).insert(path.to_string(), sha256);
        lock(&self.changed).insert(path.to_string());
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let live = LiveDir::new(dir.path());
        live.put("a/index.html", b"one").unwrap();
        live.put("b.css", b"x").unwrap();
        assert_eq!(live.take_changes().0.len(), 2);
        live.put("a/index.html", b"one").unwrap();
        live.put("b.css", b"y").unwrap();
        let (changed, touched) = live.take_changes();
        assert_eq!(changed.into_iter().collect::<Vec<_>>(), ["b.css"]);
        assert_eq!(touched.len(), 2);
        assert_eq!(std::fs::read(dir.path().join("b.css")).unwrap(), b"y");
        let removed = live.remove_others(&["b.css".to_string()].into());
        assert_eq!(removed, ["a/index.html"]);
        assert!(!dir.path().join("a/index.html").exists());
    }
}
