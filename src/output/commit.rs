//! The end of a build that rendered every file: the output is made to hold exactly them.
//!
//! First everything that could go wrong is checked, before the first change: no two files of
//! the build want one path as a file and as a folder, and nothing clause did not write is in
//! the way (a folder where a file goes, a file where a folder goes). Then, over an earlier
//! output: the incomplete marker, files no longer built removed (and folders left empty),
//! temporary files renamed over their targets, `manifest.json` (only when its bytes change),
//! the marker removed. Into a new folder: the manifest, and the staging folder renamed in.
//! Killed at any point, every file is whole (each one was renamed whole), and the marker
//! tells the next build, which finishes the job.

use crate::diag::{Diagnostic, Kind};
use crate::output::interrupt::Undo;
use crate::output::interrupt::{self, Left};
use crate::output::manifest::{Manifest, Previous, MANIFEST};
use crate::output::previous::{prune, Existing, MARKER};
use crate::output::staging;
use crate::output::writer::Writer;
use crate::render::sink::{Sha256, Written};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

/// What a commit did.
#[derive(Debug, Default)]
pub struct Committed {
    /// How many files the output holds, as its manifest lists them (the manifest aside).
    pub files: usize,
    /// Paths written (new or changed bytes).
    pub written: BTreeSet<String>,
    /// Paths removed: no longer built.
    pub removed: Vec<String>,
}

impl Writer {
    /// Makes the output hold `files`: when `whole`, they are all it holds (a build); else
    /// they are what was rendered this time, and the other files are kept (`serve` after a
    /// save). Fails, before any change, when the output cannot hold them. It all happens with
    /// the journal's gate held, from before the build's files leave the journal until they are
    /// the output or removed: a signal waits for the end, so it never finds them recorded
    /// nowhere. A signal that came meanwhile has the last word ([`Journal::stand_aside`]).
    ///
    /// [`Journal::stand_aside`]: crate::output::interrupt::Journal::stand_aside
    pub fn commit(&mut self, files: Vec<Written>, whole: bool) -> Result<Committed, Vec<Diagnostic>> {
        let journal = self.journal.clone();
        let result = match journal.enter() {
            Ok(_gate) => self.commit_held(files, whole),
            Err(e) => Err(vec![io_error(&self.out, &e)]),
        };
        journal.stand_aside();
        result
    }

    /// The commit, the gate held by the caller.
    fn commit_held(&mut self, files: Vec<Written>, whole: bool) -> Result<Committed, Vec<Diagnostic>> {
        let (files, in_place) = if whole { (files, None) } else { self.merged(files) };
        let mut undo = self.journal.take();
        interrupt::signal_point(&self.journal, "commit", true);
        let result = match self.new.as_ref().map(|s| s.lock().unwrap_or_else(PoisonError::into_inner).take())
        {
            Some(Some(dir)) => self.commit_new(&dir, files),
            Some(None) => self.empty_staging().and_then(|dir| self.commit_new(&dir, files)),
            None => self.commit_over(&mut undo, files, whole, in_place),
        };
        if result.is_err() {
            std::mem::take(&mut undo).apply();
        }
        self.dirs_ok.lock().map(|mut d| d.clear()).ok();
        self.made.clear();
        result
    }

    /// After a failed render: removes what this build put on disk; the output is as it was.
    pub fn discard(&mut self) {
        let journal = self.journal.clone();
        // Refused only after a signal's handler took it all away already.
        if let Ok(_gate) = journal.enter() {
            journal.take().apply();
        }
        if let Some(staging) = &self.new {
            staging.lock().map(|mut s| *s = None).ok();
        }
        self.set_marked(self.existing.incomplete);
        self.dirs_ok.lock().map(|mut d| d.clear()).ok();
        self.made.clear();
        journal.stand_aside();
    }

