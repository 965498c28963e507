//! Rendered HTML as a tree of blocks, for the redline: block elements (paragraphs, headings,
//! list items, table cells, code blocks, …) hold either further blocks or runs of inline
//! tokens (inline tags and the text between them, cut into words only where the redline
//! compares two runs word by word: most blocks are equal and are never cut). The parse is
//! lossless — writing the tree back gives the HTML byte for byte — and tolerant: comrak's
//! output is well formed, and whatever raw HTML is not is kept as inline tokens.

use crate::content::fill::Pieces;
use crate::content::placeholders::Sentinels;

/// A part of a block's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node<'a> {
    Block(Block<'a>),
    /// Inline content between block tags.
    Inline(Vec<Tok<'a>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// The lowercase element name: `p`, `h2`, `li`, `td`, …
    pub name: &'static str,
    /// The opening tag as written, attributes included.
    pub open: &'a str,
    pub children: Vec<Node<'a>>,
    /// The closing tag as written (empty for `<hr>` and unclosed elements).
    pub close: &'a str,
}

/// An inline token: a slice of the parsed HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok<'a> {
    /// An inline tag (`<em>`, `</a>`, `<br />`, a comment), as written.
    Tag(&'a str),
    /// Text between tags as parsed; a word, a run of white space, one CJK character, one
    /// punctuation mark or an entity once [`crate::render::compare::cut_words`] has cut it.
    Text(&'a str),
}

impl<'a> Tok<'a> {
    pub fn text(&self) -> &'a str {
        match self {
            Tok::Tag(t) | Tok::Text(t) => t,
        }
    }
}

const BLOCKS: [&str; 37] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The lowercase name of a block element, for a tag name as written (`P`, `li`, …).
fn block_name(name: &str) -> Option<&'static str> {
    let code = (name.len() <= 16).then(|| packed(name.as_bytes()))?;
    BLOCK_CODES.iter().position(|&c| c == code).map(|i| BLOCKS[i])
}

/// [`BLOCKS`] as [`packed`] numbers, so that a name is looked up by comparing integers.
const BLOCK_CODES: [u128; BLOCKS.len()] = {
    let mut codes = [0; BLOCKS.len()];
    let mut i = 0;
    while i < BLOCKS.len() {
        codes[i] = packed(BLOCKS[i].as_bytes());
        i += 1;
    }
    codes
};

/// A tag name of letters and digits (at most 16), lowercased, as one number.
const fn packed(name: &[u8]) -> u128 {
    let (mut code, mut i) = (0, 0);
    while i < name.len() {
        code = code << 8 | name[i].to_ascii_lowercase() as u128;
        i += 1;
    }
    code
}

/// Parses `html` into its top-level nodes, which borrow from it.
pub fn parse(html: &str) -> Vec<Node<'_>> {
    let mut stack: Vec<Block> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    for raw in raw_tokens(html) {
        let tag = tag_of(raw).and_then(|(name, closing)| Some((block_name(name)?, closing)));
        match tag {
            Some(("hr", false)) => {
                let hr = Node::Block(Block { name: "hr", open: raw, children: vec![], close: "" });
                push_node(&mut stack, &mut top, hr);
            }
            Some((name, false)) => stack.push(Block { name, open: raw, children: vec![], close: "" }),
            Some((name, true)) if stack.iter().any(|b| b.name == name) => {
                close_until(&mut stack, &mut top, name, raw);
            }
            _ => push_inline(&mut stack, &mut top, raw),
        }
    }
    while let Some(b) = stack.pop() {
        push_node(&mut stack, &mut top, Node::Block(b));
    }
    top
}

fn push_node<'a>(stack: &mut [Block<'a>], top: &mut Vec<Node<'a>>, node: Node<'a>) {
    match stack.last_mut() {
        Some(b) => b.children.push(node),
        None => top.push(node),
    }
}

/// Appends an inline token (a tag or the text up to the next tag) to the innermost block.
fn push_inline<'a>(stack: &mut [Block<'a>], top: &mut Vec<Node<'a>>, raw: &'a str) {
    let list = match stack.last_mut() {
        Some(b) => &mut b.children,
        None => top,
    };
    if !matches!(list.last(), Some(Node::Inline(_))) {
        list.push(Node::Inline(Vec::new()));
    }
    if let Some(Node::Inline(toks)) = list.last_mut() {
        if raw.starts_with('<') {
            toks.push(Tok::Tag(raw));
        } else {
            toks.push(Tok::Text(raw));
        }
    }
}

