//! Ids and self-links for headings and clause paragraphs. The Markdown walk reads each one's
//! number as it goes ([`Anchors::heading`], [`Anchors::paragraph`]); ids are given once the
//! whole document is read ([`Anchors::finish`]), because what a lone `C.` means and whether a
//! `### 1.` takes a letter depend on the headings around it ([`clauses::resolve`]).

use crate::content::clauses::{self, IdSet};
use crate::content::links::LinkRef;
use crate::content::numbered::{after_emphasis, in_tight_list, leading_text, list_number};
use crate::content::numbering;
use crate::content::placeholders::{Sentinels, Template};
use comrak::nodes::{AstNode, NodeValue};
use std::collections::{HashMap, HashSet};

/// The deepest heading level a table of contents lists: real terms of service number their
/// sections at `####`.
pub const TOC_DEPTH: u8 = 4;

/// An entry of the table of contents.
#[derive(Debug, Clone)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: Template,
}

/// A clause number found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseRef {
    pub number: String,
    pub id: String,
    /// Line in the file.
    pub line: usize,
    /// Which part of the document it is in ([`clauses::parts`]): repeats across parts are fine.
    pub part: usize,
}

/// A heading's id, and the line its text ends on (where a translation's import writes an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingId {
    /// The element's id.
    pub id: String,
    /// The id its text gives (or its `{#id}`) before repeats are told apart: a numbered
    /// heading's alias, an unnumbered one's id.
    pub text_id: String,
    pub numbered: bool,
    /// File line of the end of its text (a setext heading's underline is the line after).
    pub line: usize,
}

/// An id (and self-link) given to a heading or paragraph, keyed by node address.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub id: String,
    pub label: String,
    /// A clause paragraph's number as written (`2.2.`), taken out of its text and set in a
    /// `<span class="clause-number">` so that themes can make numbers easy to scan.
    pub number: Option<String>,
}

/// The anchors to render, by node.
pub type ByNode = HashMap<usize, Anchor>;

pub fn key(node: &AstNode<'_>) -> usize {
    node as *const AstNode<'_> as usize
}

/// A heading or clause paragraph met by the walk, waiting for its id.
struct Pending {
    key: usize,
    line: usize,
    read: clauses::Read,
    /// A heading's title; `None` for a paragraph.
    title: Option<Template>,
    /// The table of contents' title when it is not the heading's own: a heading that takes
    /// its list item's number (`8. #### Term`) shows the number there too.
    toc: Option<Template>,
    /// A paragraph's number as written.
    written: Option<String>,
    /// A heading's id written after its text (`{#id}`).
    explicit: Option<String>,
    /// File line of the end of a heading's text.
    end_line: usize,
}

/// What the ids give the rendered document.
#[derive(Default)]
pub struct Given {
    pub by_node: ByNode,
    pub toc: Vec<TocEntry>,
    pub clauses: Vec<ClauseRef>,
    pub ids: Vec<String>,
    /// The id a numbered heading would have without its number (`a-definitions` for
    /// `A. Definitions`, as GitHub and most Markdown tools spell it) → its clause id, where no
    /// element of the page has that id and no earlier heading took it.
    pub aliases: HashMap<String, String>,
    pub headings: Vec<HeadingId>,
}

/// The headings and clause paragraphs of one document, in order.
#[derive(Default)]
pub struct Anchors {
    pending: Vec<Pending>,
}

