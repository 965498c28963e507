//! Placeholders: `{{name}}` in text, filled with a brand's values after Markdown is rendered.
//!
//! A document is parsed and rendered once per (locale, file), whatever the number of brands.
//! To make that possible each `{{name}}` is first replaced by a *sentinel*: a run of ASCII
//! letters and digits that Markdown reads as a plain word (it survives emphasis, tables,
//! link destinations and autolinks unchanged). The rendered HTML is then cut at the
//! sentinels into [`crate::content::fill::Pieces`], and each brand's page is those pieces joined with its values,
//! each escaped for where it lands: HTML text, or a URL attribute. A value is therefore never
//! read as Markdown or HTML (SPEC §3).

use crate::diag::{Diagnostic, Kind, Pos};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One `{{name}}` in a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub name: String,
    /// Byte offset of the `{{` in the scanned text.
    pub offset: usize,
}

/// A short text with placeholders (a title, a description, the site title).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Lit(String),
    Var(String),
}

/// Where a placeholder's `{{` starts, if `text[i..]` is one: `(name, length)`.
fn match_at(text: &str, i: usize) -> Option<(&str, usize)> {
    let rest = text.get(i..)?.strip_prefix("{{")?;
    let inner_start = rest.len() - rest.trim_start_matches(' ').len();
    let after_ws = &rest[inner_start..];
    let name_len = after_ws
        .char_indices()
        .take_while(|&(j, c)| {
            if j == 0 {
                c.is_ascii_alphabetic() || c == '_'
            } else {
                c.is_ascii_alphanumeric() || c == '_' || c == '-'
            }
        })
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &after_ws[..name_len];
    let tail = &after_ws[name_len..];
    let tail_ws = tail.len() - tail.trim_start_matches(' ').len();
    tail[tail_ws..].starts_with("}}").then(|| (name, 2 + inner_start + name_len + tail_ws + 2))
}

/// The pieces of a scanned text: literal runs, placeholders and `\{{` escapes.
enum Token<'a> {
    Lit(&'a str),
    /// A placeholder: its name, offset and length in bytes.
    Var(&'a str, usize, usize),
    /// `\{{`, which writes `{{`.
    OpenBraces,
}

/// Scans `text`, calling `f` for each token. A `{{` that starts no placeholder is an error
/// at its position (a literal `{{` is written `\{{`).
fn scan<'a>(text: &'a str, mut f: impl FnMut(Token<'a>)) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let (mut i, mut lit_start) = (0, 0);
    while let Some(found) = memchr_brace(bytes, i) {
        i = found;
        if i + 1 >= bytes.len() || bytes[i + 1] != b'{' {
            i += 1;
            continue;
        }
        if i > 0 && bytes[i - 1] == b'\\' {
            f(Token::Lit(&text[lit_start..i - 1]));
            f(Token::OpenBraces);
            i += 2;
            lit_start = i;
        } else if let Some((name, len)) = match_at(text, i) {
            f(Token::Lit(&text[lit_start..i]));
            f(Token::Var(name, i, len));
            i += len;
            lit_start = i;
        } else if bytes.get(i + 2) == Some(&b'{') {
            i += 1; // `{{{x}}}`: the first brace is text
        } else {
            return Err(malformed(text, i));
        }
    }
    f(Token::Lit(&text[lit_start..]));
    Ok(())
}

fn memchr_brace(bytes: &[u8], from: usize) -> Option<usize> {
    bytes.get(from..)?.iter().position(|&b| b == b'{').map(|p| p + from)
}

fn malformed(text: &str, i: usize) -> Diagnostic {
    let snippet: String = text[i..].chars().take(24).collect();
    Diagnostic::error(Kind::MalformedPlaceholder, format!("`{snippet}` opens a placeholder but is not one"))
        .at(Pos::of_offset(text, i))
        .help("a placeholder is `{{name}}` with a name of letters, digits, `_` and `-`; write `\\{{` for a literal `{{`")
}

impl Template {
    /// Reads a short text. Errors carry positions within `text`.
    pub fn parse(text: &str) -> Result<(Template, Vec<Occurrence>), Diagnostic> {
        let mut segments = Vec::new();
        let mut occurrences = Vec::new();
        let push_lit = |segments: &mut Vec<Segment>, s: &str| match segments.last_mut() {
            Some(Segment::Lit(l)) => l.push_str(s),
            _ if !s.is_empty() => segments.push(Segment::Lit(s.to_string())),
            _ => {}
        };
        scan(text, |t| match t {
            Token::Lit(s) => push_lit(&mut segments, s),
            Token::OpenBraces => push_lit(&mut segments, "{{"),
            Token::Var(name, offset, _) => {
                occurrences.push(Occurrence { name: name.to_string(), offset });
                segments.push(Segment::Var(name.to_string()));
            }
        })?;
        Ok((Template { segments }, occurrences))
    }

    /// A template of literal text only.
    pub fn literal(text: &str) -> Template {
        Template { segments: vec![Segment::Lit(text.to_string())] }
    }

    /// The text with each placeholder replaced by its value (missing ones left empty:
    /// they are reported before anything is filled).
    pub fn fill(&self, values: &BTreeMap<String, String>) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Lit(l) => out.push_str(l),
                Segment::Var(v) => out.push_str(values.get(v).map_or("", String::as_str)),
            }
        }
        out
    }

    /// The text as written, placeholders shown as `{{name}}`: the stable source of ids.
    pub fn source_text(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Lit(l) => out.push_str(l),
                Segment::Var(v) => {
                    let _ = write!(out, "{{{{{v}}}}}");
                }
            }
        }
        out
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Var(v) => Some(v.as_str()),
            Segment::Lit(_) => None,
        })
    }
}

