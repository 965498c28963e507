//! The redline (SPEC §6): a version against the one before it, block by block, then word by
//! word inside a changed block. Blocks are paired by similarity ([`crate::render::align`]),
//! so a reworded paragraph is compared with itself, and words are diffed and cleaned up into
//! phrases ([`crate::render::compare`]); link destinations, heading levels and the inline
//! marks are written by [`crate::render::marks`]. It works on the sentinel form of both
//! bodies (placeholders as sentinels, not values), so it is computed once per locale and
//! version pair and filled per brand like any body: a further brand costs no further diff,
//! and a value is escaped as everywhere. Only the later version's tags are kept, so
//! `<ins>`/`<del>` sit inside blocks and the HTML stays valid; removed blocks lose their ids
//! and their links to ids the later version lacks, so no id repeats and no anchor dangles.
//! White space and typography alone (a non-breaking space, straight against curly quotes)
//! are no change.

use crate::content::fill::Pieces;
use crate::content::placeholders::Sentinels;
use crate::render::align::{align, is_heading, Keys, Step};
use crate::render::clause_lists::{clause_lists, ClauseLists};
use crate::render::html_tree::{self, clause_ids, with_class, Block, Node};
pub use crate::render::labels::Labels;
use crate::render::{compare, list_numbers, list_splits, loose_items, regroup};
use std::collections::{BTreeSet, HashSet};

/// A redline ready to fill, with the clauses it touches (by id, in document order).
#[derive(Debug, Clone, Default)]
pub struct Redline {
    pub pieces: Pieces,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// Clauses paired with a clause of another number (TMG § 16 became § 11): (new id, old id).
    pub renumbered: Vec<(String, String)>,
    /// Nothing at all changed: not a word, a link destination or a heading level.
    pub unchanged: bool,
}

/// `new` against `old`, for a page `levels` folders below the one the bodies were rendered
/// for (a changes page is two below its document).
pub fn redline(old: &Pieces, new: &Pieces, labels: &Labels, levels: usize) -> Redline {
    let mut names = old.names.clone();
    names.extend(new.names.iter().filter(|n| !old.names.contains(n)).cloned());
    let sentinels = Sentinels::for_names(names, |p| old.literal_contains(p) || new.literal_contains(p));
    let (old_html, new_html) = (old.to_sentinel_html(&sentinels), new.to_sentinel_html(&sentinels));
    let mut out = Emit::new(labels, html_tree::ids(&new_html));
    out.nodes(&html_tree::parse(&old_html), &html_tree::parse(&new_html));
    let lists = clause_lists(std::mem::take(&mut out.listed), &out.touched, &new_html);
    let html = html_tree::deeper(&list_numbers::number_items(&out.html), levels, &sentinels.prefix);
    let ClauseLists { added, removed, changed } = lists;
    let (pieces, renumbered, unchanged) = (Pieces::from_html(&html, &sentinels), out.renumbered, !out.any);
    Redline { pieces, added, removed, changed, renumbered, unchanged }
}

/// White space between blocks: written as the later version has it, never compared.
fn blank(node: &Node) -> bool {
    matches!(node, Node::Inline(toks) if compare::blank(toks))
}

/// The redline's HTML as it is written, and the clauses changes fell in.
pub(crate) struct Emit<'l> {
    pub(crate) html: String,
    pub(crate) labels: &'l Labels,
    /// The clause of the later version the output is in.
    clause: Option<String>,
    touched: BTreeSet<String>,
    /// The clauses written as added, and those written as removed, in order.
    listed: (Vec<String>, Vec<String>),
    renumbered: Vec<(String, String)>,
    /// Whether anything changed at all (formatting alone too).
    pub(crate) any: bool,
    /// Every id of the later version: a removed block's link to another id is kept.
    pub(crate) new_ids: HashSet<String>,
    /// What makes two nodes equal, numbered for the whole redline.
    keys: Keys,
    /// Destinations of links deleted in the change being written, to pair with those inserted.
    pub(crate) gone_links: Vec<String>,
    /// A changed destination (old, new), written after the link's `</a>`.
    pub(crate) pending_link: Option<(Option<String>, Option<String>)>,
}

impl<'l> Emit<'l> {
    fn new(labels: &'l Labels, new_ids: HashSet<String>) -> Self {
        Emit {
            html: String::new(),
            labels,
            clause: None,
            touched: BTreeSet::new(),
            listed: Default::default(),
            renumbered: Vec::new(),
            any: false,
            new_ids,
            keys: Keys::default(),
            gone_links: Vec::new(),
            pending_link: None,
        }
    }

    /// Something changed here: the clause the output is in is touched.
    pub(crate) fn changed(&mut self) {
        self.any = true;
        if let Some(c) = &self.clause {
            self.touched.insert(c.clone());
        }
    }

