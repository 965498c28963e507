//! What a deploy of one brand would do, decided without touching the store: the brand's
//! files (from `manifest.json`) against the place's record and its listing. A file is
//! uploaded when it is new, when its bytes or headers differ from the record, or when the
//! listing lacks it or has it at another size; an object is deleted when the listing has it
//! and the build does not. Uploads are ordered assets, then pages, then the indexes that
//! name pages (sitemaps, robots.txt, feeds), so a reader never follows a link to a file
//! that is not there yet.

use super::headers::{HeaderRules, Headers};
use super::local::LocalFile;
use super::remote::{self, Entry, Known};
use std::collections::BTreeMap;

/// When a file may go up: after everything it links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Asset,
    Page,
    Index,
}

impl Tier {
    pub fn of(key: &str) -> Tier {
        let name = key.rsplit('/').next().unwrap_or(key);
        if (name.starts_with("sitemap") && name.ends_with(".xml"))
            || name == "robots.txt"
            || name.ends_with(".atom")
        {
            Tier::Index
        } else if name.ends_with(".html") {
            Tier::Page
        } else {
            Tier::Asset
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Tier::Asset => "assets",
            Tier::Page => "pages",
            Tier::Index => "indexes",
        }
    }
}

/// One file to put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Below the place.
    pub key: String,
    /// Below the output folder (where to read it).
    pub local: String,
    pub sha256: String,
    pub headers: Headers,
    pub tier: Tier,
}

/// Everything a deploy of one brand does, in order.
#[derive(Debug, Clone, Default)]
pub struct UploadPlan {
    /// Sorted by tier, then key.
    pub uploads: Vec<Upload>,
    /// Keys below the place, sorted.
    pub deletes: Vec<String>,
    pub unchanged: usize,
    /// The record to write last.
    pub record: Vec<u8>,
    /// Whether the place's record differs from `record` (or there is none to trust).
    pub record_changes: bool,
    /// Why the place's record was not trusted, when it was not.
    pub unknown: Option<String>,
}

impl UploadPlan {
    /// Whether applying it would change the place at all.
    pub fn changes_anything(&self) -> bool {
        !self.uploads.is_empty() || !self.deletes.is_empty() || self.record_changes
    }
}

/// The plan for `files` of one brand at a place whose record is `known` and whose objects
/// are `listing` (key → size). `force` uploads every file.
pub fn plan(
    files: &[LocalFile],
    rules: &HeaderRules,
    known: &Known,
    listing: &BTreeMap<String, u64>,
    force: bool,
) -> UploadPlan {
    let mut uploads = Vec::new();
    let mut entries = BTreeMap::new();
    for file in files {
        let key = file.key().to_string();
        let headers = rules.headers_for(&key);
        let entry = Entry::new(&file.sha256, file.bytes, &headers);
        let current = known.entry(&key) == Some(&entry) && listing.get(&key) == Some(&file.bytes);
        if force || !current {
            let tier = Tier::of(&key);
            uploads.push(Upload {
                key: key.clone(),
                local: file.path.clone(),
                sha256: file.sha256.clone(),
                headers,
                tier,
            });
        }
        entries.insert(key, entry);
    }
    uploads.sort_by(|a, b| (a.tier, &a.key).cmp(&(b.tier, &b.key)));
    let deletes: Vec<String> = listing
        .keys()
        .filter(|k| k.as_str() != remote::MANIFEST_KEY && !entries.contains_key(*k))
        .cloned()
        .collect();
    let record_changes = !matches!(known, Known::Record(r) if r.files == entries);
    let unknown = match known {
        Known::Unknown(why) => Some(why.clone()),
        _ => None,
    };
    let unchanged = files.len() - uploads.len();
    UploadPlan { uploads, deletes, unchanged, record: remote::to_bytes(entries), record_changes, unknown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, sha: &str, bytes: u64) -> LocalFile {
        LocalFile { path: format!("acme/{path}"), sha256: sha.into(), bytes }
    }

    fn rules() -> HeaderRules {
        HeaderRules::compile(&[], "").unwrap()
    }

    fn known_after(files: &[LocalFile]) -> (Known, BTreeMap<String, u64>) {
        let first = plan(files, &rules(), &Known::Nothing, &BTreeMap::new(), false);
        let listing = files.iter().map(|f| (f.key().to_string(), f.bytes)).collect();
        (Known::from_bytes(&first.record), listing)
    }

    #[test]
    fn a_new_place_gets_everything_in_tier_order() {
        let files = [file("sitemap.xml", "s", 1), file("en/index.html", "p", 1), file("logo.png", "a", 1)];
        let p = plan(&files, &rules(), &Known::Nothing, &BTreeMap::new(), false);
        let keys: Vec<&str> = p.uploads.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys, ["logo.png", "en/index.html", "sitemap.xml"]);
        assert!(p.record_changes);
    }

    #[test]
    fn only_changed_and_missing_files_go_up_and_leftovers_are_deleted() {
        let files = [file("a.html", "1", 1), file("b.html", "2", 1), file("c.html", "3", 1)];
        let (known, mut listing) = known_after(&files);
        let same = plan(&files, &rules(), &known, &listing, false);
        assert!(!same.changes_anything(), "{same:?}");
        listing.remove("c.html");
        listing.insert("old.html".into(), 5);
        listing.insert(remote::MANIFEST_KEY.into(), 5);
        let edited = [file("a.html", "1", 1), file("b.html", "X", 1), file("c.html", "3", 1)];
        let p = plan(&edited, &rules(), &known, &listing, false);
        let keys: Vec<&str> = p.uploads.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys, ["b.html", "c.html"]);
        assert_eq!(p.deletes, ["old.html"]);
        assert_eq!(p.unchanged, 1);
        assert_eq!(plan(&files, &rules(), &known, &listing, true).uploads.len(), 3);
    }

    #[test]
    fn an_unknown_record_uploads_everything_and_says_why() {
        let files = [file("a.html", "1", 1)];
        let listing = BTreeMap::from([("a.html".to_string(), 1)]);
        let p = plan(&files, &rules(), &Known::Unknown("corrupt".into()), &listing, false);
        assert_eq!(p.uploads.len(), 1);
        assert_eq!(p.unknown.as_deref(), Some("corrupt"));
    }
}
