//! Clause ids from clause numbers. [`crate::content::numbering`] reads the number a heading or
//! paragraph starts with; here the numbers of a whole document are settled ([`resolve`]): a
//! lone capital (`C.`) is a letter or a Roman numeral as its run of sibling headings reads, and
//! a single-level number under a lettered heading takes the letter as prefix (`### 3.` under
//! `## D.` is `D.3`). They become the ids `clause-4.1.2`, `clause-IV`, `clause-D.3`, the same in
//! every locale and brand, so that "Privacy Policy §4.1.2" can be cited by URL in any language.
//!
//! Ids are unique in a page by one fixed rule: the n-th time a number occurs (n ≥ 2) its id
//! gets `-n` (the second `I.` of a document is `clause-I-2`). Headings without a number get
//! ids from their source text ([`slug`]).
//!
//! Parts ([`parts`]) only tell `check` which repeats are mistakes: a heading without a number
//! whose first clause below it starts again (`I.`, `A.`, `1.`, `1.1`) opens a new part, and a
//! number repeated in another part is no duplicate. Ids do not depend on parts.

use crate::content::numbering::Number;
use crate::content::numerals::{is_roman, roman_value};
use std::collections::HashMap;

/// A heading or clause paragraph as the walk read it, before the document's numbering is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The heading level; `None` for a clause paragraph.
    pub level: Option<u8>,
    pub number: Option<Number>,
}

/// The clause number of each heading and clause paragraph, in order (`None` for a heading
/// without one).
pub fn resolve(reads: &[Read]) -> Vec<Option<String>> {
    let capitals = capitals(reads);
    let numbered = |j: usize| reads[j].number.is_some() && capitals[j] != Some(Capital::Plain);
    // The headings that enclose the current one: their levels and indexes.
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut out = Vec::with_capacity(reads.len());
    for (i, read) in reads.iter().enumerate() {
        if let Some(level) = read.level {
            while open.last().is_some_and(|&(l, _)| l >= level) {
                open.pop();
            }
        }
        // The nearest enclosing heading with a number, if that number is a letter.
        let letter =
            open.iter().rev().find(|&&(_, j)| numbered(j)).and_then(|&(_, j)| match reads[j].number {
                Some(Number::Letter(c)) if capitals[j] == Some(Capital::Letter) => Some(c),
                _ => None,
            });
        out.push(read.number.as_ref().filter(|_| numbered(i)).map(|n| spelled(n, letter)));
        if let Some(level) = read.level {
            open.push((level, i));
        }
    }
    out
}

/// A number as its id spells it; a single level under a lettered heading gets the letter.
fn spelled(n: &Number, letter: Option<char>) -> String {
    match (n, letter) {
        (Number::Arabic(a), Some(l)) if !a.contains('.') => format!("{l}.{a}"),
        (Number::Arabic(a) | Number::Roman(a), _) => a.clone(),
        (Number::Letter(c), _) => c.to_string(),
    }
}

/// What a heading numbered with one capital (`C.`) turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capital {
    Letter,
    Roman,
    /// Capitals not in order (`Q.`, `Q.`, … in a FAQ): no clause number, a plain heading.
    Plain,
}

/// What each one-capital heading is, judged by its run of sibling headings (one level, one
/// parent heading). A capital that is no Roman numeral (`A.`, `B.`) is a letter; one that is
/// (`C.`, `I.`) is a letter when the run reads better as letters: more neighbours one letter
/// apart (`B.`, `C.`) than one Roman value apart (`I.`, `II.`), or as many and a capital that
/// can only be a letter. Letters are clause numbers when the run has two in a row, or is one
/// heading alone; otherwise they are plain headings.
fn capitals(reads: &[Read]) -> Vec<Option<Capital>> {
    let mut out = vec![None; reads.len()];
    for run in sibling_runs(reads).values() {
        let numbers: Vec<&Number> = run.iter().filter_map(|&i| reads[i].number.as_ref()).collect();
        let (as_letters, in_order) = reads_as_letters(&numbers);
        let letter = if in_order { Capital::Letter } else { Capital::Plain };
        for &i in run {
            if let Some(Number::Letter(c)) = reads[i].number {
                let can_be_letter = as_letters || !is_roman(&c.to_string());
                out[i] = Some(if can_be_letter { letter } else { Capital::Roman });
            }
        }
    }
    out
}

