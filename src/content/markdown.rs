//! Markdown to HTML with comrak, once per (locale, file): GFM extensions, no smart
//! punctuation, raw HTML dropped unless allowed, clause and heading ids, a table of contents,
//! `.md` links rewritten to the target page, and fenced code highlighted.
//!
//! The input has its placeholders replaced by sentinels ([`crate::content::placeholders`]); the output
//! is [`Pieces`] that each brand fills with its values.

use crate::content::alerts;
use crate::content::anchors::{self, Anchors, ByNode, HeadingId};
pub use crate::content::anchors::{ClauseRef, TocEntry, TOC_DEPTH};
use crate::content::autolinks;
use crate::content::fill::{is_dangerous_url, Pieces};
use crate::content::highlight::Highlighter;
use crate::content::html_ids;
use crate::content::links::{is_data_image, rewrite};
pub use crate::content::links::{LinkEnv, LinkRef, Target};
use crate::content::placeholders::{Sentinelled, Sentinels};
use crate::diag::{Diagnostic, Pos};
use comrak::html::{format_document_with_formatter, format_node_default, ChildRendering, Context};
use comrak::nodes::{AstNode, NodeValue};
use comrak::options::Plugins;
use comrak::{parse_document, Arena, Options};
use std::fmt::{self, Write};

/// The `[markdown]` settings that change rendering.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub unsafe_html: bool,
    pub highlight: bool,
}

/// A rendered document body, ready to be filled per brand.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub pieces: Pieces,
    /// The headings down to [`TOC_DEPTH`].
    pub toc: Vec<TocEntry>,
    pub clauses: Vec<ClauseRef>,
    /// Every id in the body a link may point at: headings, clauses, and the ids of raw HTML
    /// when it is kept (footnotes are not counted).
    pub ids: Vec<String>,
    pub links: Vec<LinkRef>,
    /// Every heading's id, in order (for `translate import`).
    pub headings: Vec<HeadingId>,
}

/// The comrak options clause renders with (public so the GFM spec test can compare).
pub fn comrak_options(opts: &RenderOptions) -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.alerts = true;
    // Chinese and Japanese write no space around emphasis (`**重要：**本条款`).
    o.extension.cjk_friendly_emphasis = true;
    o.parse.smart = false;
    o.parse.sourcepos_chars = true;
    o.render.r#unsafe = opts.unsafe_html;
    o
}

/// Renders a body. `first_line` is the file line the body starts on, for positions.
pub fn render(
    body: &Sentinelled,
    first_line: usize,
    env: &LinkEnv<'_>,
    opts: &RenderOptions,
) -> (Rendered, Vec<Diagnostic>) {
    let options = comrak_options(opts);
    let arena = Arena::new();
    let root = parse_document(&arena, &body.markdown, &options);
    if body.markdown.contains("[!") {
        alerts::untitle(&arena, root, &body.markdown, &options);
    }
    autolinks::end_at_punctuation(&arena, root, &body.markdown, &options);
    let mut walk = Walk {
        env,
        body,
        lines: None,
        sentinels: &body.sentinels,
        first_line,
        unsafe_html: opts.unsafe_html,
        anchors: Anchors::default(),
        out: Rendered::default(),
        errors: Vec::new(),
    };
    for node in root.descendants() {
        walk.visit(node);
    }
    let given = walk.anchors.finish();
    let raw_ids = std::mem::take(&mut walk.out.ids);
    anchors::follow_aliases(root, &given, &raw_ids, &mut walk.out.links);
    walk.out.toc = given.toc;
    walk.out.clauses = given.clauses;
    walk.out.headings = given.headings;
    walk.out.ids = given.ids;
    walk.out.ids.extend(raw_ids);
    let highlighter =
        Highlighter { keep: (!body.sentinels.names.is_empty()).then_some(body.sentinels.prefix.as_str()) };
    let mut plugins = Plugins::default();
    if opts.highlight {
        plugins.render.codefence_syntax_highlighter = Some(&highlighter);
    }
    let mut html = String::with_capacity(body.markdown.len() * 3 / 2);
    // Writing into a String cannot fail.
    let _ = format_document_with_formatter(root, &options, &mut html, &plugins, format_node, given.by_node);
    let mut out = walk.out;
    out.pieces = Pieces::from_html(&html, &body.sentinels);
    (out, walk.errors)
}

