//! Reading the clause number a heading or paragraph starts with, as legal texts write it in
//! any language: `4.1.2 `, `6.侵权通知`, full-width `６．`, `IV.`, `A.`, `一、`, `第六条`, `제6조`,
//! `Article 6.`, `§ 6`. Each reading is normalised (ASCII digits, Roman numerals) so that every
//! locale of a document gives the same ids. What a lone `C.` means (letter or Roman) depends on
//! its sibling headings, which [`crate::content::clauses`] decides; this module reads one text.

use crate::content::articles;
use crate::content::numerals::{
    chinese_value, digits, is_chinese_numeral, is_roman, number_value, to_ascii_digit, to_roman,
};

/// A clause number as read, before the headings around it are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Number {
    /// `4`, `4.1.2`: ASCII digits, levels joined by dots.
    Arabic(String),
    /// A Roman numeral of two or more letters (`IV`), or a Chinese section numeral (`四、`).
    Roman(String),
    /// One capital letter with a dot (`C.`): a letter, or a Roman numeral when it is one of
    /// I, V, X, L, C, D, M and its siblings read as Roman.
    Letter(char),
}

/// A number and how many bytes of the text it takes as written (`2.2.`, `第6条`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub number: Number,
    pub len: usize,
}

/// The number a heading starts with: `4.` (a single level needs its dot), `4.1`, `IV.`, `A.`,
/// `一、`, or a statute article (`第6条`, `Article 6:`).
pub fn heading(text: &str) -> Option<Written> {
    after_marks(text, |text| {
        statute(text, true)
            .or_else(|| arabic(text, true))
            .or_else(|| lettered(text))
            .or_else(|| chinese_section(text))
    })
}

/// The number a paragraph starts with: at least two levels (`1.1 `, `2.2. `), or a statute
/// article (`第六条 `, `Art. 6 The`).
pub fn paragraph(text: &str) -> Option<Written> {
    after_marks(text, |text| statute(text, false).or_else(|| arabic(text, false)))
}

/// `read` of `text` past the bidirectional marks right-to-left text often starts with (text
/// pasted from a word processor: `\u{200F}8. סעיף`), counted in the number's length.
fn after_marks(text: &str, read: impl Fn(&str) -> Option<Written>) -> Option<Written> {
    let rest = text.trim_start_matches(['\u{200E}', '\u{200F}', '\u{061C}']);
    read(rest).map(|w| Written { len: w.len + text.len() - rest.len(), ..w })
}

/// `1.2.3` from `1.2.3 text`, `1.2.3. text` or `１．２ 文`; `4.` alone only in a heading. Each
/// level has at most three digits, so that dates (`2024.1.1`, `12.3.2024`) and decimals
/// (`3.14159`) are no clauses.
fn arabic(text: &str, in_heading: bool) -> Option<Written> {
    let mut levels: Vec<String> = Vec::new();
    let mut rest = text;
    loop {
        let (level, after) = digits(rest);
        if level.is_empty() || level.len() > 3 {
            return None;
        }
        levels.push(level);
        rest = after;
        match strip_dot(rest) {
            Some(after) if digits(after).0.is_empty() => break,
            Some(after) => rest = after,
            None => break,
        }
    }
    let dotted = strip_stop(rest);
    let after = dotted.unwrap_or(rest);
    // `1.2 版，2023 年 11 月 1 日生效` is a version line (Mozilla's Chinese notices open so).
    if after.trim_start().starts_with('版') {
        return None;
    }
    let enough = levels.len() > 1 || (in_heading && dotted.is_some());
    (enough && ends_number(after, in_heading))
        .then(|| Written { number: Number::Arabic(levels.join(".")), len: text.len() - after.len() })
}

/// `s` after a leading ASCII or full-width full stop.
fn strip_dot(s: &str) -> Option<&str> {
    s.strip_prefix('.').or_else(|| s.strip_prefix('．'))
}

