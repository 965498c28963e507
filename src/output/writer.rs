//! The one writer of `build` and `serve`. Rendering puts every file into it ([`Sink`]); it
//! writes only what is not already on disk, and nothing in place: until [`Writer::commit`],
//! which runs only when every file rendered, the output is as it was.
//!
//! - Into a new (or empty) folder: files go into a staging folder beside it, renamed into
//!   place whole at the commit.
//! - Over an earlier output: a file whose bytes are already there (by the manifest, its size
//!   and modification time, or read when it is newer than the manifest) is left untouched;
//!   any other is written to a temporary file beside its target (`.clause-tmp-<n>`), renamed
//!   over it at the commit. Before the first temporary file, the incomplete marker is
//!   written at the output root, so a build killed from then on is seen by the next one.

use crate::diag::Diagnostic;
use crate::output::digest;
use crate::output::interrupt::{self, Journal};
use crate::output::previous::{self, Existing, Found, MARKER, TEMP_PREFIX};
use crate::output::staging;
use crate::render::sink::{Sha256, Sink, Written};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// What the incomplete marker says to whoever opens it.
pub const MARKER_TEXT: &str =
    "A clause build was changing this folder and did not finish. Run `clause build` to repair it.\n";

/// An output folder being written.
pub struct Writer {
    pub(super) out: PathBuf,
    /// `Some` while the output is new: its staging folder, made on the first file.
    pub(super) new: Option<Mutex<Option<PathBuf>>>,
    /// What is there already.
    pub(super) existing: Existing,
    pub(super) journal: Arc<Journal>,
    counter: AtomicU64,
    /// The marker is on disk (written by this build, or left by an earlier one).
    marked: AtomicBool,
    /// Folders known to be real folders (not links) below the output.
    pub(super) dirs_ok: Mutex<HashSet<PathBuf>>,
    /// Folders made in the staging folder of a new output.
    pub(super) made: staging::Made,
    /// The date a version's role changes next, for the manifest (SPEC §6).
    pub next_change: Option<String>,
    /// The files of this writer's last commit, sorted by path: what a partial commit
    /// (`serve` after a save) updates in place rather than merging the whole manifest again.
    pub(super) listing: Vec<crate::render::sink::Written>,
    /// No commit follows the next one (`build`): it then keeps no record of the output (the
    /// manifest's entries and bytes, tens of megabytes for a large site) for a next one.
    pub last: bool,
}

impl Writer {
    /// Opens `out` for writing: looks at what is there (refusing a folder clause did not
    /// build) and removes what killed builds left. Nothing else is changed.
    pub fn open(out: &Path) -> Result<Writer, Diagnostic> {
        let found = previous::inspect(out)?;
        previous::clean_leftovers(out, &found);
        let (new, existing) = match found {
            Found::New => (Some(Mutex::new(None)), Existing::default()),
            Found::Output(existing) => (None, existing),
        };
        let marked = AtomicBool::new(existing.incomplete);
        Ok(Writer {
            out: out.to_path_buf(),
            new,
            existing,
            journal: Arc::default(),
            counter: AtomicU64::new(0),
            marked,
            dirs_ok: Mutex::default(),
            made: staging::Made::default(),
            next_change: None,
            listing: Vec::new(),
            last: false,
        })
    }

    /// The record of what this writer put on disk, for Ctrl-C.
    pub fn journal(&self) -> &Arc<Journal> {
        &self.journal
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    fn store(&self, path: &str, bytes: &[u8], sha256: &Sha256) -> io::Result<()> {
        let wrote = match &self.new {
            Some(staging) => self.store_new(staging, path, bytes).map(|()| true)?,
            None => self.store_over(path, bytes, sha256)?,
        };
        if wrote {
            interrupt::signal_point(&self.journal, "render", false);
        }
        Ok(())
    }

    /// Into the staging folder of a new output, under the file's own name.
    fn store_new(&self, staging: &Mutex<Option<PathBuf>>, path: &str, bytes: &[u8]) -> io::Result<()> {
        let dir = {
            let _gate = self.journal.enter()?;
            let mut staging = staging.lock().unwrap_or_else(PoisonError::into_inner);
            if staging.is_none() {
                let dir = staging::new_beside(&self.out)?;
                self.journal.undo().staging = Some(dir.clone());
                *staging = Some(dir);
            }
            staging.clone().unwrap_or_default()
        };
        let _gate = self.journal.enter()?;
        self.made.folders_of(&dir, path)?;
        let full = dir.join(path);
        match std::fs::write(&full, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                staging::Made::again(&full)?;
                std::fs::write(&full, bytes)
            }
            written => written,
        }
    }