impl Anchors {
    pub fn heading<'n>(&mut self, node: &'n AstNode<'n>, line: usize, sentinels: &Sentinels) {
        let (NodeValue::Heading(h), pos) = (node.data.borrow().value.clone(), node.data.borrow().sourcepos)
        else {
            return;
        };
        let explicit = take_explicit_id(node);
        let text = node.collect_text();
        let title = sentinels.to_template(&text);
        let number = numbering::heading(title.source_text().trim_start()).map(|w| w.number);
        let listed = list_number(node).filter(|_| number.is_none());
        let number = number.or_else(|| listed.map(|n| numbering::Number::Arabic(n.to_string())));
        let toc = listed.map(|n| sentinels.to_template(&format!("{n}. {text}")));
        let read = clauses::Read { level: Some(h.level), number };
        let end_line = line + pos.end.line.saturating_sub(pos.start.line + usize::from(h.setext));
        let (title, written) = (Some(title), None);
        self.pending.push(Pending { key: key(node), line, read, title, toc, written, explicit, end_line });
    }

    /// A paragraph that starts with a clause number (not in a tight list), also in bold or
    /// italics (Chinese agreements bold the clauses that limit liability: `**3.2 您同意…**`):
    /// the number as written is taken out of its text, to be rendered apart.
    pub fn paragraph<'n>(&mut self, node: &'n AstNode<'n>, line: usize) {
        let Some(first) = leading_text(node).filter(|_| !in_tight_list(node)) else {
            return;
        };
        let mut data = first.data.borrow_mut();
        let NodeValue::Text(text) = &mut data.value else {
            return;
        };
        let Some(numbering::Written { number, len }) = numbering::paragraph(text)
            .or_else(|| {
                after_emphasis(first).and_then(|after| numbering::paragraph(&format!("{text}{after}")))
            })
            .filter(|w| w.len <= text.len())
        else {
            return;
        };
        let written = text[..len].to_string();
        *text = std::borrow::Cow::Owned(text[len..].to_string());
        let read = clauses::Read { level: None, number: Some(number) };
        let written = Some(written);
        self.pending.push(Pending {
            key: key(node),
            line,
            read,
            title: None,
            toc: None,
            written,
            explicit: None,
            end_line: line,
        });
    }

    /// Every heading's and clause paragraph's id, in document order.
    pub fn finish(self) -> Given {
        let reads: Vec<clauses::Read> = self.pending.iter().map(|p| p.read.clone()).collect();
        let numbers = clauses::resolve(&reads);
        let marks: Vec<clauses::Mark> = reads
            .iter()
            .zip(&numbers)
            .map(|(r, n)| clauses::Mark { level: r.level, number: n.clone() })
            .collect();
        let mut given = Given::default();
        let mut ids = IdSet::default();
        for (p, number) in self.pending.into_iter().zip(numbers) {
            given.add(&mut ids, p, number);
        }
        given.clauses.iter_mut().zip(clauses::parts(&marks)).for_each(|(c, part)| c.part = part);
        let taken: HashSet<&String> = given.ids.iter().collect();
        given.aliases.retain(|alias, _| !taken.contains(alias));
        given
    }
}

impl Given {
    /// Gives one heading or clause paragraph its id, its `§` or `#` link, its place in the
    /// table of contents and, for a numbered heading, its alias.
    fn add(&mut self, ids: &mut IdSet, p: Pending, number: Option<String>) {
        let text_id =
            p.explicit.clone().or_else(|| p.title.as_ref().map(|t| clauses::slug(&t.source_text())));
        let base = match (&number, &text_id) {
            (Some(n), _) => format!("clause-{n}"),
            (None, Some(text_id)) => text_id.clone(),
            (None, None) => return,
        };
        let (id, _) = ids.claim(&base);
        self.ids.push(id.clone());
        if let (Some(text_id), true) = (text_id, p.title.is_some()) {
            if number.is_some() {
                self.aliases.entry(text_id.clone()).or_insert_with(|| id.clone());
            }
            let (numbered, line) = (number.is_some(), p.end_line);
            self.headings.push(HeadingId { id: id.clone(), text_id, numbered, line });
        }
        let label = number.as_ref().map_or_else(|| "#".to_string(), |n| format!("§ {n}"));
        if let Some(n) = number {
            self.clauses.push(ClauseRef { number: n, id: id.clone(), line: p.line, part: 0 });
        }
        if let (Some(title), Some(level)) = (p.toc.or(p.title), p.read.level.filter(|&l| l <= TOC_DEPTH)) {
            self.toc.push(TocEntry { level, id: id.clone(), title });
        }
        self.by_node.insert(p.key, Anchor { id, label, number: p.written });
    }
}

