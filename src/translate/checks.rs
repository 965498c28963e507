//! What import checks of each unit a CAT tool returns: that its source is still the site's,
//! that its target has text, and that the target keeps every code of the source once, in
//! pairs that nest, no `{{` typed as text, and no number typed where it would read as a
//! clause number.

use crate::content::numbering;
use crate::content::segments::{BlockKind, Code};
use crate::translate::rebuild::Tag;
use crate::translate::units::{Unit, UnitKind};

/// Whether two sources say the same: the same codes in the same order and the same words,
/// white space aside (a CAT tool may wrap or pad lines).
pub fn same_source(ours: &[Tag], theirs: &[Tag]) -> bool {
    normalized(ours) == normalized(theirs)
}

fn normalized(tags: &[Tag]) -> Vec<Tag> {
    let mut out: Vec<Tag> = Vec::new();
    for tag in tags {
        match tag {
            Tag::Text(t) => {
                let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
                let space = t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace);
                if !words.is_empty() || space {
                    out.push(Tag::Text(words));
                }
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// Whether a target says nothing: no words and no codes.
pub fn is_empty(tags: &[Tag]) -> bool {
    tags.iter().all(|t| matches!(t, Tag::Text(s) if s.trim().is_empty()))
}

/// Every code of `unit` once, as the kind it is (a pair opened and closed, nested; a code
/// alone alone). The error says what is wrong.
pub fn codes(unit: &Unit, tags: &[Tag]) -> Result<(), String> {
    let n = unit.codes.len() as u32;
    let mut seen = vec![0u32; n as usize + 1];
    let mut open: Vec<u32> = Vec::new();
    for tag in tags {
        let (id, pair) = match tag {
            Tag::Text(_) => continue,
            Tag::Open(id) => (*id, true),
            Tag::Alone(id) => (*id, false),
            Tag::Close(id) => {
                if open.pop() != Some(*id) {
                    return Err(format!("tag {id} closes where it did not open"));
                }
                continue;
            }
        };
        if id == 0 || id > n {
            return Err(format!("tag {id} is no tag of the source (it has {n})"));
        }
        if is_pair(unit.code(id)) != pair {
            return Err(format!(
                "tag {id} is {} in the source",
                if pair { "a single tag" } else { "a pair" }
            ));
        }
        seen[id as usize] += 1;
        if pair {
            open.push(id);
        }
    }
    if let Some(id) = open.pop() {
        return Err(format!("tag {id} opens and does not close"));
    }
    for id in 1..=n {
        match seen[id as usize] {
            0 => return Err(format!("the target drops tag {id}{}", shown(unit, id))),
            1 => {}
            k => return Err(format!("the target has tag {id}{} {k} times", shown(unit, id))),
        }
    }
    Ok(())
}

fn is_pair(code: Option<Code>) -> bool {
    matches!(code, Some(Code::Emphasis | Code::Strong | Code::Strikethrough | Code::Link | Code::Image))
}

fn shown(unit: &Unit, id: u32) -> String {
    unit.equiv(id).map_or(String::new(), |e| format!(" (`{e}`)"))
}

/// No `{{` typed as text: a placeholder is its tag. (Text the source itself has, `\{{`
/// written as a literal, is fine where it stands.)
pub fn typed_braces(unit: &Unit, tags: &[Tag]) -> Result<(), String> {
    let source_texts: Vec<&str> =
        unit.tags.iter().filter_map(|t| if let Tag::Text(s) = t { Some(s.as_str()) } else { None }).collect();
    for (i, tag) in tags.iter().enumerate() {
        if let Tag::Text(text) = tag {
            let before_code = matches!(tags.get(i + 1), Some(Tag::Alone(_)));
            if unit.kind == UnitKind::Front && before_code && text.ends_with('\\') {
                return Err("a `\\` right before a placeholder's tag would make it text".into());
            }
            if text.contains("{{") && !source_texts.contains(&text.as_str()) {
                let at = text.find("{{").unwrap_or(0);
                let typed: String = text[at..].chars().take(24).collect();
                return Err(format!("`{typed}` is typed as text"));
            }
        }
    }
    Ok(())
}

/// No clause number typed at the start of a heading or paragraph whose source has none: it
/// would give the translation a clause, and an id, that the source does not have. (Where the
/// source has one, its tag is written first whatever the target says.)
pub fn typed_number(unit: &Unit, tags: &[Tag]) -> Result<(), String> {
    let Some(Tag::Text(first)) = tags.first().filter(|_| unit.clause_number().is_none()) else {
        return Ok(());
    };
    let first = first.trim_start();
    let written = match unit.kind {
        UnitKind::Block(BlockKind::Heading) => numbering::heading(first),
        UnitKind::Block(BlockKind::Paragraph) => numbering::paragraph(first),
        _ => None,
    };
    match written {
        Some(w) => Err(format!(
            "its target starts with `{}`, which reads as a clause number the source does not have",
            first[..w.len].trim_end()
        )),
        None => Ok(()),
    }
}
