//! How the redline compares text: cut into words (so a change marks only the words that
//! changed), normalized (so white space and typography alone are no change), diffed, and the
//! diff cleaned up so that a change reads in phrases, as a lawyer's compare tool shows it.

pub use crate::render::cleanup::Span;
use crate::render::cleanup::{absorb_short_equalities, push, slide_to_edges};
use crate::render::html_tree::Tok;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::borrow::Cow;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// What a character is, for cutting words: white space (0), part of a word (1), or a mark
/// of its own (2: punctuation, a CJK character). Looked up in a table below U+0800 (Latin,
/// Greek, Cyrillic, …); the CJK ranges hold one space (U+3000) and no other.
fn kind(c: char) -> u8 {
    static BELOW_800: std::sync::LazyLock<Vec<u8>> =
        std::sync::LazyLock::new(|| (0..0x800).filter_map(char::from_u32).map(kind_of).collect());
    match c as u32 {
        n @ 0..0x800 => BELOW_800[n as usize],
        0x3000 => 0,
        _ if is_cjk(c) => 2,
        _ => kind_of(c),
    }
}

/// [`kind`] from the Unicode tables (ASCII white space as HTML has it: no vertical tab).
fn kind_of(c: char) -> u8 {
    if c.is_ascii_whitespace() || !c.is_ascii() && c.is_whitespace() {
        0
    } else if c.is_ascii_alphanumeric() || c == '_' || !is_cjk(c) && c.is_alphanumeric() {
        1
    } else {
        2
    }
}

/// Whether a character that starts a piece of kind `k` ([`kind`]) is a letter or a digit:
/// the kind tells but for `_` and for CJK characters, whose common blocks (ideographs, kana,
/// Hangul syllables) are letters throughout.
fn starts_word(c: char, k: u8) -> bool {
    match (k, c as u32) {
        (1, _) => c != '_',
        (2, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3) => true,
        (2, _) => !c.is_ascii() && is_cjk(c) && c.is_alphanumeric(),
        _ => false,
    }
}

/// An inline run with its text cut into words (letters and digits), runs of white space,
/// entities (`&amp;`), and single CJK characters or other marks, so that a change marks
/// only what changed.
pub fn cut_words<'a>(toks: &[Tok<'a>]) -> Vec<Tok<'a>> {
    let mut out = Vec::with_capacity(toks.len() * 4);
    for t in toks {
        match t {
            Tok::Text(text) => words_into(text, |w, _| out.push(Tok::Text(w))),
            tag => out.push(*tag),
        }
    }
    out
}

/// `text` cut as [`cut_words`] cuts it, each piece handed to `push` with the [`kind`] of its
/// first character.
fn words_into<'a>(text: &'a str, mut push: impl FnMut(&'a str, u8)) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let k = kind(c);
        if c == '&' {
            let near = text.as_bytes()[start..].iter().take(11).position(|&b| b == b';');
            if let Some(len) = near.filter(|&n| n > 1) {
                end = start + len + 1;
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
            }
        } else if k < 2 {
            while let Some(&(i, n)) = chars.peek() {
                if kind(n) != k {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
        }
        push(&text[start..end], k);
    }
}

/// The words of `text` that say something (letters and digits, each CJK character), without
/// white space and punctuation: what two blocks are compared by to tell whether one is the
/// other reworded. Entities count as punctuation.
pub fn words_of<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    words_into(text, |w, k| {
        if w.chars().next().is_some_and(|c| starts_word(c, k)) {
            out.push(w);
        }
    });
}

/// The comparable form of text: entities of quotes and spaces decoded, curly quotes made
/// straight, every run of white space (non-breaking too) one space. Stretches with nothing
/// to change are copied whole.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let plain = plain_prefix(text);
    if plain == text.len() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let plain = plain_prefix(rest);
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { break };
        let (c, len) = match ENTITIES.iter().find(|(e, _)| c == '&' && rest.starts_with(e)) {
            Some((e, to)) => (*to, e.len()),
            None => (c, c.len_utf8()),
        };
        rest = &rest[len..];
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

const ENTITIES: [(&str, char); 4] = [("&quot;", '"'), ("&#39;", '\''), ("&#x27;", '\''), ("&nbsp;", ' ')];

/// How many bytes at the start of `text` [`normalize`] keeps as they are: up to an entity it
/// decodes, white space other than one space between two other characters, or a curly quote.
fn plain_prefix(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if MAY_FOLD[b as usize] {
            let lone_space = b == b' '
                && i > 0
                && !bytes[i - 1].is_ascii_whitespace()
                && i + 1 < bytes.len()
                && !special(text, i + 1);
            if !lone_space && special(text, i) {
                return i;
            }
        }
        i += 1;
    }
    i
}

/// The bytes a character [`special`] starts with.
const MAY_FOLD: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = *b"&\t\n\x0C\r \xC2\xE1\xE2\xE3";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether [`normalize`] changes the character at byte `i` of `text` or may drop it: an
/// entity of [`ENTITIES`], white space, a curly quote. Told from the bytes: the characters
/// to fold start with 0xC2, 0xE1, 0xE2 or 0xE3 (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
fn special(text: &str, i: usize) -> bool {
    let rest = &text.as_bytes()[i..];
    match rest {
        [b'&', ..] => ENTITIES.iter().any(|(e, _)| rest.starts_with(e.as_bytes())),
        [b, ..] if b.is_ascii_whitespace() => true,
        [0xC2, 0x85 | 0xA0, ..] | [0xE1, 0x9A, 0x80, ..] | [0xE3, 0x80, 0x80, ..] => true,
        [0xE2, 0x80, 0x80..=0x8A | 0x98..=0x9F | 0xA8 | 0xA9 | 0xAF, ..] | [0xE2, 0x81, 0x9F, ..] => true,
        _ => false,
    }
}

