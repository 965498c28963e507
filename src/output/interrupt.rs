//! Ctrl-C (or SIGTERM) during a build. Until the commit, everything a build has put on disk is
//! its own (temporary files beside their targets, the folders made for them, the incomplete
//! marker, a staging folder): the [`Journal`] lists it, and on a signal it is all taken away,
//! so the output is as it was. The commit holds the journal's gate from before it takes those
//! files out of the journal until they are the output (it is renames, a few milliseconds), so
//! a signal finds every file of the build either still listed or committed, never in between:
//! an interrupted build never leaves a half-committed output behind, nor files no one removes.
//!
//! SIGKILL cannot be caught: what a killed build leaves is recognised by name and cleaned up by
//! the next build ([`super::previous`]).

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// What a build has put on disk that is not part of the output yet.
#[derive(Debug, Default)]
pub struct Undo {
    /// Temporary files, each with the path below the output it is for.
    pub temps: Vec<(PathBuf, String)>,
    /// Folders made for them, in the order they were made.
    pub dirs: Vec<PathBuf>,
    /// The incomplete marker, when this build wrote it (not one an earlier build left).
    pub marker: Option<PathBuf>,
    /// The staging folder of a build into a new folder.
    pub staging: Option<PathBuf>,
}

impl Undo {
    /// Removes all of it, newest first.
    pub fn apply(self) {
        for (temp, _) in &self.temps {
            let _ = std::fs::remove_file(temp);
        }
        for dir in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
        if let Some(marker) = &self.marker {
            let _ = std::fs::remove_file(marker);
        }
        if let Some(staging) = &self.staging {
            let _ = std::fs::remove_dir_all(staging);
        }
    }
}

/// What the output is when a signal has been handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Left {
    /// As it was before the build: what the build put on disk is taken away.
    AsItWas,
    /// This build's output: its commit had begun, and finished first.
    Written,
    /// Part changed: a commit failed part way; the marker tells the next build to repair it.
    Incomplete,
}

impl Left {
    /// What the interrupted command says on its way out.
    pub fn message(self) -> &'static str {
        match self {
            Left::AsItWas => "interrupted: the output folder was left as it was",
            Left::Written => "interrupted after the output was written",
            Left::Incomplete => {
                "interrupted: the output is incomplete (it holds .clause-incomplete): build again to repair it"
            }
        }
    }
}

/// One writer's record of what it put on disk, and the gate that keeps a signal from
/// arriving between creating a file and recording it.
#[derive(Debug, Default)]
pub struct Journal {
    /// Held shared by every file being written and by the commit; a signal takes it alone.
    gate: RwLock<()>,
    undo: Mutex<Undo>,
    cancelled: AtomicBool,
    /// A [`Left`]: what the output is, should a signal come now.
    left: AtomicU8,
    /// A signal has reached [`Journal::cancel`] (which may still wait for the gate).
    signalled: AtomicBool,
}

impl Journal {
    /// Permission to put a file on disk: refused once a signal has come.
    pub fn enter(&self) -> io::Result<RwLockReadGuard<'_, ()>> {
        let guard = self.gate.read().unwrap_or_else(PoisonError::into_inner);
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "the build was interrupted"));
        }
        Ok(guard)
    }

    pub fn undo(&self) -> MutexGuard<'_, Undo> {
        self.undo.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Everything recorded so far, now the caller's to commit or remove.
    pub fn take(&self) -> Undo {
        std::mem::take(&mut *self.undo())
    }

    /// What the output is from now on, should a signal come: set by the commit.
    pub fn set_left(&self, left: Left) {
        self.left.store(left as u8, Ordering::Relaxed);
    }

    fn left(&self) -> Left {
        match self.left.load(Ordering::Relaxed) {
            1 => Left::Written,
            2 => Left::Incomplete,
            _ => Left::AsItWas,
        }
    }

    /// On a signal: waits for files being written and for a commit under way, then removes
    /// what is not part of the output. The gate stays closed for as long as the returned
    /// guard lives: a handler that ends the process keeps it, so that no thread writes, or
    /// reports the refusal as a build error, before the process has ended.
    pub fn cancel(&self) -> (RwLockWriteGuard<'_, ()>, Left) {
        self.signalled.store(true, Ordering::SeqCst);
        let alone = self.gate.write().unwrap_or_else(PoisonError::into_inner);
        self.cancelled.store(true, Ordering::Relaxed);
        self.take().apply();
        (alone, self.left())
    }

    /// When a signal has come, its handler is ending the process: the calling thread stands
    /// still, so that nothing it would do next (report a success, or an error) competes with
    /// the handler's exit.
    pub fn stand_aside(&self) {
        while self.signalled.load(Ordering::SeqCst) {
            std::thread::park();
        }
    }
}

