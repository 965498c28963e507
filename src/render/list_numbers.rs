//! The numbers of a redline's ordered lists. A removed item stays where it was, struck
//! through, inside the later version's list, where the browser counts it: every item after it
//! showed the next number (UWG § 8 (3): Nr. 2 read "3.", Nr. 4 read "6."), and statutes are
//! cited by those numbers. So an ordered list that mixes removed items with others numbers
//! each item itself (`<li value="n">`): a removed item its number in the earlier version, an
//! added or kept one its number in the later version, as a lawyer's compare shows them.

use crate::render::html_tree::{self, Block, Node};

/// What the redline made of an item.
#[derive(Clone, Copy, PartialEq)]
enum Item {
    Removed,
    Added,
    Kept,
}

/// `html` with `value` on the items of every ordered list that has a removed item and another.
pub fn number_items(html: &str) -> String {
    // Most redlines remove no list item: those are not parsed again.
    if !html.contains("<li class=\"block-removed\"") {
        return html.to_string();
    }
    let mut values = Vec::new();
    numbered_lists(&html_tree::parse(html), html, &mut values);
    values.sort_unstable();
    let mut out = String::with_capacity(html.len() + values.len() * 12);
    let mut at = 0;
    for (end, value) in values {
        out.push_str(&html[at..end]);
        out.push_str(&format!(" value=\"{value}\""));
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

/// Where the `value` of each item of every mixed ordered list among `nodes` (parsed from
/// `html`) goes, and the value, lists inside lists included.
fn numbered_lists(nodes: &[Node<'_>], html: &str, values: &mut Vec<(usize, usize)>) {
    for node in nodes {
        let Node::Block(block) = node else { continue };
        if block.name == "ol" {
            values.extend(numbers(block, html));
        }
        numbered_lists(&block.children, html, values);
    }
}

/// The `start` of an `<ol …>` tag, 1 without one.
pub fn start_of(open: &str) -> usize {
    html_tree::attribute(open, "start").and_then(|v| v.parse().ok()).unwrap_or(1)
}

/// The items of a list (not those of lists inside them).
pub fn items<'b, 'a>(list: &'b Block<'a>) -> impl Iterator<Item = &'b Block<'a>> {
    list.children.iter().filter_map(|c| match c {
        Node::Block(b) if b.name == "li" => Some(b),
        _ => None,
    })
}

fn kind(open: &str) -> Item {
    if open.contains("block-removed") {
        Item::Removed
    } else if open.contains("block-added") {
        Item::Added
    } else {
        Item::Kept
    }
}

/// Where each item's `value` goes (after `<li`, as an offset into `html`, which `list` was
/// parsed from) and the value; nothing when the list does not mix removed items with others.
fn numbers(list: &Block<'_>, html: &str) -> Vec<(usize, usize)> {
    let kinds: Vec<(usize, Item)> = items(list)
        .map(|li| (li.open.as_ptr() as usize - html.as_ptr() as usize + "<li".len(), kind(li.open)))
        .collect();
    let removed = kinds.iter().filter(|(_, k)| *k == Item::Removed).count();
    if removed == 0 || removed == kinds.len() {
        return Vec::new();
    }
    let (mut earlier, mut later) = (start_of(list.open), start_of(list.open));
    let count = |n: &mut usize| {
        *n += 1;
        *n - 1
    };
    let value = |item: Item, earlier: &mut usize, later: &mut usize| match item {
        Item::Removed => count(earlier),
        Item::Added => count(later),
        Item::Kept => {
            count(earlier);
            count(later)
        }
    };
    kinds.into_iter().map(|(at, item)| (at, value(item, &mut earlier, &mut later))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UWG § 8 (3), 2012 → 2022 (bundestag/gesetze), cut down: Nr. 1 and Nr. 4 rewritten.
    #[test]
    fn a_removed_item_keeps_its_old_number_and_takes_none_from_the_others() {
        let html = concat!(
            "<ol>\n<li class=\"block-removed\">old 1</li>\n<li class=\"block-added\">new 1</li>\n",
            "<li>two <ul><li>x</li></ul></li>\n<li>three</li>\n",
            "<li class=\"block-removed\">old 4</li>\n<li class=\"block-added\">new 4</li>\n</ol>\n",
        );
        let numbered = number_items(html);
        assert_eq!(numbered.matches(" value=\"").count(), 6, "the inner list's item is not numbered");
        for want in [
            "<li value=\"1\" class=\"block-removed\">old 1",
            "<li value=\"1\" class=\"block-added\">new 1",
            "<li value=\"2\">two <ul><li>x</li>",
            "<li value=\"3\">three",
            "<li value=\"4\" class=\"block-removed\">old 4",
            "<li value=\"4\" class=\"block-added\">new 4",
        ] {
            assert!(numbered.contains(want), "{want} in {numbered}");
        }
    }

    #[test]
    fn other_lists_are_left_alone() {
        let added = "<ol start=\"3\">\n<li>a</li>\n<li class=\"block-added\">b</li>\n</ol>\n";
        assert_eq!(number_items(added), added, "the browser counts an added item right");
        let removed = "<ol class=\"block-removed\"><li class=\"block-removed\">a</li></ol>";
        assert_eq!(number_items(removed), removed);
        let bullets = "<ul><li class=\"block-removed\">a</li><li>b</li></ul>";
        assert_eq!(number_items(bullets), bullets);
        let started = "<ol start=\"5\"><li class=\"block-removed\">a</li><li>b</li></ol>";
        assert_eq!(
            number_items(started),
            "<ol start=\"5\"><li value=\"5\" class=\"block-removed\">a</li><li value=\"5\">b</li></ol>"
        );
    }
}
