//! `manifest.json`: every file of the output with its SHA-256 and size, for a CDN sync, and
//! for the next build, which reads it to know what is already there.
//!
//! Two builds of the same input must give byte-identical output (SPEC §4), so the manifest
//! holds only what the input decides: no times, no sizes of folders, nothing of the machine.
//! Whatever a build needs to trust the files on disk (their modification times) is read from
//! the disk itself, against the manifest's own modification time (see [`super::previous`]).

use crate::render::sink::Written;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The file's name at the output root.
pub const MANIFEST: &str = "manifest.json";

/// What `manifest.json` says. Built in one place, [`Manifest::new`], and turned into bytes
/// in one place, [`Manifest::to_bytes`]: a new field is one line in each.
#[derive(Debug, Serialize)]
pub struct Manifest {
    pub generator: &'static str,
    /// The date a version's role changes next (SPEC §6), so a CI schedule can rebuild then.
    pub next_change: Option<String>,
    /// Sorted by path.
    pub files: Vec<Written>,
}

impl Manifest {
    pub fn new(mut files: Vec<Written>, next_change: Option<String>) -> Manifest {
        // In parallel: tens of thousands of paths, while nothing else runs (no two are equal).
        rayon::slice::ParallelSliceMut::par_sort_unstable(files.as_mut_slice());
        Manifest { generator: "clause", next_change, files }
    }

    /// The file's bytes: pretty JSON and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        // About 190 bytes an entry (the path, the hash, the size and the indentation): one
        // allocation for a manifest of thousands of files, not a doubling series of copies.
        let mut json = Vec::with_capacity(256 + self.files.iter().map(|w| w.path.len() + 150).sum::<usize>());
        // Serialising plain strings and numbers into memory cannot fail.
        if serde_json::to_writer_pretty(&mut json, self).is_err() {
            json.clear();
        }
        json.push(b'\n');
        json
    }

    /// Writes the same bytes as [`Manifest::to_bytes`] to `path`, through a small buffer
    /// rather than all of them in memory (megabytes for tens of thousands of files).
    pub fn write_to(&self, path: &std::path::Path) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// A file as an earlier manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Listed {
    pub sha256: String,
    pub bytes: u64,
}

/// An earlier `manifest.json`, read back: its files by path. Fields added since are ignored.
#[derive(Debug, Default)]
pub struct Previous {
    pub files: HashMap<String, Listed>,
}

#[derive(Deserialize)]
struct OnDisk {
    generator: String,
    files: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    path: String,
    sha256: String,
    bytes: u64,
}

/// Reads a manifest clause wrote; `None` when `bytes` are not one (another tool's
/// `manifest.json`, or a damaged file).
pub fn parse(bytes: &[u8]) -> Option<Previous> {
    let on_disk: OnDisk = serde_json::from_slice(bytes).ok()?;
    if on_disk.generator != "clause" {
        return None;
    }
    let files =
        on_disk.files.into_iter().map(|e| (e.path, Listed { sha256: e.sha256, bytes: e.bytes })).collect();
    Some(Previous { files })
}

impl Previous {
    /// The files a manifest of `written` lists.
    pub fn of(written: &[Written]) -> Previous {
        let mut previous = Previous::default();
        previous.update(written);
        previous
    }

    /// Records `written` over what is listed (the other entries are kept).
    pub fn update(&mut self, written: &[Written]) {
        for w in written {
            self.files.insert(w.path.clone(), Listed { sha256: w.sha256.clone(), bytes: w.bytes });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_others_do_not() {
        let w = |p: &str| Written { path: p.into(), sha256: "ab".into(), bytes: 2 };
        let bytes = Manifest::new(vec![w("b"), w("a")], None).to_bytes();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.find("\"a\"").unwrap() < text.find("\"b\"").unwrap(), "sorted: {text}");
        let back = parse(&bytes).unwrap();
        assert_eq!(back.files["a"], Listed { sha256: "ab".into(), bytes: 2 });
        assert!(parse(b"{\"name\": \"webpack\", \"files\": {}}").is_none());
        assert!(parse(b"{\"generator\": \"other\", \"files\": []}").is_none());
        assert!(parse(b"{\"generator\": \"clause\", \"files\": [").is_none());
        let newer = br#"{"generator": "clause", "next_change": null, "files": []}"#;
        assert!(parse(newer).is_some(), "fields added later are ignored");
    }
}
