//! The redline's word diff on its own: two texts cut into words, diffed, and cleaned up so
//! that a change reads in phrases (the cleanup of [`clause::render::compare::diff`]), shown
//! as `git diff --word-diff` shows a change.

use clause::render::compare::{cut_words, diff, keys};
use clause::render::html_tree::Tok;

/// The word diff of two texts, written as `git diff --word-diff` writes it.
fn show(old: &str, new: &str) -> String {
    let (o, n) = (cut_words(&[Tok::Text(old)]), cut_words(&[Tok::Text(new)]));
    let text = |toks: &[Tok]| toks.iter().map(Tok::text).collect::<String>();
    let mut out = String::new();
    for s in diff(&keys(&o), &keys(&n)) {
        if s.same {
            out += &text(&n[s.new]);
            continue;
        }
        if !s.old.is_empty() {
            out += &format!("[-{}-]", text(&o[s.old]));
        }
        if !s.new.is_empty() {
            out += &format!("{{+{}+}}", text(&n[s.new]));
        }
    }
    out
}

#[test]
fn one_changed_word_is_marked_alone() {
    assert_eq!(
        show("We keep data for 30 days.", "We keep data for 90 days."),
        "We keep data for [-30-]{+90+} days."
    );
}

#[test]
fn a_changed_phrase_reads_as_one_change_not_alternating_words() {
    // Myers alone gives [-use-]{+misuse+} [-Basecamp-]{+our+} [-products-]{+Services+}.
    assert_eq!(
        show("you may not use Basecamp products to plan it", "you may not misuse our Services to plan it"),
        "you may not [-use Basecamp products-]{+misuse our Services+} to plan it"
    );
    // A common short word between two changes joins them.
    assert_eq!(
        show(
            "Customers may cancel the account at any time",
            "Owners must close the subscription at any time"
        ),
        "[-Customers may cancel the account-]{+Owners must close the subscription+} at any time"
    );
    // A stretch in common longer than the change on one side stays unmarked.
    assert_eq!(
        show("All customers of the service may cancel a plan", "All owners may cancel b plan"),
        "All [-customers of the service-]{+owners+} may cancel [-a-]{+b+} plan"
    );
    // A longer stretch in common stays unmarked.
    assert_eq!(
        show(
            "Customers may cancel their paid account at any time",
            "Owners may cancel their paid subscription at any time"
        ),
        "[-Customers-]{+Owners+} may cancel their paid [-account-]{+subscription+} at any time"
    );
}

#[test]
fn an_inserted_sentence_is_marked_from_edge_to_edge() {
    assert_eq!(
        show("We keep data. We keep logs.", "We keep data. We share data. We keep logs."),
        "We keep data.{+ We share data.+} We keep logs."
    );
}
