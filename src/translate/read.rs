//! Reading an XLIFF 1.2 file a CAT tool saved, with quick-xml: each `<file>`'s units, their
//! source and target as tags, and the line each starts on. It reads what tools write: any
//! namespace prefix, `<group>`s, `<seg-source>` and `<mrk mtype="seg">` segmentation (the
//! marks are unwrapped), `<alt-trans>` and notes (skipped), entities and character
//! references, and codes as `<g>`/`<x/>` or converted to `<bx/>`/`<ex/>`, `<bpt>`/`<ept>`,
//! `<it>` or `<ph>`, matched by the id they carry.

use crate::diag::{Diagnostic, Kind, Pos};
use crate::translate::checks::is_empty;
use crate::translate::rebuild::Tag;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::path::Path;

/// One `<file>` of an XLIFF document.
#[derive(Debug, Default)]
pub struct File {
    pub original: String,
    pub source_language: String,
    pub target_language: String,
    pub pos: Pos,
    pub units: Vec<ReadUnit>,
}

#[derive(Debug, Default)]
pub struct ReadUnit {
    pub id: String,
    pub pos: Pos,
    /// Where its `<target>` starts, for errors about it.
    pub target_pos: Option<Pos>,
    /// The target has an empty segment mark (`<mrk mtype="seg"/>`): a sentence a CAT tool
    /// left untranslated, so the target is not whole.
    pub empty_segment: bool,
    /// `translate="no"`: context only.
    pub locked: bool,
    pub source: Vec<Tag>,
    pub target: Option<Vec<Tag>>,
}