    /// This time's files over the others of the output. When the last commit listed every
    /// one of them (a save in `serve`: no path new, none gone), its listing is updated in
    /// place, and the files rendered come back too, for [`Writer::settle`] to update the rest
    /// of the writer's state with; else they are merged with the manifest's other files.
    fn merged(&mut self, files: Vec<Written>) -> (Vec<Written>, Option<Vec<Written>>) {
        let mut listing = std::mem::take(&mut self.listing);
        let place = |w: &Written| listing.binary_search_by(|l| l.path.cmp(&w.path)).ok();
        let places: Option<Vec<usize>> = files.iter().map(place).collect();
        if let Some(places) = places.filter(|_| !listing.is_empty()) {
            for (&i, w) in places.iter().zip(&files) {
                listing[i] = w.clone();
            }
            return (listing, Some(files));
        }
        let rendered: HashSet<&str> = files.iter().map(|w| w.path.as_str()).collect();
        let kept = self.existing.previous.files.iter().filter(|(p, _)| !rendered.contains(p.as_str()));
        let kept: Vec<Written> =
            kept.map(|(p, l)| Written { path: p.clone(), sha256: l.sha256, bytes: l.bytes }).collect();
        (files.into_iter().chain(kept).collect(), None)
    }

    /// A staging folder for a new output whose build wrote no file.
    fn empty_staging(&self) -> Result<PathBuf, Vec<Diagnostic>> {
        staging::new_beside(&self.out).map_err(|e| vec![io_error(&self.out, &e)])
    }

    fn commit_new(&mut self, dir: &Path, files: Vec<Written>) -> Result<Committed, Vec<Diagnostic>> {
        let mut manifest = Manifest::new(files, self.next_change.clone());
        // Streamed to disk, its SHA-256 kept for the next commit to compare its own with. It
        // is written into the staging folder while the paths are checked (a refused commit
        // removes that folder whole).
        let at = dir.join(MANIFEST);
        let (found, manifest_written) = rayon::join(|| conflicts(&manifest.files), || manifest.write_to(&at));
        found.map_or(Ok(()), Err)?;
        let digest = match manifest_written.and_then(|d| staging::move_in(dir, &self.out).map(|()| d)) {
            Ok(digest) => digest,
            Err(e) => {
                let _ = std::fs::remove_dir_all(dir);
                return Err(vec![io_error(&self.out, &e)]);
            }
        };
        self.journal.set_left(Left::Written);
        let files = manifest.files.len();
        let written = match self.last {
            // Moved, not copied: nothing reads the manifest after the last commit.
            true => std::mem::take(&mut manifest.files).into_iter().map(|w| w.path).collect(),
            false => manifest.files.iter().map(|w| w.path.clone()).collect(),
        };
        self.settle(manifest, digest, false, None);
        Ok(Committed { files, written, removed: Vec::new() })
    }

    /// Over an earlier output; `in_place`: the files rendered, when `files` is the last
    /// commit's listing with them put in place (the same paths, so none gone or new).
    fn commit_over(
        &mut self,
        undo: &mut Undo,
        files: Vec<Written>,
        whole: bool,
        in_place: Option<Vec<Written>>,
    ) -> Result<Committed, Vec<Diagnostic>> {
        let manifest = Manifest::new(files, self.next_change.clone());
        let gone = if in_place.is_some() { Vec::new() } else { self.gone(&manifest.files) };
        // After a partial render (`serve`), the files are those of this writer's last commit,
        // which had no conflict, unless some path is new.
        let known = in_place.is_some()
            || !whole && manifest.files.iter().all(|w| self.existing.previous.files.contains_key(&w.path));
        let mut problems = if known { Vec::new() } else { conflicts(&manifest.files).unwrap_or_default() };
        problems.extend(self.in_the_way(&undo.temps, &gone));
        if !problems.is_empty() {
            return Err(problems);
        }
        let digest = manifest.digest();
        let same_manifest = self.existing.manifest.as_ref().is_some_and(|(old, _)| *old == digest);
        if undo.temps.is_empty() && gone.is_empty() && same_manifest && !self.existing.incomplete {
            let files = manifest.files.len();
            self.listing = manifest.files;
            return Ok(Committed { files, ..Committed::default() });
        }
        let written = match self.apply(undo, &gone, (!same_manifest).then_some(&manifest)) {
            Ok(written) => written,
            Err(e) => {
                // Some files are changed: the marker stays, for the next build to finish.
                undo.marker = None;
                self.journal.set_left(Left::Incomplete);
                self.existing.incomplete = true;
                self.set_marked(true);
                let why = "the output is incomplete (it holds .clause-incomplete): build again to repair it";
                return Err(vec![io_error(&self.out, &e).help(why)]);
            }
        };
        self.journal.set_left(Left::Written);
        *undo = Undo::default();
        let files = self.settle(manifest, digest, true, in_place.as_deref());
        Ok(Committed { files, written, removed: gone })
    }

