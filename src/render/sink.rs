//! Where rendered files go: the [`Sink`] a run renders into, and the [`Written`] record of
//! each file for the manifest. The output stage implements it (the one writer of `build` and
//! `serve`), so rendering never depends on how files are stored.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Digest as _;
use std::fmt;
use std::io;

/// A file written by the build: its path below the output folder and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Written {
    pub path: String,
    pub sha256: Sha256,
    pub bytes: u64,
}

/// A SHA-256, held as its 32 bytes and written as 64 lowercase hex digits. A build holds one
/// for every file it wrote until the manifest is written (tens of thousands): as bytes that
/// is 32 bytes each, where a hex `String` was 88 and an allocation.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256 {
        Sha256(sha2::Sha256::digest(bytes).into())
    }

    /// The digest written in `hex` (either case), or `None` when it is not 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<Sha256> {
        let mut digest = [0u8; 32];
        hex::decode_to_slice(hex, &mut digest).ok().map(|()| Sha256(digest))
    }

    /// Lowercase hex, as `manifest.json` and `versions.json` write it.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; 64];
        // 32 bytes always fit 64 hex digits, which are ASCII.
        hex::encode_to_slice(self.0, &mut text).map_err(|_| fmt::Error)?;
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({self})")
    }
}

impl Serialize for Sha256 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read leniently: a manifest whose hash someone spoilt is still clause's, and its file is
/// then rewritten, since all zeros match no file's bytes.
impl<'de> Deserialize<'de> for Sha256 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hex = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Ok(Sha256::from_hex(&hex).unwrap_or_default())
    }
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
