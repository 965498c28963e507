//! The clauses a redline names at its top (added, removed, changed), from what its body
//! wrote: clauses paired by their text, not by their number, so a clause removed and the next
//! renumbered into its place is a removal and a change. A number whose block the body writes
//! as removed and again as added (UWG § 4, 2012 → 2022: "Beispiele unlauterer geschäftlicher
//! Handlungen" became "Mitbewerberschutz", too different to pair) is in both versions: it is
//! changed, not added and removed, which the page said at once.

use crate::render::html_tree::clause_ids;
use std::collections::BTreeSet;

/// The clause ids a redline lists as added, removed and changed, in document order.
#[derive(Debug, Default, PartialEq)]
pub struct ClauseLists {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

/// From the clauses the body wrote as `added` and as `removed`, those a change `touched`, and
/// the later version's HTML.
pub fn clause_lists(
    (mut added, mut removed): (Vec<String>, Vec<String>),
    touched: &BTreeSet<String>,
    new_html: &str,
) -> ClauseLists {
    let both: BTreeSet<String> = added.iter().filter(|id| removed.contains(id)).cloned().collect();
    added.retain(|id| !both.contains(id));
    removed.retain(|id| !both.contains(id));
    let changed = clause_ids(new_html)
        .into_iter()
        .filter(|id| (touched.contains(id) || both.contains(id)) && !added.contains(id))
        .collect();
    ClauseLists { added, removed, changed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_written_removed_and_added_is_changed() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let new = "<h3 id=\"clause-3a\">§ 3a</h3><h3 id=\"clause-4\">§ 4</h3><h3 id=\"clause-5\">§ 5</h3>";
        let lists = clause_lists(
            (ids(&["clause-3a", "clause-4"]), ids(&["clause-4", "clause-17"])),
            &BTreeSet::new(),
            new,
        );
        let want = ClauseLists {
            added: ids(&["clause-3a"]),
            removed: ids(&["clause-17"]),
            changed: ids(&["clause-4"]),
        };
        assert_eq!(lists, want);
    }
}
