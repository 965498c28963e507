//! Filling: rendered HTML cut at its placeholders, and joined with one brand's values, each
//! escaped for where it lands (HTML text, a quoted attribute, a URL attribute checked whole,
//! or an unquoted attribute in raw HTML). This is the only per-brand work on a body.

use crate::content::placeholders::Sentinels;
use crate::content::shared_text::{self, SharedText};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// Where a value lands in HTML, which decides how it is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Element text or a quoted non-URL attribute: `&`, `<`, `>`, `"` and `'` are escaped.
    Text,
    /// Inside a tag but outside quotes (only raw HTML can put it there): everything but
    /// letters, digits, `-`, `_` and `.` becomes a character reference, so a value cannot
    /// add an attribute.
    Unquoted,
}

/// Rendered HTML cut at its placeholders.
#[derive(Debug, Clone, Default)]
pub struct Pieces {
    pieces: Vec<Piece>,
    /// Names by index, as in the document's [`Sentinels`].
    pub names: Vec<String>,
    literal_len: usize,
}

#[derive(Debug, Clone)]
enum Piece {
    /// A line of literal HTML (see [`shared_text::lines`]), perhaps shared with other documents.
    Lit(Arc<str>),
    Var(usize, Context),
    /// The whole value of an `href` or `src` attribute that holds a placeholder: checked as
    /// one URL once filled, so that no combination of values makes a `javascript:` link.
    Url(Vec<UrlPart>),
}

#[derive(Debug, Clone)]
enum UrlPart {
    /// Already escaped by the Markdown renderer.
    Lit(String),
    Var(usize),
}

/// Where the scan of rendered HTML is: in text, in a tag, or in a quoted attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    Text,
    Tag,
    /// In a value quoted by `quote`, starting at byte `start`; `url` for `href`/`src`.
    Quoted {
        quote: u8,
        start: usize,
        url: bool,
    },
}

/// A forward scan of HTML that knows, at every byte, which [`Spot`] it is in.
struct HtmlScan<'h> {
    html: &'h str,
    at: usize,
    spot: Spot,
}

impl<'h> HtmlScan<'h> {
    /// Moves to byte `to`, updating the spot; linear over the whole document, skipping from
    /// one byte that can change the spot to the next.
    fn advance(&mut self, to: usize) {
        let bytes = self.html.as_bytes();
        while self.at < to {
            let window = &bytes[self.at..to];
            let next = match self.spot {
                Spot::Text => memchr::memchr(b'<', window),
                Spot::Tag => memchr::memchr3(b'>', b'"', b'\'', window),
                Spot::Quoted { quote, .. } => memchr::memchr(quote, window),
            };
            let Some(skip) = next else {
                self.at = to;
                return;
            };
            self.at += skip;
            let b = bytes[self.at];
            self.spot = match (self.spot, b) {
                (Spot::Text, b'<') => Spot::Tag,
                (Spot::Tag, b'>') => Spot::Text,
                (Spot::Tag, b'"' | b'\'') => {
                    Spot::Quoted { quote: b, start: self.at + 1, url: self.is_url_attr() }
                }
                (Spot::Quoted { quote, .. }, b) if b == quote => Spot::Tag,
                (spot, _) => spot,
            };
            self.at += 1;
        }
    }

    /// Whether the attribute whose value opens at `self.at` is `href` or `src`.
    /// (Compared as bytes: twelve bytes back may fall inside a character of the text before
    /// the tag, where a string slice would find nothing and miss the `href`.)
    fn is_url_attr(&self) -> bool {
        let from = self.at.saturating_sub(12);
        let before = &self.html.as_bytes()[from..self.at];
        let name = before.strip_suffix(b"=").unwrap_or(before).trim_ascii_end();
        name.ends_with(b" href") || name.ends_with(b" src")
    }

    /// The end of the quoted value the scan is in.
    fn value_end(&self, quote: u8) -> usize {
        self.html.as_bytes()[self.at..]
            .iter()
            .position(|&b| b == quote)
            .map_or(self.html.len(), |p| self.at + p)
    }
}

impl Pieces {
    /// Cuts `html` at the sentinels of `sentinels`, deciding each one's context.
    pub fn from_html(html: &str, sentinels: &Sentinels) -> Pieces {
        let mut pieces = Vec::new();
        let mut scan = HtmlScan { html, at: 0, spot: Spot::Text };
        let mut last = 0;
        while let Some((s, e, i)) = sentinels.next_in(html, last) {
            scan.advance(s);
            match scan.spot {
                Spot::Quoted { quote, start, url: true } => {
                    let end = scan.value_end(quote);
                    push_lit(&mut pieces, &html[last..start]);
                    pieces.push(Piece::Url(url_parts(&html[start..end], sentinels)));
                    last = end;
                }
                spot => {
                    push_lit(&mut pieces, &html[last..s]);
                    let ctx = if spot == Spot::Tag { Context::Unquoted } else { Context::Text };
                    pieces.push(Piece::Var(i, ctx));
                    last = e;
                }
            }
            scan.advance(last);
        }
        push_lit(&mut pieces, &html[last..]);
        let literal_len = pieces.iter().map(|p| if let Piece::Lit(l) = p { l.len() } else { 0 }).sum();
        Pieces { pieces, names: sentinels.names.clone(), literal_len }
    }

