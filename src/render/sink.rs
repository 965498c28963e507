//! Where rendered files go: the [`Sink`] a run renders into, and the [`Written`] record of
//! each file for the manifest. The output stage implements it (the one writer of `build` and
//! `serve`), so rendering never depends on how files are stored.

use serde::Serialize;
use std::io;

/// A file written by the build: its path below the output folder and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Written {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// Where rendered files go.
pub trait Sink: Sync {
    /// Stores `bytes` at `path` (with `/` separators) below the output root.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<Written>;

    /// Stores each `(path, bytes)` of `files`; a sink may hash them together.
    fn put_many(&self, files: &[(&str, &[u8])]) -> Vec<io::Result<Written>> {
        files.iter().map(|(path, bytes)| self.put(path, bytes)).collect()
    }
}
