//! A list item whose text is in a paragraph in one version and not in the other, for the
//! redline. Markdown makes a whole list loose (each item's text in a `<p>`) as soon as one
//! blank line separates two of its items, so adding one item with a blank line before it
//! turns every other item from `<li>text</li>` into `<li><p>text</p></li>`. Compared as they
//! are, a run of text against a paragraph, every unchanged item showed as deleted and
//! inserted again, and a changed word was not marked (BGB § 308 Nr. 1, whose list the
//! inserted `1a.` split). So the earlier item is given the later one's shape first, and the
//! items compare word by word; the shape alone is no change, as white space is none.

use crate::render::compare::blank;
use crate::render::html_tree::{Block, Node, Tok};

/// The children of the earlier item `old` in the shape of the later item `new`'s (its text
/// in paragraphs, or not), when both are list items and their shapes differ; else `None`.
pub fn like<'a>(old: &Block<'a>, new: &Block<'a>) -> Option<Vec<Node<'a>>> {
    if old.name != "li" || new.name != "li" {
        return None;
    }
    match (shape(&old.children)?, shape(&new.children)?) {
        (Shape::Paragraphs, Shape::Bare) => Some(unwrapped(&old.children)),
        (Shape::Bare, Shape::Paragraphs) => Some(wrapped(&old.children)),
        _ => None,
    }
}

#[derive(PartialEq)]
enum Shape {
    /// Text in `<p>` blocks, nothing but white space outside blocks (a loose item).
    Paragraphs,
    /// Text outside any `<p>` (a tight item).
    Bare,
}

/// The item's shape; `None` when it has both or neither.
fn shape(children: &[Node]) -> Option<Shape> {
    let paragraph = children.iter().any(|n| matches!(n, Node::Block(b) if b.name == "p"));
    let text = children.iter().any(|n| matches!(n, Node::Inline(t) if !blank(t)));
    match (paragraph, text) {
        (true, false) => Some(Shape::Paragraphs),
        (false, true) => Some(Shape::Bare),
        _ => None,
    }
}

/// Each paragraph replaced by its content.
fn unwrapped<'a>(children: &[Node<'a>]) -> Vec<Node<'a>> {
    let mut out = Vec::with_capacity(children.len());
    for child in children {
        match child {
            Node::Block(b) if b.name == "p" => out.extend(b.children.iter().cloned()),
            _ => out.push(child.clone()),
        }
    }
    out
}

/// Each run of text put in a paragraph of its own.
fn wrapped<'a>(children: &[Node<'a>]) -> Vec<Node<'a>> {
    let paragraph = |toks: &Vec<Tok<'a>>| {
        let children = vec![Node::Inline(toks.clone())];
        Node::Block(Block { name: "p", open: "<p>", children, close: "</p>" })
    };
    children
        .iter()
        .map(|child| match child {
            Node::Inline(toks) if !blank(toks) => paragraph(toks),
            _ => child.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html_tree::{parse, write};

    fn item(html: &str) -> Block<'_> {
        match parse(html).into_iter().next() {
            Some(Node::Block(b)) => b,
            other => panic!("not a block: {other:?}"),
        }
    }

    fn html(nodes: &[Node<'_>]) -> String {
        let mut out = String::new();
        nodes.iter().for_each(|n| write(n, &mut out));
        out
    }

    #[test]
    fn a_loose_item_takes_a_tight_ones_shape_and_back() {
        let (loose, tight) =
            (item("<li>\n<p>alpha <em>b</em></p>\n</li>"), item("<li>alpha <em>c</em></li>"));
        assert_eq!(html(&like(&loose, &tight).expect("unwrapped")), "\nalpha <em>b</em>\n");
        assert_eq!(html(&like(&tight, &loose).expect("wrapped")), "<p>alpha <em>c</em></p>");
    }

    #[test]
    fn items_of_one_shape_and_other_blocks_are_left_alone() {
        let (a, b) = (item("<li>\n<p>a</p>\n</li>"), item("<li>\n<p>b</p>\n</li>"));
        assert!(like(&a, &b).is_none());
        assert!(like(&item("<li>a</li>"), &item("<li>b</li>")).is_none());
        assert!(like(&item("<td>\n<p>a</p>\n</td>"), &item("<td>a</td>")).is_none());
    }

    #[test]
    fn a_tight_item_with_a_nested_list_keeps_the_list() {
        let tight = item("<li>one\n<ul>\n<li>two</li>\n</ul>\n</li>");
        let loose = item("<li>\n<p>one</p>\n<ul>\n<li>two</li>\n</ul>\n</li>");
        assert_eq!(html(&like(&tight, &loose).expect("wrapped")), "<p>one\n</p><ul>\n<li>two</li>\n</ul>\n");
    }
}