/// Closes the open blocks down to the innermost `name`; those above it stay unclosed.
fn close_until<'a>(stack: &mut Vec<Block<'a>>, top: &mut Vec<Node<'a>>, name: &str, raw: &'a str) {
    while let Some(mut b) = stack.pop() {
        let done = b.name == name;
        if done {
            b.close = raw;
        }
        push_node(stack, top, Node::Block(b));
        if done {
            return;
        }
    }
}

/// `html` cut into tags (quoted attribute values respected) and the text between them.
fn raw_tokens(html: &str) -> Vec<&str> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut start) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if i > start {
            out.push(&html[start..i]);
        }
        let end = tag_end(bytes, i);
        out.push(&html[i..end]);
        (i, start) = (end, end);
    }
    if start < bytes.len() {
        out.push(&html[start..]);
    }
    out
}

/// The byte after the tag that opens at `from`.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    if bytes[from..].starts_with(b"<!--") {
        let rest = &bytes[from..];
        return rest.windows(3).position(|w| w == b"-->").map_or(bytes.len(), |p| from + p + 3);
    }
    let mut quote = None;
    for (j, &b) in bytes.iter().enumerate().skip(from + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return j + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// `<p class="x">` → (`p`, false); `</li>` → (`li`, true); text and comments → `None`.
fn tag_of(raw: &str) -> Option<(&str, bool)> {
    let rest = raw.strip_prefix('<')?;
    let (rest, closing) = match rest.strip_prefix('/') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    (len > 0).then(|| (&rest[..len], closing))
}

/// A node written back as HTML.
pub fn write(node: &Node, out: &mut String) {
    match node {
        Node::Inline(toks) => toks.iter().for_each(|t| out.push_str(t.text())),
        Node::Block(b) => {
            out.push_str(b.open);
            b.children.iter().for_each(|c| write(c, out));
            out.push_str(b.close);
        }
    }
}

/// The `clause-…` ids of `html`, in order.
pub fn clause_ids(html: &str) -> Vec<String> {
    CLAUSE_ID.find_iter(html.as_bytes()).filter_map(|i| clause_id_at(html, i)).collect()
}

/// The last `clause-…` id of `html`.
pub fn last_clause_id(html: &str) -> Option<String> {
    CLAUSE_ID_BACK.rfind_iter(html.as_bytes()).find_map(|i| clause_id_at(html, i))
}

const CLAUSE_ID_ATTR: &str = " id=\"clause-";
static CLAUSE_ID: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(CLAUSE_ID_ATTR));
static CLAUSE_ID_BACK: std::sync::LazyLock<memchr::memmem::FinderRev<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::FinderRev::new(CLAUSE_ID_ATTR));

/// The id whose ` id="clause-` attribute starts at byte `at` of `html`.
fn clause_id_at(html: &str, at: usize) -> Option<String> {
    let start = at + " id=\"".len();
    html[start..].find('"').map(|len| html[start..start + len].to_string())
}

/// `<p id="x">` → `<p id="x" class="block-added">`; `<p class="clause">` → `<p class="clause block-added">`.
pub fn with_class(open: &str, class: &str) -> String {
    if let Some(at) = open.find(" class=\"") {
        let value = at + " class=\"".len();
        if let Some(len) = open[value..].find('"') {
            return format!("{} {class}{}", &open[..value + len], &open[value + len..]);
        }
    }
    let end = open.trim_end_matches('>').trim_end_matches('/').trim_end();
    format!("{end} class=\"{class}\"{}", &open[end.len()..])
}

/// The value of attribute `name` of a tag (double-quoted, as rendered HTML writes it).
pub fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let (start, end) = attribute_span(tag, name)?;
    let value = &tag[start..end];
    value.find("=\"").map(|i| &value[i + 2..value.len() - 1])
}

/// A tag without its attribute `name`.
pub fn without_attribute(tag: &str, name: &str) -> String {
    match attribute_span(tag, name) {
        Some((start, end)) => format!("{}{}", &tag[..start], &tag[end..]),
        None => tag.to_string(),
    }
}

/// Where ` name="…"` is in `tag`, leading space included.
fn attribute_span(tag: &str, name: &str) -> Option<(usize, usize)> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)?;
    let value = start + needle.len();
    let len = tag[value..].find('"')?;
    Some((start, value + len + 1))
}