/// The headings numbered with a letter or a Roman numeral, grouped by (parent heading, level).
fn sibling_runs(reads: &[Read]) -> HashMap<(Option<usize>, u8), Vec<usize>> {
    let mut runs: HashMap<(Option<usize>, u8), Vec<usize>> = HashMap::new();
    let mut open: Vec<(u8, usize)> = Vec::new();
    for (i, read) in reads.iter().enumerate() {
        let Some(level) = read.level else { continue };
        while open.last().is_some_and(|&(l, _)| l >= level) {
            open.pop();
        }
        if matches!(read.number, Some(Number::Letter(_) | Number::Roman(_))) {
            runs.entry((open.last().map(|&(_, j)| j), level)).or_default().push(i);
        }
        open.push((level, i));
    }
    runs
}

/// Whether a run reads better as letters, and whether its letters are in order (two in a
/// row, or a run of one).
fn reads_as_letters(run: &[&Number]) -> (bool, bool) {
    let letter = |n: &Number| match n {
        Number::Letter(c) => Some(u32::from(*c)),
        _ => None,
    };
    let roman = |n: &Number| match n {
        Number::Letter(c) => roman_value(&c.to_string()),
        Number::Roman(r) => roman_value(r),
        Number::Arabic(_) => None,
    };
    let (by_letter, by_roman) = (steps(run, letter), steps(run, roman));
    let only_letter = run.iter().any(|n| matches!(n, Number::Letter(c) if !is_roman(&c.to_string())));
    (by_letter > by_roman || (by_letter == by_roman && only_letter), by_letter > 0 || run.len() == 1)
}

