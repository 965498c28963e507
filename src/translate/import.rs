//! `clause translate import`: XLIFF files a CAT tool saved, back into `content/<locale>/`.
//! Every unit of every file is checked before anything is written: a unit the source no
//! longer has, a missing target, a dropped, repeated or invented code, or a `{{` typed as
//! text is an error at its line, and then no file is written at all. A clause number is
//! written first wherever the target put it (a CAT tool may put a marker before it), so a
//! translation keeps the clause's number and id.

use crate::content::anchors::HeadingId;
use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::site::model::Site;
use crate::translate::pair::Pair;
use crate::translate::prefill::Prefill;
use crate::translate::read::{self, ReadUnit};
use crate::translate::rebuild::{body_with, segment_markdown, KnownText, Tag};
use crate::translate::units::{Unit, UnitKind};
use crate::translate::{checks, front, heading_ids};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A unit without a target keeps the existing translation's text.
    pub partial: bool,
}

/// A translation ready to be written.
#[derive(Debug)]
pub struct Translated {
    /// Relative to the site root: `content/de/privacy.md`.
    pub rel: PathBuf,
    pub text: String,
    pub units: usize,
}

/// Reads and checks every file; the translations to write, or every error found.
pub fn import(site: &Site, paths: &[PathBuf], opts: Options) -> Result<Vec<Translated>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut out = Vec::new();
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                diags.push(
                    Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {e}"))
                        .in_file(path.clone()),
                );
                continue;
            }
        };
        let files = match read::read(&text, path) {
            Ok(files) => files,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        for file in &files {
            match import_file(site, path, file, opts) {
                Ok(t) => out.push(t),
                Err(ds) => diags.extend(ds),
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// Writes each translation whole (a temporary file beside it, renamed over).
pub fn write_all(root: &Path, translated: &[Translated]) -> std::io::Result<()> {
    translated.iter().try_for_each(|t| super::write_whole(&root.join(&t.rel), &t.text))
}

fn import_file(
    site: &Site,
    rel: &Path,
    file: &read::File,
    opts: Options,
) -> Result<Translated, Vec<Diagnostic>> {
    let unknown = |msg: String, help: &str| {
        vec![Diagnostic::error(Kind::XliffUnknownFile, msg)
            .in_file(rel.to_path_buf())
            .at(file.pos)
            .help(help)]
    };
    let original = PathBuf::from(&file.original);
    let Some(doc) = site.docs.iter().find(|d| d.file.rel == original && d.file.brand.is_none()) else {
        return Err(unknown(
            format!("<file original=\"{}\"> names no source file of this site", file.original),
            "export the file again with `clause translate export`, or import it into the site it came from",
        ));
    };
    let to = target_locale(site, &file.target_language).unwrap_or(&file.target_language);
    if site.locale(to).is_none() || to == doc.file.locale {
        let tags: Vec<&str> =
            site.locales.iter().map(|l| l.tag.as_str()).filter(|t| *t != doc.file.locale).collect();
        return Err(unknown(
            format!("target-language=\"{to}\" is no locale this file can be translated into"),
            &format!("the site's other locales are {}", tags.join(", ")),
        ));
    }
    let pair = Pair::read(site, &doc.file, to).map_err(|d| vec![d])?;
    let targets = unit_targets(&pair, rel, file, opts)?;
    let text =
        compose(&pair, &targets, &doc.body.headings).map_err(|d| vec![d.in_file(rel.to_path_buf())])?;
    let units = file.units.iter().filter(|u| !u.locked).count();
    Ok(Translated { rel: pair.target_rel.clone(), text, units })
}

/// The site's locale a `target-language` names: itself, in any case, or its language when
/// the site has no locale of that region (`de-DE` → `de`, as Trados writes it).
fn target_locale<'s>(site: &'s Site, tag: &str) -> Option<&'s str> {
    let same = |t: &str| site.locales.iter().find(|l| l.tag.eq_ignore_ascii_case(t)).map(|l| l.tag.as_str());
    same(tag).or_else(|| same(tag.split('-').next()?))
}

/// For each unit of the source, the tags to write and the text runs already written.
struct Target<'p> {
    tags: Vec<Tag>,
    known: Option<&'p KnownText>,
}

