//! A translated body written again: the source's Markdown with each segment's words replaced
//! by the translator's. Codes are written as the source writes them (found by id); text the
//! translator left as it was keeps its bytes, and new text is escaped so it reads as typed.

use crate::content::segments::{Code, Part, Segment};
use std::collections::HashMap;
use std::ops::Range;

/// One piece of a translated segment, in the translator's order; codes by their source id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    Text(String),
    Open(u32),
    Close(u32),
    Alone(u32),
}

/// Where a text run sits: between which two codes (0 for the segment's start or end). A run
/// at the same place with the same words as a known one is written with that one's bytes.
type Slot = (Edge, Edge);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    End,
    Open(u32),
    Close(u32),
    Alone(u32),
}

/// Text already written in Markdown: its words at a slot, and the bytes that write them.
#[derive(Debug, Default)]
pub struct KnownText {
    runs: HashMap<Slot, (String, String)>,
}

impl KnownText {
    /// The runs of a segment of `body`.
    pub fn of(body: &str, segment: &Segment) -> KnownText {
        let tags: Vec<(Tag, Option<&Range<usize>>)> =
            segment.parts.iter().map(|p| (tag_of(p), Some(p.raw()))).collect();
        let mut known = KnownText::default();
        for (i, (tag, raw)) in tags.iter().enumerate() {
            if let (Tag::Text(text), Some(raw)) = (tag, raw) {
                let slot = slot_at(&tags, i, |(t, _)| t);
                known.runs.insert(slot, (text.clone(), body[(*raw).clone()].to_string()));
            }
        }
        known
    }

    /// Known runs of a translation whose codes were renumbered to the source's (`tags`, with
    /// each text run's bytes).
    pub fn of_tags(tags: &[(Tag, Option<String>)]) -> KnownText {
        let mut known = KnownText::default();
        for (i, (tag, raw)) in tags.iter().enumerate() {
            if let (Tag::Text(text), Some(raw)) = (tag, raw) {
                known.runs.insert(slot_at(tags, i, |(t, _)| t), (text.clone(), raw.clone()));
            }
        }
        known
    }

    fn bytes_for(&self, slot: &Slot, text: &str) -> Option<&str> {
        self.runs.get(slot).filter(|(t, _)| t == text).map(|(_, raw)| raw.as_str())
    }
}

pub fn tag_of(part: &Part) -> Tag {
    match part {
        Part::Text { text, .. } => Tag::Text(text.clone()),
        Part::Open { id, .. } => Tag::Open(*id),
        Part::Close { id, .. } => Tag::Close(*id),
        Part::Alone { id, .. } => Tag::Alone(*id),
    }
}

fn edge(tag: &Tag) -> Option<Edge> {
    match tag {
        Tag::Text(_) => None,
        Tag::Open(id) => Some(Edge::Open(*id)),
        Tag::Close(id) => Some(Edge::Close(*id)),
        Tag::Alone(id) => Some(Edge::Alone(*id)),
    }
}

fn slot_at<T>(items: &[T], i: usize, tag: impl Fn(&T) -> &Tag) -> Slot {
    let before = items[..i].iter().rev().find_map(|t| edge(tag(t))).unwrap_or(Edge::End);
    let after = items[i + 1..].iter().find_map(|t| edge(tag(t))).unwrap_or(Edge::End);
    (before, after)
}