/// A Markdown body whose placeholders became sentinels, ready to be parsed once.
#[derive(Debug, Clone)]
pub struct Sentinelled {
    pub markdown: String,
    pub occurrences: Vec<Occurrence>,
    pub sentinels: Sentinels,
    /// Where the Markdown is shorter than the source: (byte offset in `markdown`, characters
    /// fewer), so that positions found in the Markdown can be given in the source.
    edits: Vec<(usize, usize)>,
    /// Running totals of the characters lost by `edits`.
    lost: Vec<usize>,
    /// After each edit, the byte offsets `(in markdown, in source)`: the map back to the
    /// source's bytes ([`Sentinelled::source_offset`]).
    resume: Vec<(usize, usize)>,
}

impl Sentinelled {
    /// The source column of the character at `line`/`column` (1-based, in characters) of the
    /// Markdown: columns after a placeholder on the same line move right by what it lost.
    pub fn source_column(&self, lines: &crate::diag::LineIndex, line: usize, column: usize) -> usize {
        let line_start = lines.line_start(line, &self.markdown);
        let rest = self.markdown.get(line_start..).unwrap_or("");
        let at =
            line_start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(b, _)| b);
        // `edits` are in order of offset; `lost` holds their running totals.
        let before = |offset: usize| self.edits.partition_point(|&(o, _)| o < offset);
        let (from, to) = (before(line_start), before(at));
        let total = |i: usize| if i == 0 { 0 } else { self.lost[i - 1] };
        column + total(to) - total(from)
    }

    /// The byte offset in the source of byte `offset` of the Markdown (outside a sentinel).
    pub fn source_offset(&self, offset: usize) -> usize {
        match self.resume.partition_point(|&(md, _)| md <= offset) {
            0 => offset,
            i => self.resume[i - 1].1 + (offset - self.resume[i - 1].0),
        }
    }
}

/// The sentinel scheme of one document: `<prefix><index>Q`, where the index names one of
/// `names`. The prefix is chosen so that it does not occur in the document.
#[derive(Debug, Clone, Default)]
pub struct Sentinels {
    pub prefix: String,
    pub names: Vec<String>,
}

impl Sentinels {
    fn for_text(text: &str) -> Sentinels {
        let mut prefix = String::from("ClzPh");
        while text.contains(&prefix) {
            prefix.push('x');
        }
        Sentinels { prefix, names: Vec::new() }
    }

    /// A scheme for `names` whose prefix `taken` says is free (a redline's two documents).
    pub fn for_names(names: Vec<String>, taken: impl Fn(&str) -> bool) -> Sentinels {
        let mut prefix = String::from("ClzRd");
        while taken(&prefix) {
            prefix.push('x');
        }
        Sentinels { prefix, names }
    }

