//! Output: pages are written into a staging folder beside the output folder, hashed for the
//! manifest as they are written, and the staging folder replaces the output folder only when
//! the whole build succeeded. A failed or interrupted build leaves the old output as it was.

use crate::output::digest;
use crate::render::sink::{Sink, Written};
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

/// The folder a build writes into before it becomes the output.
pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder beside `out` (same file system, so the swap is a rename).
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir =
            tempfile::Builder::new().prefix(&format!(".{name}.clause-staging-")).tempdir_in(parent)?.keep();
        *lock_active() = Some(dir.clone());
        Ok(Staging { dir, out: out.to_path_buf() })
    }

    /// Writes `bytes` at `path` (with `/` separators) below the staging folder.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<Written> {
        self.store(path, bytes)?;
        Ok(Written { path: path.to_string(), sha256: digest::sha256_hex(bytes), bytes: bytes.len() as u64 })
    }

    /// Writes each `(path, bytes)` of `files`, hashing them together (see [`digest`]).
    pub fn write_many(&self, files: &[(&str, &[u8])]) -> Vec<io::Result<Written>> {
        let bytes: Vec<&[u8]> = files.iter().map(|(_, b)| *b).collect();
        let hashes = digest::sha256_hex_many(&bytes);
        files
            .iter()
            .zip(hashes)
            .map(|((path, bytes), sha256)| {
                self.store(path, bytes)?;
                Ok(Written { path: path.to_string(), sha256, bytes: bytes.len() as u64 })
            })
            .collect()
    }

    fn store(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if CANCELLED.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "the build was interrupted"));
        }
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&full, bytes)
    }

    /// Writes `manifest.json` listing `files` (sorted), then puts the staging folder in place
    /// of the output folder: the old one is renamed aside, the new one renamed in, the old
    /// one removed. `next_change` is the date a version's role changes next (SPEC §6), for a
    /// CI schedule. Returns the manifest's entries.
    pub fn commit(self, mut files: Vec<Written>, next_change: Option<String>) -> io::Result<Vec<Written>> {
        *lock_active() = None;
        files.sort();
        let manifest = Manifest { generator: "clause", next_change, files: &files };
        let mut json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
        json.push(b'\n');
        std::fs::write(self.dir.join("manifest.json"), json)?;
        swap(&self.dir, &self.out)?;
        Ok(files)
    }

    /// Removes the staging folder (after a failed build).
    pub fn discard(self) {
        *lock_active() = None;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Set on Ctrl-C: writers stop, so the staging folder can be removed whole.
static CANCELLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The staging folder of the build in progress, for [`discard_on_interrupt`].
static ACTIVE: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

fn lock_active() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    ACTIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// On Ctrl-C (or SIGTERM), removes the staging folder of the build in progress and exits
/// with 130. The output folder is replaced only at the very end of a build, so an
/// interrupted build leaves it as it was, and this leaves nothing beside it.
pub fn discard_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        CANCELLED.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(dir) = lock_active().take() {
            // A write already under way may still add a file: remove until nothing is left.
            for _ in 0..50 {
                let _ = std::fs::remove_dir_all(&dir);
                if !dir.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        eprintln!("interrupted: the output folder was left as it was");
        std::process::exit(130);
    });
}

#[derive(Serialize)]
struct Manifest<'a> {
    generator: &'static str,
    next_change: Option<String>,
    files: &'a [Written],
}

fn swap(new: &Path, out: &Path) -> io::Result<()> {
    if out.exists() {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let old = tempfile::Builder::new().prefix(".clause-old-").tempdir_in(parent)?.keep();
        std::fs::rename(out, old.join("out"))?;
        if let Err(e) = std::fs::rename(new, out) {
            // Put the old output back before reporting.
            let _ = std::fs::rename(old.join("out"), out);
            return Err(e);
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(new, out)?;
    }
    Ok(())
}

/// Why an output folder would be dangerous to replace, if it would be.
pub fn refuse_output(root: &Path, out: &Path) -> Option<String> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let root = canon(root);
    let out_abs = if out.exists() { canon(out) } else { absolute(out) };
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| canon(&h));
    if out_abs.parent().is_none() {
        return Some("it is the file system root".into());
    }
    if Some(&out_abs) == home.as_ref() {
        return Some("it is the home folder".into());
    }
    if out_abs == root || root.starts_with(&out_abs) {
        return Some("it is the site folder or contains it".into());
    }
    if out_abs.starts_with(root.join("content"))
        || out_abs.starts_with(root.join("themes"))
        || out_abs.starts_with(root.join("static"))
    {
        return Some("it is inside content/, themes/ or static/".into());
    }
    None
}

fn absolute(p: &Path) -> PathBuf {
    let base = std::env::current_dir().unwrap_or_default();
    let joined = if p.is_absolute() { p.to_path_buf() } else { base.join(p) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written> {
        self.write(path, bytes)
    }

    fn put_many(&self, files: &[(&str, &[u8])]) -> Vec<io::Result<Written>> {
        self.write_many(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_outputs_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(refuse_output(root, root).is_some());
        assert!(refuse_output(root, Path::new("/")).is_some());
        assert!(refuse_output(root, &root.join("content")).is_some());
        assert!(refuse_output(root, &root.join("content/en/x")).is_some());
        assert!(refuse_output(root, &root.join("..")).is_some());
        assert!(refuse_output(root, &root.join("public")).is_none());
    }

    #[test]
    fn commit_replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        let staging = Staging::new(&out).unwrap();
        let w = staging.write("a/b.html", b"hi").unwrap();
        staging.commit(vec![w], None).unwrap();
        assert!(out.join("a/b.html").exists());
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }
}