/// The Markdown of one segment: `tags` (already checked to hold each of the source's codes
/// once) written with the source's code bytes, known text as it was, new text escaped.
pub fn segment_markdown(body: &str, segment: &Segment, tags: &[Tag], known: &[&KnownText]) -> String {
    let code_bytes = |id: u32, closing: bool| -> &str {
        segment
            .parts
            .iter()
            .find(|p| match p {
                Part::Open { id: i, .. } | Part::Alone { id: i, .. } => !closing && *i == id,
                Part::Close { id: i, .. } => closing && *i == id,
                Part::Text { .. } => false,
            })
            .map_or("", |p| &body[p.raw().clone()])
    };
    let written: Vec<Option<&str>> = tags
        .iter()
        .enumerate()
        .map(|(i, tag)| match tag {
            Tag::Text(text) => known.iter().find_map(|k| k.bytes_for(&slot_at(tags, i, |t| t), text)),
            _ => None,
        })
        .collect();
    let mut out = String::new();
    for (i, tag) in tags.iter().enumerate() {
        match tag {
            Tag::Open(id) | Tag::Close(id) => out.push_str(code_bytes(*id, matches!(tag, Tag::Close(_)))),
            Tag::Alone(id) => {
                let follows = tags.get(i + 1).and_then(|t| if let Tag::Text(s) = t { Some(s) } else { None });
                let runs_on =
                    follows.is_some_and(|s| !s.starts_with(char::is_whitespace)) && written[i + 1].is_none();
                write_alone(&mut out, code_bytes(*id, false), code_of(segment, *id), runs_on);
            }
            Tag::Text(text) => match written[i] {
                Some(raw) => out.push_str(raw),
                None => {
                    // After a code that ends in a space (a clause number), no second space.
                    let text = if out.ends_with(' ') { text.trim_start_matches(' ') } else { text.as_str() };
                    let flank = Flank {
                        after_close: i > 0 && closes_against(&out, &tags[i - 1], text, &code_bytes),
                        before_open: opens_against(tags, &written, i, &code_bytes),
                    };
                    flank.escape_into(&mut out, text, i == 0, i + 1 == tags.len());
                }
            },
        }
    }
    out
}

/// Where new text touches an emphasis delimiter run from outside with a letter or digit, and
/// CommonMark would then not read the run as emphasis (`xxx**as-is.**xxx`: a `**` after `.`
/// and before `x` closes nothing): that letter is written as a character reference
/// (`**as-is.**&#120;xx`), which reads as the same letter and lets the run close.
#[derive(Default)]
struct Flank {
    after_close: bool,
    before_open: bool,
}

impl Flank {
    fn escape_into(&self, out: &mut String, text: &str, at_start: bool, at_end: bool) {
        let mut text = text;
        if let Some(c) = text.chars().next().filter(|_| self.after_close) {
            out.push_str(&format!("&#{};", c as u32));
            text = &text[c.len_utf8()..];
        }
        let last = text.chars().next_back().filter(|_| self.before_open);
        let (body, at_end) = match last {
            Some(c) => (&text[..text.len() - c.len_utf8()], false),
            None => (text, at_end),
        };
        escape_into(out, body, at_start && !self.after_close, at_end);
        if let Some(c) = last {
            out.push_str(&format!("&#{};", c as u32));
        }
    }
}

/// Whether a delimiter run (`**`, `_`) would not close with `next` after it, as written so
/// far in `out`: a letter or digit after it, and `_`, or anything but one before it.
fn closes_against<'b>(out: &str, prev: &Tag, next: &str, code_bytes: &impl Fn(u32, bool) -> &'b str) -> bool {
    let Tag::Close(id) = prev else { return false };
    let delim = code_bytes(*id, true);
    let inside = out.strip_suffix(delim).and_then(|o| o.chars().next_back());
    touches(delim, inside, next.chars().next())
}

/// Whether the delimiter run opening after text `i` would not open with its last letter
/// before it: the same rule, looking at what is written after the run.
fn opens_against<'b>(
    tags: &[Tag],
    written: &[Option<&str>],
    i: usize,
    code_bytes: &impl Fn(u32, bool) -> &'b str,
) -> bool {
    let (Some(Tag::Text(text)), Some(Tag::Open(id))) = (tags.get(i), tags.get(i + 1)) else { return false };
    let delim = code_bytes(*id, false);
    let inside = match tags.get(i + 2) {
        Some(Tag::Text(t)) => written.get(i + 2).copied().flatten().unwrap_or(t).chars().next(),
        Some(Tag::Open(id) | Tag::Alone(id)) => code_bytes(*id, false).chars().next(),
        Some(Tag::Close(id)) => code_bytes(*id, true).chars().next(),
        None => None,
    };
    touches(delim, inside, text.chars().next_back())
}

