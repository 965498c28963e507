//! Bare URLs end where the sentence around them resumes, in scripts that write no space there.
//!
//! GFM's extended autolinks run to the next space (§6.9 of its spec): right for text that puts
//! spaces around a URL, wrong for text that writes none. `官方网站（https://console.example）。`
//! becomes a link to `https://console.example）。`, a host that does not exist, in the very
//! clause that tells the reader where the service is. So, after comrak parsed a body, a bare
//! URL ends before a Unicode space, non-ASCII punctuation, a bidirectional mark, or CJK
//! letters written straight after ASCII ones ([`url_end`]), and then before the ASCII
//! punctuation GFM drops at the end of a link (`.`, `,`, `:` …), as it does at a space. What is
//! cut stays in the text, as text. A URL written in angle brackets (`<https://…>`) is the
//! writer's own and is left whole, as is any link with a destination of its own.
//!
//! Real URLs with such characters in them are rare and are written percent-encoded or in
//! angle brackets; the GFM spec's own examples are all ASCII and render as before (see
//! `tests/gfm_spec.rs`). `translate` cuts its segments after the same change, so the
//! punctuation after a bare URL is text a translator translates, not part of the URL's code.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use finl_unicode::categories::CharacterCategories;

/// Ends every bare URL of the document at `root` (parsed from `markdown` with `options`)
/// before the punctuation of the sentence around it. The link's and the cut text's source
/// positions are set as comrak would have set them, so `translate` cuts the same segments.
pub fn end_at_punctuation<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    markdown: &str,
    options: &Options,
) {
    if markdown.is_ascii() {
        return;
    }
    let links: Vec<&AstNode<'_>> = root.descendants().filter(|n| is_link(n)).collect();
    if links.is_empty() {
        return;
    }
    let source = Source {
        markdown,
        lines: crate::diag::LineIndex::new(markdown),
        chars: options.parse.sourcepos_chars,
    };
    for link in links {
        if !source.in_angle_brackets(link) {
            cut(arena, link, source.chars);
        }
    }
}

/// The Markdown comrak parsed, and whether its columns count characters or bytes.
struct Source<'m> {
    markdown: &'m str,
    lines: crate::diag::LineIndex,
    chars: bool,
}

fn is_link(node: &AstNode<'_>) -> bool {
    matches!(node.data.borrow().value, NodeValue::Link(_))
}

impl Source<'_> {
    /// Whether the link's source starts with `<`: an autolink the writer delimited.
    fn in_angle_brackets(&self, link: &AstNode<'_>) -> bool {
        let start = link.data.borrow().sourcepos.start;
        let line_start = self.lines.line_start(start.line, self.markdown);
        let rest = self.markdown.get(line_start..).unwrap_or("");
        let column = start.column.saturating_sub(1);
        match self.chars {
            true => rest.chars().nth(column) == Some('<'),
            false => rest.as_bytes().get(column) == Some(&b'<'),
        }
    }
}

/// Cuts a bare URL's link before its first non-ASCII punctuation, moving the rest out after
/// it; `chars`: source columns count characters (else bytes).
fn cut<'a>(arena: &'a Arena<'a>, link: &'a AstNode<'a>, chars: bool) {
    let Some(text_node) = link.first_child().filter(|t| t.next_sibling().is_none()) else { return };
    let text = match &text_node.data.borrow().value {
        NodeValue::Text(t) => t.to_string(),
        _ => return,
    };
    let Some(scheme) = bare_url_scheme(link, &text) else { return };
    let Some(end) = url_end(&text) else { return };
    if end == 0 {
        return;
    }
    if let NodeValue::Link(l) = &mut link.data.borrow_mut().value {
        l.url = format!("{scheme}{}", &text[..end]);
    }
    if let NodeValue::Text(t) = &mut text_node.data.borrow_mut().value {
        *t = text[..end].to_string().into();
    }
    let rest = arena.alloc(AstNode::from(NodeValue::Text(text[end..].to_string().into())));
    // A bare URL is on one line, and its text is its source.
    let kept = if chars { text[..end].chars().count() } else { end };
    let whole = link.data.borrow().sourcepos;
    let mut before = whole;
    before.end.column = whole.start.column + kept - 1;
    let mut after = whole;
    after.start.column = before.end.column + 1;
    link.data.borrow_mut().sourcepos = before;
    text_node.data.borrow_mut().sourcepos = before;
    rest.data.borrow_mut().sourcepos = after;
    link.insert_after(rest);
}