    fn sentinel(&mut self, name: &str) -> String {
        let index = match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_string());
                self.names.len() - 1
            }
        };
        format!("{}{index}Q", self.prefix)
    }

    /// Finds the next sentinel in `text` at or after `from`: `(start, end, name index)`.
    pub fn next_in(&self, text: &str, from: usize) -> Option<(usize, usize, usize)> {
        if self.names.is_empty() {
            return None;
        }
        let mut at = from;
        while let Some(p) = text.get(at..)?.find(&self.prefix) {
            let start = at + p;
            let digits_start = start + self.prefix.len();
            let digits = text[digits_start..].bytes().take_while(u8::is_ascii_digit).count();
            let end = digits_start + digits;
            if digits > 0 && text[end..].starts_with('Q') {
                if let Ok(i) = text[digits_start..end].parse::<usize>() {
                    if i < self.names.len() {
                        return Some((start, end + 1, i));
                    }
                }
            }
            at = digits_start;
        }
        None
    }

    /// `text` with each sentinel turned back into a template placeholder.
    pub fn to_template(&self, text: &str) -> Template {
        let mut segments = Vec::new();
        let mut last = 0;
        while let Some((s, e, i)) = self.next_in(text, last) {
            if s > last {
                segments.push(Segment::Lit(text[last..s].to_string()));
            }
            segments.push(Segment::Var(self.names[i].clone()));
            last = e;
        }
        if last < text.len() {
            segments.push(Segment::Lit(text[last..].to_string()));
        }
        Template { segments }
    }
}

/// Replaces every placeholder of a Markdown body by its sentinel and `\{{` by `{{`.
pub fn sentinel_markdown(text: &str) -> Result<Sentinelled, Diagnostic> {
    let mut sentinels = Sentinels::for_text(text);
    let mut markdown = String::with_capacity(text.len());
    let mut occurrences = Vec::new();
    let mut edits = Vec::new();
    let (mut resume, mut source_at) = (Vec::new(), 0);
    scan(text, |t| match t {
        Token::Lit(s) => {
            markdown.push_str(s);
            source_at += s.len();
        }
        Token::OpenBraces => {
            edits.push((markdown.len(), 1));
            markdown.push_str("{{");
            source_at += 3;
            resume.push((markdown.len(), source_at));
        }
        Token::Var(name, offset, len) => {
            occurrences.push(Occurrence { name: name.to_string(), offset });
            let sentinel = sentinels.sentinel(name);
            edits.push((
                markdown.len(),
                text[offset..offset + len].chars().count().saturating_sub(sentinel.len()),
            ));
            markdown.push_str(&sentinel);
            source_at = offset + len;
            resume.push((markdown.len(), source_at));
        }
    })?;
    let lost = edits
        .iter()
        .scan(0, |acc, &(_, n)| {
            *acc += n;
            Some(*acc)
        })
        .collect();
    Ok(Sentinelled { edits, lost, resume, markdown, occurrences, sentinels })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn templates_fill_and_keep_source() {
        let (t, occ) = Template::parse("{{channelName}} Legal {{ x-y }}!").unwrap();
        assert_eq!(
            occ.iter().map(|o| (o.name.as_str(), o.offset)).collect::<Vec<_>>(),
            vec![("channelName", 0), ("x-y", 22)]
        );
        assert_eq!(t.fill(&vars(&[("channelName", "Acme"), ("x-y", "<b>")])), "Acme Legal <b>!");
        assert_eq!(t.source_text(), "{{channelName}} Legal {{x-y}}!");
    }

    #[test]
    fn escapes_and_stray_braces() {
        let (t, occ) = Template::parse(r"\{{name}} and {{{a}}}").unwrap();
        assert_eq!(occ.len(), 1);
        assert_eq!(t.fill(&vars(&[("a", "A")])), "{{name}} and {A}");
        let e = Template::parse("line\n  {{ not a name }}").unwrap_err();
        assert_eq!((e.kind, e.line, e.column), (Kind::MalformedPlaceholder, Some(2), Some(3)));
        assert!(Template::parse("{{").is_err());
        assert!(Template::parse("a { b } {").is_ok());
    }

    #[test]
    fn prefix_avoids_the_text() {
        let s = sentinel_markdown("ClzPh0Q is text {{a}}").unwrap();
        assert_eq!(s.sentinels.prefix, "ClzPhx");
        assert!(s.markdown.starts_with("ClzPh0Q is text ClzPhx0Q"));
    }
}
