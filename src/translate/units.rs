//! A Markdown file as translation units: its front matter's `title`, `description` and
//! `summary`, then its segments (`b1`, `b2`, … in order, so an unchanged file keeps its ids).
//! Codes carry what a CAT tool shows in place of the Markdown they stand for.

use crate::content::frontmatter::{self, FrontMatter};
use crate::content::placeholders::Template;
use crate::content::segments::{segments, BlockKind, Code, Part, Segment};
use crate::diag::{Diagnostic, Kind};
use crate::translate::rebuild::{tag_of, KnownText, Tag};
use std::path::Path;

/// The front matter keys a translator translates, in the order their units come.
pub const FRONT_KEYS: [&str; 3] = ["title", "description", "summary"];

/// One unit's source: its tags, and for each code what it is and how it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub tags: Vec<Tag>,
    /// For each code id (index `id - 1`): its kind and the Markdown it stands for.
    pub codes: Vec<(Code, String)>,
    pub kind: UnitKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A front matter value: plain text with placeholders, not Markdown.
    Front,
    Block(BlockKind),
}

/// A Markdown file read for translation.
#[derive(Debug, Clone)]
pub struct Source {
    pub text: String,
    pub body_offset: usize,
    pub front: FrontMatter,
    pub segments: Vec<Segment>,
    pub units: Vec<Unit>,
}

impl Source {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Reads `path` (named `rel` in messages) and cuts it into units.
    pub fn read(path: &Path, rel: &Path) -> Result<Source, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {e}")).in_file(rel.to_path_buf())
        })?;
        Source::of_text(text).map_err(|d| d.in_file(rel.to_path_buf()))
    }

    pub fn of_text(text: String) -> Result<Source, Diagnostic> {
        let split = frontmatter::split(&text)?;
        let front = frontmatter::parse(&split).map_err(|mut ds| ds.remove(0))?;
        let body_offset = split.body_offset;
        let segments = segments(split.body)?;
        let mut units = front_units(&front)?;
        units.extend(segments.iter().enumerate().map(|(i, s)| block_unit(&text[body_offset..], i, s)));
        Ok(Source { text, body_offset, front, segments, units })
    }

    /// The value of a front matter key a translator translates.
    pub fn front_value(&self, key: &str) -> Option<&str> {
        front_value(&self.front, key)
    }

    /// The text runs of every segment as written, by unit id: a translation's text that is
    /// the source's is written with the source's bytes.
    pub fn known(&self) -> Vec<KnownText> {
        self.segments.iter().map(|s| KnownText::of(self.body(), s)).collect()
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The segment of a body unit (`b3` → the third).
    pub fn segment_of(&self, id: &str) -> Option<&Segment> {
        let n: usize = id.strip_prefix('b')?.parse().ok()?;
        self.segments.get(n.checked_sub(1)?)
    }
}

/// The value of one of [`FRONT_KEYS`] in `front`.
pub fn front_value<'f>(front: &'f FrontMatter, key: &str) -> Option<&'f str> {
    match key {
        "title" => front.title.as_deref(),
        "description" => front.description.as_deref(),
        "summary" => front.summary.as_deref(),
        _ => None,
    }
}

/// The units of the front matter values: their placeholders are codes.
fn front_units(front: &FrontMatter) -> Result<Vec<Unit>, Diagnostic> {
    let mut units = Vec::new();
    for key in FRONT_KEYS {
        let Some(value) = front_value(front, key).filter(|v| !v.trim().is_empty()) else { continue };
        let (template, _) = Template::parse(value)?;
        let (tags, codes) = template_tags(&template);
        units.push(Unit { id: key.to_string(), tags, codes, kind: UnitKind::Front });
    }
    Ok(units)
}

/// A template's text as tags: literal runs, and each placeholder a code.
pub fn template_tags(template: &Template) -> (Vec<Tag>, Vec<(Code, String)>) {
    let (mut tags, mut codes) = (Vec::new(), Vec::new());
    let source = template.source_text();
    let mut at = 0;
    for name in template.names() {
        let written = format!("{{{{{name}}}}}");
        let Some(found) = source[at..].find(&written) else { break };
        if found > 0 {
            tags.push(Tag::Text(source[at..at + found].to_string()));
        }
        codes.push((Code::Placeholder, written.clone()));
        tags.push(Tag::Alone(codes.len() as u32));
        at += found + written.len();
    }
    if at < source.len() {
        tags.push(Tag::Text(source[at..].to_string()));
    }
    (tags, codes)
}

fn block_unit(body: &str, index: usize, segment: &Segment) -> Unit {
    let mut codes = vec![(Code::Other, String::new()); max_id(segment) as usize];
    for part in &segment.parts {
        if let Part::Open { id, raw, code } | Part::Alone { id, raw, code } = part {
            codes[*id as usize - 1] = (*code, body[raw.clone()].to_string());
        }
    }
    let tags = segment.parts.iter().map(tag_of).collect();
    Unit { id: format!("b{}", index + 1), tags, codes, kind: UnitKind::Block(segment.kind) }
}

fn max_id(segment: &Segment) -> u32 {
    segment
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Open { id, .. } | Part::Alone { id, .. } => Some(*id),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

impl Unit {
    /// How a code reads to a translator (`equiv-text`): the placeholder, the clause number,
    /// the code span, the address; nothing for a pair's Markdown.
    pub fn equiv(&self, id: u32) -> Option<&str> {
        let (code, raw) = self.codes.get((id as usize).checked_sub(1)?)?;
        match code {
            Code::Placeholder
            | Code::CodeSpan
            | Code::Autolink
            | Code::Html
            | Code::Footnote
            | Code::Other => Some(raw.as_str()),
            Code::ClauseNumber => Some(raw.trim_end()),
            _ => None,
        }
    }

    pub fn code(&self, id: u32) -> Option<Code> {
        self.codes.get((id as usize).checked_sub(1)?).map(|(c, _)| *c)
    }

    /// The id of the unit's clause number code, if it has one.
    pub fn clause_number(&self) -> Option<u32> {
        (1..=self.codes.len() as u32).find(|&id| self.code(id) == Some(Code::ClauseNumber))
    }

    /// The words of the unit, codes left out: what a translator counts.
    pub fn words(&self) -> String {
        self.tags.iter().filter_map(|t| if let Tag::Text(s) = t { Some(s.as_str()) } else { None }).collect()
    }
}
