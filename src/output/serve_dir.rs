//! The folder `serve` renders into and serves from: in memory where there is a place for it,
//! named after the process, and removed when `serve` stops, whether by Ctrl-C, `kill` (SIGTERM)
//! or a closed terminal (SIGHUP). A `serve` killed outright (SIGKILL, a crash) cannot remove
//! its folder, so every `serve` first removes the folders of `serve`s that are no longer
//! running: in `/dev/shm` a forgotten folder is memory taken until the next reboot.

use std::path::Path;

/// How the folders begin: `clause-serve-<pid>-<random>`.
const PREFIX: &str = "clause-serve-";

/// A new folder to serve from: in memory (`/dev/shm`) where there is one, as Hugo's server
/// renders into memory, unless `TMPDIR` names a place (or `/dev/shm` refuses). A save then
/// costs no disk writes: on ext4 each file replaced by a rename costs a block allocation,
/// 0.15 ms or more, and a save replaces one page per brand.
pub fn create() -> std::io::Result<tempfile::TempDir> {
    let prefix = format!("{PREFIX}{}-", std::process::id());
    let builder = || {
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix);
        b
    };
    let shm = Path::new("/dev/shm");
    if std::env::var_os("TMPDIR").is_none() && shm.is_dir() {
        remove_abandoned(shm);
        if let Ok(dir) = builder().tempdir_in(shm) {
            return Ok(dir);
        }
    }
    remove_abandoned(&std::env::temp_dir());
    builder().tempdir()
}

/// Removes the folders in `parent` of `serve`s no longer running. Only names of the form
/// `clause-serve-<pid>-…` are looked at (and `.clause-serve-<pid>-….clause-staging-…`, the
/// staging folder of a first build that a signal stopped before its commit), and only where `/proc` says which processes run:
/// a folder whose process cannot be told dead is left alone.
fn remove_abandoned(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if owner(&name).is_some_and(is_gone) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The process id in a folder name `clause-serve-<pid>-<random>`, or in the name of its
/// staging folder, `.clause-serve-<pid>-<random>.clause-staging-<random>`.
fn owner(name: &str) -> Option<u32> {
    let name = match name.strip_prefix('.') {
        Some(staging) if staging.contains(".clause-staging-") => staging,
        Some(_) => return None,
        None => name,
    };
    let (pid, rest) = name.strip_prefix(PREFIX)?.split_once('-')?;
    (!rest.is_empty()).then_some(())?;
    pid.parse().ok()
}

/// Whether process `pid` is known not to run (never true without a `/proc` to ask).
fn is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Resolves on Ctrl-C, SIGTERM or SIGHUP: each stops `serve` the same way, its folder removed.
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup()))
        else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_clauses_own_folders_of_dead_processes_are_removed() {
        assert_eq!(owner("clause-serve-123-AbC9"), Some(123));
        assert_eq!(owner("clause-serve-AbC9"), None, "an older clause's folder: no pid to ask");
        assert_eq!(owner("clause-serve-123-"), None);
        assert_eq!(owner("other-123-AbC9"), None);
        assert_eq!(owner(".clause-serve-123-AbC9.clause-staging-x1"), Some(123));
        assert_eq!(owner(".clause-serve-123-AbC9"), None, "a hidden folder that is no staging folder");
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(format!("clause-serve-{}-x", u32::MAX - 1));
        let alive = dir.path().join(format!("clause-serve-{}-x", std::process::id()));
        let other = dir.path().join("clause-serve-notes");
        for d in [&dead, &alive, &other] {
            std::fs::create_dir(d).unwrap();
        }
        remove_abandoned(dir.path());
        assert!(!dead.exists());
        assert!(alive.exists() && other.exists());
    }
}
