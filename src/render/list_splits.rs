//! An ordered list the later version splits, for the redline. German statutes insert items
//! numbered `1a.`, `1b.`, which Markdown reads as paragraphs: the list ends before them and
//! goes on after them (`<ol>` item 1, `<p>1a. …</p>`, `<ol start="2">` items 2 …). The
//! earlier version's one list then paired with one of the pieces only, and the items of the
//! others showed as removed and added whole: BGB § 308 Nr. 1's one changed word went
//! unmarked, and Nr. 2 of TMG § 2, unchanged, showed struck and inserted again. So the
//! earlier list is cut where the later one is (by item count, as the numbering continues),
//! and each piece pairs with its counterpart.

use crate::render::html_tree::{Block, Node};
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

/// A run of ordered lists among siblings, each starting where the one before it ended: its
/// first number and, for each list, its item count and opening tag.
struct Run<'a> {
    start: usize,
    lists: Vec<(usize, &'a str)>,
}

fn continued_runs<'a>(new: &[Node<'a>]) -> Vec<Run<'a>> {
    let mut runs: Vec<Run<'a>> = Vec::new();
    let mut open: Option<Run<'a>> = None;
    for node in new {
        let Node::Block(b) = node else { continue };
        if b.name != "ol" {
            continue;
        }
        let (start, count) = (start_of(b.open), items(b).count());
        match open.as_mut() {
            Some(run) if run.start + run.lists.iter().map(|l| l.0).sum::<usize>() == start => {
                run.lists.push((count, b.open));
            }
            _ => runs.extend(open.replace(Run { start, lists: vec![(count, b.open)] })),
        }
    }
    runs.extend(open);
    runs.retain(|r| r.lists.len() > 1);
    runs
}

/// `list` cut into the pieces of `run`, when it starts where the run does and has more items
/// than all its pieces but the last (which takes the rest).
fn cut_list<'a>(list: &Block<'a>, run: &Run<'a>) -> Option<Vec<Block<'a>>> {
    let before_last: usize = run.lists[..run.lists.len() - 1].iter().map(|l| l.0).sum();
    if start_of(list.open) != run.start || items(list).count() <= before_last {
        return None;
    }
    let piece = |open| Block { name: list.name, open, children: Vec::new(), close: list.close };
    let mut pieces = vec![piece(list.open)];
    let mut seen = 0;
    for child in &list.children {
        let item = matches!(child, Node::Block(b) if b.name == "li");
        let k = pieces.len() - 1;
        if item && k + 1 < run.lists.len() && seen == run.lists[k].0 {
            pieces.push(piece(run.lists[k + 1].1));
            seen = 0;
        }
        seen += usize::from(item);
        pieces.last_mut()?.children.push(child.clone());
    }
    Some(pieces)
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

    #[test]
    fn lists_that_do_not_continue_each_other_cut_nothing() {
        let old = parse("<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
        let new = parse("<ol>\n<li>a</li>\n</ol>\n<p>x</p>\n<ol>\n<li>b</li>\n</ol>\n");
        assert!(split_like(&old, &new).is_none());
        let same = parse("<ol>\n<li>a</li>\n</ol>\n<p>x</p>\n<ol start=\"2\">\n<li>b</li>\n</ol>\n");
        assert!(split_like(&same, &same).is_none(), "already cut alike");
    }
}