    /// The HTML with `values[i]` for the placeholder named `names[i]`.
    pub fn fill(&self, values: &[&str]) -> String {
        let mut out = String::with_capacity(self.literal_len + 64 * values.len());
        self.fill_into(&mut out, values);
        out
    }

    /// Appends the HTML with `values[i]` for the placeholder named `names[i]` to `out`.
    pub fn fill_into(&self, out: &mut String, values: &[&str]) {
        let value = |i: usize| values.get(i).copied().unwrap_or("");
        for p in &self.pieces {
            match p {
                Piece::Lit(l) => out.push_str(l),
                Piece::Var(i, Context::Text) => escape_html(out, value(*i)),
                Piece::Var(i, Context::Unquoted) => escape_unquoted(out, value(*i)),
                Piece::Url(parts) => fill_url(out, parts, &value),
            }
        }
    }

    /// The length of the literal HTML, to size buffers.
    pub fn literal_len(&self) -> usize {
        self.literal_len
    }

    /// The HTML with each value looked up by name.
    pub fn fill_map(&self, values: &BTreeMap<String, String>) -> String {
        self.fill(&self.values_from(values))
    }

    /// The HTML again, with each placeholder written as its sentinel in `sentinels` (which
    /// must know every name of these pieces): for a redline, which compares two documents'
    /// HTML in one sentinel scheme and cuts the result again.
    pub fn to_sentinel_html(&self, sentinels: &Sentinels) -> String {
        let mut out = String::with_capacity(self.literal_len + 16 * self.pieces.len());
        let sentinel = |i: usize| {
            let name = self.names.get(i).map_or("", String::as_str);
            sentinels.names.iter().position(|n| n == name).map(|at| format!("{}{at}Q", sentinels.prefix))
        };
        for p in &self.pieces {
            match p {
                Piece::Lit(l) => out.push_str(l),
                Piece::Var(i, _) => out.push_str(&sentinel(*i).unwrap_or_default()),
                Piece::Url(parts) => parts.iter().for_each(|part| match part {
                    UrlPart::Lit(l) => out.push_str(l),
                    UrlPart::Var(i) => out.push_str(&sentinel(*i).unwrap_or_default()),
                }),
            }
        }
        out
    }

    /// Whether `needle` occurs in the literal HTML (to choose sentinels that do not).
    /// A needle without a line feed cannot straddle two lines: each is cut after one.
    pub fn literal_contains(&self, needle: &str) -> bool {
        self.pieces.iter().any(|p| match p {
            Piece::Lit(l) => l.contains(needle),
            Piece::Url(parts) => parts.iter().any(|u| matches!(u, UrlPart::Lit(l) if l.contains(needle))),
            Piece::Var(..) => false,
        })
    }

    /// Keeps `shared`'s copy of each line of literal HTML that it already holds.
    pub fn share(&mut self, shared: &SharedText) {
        for line in self.lines_mut() {
            *line = shared.share(line);
        }
    }

    /// The lines of literal HTML outside URLs.
    pub(crate) fn lines_mut(&mut self) -> impl Iterator<Item = &mut Arc<str>> {
        self.pieces.iter_mut().filter_map(|p| if let Piece::Lit(line) = p { Some(line) } else { None })
    }

    /// The values of this document's placeholders, in index order.
    pub fn values_from<'v>(&self, values: &'v BTreeMap<String, String>) -> Vec<&'v str> {
        self.names.iter().map(|n| values.get(n).map_or("", String::as_str)).collect()
    }
}

fn push_lit(pieces: &mut Vec<Piece>, lit: &str) {
    pieces.extend(shared_text::lines(lit).map(|line| Piece::Lit(Arc::from(line))));
}

/// An attribute value cut at its sentinels.
fn url_parts(value: &str, sentinels: &Sentinels) -> Vec<UrlPart> {
    let mut parts = Vec::new();
    let mut last = 0;
    while let Some((s, e, i)) = sentinels.next_in(value, last) {
        if s > last {
            parts.push(UrlPart::Lit(value[last..s].to_string()));
        }
        parts.push(UrlPart::Var(i));
        last = e;
    }
    if last < value.len() {
        parts.push(UrlPart::Lit(value[last..].to_string()));
    }
    parts
}

/// A URL attribute's value: values percent-encoded and escaped; nothing at all when the
/// URL, filled in, would run script or embed a document.
fn fill_url<'v>(out: &mut String, parts: &[UrlPart], value: &dyn Fn(usize) -> &'v str) {
    let mut head = String::new();
    for p in parts {
        match p {
            UrlPart::Lit(l) => {
                head.push_str(&l.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", "\""))
            }
            UrlPart::Var(i) => head.push_str(value(*i)),
        }
        if head.len() > 64 {
            break;
        }
    }
    if is_dangerous_url(&head) {
        return;
    }
    for p in parts {
        match p {
            UrlPart::Lit(l) => out.push_str(l),
            UrlPart::Var(i) => {
                let _ = comrak::html::escape_href(out, value(*i), false);
            }
        }
    }
}

