//! `manifest.json`: every file of the output with its SHA-256 and size, for a CDN sync, and
//! for the next build, which reads it to know what is already there.
//!
//! Two builds of the same input must give byte-identical output (SPEC §4), so the manifest
//! holds only what the input decides: no times, no sizes of folders, nothing of the machine.
//! Whatever a build needs to trust the files on disk (their modification times) is read from
//! the disk itself, against the manifest's own modification time (see [`super::previous`]).

use crate::render::sink::{Sha256, Written};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use std::collections::HashMap;
use std::io::Write;

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
    #[cfg(test)]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut json = Vec::new();
        // Serialising plain strings and numbers into memory cannot fail.
        let _ = self.write_into(&mut json);
        json
    }

    /// The SHA-256 of [`Manifest::to_bytes`], without holding them (megabytes for tens of
    /// thousands of files): what a commit compares with the manifest on disk.
    pub fn digest(&self) -> Sha256 {
        let mut hashing = Hashing { inner: std::io::sink(), hasher: sha2::Sha256::new() };
        let _ = self.write_into(&mut hashing);
        Sha256(hashing.hasher.finalize().into())
    }

    /// Writes the same bytes as [`Manifest::to_bytes`] to `path`, through a small buffer
    /// rather than all of them in memory, and returns their SHA-256.
    pub fn write_to(&self, path: &std::path::Path) -> std::io::Result<Sha256> {
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut hashing = Hashing { inner: file, hasher: sha2::Sha256::new() };
        self.write_into(&mut hashing)?;
        hashing.inner.flush()?;
        Ok(Sha256(hashing.hasher.finalize().into()))
    }

    fn write_into(&self, out: &mut impl Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n")
    }
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: sha2::Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file as an earlier manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Listed {
    pub sha256: Sha256,
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
    sha256: Sha256,
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
            self.files.insert(w.path.clone(), Listed { sha256: w.sha256, bytes: w.bytes });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_others_do_not() {
        let ab = Sha256::of(b"ab");
        let w = |p: &str| Written { path: p.into(), sha256: ab, bytes: 2 };
        let bytes = Manifest::new(vec![w("b"), w("a")], None).to_bytes();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.ends_with("}\n"), "{text}");
        let manifest = Manifest::new(vec![w("b"), w("a")], None);
        assert_eq!(manifest.digest(), Sha256::of(&bytes), "the digest is of the bytes written");
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join(MANIFEST);
        assert_eq!(manifest.write_to(&at).unwrap(), Sha256::of(&bytes));
        assert_eq!(std::fs::read(&at).unwrap(), bytes);
        assert!(text.find("\"a\"").unwrap() < text.find("\"b\"").unwrap(), "sorted: {text}");
        let back = parse(&bytes).unwrap();
        assert_eq!(back.files["a"], Listed { sha256: ab, bytes: 2 });
        assert!(text.contains(&format!("\"sha256\": \"{}\"", ab.hex())), "hex in the file: {text}");
        assert!(parse(b"{\"name\": \"webpack\", \"files\": {}}").is_none());
        assert!(parse(b"{\"generator\": \"other\", \"files\": []}").is_none());
        assert!(parse(b"{\"generator\": \"clause\", \"files\": [").is_none());
        let newer = br#"{"generator": "clause", "next_change": null, "files": []}"#;
        assert!(parse(newer).is_some(), "fields added later are ignored");
    }
}
