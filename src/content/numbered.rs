//! Where in the Markdown tree a clause number is written, besides the start of a heading's
//! or paragraph's text: inside the bold a paragraph opens with (`**3.2 您同意…**`), bolded
//! alone (`**3.2** You agree`), or as the marker of the list item a heading opens
//! (`8. #### Term; Termination`); and where a number is not a clause (a tight list's item).

use comrak::nodes::{AstNode, ListType, NodeValue};

/// The text a paragraph starts with: its first child, or the first text inside the bold or
/// italics it starts with.
pub fn leading_text<'n>(paragraph: &'n AstNode<'n>) -> Option<&'n AstNode<'n>> {
    let mut node = paragraph.first_child()?;
    loop {
        match node.data.borrow().value {
            NodeValue::Text(_) => return Some(node),
            NodeValue::Strong | NodeValue::Emph => {}
            _ => return None,
        }
        node = node.first_child()?;
    }
}

/// When `text` is all of the bold or italics it is in, the text after them, which tells a
/// number from a citation: `**3.2** You agree`, `**§ 12** Laufzeit` (German terms bold the
/// number alone).
pub fn after_emphasis(text: &AstNode<'_>) -> Option<String> {
    let parent = text.parent().filter(|_| text.next_sibling().is_none())?;
    if !matches!(parent.data.borrow().value, NodeValue::Strong | NodeValue::Emph) {
        return None;
    }
    match &parent.next_sibling()?.data.borrow().value {
        NodeValue::Text(after) if after.starts_with(char::is_whitespace) => Some(after.to_string()),
        _ => None,
    }
}

/// The number of the ordered list item a heading opens (`8. #### Term; Termination`, as
/// Mozilla's terms number their sections in every language): the list's start plus the
/// items before it. Not in a blockquote: a quoted list of headings (Volotea's `> 1.  ####
/// Résidents`, points of its § 2.3) holds no sections of the document.
pub fn list_number(heading: &AstNode<'_>) -> Option<usize> {
    let item = heading.parent().filter(|_| heading.previous_sibling().is_none())?;
    let list = item.parent()?;
    let start = match (&item.data.borrow().value, &list.data.borrow().value) {
        (NodeValue::Item(_), NodeValue::List(l)) if l.list_type == ListType::Ordered => l.start,
        _ => return None,
    };
    if list.ancestors().any(|a| matches!(a.data.borrow().value, NodeValue::BlockQuote)) {
        return None;
    }
    Some(start + item.preceding_siblings().count() - 1)
}

/// Whether `node` is the paragraph of an item of a tight list, where a number that opens the
/// text belongs to the list, not to a clause paragraph.
pub fn in_tight_list(node: &AstNode<'_>) -> bool {
    node.parent()
        .and_then(|p| p.parent())
        .is_some_and(|gp| matches!(gp.data.borrow().value, NodeValue::List(l) if l.tight))
}