fn touches(delim: &str, inside: Option<char>, outside: Option<char>) -> bool {
    let emphasis = delim.starts_with(['*', '_', '~']);
    let outside = outside.is_some_and(char::is_alphanumeric);
    emphasis && outside && (delim.starts_with('_') || !inside.is_some_and(char::is_alphanumeric))
}

fn code_of(segment: &Segment, id: u32) -> Option<Code> {
    segment.parts.iter().find_map(|p| match p {
        Part::Alone { id: i, code, .. } if *i == id => Some(*code),
        _ => None,
    })
}

/// A code alone, as the source writes it; a bare address with new text right after it (no
/// space between) is written `<https://…>`, `<name@host>` or `[www.…](http://www.…)`, whose
/// ends are marked, so the text cannot run on into the address.
fn write_alone(out: &mut String, raw: &str, code: Option<Code>, runs_on: bool) {
    let bare = code == Some(Code::Autolink) && !raw.starts_with(['<', '[']);
    if !(bare && runs_on) {
        out.push_str(raw);
    } else if raw.contains(':') || raw.contains('@') {
        out.push_str(&format!("<{raw}>"));
    } else {
        out.push_str(&format!("[{raw}](http://{raw})"));
    }
}

/// The body with each segment replaced (`None`: kept as the source has it).
pub fn body_with(body: &str, segments: &[Segment], written: &[Option<String>]) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let mut at = 0;
    for (segment, text) in segments.iter().zip(written) {
        // Segments come in order and apart ([`crate::content::segments::segments`]).
        let Some(between) = body.get(at..segment.range.start) else { continue };
        out.push_str(between);
        match text {
            Some(text) => out.push_str(text),
            None => out.push_str(&body[segment.range.clone()]),
        }
        at = segment.range.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Writes typed text so Markdown reads it as typed: every character Markdown could read as
/// syntax gets a backslash (`*`, `[`, `` ` ``, `<`, `&`, `|`, …), and so do the `:` of an
/// address and the `.` after `www`, which would otherwise become links of their own; a line
/// break becomes a space (the block stays one block), and a segment's own start cannot open
/// a list, heading or quote.
pub fn escape_into(out: &mut String, text: &str, at_start: bool, at_end: bool) {
    let mut text = text.replace(['\n', '\r'], " ");
    if at_start {
        text = text.trim_start_matches(' ').to_string();
    }
    if at_end {
        text.truncate(text.trim_end_matches(' ').len());
    }
    let chars: Vec<char> = text.chars().collect();
    let opener = if at_start { block_opener(&chars) } else { None };
    let last = chars.len().saturating_sub(1);
    for (i, &c) in chars.iter().enumerate() {
        // A tab that starts or ends a block would be dropped as indentation or trailing space.
        if c == '\t' && ((at_start && i == 0) || (at_end && i == last)) {
            out.push_str("&#9;");
            continue;
        }
        // A backslash just before a tag would escape the tag's Markdown (`\{{`, `\**`).
        if c == '\\' && i == last && !at_end {
            out.push_str("&#92;");
            continue;
        }
        // A `!` just before a link's tag would make the link an image.
        if needs_backslash(&chars, i) || opener == Some(i) || (c == '!' && i == last && !at_end) {
            out.push('\\');
        }
        out.push(c);
    }
}

fn needs_backslash(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let next = |k: usize| chars.get(i + k).copied();
    match c {
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '@' => true,
        ':' => next(1) == Some('/') && next(2) == Some('/'),
        '.' => i >= 3 && chars[i - 3..i].iter().collect::<String>().eq_ignore_ascii_case("www"),
        _ => false,
    }
}

/// Where text at the start of a block would open another block, to be escaped: the `-`, `+`
/// or `=` it starts with (a list, a heading's underline), or the `.`/`)` of `1.`/`1)` (an
/// ordered list).
fn block_opener(chars: &[char]) -> Option<usize> {
    match chars.first() {
        Some('-' | '+' | '=') => Some(0),
        Some(c) if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits <= 9 && matches!(chars.get(digits), Some('.' | ')'))).then_some(digits)
        }
        _ => None,
    }
}
