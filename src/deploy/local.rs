//! The output `build` wrote, as `deploy` trusts it: `manifest.json` read, grouped by brand,
//! and checked against the files on disk (size and SHA-256 of each, and no file the
//! manifest does not name). An output that does not match (a build killed part way, a file
//! edited by hand, an `.clause-incomplete` marker) is refused before any store is reached.

use crate::diag::{Diagnostic, Kind};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The marker `build` leaves at the output root while it writes (and after it was killed).
pub const INCOMPLETE_MARKER: &str = ".clause-incomplete";
const MANIFEST: &str = "manifest.json";
/// At most this many mismatched files are named; the rest are counted.
const NAMED: usize = 10;

/// One file of a brand, as `manifest.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalFile {
    /// Below the output folder, `/`-separated, starting with the brand's id.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

impl LocalFile {
    /// The path inside the brand's folder (the object's key below its place).
    pub fn key(&self) -> &str {
        self.path.split_once('/').map_or("", |(_, rest)| rest)
    }
}

#[derive(Deserialize)]
struct Manifest {
    files: Vec<LocalFile>,
}

/// An output folder and its files, by brand.
#[derive(Debug, Clone)]
pub struct Output {
    pub dir: PathBuf,
    pub brands: BTreeMap<String, Vec<LocalFile>>,
}

impl Output {
    /// Reads `<dir>/manifest.json`; refuses an incomplete output and unsafe paths.
    pub fn read(dir: &Path) -> Result<Output, Diagnostic> {
        let shown = dir.join(MANIFEST);
        if dir.join(INCOMPLETE_MARKER).exists() {
            return Err(refused(format!(
                "{} holds {INCOMPLETE_MARKER}: the build that wrote it did not finish",
                dir.display()
            )));
        }
        let bytes = std::fs::read(&shown).map_err(|e| {
            Diagnostic::error(Kind::OutputMismatch, format!("cannot read {}: {e}", shown.display()))
                .help("run `clause build` first (or name its output with --out)")
        })?;
        let manifest: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| refused(format!("{} is not a clause manifest: {e}", shown.display())))?;
        let mut brands: BTreeMap<String, Vec<LocalFile>> = BTreeMap::new();
        for file in manifest.files {
            if !is_safe(&file.path) {
                return Err(refused(format!(
                    "manifest.json names `{}`, which is not a path inside the output",
                    file.path
                )));
            }
            if let Some((brand, _)) = file.path.split_once('/') {
                brands.entry(brand.to_string()).or_default().push(file);
            }
        }
        Ok(Output { dir: dir.to_path_buf(), brands })
    }

    /// Every way the files of `brand` on disk differ from the manifest, as one error (or none).
    pub fn verify(&self, brand: &str) -> Option<Diagnostic> {
        let files = self.brands.get(brand).map_or(&[][..], Vec::as_slice);
        let mut problems: Vec<String> = files.par_iter().filter_map(|f| self.mismatch(f)).collect();
        problems.extend(self.unlisted(brand, files));
        if problems.is_empty() {
            return None;
        }
        problems.sort();
        let mut message =
            format!("the output of brand `{brand}` does not match manifest.json ({} files):", problems.len());
        for p in problems.iter().take(NAMED) {
            message.push_str(&format!("\n    {p}"));
        }
        if problems.len() > NAMED {
            message.push_str(&format!("\n    … and {} more", problems.len() - NAMED));
        }
        Some(refused(message).brand(brand))
    }

    /// Why `file` on disk is not what the manifest says, if it is not.
    fn mismatch(&self, file: &LocalFile) -> Option<String> {
        let bytes = match std::fs::read(self.dir.join(&file.path)) {
            Ok(b) => b,
            Err(e) => return Some(format!("{}: cannot be read ({e})", file.path)),
        };
        if bytes.len() as u64 != file.bytes {
            return Some(format!("{}: {} bytes, manifest.json says {}", file.path, bytes.len(), file.bytes));
        }
        (crate::output::digest::sha256_hex(&bytes) != file.sha256)
            .then(|| format!("{}: its SHA-256 is not the manifest's", file.path))
    }

    /// Files in the brand's folder that the manifest does not list.
    fn unlisted(&self, brand: &str, files: &[LocalFile]) -> Vec<String> {
        let listed: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        walkdir::WalkDir::new(self.dir.join(brand))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(&self.dir).ok()?.to_string_lossy().replace('\\', "/");
                (!listed.contains(rel.as_str())).then(|| format!("{rel}: not in manifest.json"))
            })
            .collect()
    }
}

/// A relative path of plain segments (no `.`, `..`, empty segment, backslash or NUL).
fn is_safe(path: &str) -> bool {
    !path.contains(['\\', '\0']) && path.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

fn refused(message: String) -> Diagnostic {
    Diagnostic::error(Kind::OutputMismatch, message)
        .help("run `clause build` again and deploy what it wrote; nothing was uploaded or deleted")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_are_unsafe() {
        assert!(is_safe("acme/en/index.html"));
        for bad in ["../x", "acme/../../x", "/etc/passwd", "acme//x", "acme\\x", "acme/./x"] {
            assert!(!is_safe(bad), "{bad}");
        }
    }
}
