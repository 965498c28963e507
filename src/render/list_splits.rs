//! An ordered list the later version splits, for the redline. German statutes insert items
//! numbered `1a.`, `1b.`, which Markdown reads as paragraphs: the list ends before them and
//! goes on after them (`<ol>` item 1, `<p>1a. …</p>`, `<ol start="2">` items 2 …). The
//! earlier version's one list then paired with one of the pieces only, and the items of the
//! others showed as removed and added whole: BGB § 308 Nr. 1's one changed word went
//! unmarked, and Nr. 2 of TMG § 2, unchanged, showed struck and inserted again. So the
//! earlier list is cut where the later one is (by item count, as the numbering continues),
//! and each piece pairs with its counterpart. Only a list whose items show it is the same
//! list is cut: an item on either side of a cut is the same in both versions. A statute's
//! sections are siblings in one body, and § 305's list, unchanged, was cut like § 308's.

use crate::render::html_tree::{write, Block, Node};
use crate::render::list_numbers::{items, start_of};

/// `old` with each ordered list cut like the run of lists `new` continues its numbering in;
/// `None` when there is none to cut.
pub fn split_like<'a>(old: &[Node<'a>], new: &[Node<'a>]) -> Option<Vec<Node<'a>>> {
    let runs = continued_runs(new);
    if runs.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(old.len() + 2);
    let mut cut = false;
    for node in old {
        let pieces = match node {
            Node::Block(b) if b.name == "ol" => runs.iter().find_map(|run| cut_list(b, run)),
            _ => None,
        };
        match pieces {
            Some(pieces) => {
                cut = true;
                out.extend(pieces.into_iter().map(Node::Block));
            }
            None => out.push(node.clone()),
        }
    }
    cut.then_some(out)
}

/// A run of ordered lists among siblings, each starting where the one before it ended.
struct Run<'b, 'a> {
    start: usize,
    lists: Vec<&'b Block<'a>>,
}

impl Run<'_, '_> {
    fn next_start(&self) -> usize {
        self.start + self.lists.iter().map(|l| items(l).count()).sum::<usize>()
    }
}

fn continued_runs<'b, 'a>(new: &'b [Node<'a>]) -> Vec<Run<'b, 'a>> {
    let mut runs: Vec<Run> = Vec::new();
    let mut open: Option<Run> = None;
    for node in new {
        let Node::Block(b) = node else { continue };
        if b.name != "ol" {
            continue;
        }
        let start = start_of(b.open);
        match open.as_mut() {
            Some(run) if run.next_start() == start => run.lists.push(b),
            _ => runs.extend(open.replace(Run { start, lists: vec![b] })),
        }
    }
    runs.extend(open);
    runs.retain(|r| r.lists.len() > 1);
    runs
}

/// `list` cut into the pieces of `run`, when it starts where the run does, has more items
/// than all its pieces but the last (which takes the rest), and is the same list: an item
/// next to a cut is the same in both.
fn cut_list<'a>(list: &Block<'a>, run: &Run<'_, 'a>) -> Option<Vec<Block<'a>>> {
    let counts: Vec<usize> = run.lists.iter().map(|l| items(l).count()).collect();
    let before_last: usize = counts[..counts.len() - 1].iter().sum();
    if start_of(list.open) != run.start || items(list).count() <= before_last {
        return None;
    }
    let piece = |open| Block { name: list.name, open, children: Vec::new(), close: list.close };
    let mut pieces = vec![piece(list.open)];
    let mut seen = 0;
    for child in &list.children {
        let item = matches!(child, Node::Block(b) if b.name == "li");
        let k = pieces.len() - 1;
        if item && k + 1 < counts.len() && seen == counts[k] {
            pieces.push(piece(run.lists[k + 1].open));
            seen = 0;
        }
        seen += usize::from(item);
        pieces.last_mut()?.children.push(child.clone());
    }
    pieces.iter().zip(&run.lists).any(|(old, new)| same_edge(old, new)).then_some(pieces)
}

/// Whether a piece of the earlier list and the later list it is cut like begin or end with
/// the same item.
fn same_edge(old: &Block, new: &Block) -> bool {
    let same = |a: Option<&Block>, b: Option<&Block>| a.zip(b).is_some_and(|(a, b)| text_of(a) == text_of(b));
    same(items(old).next(), items(new).next()) || same(items(old).last(), items(new).last())
}

/// An item's text alone: no tags (a loose item's `<p>` aside), no white space.
fn text_of(item: &Block) -> String {
    let mut html = String::new();
    write(&Node::Block(item.clone()), &mut html);
    let mut in_tag = false;
    html.chars()
        .filter(|&c| {
            in_tag = (in_tag || c == '<') && c != '>';
            !in_tag && c != '>' && !c.is_whitespace()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html_tree::{parse, write};

    fn html(nodes: &[Node<'_>]) -> String {
        let mut out = String::new();
        nodes.iter().for_each(|n| write(n, &mut out));
        out
    }

    /// BGB § 308, 2012 → 2022 (bundestag/gesetze), cut down.
    #[test]
    fn the_earlier_list_is_cut_where_the_later_one_is() {
        let old = "<ol>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ol>\n";
        let new = "<ol>\n<li>one'</li>\n</ol>\n<p>1a. inserted</p>\n<ol start=\"2\">\n<li>two</li>\n<li>three</li>\n</ol>\n";
        let (old, new) = (parse(old), parse(new));
        let cut = split_like(&old, &new).expect("cut");
        assert_eq!(
            html(&cut),
            "<ol>\n<li>one</li>\n</ol><ol start=\"2\"><li>two</li>\n<li>three</li>\n</ol>\n"
        );
    }

    /// BGB § 305 Abs. 2's list, unchanged, is a sibling of § 308's, which the later version
    /// splits: only § 308's is cut.
    #[test]
    fn only_the_list_whose_items_match_at_a_cut_is_cut() {
        let other = "<ol>\n<li>\n<p>ausdrücklich</p>\n</li>\n<li>\n<p>zumutbar</p>\n</li>\n</ol>\n";
        let old = format!("{other}<ol>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ol>\n");
        let new = format!("{other}<ol>\n<li>one'</li>\n</ol>\n<p>1a. x</p>\n<ol start=\"2\">\n<li>two</li>\n<li>three</li>\n</ol>\n");
        let (old, new) = (parse(&old), parse(&new));
        let cut = html(&split_like(&old, &new).expect("cut"));
        assert!(cut.starts_with(other), "{cut}");
        assert!(
            cut.ends_with("<ol>\n<li>one</li>\n</ol><ol start=\"2\"><li>two</li>\n<li>three</li>\n</ol>\n"),
            "{cut}"
        );
        let changed = parse("<ol>\n<li>one</li>\n<li>deux</li>\n<li>trois</li>\n</ol>\n");
        assert!(split_like(&changed, &new).is_none(), "no item alike at the cut");
    }

    #[test]
    fn lists_that_do_not_continue_each_other_cut_nothing() {
        let old = parse("<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
        let new = parse("<ol>\n<li>a</li>\n</ol>\n<p>x</p>\n<ol>\n<li>b</li>\n</ol>\n");
        assert!(split_like(&old, &new).is_none());
        let same = parse("<ol>\n<li>a</li>\n</ol>\n<p>x</p>\n<ol start=\"2\">\n<li>b</li>\n</ol>\n");
        assert!(split_like(&same, &same).is_none(), "already cut alike");
    }
}