/// Points in-page links to a numbered heading's alias (`#a-definitions`) at its clause id
/// (`#clause-A`), in the page and in the links `check` verifies: a text written for GitHub
/// keeps working links. `extra_ids` are the page's other ids (raw HTML's), which win.
pub fn follow_aliases<'a>(root: &'a AstNode<'a>, given: &Given, extra_ids: &[String], links: &mut [LinkRef]) {
    let target =
        |fragment: &str| given.aliases.get(fragment).filter(|_| !extra_ids.iter().any(|i| i == fragment));
    let in_page = |l: &LinkRef| l.page.is_none() && l.fragment.as_deref().and_then(target).is_some();
    if given.aliases.is_empty() || !links.iter().any(in_page) {
        return;
    }
    for link in links.iter_mut().filter(|l| l.page.is_none()) {
        if let Some(id) = link.fragment.as_deref().and_then(target) {
            link.fragment = Some(id.clone());
        }
    }
    for node in root.descendants() {
        if let NodeValue::Link(link) = &mut node.data.borrow_mut().value {
            if let Some(id) = link.url.strip_prefix('#').and_then(target) {
                link.url = format!("#{id}");
            }
        }
    }
}

/// A heading's id written after its text, as Hugo and Zola read it: `## Scope {#scope}`,
/// after a space, of ASCII letters, digits and `-_:.`. Returns where the text before it ends
/// (its spaces left out) and the id; anything else is text.
pub fn explicit_id(text: &str) -> Option<(usize, &str)> {
    let inner = text.trim_end().strip_suffix('}')?;
    let open = inner.rfind("{#")?;
    let id = &inner[open + 2..];
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_:.".contains(c));
    let before = &text[..open];
    let apart = before.is_empty() || before.ends_with(char::is_whitespace);
    (valid && apart).then(|| (before.trim_end().len(), id))
}

/// Takes a heading's `{#id}` out of its text.
fn take_explicit_id<'n>(heading: &'n AstNode<'n>) -> Option<String> {
    let last = heading.last_child()?;
    let mut data = last.data.borrow_mut();
    let NodeValue::Text(text) = &mut data.value else {
        return None;
    };
    let (end, id) = explicit_id(text)?;
    let id = id.to_string();
    *text = std::borrow::Cow::Owned(text[..end].to_string());
    Some(id)
}

#[cfg(test)]
mod tests {
    use crate::content::markdown::{render, LinkEnv, RenderOptions, Rendered, Target};
    use crate::content::placeholders::sentinel_markdown;

    fn rendered(md: &str) -> Rendered {
        let body = sentinel_markdown(md).unwrap();
        let resolve = |_: &str| Target::Missing;
        let env = LinkEnv { dir: "", page_depth: 1, resolve: &resolve };
        render(&body, 1, &env, &RenderOptions::default()).0
    }

