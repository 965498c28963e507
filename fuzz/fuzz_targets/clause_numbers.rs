//! Clause-number detection and heading ids: never a panic, and a detected number is a
//! prefix of the text made of digits, dots or Roman numerals.
#![no_main]
use clause::content::clauses::{heading_number, is_roman, paragraph_number, slug, IdSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for n in [paragraph_number(&text), heading_number(&text)].into_iter().flatten() {
        assert!(text.starts_with(n));
        assert!(n.chars().all(|c| c.is_ascii_digit() || c == '.') || is_roman(n), "{n}");
    }
    let id = slug(&text);
    assert!(!id.is_empty() && !id.contains(char::is_whitespace));
    let mut ids = IdSet::default();
    let (a, _) = ids.claim(&id);
    let (b, _) = ids.claim(&id);
    assert_ne!(a, b);
});
