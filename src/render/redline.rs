//! The redline (SPEC §6): a version against the one before it, block by block, then word by
//! word inside a changed block. It works on the sentinel form of both bodies (placeholders
//! as sentinels, not values), so it is computed once per locale and version pair and filled
//! per brand like any body: a further brand costs no further diff, and a value is escaped as
//! everywhere. Only the later version's tags are kept, so `<ins>`/`<del>` sit inside blocks
//! and the HTML stays valid; removed blocks lose their ids, so no id repeats. White space and
//! typography alone (a non-breaking space, straight against curly quotes) are no change.

use crate::content::fill::{escape_html, Pieces};
use crate::content::placeholders::Sentinels;
use crate::render::compare::{cut_words, normalize};
use crate::render::html_tree::{self, clause_ids, with_class, without_id, Block, Node, Tok};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// A redline ready to fill, with the clauses it touches (by id, in document order).
#[derive(Debug, Clone, Default)]
pub struct Redline {
    pub pieces: Pieces,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

/// The words screen readers hear before a change ("inserted: "), in the reader's language.
pub struct Labels<'a> {
    pub inserted: &'a str,
    pub deleted: &'a str,
}

/// `new` against `old`, for a page `levels` folders below the one the bodies were rendered
/// for (a changes page is two below its document).
pub fn redline(old: &Pieces, new: &Pieces, labels: &Labels<'_>, levels: usize) -> Redline {
    let mut names = old.names.clone();
    names.extend(new.names.iter().filter(|n| !old.names.contains(n)).cloned());
    let sentinels = Sentinels::for_names(names, |p| old.literal_contains(p) || new.literal_contains(p));
    let (old_html, new_html) = (old.to_sentinel_html(&sentinels), new.to_sentinel_html(&sentinels));
    let mut out = Emit { html: String::new(), labels, clause: None, touched: BTreeSet::new() };
    out.nodes(&html_tree::parse(&old_html), &html_tree::parse(&new_html));
    let (old_ids, new_ids) = (clause_ids(&old_html), clause_ids(&new_html));
    Redline {
        pieces: Pieces::from_html(&html_tree::deeper(&out.html, levels, &sentinels.prefix), &sentinels),
        added: new_ids.iter().filter(|id| !old_ids.contains(id)).cloned().collect(),
        removed: old_ids.iter().filter(|id| !new_ids.contains(id)).cloned().collect(),
        changed: new_ids
            .iter()
            .filter(|id| old_ids.contains(id) && out.touched.contains(*id))
            .cloned()
            .collect(),
    }
}

/// What a node is compared by: its element name and its normalized text and tags.
fn key(node: &Node) -> String {
    let mut html = String::new();
    html_tree::write(node, &mut html);
    let name = match node {
        Node::Block(b) => b.name,
        Node::Inline(_) => "",
    };
    format!("{name}\u{0}{}", normalize(html.trim()))
}

/// The redline's HTML as it is written, and the clauses changes fell in.
struct Emit<'l> {
    html: String,
    labels: &'l Labels<'l>,
    /// The clause of the later version the output is in.
    clause: Option<String>,
    touched: BTreeSet<String>,
}

