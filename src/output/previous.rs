//! What a build finds where its output goes, before it writes anything: nothing (a new
//! output), an output clause wrote (its `manifest.json` says what is there), or a folder of
//! someone else's, which is refused. And the leftovers of a build that was killed: clause's
//! own, recognised by name, and the only things removed here.
//!
//! A file is trusted to hold what the manifest says when its size is the manifest's and it
//! was last modified no later than the manifest itself (every file of a build is written
//! before its manifest), the way make and rsync trust modification times. A file changed by
//! hand after the build is newer than the manifest: it is read and compared instead.

use crate::diag::{Diagnostic, Kind};
use crate::output::manifest::{self, Previous, MANIFEST};
use crate::output::staging;
use crate::render::sink::Sha256;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// At the output root while a build changes the output, or after one was killed doing so.
pub const MARKER: &str = ".clause-incomplete";

/// How the temporary files of a build begin (`.clause-tmp-<n>`, beside their targets).
pub const TEMP_PREFIX: &str = ".clause-tmp-";

/// What a build found at its output folder.
#[derive(Debug)]
pub enum Found {
    /// No folder, or an empty one: the output is built beside and moved in whole.
    New,
    /// An output of clause's (or a folder holding only hidden entries, such as `.git`).
    Output(Existing),
}

/// An earlier output.
#[derive(Debug, Default)]
pub struct Existing {
    pub previous: Previous,
    /// The SHA-256 of the manifest's bytes, and its modification time, when there is one.
    pub manifest: Option<(Sha256, SystemTime)>,
    /// An earlier build was killed while changing the output.
    pub incomplete: bool,
}

impl Existing {
    /// Whether the file at `target` holds `bytes`, as cheaply as can be told: trusted from
    /// the manifest when its size fits and it is no newer than the manifest, else read.
    pub fn holds(&self, target: &Path, path: &str, bytes: &[u8], sha256: &Sha256) -> bool {
        let Ok(meta) = std::fs::symlink_metadata(target) else { return false };
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return false;
        }
        let older = self.manifest.as_ref().is_some_and(|(_, at)| meta.modified().is_ok_and(|m| m <= *at));
        if older {
            return self.previous.files.get(path).is_some_and(|l| l.sha256 == *sha256);
        }
        std::fs::read(target).is_ok_and(|disk| disk == bytes)
    }
}

/// Looks at `out` without changing anything.
pub fn inspect(out: &Path) -> Result<Found, Diagnostic> {
    let meta = match std::fs::metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::fs::symlink_metadata(out).is_err() => {
            return Ok(Found::New)
        }
        Err(e) => return Err(unreadable(out, &e)),
    };
    if !meta.is_dir() {
        return Err(foreign(out, "it is a file, not a folder"));
    }
    let incomplete = out.join(MARKER).exists();
    match std::fs::read(out.join(MANIFEST)) {
        Ok(bytes) => {
            let previous = manifest::parse(&bytes)
                .ok_or_else(|| foreign(out, "its manifest.json is not one clause wrote (or is damaged)"))?;
            let at = std::fs::metadata(out.join(MANIFEST)).and_then(|m| m.modified()).ok();
            let digest = Sha256::of(&bytes);
            Ok(Found::Output(Existing { previous, manifest: at.map(|at| (digest, at)), incomplete }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => without_manifest(out, incomplete),
        Err(e) => Err(unreadable(out, &e)),
    }
}

/// A folder without a manifest: new when empty, refused when it holds visible files that
/// clause did not write.
fn without_manifest(out: &Path, incomplete: bool) -> Result<Found, Diagnostic> {
    let names: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| unreadable(out, &e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let real_dir = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir());
    if names.is_empty() && real_dir {
        return Ok(Found::New);
    }
    if incomplete || names.iter().all(|n| n.starts_with('.')) {
        return Ok(Found::Output(Existing { incomplete, ..Existing::default() }));
    }
    Err(foreign(out, "it is not empty and has no manifest.json: clause did not build it"))
}

fn foreign(out: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(Kind::ForeignOutput, format!("refusing to build into {}: {why}", out.display()))
        .in_file(out)
        .help("clause writes into a new or empty folder, or over an output it built: move the folder's files away, or set output_dir (or --out) to another folder")
}

fn unreadable(out: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Kind::IoError, format!("cannot read the output folder {}: {e}", out.display()))
        .in_file(out)
        .help("check that the folder is readable")
}

/// Removes what killed builds of `out` left: staging folders beside it (of builds into a new
/// folder, and of clause before this writer), and, when the marker says a build was killed
/// inside it, every temporary file in it and the folders that held nothing else.
pub fn clean_leftovers(out: &Path, found: &Found) {
    for dir in staging::leftovers_beside(out) {
        let _ = std::fs::remove_dir_all(dir);
    }
    if let Found::Output(existing) = found {
        if existing.incomplete {
            for temp in temporaries(out) {
                let _ = std::fs::remove_file(&temp);
                prune(out, temp.parent());
            }
        }
    }
}

/// Every temporary file of clause's below `out` (links are not followed).
fn temporaries(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .map(|e| e.into_path())
        .collect()
}

/// Removes `dir` and its parents up to (not including) `out`, as long as they are empty.
pub fn prune(out: &Path, mut dir: Option<&Path>) {
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(matches!(inspect(&out), Ok(Found::New)));
        std::fs::create_dir(&out).unwrap();
        assert!(matches!(inspect(&out), Ok(Found::New)));
        std::fs::create_dir(out.join(".git")).unwrap();
        assert!(matches!(inspect(&out), Ok(Found::Output(e)) if e.manifest.is_none()));
        std::fs::write(out.join("index.html"), "mine").unwrap();
        assert_eq!(inspect(&out).unwrap_err().kind, Kind::ForeignOutput);
        std::fs::write(out.join(MANIFEST), "{\"files\": []}").unwrap();
        assert_eq!(inspect(&out).unwrap_err().kind, Kind::ForeignOutput);
        std::fs::write(out.join(MANIFEST), "{\"generator\": \"clause\", \"files\": []}").unwrap();
        assert!(matches!(inspect(&out), Ok(Found::Output(e)) if !e.incomplete));
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert_eq!(inspect(&dir.path().join("file")).unwrap_err().kind, Kind::ForeignOutput);
    }

    #[test]
    fn leftovers_are_clauses_own_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a/new")).unwrap();
        std::fs::write(out.join("a/new/.clause-tmp-3"), "half").unwrap();
        std::fs::write(out.join("a/.clause-tmp-4"), "half").unwrap();
        std::fs::write(out.join("a/keep.html"), "mine").unwrap();
        std::fs::write(out.join(".clause-tmp-notes"), "half").unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        std::fs::create_dir_all(dir.path().join(".public.clause-staging-x1y2z3/a")).unwrap();
        std::fs::create_dir_all(dir.path().join(".other.clause-staging-x1y2z3")).unwrap();
        let found = inspect(&out).unwrap();
        clean_leftovers(&out, &found);
        assert!(!out.join("a/new").exists() && !out.join("a/.clause-tmp-4").exists());
        assert!(out.join("a/keep.html").exists());
        assert!(!dir.path().join(".public.clause-staging-x1y2z3").exists());
        assert!(dir.path().join(".other.clause-staging-x1y2z3").exists(), "another output's");
    }
}