/// Test seam, in debug builds only (release builds compile it to nothing): when the
/// environment variable `CLAUSE_TEST_SIGNAL_AT` names `stage`, a build that reaches it prints
/// `clause-test: at <stage>` on stderr and stands still until a signal has reached
/// [`Journal::cancel`], so that a test can deliver Ctrl-C at exactly that moment on a machine
/// of any speed. `holding_gate`: the caller holds the gate, so the signal cannot be handled
/// before it goes on; else it stands aside and the handler ends the process. The stages:
/// `render` (the build has written a file: a temporary one, or into its staging folder) and
/// `commit` (the commit holds the build's files).
#[cfg(debug_assertions)]
pub fn signal_point(journal: &Journal, stage: &str, holding_gate: bool) {
    static AT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    static SAID: AtomicBool = AtomicBool::new(false);
    if AT.get_or_init(|| std::env::var("CLAUSE_TEST_SIGNAL_AT").ok()).as_deref() != Some(stage) {
        return;
    }
    if !SAID.swap(true, Ordering::SeqCst) {
        eprintln!("clause-test: at {stage}");
    }
    while !journal.signalled.load(Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    if !holding_gate {
        journal.stand_aside();
    }
}

/// Release builds: the test seam is not there.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn signal_point(_: &Journal, _: &str, _: bool) {}

/// The journal of the build in progress.
static ACTIVE: Mutex<Option<Arc<Journal>>> = Mutex::new(None);

/// Makes `journal` the one a signal undoes.
pub fn watch(journal: &Arc<Journal>) {
    *ACTIVE.lock().unwrap_or_else(PoisonError::into_inner) = Some(journal.clone());
}

/// On Ctrl-C (or SIGTERM): undoes the build in progress and exits with 130.
pub fn undo_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        let journal = ACTIVE.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let cancelled = journal.as_deref().map(Journal::cancel);
        eprintln!("{}", cancelled.as_ref().map_or(Left::AsItWas, |(_, left)| *left).message());
        std::process::exit(130);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_journal_removes_what_it_recorded_and_refuses_more() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::default();
        let sub = dir.path().join("new");
        std::fs::create_dir(&sub).unwrap();
        let temp = sub.join(".clause-tmp-0");
        std::fs::write(&temp, b"x").unwrap();
        journal.undo().dirs.push(sub.clone());
        journal.undo().temps.push((temp, "new/a".into()));
        assert!(journal.enter().is_ok());
        let (gate, left) = journal.cancel();
        assert_eq!(left, Left::AsItWas);
        assert!(!sub.exists());
        drop(gate);
        assert!(journal.enter().is_err());
    }

    #[test]
    fn a_signal_waits_for_whoever_holds_the_gate_and_finds_what_it_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Arc::new(Journal::default());
        let held = journal.enter().unwrap();
        let signal = std::thread::spawn({
            let journal = journal.clone();
            move || journal.cancel().1
        });
        while !journal.signalled.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        // Recorded after the signal came, before the gate is let go: files and state alike are
        // what the signal finds.
        let temp = dir.path().join(".clause-tmp-0");
        std::fs::write(&temp, b"x").unwrap();
        journal.undo().temps.push((temp.clone(), "a".into()));
        journal.set_left(Left::Written);
        drop(held);
        assert_eq!(signal.join().unwrap(), Left::Written);
        assert!(!temp.exists());
    }
}
