//! Literal HTML kept once however many documents repeat it: versions of a document share
//! most of their paragraphs, and so do documents built from the same clauses, so a build
//! that loads every version holds each distinct line of HTML once, not once per version.

use rustc_hash::FxHashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// The lines of `html` as stored: each ends with its line feed (but perhaps the last). Cut
/// by lines, the unit comrak writes blocks in, two versions that differ in one paragraph
/// are cut alike around it. (Cutting only after lines of 64 bytes or more, to keep fewer
/// pieces, saved 0.7 MB of 65 on the bench corpus, and lost the sharing of a paragraph
/// after a short line that changed.)
pub fn lines(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |at| at + 1);
        let (line, after) = rest.split_at(cut);
        rest = after;
        Some(line)
    })
}

/// The lines seen so far while loading one site: a document's line that is already here is
/// replaced by the copy here. Dropped once the documents are loaded, so it keeps nothing
/// alive that no document holds.
#[derive(Debug, Default)]
pub struct SharedText(Mutex<FxHashSet<Arc<str>>>);

impl SharedText {
    /// The copy of `line` to keep: the one seen first.
    pub fn share(&self, line: &Arc<str>) -> Arc<str> {
        let mut seen = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(first) = seen.get(&**line) {
            return Arc::clone(first);
        }
        seen.insert(Arc::clone(line));
        Arc::clone(line)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::fill::Pieces;

    /// How many lines of literal HTML `one` holds as the very copies `other` holds.
    pub(crate) fn lines_held_with(one: &mut Pieces, other: &mut Pieces) -> usize {
        let theirs: Vec<*const u8> = other.lines_mut().map(|l| l.as_ptr()).collect();
        one.lines_mut().filter(|l| theirs.contains(&l.as_ptr())).count()
    }

    #[test]
    fn lines_join_back_to_the_text() {
        let html = "<ul>\n<li>a</li>\n</ul>\n\n<p>é</p>";
        let cut: Vec<&str> = lines(html).collect();
        assert_eq!(cut, ["<ul>\n", "<li>a</li>\n", "</ul>\n", "\n", "<p>é</p>"]);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn a_dropped_paragraph_leaves_the_others_cut_alike() {
        let p = |c: &str| format!("<p>{}</p>\n", c.repeat(80));
        let old = [p("a"), p("b"), p("c")].concat();
        let new = [p("a"), p("c")].concat();
        let old: Vec<&str> = lines(&old).collect();
        let new: Vec<&str> = lines(&new).collect();
        assert_eq!((old[0], old[2]), (new[0], new[1]));
    }

    /// Two versions' pieces hold their common paragraph once, and still fill to their own text.
    #[test]
    fn versions_share_their_common_lines() {
        let para = format!("<p>{}</p>\n", "The same clause. ".repeat(8));
        let html =
            ["<p>Version one.</p>\n".to_string() + &para, "<p>Two.</p>\n<p>New.</p>\n".to_string() + &para];
        let shared = SharedText::default();
        let none = crate::content::placeholders::Sentinels::default();
        let [mut one, mut two] = html.clone().map(|h| Pieces::from_html(&h, &none));
        one.share(&shared);
        two.share(&shared);
        assert_eq!(lines_held_with(&mut one, &mut two), 1);
        assert_eq!([one.fill(&[]), two.fill(&[])], html);
    }

    #[test]
    fn the_first_copy_is_kept() {
        let shared = SharedText::default();
        let first: Arc<str> = Arc::from("<p>same</p>\n");
        let second: Arc<str> = Arc::from("<p>same</p>\n");
        assert!(Arc::ptr_eq(&shared.share(&first), &first));
        assert!(Arc::ptr_eq(&shared.share(&second), &first));
    }
}