impl Emit<'_> {
    fn changed(&mut self) {
        if let Some(c) = &self.clause {
            self.touched.insert(c.clone());
        }
    }

    /// Two lists of sibling nodes, block by block.
    fn nodes(&mut self, old: &[Node], new: &[Node]) {
        let (ok, nk): (Vec<String>, Vec<String>) =
            (old.iter().map(key).collect(), new.iter().map(key).collect());
        for op in capture_diff_slices(Algorithm::Myers, &ok, &nk) {
            match op {
                DiffOp::Equal { new_index, len, .. } => {
                    new[new_index..new_index + len].iter().for_each(|n| self.same(n));
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    old[old_index..old_index + old_len].iter().for_each(|n| self.removed(n));
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    new[new_index..new_index + new_len].iter().for_each(|n| self.added(n));
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    self.replaced(&old[old_index..old_index + old_len], &new[new_index..new_index + new_len]);
                }
            }
        }
    }

    /// Changed nodes: each earlier node is paired with the next later one that is the same
    /// block changed; later nodes passed over are added, earlier ones without a pair removed.
    fn replaced(&mut self, old: &[Node], new: &[Node]) {
        let mut next = 0;
        for o in old {
            // A pair is looked for a few nodes ahead only: a long changed stretch stays linear.
            let ahead = &new[next..new.len().min(next + LOOKAHEAD)];
            match ahead.iter().position(|n| pairs_with(o, n)) {
                Some(skip) => {
                    new[next..next + skip].iter().for_each(|n| self.added(n));
                    match (o, &new[next + skip]) {
                        (Node::Block(a), Node::Block(b)) => self.changed_block(a, b),
                        (Node::Inline(a), Node::Inline(b)) => self.words(a, b),
                        _ => {}
                    }
                    next += skip + 1;
                }
                None => self.removed(o),
            }
        }
        new[next..].iter().for_each(|n| self.added(n));
    }

    fn enter(&mut self, b: &Block) {
        if let Some(id) = clause_ids(b.open).into_iter().next() {
            self.clause = Some(id);
        }
    }

    fn changed_block(&mut self, old: &Block, new: &Block) {
        self.enter(new);
        self.html.push_str(new.open);
        self.nodes(&old.children, &new.children);
        self.html.push_str(new.close);
    }

    /// A node both versions have alike; later changes fall in the last clause it holds.
    fn same(&mut self, node: &Node) {
        let start = self.html.len();
        html_tree::write(node, &mut self.html);
        if let Some(id) = html_tree::last_clause_id(&self.html[start..]) {
            self.clause = Some(id);
        }
    }

    /// A whole block (or run) of the later version that the earlier one does not have.
    fn added(&mut self, node: &Node) {
        match node {
            Node::Inline(toks) => self.inserted(toks),
            Node::Block(b) => {
                self.enter(b);
                self.html.push_str(&with_class(b.open, "block-added"));
                b.children.iter().for_each(|c| self.added(c));
                self.html.push_str(b.close);
            }
        }
    }

    /// A whole block (or run) of the earlier version that the later one dropped: shown
    /// struck through, without its attributes (so without its ids).
    fn removed(&mut self, node: &Node) {
        match node {
            Node::Inline(toks) => self.deleted(toks, true),
            Node::Block(b) => {
                // A removed clause is listed as removed, not as a change of the one before.
                let own = !clause_ids(b.open).is_empty();
                let outer = if own { self.clause.take() } else { None };
                self.html.push_str(&format!("<{} class=\"block-removed\">", b.name));
                b.children.iter().for_each(|c| self.removed(c));
                if !b.close.is_empty() {
                    self.html.push_str(&format!("</{}>", b.name));
                }
                if own {
                    self.clause = outer;
                }
            }
        }
    }

    /// Two inline runs, word by word.
    fn words(&mut self, old: &[Tok], new: &[Tok]) {
        let (old, new) = (&cut_words(old)[..], &cut_words(new)[..]);
        let (old_keys, new_keys): (Vec<Cow<'_, str>>, Vec<Cow<'_, str>>) = (
            old.iter().map(|t| normalize(t.text())).collect(),
            new.iter().map(|t| normalize(t.text())).collect(),
        );
        for op in capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys) {
            match op {
                DiffOp::Equal { new_index, len, .. } => {
                    new[new_index..new_index + len].iter().for_each(|t| self.html.push_str(t.text()));
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    self.deleted(&old[old_index..old_index + old_len], false)
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    self.inserted(&new[new_index..new_index + new_len])
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    self.deleted(&old[old_index..old_index + old_len], false);
                    self.inserted(&new[new_index..new_index + new_len]);
                }
            }
        }
    }

    /// New tokens: tags as they are, each run of text in `<ins>`.
    fn inserted(&mut self, toks: &[Tok]) {
        let mut run: Vec<&str> = Vec::new();
        for t in toks {
            match t {
                Tok::Text(s) => run.push(s),
                Tok::Tag(tag) => {
                    self.mark("ins", self.labels.inserted, &std::mem::take(&mut run));
                    self.html.push_str(tag);
                }
            }
        }
        self.mark("ins", self.labels.inserted, &run);
    }

    /// Old tokens: their text in `<del>`; their tags kept (without ids) only for a whole
    /// removed block, where they are balanced, and dropped inside a changed one.
    fn deleted(&mut self, toks: &[Tok], keep_tags: bool) {
        let mut run: Vec<&str> = Vec::new();
        for t in toks {
            match t {
                Tok::Text(s) => run.push(s),
                Tok::Tag(tag) if keep_tags => {
                    self.mark("del", self.labels.deleted, &std::mem::take(&mut run));
                    self.html.push_str(&without_id(tag));
                }
                Tok::Tag(_) => {}
            }
        }
        self.mark("del", self.labels.deleted, &run);
    }

    /// A run of text in `<ins>` or `<del>`, announced; white space alone is not a change.
    fn mark(&mut self, element: &str, label: &str, run: &[&str]) {
        let text: String = run.concat();
        if text.trim().is_empty() {
            if element == "ins" {
                self.html.push_str(&text);
            }
            return;
        }
        self.changed();
        self.html.push_str(&format!("<{element}><span class=\"visually-hidden\">"));
        escape_html(&mut self.html, label);
        self.html.push_str("</span>");
        self.html.push_str(&text);
        self.html.push_str(&format!("</{element}>"));
    }
}

