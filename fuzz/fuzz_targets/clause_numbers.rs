//! Clause-number detection and heading ids: never a panic, and a detected number is made of
//! digits and dots, a Roman numeral or one capital letter, and takes at most the whole text.
#![no_main]
use clause::content::clauses::{slug, IdSet};
use clause::content::numbering::{heading, is_roman, paragraph, Number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for w in [paragraph(&text), heading(&text)].into_iter().flatten() {
        assert!(w.len <= text.len() && text.is_char_boundary(w.len));
        match &w.number {
            Number::Arabic(n) => assert!(n.chars().all(|c| c.is_ascii_digit() || c == '.'), "{n}"),
            Number::Roman(n) => assert!(is_roman(n), "{n}"),
            Number::Letter(c) => assert!(c.is_ascii_uppercase()),
        }
    }
    let id = slug(&text);
    assert!(!id.is_empty() && !id.contains(char::is_whitespace));
    let mut ids = IdSet::default();
    let (a, _) = ids.claim(&id);
    let (b, _) = ids.claim(&id);
    assert_ne!(a, b);
});
