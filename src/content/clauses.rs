//! Clause numbers: `4.1.2 ` at the start of a paragraph, `4.`, `4.1` or `IV.` at the start of a
//! heading. They become the ids `clause-4.1.2` and `clause-IV`, the same in every locale and
//! brand, so that "Privacy Policy §4.1.2" can be cited by URL in any language.
//!
//! Ids are unique in a page by one fixed rule: the n-th time a number occurs (n ≥ 2) its id
//! gets `-n` (the second `I.` of a document is `clause-I-2`). Headings without a number get
//! ids from their source text ([`slug`]).
//!
//! Parts ([`parts`]) only tell `check` which repeats are mistakes: a heading without a number
//! whose first clause below it starts again (`I.`, `1.`, `1.1`) opens a new part, and a number
//! repeated in another part is no duplicate. Ids do not depend on parts.

use std::collections::HashMap;

/// The clause number a paragraph's text starts with: at least two levels (`1.1`, `4.1.2`,
/// a trailing dot allowed as in `2.2.`), followed by white space.
pub fn paragraph_number(text: &str) -> Option<&str> {
    let n = arabic_prefix(text)?;
    n.contains('.').then_some(n)
}

/// The clause number a heading's text starts with: `4.` or `4.1` or `4.1.` (a single level
/// needs its dot), or a Roman numeral with a dot (`IV.`).
pub fn heading_number(text: &str) -> Option<&str> {
    if let Some(n) = arabic_prefix(text) {
        let dotted = text[n.len()..].starts_with('.');
        return (n.contains('.') || dotted).then_some(n);
    }
    let roman_len = text.bytes().take_while(|b| b"IVXLCDM".contains(b)).count();
    let roman = &text[..roman_len];
    let rest = &text[roman_len..];
    (roman_len > 0 && is_roman(roman) && rest.starts_with('.') && followed_by_space(&rest[1..]))
        .then_some(roman)
}

/// `1.2.3` from `1.2.3 text` or `1.2.3. text` (and `4.` from `4. text`, as `4`).
fn arabic_prefix(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = 0;
    loop {
        let digits = bytes[end..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 4 {
            return None;
        }
        end += digits;
        let continues = bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !continues {
            break;
        }
        end += 1;
    }
    let after = &text[end..];
    let after = after.strip_prefix('.').unwrap_or(after);
    followed_by_space(after).then(|| &text[..end])
}

fn followed_by_space(rest: &str) -> bool {
    rest.starts_with(|c: char| c.is_whitespace())
}

/// Roman numerals, largest first.
const ROMAN: [(&str, u32); 13] = [
    ("M", 1000),
    ("CM", 900),
    ("D", 500),
    ("CD", 400),
    ("C", 100),
    ("XC", 90),
    ("L", 50),
    ("XL", 40),
    ("X", 10),
    ("IX", 9),
    ("V", 5),
    ("IV", 4),
    ("I", 1),
];

/// A well-formed Roman numeral from 1 to 3999.
pub fn is_roman(s: &str) -> bool {
    let mut rest = s;
    let mut value = 0;
    for (sym, v) in ROMAN {
        while let Some(r) = rest.strip_prefix(sym) {
            rest = r;
            value += v;
        }
    }
    // Round-trip: the canonical spelling of `value` must be `s` itself.
    rest.is_empty() && value > 0 && to_roman(value) == s
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (sym, v) in ROMAN {
        while n >= v {
            out.push_str(sym);
            n -= v;
        }
    }
    out
}

/// The id of a heading without a clause number: its source text lowercased, letters and
/// digits of every script kept (a Chinese heading keeps its characters), spaces and dashes
/// as `-`, other punctuation dropped; `section` when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out unique ids within one page.
#[derive(Default)]
pub struct IdSet {
    seen: HashMap<String, usize>,
}

impl IdSet {
    /// `base`, or `base-n` for the n-th use of it (n ≥ 2). Returns the id and n.
    pub fn claim(&mut self, base: &str) -> (String, usize) {
        let n = self.seen.entry(base.to_string()).or_insert(0);
        *n += 1;
        let n = *n;
        if n == 1 {
            (base.to_string(), 1)
        } else {
            let id = format!("{base}-{n}");
            // `a-2` could itself be a heading's slug: keep going until it is free.
            if self.seen.contains_key(&id) {
                return self.claim(&id);
            }
            self.seen.insert(id.clone(), 1);
            (id, n)
        }
    }
}

/// A heading or clause paragraph, in document order, as [`parts`] needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The heading level; `None` for a clause paragraph.
    pub level: Option<u8>,
    /// The clause number; `None` for a heading without one.
    pub number: Option<String>,
}