/// `s` after what may close a number: a full stop, or the enumeration comma of `1、` (only
/// there: `1、2、3条` lists articles 1, 2 and 3, it is no clause 1.2.3).
fn strip_stop(s: &str) -> Option<&str> {
    strip_dot(s).or_else(|| s.strip_prefix('、'))
}

/// Whether a number can end where `rest` starts: at white space, at a CJK character that is
/// not a unit (`6.侵权` is a clause, `6.5亿` and `1.5倍` are amounts), or at the end of a heading.
fn ends_number(rest: &str, in_heading: bool) -> bool {
    match rest.chars().next() {
        None => in_heading,
        Some(c) => c.is_whitespace() || (is_cjk(c) && !UNITS.contains(c)),
    }
}

/// Characters that make a number before them an amount, a date or a time, not a clause.
const UNITS: &str = "年月日号號时時分秒万萬亿億千百元円倍个個岁歳度点點米%％";

/// Han, kana, Hangul, and CJK and full-width punctuation (not full-width letters or digits).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// `IV.` (a Roman numeral of two or more letters) or `C.` (one capital letter, then a dot and
/// white space, a CJK character or the end).
fn lettered(text: &str) -> Option<Written> {
    let caps = text.bytes().take_while(u8::is_ascii_uppercase).count();
    let word = &text[..caps];
    let after = strip_dot(&text[caps..])?;
    if !ends_number(after, true) {
        return None;
    }
    let number = match caps {
        1 => Number::Letter(char::from(text.as_bytes()[0])),
        _ if is_roman(word) => Number::Roman(word.to_string()),
        _ => return None,
    };
    Some(Written { number, len: text.len() - after.len() })
}

/// `一、` … `二十、`: the sections that English numbers `I.` … `XX.`, as Roman numerals.
fn chinese_section(text: &str) -> Option<Written> {
    let numeral_len = text.find(|c: char| !is_chinese_numeral(c))?;
    let value = chinese_value(&text[..numeral_len])?;
    let after = text[numeral_len..].strip_prefix('、')?;
    (value < 4000).then(|| Written { number: Number::Roman(to_roman(value)), len: text.len() - after.len() })
}

/// A statute article: `第6条`, `第六条`, `第 6 條`, `제6조` (followed by white space, punctuation
/// or, in a heading, the end: `第六条规定` is a citation), or one in an alphabetic script
/// (`Article 6.`, `§ 5a Title`, `Статья 6.`: [`articles`]).
fn statute(text: &str, in_heading: bool) -> Option<Written> {
    if let Some(rest) = text.strip_prefix('第').or_else(|| text.strip_prefix('제')) {
        let end = rest.find(['条', '條', '조'])?;
        // Taiwan's statutes write `第 2 條`.
        let value = number_value(rest[..end].trim())?;
        let (number, after) = with_branch(value, &rest[end + '条'.len_utf8()..], &['의', 'の', '之']);
        let ends = after.chars().next().map_or(in_heading, |c| c.is_whitespace() || !c.is_alphanumeric());
        return ends.then(|| Written { number: Number::Arabic(number), len: text.len() - after.len() });
    }
    let (number, len) = articles::article(text, in_heading)?;
    Some(Written { number: Number::Arabic(number), len })
}