    /// Over an earlier output: nothing when the file is there already, else a temporary
    /// file beside it (at the output root when a file is where its folder should be).
    /// Returns whether it wrote one.
    fn store_over(&self, path: &str, bytes: &[u8], sha256: &Sha256) -> io::Result<bool> {
        let target = self.out.join(path);
        if self.existing.holds(&target, path, bytes, sha256) {
            return Ok(false);
        }
        let _gate = self.journal.enter()?;
        self.mark()?;
        let dir = target.parent().unwrap_or(&self.out);
        let beside = self.real_dir(dir, true)?;
        let temp = self.temp_in(if beside { dir } else { &self.out });
        self.journal.undo().temps.push((temp.clone(), path.to_string()));
        std::fs::write(&temp, bytes).map(|()| true)
    }

    /// A new temporary file's path in `dir`.
    pub(super) fn temp_in(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{TEMP_PREFIX}{}", self.counter.fetch_add(1, Ordering::Relaxed)))
    }

    /// Writes the incomplete marker, once, before the first change.
    pub(super) fn mark(&self) -> io::Result<()> {
        if self.marked.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut undo = self.journal.undo();
        if !self.marked.load(Ordering::Acquire) {
            let marker = self.out.join(MARKER);
            std::fs::write(&marker, MARKER_TEXT)?;
            undo.marker = Some(marker);
            self.marked.store(true, Ordering::Release);
        }
        Ok(())
    }

    /// After a commit or a discard: the marker is gone (or, after a failed commit, kept).
    pub(super) fn set_marked(&self, on_disk: bool) {
        self.marked.store(on_disk, Ordering::Release);
    }

    /// Whether `dir` is a real folder below the output (no link on the way), making it and
    /// the folders above it when `make` and they are missing; `false` when a file or a link
    /// is in the way. Folders made are recorded, to be removed if the build does not finish.
    pub(super) fn real_dir(&self, dir: &Path, make: bool) -> io::Result<bool> {
        if dir == self.out || self.dirs_ok.lock().unwrap_or_else(PoisonError::into_inner).contains(dir) {
            return Ok(true);
        }
        let Some(parent) = dir.parent().filter(|p| p.starts_with(&self.out)) else { return Ok(false) };
        if !self.real_dir(parent, make)? {
            return Ok(false);
        }
        match std::fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::NotFound && make => self.make_dir(dir)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        }
        self.dirs_ok.lock().unwrap_or_else(PoisonError::into_inner).insert(dir.to_path_buf());
        Ok(true)
    }

    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        match std::fs::create_dir(dir) {
            Ok(()) => {
                self.journal.undo().dirs.push(dir.to_path_buf());
                Ok(())
            }
            // Another thread made it a moment ago.
            Err(e)
                if e.kind() == io::ErrorKind::AlreadyExists && std::fs::symlink_metadata(dir)?.is_dir() =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

impl Sink for Writer {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written> {
        let sha256 = Sha256::of(bytes);
        self.store(path, bytes, &sha256)?;
        Ok(Written { path: path.to_string(), sha256, bytes: bytes.len() as u64 })
    }

    fn put_many(&self, files: &[(&str, &[u8])]) -> Vec<io::Result<Written>> {
        let bytes: Vec<&[u8]> = files.iter().map(|(_, b)| *b).collect();
        let hashes = digest::sha256_many(&bytes);
        files
            .iter()
            .zip(hashes)
            .map(|((path, bytes), sha256)| {
                self.store(path, bytes, &sha256)?;
                Ok(Written { path: path.to_string(), sha256, bytes: bytes.len() as u64 })
            })
            .collect()
    }
}