/// The nodes the walk looks at.
enum Kind {
    Heading,
    Paragraph,
    Link,
    RawHtml,
}

struct Walk<'e, 'a> {
    env: &'e LinkEnv<'a>,
    body: &'e Sentinelled,
    /// Line starts of the body, built at the first link.
    lines: Option<crate::diag::LineIndex>,
    sentinels: &'e Sentinels,
    first_line: usize,
    /// Whether raw HTML is kept, and with it its ids.
    unsafe_html: bool,
    anchors: Anchors,
    /// The walk's findings; `ids` holds raw HTML's until the anchors are given theirs.
    out: Rendered,
    errors: Vec<Diagnostic>,
}

impl Walk<'_, '_> {
    fn visit<'n>(&mut self, node: &'n AstNode<'n>) {
        let (start, kind) = {
            let data = node.data.borrow();
            let kind = match data.value {
                NodeValue::Heading(_) => Kind::Heading,
                NodeValue::Paragraph => Kind::Paragraph,
                NodeValue::Link(_) | NodeValue::Image(_) => Kind::Link,
                NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) if self.unsafe_html => Kind::RawHtml,
                _ => return,
            };
            (data.sourcepos.start, kind)
        };
        let line = start.line + self.first_line - 1;
        match kind {
            Kind::Heading => self.anchors.heading(node, line, self.sentinels),
            Kind::Paragraph => self.anchors.paragraph(node, line),
            Kind::RawHtml => self.raw_html(node),
            Kind::Link => {
                // Columns are worked out only where they are reported: links.
                let lines =
                    self.lines.get_or_insert_with(|| crate::diag::LineIndex::new(&self.body.markdown));
                let column = self.body.source_column(lines, start.line, start.column);
                self.link(node, Pos::new(line, column));
            }
        }
    }

    fn raw_html<'n>(&mut self, node: &'n AstNode<'n>) {
        match &node.data.borrow().value {
            NodeValue::HtmlBlock(b) => self.out.ids.extend(html_ids::ids(&b.literal)),
            NodeValue::HtmlInline(h) => self.out.ids.extend(html_ids::ids(h)),
            _ => {}
        }
    }

    fn link<'n>(&mut self, node: &'n AstNode<'n>, pos: Pos) {
        let mut data = node.data.borrow_mut();
        let (url, is_image) = match &mut data.value {
            NodeValue::Link(l) => (&mut l.url, false),
            NodeValue::Image(l) => (&mut l.url, true),
            _ => return,
        };
        // Script and document URLs go, raw HTML allowed or not; images may embed data.
        if is_dangerous_url(url) && !(is_image && is_data_image(url)) {
            url.clear();
            return;
        }
        match rewrite(url, self.env, self.sentinels) {
            Ok(Some((new_url, link))) => {
                *url = new_url;
                if let Some(mut l) = link {
                    l.pos = pos;
                    self.out.links.push(l);
                }
            }
            Ok(None) => {}
            Err(message) => self.errors.push(
                Diagnostic::error(crate::diag::Kind::BrokenLink, message)
                    .at(pos)
                    .help("link to a Markdown file that exists (`terms-of-service.md`, `../agreement/sla.md#clause-2.1`), relative to this file"),
            ),
        }
    }
}

