//! A source file and its counterpart in the target locale: where the translation lives,
//! whether it exists, the source it was made from (the source's version in force on the
//! translation's `effective_date`), and so what of it each unit can keep ([`prefill`]).

use crate::content::discover::SourceFile;
use crate::content::frontmatter::Date;
use crate::diag::Diagnostic;
use crate::site::history::in_force;
use crate::site::model::{at, Site};
use crate::translate::prefill::{prefill, Prefill, State};
use crate::translate::units::Source;
use std::path::PathBuf;

/// One source file read against its translation in `to`.
#[derive(Debug)]
pub struct Pair {
    pub file: SourceFile,
    pub source: Source,
    /// `content/<to>/<key>[@<date>].md`, relative to the site root.
    pub target_rel: PathBuf,
    pub translation: Option<Source>,
    /// For each unit of the source, what the translation already gives it.
    pub prefill: Vec<Option<Prefill>>,
}

/// The translation's file name for a source file: same path and version, in `to`.
pub fn target_rel(file: &SourceFile, to: &str) -> PathBuf {
    PathBuf::from("content").join(to).join(versioned_name(file, "md"))
}

/// `<key>.<ext>`, or `<key>@<date>.<ext>` for a version file.
pub fn versioned_name(file: &SourceFile, ext: &str) -> String {
    match file.version {
        Some(date) => format!("{}@{}.{ext}", file.key, date.iso()),
        None => format!("{}.{ext}", file.key),
    }
}

/// The files of `key` in `locale` with the date each takes effect: `<doc>.md` by its
/// `effective_date`, each `<doc>@<date>.md` by its name.
fn versions_in<'s>(site: &'s Site, locale: &str, key: &str) -> Vec<(Date, &'s SourceFile)> {
    let mut versions = Vec::new();
    if let Some(id) = at(&site.index, locale, key).and_then(|v| v.generic) {
        let doc = site.doc(id);
        versions.extend(doc.front.effective_date.map(|d| (d, &doc.file)));
    }
    for (d, variants) in at(&site.dated, locale, key).into_iter().flatten() {
        versions.extend(variants.generic.map(|id| (*d, &site.doc(id).file)));
    }
    versions
}

impl Pair {
    /// Reads `file` and, when `to` has it, its translation.
    pub fn read(site: &Site, file: &SourceFile, to: &str) -> Result<Pair, Diagnostic> {
        Pair::with_source(site, file, Source::read(&file.abs, &file.rel)?, to)
    }

    /// Like [`Pair::read`], with the source already read (`check` pairs one source with
    /// every locale that translates it, and reads it once).
    pub fn with_source(site: &Site, file: &SourceFile, source: Source, to: &str) -> Result<Pair, Diagnostic> {
        let target_rel = target_rel(file, to);
        let target_abs = site.root.join(&target_rel);
        let translation = match target_abs.is_file() {
            true => Some(Source::read(&target_abs, &target_rel)?),
            false => earlier_translation(site, file, to)?,
        };
        let prefill = match &translation {
            None => source.units.iter().map(|_| None).collect(),
            Some(tr) => {
                let old = made_from(site, file, &source, tr.front.effective_date)?;
                let old = match &old {
                    Made::Same => Some(&source),
                    Made::Other(old) => Some(old.as_ref()),
                    Made::Unknown => None,
                };
                prefill(&source, old, tr)
            }
        };
        Ok(Pair { file: file.clone(), source, target_rel, translation, prefill })
    }
}

impl Pair {
    /// The units a translator still has to translate: those without a translation, and
    /// those whose source changed since it was translated.
    pub fn to_translate(&self) -> usize {
        self.prefill.iter().filter(|p| p.as_ref().is_none_or(|p| p.state != State::Translated)).count()
    }
}

/// For a version the locale has not translated, its translation of the version before (the
/// latest of its files dated earlier): what it says still holds for every unchanged unit.
fn earlier_translation(site: &Site, file: &SourceFile, to: &str) -> Result<Option<Source>, Diagnostic> {
    let Some(version) = file.version else { return Ok(None) };
    match versions_in(site, to, &file.key).into_iter().filter(|(d, _)| *d < version).max_by_key(|(d, _)| *d) {
        Some((_, f)) => Source::read(&f.abs, &f.rel).map(Some),
        None => Ok(None),
    }
}

/// The source a translation was made from.
enum Made {
    /// Today's source (the translation's date is the source's).
    Same,
    Other(Box<Source>),
    /// No version of the source was in force on the translation's date.
    Unknown,
}

/// The source file in force on `date` among `file`'s versions in its locale: the file itself
/// when the dates agree (or neither has one).
fn made_from(
    site: &Site,
    file: &SourceFile,
    source: &Source,
    date: Option<Date>,
) -> Result<Made, Diagnostic> {
    let Some(date) = date else {
        return Ok(if source.front.effective_date.is_none() { Made::Same } else { Made::Unknown });
    };
    if source.front.effective_date == Some(date) {
        return Ok(Made::Same);
    }
    let versions = versions_in(site, &file.locale, &file.key);
    let Some(in_force) = in_force(versions.iter().map(|(d, _)| *d), date) else { return Ok(Made::Unknown) };
    match versions.iter().find(|(d, _)| *d == in_force) {
        Some((_, f)) if f.abs == file.abs => Ok(Made::Same),
        Some((_, f)) => Ok(Made::Other(Box::new(Source::read(&f.abs, &f.rel)?))),
        None => Ok(Made::Unknown),
    }
}
