//! `clause translate export`: one XLIFF file per source file (and per version file) of the
//! documents a locale translates, at `<out>/<to>/<path>[@<date>].xlf`. Units the locale has
//! already translated carry that translation as their target, with its state; `--changed`
//! keeps only the units with work left, each with the unit before it locked for context.

use crate::content::discover::SourceFile;
use crate::content::frontmatter::Date;
use crate::diag::Diagnostics;
use crate::site::history::in_force;
use crate::site::model::{up_the_chain, Site};
use crate::translate::pair::{versioned_name, Pair};
use crate::translate::prefill::State;
use crate::translate::write::{write, OutUnit, Xliff};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Options {
    pub to: String,
    /// The locale to translate from for every file; `None`: each file's source up `to`'s
    /// fallback chain (SPEC §3).
    pub from: Option<String>,
    pub changed: bool,
}

/// One exported file.
#[derive(Debug)]
pub struct Exported {
    /// Below the output folder: `de/agreement/privacy.xlf`.
    pub rel: PathBuf,
    pub text: String,
    /// Units a CAT tool may translate.
    pub units: usize,
}

/// Every file to export, or every error found reading the sources.
pub fn export(site: &Site, opts: &Options) -> Result<Vec<Exported>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    for file in sources(site, &opts.to, opts.from.as_deref()) {
        match Pair::read(site, file, &opts.to).map(|pair| exported(&pair, opts)) {
            Ok(Some(e)) => out.push(e),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// The source files `to` translates: of `from`, or each path's first up the chain; current
/// and upcoming versions, not archived ones (the build date's, `SOURCE_DATE_EPOCH` or today:
/// readers are never shown an archived version's translation as current), brand overrides
/// aside.
pub fn sources<'s>(site: &'s Site, to: &str, from: Option<&str>) -> Vec<&'s SourceFile> {
    let Some(locale) = site.locale(to) else { return Vec::new() };
    let file = |id| &site.doc(id).file;
    let mut files: Vec<&SourceFile> = match from {
        Some(from) => {
            let current = site.index.get(from).into_iter().flatten().filter_map(|(_, v)| v.generic.map(file));
            let dated = site
                .dated
                .get(from)
                .into_iter()
                .flatten()
                .flat_map(|(_, m)| m.values().filter_map(|v| v.generic.map(file)));
            current.chain(dated).collect()
        }
        None => {
            let current =
                up_the_chain(&site.index, locale, |v| v.generic).into_values().map(|(_, id)| file(id));
            let dated = up_the_chain(&site.dated, locale, Some)
                .into_values()
                .flat_map(|(_, m)| m.values().filter_map(|v| v.generic.map(file)));
            current.chain(dated).collect()
        }
    };
    files.sort_by(|a, b| (&a.key, a.version).cmp(&(&b.key, b.version)));
    let as_of = crate::site::build_date::default_as_of();
    let date_of =
        |f: &SourceFile| f.version.or_else(|| site.docs.iter().find(|d| d.file == *f)?.front.effective_date);
    let dates: Vec<(String, Option<Date>)> = files.iter().map(|f| (f.key.clone(), date_of(f))).collect();
    let archived = |f: &SourceFile| {
        let of_key = dates.iter().filter(|(k, _)| *k == f.key).filter_map(|(_, d)| *d);
        let current = in_force(of_key, as_of);
        date_of(f).zip(current).is_some_and(|(d, c)| d < c)
    };
    files.into_iter().filter(|f| !archived(f)).collect()
}

/// The XLIFF of one pair; `None` when `--changed` finds nothing to translate in it.
fn exported(pair: &Pair, opts: &Options) -> Option<Exported> {
    let work = |i: usize| pair.prefill[i].as_ref().is_none_or(|p| p.state != State::Translated);
    let units: Vec<OutUnit> = pair
        .source
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, unit)| {
            let context = opts.changed && !work(i) && work_follows(i, &work, pair.source.units.len());
            let keep = !opts.changed || work(i) || context;
            keep.then(|| OutUnit { unit, target: pair.prefill[i].as_ref(), translate: !context })
        })
        .collect();
    let translatable = units.iter().filter(|u| u.translate).count();
    if opts.changed && translatable == 0 {
        return None;
    }
    let xliff = Xliff {
        original: pair.file.rel.to_string_lossy().replace('\\', "/"),
        source_language: &pair.file.locale,
        target_language: &opts.to,
        units,
    };
    let name = versioned_name(&pair.file, "xlf");
    Some(Exported { rel: PathBuf::from(&opts.to).join(name), text: write(&xliff), units: translatable })
}

/// Whether the unit after `i` has work: then `i` goes along, locked, as its context.
fn work_follows(i: usize, work: &impl Fn(usize) -> bool, len: usize) -> bool {
    i + 1 < len && work(i + 1)
}