/// Reads an XLIFF document; `rel` names it in errors.
pub fn read(text: &str, rel: &Path) -> Result<Vec<File>, Diagnostic> {
    let mut parse = Parse { reader: Reader::from_str(text), empty_segment: false, text, rel };
    let mut files = Vec::new();
    loop {
        match parse.next()? {
            Event::Start(e) if e.local_name().as_ref() == "file" => files.push(parse.file(&e)?),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(files)
}

struct Parse<'a> {
    reader: Reader<&'a [u8]>,
    /// Whether the inline content read last had an empty `<mrk mtype="seg">`.
    empty_segment: bool,
    text: &'a str,
    rel: &'a Path,
}

impl<'a> Parse<'a> {
    fn next(&mut self) -> Result<Event<'a>, Diagnostic> {
        let at = self.reader.buffer_position();
        self.reader.read_event().map_err(|e| self.error(at, format!("this is not well-formed XML: {e}")))
    }

    /// Where the element just read starts (its `<`).
    fn pos(&self, start: &BytesStart) -> Pos {
        let end = (self.reader.buffer_position() as usize).min(self.text.len());
        let len = start.len() + 2 + usize::from(self.text.as_bytes().get(end.wrapping_sub(2)) == Some(&b'/'));
        Pos::of_offset(self.text, end.saturating_sub(len))
    }

    fn error(&self, at: u64, message: String) -> Diagnostic {
        let at = (at as usize).min(self.text.len());
        let pos = Pos::of_offset(self.text, at);
        Diagnostic::error(Kind::XliffUnreadable, message)
            .in_file(self.rel.to_path_buf())
            .at(pos)
            .help("give clause the XLIFF 1.2 file the CAT tool saved, as it saved it")
    }

    fn file(&mut self, start: &BytesStart) -> Result<File, Diagnostic> {
        let mut file = File {
            original: attr(start, "original").unwrap_or_default(),
            source_language: attr(start, "source-language").unwrap_or_default(),
            target_language: attr(start, "target-language").unwrap_or_default(),
            pos: self.pos(start),
            units: Vec::new(),
        };
        loop {
            match self.next()? {
                Event::Start(e) if e.local_name().as_ref() == "trans-unit" => {
                    let unit = self.unit(&e)?;
                    file.units.push(unit);
                }
                Event::End(e) if e.local_name().as_ref() == "file" => return Ok(file),
                Event::Eof => return Ok(file),
                _ => {}
            }
        }
    }

    fn unit(&mut self, start: &BytesStart) -> Result<ReadUnit, Diagnostic> {
        let mut unit = ReadUnit {
            id: attr(start, "id").unwrap_or_default(),
            pos: self.pos(start),
            locked: attr(start, "translate").as_deref() == Some("no"),
            ..ReadUnit::default()
        };
        loop {
            match self.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "source" => unit.source = self.inline("source")?,
                    "target" => {
                        unit.target_pos = Some(self.pos(&e));
                        self.empty_segment = false;
                        unit.target = Some(self.inline("target")?);
                        unit.empty_segment = self.empty_segment;
                    }
                    _ => self.skip(&e)?,
                },
                Event::End(e) if e.local_name().as_ref() == "trans-unit" => return Ok(unit),
                Event::Eof => return Ok(unit),
                _ => {}
            }
        }
    }

    /// Skips an element and everything in it (`<seg-source>`, `<alt-trans>`, `<note>`).
    fn skip(&mut self, start: &BytesStart) -> Result<(), Diagnostic> {
        let at = self.reader.buffer_position();
        self.reader
            .read_to_end(start.name())
            .map(|_| ())
            .map_err(|e| self.error(at, format!("this is not well-formed XML: {e}")))
    }

    /// The inline content of `<source>` or `<target>` up to its end, as tags.
    fn inline(&mut self, end: &str) -> Result<Vec<Tag>, Diagnostic> {
        let mut tags = Vec::new();
        // For each element open: the pair it closes, and for a segment mark where it began.
        let mut open: Vec<(Option<u32>, Option<usize>)> = Vec::new();
        loop {
            let at = self.reader.buffer_position();
            match self.next()? {
                Event::Text(t) => push_text(&mut tags, &t.xml10_content()),
                Event::CData(t) => push_text(&mut tags, &t.xml10_content()),
                Event::GeneralRef(r) => {
                    let c =
                        entity(&r.xml10_content(), r.resolve_char_ref().ok().flatten()).ok_or_else(|| {
                            self.error(at, format!("`&{};` is no entity XML knows", r.xml10_content()))
                        })?;
                    push_text(&mut tags, c.encode_utf8(&mut [0; 4]));
                }
                Event::Empty(e) if is_segment_mark(&e) => self.empty_segment = true,
                Event::Empty(e) => self.empty_code(&e, &mut tags, at)?,
                Event::Start(e) => {
                    let mark = is_segment_mark(&e).then(|| {
                        tags.push(Tag::Text(String::new()));
                        tags.len() - 1
                    });
                    if let Some(opened) = self.start_code(&e, &mut tags, at)? {
                        open.push((opened, mark));
                    }
                }
                Event::End(e) if open.is_empty() && e.local_name().as_ref() == end => {
                    return Ok(merged(tags))
                }
                Event::End(_) => match open.pop() {
                    Some((Some(id), _)) => tags.push(Tag::Close(id)),
                    // A segment mark with nothing in it: a segment left untranslated.
                    Some((None, Some(len))) if is_empty(&tags[len..]) => self.empty_segment = true,
                    _ => {}
                },
                Event::Eof => return Err(self.error(at, "the file ends inside a unit".into())),
                _ => {}
            }
        }
    }

    /// A code element with content: `<g>` opens a pair (closed at its end); `<bpt>`, `<ept>`,
    /// `<it>` and `<ph>` hold the native code, which is read past; `<mrk>` and anything else
    /// is unwrapped. Returns what to remember until the element's end: `None` when the element
    /// was read whole.
    fn start_code(
        &mut self,
        e: &BytesStart,
        tags: &mut Vec<Tag>,
        at: u64,
    ) -> Result<Option<Option<u32>>, Diagnostic> {
        let name = e.local_name().as_ref().to_string();
        match name.as_str() {
            "g" => {
                let id = self.code_id(e, "id", at)?;
                tags.push(Tag::Open(id));
                Ok(Some(Some(id)))
            }
            "bpt" | "ept" | "it" | "ph" | "sub" => {
                let inner = self
                    .reader
                    .read_text(e.name())
                    .map_err(|err| self.error(at, format!("this is not well-formed XML: {err}")))?;
                let inner = inner.xml10_content();
                let inner = quick_xml::escape::unescape(&inner)
                    .map_or_else(|_| inner.to_string(), |c| c.into_owned());
                if name != "sub" {
                    tags.push(self.converted(name.as_str(), e, &inner, at)?);
                }
                Ok(None)
            }
            _ => Ok(Some(None)),
        }
    }

    /// A code without content: `<x/>`, `<bx/>`, `<ex/>`, or an empty `<g/>` (a pair).
    fn empty_code(&mut self, e: &BytesStart, tags: &mut Vec<Tag>, at: u64) -> Result<(), Diagnostic> {
        match e.local_name().as_ref() {
            "x" => tags.push(Tag::Alone(self.code_id(e, "id", at)?)),
            "g" => {
                let id = self.code_id(e, "id", at)?;
                tags.extend([Tag::Open(id), Tag::Close(id)]);
            }
            "bx" => tags.push(Tag::Open(self.pair_id(e, at)?)),
            "ex" => tags.push(Tag::Close(self.pair_id(e, at)?)),
            "bpt" | "ept" | "it" | "ph" => {
                let name = e.local_name().as_ref().to_string();
                tags.push(self.converted(name.as_str(), e, "", at)?);
            }
            _ => {}
        }
        Ok(())
    }

    /// A code a tool converted to an element holding native code: `<bpt>`/`<ept>` and
    /// `<it pos>` open and close a pair, `<ph>` stands alone (memoQ writes the original
    /// `<x id="…"/>` into it as text: that id wins).
    fn converted(&self, name: &str, e: &BytesStart, inner: &str, at: u64) -> Result<Tag, Diagnostic> {
        Ok(match name {
            "bpt" => Tag::Open(self.pair_id(e, at)?),
            "ept" => Tag::Close(self.pair_id(e, at)?),
            "it" if attr(e, "pos").as_deref() == Some("close") => Tag::Close(self.pair_id(e, at)?),
            "it" => Tag::Open(self.pair_id(e, at)?),
            _ => match quoted_id(inner) {
                Some(id) => Tag::Alone(id),
                None => Tag::Alone(self.code_id(e, "id", at)?),
            },
        })
    }

    /// The id a converted pair's element refers to: `rid`, else `id`.
    fn pair_id(&self, e: &BytesStart, at: u64) -> Result<u32, Diagnostic> {
        if attr(e, "rid").is_some() {
            self.code_id(e, "rid", at)
        } else {
            self.code_id(e, "id", at)
        }
    }

    fn code_id(&self, e: &BytesStart, name: &str, at: u64) -> Result<u32, Diagnostic> {
        let value = attr(e, name).unwrap_or_default();
        value.trim().parse().map_err(|_| {
            let element = e.local_name().as_ref().to_string();
            self.error(at, format!("<{element}> has {name}=\"{value}\", which is no code of the source"))
        })
    }
}