/// comrak's HTML, with ids and self-links on the headings and clause paragraphs in `anchors`.
fn format_node<'a>(
    context: &mut Context<ByNode>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    if let NodeValue::Alert(alert) = &node.data.borrow().value {
        if entering {
            return alerts::open(context, alert);
        }
    }
    let Some(anchor) = context.user.get(&anchors::key(node)).cloned().filter(|_| entering) else {
        return format_node_default(context, node, entering);
    };
    let tag = match node.data.borrow().value {
        NodeValue::Heading(ref h) => format!("h{}", h.level),
        _ => "p".to_string(),
    };
    let class = if tag == "p" { " class=\"clause\"" } else { "" };
    context.cr()?;
    write!(context, "<{tag} id=\"")?;
    context.escape(&anchor.id)?;
    write!(context, "\"{class}><a class=\"self-link\" href=\"#")?;
    context.escape_href(&anchor.id)?;
    if anchor.label.starts_with('§') {
        context.write_str("\" aria-label=\"")?;
        context.escape(&anchor.label)?;
        context.write_str("\">§</a> ")?;
    } else {
        // Hidden from screen readers (the heading says it all), so out of the tab order too.
        context.write_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a> ")?;
    }
    if let Some(number) = &anchor.number {
        context.write_str("<span class=\"clause-number\">")?;
        context.escape(number)?;
        context.write_str("</span>")?;
    }
    Ok(ChildRendering::HTML)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::placeholders::sentinel_markdown;

    fn resolve(path: &str) -> Target {
        match path {
            "agreement/terms" => Target::Page("agreement/terms/".into()),
            "agreement/_index" => Target::Page("agreement/".into()),
            "agreement/figure.png" => Target::Asset,
            _ => Target::Missing,
        }
    }

    fn html(md: &str) -> (String, Rendered, Vec<Diagnostic>) {
        let body = sentinel_markdown(md).unwrap();
        let env = LinkEnv { dir: "agreement", page_depth: 2, resolve: &resolve };
        let (r, errors) = render(&body, 1, &env, &RenderOptions { unsafe_html: false, highlight: true });
        let out = r.pieces.fill_map(&[("a".to_string(), "*A* & <b>".to_string())].into_iter().collect());
        (out, r, errors)
    }

    #[test]
    fn clause_paragraphs_and_headings_get_ids() {
        let (out, r, _) = html("### IV. Sharing\n\n4.1.2 We share.\n\n## Definitions\n\n### IV. Again\n");
        assert!(out.contains("<h3 id=\"clause-IV\"><a class=\"self-link\" href=\"#clause-IV\" aria-label=\"§ IV\">§</a> IV. Sharing</h3>"), "{out}");
        assert!(out.contains("<p id=\"clause-4.1.2\" class=\"clause\"><a class=\"self-link\" href=\"#clause-4.1.2\" aria-label=\"§ 4.1.2\">§</a> <span class=\"clause-number\">4.1.2</span> We share.</p>"), "{out}");
        assert!(out.contains("<h2 id=\"definitions\">"), "{out}");
        assert!(out.contains("id=\"clause-IV-2\""), "{out}");
        assert_eq!(
            r.clauses.iter().map(|c| (c.number.as_str(), c.line)).collect::<Vec<_>>(),
            vec![("IV", 1), ("4.1.2", 3), ("IV", 7)]
        );
    }

    #[test]
    fn values_are_text_everywhere() {
        let (out, r, _) = html("## {{a}} heading\n\n| x |\n|---|\n| {{a}} |\n\n`{{a}}`\n");
        assert!(!out.contains("<em>"), "{out}");
        assert_eq!(out.matches("*A* &amp; &lt;b&gt;").count(), 3, "{out}");
        assert_eq!(r.toc[0].id, "a-heading");
    }

    #[test]
    fn md_links_become_page_links() {
        let (out, r, errors) =
            html("[T](terms.md#clause-2.1) [S](_index.md) ![f](figure.png) [x](https://e.com/a.md)\n");
        assert!(errors.is_empty());
        assert!(out.contains("href=\"../../agreement/terms/index.html#clause-2.1\""), "{out}");
        assert!(out.contains("href=\"../../agreement/index.html\""), "{out}");
        assert!(out.contains("src=\"../../agreement/figure.png\""), "{out}");
        assert!(out.contains("href=\"https://e.com/a.md\""), "{out}");
        assert_eq!(r.links[0].fragment.as_deref(), Some("clause-2.1"));
    }

    /// Fuzzing found a relative link with a placeholder inside climbing above the brand folder,
    /// unchecked: now an error. A URL that starts with a placeholder stays the value's.
    #[test]
    fn placeholders_inside_relative_links_are_errors() {
        let (out, _, errors) = html("[e](../../../x/{{a}}/y) [f]({{a}}/path) [g](https://{{a}}/z)\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("`../../../x/{{a}}/y`"), "{}", errors[0].message);
        assert!(out.contains("href=\"https://*A*%20&amp;%20%3Cb%3E/z\""), "{out}");
    }

    /// Fuzzing found a link climbing above the locale folder: it is an error and is not
    /// rewritten, so no page ever links outside its brand.
    #[test]
    fn links_above_the_locale_folder_are_errors() {
        let (_, r, errors) = html("[e](../../../x.md) [f](../../en/x.md) [g](../agreement/terms.md)\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("outside the locale folder"));
        assert!(r.links.iter().all(|l| l.page.as_deref() == Some("agreement/terms/")));
    }

    #[test]
    fn missing_targets_are_errors_with_positions() {
        let (_, _, errors) = html("text\n\nsee [x](nope.md) and [y](../../../etc/passwd)\n");
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[0].column), (Some(3), Some(5)));
    }

    #[test]
    fn script_urls_are_dropped_even_with_raw_html_allowed() {
        let body = sentinel_markdown("[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](data:text/html,x) ![d](data:image/png;base64,AA==)\n").unwrap();
        let env = LinkEnv { dir: "", page_depth: 1, resolve: &resolve };
        let (r, _) = render(&body, 1, &env, &RenderOptions { unsafe_html: true, highlight: false });
        let out = r.pieces.fill(&[]);
        assert!(!out.to_lowercase().contains("javascript:") && !out.contains("data:text"), "{out}");
        assert!(out.contains("src=\"data:image/png;base64,AA==\""), "{out}");
    }

    #[test]
    fn raw_html_is_dropped_and_code_highlighted() {
        let (out, _, _) = html("<script>alert(1)</script>\n\n```json\n{\"k\": \"{{a}}\"}\n```\n");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("hl-"), "{out}");
        assert!(out.contains("*A* &amp; &lt;b&gt;"), "{out}");
    }

    fn render_with(md: &str, unsafe_html: bool) -> (String, Rendered, Vec<Diagnostic>) {
        let body = sentinel_markdown(md).unwrap();
        let env = LinkEnv { dir: "agreement", page_depth: 2, resolve: &resolve };
        let (r, errors) = render(&body, 1, &env, &RenderOptions { unsafe_html, highlight: false });
        (r.pieces.fill(&[]), r, errors)
    }

    /// A privacy notice links `#bookmark-how-we-use-data`, an anchor in raw HTML: its id is in
    /// the page when raw HTML is kept, and only then.
    #[test]
    fn kept_raw_html_gives_its_ids_to_the_page() {
        let md = "## Use\n\n<a id=\"bookmark-how-we-use-data\"></a>\n\nText <a name=\"inline\"></a> here.\n";
        let (out, r, _) = render_with(md, true);
        assert!(out.contains("<a id=\"bookmark-how-we-use-data\"></a>"), "{out}");
        assert_eq!(r.ids, ["use", "bookmark-how-we-use-data", "inline"]);
        let (out, r, _) = render_with(md, false);
        assert!(!out.contains("bookmark"), "{out}");
        assert_eq!(r.ids, ["use"]);
    }

    #[test]
    fn github_alerts_are_boxed_with_a_title_in_its_language() {
        let (out, _, _) = render_with("> [!NOTE]\n> Read this.\n\n> [!WARNING] 警告\n> 注意。\n", false);
        assert!(out.contains("<div class=\"notice markdown-alert markdown-alert-note\" role=\"note\">\n<p class=\"markdown-alert-title\" lang=\"en\">Note</p>\n<p>Read this.</p>\n</div>"), "{out}");
        assert!(out.contains("<p class=\"markdown-alert-title\">警告</p>"), "{out}");
        assert!(!out.contains("[!"), "{out}");
    }

    /// `> [!WARNING] We are … [changelog post](…)`: the line is the alert's first paragraph,
    /// its links rewritten and checked where they are.
    #[test]
    fn an_alert_line_with_markdown_is_its_first_paragraph() {
        let (out, r, errors) =
            render_with("text\n\n> [!WARNING] See [the terms](terms.md) and [x](nope.md).\n> More.\n", false);
        assert!(out.contains("<p class=\"markdown-alert-title\" lang=\"en\">Warning</p>\n<p>See <a href=\"../../agreement/terms/index.html\">the terms</a>"), "{out}");
        assert_eq!(r.links.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (Some(3), Some(44)), "{errors:?}");
    }
}
