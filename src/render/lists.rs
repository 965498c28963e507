//! The lists every page repeats — its table of contents, its `hreflang` links and its
//! locale switcher — as ready-made HTML (`page.toc_html`, `page.alternates_html`,
//! `page.translations_html`), much as Hugo's `.TableOfContents`. Each is built in Rust once
//! per document (the TOC) or once per brand and path, instead of looped over by the template
//! engine on every page; the lists themselves stay in the context for themes that want other
//! markup.

use crate::content::document::Document;
use crate::content::fill::escape_html;
use crate::content::markdown::TocEntry;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    pub tag: String,
    pub name: String,
    pub url: String,
}

/// A list as a template value whose items become values only when a template reads them:
/// a theme that uses the ready-made HTML never pays for the list form, and the list is
/// shared with whoever else holds it (the sitemap reads the same alternates).
#[derive(Debug)]
pub struct Items<T>(pub Arc<Vec<T>>);

impl<T: Serialize + std::fmt::Debug + Send + Sync + 'static> Object for Items<T> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_usize()?).map(Value::from_serialize)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

/// `items` as a template list (see [`Items`]).
pub fn items_value<T: Serialize + std::fmt::Debug + Send + Sync + 'static>(items: Arc<Vec<T>>) -> Value {
    Value::from_object(Items(items))
}

#[derive(Debug, Clone, Serialize)]
pub struct TocCtx {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A document's table of contents (headings down to level 4) as template values: the list
/// (`page.toc`) and, like Hugo's `.TableOfContents`, ready-made HTML (`page.toc_html`): an
/// `<ol>` of `<li class="toc-level-N"><a href="#id">title</a></li>`, empty when there are no
/// headings. The default theme uses the HTML, which is built once per document rather than
/// looped over by the template engine on every brand's page.
#[derive(Clone)]
pub struct Toc {
    pub list: minijinja::Value,
    pub html: minijinja::Value,
}

impl Toc {
    /// The headings of `doc` a table of contents shows: the content stage keeps those down
    /// to level 4 (`content::anchors`), since real terms number their sections at `####`.
    fn entries(doc: &Document) -> impl Iterator<Item = &TocEntry> {
        doc.body.toc.iter()
    }

    /// Whether the table of contents of `doc` is the same for every brand (no placeholder).
    pub fn is_literal(doc: &Document) -> bool {
        Toc::entries(doc).all(|h| h.title.names().next().is_none())
    }

    /// The table of contents of `doc` with `values` filled in.
    pub fn of(doc: &Document, values: &BTreeMap<String, String>) -> Toc {
        let toc: Vec<TocCtx> = Toc::entries(doc)
            .map(|h| TocCtx { level: h.level, id: h.id.clone(), title: h.title.fill(values) })
            .collect();
        Toc {
            html: minijinja::Value::from_safe_string(toc_html(&toc)),
            list: minijinja::Value::from_serialize(toc),
        }
    }
}

/// `<link rel="alternate" hreflang="…" href="…">`, one per line.
pub fn alternates_html(alternates: &[Alternate]) -> String {
    let mut html = String::new();
    for (i, a) in alternates.iter().enumerate() {
        if i > 0 {
            html.push('\n');
        }
        html.push_str("<link rel=\"alternate\" hreflang=\"");
        escape_html(&mut html, &a.hreflang);
        html.push_str("\" href=\"");
        escape_html(&mut html, &a.href);
        html.push_str("\">");
    }
    html
}

/// A locale switcher's lines, `<li><a href="…" hreflang="…" lang="…">name</a></li>`, escaped
/// once for all the locales of a path (`root` leads from its pages to the brand root); each
/// page then picks its own line's form marked `aria-current="page"`.
pub struct Switcher {
    /// (locale tag, the line up to the end of its `<a …` tag, the rest from the link's text)
    lines: Vec<(String, String, String)>,
}

impl Switcher {
    pub fn new(translations: &[Translation], root: &str) -> Switcher {
        let lines = translations
            .iter()
            .map(|t| {
                let mut head = String::from("<li><a href=\"");
                escape_html(&mut head, root);
                escape_html(&mut head, &t.url);
                head.push_str("\" hreflang=\"");
                escape_html(&mut head, &t.tag);
                head.push_str("\" lang=\"");
                escape_html(&mut head, &t.tag);
                head.push('"');
                let mut tail = String::new();
                escape_html(&mut tail, &t.name);
                tail.push_str("</a></li>");
                (t.tag.clone(), head, tail)
            })
            .collect();
        Switcher { lines }
    }

    /// The lines, the one of `current` marked.
    pub fn html(&self, current: &str) -> String {
        let mut html = String::with_capacity(self.lines.iter().map(|l| l.1.len() + l.2.len() + 24).sum());
        for (i, (tag, head, tail)) in self.lines.iter().enumerate() {
            if i > 0 {
                html.push('\n');
            }
            html.push_str(head);
            html.push_str(if tag == current { " aria-current=\"page\">" } else { ">" });
            html.push_str(tail);
        }
        html
    }
}

/// The `<ol>` of a table of contents, every title and id escaped.
fn toc_html(toc: &[TocCtx]) -> String {
    if toc.is_empty() {
        return String::new();
    }
    let mut html = String::from("<ol>\n");
    for h in toc {
        html.push_str(&format!("<li class=\"toc-level-{}\"><a href=\"#", h.level));
        escape_html(&mut html, &h.id);
        html.push_str("\">");
        escape_html(&mut html, &h.title);
        html.push_str("</a></li>\n");
    }
    html.push_str("</ol>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_are_one_escaped_link_per_line() {
        let a = |l: &str, h: &str| Alternate { hreflang: l.into(), href: h.into() };
        let html =
            alternates_html(&[a("en", "https://x.example/en/?a=1&b=\"2\""), a("x-default", "https://x/")]);
        assert_eq!(
            html,
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://x.example/en/?a=1&amp;b=&quot;2&quot;\">\n\
             <link rel=\"alternate\" hreflang=\"x-default\" href=\"https://x/\">"
        );
        assert_eq!(alternates_html(&[]), "");
    }

    #[test]
    fn translations_mark_the_current_locale() {
        let t = |tag: &str, name: &str| Translation {
            tag: tag.into(),
            name: name.into(),
            url: format!("{tag}/a/"),
        };
        let html = Switcher::new(&[t("de", "Deutsch"), t("en", "<English>")], "../../").html("en");
        assert_eq!(
            html,
            "<li><a href=\"../../de/a/\" hreflang=\"de\" lang=\"de\">Deutsch</a></li>\n\
             <li><a href=\"../../en/a/\" hreflang=\"en\" lang=\"en\" aria-current=\"page\">&lt;English&gt;</a></li>"
        );
    }

    #[test]
    fn a_table_of_contents_is_an_ordered_list_or_nothing() {
        let h = |level, id: &str, title: &str| TocCtx { level, id: id.into(), title: title.into() };
        assert_eq!(
            toc_html(&[h(2, "a", "A & B"), h(3, "b\"", "C")]),
            "<ol>\n<li class=\"toc-level-2\"><a href=\"#a\">A &amp; B</a></li>\n\
             <li class=\"toc-level-3\"><a href=\"#b&quot;\">C</a></li>\n</ol>"
        );
        assert_eq!(toc_html(&[]), "");
    }
}