/// Where an error about a unit of `rel` points: its target, else the unit.
fn unit_error(rel: &Path, u: &ReadUnit, kind: Kind, msg: String, help: &str) -> Diagnostic {
    Diagnostic::error(kind, format!("unit {}: {msg}", u.id))
        .in_file(rel.to_path_buf())
        .at(u.target_pos.unwrap_or(u.pos))
        .help(help)
}

fn unit_targets<'p>(
    pair: &'p Pair,
    rel: &Path,
    file: &read::File,
    opts: Options,
) -> Result<Vec<Target<'p>>, Vec<Diagnostic>> {
    let mut errors = check_sources(pair, rel, file);
    let mut targets = Vec::new();
    for (i, unit) in pair.source.units.iter().enumerate() {
        let read = file.units.iter().find(|u| u.id == unit.id);
        match target_of(unit, read, pair.prefill[i].as_ref(), opts) {
            Ok(Some(target)) => targets.push(target),
            Ok(None) => {}
            Err((kind, msg, help)) => errors.push(match read {
                Some(u) => unit_error(rel, u, kind, msg, help),
                None => Diagnostic::error(kind, format!("unit {}: {msg}", unit.id))
                    .in_file(rel.to_path_buf())
                    .at(file.pos)
                    .help(help),
            }),
        }
    }
    if errors.is_empty() {
        Ok(targets)
    } else {
        Err(errors)
    }
}

/// Each unit of the file once, and with the site's source.
fn check_sources(pair: &Pair, rel: &Path, file: &read::File) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, u) in file.units.iter().enumerate() {
        let changed =
            "export the file again and translate what changed; the source changed since this file was made";
        let problem = if file.units[..i].iter().any(|v| v.id == u.id) {
            Some((
                "the file has this unit twice".to_string(),
                "keep one unit of each id, as clause exported it",
            ))
        } else {
            match pair.source.unit(&u.id) {
                None => Some(("the source has no such unit".to_string(), changed)),
                Some(unit) if !checks::same_source(&unit.tags, &u.source) => {
                    Some((format!("its source is no longer {}'s", pair.file.rel.display()), changed))
                }
                Some(_) => None,
            }
        };
        if let Some((msg, help)) = problem {
            errors.push(unit_error(rel, u, Kind::XliffSourceChanged, msg, help));
        }
    }
    errors
}

type Refusal = (Kind, String, &'static str);

/// What a unit of the source is written with: the file's target (checked), else the
/// translation there is (units absent from a `--changed` file, or without a target under
/// `--partial`); `None` for a unit in the file that the source lacks (reported already).
fn target_of<'p>(
    unit: &Unit,
    read: Option<&ReadUnit>,
    prefill: Option<&'p Prefill>,
    opts: Options,
) -> Result<Option<Target<'p>>, Refusal> {
    let given = read
        .filter(|u| !u.locked && !u.empty_segment)
        .and_then(|u| u.target.as_ref())
        .filter(|t| !checks::is_empty(t));
    let keep = |p: &'p Prefill| Target { tags: p.tags.clone(), known: Some(&p.known) };
    match (given, prefill, read) {
        (Some(tags), _, Some(_)) => {
            checks::codes(unit, tags).map_err(|msg| (Kind::XliffCodeMismatch, msg, "keep every tag of the source once"))?;
            checks::typed_braces(unit, tags).map_err(|msg| {
                (Kind::XliffTypedPlaceholder, msg, "use the placeholder's tag from the source instead of typing `{{`")
            })?;
            checks::typed_number(unit, tags).map_err(|msg| {
                (Kind::XliffCodeMismatch, msg, "leave the number out, or put a word before it: a clause's number comes from the source")
            })?;
            Ok(Some(Target { tags: tags.clone(), known: prefill.map(|p| &p.known) }))
        }
        (None, Some(_), Some(u)) if !opts.partial && !u.locked => Err((
            Kind::XliffMissingTarget,
            "has no target".into(),
            "translate it, or import with --partial to keep the existing translation of units without a target",
        )),
        (None, Some(p), _) => Ok(Some(keep(p))),
        (None, None, Some(_)) => Err((
            Kind::XliffMissingTarget,
            "has no target, and the locale has no translation of it to keep".into(),
            "translate it",
        )),
        (None, None, None) => Err((
            Kind::XliffMissingTarget,
            "is not in the file, and the locale has no translation of it".into(),
            "export the whole file (without --changed) and translate it",
        )),
        (Some(_), _, None) => Ok(None),
    }
}