/// An attribute's value, unescaped (by its local name: `xml:space` is `space`).
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The `id="N"` of a code written as text (memoQ's `<ph>&lt;x id="3"/&gt;</ph>`).
fn quoted_id(inner: &str) -> Option<u32> {
    let rest = &inner[inner.find("id=\"")? + 4..];
    rest[..rest.find('"')?].parse().ok()
}

/// The character an entity reference stands for: XML's five, or a character reference.
fn entity(name: &str, char_ref: Option<char>) -> Option<char> {
    char_ref.or(match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    })
}

/// Adjacent text runs joined (a segment mark cut one in two), empty ones dropped.
pub fn merged(tags: Vec<Tag>) -> Vec<Tag> {
    let mut out: Vec<Tag> = Vec::with_capacity(tags.len());
    for tag in tags {
        match (out.last_mut(), tag) {
            (_, Tag::Text(t)) if t.is_empty() => {}
            (Some(Tag::Text(last)), Tag::Text(t)) => last.push_str(&t),
            (_, tag) => out.push(tag),
        }
    }
    out
}

fn is_segment_mark(e: &BytesStart) -> bool {
    e.local_name().as_ref() == "mrk" && attr(e, "mtype").as_deref() == Some("seg")
}

fn push_text(tags: &mut Vec<Tag>, text: &str) {
    match tags.last_mut() {
        Some(Tag::Text(t)) => t.push_str(text),
        _ if !text.is_empty() => tags.push(Tag::Text(text.to_string())),
        _ => {}
    }
}