/// Whether a run of tokens is white space alone (no tag, no word).
pub fn blank(toks: &[Tok]) -> bool {
    toks.iter().all(|t| matches!(t, Tok::Text(s) if s.trim().is_empty()))
}

/// The comparable forms of tokens, for [`diff`].
pub fn keys<'a>(toks: &[Tok<'a>]) -> Vec<Cow<'a, str>> {
    toks.iter().map(|t| normalize(t.text())).collect()
}

/// The word diff of two token lists (as [`cut_words`] cuts them, compared in their
/// [`normalize`]d form; a token starting with `<` is a tag), cleaned up the way
/// diff-match-patch's semantic cleanup does it: a short equal stretch between two changes
/// (a common word, a space, a tag) joins the change when it is no longer than the change on
/// either side, and a lone insertion or deletion slides to the nearest sentence, word or tag
/// edge. So "the <del>a</del><ins>b</ins> <del>c</del><ins>d</ins>" reads
/// "the <del>a c</del><ins>b d</ins>".
pub fn diff(old: &[Cow<'_, str>], new: &[Cow<'_, str>]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    // Ranges from the lengths, one after the other: `similar` can give a deletion a place in
    // `new` (and an insertion one in `old`) past an equal stretch it emits after it, which
    // lost that stretch from both sides (`股东大会` → `股东会会议` read `股东大` and `股东会议`).
    let (mut o, mut n) = (0, 0);
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (old_len, new_len) = (op.old_range().len(), op.new_range().len());
        let span =
            Span { old: o..o + old_len, new: n..n + new_len, same: matches!(op, DiffOp::Equal { .. }) };
        (o, n) = (span.old.end, span.new.end);
        push(&mut spans, span);
    }
    let spans = absorb_short_equalities(spans, old, new);
    slide_to_edges(spans, old, new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    #[test]
    fn words_keep_entities_whole_and_cut_cjk_by_character() {
        let cut = cut_words(&[Tok::Text("a  b&amp;c, 隐私")]);
        let words: Vec<&str> = cut.iter().map(Tok::text).collect();
        assert_eq!(words, vec!["a", "  ", "b", "&amp;", "c", ",", " ", "隐", "私"]);
    }

    #[test]
    fn the_shortcuts_agree_with_the_unicode_tables_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!((kind(c), starts_word(c, kind(c))), (kind_of(c), c.is_alphanumeric()), "{c:?}");
            let s = c.to_string();
            let folds = c.is_whitespace() && c != '\u{B}' || ('\u{2018}'..='\u{201F}').contains(&c);
            assert_eq!(special(&s, 0), folds, "{c:?}");
            assert!(!folds || MAY_FOLD[s.as_bytes()[0] as usize], "{c:?}");
        }
    }

    /// Each side of a diff is its own text again: its equal spans and its side of the changes,
    /// in order, cover it once. `股东大会` → `股东会会议` (China's company law, 2018 → 2023)
    /// lost a shared `会` from both sides.
    #[test]
    fn each_side_of_a_diff_is_its_whole_text() {
        let pairs = [
            ("应当召开临时股东大会。", "应当召开临时股东会会议。"),
            ("甲大会乙", "甲会会乙"),
            ("甲大会乙", "甲会会议乙"),
            ("甲会乙", "甲会会乙"),
            ("hold a general meeting now.", "hold a meeting meeting now."),
            ("a b a b a", "b a b a b"),
        ];
        for (old, new) in pairs {
            let (o, n) = (cut_words(&[Tok::Text(old)]), cut_words(&[Tok::Text(new)]));
            let spans = diff(&keys(&o), &keys(&n));
            let side = |toks: &[Tok], range: fn(&Span) -> Range<usize>| -> String {
                spans.iter().flat_map(|s| toks[range(s)].iter().map(Tok::text)).collect()
            };
            assert_eq!(side(&o, |s| s.old.clone()), old, "old side of {old} → {new}: {spans:?}");
            assert_eq!(side(&n, |s| s.new.clone()), new, "new side of {old} → {new}: {spans:?}");
            let mut ends = (0, 0);
            for s in &spans {
                assert_eq!((s.old.start, s.new.start), ends, "spans in order: {spans:?}");
                ends = (s.old.end, s.new.end);
            }
        }
    }

    #[test]
    fn normalize_keeps_plain_text_and_folds_the_rest() {
        assert!(matches!(normalize("We keep data, 30 days."), Cow::Borrowed(_)));
        assert!(matches!(normalize("Données à caractère"), Cow::Borrowed(_)));
        assert_eq!(normalize("a  b\u{A0} c"), "a b c");
        assert_eq!(normalize(" a\n\tb "), " a b ");
        assert_eq!(
            normalize("\u{201C}x\u{201D} &quot;y&quot; it\u{2019}s &#39;z&#x27;"),
            "\"x\" \"y\" it's 'z'"
        );
        assert_eq!(normalize("隐私、「政策」&amp;"), "隐私、「政策」&amp;");
        assert_eq!(normalize("a\u{3000}\u{3000}b\u{2003}c"), "a b c");
    }
}