/// Escapes a value that lands inside a tag outside quotes.
fn escape_unquoted(out: &mut String, value: &str) {
    for c in value.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else {
            let _ = write!(out, "&#{};", u32::from(c));
        }
    }
}

/// HTML-escapes text for element content and quoted attributes.
/// (A NUL becomes U+FFFD.) Runs of plain text are copied whole.
pub fn escape_html(out: &mut String, value: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html_to(out, value);
}

/// Like [`escape_html`], into any writer (a template's output, say).
pub fn escape_html_to(out: &mut impl std::fmt::Write, value: &str) -> std::fmt::Result {
    let mut last = 0;
    for (i, b) in value.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\0' => "\u{fffd}",
            _ => continue,
        };
        out.write_str(&value[last..i])?;
        out.write_str(replacement)?;
        last = i + 1;
    }
    out.write_str(&value[last..])
}

/// A URL whose scheme runs code or embeds a document: never a link target.
pub fn is_dangerous_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| cleaned.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::placeholders::sentinel_markdown;

    /// A dangerous value is dropped whatever text comes before the link: two characters of
    /// three bytes each put the attribute's name astride a character boundary.
    #[test]
    fn url_after_multibyte_text_is_checked_whole() {
        for before in ["", "ま", "まま", "€€", "ééé", "😀😀"] {
            let s = sentinel_markdown("{{u}}").unwrap();
            let html = format!("<p>{before}<a href=\"{}\">help</a></p>", s.markdown);
            let filled = Pieces::from_html(&html, &s.sentinels).fill(&["javascript:alert(1)"]);
            assert!(filled.contains("href=\"\""), "{before}: {filled}");
        }
    }

    #[test]
    fn sentinels_round_trip_through_html() {
        let s = sentinel_markdown("Hi {{a}} at [x](https://{{b}}/p) {{a}}").unwrap();
        assert_eq!(s.markdown, "Hi ClzPh0Q at [x](https://ClzPh1Q/p) ClzPh0Q");
        let html = "<p>Hi ClzPh0Q at <a href=\"https://ClzPh1Q/p\">x</a> ClzPh0Q</p>";
        let pieces = Pieces::from_html(html, &s.sentinels);
        let out = pieces.fill(&["AT&T <Cloud>", "ex.com/a b\"x"]);
        assert_eq!(out, "<p>Hi AT&amp;T &lt;Cloud&gt; at <a href=\"https://ex.com/a%20b%22x/p\">x</a> AT&amp;T &lt;Cloud&gt;</p>");
    }

    #[test]
    fn values_inside_tags_cannot_add_attributes() {
        let s = sentinel_markdown("{{a}}").unwrap();
        let raw = "<a class=ClzPh0Q title='ClzPh0Q'>ClzPh0Q</a>";
        let out = Pieces::from_html(raw, &s.sentinels).fill(&["x onclick=alert(1)"]);
        assert_eq!(
            out,
            "<a class=x&#32;onclick&#61;alert&#40;1&#41; title='x onclick=alert(1)'>x onclick=alert(1)</a>"
        );
        let out = Pieces::from_html(raw, &s.sentinels).fill(&["a' b"]);
        assert!(out.contains("title='a&#39; b'"), "{out}");
    }

    #[test]
    fn escaping_covers_every_special_character() {
        let mut out = String::new();
        escape_html(&mut out, "a&b<c>d\"e'f\0g 中");
        assert_eq!(out, "a&amp;b&lt;c&gt;d&quot;e&#39;f\u{fffd}g 中");
    }

    #[test]
    fn dangerous_values_are_dropped_at_the_start_of_a_url() {
        let s = sentinel_markdown("{{u}}").unwrap();
        let pieces = Pieces::from_html("<a href=\"ClzPh0Q\">x</a>", &s.sentinels);
        assert_eq!(pieces.fill(&[" JavaScript:alert(1)"]), "<a href=\"\">x</a>");
        assert_eq!(pieces.fill(&["https://ok.example"]), "<a href=\"https://ok.example\">x</a>");
        // Two values that only together spell a script URL.
        let s = sentinel_markdown("{{a}}{{b}}").unwrap();
        let pieces = Pieces::from_html("<a href=\"ClzPh0QClzPh1Q/x\" title=\"t\">ClzPh0Q</a>", &s.sentinels);
        assert_eq!(pieces.fill(&["java", "script:alert(1)"]), "<a href=\"\" title=\"t\">java</a>");
        assert_eq!(
            pieces.fill(&["https://a.example", "/p q"]),
            "<a href=\"https://a.example/p%20q/x\" title=\"t\">https://a.example</a>"
        );
    }
}