/// The translation's text: the source's front matter with its translated values, and the
/// source's body with every segment's words replaced and its heading ids (`source_headings`,
/// as the site rendered the source) kept.
fn compose(pair: &Pair, targets: &[Target<'_>], source_headings: &[HeadingId]) -> Result<String, Diagnostic> {
    let source = &pair.source;
    let known = source.known();
    let mut values = Vec::new();
    let mut written = vec![None; source.segments.len()];
    for (unit, target) in source.units.iter().zip(targets) {
        match unit.kind {
            UnitKind::Front => {
                // A value the translation leaves as the source has it keeps its lines.
                let text = front_text(unit, &target.tags);
                if Some(text.as_str()) != source.front_value(&unit.id).map(str::trim) {
                    values.push((unit.id.as_str(), text));
                }
            }
            UnitKind::Block(_) => {
                let Some(segment) = source.segment_of(&unit.id) else { continue };
                let index = segment_index(&unit.id);
                let mut sources: Vec<&KnownText> = target.known.into_iter().collect();
                sources.push(&known[index]);
                let tags = number_first(unit, &target.tags);
                written[index] = Some(segment_markdown(source.body(), segment, &tags, &sources));
            }
        }
    }
    let body = body_with(source.body(), &source.segments, &written);
    let body = heading_ids::keep_source_ids(source.body(), source_headings, body);
    let head = front::with_values(&source.text[..source.body_offset], &values)?;
    Ok(head + &body)
}

/// The tags with the clause number (if the unit has one) moved to the front, and the white
/// space the target had around it dropped.
fn number_first(unit: &Unit, tags: &[Tag]) -> Vec<Tag> {
    let Some(at) = unit.clause_number().and_then(|id| tags.iter().position(|t| *t == Tag::Alone(id))) else {
        return tags.to_vec();
    };
    if at == 0 {
        return tags.to_vec();
    }
    let mut out = vec![tags[at].clone()];
    let mut rest: Vec<Tag> = tags[..at].iter().chain(&tags[at + 1..]).cloned().collect();
    if let Some(Tag::Text(t)) = rest.first_mut() {
        *t = t.trim_start().to_string();
    }
    out.extend(rest);
    read::merged(out)
}

fn segment_index(id: &str) -> usize {
    id.trim_start_matches('b').parse::<usize>().unwrap_or(1).saturating_sub(1)
}

/// A front matter value: its text, with each placeholder's code written as `{{name}}`.
fn front_text(unit: &Unit, tags: &[Tag]) -> String {
    tags.iter()
        .map(|t| match t {
            // A literal `{{` (the source's `\{{`; typed ones were refused) stays literal.
            Tag::Text(s) => s.replace(['\n', '\r'], " ").replace("{{", "\\{{"),
            Tag::Alone(id) => (*id as usize)
                .checked_sub(1)
                .and_then(|i| unit.codes.get(i))
                .map_or(String::new(), |(_, raw)| raw.clone()),
            Tag::Open(_) | Tag::Close(_) => String::new(),
        })
        .collect::<String>()
        .trim()
        .to_string()
}