    /// The files of the earlier output that `files` does not list, sorted.
    fn gone(&self, files: &[Written]) -> Vec<String> {
        let listed: HashSet<&str> = files.iter().map(|w| w.path.as_str()).collect();
        let mut gone: Vec<String> =
            self.existing.previous.files.keys().filter(|p| !listed.contains(p.as_str())).cloned().collect();
        gone.sort();
        gone
    }

    /// The changes, in an order that leaves every file whole at every moment.
    fn apply(
        &self,
        undo: &Undo,
        gone: &[String],
        manifest: Option<&Manifest>,
    ) -> io::Result<BTreeSet<String>> {
        self.mark()?;
        self.remove(gone);
        self.dirs_ok.lock().map(|mut d| d.clear()).ok();
        let mut written = BTreeSet::new();
        for (temp, path) in &undo.temps {
            let target = self.out.join(path);
            if let Some(parent) = target.parent().filter(|p| temp.parent() != Some(*p)) {
                std::fs::create_dir_all(parent)?;
            }
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                remove_empty_tree(&target);
            }
            std::fs::rename(temp, &target)?;
            written.insert(path.clone());
        }
        if let Some(manifest) = manifest {
            let temp = self.temp_in(&self.out);
            manifest.write_to(&temp)?;
            std::fs::rename(&temp, self.out.join(MANIFEST))?;
        }
        match std::fs::remove_file(self.out.join(MARKER)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => self.set_marked(false),
        }
        Ok(written)
    }

    /// Removes the files no longer built (never through a link, never a folder someone put
    /// in a file's place), then the folders that held nothing else.
    fn remove(&self, gone: &[String]) {
        let mut parents = BTreeSet::new();
        for path in gone {
            let target = self.out.join(path);
            let Some(parent) = target.parent() else { continue };
            if !self.real_dir(parent, false).unwrap_or(false) {
                continue;
            }
            if std::fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
                let _ = std::fs::remove_file(&target);
            }
            parents.insert(parent.to_path_buf());
        }
        // Deepest first, so a folder emptied by its children's removal goes too.
        let mut parents: Vec<PathBuf> = parents.into_iter().collect();
        parents.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        for dir in parents {
            prune(&self.out, Some(&dir));
        }
    }

    /// What a build found in its way: a folder where it writes a file (unless it holds only
    /// files no longer built), or a file or link of someone else's where it needs a folder.
    fn in_the_way(&self, temps: &[(PathBuf, String)], gone: &[String]) -> Vec<Diagnostic> {
        let gone: HashSet<&str> = gone.iter().map(String::as_str).collect();
        let mut problems = Vec::new();
        for (temp, path) in temps {
            let target = self.out.join(path);
            if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir())
                && !holds_only(&self.out, &target, &gone)
            {
                problems.push(in_the_way(&target, "a folder is where the build writes a file"));
            }
            if temp.parent() != target.parent() {
                if let Some(blocker) = self.blocker(path).filter(|b| !gone.contains(b.as_str())) {
                    let what = "a file or link that clause did not write is where the build needs a folder";
                    problems.push(in_the_way(&self.out.join(blocker), what));
                }
            }
        }
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        problems.dedup_by(|a, b| a.file == b.file);
        problems
    }

    /// The first folder of `path` that is not a real folder on disk, when it exists.
    fn blocker(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = path.split('/').collect();
        (1..parts.len())
            .map(|n| parts[..n].join("/"))
            .find(|p| std::fs::symlink_metadata(self.out.join(p)).is_ok_and(|m| !m.is_dir()))
    }

    /// After a commit: what is on disk now is what the next commit starts from. When only
    /// the files `rendered` were put in place in the listing, only their entries change; after
    /// the writer's [`Writer::last`] commit, nothing is kept. Returns how many files the
    /// output holds.
    fn settle(
        &mut self,
        manifest: Manifest,
        digest: Sha256,
        over: bool,
        rendered: Option<&[Written]>,
    ) -> usize {
        if !over {
            self.new = None;
        }
        self.set_marked(false);
        if self.last {
            return manifest.files.len();
        }
        let at = std::fs::metadata(self.out.join(MANIFEST)).and_then(|m| m.modified()).ok();
        let previous = match rendered {
            Some(rendered) => {
                let mut previous = std::mem::take(&mut self.existing.previous);
                previous.update(rendered);
                previous
            }
            None => Previous::of(&manifest.files),
        };
        self.existing = Existing { previous, manifest: at.map(|at| (digest, at)), incomplete: false };
        self.listing = manifest.files;
        self.listing.len()
    }
}

