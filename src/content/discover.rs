//! Discovery: what is in `content/`, walked in sorted order so every run sees the same site.
//!
//! A folder directly under `content/` is a locale (its name must be a BCP 47 tag). Below it,
//! `*.md` files are documents, `_index.md` files describe sections and the locale home,
//! `<doc>.<brand>.md` replaces `<doc>.md` for one brand, `<doc>@<YYYY-MM-DD>.md` (and
//! `<doc>@<date>.<brand>.md`) is another version of `<doc>` (SPEC §6), and every other file is
//! an asset copied beside the pages.

use crate::config::locale;
use crate::content::frontmatter::Date;
use crate::diag::{relative, Diagnostic, Kind, Pos};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A Markdown file found in `content/<locale>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub locale: String,
    /// Path below the locale folder without `.md` and brand suffix: `agreement/privacy-policy`,
    /// `agreement/_index`, or `_index` for the locale home.
    pub key: String,
    /// `Some(id)` for an override file `<doc>.<id>.md`.
    pub brand: Option<String>,
    /// `Some(date)` for a version file `<doc>@<date>.md`: the date in its name.
    pub version: Option<Date>,
    /// Relative to the site root, for messages: `content/en/agreement/privacy-policy.md`.
    pub rel: PathBuf,
    pub abs: PathBuf,
}

impl SourceFile {
    pub fn is_index(&self) -> bool {
        self.key == "_index" || self.key.ends_with("/_index")
    }

    /// The folder of the file below its locale folder (`agreement`, or `` at the top).
    pub fn dir(&self) -> &str {
        parent_of(&self.key)
    }
}

/// A non-Markdown file found in `content/<locale>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub locale: String,
    /// Path below the locale folder: `agreement/figure.png`.
    pub path: String,
    pub abs: PathBuf,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Sorted.
    pub locales: Vec<String>,
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Walks `<root>/content`. `brands` are the configured brand ids, to recognise override files.
pub fn discover(root: &Path, brands: &BTreeSet<String>) -> (Inventory, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut inv = Inventory::default();
    let mut errors = Vec::new();
    let walker = WalkDir::new(&content).min_depth(1).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| relative(root, p)).unwrap_or_else(|| "content".into());
                errors
                    .push(Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {e}")).in_file(path));
                continue;
            }
        };
        classify(root, &content, entry, brands, &mut inv, &mut errors);
    }
    (inv, errors)
}

/// Files the walk found, and the problems with them.
struct Found<'a> {
    root: &'a Path,
    brands: &'a BTreeSet<String>,
    inv: &'a mut Inventory,
    errors: &'a mut Vec<Diagnostic>,
}

fn classify(
    root: &Path,
    content: &Path,
    entry: walkdir::DirEntry,
    brands: &BTreeSet<String>,
    inv: &mut Inventory,
    errors: &mut Vec<Diagnostic>,
) {
    let rel = relative(root, entry.path());
    if let Some(problem) = entry.path_is_symlink().then(|| symlink_problem(entry.path())).flatten() {
        errors.push(
            Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {problem}"))
                .in_file(rel)
                .help("a link inside content/ must lead to a file; replace it with the file itself"),
        );
        return;
    }
    let Ok(below) = entry.path().strip_prefix(content) else {
        return;
    };
    let parts: Vec<String> =
        below.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let mut found = Found { root, brands, inv, errors };
    match (parts.len(), entry.file_type().is_dir()) {
        (1, true) => found.locale_folder(&parts[0], rel),
        (1, false) => found.errors.push(
            Diagnostic::error(Kind::OutsideLocale, "a file directly in content/ belongs to no locale")
                .in_file(rel)
                .help("move it into a locale folder such as content/en/"),
        ),
        (_, false) if locale::is_valid_tag(&parts[0]) => found.file(&parts[0], &parts[1..].join("/"), &entry),
        _ => {}
    }
}