/// How many neighbours in `run` are one apart by `value`.
fn steps(run: &[&Number], value: impl Fn(&Number) -> Option<u32>) -> usize {
    run.windows(2).filter(|w| matches!((value(w[0]), value(w[1])), (Some(a), Some(b)) if b == a + 1)).count()
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
/// at a heading without a number when the first clause under it, or the next heading of its
/// own level when that has a number, is a first number.
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

/// Whether the first clause after a heading of `level` starts numbering again: under it, or
/// beside it, when the next heading of its level has a number. Amazon.fr's terms put
/// "CONDITIONS GÉNÉRALES DE VENTE" and their `1. COMMENT COMMANDER` at one level (Open Terms
/// Archive's france-versions): the help of `duplicate-clause` asks for just such a heading.
fn starts_part(rest: &[Mark], level: u8) -> bool {
    for m in rest {
        let under = m.level.is_none_or(|l| l > level);
        match &m.number {
            Some(n) if under || m.level == Some(level) => return is_first_number(n),
            _ if !under => return false,
            _ => {}
        }
    }
    false
}

/// `I`, `A`, `1`, `1.1`, `1.1.1`, `D.1`: where a numbering starts.
pub fn is_first_number(n: &str) -> bool {
    let levels =
        n.strip_prefix(|c: char| c.is_ascii_uppercase()).and_then(|r| r.strip_prefix('.')).unwrap_or(n);
    n == "I" || n == "A" || levels.split('.').all(|c| c == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Amazon.fr's "Conditions d'utilisation" §§ 1-15 then "CONDITIONS GÉNÉRALES DE VENTE"
    /// §§ 1-15, every heading `---` (h2): the second title starts a part.
    #[test]
    fn a_plain_heading_beside_a_numbering_that_starts_again_opens_a_part() {
        let marks = [
            mark(Some(2), None), // CONDITIONS D'UTILISATION
            mark(Some(2), Some("1")),
            mark(Some(2), Some("2")),
            mark(Some(2), None), // CONDITIONS GÉNÉRALES DE VENTE
            mark(Some(2), Some("1")),
            mark(Some(2), Some("2")),
            mark(Some(2), None), // a closing heading, then a number that goes on: no part
            mark(Some(2), Some("3")),
            mark(Some(2), Some("3")),
        ];
        assert_eq!(parts(&marks), vec![1, 1, 2, 2, 2, 2]);
    }

    #[test]
    fn a_heading_whose_numbering_goes_on_is_no_part() {
        let marks =
            [mark(Some(2), Some("1")), mark(Some(2), None), mark(None, Some("2.1")), mark(None, Some("2.1"))];
        assert_eq!(parts(&marks), vec![0, 0, 0]);
        assert!(is_first_number("1.1") && is_first_number("I") && !is_first_number("2.1"));
        assert!(
            is_first_number("A")
                && is_first_number("D.1")
                && !is_first_number("B")
                && !is_first_number("D.2")
        );
    }

    fn read(level: Option<u8>, number: Option<Number>) -> Read {
        Read { level, number }
    }

    fn h(level: u8, n: &str) -> Read {
        let number = match n {
            "" => None,
            _ if n.len() == 1 && n.chars().all(|c| c.is_ascii_uppercase()) => {
                n.chars().next().map(Number::Letter)
            }
            _ if n.starts_with(|c: char| c.is_ascii_digit()) => Some(Number::Arabic(n.into())),
            _ => Some(Number::Roman(n.into())),
        };
        read(Some(level), number)
    }

    fn numbers(reads: &[Read]) -> Vec<String> {
        resolve(reads).into_iter().map(Option::unwrap_or_default).collect()
    }

    /// The GitHub terms: `A.` … `R.`, with `### 1.` restarting under each letter.
    #[test]
    fn a_run_of_letters_is_letters_and_prefixes_the_numbers_under_it() {
        let reads = [h(2, ""), h(2, "A"), h(2, "B"), h(3, "1"), h(2, "C"), h(2, "D"), h(3, "1"), h(3, "3")];
        assert_eq!(numbers(&reads), ["", "A", "B", "B.1", "C", "D", "D.1", "D.3"]);
        let capitals = capitals(&reads);
        assert_eq!(capitals[4..6], [Some(Capital::Letter); 2], "C after B and D after C are letters");
    }

    #[test]
    fn a_run_of_roman_numerals_is_roman_and_prefixes_nothing() {
        let reads = [h(2, "I"), h(3, "1"), h(2, "II"), h(2, "III"), h(2, "IV"), h(2, "V"), h(3, "2")];
        assert_eq!(numbers(&reads), ["I", "1", "II", "III", "IV", "V", "2"]);
        assert!(capitals(&reads).iter().all(|c| matches!(c, None | Some(Capital::Roman))));
        // A lone `I.` is Roman; a lone `A.` a letter.
        assert_eq!(numbers(&[h(2, "I"), h(3, "1")]), ["I", "1"]);
        assert_eq!(numbers(&[h(2, "A"), h(3, "1")]), ["A", "A.1"]);
    }

    /// Siblings are headings of one level under one parent: `C.` after `B.` under another
    /// parent is judged by its own run, and a gap in the letters does not make `D.` Roman.
    #[test]
    fn runs_are_siblings_and_a_letter_only_capital_tips_a_tie() {
        let reads = [h(2, ""), h(3, "B"), h(2, ""), h(3, "C"), h(4, "1")];
        assert_eq!(numbers(&reads), ["", "B", "", "C", "1"]);
        assert_eq!(numbers(&[h(2, "A"), h(2, "B"), h(2, "D"), h(3, "1")]), ["A", "B", "D", "D.1"]);
        assert_eq!(numbers(&[h(2, "C"), h(2, "D"), h(3, "1")]), ["C", "D", "D.1"]);
    }

    /// A FAQ's `### Q.` headings are no clauses (no `clause-Q-2`, no duplicate warnings).
    #[test]
    fn capitals_out_of_order_are_plain_headings() {
        assert_eq!(numbers(&[h(3, "Q"), h(4, "1"), h(3, "A"), h(3, "Q"), h(3, "A")]), ["", "1", "", "", ""]);
        assert_eq!(numbers(&[h(2, "Q"), h(3, "1")]), ["Q", "Q.1"]);
    }

    /// The letter comes from the nearest enclosing heading with a number; paragraphs with
    /// several levels and numbers under a Roman heading are left as they are.
    #[test]
    fn only_single_levels_under_a_lettered_heading_take_its_letter() {
        let reads = [
            h(2, "A"),
            h(3, ""),
            h(4, "2"),
            read(None, Some(Number::Arabic("2.1".into()))),
            read(None, Some(Number::Arabic("7".into()))), // under `#### 2.`, not under `A.`
            h(2, "B"),
            h(3, "II"),
            h(4, "1"),
        ];
        assert_eq!(numbers(&reads), ["A", "", "A.2", "2.1", "7", "B", "II", "1"]);
    }
}