/// Article `value`, or the branch article inserted after it when `after` starts with one:
/// `제7조의2`, `第二条の二`, `第一条之一` are `7_2`, `2_2`, `1_1` (an id `clause-7_2`, as Japan's
/// e-Gov writes `At_7_2`: `clause-7-2` names a second clause 7; `Article 7-2` reads the same).
fn with_branch<'t>(value: u32, after: &'t str, marks: &[char]) -> (String, &'t str) {
    let branch = after.strip_prefix(marks).and_then(|rest| {
        let numeral = |c: char| to_ascii_digit(c).is_some() || is_chinese_numeral(c);
        let len = rest.find(|c: char| !numeral(c)).unwrap_or(rest.len());
        Some((number_value(&rest[..len])?, &rest[len..]))
    });
    match branch {
        Some((b, rest)) => (format!("{value}_{b}"), rest),
        None => (value.to_string(), after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arabic_of(w: Option<Written>) -> Option<String> {
        match w?.number {
            Number::Arabic(n) | Number::Roman(n) => Some(n),
            Number::Letter(c) => Some(c.to_string()),
        }
    }

    fn p(text: &str) -> Option<String> {
        arabic_of(paragraph(text))
    }

    fn h(text: &str) -> Option<String> {
        arabic_of(heading(text))
    }

    #[test]
    fn paragraph_numbers() {
        assert_eq!(p("1.1 The Logo").as_deref(), Some("1.1"));
        assert_eq!(p("4.1.2 We may").as_deref(), Some("4.1.2"));
        assert_eq!(p("2.2. We use").as_deref(), Some("2.2"));
        assert_eq!(paragraph("2.2. We use").map(|w| w.len), Some(4));
        assert_eq!(p("1. Not a clause"), None);
        assert_eq!(p("1.1The"), None);
        assert_eq!(p("2022 was"), None);
        assert_eq!(p("1.1\u{3000}中文").as_deref(), Some("1.1"));
        assert_eq!((p("1.2 版，2023 年 11 月 1 日生效"), h("2.0 版")), (None, None), "a version");
    }

    #[test]
    fn heading_numbers() {
        assert_eq!(h("4. Sharing").as_deref(), Some("4"));
        assert_eq!(h("4.1 Sharing").as_deref(), Some("4.1"));
        assert_eq!(heading("IV. Sharing").map(|w| w.number), Some(Number::Roman("IV".into())));
        assert_eq!(h("XI. How to Contact Us").as_deref(), Some("XI"));
        assert_eq!(h("I am here"), None);
        assert_eq!(h("IIII. Bad"), None);
        assert_eq!(h("2022 Update"), None);
        assert_eq!(h("Definitions"), None);
        assert_eq!(h("U.S. Federal Government Terms"), None);
    }

    #[test]
    fn one_capital_with_a_dot_is_a_letter_for_the_siblings_to_judge() {
        assert_eq!(heading("A. Definitions").map(|w| w.number), Some(Number::Letter('A')));
        assert_eq!(heading("C. Acceptable Use").map(|w| w.number), Some(Number::Letter('C')));
        assert_eq!(heading("Ab. x"), None);
    }

    /// `6.侵权通知` is clause 6 as `6. Copyright notice` is; amounts, dates and decimals are not.
    #[test]
    fn a_number_directly_before_a_cjk_character_is_a_clause() {
        assert_eq!(h("6.侵权通知").as_deref(), Some("6"));
        assert_eq!(h("6.1侵权通知").as_deref(), Some("6.1"));
        assert_eq!(p("6.1侵权通知").as_deref(), Some("6.1"));
        assert_eq!(paragraph("6.1侵权").map(|w| w.len), Some(3));
        assert_eq!(h("6侵权通知"), None);
        assert_eq!(p("6.5亿用户"), None);
        assert_eq!(p("1.5倍"), None);
        assert_eq!(h("2024.年度报告"), None);
        assert_eq!(p("2024.1.1起施行"), None);
        assert_eq!(p("12.3.2024 wurde"), None);
        assert_eq!(p("3.14159"), None);
        assert_eq!(h("2024. Review"), None);
    }

    #[test]
    fn full_width_digits_and_stops_count_as_ascii() {
        assert_eq!(h("６．侵权通知").as_deref(), Some("6"));
        assert_eq!(h("6．侵权通知").as_deref(), Some("6"));
        assert_eq!(h("６. 侵权通知").as_deref(), Some("6"));
        assert_eq!(p("１．２　用户").as_deref(), Some("1.2"));
        assert_eq!(
            (h("١. مقدمة"), p("١.٢ نص البند"), p("۱.۲ متن")),
            (Some("1".into()), Some("1.2".into()), Some("1.2".into()))
        );
        assert_eq!((h("1、我们如何收集").as_deref(), p("1、我们")), (Some("1"), None));
        assert_eq!((p("1、2、3条规定"), h("1、2、3条规定")), (None, None), "a list of articles");
        assert_eq!(
            (h("\u{200F}8. סעיף").as_deref(), heading("\u{200F}8. x").map(|w| w.len)),
            (Some("8"), Some(5))
        );
        assert_eq!(paragraph("１．２　用户").map(|w| w.len), Some(9));
    }

    #[test]
    fn chinese_section_numerals_are_roman() {
        assert_eq!(heading("一、总则").map(|w| w.number), Some(Number::Roman("I".into())));
        assert_eq!(h("二、定义").as_deref(), Some("II"));
        assert_eq!(h("十一、联系我们").as_deref(), Some("XI"));
        assert_eq!(h("二十、其他").as_deref(), Some("XX"));
        assert_eq!(h("一是"), None);
        assert_eq!(p("一、总则"), None);
    }

    #[test]
    fn statute_articles_are_clauses_in_every_script() {
        assert_eq!(h("第6条 目的").as_deref(), Some("6"));
        assert_eq!(h("第六条").as_deref(), Some("6"));
        assert_eq!(h("第十二条（定义）").as_deref(), Some("12"));
        assert_eq!(p("第二十一条 用户应当").as_deref(), Some("21"));
        assert_eq!(p("第一千二百六十条 本法").as_deref(), Some("1260"));
        assert_eq!(p("第一百零五条 本法").as_deref(), Some("105"));
        assert_eq!(h("第１条（目的）").as_deref(), Some("1"));
        assert_eq!(h("第6條 目的").as_deref(), Some("6"));
        assert_eq!(h("제6조(목적)").as_deref(), Some("6"));
        for (text, want) in [
            ("제7조의2 (구성)", "7_2"),
            ("第二条の二　枝番号", "2_2"),
            ("第一条之一 增订", "1_1"),
            ("Article 7-2 (Composition)", "7_2"),
        ] {
            assert_eq!(h(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!((p("第六条の規定"), p("Article 7-2 of the Act")), (None, None), "citations");
        assert_eq!((h("Article 1 (Purpose)").as_deref(), p("Article 6 (1) says")), (Some("1"), None));
        assert_eq!(
            (p("第 2 條 本法").as_deref(), p("제 2 조 (정의) 띄어쓰기").as_deref()),
            (Some("2"), Some("2"))
        );
        assert_eq!(paragraph("第六条 用户").map(|w| w.len), Some(9));
        assert_eq!(p("第六条规定的义务"), None, "a citation");
        assert_eq!(h("第一章 总则"), None, "a chapter");
        assert_eq!(p("第六条"), None);
    }

    #[test]
    fn articles_and_sections_need_a_stop_or_a_capital() {
        assert_eq!(h("Article 6. Lawfulness").as_deref(), Some("6"));
        assert_eq!(p("Article 6: The controller").as_deref(), Some("6"));
        assert_eq!(p("Art. 6 The controller").as_deref(), Some("6"));
        assert_eq!(h("§ 1 Geltungsbereich").as_deref(), Some("1"));
        assert_eq!(h("§6.").as_deref(), Some("6"));
        assert_eq!(h("Article 12").as_deref(), Some("12"));
        assert_eq!(
            (h("المادة 1: التعريفات").as_deref(), h("סעיף 3. הגדרות").as_deref()),
            (Some("1"), Some("3"))
        );
        assert_eq!(p("Article 6 of the GDPR says"), None);
        assert_eq!(p("Article 6.1 says"), None);
        assert_eq!(p("§ 6 abs"), None);
    }
}
