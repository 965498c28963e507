//! A Markdown body cut into the segments a translator translates: each heading, paragraph
//! (in lists, quotes and footnotes too) and table cell, as text runs between inline codes.
//! The codes are what a translator must not change: placeholders, the Markdown of inline
//! formatting (a pair: `**` … `**`, `[` … `](url)`), code spans, raw HTML, line breaks, bare
//! links and a heading's or paragraph's leading clause number. Every part keeps its bytes in
//! the source, so the body can be written again with other words in the same structure
//! (`translate/rebuild.rs`).

pub use crate::content::inline_codes::{BlockKind, Code, Part};
use crate::content::markdown::{comrak_options, RenderOptions};
use crate::content::placeholders::{sentinel_markdown, Sentinelled};
use crate::content::{anchors, autolinks, inline_codes};
use crate::diag::Diagnostic;
use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{parse_document, Arena};
use std::ops::Range;

/// A block a translator translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: BlockKind,
    /// The bytes of the body its parts cover, from its first inline to its last.
    pub range: Range<usize>,
    pub parts: Vec<Part>,
}

impl Segment {
    /// Whether a translator has anything to do: some letter outside the codes.
    pub fn has_words(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Text { text, .. } if text.chars().any(char::is_alphabetic)))
    }

    /// The segment's words and codes as one comparable string (codes as `\u{1}id\u{1}`):
    /// equal keys mean an unchanged segment.
    pub fn key(&self) -> String {
        let mut key = String::new();
        for p in &self.parts {
            match p {
                Part::Text { text, .. } => key.push_str(text),
                Part::Open { id, .. } | Part::Alone { id, .. } => key.push_str(&format!("\u{1}{id}\u{1}")),
                Part::Close { id, .. } => key.push_str(&format!("\u{2}{id}\u{2}")),
            }
        }
        key
    }
}

/// The segments of a body, in order, with words to translate. The ranges are bytes of `body`.
pub fn segments(body: &str) -> Result<Vec<Segment>, Diagnostic> {
    let sentinelled = sentinel_markdown(body)?;
    let mut options = comrak_options(&RenderOptions::default());
    options.parse.sourcepos_chars = false;
    let arena = Arena::new();
    let root = parse_document(&arena, &sentinelled.markdown, &options);
    autolinks::end_at_punctuation(&arena, root, &sentinelled.markdown, &options);
    let cut = Cutter { md: &sentinelled, lines: line_starts(&sentinelled.markdown) };
    let mut out = Vec::new();
    for node in root.descendants() {
        let kind = match node.data.borrow().value {
            NodeValue::Heading(_) => BlockKind::Heading,
            NodeValue::Paragraph => BlockKind::Paragraph,
            NodeValue::TableCell => BlockKind::Cell,
            _ => continue,
        };
        if let Some(segment) = cut.segment(node, kind) {
            out.extend(Some(segment).filter(Segment::has_words));
        }
    }
    // In the order of the source: comrak moves footnote definitions to the end.
    out.sort_by_key(|s| s.range.start);
    out.dedup_by(|b, a| b.range.start < a.range.end);
    Ok(out)
}

