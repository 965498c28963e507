//! The numbers of a redline's ordered lists. A removed item stays where it was, struck
//! through, inside the later version's list, where the browser counts it: every item after it
//! showed the next number (UWG § 8 (3): Nr. 2 read "3.", Nr. 4 read "6."), and statutes are
//! cited by those numbers. So an ordered list that mixes removed items with others numbers
//! each item itself (`<li value="n">`): a removed item its number in the earlier version, an
//! added or kept one its number in the later version, as a lawyer's compare shows them.

/// An `<li>` of a list, by where its tag name ends, and what the redline made of it.
#[derive(Clone, Copy, PartialEq)]
enum Item {
    Removed,
    Added,
    Kept,
}

/// An ordered list: its first number and its own items (not those of lists inside it).
struct List {
    start: u32,
    items: Vec<(usize, Item)>,
}

/// `html` with `value` on the items of every ordered list that has a removed item and another.
pub fn number_items(html: &str) -> String {
    let mut values: Vec<(usize, u32)> = lists(html).iter().filter(|l| mixed(l)).flat_map(numbers).collect();
    if values.is_empty() {
        return html.to_string();
    }
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

/// Every ordered list of `html`, with its items.
fn lists(html: &str) -> Vec<List> {
    // `None` for an unordered list, whose items are not numbered.
    let mut open: Vec<Option<List>> = Vec::new();
    let mut done = Vec::new();
    for (at, _) in html.match_indices('<') {
        let tag = &html[at..html[at..].find('>').map_or(html.len(), |end| at + end)];
        match tag_name(tag) {
            "ol" => open.push(Some(List { start: start_of(tag), items: Vec::new() })),
            "ul" => open.push(None),
            "/ol" | "/ul" => done.extend(open.pop().flatten()),
            "li" => {
                if let Some(Some(list)) = open.last_mut() {
                    list.items.push((at + 3, kind(tag)));
                }
            }
            _ => {}
        }
    }
    done
}

fn tag_name(tag: &str) -> &str {
    let name = &tag[1..];
    &name[..name.find([' ', '>', '\n']).unwrap_or(name.len())]
}

/// The `start` of an `<ol …` tag, 1 without one.
fn start_of(tag: &str) -> u32 {
    let value = tag.split_once("start=\"").and_then(|(_, rest)| rest.split('"').next());
    value.and_then(|v| v.parse().ok()).unwrap_or(1)
}

fn kind(tag: &str) -> Item {
    if tag.contains("block-removed") {
        Item::Removed
    } else if tag.contains("block-added") {
        Item::Added
    } else {
        Item::Kept
    }
}

fn mixed(list: &List) -> bool {
    list.items.iter().any(|(_, k)| *k == Item::Removed) && list.items.iter().any(|(_, k)| *k != Item::Removed)
}

/// Where each item's `value` goes, and the value.
fn numbers(list: &List) -> Vec<(usize, u32)> {
    let (mut earlier, mut later) = (list.start, list.start);
    let count = |n: &mut u32| {
        *n += 1;
        *n - 1
    };
    let value = |item: Item, earlier: &mut u32, later: &mut u32| match item {
        Item::Removed => count(earlier),
        Item::Added => count(later),
        Item::Kept => {
            count(earlier);
            count(later)
        }
    };
    list.items.iter().map(|&(at, item)| (at, value(item, &mut earlier, &mut later))).collect()
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
