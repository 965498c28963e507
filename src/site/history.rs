//! Version history (SPEC §6): the versions of a document that one brand has in one locale,
//! each with its date and the file it is built from, and which of them is in force on the
//! build date. A document without `@` files has one version, exactly as before versions.

use crate::config::locale::Locale;
use crate::config::settings::Brand;
use crate::content::frontmatter::Date;
use crate::diag::{Diagnostic, Kind, Pos};
use crate::site::model::{DocId, Site};

/// One version of a document, for one brand and locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The day it takes effect.
    pub date: Date,
    /// The file it is built from (SPEC §3's rules, for this version's name).
    pub doc: DocId,
    /// The file whose front matter decides its date and whether it is `material` (see
    /// [`deciding_file`]): `doc` itself, or the file `doc` translates.
    pub source: DocId,
}

/// What a version is on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Current,
    Upcoming,
    Archived,
}

impl Role {
    /// The role's key in the theme's strings and in templates.
    pub fn key(self) -> &'static str {
        match self {
            Role::Current => "current",
            Role::Upcoming => "upcoming",
            Role::Archived => "archived",
        }
    }
}

/// Every version of a document for one brand and locale, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub versions: Vec<Version>,
    /// The version shown at the document's URL: the latest on or before the build date, or
    /// the earliest when every version is later.
    pub current: usize,
    pub as_of: Date,
}

impl History {
    fn new(mut versions: Vec<Version>, as_of: Date) -> History {
        versions.sort_by_key(|v| v.date);
        let in_force = in_force(versions.iter().map(|v| v.date), as_of);
        let current = versions.iter().position(|v| Some(v.date) == in_force).unwrap_or(0);
        History { versions, current, as_of }
    }

    pub fn role(&self, i: usize) -> Role {
        match self.versions.get(i) {
            Some(v) if v.date > self.as_of => Role::Upcoming,
            _ if i == self.current => Role::Current,
            _ if i > self.current => Role::Upcoming,
            _ => Role::Archived,
        }
    }

    /// The first version that is still to take effect, if any.
    pub fn next_upcoming(&self) -> Option<usize> {
        self.versions.iter().position(|v| v.date > self.as_of)
    }

    /// The date on which a role changes next.
    pub fn next_change(&self) -> Option<Date> {
        self.next_upcoming().map(|i| self.versions[i].date)
    }

    /// The day version `i` stops being in force (the next version's date).
    pub fn until(&self, i: usize) -> Option<Date> {
        self.versions.get(i + 1).map(|v| v.date)
    }
}

/// The date of the version in force on `as_of` among versions taking effect on `dates`: the
/// latest on or before it; `None` when every one is later. The one rule that decides which
/// version a page shows, and which versions `check` still wants translated.
pub fn in_force(dates: impl IntoIterator<Item = Date>, as_of: Date) -> Option<Date> {
    dates.into_iter().filter(|d| *d <= as_of).max()
}