impl Found<'_> {
    /// A folder directly under `content/`: a locale, if its name is a language tag.
    fn locale_folder(&mut self, name: &str, rel: PathBuf) {
        if locale::is_valid_tag(name) {
            self.inv.locales.push(name.to_string());
            return;
        }
        self.errors.push(
            Diagnostic::error(
                Kind::InvalidLocale,
                format!("content/{name}/ is not a locale: `{name}` is not a BCP 47 language tag"),
            )
            .in_file(rel)
            .help("name locale folders by their language tag: en, zh-CN, pt-BR, ar"),
        );
    }

    /// A file in a locale folder: a document, a brand's override, or an asset.
    fn file(&mut self, locale: &str, path: &str, entry: &walkdir::DirEntry) {
        let (locale, abs, rel) =
            (locale.to_string(), entry.path().to_path_buf(), relative(self.root, entry.path()));
        let Some(stem) = path.strip_suffix(".md") else {
            self.inv.assets.push(Asset { locale, path: path.to_string(), abs });
            return;
        };
        let (key, brand) = split_brand(stem, self.brands);
        if brand.is_none() && looks_like_override(stem) {
            let suffix = stem.rsplit_once('.').map_or("", |(_, b)| b);
            self.errors.push(
                Diagnostic::error(Kind::UnknownBrand, format!("`{suffix}` in this file name is not a brand in site.toml{}", crate::diag::did_you_mean(suffix, self.brands.iter().map(String::as_str))))
                    .in_file(rel)
                    .help("an override is named <doc>.<brand>.md after a [brands.<brand>] table; add the brand or rename the file"),
            );
            return;
        }
        let Some((key, version)) = self.version_of(&key, &rel) else {
            return;
        };
        self.inv.files.push(SourceFile { locale, key, brand, version, rel, abs });
    }

    /// `privacy@2023-01-01` → (`privacy`, the date); an `@` whose date is not a real date is
    /// an error (and the file is left out).
    fn version_of(&mut self, key: &str, rel: &Path) -> Option<(String, Option<Date>)> {
        let name = key.rsplit('/').next().unwrap_or(key);
        let Some((doc, date)) = name.rsplit_once('@') else {
            return Some((key.to_string(), None));
        };
        match Date::parse(date).filter(|_| date.len() == 10 && !doc.is_empty()) {
            Some(d) => Some((format!("{}{doc}", &key[..key.len() - name.len()]), Some(d))),
            None => {
                self.errors.push(
                    Diagnostic::error(Kind::InvalidVersionDate, format!("`{date}` in this file name is not a real date"))
                        .in_file(rel.to_path_buf())
                        .at(Pos::new(1, 1))
                        .help("name a version <doc>@YYYY-MM-DD.md with the date it takes effect, such as privacy-policy@2024-03-01.md"),
                );
                None
            }
        }
    }
}

/// Why a symbolic link cannot stand for a file: it loops, leads nowhere or to a folder
/// (folders behind links are not followed, so a loop of folders cannot hang the walk).
fn symlink_problem(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Err(e) => Some(format!("the symbolic link cannot be followed ({e})")),
        Ok(m) if m.is_dir() => Some("the symbolic link leads to a folder, which is not followed".into()),
        Ok(_) => None,
    }
}

/// `privacy.acme` → (`privacy`, Some(`acme`)) when `acme` is a brand.
fn split_brand(stem: &str, brands: &BTreeSet<String>) -> (String, Option<String>) {
    if let Some((doc, suffix)) = stem.rsplit_once('.') {
        if brands.contains(suffix) && !doc.ends_with('/') && !doc.is_empty() {
            return (doc.to_string(), Some(suffix.to_string()));
        }
    }
    (stem.to_string(), None)
}

/// A file name with a dotted suffix in the shape of a brand id.
fn looks_like_override(stem: &str) -> bool {
    let name = stem.rsplit('/').next().unwrap_or(stem);
    match name.rsplit_once('.') {
        Some((doc, suffix)) => {
            !doc.is_empty()
                && crate::config::settings::is_brand_id(suffix)
                && suffix.chars().any(|c| c.is_ascii_lowercase())
        }
        None => false,
    }
}

/// The folder part of a page path: `agreement/privacy` → `agreement`; `privacy` → ``.
pub fn parent_of(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `a/b` → [`a`, `a/b`]; `` → [].
pub fn ancestors(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut acc = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        if !acc.is_empty() {
            acc.push('/');
        }
        acc.push_str(part);
        out.push(acc.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_names() {
        let brands: BTreeSet<String> = ["acme".to_string()].into();
        assert_eq!(split_brand("a/privacy.acme", &brands), ("a/privacy".into(), Some("acme".into())));
        assert_eq!(split_brand("a/privacy", &brands), ("a/privacy".into(), None));
        assert!(looks_like_override("a/privacy.globex"));
        assert!(!looks_like_override("a/v1.2"));
    }
}
