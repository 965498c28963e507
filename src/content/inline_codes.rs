//! The codes found in a segment's text after its Markdown was read: each placeholder, and a
//! leading clause number; then every code numbered in the order it comes. The parts a
//! segment is made of are defined here.

use crate::content::numbering;
use crate::content::placeholders::Sentinelled;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    Cell,
}

/// One piece of a segment; `raw` is its bytes in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Words, as a reader sees them (escapes and entities decoded, line breaks as spaces).
    Text {
        raw: Range<usize>,
        text: String,
    },
    /// The opening Markdown of a formatted run (`**`, `[`); its [`Part::Close`] has the same id.
    Open {
        id: u32,
        raw: Range<usize>,
        code: Code,
    },
    Close {
        id: u32,
        raw: Range<usize>,
    },
    /// Something that stands alone: a placeholder, a code span, a clause number.
    Alone {
        id: u32,
        raw: Range<usize>,
        code: Code,
    },
}

/// What an inline code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Emphasis,
    Strong,
    Strikethrough,
    Link,
    Image,
    CodeSpan,
    Html,
    Placeholder,
    ClauseNumber,
    LineBreak,
    Footnote,
    /// A bare or `<…>` link: its text is its address.
    Autolink,
    Other,
}

impl Part {
    pub fn raw(&self) -> &Range<usize> {
        match self {
            Part::Text { raw, .. }
            | Part::Open { raw, .. }
            | Part::Close { raw, .. }
            | Part::Alone { raw, .. } => raw,
        }
    }
}

/// Each placeholder in the text becomes a code of its own. A sentinel is the same word in
/// the Markdown and in the text read from it, so both are cut at the same places (and a
/// run where they are not found alike is left whole).
pub fn placeholders(md: &Sentinelled, parts: Vec<Part>, mut next_id: u32) -> Vec<Part> {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let Part::Text { raw, text } = part else {
            out.push(part);
            continue;
        };
        let written = &md.markdown[raw.clone()];
        let (in_md, in_text) = (sentinels_in(md, written), sentinels_in(md, &text));
        if in_md.is_empty() || in_md.len() != in_text.len() {
            out.push(Part::Text { raw, text });
            continue;
        }
        let (mut md_at, mut text_at) = (raw.start, 0);
        for (m, t) in in_md.iter().zip(&in_text) {
            push_text(&mut out, md_at..raw.start + m.start, &text[text_at..t.start]);
            next_id += 1;
            out.push(Part::Alone {
                id: next_id,
                raw: raw.start + m.start..raw.start + m.end,
                code: Code::Placeholder,
            });
            (md_at, text_at) = (raw.start + m.end, t.end);
        }
        push_text(&mut out, md_at..raw.end, &text[text_at..]);
    }
    out
}

fn sentinels_in(md: &Sentinelled, text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some((start, end, _)) = md.sentinels.next_in(text, at) {
        found.push(start..end);
        at = end;
    }
    found
}

/// A heading's or paragraph's leading clause number (`6.3 `, `第六条`) becomes a code,
/// with the spaces after it, so a translation keeps the clause's number and id.
pub fn clause_number(md: &Sentinelled, kind: BlockKind, parts: &mut Vec<Part>) {
    let Some(Part::Text { raw, text }) = parts.first() else { return };
    let written = match kind {
        BlockKind::Heading => numbering::heading(text),
        BlockKind::Paragraph => numbering::paragraph(text),
        BlockKind::Cell => None,
    };
    let Some(written) = written else { return };
    let spaces = text[written.len..].len() - text[written.len..].trim_start().len();
    let number = &text[..written.len + spaces];
    let Some(raw_len) = raw_prefix_len(&md.markdown[raw.clone()], number) else { return };
    let (code_raw, rest_raw) = (raw.start..raw.start + raw_len, raw.start + raw_len..raw.end);
    let rest = text[number.len()..].to_string();
    let id = parts.iter().filter_map(part_id).max().unwrap_or(0) + 1;
    parts.splice(0..1, [Part::Alone { id, raw: code_raw, code: Code::ClauseNumber }]);
    if !rest.is_empty() || !rest_raw.is_empty() {
        parts.insert(1, Part::Text { raw: rest_raw, text: rest });
    }
}

/// The codes numbered 1, 2, … in the order they come (placeholders and the clause number
/// are found after the formatting), as CAT tools expect of a segment's tags.
pub fn in_order(mut parts: Vec<Part>) -> Vec<Part> {
    let mut order: Vec<u32> = Vec::new();
    for part in &parts {
        if let Part::Open { id, .. } | Part::Alone { id, .. } = part {
            order.push(*id);
        }
    }
    let new_id = |id: u32| order.iter().position(|&o| o == id).map_or(id, |p| p as u32 + 1);
    for part in &mut parts {
        if let Part::Open { id, .. } | Part::Close { id, .. } | Part::Alone { id, .. } = part {
            *id = new_id(*id);
        }
    }
    parts
}

fn push_text(out: &mut Vec<Part>, raw: Range<usize>, text: &str) {
    if !raw.is_empty() || !text.is_empty() {
        out.push(Part::Text { raw, text: text.to_string() });
    }
}

fn part_id(part: &Part) -> Option<u32> {
    match part {
        Part::Open { id, .. } | Part::Alone { id, .. } => Some(*id),
        _ => None,
    }
}

/// `&#120;` and `&#x78;` read as the characters they stand for (a translation's import writes
/// a letter against an emphasis run so).
pub fn with_numeric_references_read(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains("&#") {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find(';').filter(|&e| e <= 8);
        let number = end.and_then(|e| match after[..e].strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => after[..e].parse().ok(),
        });
        match (number.and_then(char::from_u32), end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// How many bytes of the Markdown `raw` write the decoded `text` it starts with, where a
/// character may be written with a backslash before it (`1\.`); `None` when it does not.
fn raw_prefix_len(raw: &str, text: &str) -> Option<usize> {
    let mut at = 0;
    for c in text.chars() {
        let rest = &raw[at..];
        if rest.starts_with(c) {
            at += c.len_utf8();
        } else if c.is_ascii_punctuation() && rest.strip_prefix('\\').is_some_and(|r| r.starts_with(c)) {
            at += 1 + c.len_utf8();
        } else if c == ' ' && rest.starts_with(['\t', '\n']) {
            at += 1;
        } else {
            return None;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numeric_references_read_and_others_left() {
        let read = super::with_numeric_references_read("&#120;&#;&#xZZ;&#1114112;&#X79;");
        assert_eq!(read, "x&#;&#xZZ;&#1114112;y");
    }
}
