//! A build into a new folder: its files are written into a staging folder beside the output
//! (same file system), which is renamed into place when the build succeeded, so a new output
//! appears whole or not at all, without a rename per file. Also the refusal of output
//! folders that would be dangerous to write into.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// How the staging folders of `out` are named: `.<name>.clause-staging-<random>`, beside it.
fn prefix(out: &Path) -> String {
    let name = out.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.clause-staging-")
}

fn parent_of(out: &Path) -> &Path {
    out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Creates an empty staging folder beside `out`.
pub fn new_beside(out: &Path) -> io::Result<PathBuf> {
    let parent = parent_of(out);
    std::fs::create_dir_all(parent)?;
    Ok(tempfile::Builder::new().prefix(&prefix(out)).tempdir_in(parent)?.keep())
}

/// The folders made so far in a staging folder, each known by a hash of its path below it:
/// a file whose folder is known is written without asking the file system first (a `mkdir`
/// that found the folder there and a `stat` to see it was one, for every file, were 8 % of
/// a build). Two folders of one hash at worst send a file to [`Made::again`].
#[derive(Default)]
pub struct Made(Mutex<HashSet<u64>>);

impl Made {
    /// Makes the folders of `path` (`/`-separated, below `dir`) not known to be made yet,
    /// from the deepest known one down, as `create_dir_all` would.
    pub fn folders_of(&self, dir: &Path, path: &str) -> io::Result<()> {
        let folders: Vec<&str> = path.match_indices('/').map(|(i, _)| &path[..i]).collect();
        let known = |f: &&str| self.0.lock().unwrap_or_else(PoisonError::into_inner).contains(&key(f));
        let from = folders.iter().rposition(known).map_or(0, |i| i + 1);
        for folder in &folders[from..] {
            let full = dir.join(folder);
            match std::fs::create_dir(&full) {
                Err(e) if !(e.kind() == io::ErrorKind::AlreadyExists && full.is_dir()) => return Err(e),
                _ => self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(key(folder)),
            };
        }
        Ok(())
    }

    /// Makes the folder of `full` whatever is known: a file written where a folder was
    /// thought made found none (two folders of one hash).
    pub fn again(full: &Path) -> io::Result<()> {
        full.parent().map_or(Ok(()), std::fs::create_dir_all)
    }

    /// Forgets every folder (a new staging folder, or none).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

fn key(folder: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    folder.hash(&mut hasher);
    hasher.finish()
}

/// Puts `staging` at `out`, which is absent or an empty folder.
pub fn move_in(staging: &Path, out: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(out).is_ok() {
        std::fs::remove_dir(out)?;
    }
    std::fs::rename(staging, out)
}

/// Staging folders of `out` that killed builds left beside it.
pub fn leftovers_beside(out: &Path) -> Vec<PathBuf> {
    let prefix = prefix(out);
    let Ok(entries) = std::fs::read_dir(parent_of(out)) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect()
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
    fn a_new_output_is_moved_in_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        let staging = new_beside(&out).unwrap();
        assert_eq!(leftovers_beside(&out), std::slice::from_ref(&staging));
        std::fs::create_dir_all(staging.join("a")).unwrap();
        std::fs::write(staging.join("a/b.html"), "hi").unwrap();
        move_in(&staging, &out).unwrap();
        assert!(out.join("a/b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
        std::fs::write(out.join("x"), "").unwrap();
        let again = new_beside(&out).unwrap();
        assert!(move_in(&again, &out).is_err(), "never over a folder that is not empty");
    }
}