/// How many later nodes a changed earlier node is compared with to find its pair.
const LOOKAHEAD: usize = 8;

/// Whether two sibling nodes are one node changed.
fn pairs_with(old: &Node, new: &Node) -> bool {
    match (old, new) {
        (Node::Block(a), Node::Block(b)) => alike(a, b),
        (Node::Inline(_), Node::Inline(_)) => true,
        _ => false,
    }
}

/// Whether two blocks are one block changed, rather than one removed and another added:
/// the same element, the same clause (if any), and at least a third of their words alike.
fn alike(a: &Block, b: &Block) -> bool {
    let text = |b: &Block| {
        let mut html = b.open.to_string();
        b.children.iter().for_each(|c| html_tree::write(c, &mut html));
        normalize(&html).into_owned()
    };
    let clause = |b: &Block| clause_ids(b.open).into_iter().next();
    a.name == b.name
        && clause(a) == clause(b)
        && similar::TextDiff::from_words(text(a).as_str(), text(b).as_str()).ratio() >= 0.34
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::placeholders::sentinel_markdown;

    const LABELS: Labels<'static> = Labels { inserted: "inserted: ", deleted: "deleted: " };

    fn pieces(html: &str) -> Pieces {
        Pieces::from_html(html, &Sentinels::default())
    }

    fn diff(old: &str, new: &str) -> (String, Redline) {
        let r = redline(&pieces(old), &pieces(new), &LABELS, 0);
        (r.pieces.fill(&[]), r)
    }

    #[test]
    fn only_the_words_that_changed_are_marked() {
        let (html, _) = diff("<p>We keep data for 30 days.</p>\n", "<p>We keep data for 90 days.</p>\n");
        assert_eq!(
            html,
            "<p>We keep data for <del><span class=\"visually-hidden\">deleted: </span>30</del><ins><span class=\"visually-hidden\">inserted: </span>90</ins> days.</p>\n"
        );
    }

    #[test]
    fn white_space_and_quotes_alone_are_no_change() {
        let (html, r) =
            diff("<p>the \"Service\"  is  yours</p>", "<p>the \u{201C}Service\u{201D} is\u{A0}yours</p>");
        assert!(!html.contains("<ins>") && !html.contains("<del>"), "{html}");
        assert!(r.changed.is_empty());
    }

    #[test]
    fn whole_blocks_are_marked_and_clauses_listed() {
        let old = "<h2 id=\"clause-1\">1. A</h2>\n<p id=\"clause-1.1\">1.1 old text</p>\n<p id=\"clause-1.2\">1.2 gone</p>\n";
        let new = "<h2 id=\"clause-1\">1. A</h2>\n<p id=\"clause-1.1\">1.1 new text</p>\n<p id=\"clause-1.3\">1.3 added here</p>\n";
        let (html, r) = diff(old, new);
        assert_eq!(r.added, vec!["clause-1.3"]);
        assert_eq!(r.removed, vec!["clause-1.2"]);
        assert_eq!(r.changed, vec!["clause-1.1"]);
        assert!(html.contains("<p class=\"block-removed\"><del>"), "{html}");
        assert!(html.contains("<p id=\"clause-1.3\" class=\"block-added\"><ins>"), "{html}");
        assert_eq!(html.matches("id=\"clause-1.2\"").count(), 0, "a removed block keeps no id");
    }

    #[test]
    fn inserted_and_deleted_text_stays_inside_its_block() {
        let (html, _) =
            diff("<ul>\n<li>a <em>b</em></li>\n</ul>", "<ul>\n<li>a <strong>c</strong> d</li>\n</ul>");
        let tree = html_tree::parse(&html);
        let mut again = String::new();
        tree.iter().for_each(|n| html_tree::write(n, &mut again));
        assert_eq!(again, html);
        assert!(html.contains("<strong><ins>"), "{html}");
        assert_eq!(html.matches("<ins>").count(), html.matches("</ins>").count());
    }

    #[test]
    fn placeholders_compare_by_name_and_are_filled_per_brand() {
        let render = |md: &str| {
            let s = sentinel_markdown(md).unwrap();
            Pieces::from_html(&format!("<p>{}</p>", s.markdown), &s.sentinels)
        };
        let r = redline(
            &render("Mail {{supportMail}} now"),
            &render("Mail {{supportMail}} or {{phone}} now"),
            &LABELS,
            0,
        );
        let mut values = std::collections::BTreeMap::new();
        values.insert("supportMail".to_string(), "<a>&".to_string());
        values.insert("phone".to_string(), "1".to_string());
        let html = r.pieces.fill_map(&values);
        assert!(html.starts_with("<p>Mail &lt;a&gt;&amp; <ins>"), "{html}");
        assert!(html.contains("or 1"), "{html}");
    }
}