/// Whether every file below `dir` is one of `gone` (so the folder goes when they do).
fn holds_only(out: &Path, dir: &Path, gone: &HashSet<&str>) -> bool {
    walkdir::WalkDir::new(dir).into_iter().all(|e| {
        e.is_ok_and(|e| {
            e.file_type().is_dir()
                || e.path().strip_prefix(out).is_ok_and(|rel| gone.contains(rel.to_string_lossy().as_ref()))
        })
    })
}

/// Removes `dir` and the folders below it, all empty by now ([`holds_only`] said so and the
/// files they held are removed).
fn remove_empty_tree(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).contents_first(true).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// Two files of one build where one's path is the other's folder (an asset `legal/terms`
/// beside the page `legal/terms/index.html`). `files` is sorted by path (a manifest's), so a file `p` is also a folder exactly when the first path from `p/` on (a
/// binary search) starts with `p/`: no set of every folder of every path (hundreds of
/// thousands of entries, hashed on one thread, was 30 ms of a large build's end).
fn conflicts(files: &[Written]) -> Option<Vec<Diagnostic>> {
    let is_folder = |w: &Written| {
        let below = format!("{}/", w.path);
        let at = files.partition_point(|f| f.path.as_str() < below.as_str());
        files.get(at).is_some_and(|f| f.path.starts_with(&below))
    };
    let found: Vec<Diagnostic> = files
        .par_iter()
        .filter(|w| is_folder(w))
        .map(|w| {
            Diagnostic::error(
                Kind::OutputConflict,
                format!("the build writes {} both as a file and as a folder", w.path),
            )
            .in_file(&w.path)
            .help("rename the file or the folder in content/ or static/ that gives one of them")
        })
        .collect();
    (!found.is_empty()).then_some(found)
}

fn in_the_way(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(Kind::OutputInTheWay, format!("{what}: {}", path.display())).in_file(path).help(
        "move it out of the output folder (clause never deletes what it did not write), then build again",
    )
}

fn io_error(out: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(Kind::IoError, format!("cannot write the output {}: {e}", out.display()))
        .help("check that the folder is writable and the disk has room")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(paths: &[&str]) -> Vec<Written> {
        let mut files: Vec<Written> = paths
            .iter()
            .map(|p| Written { path: p.to_string(), sha256: Sha256::default(), bytes: 0 })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_file_that_is_also_a_folder_is_found_past_names_sorting_between() {
        // `a/b-c` and `a/b.txt` sort between `a/b` and `a/b/c` ('-' and '.' come before '/').
        let files = written(&["a/b", "a/b-c", "a/b.txt", "a/b/c", "a/bc", "z"]);
        let found = conflicts(&files).unwrap_or_default();
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("writes a/b both"), "{}", found[0].message);
        assert!(conflicts(&written(&["a/b-c", "a/b.txt", "a/bc", "a/b/c"])).is_none());
    }
}