/// Every `id` of `html`.
pub fn ids(html: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&html.as_bytes()[from..], b" id=\"") {
        let rest = &html[from + at + 5..];
        let len = rest.find('"').unwrap_or(rest.len());
        out.insert(rest[..len].to_string());
        from += at + 5 + len;
    }
    out
}

/// `html` for a page `levels` folders deeper than the one it was rendered for (a version or
/// changes page below its document): `../` is put before every relative `href` and `src`.
/// Anchors, absolute paths, URLs with a scheme and values starting with `keep` (a sentinel:
/// the value decides) are left alone.
pub fn deeper(html: &str, levels: usize, keep: &str) -> String {
    let prefix = "../".repeat(levels);
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = next_url_value(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let value = &rest[..rest.find('"').unwrap_or(rest.len())];
        let scheme = value.split('/').next().is_some_and(|first| first.contains(':'));
        let relative = !(value.is_empty()
            || value.starts_with(['#', '/'])
            || scheme
            || (!keep.is_empty() && value.starts_with(keep)));
        if relative {
            out.push_str(&prefix);
        }
    }
    out.push_str(rest);
    out
}

/// Where the value of the next ` href="` or ` src="` in `html` starts, in one pass.
fn next_url_value(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&html.as_bytes()[from..], b"=\"") {
        let at = from + i;
        let before = &html[..at];
        if before.ends_with(" href") || before.ends_with(" src") {
            return Some(at + 2);
        }
        from = at + 2;
    }
    None
}

/// Like [`deeper`], on a body's pieces: the same pieces for a page `levels` folders deeper,
/// or `None` when the body has no relative link (the pieces serve as they are).
pub fn deeper_pieces(pieces: &Pieces, levels: usize) -> Option<Pieces> {
    let sentinels = Sentinels::for_names(pieces.names.clone(), |p| pieces.literal_contains(p));
    let html = pieces.to_sentinel_html(&sentinels);
    let deeper = deeper(&html, levels, &sentinels.prefix);
    // `deeper` only ever adds `../`: the same length is the same HTML.
    (deeper.len() != html.len()).then(|| Pieces::from_html(&deeper, &sentinels))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(html: &str) {
        let mut out = String::new();
        parse(html).iter().for_each(|n| write(n, &mut out));
        assert_eq!(out, html);
    }

    #[test]
    fn the_parse_gives_back_the_html_byte_for_byte() {
        round_trip("<h2 id=\"clause-1\">1. Scope</h2>\n<p>We <em>may</em> use &amp; share.</p>\n<ul>\n<li>a</li>\n<li><p>b</p>\n<ul><li>c</li></ul></li>\n</ul>\n<hr />\n");
        round_trip("<p>unclosed <div>stray</p></div> <a title=\"x > y\">t</a><!-- raw HTML omitted -->");
        round_trip("<pre><code class=\"language-rs\">fn main() {\n    x\n}\n</code></pre>\n<table><tr><td>1</td></tr></table>");
    }

    #[test]
    fn blocks_nest_and_hold_their_inline_runs() {
        assert!(BLOCKS.iter().all(|b| block_name(&b.to_uppercase()) == Some(*b)));
        assert_eq!((block_name("span"), block_name("blockquotes"), block_name("P")), (None, None, Some("p")));
        let nodes = parse("<ul>\n<li>one <b>two</b></li>\n</ul>");
        let Node::Block(ul) = &nodes[0] else { panic!("{nodes:?}") };
        let Node::Block(li) = &ul.children[1] else { panic!("{ul:?}") };
        assert_eq!(li.name, "li");
        let Node::Inline(toks) = &li.children[0] else { panic!("{li:?}") };
        assert_eq!(toks.iter().map(Tok::text).collect::<String>(), "one <b>two</b>");
    }

    #[test]
    fn deeper_pages_reach_the_same_files() {
        let html = "<a href=\"../terms/index.html#x\">t</a><a href=\"#c\">c</a><img src=\"fig.png\"><a href=\"https://x.example/a\">u</a><a href=\"mailto:a@b\">m</a><a href=\"Sent0Q\">v</a>";
        assert_eq!(
            deeper(html, 2, "Sent"),
            "<a href=\"../../../terms/index.html#x\">t</a><a href=\"#c\">c</a><img src=\"../../fig.png\"><a href=\"https://x.example/a\">u</a><a href=\"mailto:a@b\">m</a><a href=\"Sent0Q\">v</a>"
        );
    }
}