/// The history of `key` for `brand` in `locale`; `shown` says whether the brand gets a file
/// (its `brands = [...]`). `None` when the brand has no version of the document there.
pub fn history_of(
    site: &Site,
    brand: &Brand,
    locale: &Locale,
    key: &str,
    as_of: Date,
    shown: &dyn Fn(DocId) -> bool,
) -> Result<Option<History>, Vec<Diagnostic>> {
    let dated = site.dates_of(locale, key);
    let mut versions = Vec::new();
    let mut errors = Vec::new();
    let source = site.source_for(&brand.id, locale, key);
    let unshown = source.filter(|&d| !shown(d));
    let plain = source.filter(|&d| shown(d));
    if let Some(doc) = plain {
        let deciding = deciding_file(site, Some(&brand.id), locale, key, None).unwrap_or(doc);
        match plain_date(site, key, deciding, !dated.is_empty()) {
            Ok(date) => versions.push(Version { date, doc, source: deciding }),
            Err(e) => errors.push(e),
        }
    }
    for date in dated {
        let Some(doc) = site.version_source(&brand.id, locale, key, Some(date)).filter(|&d| shown(d)) else {
            continue;
        };
        if let Some(excluding) = unshown.filter(|_| site.doc(doc).file.brand.as_deref() == Some(&brand.id)) {
            errors.push(unshown_version(site, doc, excluding, &brand.id));
            continue;
        }
        match versions.iter().find(|v| v.date == date) {
            Some(other) => errors.push(duplicate(site, doc, other.doc, date)),
            None => {
                let deciding = deciding_file(site, Some(&brand.id), locale, key, Some(date)).unwrap_or(doc);
                versions.push(Version { date, doc, source: deciding })
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((!versions.is_empty()).then(|| History::new(versions, as_of)))
}

/// The file whose front matter decides the facts of a version (`<doc>.md` when `version` is
/// `None`) for `brand` (`None`: the generic files alone) in `locale`: its `effective_date`
/// and whether it is `material`. It is the file found first walking from the default locale
/// back along the chain, so a translation cannot overturn its source on either.
pub fn deciding_file(
    site: &Site,
    brand: Option<&str>,
    locale: &Locale,
    key: &str,
    version: Option<Date>,
) -> Option<DocId> {
    locale.chain.iter().rev().find_map(|l| single(site, brand, l, key, version))
}

/// The date of the version `<doc>.md`: the `effective_date` of its deciding file `source`.
fn plain_date(site: &Site, key: &str, source: DocId, has_dated: bool) -> Result<Date, Diagnostic> {
    match site.doc(source).front.effective_date {
        Some(date) => Ok(date),
        None if !has_dated => Ok(Date { year: 1, month: 1, day: 1 }),
        None => Err(Diagnostic::error(
            Kind::MissingEffectiveDate,
            format!("`{key}` has dated versions, so this file needs the date it took effect"),
        )
        .in_file(site.doc(source).file.rel.clone())
        .at(Pos::new(2, 1))
        .help("add effective_date = YYYY-MM-DD to its front matter")),
    }
}

/// The brand's file of a version name in locale `tag` alone (not along its chain).
fn single(site: &Site, brand: Option<&str>, tag: &str, key: &str, version: Option<Date>) -> Option<DocId> {
    let v = match version {
        None => crate::site::model::at(&site.index, tag, key)?,
        Some(date) => crate::site::model::at(&site.dated, tag, key)?.get(&date)?,
    };
    brand.and_then(|b| v.overrides.get(b)).copied().or(v.generic)
}

fn unshown_version(site: &Site, doc: DocId, excluding: DocId, brand: &str) -> Diagnostic {
    let other = &site.doc(excluding).file.rel;
    Diagnostic::error(
        Kind::UnshownVersion,
        format!("this is a version for `{brand}` of a document that `{brand}` does not get: `brands` in {} leaves it out", other.display()),
    )
    .in_file(site.doc(doc).file.rel.clone())
    .at(Pos::new(1, 1))
    .help(format!("add `{brand}` to `brands` in {}, or remove this file", other.display()))
}

fn duplicate(site: &Site, doc: DocId, other: DocId, date: Date) -> Diagnostic {
    Diagnostic::error(
        Kind::DuplicateVersion,
        format!(
            "this version takes effect on {}, and so does {}",
            date.iso(),
            site.doc(other).file.rel.display()
        ),
    )
    .in_file(site.doc(doc).file.rel.clone())
    .at(Pos::new(1, 1))
    .help("two versions of a document need two dates: change one effective_date or file name")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    fn history(as_of: Date) -> History {
        let v = |date, doc| Version { date, doc: DocId(doc), source: DocId(doc) };
        History::new(vec![v(d(2024, 1, 1), 1), v(d(2022, 1, 1), 0), v(d(2026, 6, 1), 2)], as_of)
    }

    #[test]
    fn the_current_version_is_the_latest_on_or_before_the_build_date() {
        let h = history(d(2024, 1, 1));
        assert_eq!(h.current, 1);
        assert_eq!((h.role(0), h.role(1), h.role(2)), (Role::Archived, Role::Current, Role::Upcoming));
        assert_eq!(h.next_change(), Some(d(2026, 6, 1)));
        assert_eq!(h.until(0), Some(d(2024, 1, 1)));
    }

    #[test]
    fn the_version_in_force_is_the_latest_on_or_before_the_date() {
        let dates = [d(2022, 1, 1), d(2024, 1, 1), d(2026, 6, 1)];
        assert_eq!(in_force(dates, d(2024, 1, 1)), Some(d(2024, 1, 1)));
        assert_eq!(in_force(dates, d(2025, 12, 31)), Some(d(2024, 1, 1)));
        assert_eq!(in_force(dates, d(2021, 12, 31)), None);
    }

    #[test]
    fn a_later_build_date_moves_every_role_on() {
        let h = history(d(2026, 6, 1));
        assert_eq!((h.role(0), h.role(1), h.role(2)), (Role::Archived, Role::Archived, Role::Current));
        assert_eq!(h.next_change(), None);
    }

    #[test]
    fn before_every_version_the_earliest_is_shown_and_still_upcoming() {
        let h = history(d(2021, 12, 31));
        assert_eq!(h.current, 0);
        assert_eq!(h.role(0), Role::Upcoming);
        assert_eq!(h.next_change(), Some(d(2022, 1, 1)));
    }
}