/// What an inline node other than text stands for as a code.
fn code_of(value: &NodeValue) -> Code {
    match value {
        NodeValue::Emph => Code::Emphasis,
        NodeValue::Strong => Code::Strong,
        NodeValue::Strikethrough => Code::Strikethrough,
        NodeValue::Link(_) => Code::Link,
        NodeValue::Image(_) => Code::Image,
        NodeValue::Code(_) => Code::CodeSpan,
        NodeValue::HtmlInline(_) => Code::Html,
        NodeValue::LineBreak => Code::LineBreak,
        NodeValue::FootnoteReference(_) => Code::Footnote,
        _ => Code::Other,
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// Cuts blocks of one parsed body into parts, in the source's bytes.
struct Cutter<'a> {
    md: &'a Sentinelled,
    lines: Vec<usize>,
}

/// The parts of one segment as they are found.
#[derive(Default)]
struct Parts {
    parts: Vec<Part>,
    next_id: u32,
    /// Where the text not yet taken by a code starts (Markdown bytes), and its words.
    text_from: usize,
    text: String,
}

impl Cutter<'_> {
    /// Byte range in the Markdown of a node's source position (end inclusive in comrak).
    fn range(&self, pos: Sourcepos) -> Option<Range<usize>> {
        let at =
            |line: usize, column: usize| Some(self.lines.get(line.checked_sub(1)?)? + column.checked_sub(1)?);
        let (start, end) = (at(pos.start.line, pos.start.column)?, at(pos.end.line, pos.end.column)? + 1);
        (start <= end && end <= self.md.markdown.len()).then_some(start..end)
    }

    /// A node's bytes. A text node's position starts after a backslash escape it begins with
    /// (comrak's), so that backslash is taken back in.
    fn node_range<'n>(&self, node: &'n AstNode<'n>) -> Option<Range<usize>> {
        let mut range = self.range(node.data.borrow().sourcepos)?;
        let md = self.md.markdown.as_bytes();
        let escaped = range.start > 0 && md[range.start - 1] == b'\\';
        if escaped && md.get(range.start).is_some_and(u8::is_ascii_punctuation) {
            range.start -= 1;
        }
        Some(range)
    }

    fn segment<'n>(&self, block: &'n AstNode<'n>, kind: BlockKind) -> Option<Segment> {
        let first = self.node_range(block.first_child()?)?;
        let last = self.node_range(block.last_child()?)?;
        let mut parts = Parts { text_from: first.start, ..Parts::default() };
        for child in block.children() {
            self.inline(child, &mut parts)?;
        }
        self.flush_text(&mut parts, last.end);
        if !parts.parts.iter().all(|p| self.text_in_place(p)) {
            return None;
        }
        let end = match kind {
            BlockKind::Heading => self.cut_explicit_id(&mut parts.parts).unwrap_or(last.end),
            _ => last.end,
        };
        let mut parts = inline_codes::placeholders(self.md, parts.parts, parts.next_id);
        inline_codes::clause_number(self.md, kind, &mut parts);
        let parts = inline_codes::in_order(parts).into_iter().map(|p| self.in_source(p)).collect();
        Some(Segment { kind, range: self.source(first.start..end), parts })
    }

    /// A heading's `{#id}` is no part of its words: it is left out of the segment, so a
    /// translation keeps it as the source writes it. Returns where the segment now ends.
    fn cut_explicit_id(&self, parts: &mut Vec<Part>) -> Option<usize> {
        let Some(Part::Text { raw, text }) = parts.last() else { return None };
        let (text_end, id) = anchors::explicit_id(text)?;
        let written = self.md.markdown[raw.clone()].trim_end().strip_suffix(&format!("{{#{id}}}"))?;
        let end = raw.start + written.trim_end().len();
        let (start, text) = (raw.start, text[..text_end].to_string());
        parts.pop();
        if start < end || !text.is_empty() {
            parts.push(Part::Text { raw: start..end, text });
        }
        Some(end)
    }

    /// Walks one inline node: text is gathered, formatting becomes a pair of codes around its
    /// children, anything else one code. `None` when comrak's positions do not add up.
    fn inline<'n>(&self, node: &'n AstNode<'n>, parts: &mut Parts) -> Option<()> {
        let code = match &node.data.borrow().value {
            NodeValue::Text(t) => {
                parts.text.push_str(t);
                return Some(());
            }
            NodeValue::SoftBreak => {
                parts.text.push(' ');
                return Some(());
            }
            other => code_of(other),
        };
        let whole = self.node_range(node)?;
        let inner = match (node.first_child(), node.last_child()) {
            (Some(first), Some(last)) => Some(self.node_range(first)?.start..self.node_range(last)?.end),
            _ => None,
        };
        let inner = inner.filter(|i| whole.start < i.start && i.start <= i.end && i.end < whole.end);
        match inner.filter(|i| self.is_pair(code, whole.start..i.start, i.end..whole.end)) {
            Some(inner) => self.pair(node, code, whole, inner, parts),
            // Formatting whose delimiters are not where comrak says: the block is left alone.
            None if matches!(code, Code::Emphasis | Code::Strong | Code::Strikethrough) => None,
            None => {
                let code = if code == Code::Link { Code::Autolink } else { code };
                self.is_alone(code, &whole).then(|| {
                    self.code(parts, whole.clone(), |id, raw| Part::Alone { id, raw, code });
                })
            }
        }
    }

    /// A formatted run: its opening Markdown, its children, its closing Markdown.
    fn pair<'n>(
        &self,
        node: &'n AstNode<'n>,
        code: Code,
        whole: Range<usize>,
        inner: Range<usize>,
        parts: &mut Parts,
    ) -> Option<()> {
        let id = self.code(parts, whole.start..inner.start, |id, raw| Part::Open { id, raw, code });
        node.children().try_for_each(|c| self.inline(c, parts))?;
        self.flush_text(parts, inner.end);
        parts.text_from = whole.end;
        parts.parts.push(Part::Close { id, raw: inner.end..whole.end });
        Some(())
    }

    /// Whether a formatted node's Markdown around its text is what its kind writes: `*`/`_`
    /// runs, `~`, or a link's `[` … `](…)` or `[` … `][label]`. A shortcut or collapsed
    /// reference (`[label]`, `[label][]`) is no pair: its text is the label it refers by; nor
    /// is an autolink, whose text is its address.
    fn is_pair(&self, code: Code, open: Range<usize>, close: Range<usize>) -> bool {
        let md = &self.md.markdown;
        let (open, close) = (&md[open], &md[close]);
        let run_of = |s: &str, c: &[char]| !s.is_empty() && s.chars().all(|x| c.contains(&x));
        let link_close = |c: &str| c.starts_with("](") || (c.starts_with("][") && c != "][]");
        match code {
            Code::Emphasis | Code::Strong => run_of(open, &['*', '_']) && run_of(close, &['*', '_']),
            Code::Strikethrough => run_of(open, &['~']) && run_of(close, &['~']),
            Code::Link => open == "[" && link_close(close),
            Code::Image => open == "![" && link_close(close),
            _ => false,
        }
    }

    /// Whether a code's bytes look like its kind (comrak's positions are wrong inside some
    /// table cells and after link reference definitions).
    fn is_alone(&self, code: Code, whole: &Range<usize>) -> bool {
        let raw = &self.md.markdown[whole.clone()];
        match code {
            Code::CodeSpan => raw.starts_with('`') && raw.ends_with('`'),
            Code::Html => raw.starts_with('<') && raw.ends_with('>'),
            _ => true,
        }
    }

    /// Whether a text part's letters and digits are found, in order, in its bytes: a check on
    /// comrak's positions, which drift after a link reference definition.
    fn text_in_place(&self, part: &Part) -> bool {
        let Part::Text { raw, text } = part else { return true };
        let written = inline_codes::with_numeric_references_read(&self.md.markdown[raw.clone()]);
        let mut written = written.chars();
        text.chars().filter(char::is_ascii_alphanumeric).all(|c| written.any(|w| w == c))
    }

    /// Ends the text gathered so far at `end` and adds a code at `md`; returns its id.
    fn code(&self, parts: &mut Parts, md: Range<usize>, make: impl Fn(u32, Range<usize>) -> Part) -> u32 {
        self.flush_text(parts, md.start);
        parts.next_id += 1;
        let id = parts.next_id;
        parts.text_from = md.end;
        parts.parts.push(make(id, md));
        id
    }

    fn flush_text(&self, parts: &mut Parts, end: usize) {
        let text = std::mem::take(&mut parts.text);
        if !text.is_empty() || parts.text_from < end {
            parts.parts.push(Part::Text { raw: parts.text_from..end.max(parts.text_from), text });
        }
    }

    fn source(&self, md: Range<usize>) -> Range<usize> {
        self.md.source_offset(md.start)..self.md.source_offset(md.end)
    }

    /// A part found in the Markdown with its range in the source's bytes.
    fn in_source(&self, mut part: Part) -> Part {
        let (Part::Text { raw, .. }
        | Part::Open { raw, .. }
        | Part::Close { raw, .. }
        | Part::Alone { raw, .. }) = &mut part;
        *raw = self.source(raw.clone());
        part
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of each segment, as `text` or `<code:raw>`.
    fn show(body: &str) -> Vec<String> {
        let segs = segments(body).unwrap();
        segs.iter()
            .map(|s| {
                let joined: String = s.parts.iter().map(|p| &body[p.raw().clone()]).collect();
                assert_eq!(joined, &body[s.range.clone()], "parts cover the segment");
                s.parts
                    .iter()
                    .map(|p| match p {
                        Part::Text { text, .. } => text.clone(),
                        Part::Open { raw, .. } | Part::Close { raw, .. } | Part::Alone { raw, .. } => {
                            format!("<{}>", &body[raw.clone()])
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn blocks_become_segments_of_text_and_codes() {
        let body = "## 6.3 Your *data*\n\nMail {{supportMail}} or see [the terms](terms.md \"T\").\n\n- one `code`\n- two\\* &amp; three\n\n| a | b |\n|---|---|\n| x **y** | 2024 |\n";
        assert_eq!(
            show(body),
            [
                "<6.3 >Your <*>data<*>",
                "Mail <{{supportMail}}> or see <[>the terms<](terms.md \"T\")>.",
                "one <`code`>",
                "two* & three",
                "a",
                "b",
                "x <**>y<**>",
            ]
        );
    }

    #[test]
    fn clause_numbers_written_with_escapes_and_in_other_scripts() {
        assert_eq!(show("1.2\\. Scope\n"), ["<1.2\\. >Scope"]);
        assert_eq!(show("# 第六条 责任\n"), ["<第六条 >责任"]);
        assert_eq!(show("Text 1.2 in the middle\n"), ["Text 1.2 in the middle"]);
    }

    #[test]
    fn autolinks_stay_whole_and_lines_join() {
        assert_eq!(
            show("See <https://a.example> and www.b.example\nnext line\n"),
            ["See <<https://a.example>> and <www.b.example> next line"]
        );
        assert_eq!(
            show("> quoted\n> on two lines  \n> with a break\n"),
            ["quoted on two lines<  \n>with a break"]
        );
    }

    #[test]
    fn the_punctuation_after_a_bare_url_in_cjk_text_is_text() {
        assert_eq!(
            show("官方网站（https://{{consoleURLwithoutHttp}}）。见<https://a.example/（注）>。\n"),
            ["官方网站（<https://{{consoleURLwithoutHttp}}>）。见<<https://a.example/（注）>>。"]
        );
    }

    #[test]
    fn a_headings_written_id_is_no_part_of_its_words() {
        assert_eq!(show("## What we *collect* {#what-we-collect}\n"), ["What we <*>collect<*>"]);
        assert_eq!(show("## 2. Scope   {#scope}\n\n## Plain {#a b}\n"), ["<2. >Scope", "Plain {#a b}"]);
        let body = "Title {#t}\n=====\n";
        assert_eq!(segments(body).unwrap()[0].range, 0..5);
    }

    #[test]
    fn a_letter_written_as_a_character_reference_is_text_in_place() {
        assert_eq!(show("**as-is.**&#120;xx and &#X79;y\n"), ["<**>as-is.<**>xxx and yy"]);
    }

    #[test]
    fn escaped_braces_are_text_and_placeholders_in_links_stay_in_the_code() {
        assert_eq!(
            show("Write \\{{x}} or [console]({{consoleURL}}/a)\n"),
            ["Write {{x}} or <[>console<]({{consoleURL}}/a)>"]
        );
    }
}