    /// Two lists of sibling nodes, block by block.
    fn nodes<'a>(&mut self, old: &[Node<'a>], new: &[Node<'a>]) {
        let cut = list_splits::split_like(old, new);
        let old = cut.as_deref().unwrap_or(old);
        let shown = |list: &[Node]| (0..list.len()).filter(|&i| !blank(&list[i])).collect::<Vec<_>>();
        let (oi, ni) = (shown(old), shown(new));
        let (ov, nv): (Vec<&Node>, Vec<&Node>) =
            (oi.iter().map(|&i| &old[i]).collect(), ni.iter().map(|&i| &new[i]).collect());
        let ok: Vec<u32> = ov.iter().map(|n| self.keys.of(n)).collect();
        let nk: Vec<u32> = nv.iter().map(|n| self.keys.of(n)).collect();
        let steps = align(&ov, &nv, &ok, &nk);
        let (mut written, mut gone, mut k) = (0, Vec::new(), 0);
        while let Some(&step) = steps.get(k) {
            let opens = k == 0 || matches!(steps[k - 1], Step::Same(..));
            k += 1;
            if let Some((len, mut plan)) = opens.then(|| regroup::region(&steps[k - 1..], &ov, &nv)).flatten()
            {
                for j in regroup::new_nodes(&steps[k - 1..k - 1 + len]) {
                    self.blanks(new, &mut written, ni[j]);
                    self.regrouped(&mut plan, nv[j]);
                }
                self.regrouped_end(&mut plan);
                k += len - 1;
                continue;
            }
            let j = match step {
                Step::Removed(i) => {
                    gone.push(oi[i]);
                    continue;
                }
                Step::Same(_, j) | Step::Changed(_, j) | Step::Added(j) => j,
            };
            // Removed blocks go after the white space before the next block, so on lines
            // of their own.
            self.blanks(new, &mut written, ni[j]);
            self.removed_blocks(old, &mut gone);
            match step {
                Step::Changed(i, _) => self.changed_node(ov[i], nv[j]),
                Step::Added(_) => self.added(nv[j]),
                _ => self.same(nv[j]),
            }
        }
        self.blanks(new, &mut written, new.len());
        self.removed_blocks(old, &mut gone);
    }

    /// Writes the white space of `new` before node `upto`, which is written next.
    fn blanks(&mut self, new: &[Node], written: &mut usize, upto: usize) {
        new[*written..upto].iter().for_each(|n| html_tree::write(n, &mut self.html));
        *written = (upto + 1).min(new.len());
    }

    /// Writes the nodes `gone` of `old`, removed, each with the line break after it.
    fn removed_blocks(&mut self, old: &[Node], gone: &mut Vec<usize>) {
        for i in gone.drain(..) {
            self.removed(&old[i]);
            if let Some(Node::Inline(toks)) = old.get(i + 1).filter(|n| blank(n)) {
                if toks.iter().any(|t| t.text().contains('\n')) {
                    self.html.push('\n');
                }
            }
        }
    }

    fn changed_node(&mut self, old: &Node, new: &Node) {
        match (old, new) {
            (Node::Block(a), Node::Block(b)) => self.changed_block(a, b),
            (Node::Inline(a), Node::Inline(b)) => self.words(a, b),
            _ => {
                self.removed(old);
                self.added(new);
            }
        }
    }

    pub(crate) fn enter(&mut self, b: &Block) {
        if let Some(id) = clause_ids(b.open).into_iter().next() {
            self.clause = Some(id);
        }
    }

    /// One block changed (a heading perhaps of another level): the later one, compared inside.
    fn changed_block(&mut self, old: &Block, new: &Block) {
        self.enter(new);
        match (clause_ids(old.open).pop(), clause_ids(new.open).pop()) {
            (Some(was), Some(now)) if was != now => self.renumbered.push((now, was)),
            _ => {}
        }
        self.html.push_str(new.open);
        self.nodes(loose_items::like(old, new).as_deref().unwrap_or(&old.children), &new.children);
        match (is_heading(old.name), is_heading(new.name)) {
            _ if old.name == new.name => {}
            (true, true) => self.level_note(old.name),
            // A paragraph made a heading with the same words: its look changed, not its text.
            _ => self.any = true,
        }
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
    pub(crate) fn added(&mut self, node: &Node) {
        match node {
            Node::Inline(toks) => self.inserted(toks, false),
            Node::Block(b) => {
                self.enter(b);
                self.changed();
                self.listed.0.extend(clause_ids(b.open));
                self.html.push_str(&with_class(b.open, "block-added"));
                b.children.iter().for_each(|c| self.added(c));
                self.html.push_str(b.close);
            }
        }
    }

    /// A whole block (or run) of the earlier version that the later one dropped: shown
    /// struck through, without its attributes (so without its ids).
    pub(crate) fn removed(&mut self, node: &Node) {
        self.any = true;
        match node {
            Node::Inline(toks) => self.deleted(toks, true),
            Node::Block(b) => {
                // A removed clause is listed as removed, not as a change of the one before.
                let own = !clause_ids(b.open).is_empty();
                self.listed.1.extend(clause_ids(b.open));
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::placeholders::sentinel_markdown;

    fn labels() -> Labels {
        Labels::from_strings(|_, default| default.to_string())
    }

    fn pieces(html: &str) -> Pieces {
        Pieces::from_html(html, &Sentinels::default())
    }

    fn diff(old: &str, new: &str) -> (String, Redline) {
        let r = redline(&pieces(old), &pieces(new), &labels(), 0);
        (r.pieces.fill(&[]), r)
    }

    /// China's accounting law, cut down: article 2 removed, article 3 renumbered 2.
    #[test]
    fn the_lists_name_the_clauses_as_the_body_pairs_them() {
        let p = |n: &str, t: &str| format!("<p id=\"clause-{n}\" class=\"clause\">第{n}条 {t}</p>\n");
        let (a, b, c) = (p("1", "规范会计行为。"), p("2", "进行会计核算。"), p("3", "本法自2000年施行。"));
        let (_, r) = diff(&[a.as_str(), &b, &c].concat(), &(a.clone() + &p("2", "本法自2000年施行。")));
        let two = vec!["clause-2".to_string()];
        assert_eq!((r.added, r.removed, r.changed), (vec![], two.clone(), two));
        assert_eq!(r.renumbered, [("clause-2".to_string(), "clause-3".to_string())], "article 3 is now 2");
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
            &labels(),
            0,
        );
        let mut values = std::collections::BTreeMap::new();
        values.insert("supportMail".to_string(), "<a>&".to_string());
        values.insert("phone".to_string(), "1".to_string());
        let html = r.pieces.fill_map(&values);
        assert!(html.starts_with("<p>Mail &lt;a&gt;&amp; <ins>"), "{html}");
        assert!(html.contains("or 1"), "{html}");
    }

    #[test]
    fn a_reworded_paragraph_is_compared_with_itself_and_the_other_removed_whole() {
        let old =
            "<p>For malware, write to abuse.</p>\n<p>Tell us about the account and how you found it.</p>\n";
        let new = "<p>Tell us all about the account and how you found it.</p>\n";
        let (html, r) = diff(old, new);
        assert_eq!(
            html,
            "<p class=\"block-removed\"><del><span class=\"visually-hidden\">deleted: </span>For malware, write to abuse.</del></p>\n<p>Tell us <ins><span class=\"visually-hidden\">inserted: </span>all </ins>about the account and how you found it.</p>\n"
        );
        assert!(!r.unchanged);
    }

    #[test]
    fn a_heading_that_changed_level_alone_is_one_heading_with_a_note() {
        let (html, r) = diff("<h4 id=\"clause-3\">3. Fees</h4>\n", "<h3 id=\"clause-3\">3. Fees</h3>\n");
        assert_eq!(
            html,
            "<h3 id=\"clause-3\">3. Fees <span class=\"redline-note\">(was a level-4 heading)</span></h3>\n"
        );
        assert_eq!((r.added.len(), r.removed.len(), r.changed), (0, 0, vec!["clause-3".to_string()]));
    }

    #[test]
    fn a_removed_heading_keeps_no_link_to_an_id_that_is_gone() {
        let head = |n: u8| {
            format!("<h2 id=\"clause-{n}\"><a class=\"self-link\" href=\"#clause-{n}\" aria-label=\"§ {n}\">§</a> {n}. Part</h2>\n")
        };
        let old = format!(
            "{}<p>See <a href=\"#clause-1\">1</a>.</p>\n{}<p>Gone, see <a href=\"#clause-2\">2</a>.</p>\n",
            head(1),
            head(2)
        );
        let (html, r) = diff(&old, &format!("{}<p>See <a href=\"#clause-1\">1</a>.</p>\n", head(1)));
        let removed = &html[html.find("block-removed").unwrap_or(0)..];
        assert_eq!(
            removed,
            "block-removed\"><del><span class=\"visually-hidden\">deleted: </span> 2. Part</del></h2>\n<p class=\"block-removed\"><del><span class=\"visually-hidden\">deleted: </span>Gone, see </del><a><del><span class=\"visually-hidden\">deleted: </span>2</del></a><del><span class=\"visually-hidden\">deleted: </span>.</del></p>\n"
        );
        assert_eq!(r.removed, vec!["clause-2"]);
        let (html, _) =
            diff(&format!("{}<p>See <a href=\"#clause-1\">1</a>.</p>\n<p>Gone</p>", head(1)), &head(1));
        assert!(html.contains("<a href=\"#clause-1\">"), "a link to an id still there stays: {html}");
    }

    #[test]
    fn a_version_with_nothing_changed_says_so() {
        let same = "<h2 id=\"clause-1\">1. A</h2>\n<p>Text.</p>\n";
        assert!(diff(same, same).1.unchanged);
        assert!(!diff(same, "<h2 id=\"clause-1\">1. A</h2>\n<p>Text.</p>\n<hr />\n").1.unchanged);
        assert!(!diff("<p><em>Text</em>.</p>", "<p><strong>Text</strong>.</p>").1.unchanged, "formatting");
    }
}
