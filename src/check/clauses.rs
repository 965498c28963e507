//! Repeated clause numbers: a number twice in one part of a document is a mistake that
//! makes a citation ambiguous. A part that starts its numbering again (`clauses::parts`)
//! repeats the numbers of another part by design, and is not reported.

use crate::content::document::Document;
use crate::diag::{Diagnostic, Diagnostics, Kind, Pos};
use crate::site::model::Site;
use std::collections::BTreeMap;

/// A warning naming both lines for every clause number repeated inside one part.
pub fn check_duplicate_clauses(site: &Site, diags: &mut Diagnostics) {
    for doc in &site.docs {
        diags.extend(duplicates_in(doc));
    }
}

fn duplicates_in(doc: &Document) -> Vec<Diagnostic> {
    let mut first: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    let mut out = Vec::new();
    for c in &doc.body.clauses {
        let Some(&line) = first.get(&(c.part, c.number.as_str())) else {
            first.insert((c.part, &c.number), c.line);
            continue;
        };
        out.push(
            Diagnostic::warning(Kind::DuplicateClause, format!("clause {} on line {} repeats the one on line {line}; its id is `{}`", c.number, c.line, c.id))
                .in_file(doc.file.rel.clone())
                .at(Pos::new(c.line, 1))
                .locale(&doc.file.locale)
                .help("renumber it if the repeat is a mistake; to start a new part, put a heading without a number before its first clause (I., 1. or 1.1)"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    fn findings(body: &str) -> Vec<Diagnostic> {
        let (_root, front) = load(SITE, &[("content/en/policy.md", &doc("Policy", "", body))]);
        duplicates_in(&front.site.docs[0])
    }

    #[test]
    fn a_number_repeated_inside_one_part_names_both_lines() {
        let found = findings("## 1. Scope\n\n## 2. Data\n\n## 2. Again\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, Kind::DuplicateClause);
        assert!(
            found[0].message.starts_with("clause 2 on line 9 repeats the one on line 7"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_part_that_numbers_again_from_one_repeats_nothing() {
        let found = findings("## Terms\n\n### 1. Scope\n\n### 2. Use\n\n## Privacy\n\n### 1. Scope\n");
        assert!(found.is_empty(), "{found:?}");
    }
}