/// The part of each numbered mark, in order (0 before the first part heading). A part starts
/// at a heading without a number when the first clause under it is a first number.
pub fn parts(marks: &[Mark]) -> Vec<usize> {
    let mut part = 0;
    let mut out = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        match (&m.number, m.level) {
            (Some(_), _) => out.push(part),
            (None, Some(level)) if starts_part(&marks[i + 1..], level) => part += 1,
            (None, _) => {}
        }
    }
    out
}

/// Whether the first clause under a heading of `level` (before a heading as high as it) starts
/// numbering again.
fn starts_part(rest: &[Mark], level: u8) -> bool {
    for m in rest {
        let under = m.level.is_none_or(|l| l > level);
        match &m.number {
            _ if !under => return false,
            Some(n) => return is_first_number(n),
            None => {}
        }
    }
    false
}

/// `I`, `1`, `1.1`, `1.1.1`: where a numbering starts.
pub fn is_first_number(n: &str) -> bool {
    n == "I" || n.split('.').all(|c| c == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_numbers() {
        assert_eq!(paragraph_number("1.1 The Logo"), Some("1.1"));
        assert_eq!(paragraph_number("4.1.2 We may"), Some("4.1.2"));
        assert_eq!(paragraph_number("2.2. We use"), Some("2.2"));
        assert_eq!(paragraph_number("1. Not a clause"), None);
        assert_eq!(paragraph_number("1.1The"), None);
        assert_eq!(paragraph_number("3.14159"), None);
        assert_eq!(paragraph_number("2022 was"), None);
        assert_eq!(paragraph_number("1.1\u{3000}中文"), Some("1.1"));
    }

    #[test]
    fn heading_numbers() {
        assert_eq!(heading_number("4. Sharing"), Some("4"));
        assert_eq!(heading_number("4.1 Sharing"), Some("4.1"));
        assert_eq!(heading_number("IV. Sharing"), Some("IV"));
        assert_eq!(heading_number("XI. How to Contact Us"), Some("XI"));
        assert_eq!(heading_number("I am here"), None);
        assert_eq!(heading_number("IIII. Bad"), None);
        assert_eq!(heading_number("2022 Update"), None);
        assert_eq!(heading_number("Definitions"), None);
    }

    #[test]
    fn slugs_keep_scripts() {
        assert_eq!(slug("Reminder Clause"), "reminder-clause");
        assert_eq!(slug("{{channelName}} Cloud — Terms!"), "channelname-cloud-terms");
        assert_eq!(slug("隐私政策"), "隐私政策");
        assert_eq!(slug("?!"), "section");
    }

    #[test]
    fn repeated_ids_get_their_occurrence_number() {
        let mut ids = IdSet::default();
        assert_eq!(ids.claim("clause-I"), ("clause-I".into(), 1));
        assert_eq!(ids.claim("clause-I"), ("clause-I-2".into(), 2));
        assert_eq!(ids.claim("clause-I"), ("clause-I-3".into(), 3));
        assert_eq!(ids.claim("a-2").0, "a-2");
        assert_eq!(ids.claim("a").0, "a");
        assert_eq!(ids.claim("a").0, "a-2-2");
    }

    fn mark(level: Option<u8>, number: Option<&str>) -> Mark {
        Mark { level, number: number.map(str::to_string) }
    }

    #[test]
    fn a_plain_heading_whose_clauses_start_again_opens_a_part() {
        let marks = [
            mark(Some(2), None),      // Reminder: no clause under it
            mark(Some(2), None),      // Legal Statement
            mark(Some(3), Some("I")), // part 1
            mark(None, Some("1.1")),
            mark(Some(2), None),      // Privacy Policy
            mark(Some(3), Some("I")), // part 2
            mark(None, Some("6.3")),
            mark(Some(4), None), // a sub-heading inside the part: no restart
            mark(None, Some("6.3")),
        ];
        assert_eq!(parts(&marks), vec![1, 1, 2, 2, 2]);
    }

    #[test]
    fn a_heading_whose_numbering_goes_on_is_no_part() {
        let marks =
            [mark(Some(2), Some("1")), mark(Some(2), None), mark(None, Some("2.1")), mark(None, Some("2.1"))];
        assert_eq!(parts(&marks), vec![0, 0, 0]);
        assert!(is_first_number("1.1") && is_first_number("I") && !is_first_number("2.1"));
    }
}
