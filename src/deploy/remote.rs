//! `.clause-manifest.json`, the record a deploy leaves at each place: every object it put
//! there, with its SHA-256, size and headers. The next deploy compares against it instead
//! of downloading and hashing the objects. It is removed before a deploy's first change and
//! written after its last, so a record that exists describes the place exactly; one that
//! is corrupt or from a newer clause is not trusted (the place is then "unknown").

use super::headers::Headers;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The object's key below the place.
pub const MANIFEST_KEY: &str = ".clause-manifest.json";
/// The format this clause writes and reads; a higher one is from a newer clause.
pub const FORMAT: u64 = 1;

/// One object as the record holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub sha256: String,
    pub bytes: u64,
    pub content_type: String,
    pub cache_control: String,
}

impl Entry {
    pub fn new(sha256: &str, bytes: u64, headers: &Headers) -> Entry {
        Entry {
            sha256: sha256.to_string(),
            bytes,
            content_type: headers.content_type.clone(),
            cache_control: headers.cache_control.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub format: u64,
    pub generator: String,
    /// By key below the place.
    pub files: BTreeMap<String, Entry>,
}

/// What is known of a place before a deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// No record: a new place, or one whose last deploy did not finish.
    Nothing,
    /// A record this clause can read.
    Record(Record),
    /// A record that cannot be trusted, and why.
    Unknown(String),
}

impl Known {
    /// Reads the bytes of a record.
    pub fn from_bytes(bytes: &[u8]) -> Known {
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => return Known::Unknown(format!("its {MANIFEST_KEY} is corrupt ({e})")),
        };
        match value.get("format").and_then(serde_json::Value::as_u64) {
            Some(f) if f > FORMAT => {
                return Known::Unknown(format!(
                    "its {MANIFEST_KEY} is of format {f}, from a newer clause (this one reads {FORMAT})"
                ))
            }
            Some(_) => {}
            None => return Known::Unknown(format!("its {MANIFEST_KEY} has no format")),
        }
        match serde_json::from_value(value) {
            Ok(record) => Known::Record(record),
            Err(e) => Known::Unknown(format!("its {MANIFEST_KEY} is corrupt ({e})")),
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match self {
            Known::Record(r) => r.files.get(key),
            _ => None,
        }
    }
}

/// The bytes of the record of `files`.
pub fn to_bytes(files: BTreeMap<String, Entry>) -> Vec<u8> {
    let record = Record { format: FORMAT, generator: format!("clause {}", env!("CARGO_PKG_VERSION")), files };
    let mut json = serde_json::to_vec_pretty(&record).unwrap_or_default();
    json.push(b'\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_bad_ones_are_unknown() {
        let headers =
            Headers { content_type: "text/html; charset=utf-8".into(), cache_control: "no-cache".into() };
        let files = BTreeMap::from([("index.html".to_string(), Entry::new("ab", 2, &headers))]);
        let Known::Record(r) = Known::from_bytes(&to_bytes(files.clone())) else { panic!("not read back") };
        assert_eq!(r.files, files);
        assert!(matches!(Known::from_bytes(b"{not json"), Known::Unknown(why) if why.contains("corrupt")));
        let newer = br#"{"format": 9, "generator": "clause 9", "files": {}, "more": 1}"#;
        assert!(matches!(Known::from_bytes(newer), Known::Unknown(why) if why.contains("newer")));
        assert!(matches!(Known::from_bytes(br#"{"format": 1, "files": 3}"#), Known::Unknown(_)));
    }
}
