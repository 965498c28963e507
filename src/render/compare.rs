//! How the redline compares text: cut into words (so a change marks only the words that
//! changed), and normalized (so white space and typography alone are no change).

use crate::render::html_tree::Tok;
use std::borrow::Cow;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// What a character is, for cutting words: white space (0), part of a word (1), or a mark
/// of its own (2: punctuation, a CJK character).
fn kind(c: char) -> u8 {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() {
            0
        } else if c.is_ascii_alphanumeric() || c == '_' {
            1
        } else {
            2
        };
    }
    if c.is_whitespace() {
        0
    } else if !is_cjk(c) && c.is_alphanumeric() {
        1
    } else {
        2
    }
}

/// An inline run with its text cut into words (letters and digits), runs of white space,
/// entities (`&amp;`), and single CJK characters or other marks, so that a change marks
/// only what changed.
pub fn cut_words<'a>(toks: &[Tok<'a>]) -> Vec<Tok<'a>> {
    let mut out = Vec::with_capacity(toks.len() * 4);
    for t in toks {
        match t {
            Tok::Text(text) => words_into(text, |w| out.push(Tok::Text(w))),
            tag => out.push(*tag),
        }
    }
    out
}

/// `text` cut as [`cut_words`] cuts it, each piece handed to `push`.
fn words_into<'a>(text: &'a str, mut push: impl FnMut(&'a str)) {
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
        push(&text[start..end]);
    }
}

/// The comparable form of text: entities of quotes and spaces decoded, curly quotes made
/// straight, every run of white space (non-breaking too) one space. Stretches with nothing
/// to change are copied whole.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let plain = plain_prefix(text.as_bytes());
    if plain == text.len() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let plain = plain_prefix(rest.as_bytes());
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

/// How many bytes at the start of `bytes` [`normalize`] keeps as they are: up to an entity,
/// white space other than one space between two other characters, or a character whose
/// first byte is that of a non-ASCII space or curly quote (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000).
fn plain_prefix(bytes: &[u8]) -> usize {
    let special = |b: u8| b == b'&' || b.is_ascii_whitespace() || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let lone_space = b == b' '
            && i > 0
            && !bytes[i - 1].is_ascii_whitespace()
            && bytes.get(i + 1).is_some_and(|&n| !special(n));
        if special(b) && !lone_space {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_entities_whole_and_cut_cjk_by_character() {
        let cut = cut_words(&[Tok::Text("a  b&amp;c, 隐私")]);
        let words: Vec<&str> = cut.iter().map(Tok::text).collect();
        assert_eq!(words, vec!["a", "  ", "b", "&amp;", "c", ",", " ", "隐", "私"]);
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