/// What comes before a bare URL's text in its destination (`http://` for `www.…`,
/// `mailto:` for an address), or `None` when the link has a destination of its own.
fn bare_url_scheme(link: &AstNode<'_>, text: &str) -> Option<&'static str> {
    let data = link.data.borrow();
    let NodeValue::Link(l) = &data.value else { return None };
    if !l.title.is_empty() {
        return None;
    }
    ["", "http://", "mailto:"].into_iter().find(|scheme| l.url.strip_prefix(scheme) == Some(text))
}

/// Where a bare URL `text` ends, when something cuts it: before the first character that
/// [`ends_url`], or before Chinese, Japanese or Korean letters written straight after an ASCII
/// letter, digit or closing mark (`https://example.com/privacy了解详情`, `…/privacy)를`); then
/// before the ASCII punctuation GFM drops at a link's end.
fn url_end(text: &str) -> Option<usize> {
    let mut before = None;
    let (at, _) = text.char_indices().find(|&(_, c)| {
        let sentence_resumes = is_cjk_letter(c)
            && before.is_some_and(|b: char| b.is_ascii_alphanumeric() || matches!(b, ')' | ']' | '"' | '\''));
        before = Some(c);
        ends_url(c) || sentence_resumes
    })?;
    Some(without_trailing_punctuation(&text[..at]).len())
}

/// Unicode space (`U+3000`, the no-break space), non-ASCII punctuation but the marks written
/// inside words (`ジョン・スミス`), and the bidirectional marks an IRI must not hold (RFC 3987
/// §4.1), which right-to-left text writes around a URL (`(http://…/)\u{200E}[…]`).
fn ends_url(c: char) -> bool {
    const INSIDE_WORDS: [char; 8] =
        ['\u{30FB}', '\u{00B7}', '\u{2010}', '\u{2011}', '\u{05BE}', '\u{05F3}', '\u{05F4}', '\u{30A0}'];
    const BIDI: [char; 11] = [
        '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
        '\u{2067}', '\u{2068}', '\u{2069}',
    ];
    !c.is_ascii()
        && (c.is_whitespace() || (c.is_punctuation() && !INSIDE_WORDS.contains(&c)) || BIDI.contains(&c))
}

/// Han, kana and Hangul.
fn is_cjk_letter(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// `url` without the punctuation GFM leaves out at a link's end: `?!.,:*_~'"`, and a `)`
/// that closes no `(` of the URL.
fn without_trailing_punctuation(mut url: &str) -> &str {
    loop {
        let trimmed = url.trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~', '\'', '"']);
        let unbalanced =
            trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count();
        if !unbalanced {
            return trimmed;
        }
        url = &trimmed[..trimmed.len() - 1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let options = crate::content::markdown::comrak_options(&Default::default());
        let arena = Arena::new();
        let root = comrak::parse_document(&arena, md, &options);
        end_at_punctuation(&arena, root, md, &options);
        let mut out = String::new();
        let _ = comrak::format_html(root, &options, &mut out);
        out
    }

    #[test]
    fn chinese_and_japanese_punctuation_end_a_bare_url() {
        assert_eq!(
            html("官方网站（https://console.example）。"),
            "<p>官方网站（<a href=\"https://console.example\">https://console.example</a>）。</p>\n"
        );
        assert_eq!(
            html("公式ウェブサイト（https://console.example/ja/）をいいます。"),
            "<p>公式ウェブサイト（<a href=\"https://console.example/ja/\">https://console.example/ja/</a>）をいいます。</p>\n"
        );
        assert_eq!(
            html("见 www.example.com。"),
            "<p>见 <a href=\"http://www.example.com\">www.example.com</a>。</p>\n"
        );
        assert_eq!(
            html("请访问https://www.example.com了解详情。"),
            "<p>请访问<a href=\"https://www.example.com\">https://www.example.com</a>了解详情。</p>\n"
        );
        // Letters straight after a path, in the three scripts; a Korean particle after `)`.
        let cases = [
            ("请访问https://example.com/privacy了解详情。", "https://example.com/privacy", "了解详情。"),
            (
                "자세한 내용은 https://example.com/privacy에서 확인",
                "https://example.com/privacy",
                "에서 확인",
            ),
            (
                "詳細はhttps://example.com/privacy.htmlをご覧ください",
                "https://example.com/privacy.html",
                "をご覧ください",
            ),
            ("(https://example.com/privacy)를 참조", "https://example.com/privacy", ")를 참조"),
            ("网址：https://example.com\u{3000}详情见下文。", "https://example.com", "\u{3000}详情见下文。"),
            ("see https://example.com/terms\u{a0}and more", "https://example.com/terms", "\u{a0}and more"),
        ];
        for (md, url, after) in cases {
            let out = html(md);
            assert!(out.contains(&format!("<a href=\"{url}\">{url}</a>{after}")), "{md} gave {out}");
        }
        // A real text (WordPress's terms in Hebrew): a left-to-right mark after a URL.
        assert_eq!(
            html("בכתובת (http://vip.wordpress.com/)\u{200E}[vip];"),
            "<p>בכתובת (<a href=\"http://vip.wordpress.com/\">http://vip.wordpress.com/</a>)\u{200E}[vip];</p>\n"
        );
        assert_eq!(
            html("请访问https://example.com/a.，谢谢"),
            "<p>请访问<a href=\"https://example.com/a\">https://example.com/a</a>.，谢谢</p>\n"
        );
    }

    #[test]
    fn urls_written_whole_are_left_whole() {
        // Angle brackets, a link of its own, non-ASCII letters in a path, ASCII text.
        let angle = html("见<https://example.com/（注）>。");
        assert!(angle.contains("href=\"https://example.com/%EF%BC%88%E6%B3%A8%EF%BC%89\""), "{angle}");
        let own = html("见[https://example.com）](https://example.com)。");
        assert!(own.contains(">https://example.com）</a>"), "{own}");
        let wiki =
            html("见 https://ja.wikipedia.org/wiki/東京 と https://ja.wikipedia.org/wiki/ジョン・スミス で");
        assert!(wiki.contains(">https://ja.wikipedia.org/wiki/東京</a>"), "{wiki}");
        assert!(wiki.contains(">https://ja.wikipedia.org/wiki/ジョン・スミス</a>"), "{wiki}");
        let query = html("见 https://example.com/s?q=隐私政策 。");
        assert!(query.contains(">https://example.com/s?q=隐私政策</a>"), "{query}");
        let idn = html("见 https://例子.公司 与 https://münchen.de/straße");
        assert!(
            idn.contains(">https://例子.公司</a>") && idn.contains(">https://münchen.de/straße</a>"),
            "{idn}"
        );
        assert_eq!(
            html("See https://example.com/a(b)."),
            "<p>See <a href=\"https://example.com/a(b)\">https://example.com/a(b)</a>.</p>\n"
        );
    }
}