    fn clause_ids(md: &str) -> Vec<String> {
        rendered(md).clauses.into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn the_table_of_contents_goes_down_to_h4() {
        let toc = rendered("## A\n\n### B\n\n#### 1. C\n\n##### D\n").toc;
        let levels: Vec<(u8, String)> = toc.into_iter().map(|t| (t.level, t.id)).collect();
        assert_eq!(levels, [(2, "a".into()), (3, "b".into()), (4, "clause-1".into())]);
    }

    /// One document in three languages: every locale gives the ids English gives.
    #[test]
    fn chinese_and_japanese_numbering_give_the_english_ids() {
        let en =
            "## I. Scope\n\n## II. Notices\n\n### 6. Copyright notice\n\n6.1 We act.\n\n## Article 7. Law\n";
        let zh = "## 一、范围\n\n## 二、通知\n\n### 6.侵权通知\n\n6.1我们处理。\n\n## 第七条 法律\n";
        let ja = "## 一、範囲\n\n## 二、通知\n\n### ６．著作権侵害の通知\n\n６．１　当社は対応します。\n\n## 第7条（準拠法）\n";
        let ids = clause_ids(en);
        assert_eq!(ids, ["clause-I", "clause-II", "clause-6", "clause-6.1", "clause-7"]);
        assert_eq!(clause_ids(zh), ids);
        assert_eq!(clause_ids(ja), ids);
    }

    /// The GitHub terms: `A.` … `R.` are letters (with `C.`, `D.`, `I.`, `L.`, `M.`), and
    /// `### 1.` restarts under each, as `clause-B.1`, `clause-D.1`, … — no repeats.
    #[test]
    fn a_lettered_terms_of_service_gets_letter_ids() {
        let letters = "ABCDEFGHIJKLMNOPQR";
        let md: String =
            letters.chars().map(|c| format!("## {c}. Part\n\n### 1. First\n\n### 2. Second\n\n")).collect();
        let ids = clause_ids(&format!("## Summary\n\n{md}"));
        assert_eq!(ids.len(), 18 * 3);
        assert_eq!(&ids[6..9], ["clause-C", "clause-C.1", "clause-C.2"]);
        assert_eq!(&ids[24..27], ["clause-I", "clause-I.1", "clause-I.2"]);
        assert!(ids.iter().all(|id| !id.ends_with("-2")), "{ids:?}");
    }

    /// The example privacy policy's two Roman parts keep the ids published before letters.
    #[test]
    fn roman_parts_keep_their_ids() {
        let md = "## Legal\n\n### I. Own\n\n1.1 a\n\n### II. Limit\n\n## Privacy\n\n### I. Scope\n\n### V. Data\n\n#### 5.1 x\n";
        assert_eq!(
            clause_ids(md),
            ["clause-I", "clause-1.1", "clause-II", "clause-I-2", "clause-V", "clause-5.1"]
        );
    }

    /// Hugo's and Zola's `{#id}`: the id, out of the text; an alias on a numbered heading.
    #[test]
    fn a_written_id_is_the_headings_id() {
        let md = "[x](#scope)\n\n## What we *collect* {#collect}\n\n## 2. Scope {#scope}\n\n## Plain {#a b}\n\nTitle {#t}\n===\n";
        let (out, r) = page(md, false);
        let toc: Vec<(String, String)> =
            r.toc.iter().map(|t| (t.id.clone(), t.title.source_text())).collect();
        assert_eq!(
            toc,
            [
                ("collect".into(), "What we collect".into()),
                ("clause-2".into(), "2. Scope".into()),
                ("plain-a-b".into(), "Plain {#a b}".into()),
                ("t".into(), "Title".into())
            ]
        );
        assert!(out.contains("<a href=\"#clause-2\">x</a>") && !out.contains("{#collect}"), "{out}");
        let lines: Vec<usize> = r.headings.iter().map(|h| h.line).collect();
        assert_eq!(lines, [3, 5, 7, 9]);
    }

    fn page(md: &str, unsafe_html: bool) -> (String, Rendered) {
        let body = sentinel_markdown(md).unwrap();
        let resolve = |_: &str| Target::Missing;
        let env = LinkEnv { dir: "", page_depth: 1, resolve: &resolve };
        let r = render(&body, 1, &env, &RenderOptions { unsafe_html, highlight: false }).0;
        (r.pieces.fill(&[]), r)
    }

    /// The GitHub terms link `#a-definitions` (GitHub's id of `A. Definitions`): the link goes
    /// to `#clause-A`, unless an element of the page really has that id.
    #[test]
    fn in_page_links_to_a_numbered_headings_text_id_go_to_its_clause() {
        let md = "See [A](#a-definitions), [B](#b-terms), [x](#nowhere).\n\n## A. Definitions\n\n## B. Terms\n\n<a id=\"b-terms\"></a>\n";
        let (out, r) = page(md, true);
        assert!(
            out.contains("<a href=\"#clause-A\">A</a>") && out.contains("<a href=\"#b-terms\">B</a>"),
            "{out}"
        );
        let fragments: Vec<_> = r.links.iter().map(|l| l.fragment.clone().unwrap_or_default()).collect();
        assert_eq!(fragments, ["clause-A", "b-terms", "nowhere"]);
        let (out, _) = page("[x](#1-scope)\n\n## 1-scope\n\n## 1. Scope\n", false);
        assert!(out.contains("<a href=\"#1-scope\">x</a>"), "a heading's own id wins: {out}");
    }
}
