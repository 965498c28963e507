//! Numerals as numbers: digits of any script (`６`, `٦`), Chinese (`二十一`) and Roman (`XIV`),
//! for the clause numbers [`crate::content::numbering`] and [`crate::content::articles`] read.

/// `一` → 1, `〇` and `零` → 0, `两` → 2.
pub fn chinese_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32).or(match c {
        '〇' => Some(0),
        '两' | '兩' => Some(2),
        _ => None,
    })
}

/// A Chinese numeral's character: a digit (`一`, `〇`, `两`) or a unit (`十`, `百`, `千`).
pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || "十百千".contains(c)
}

/// `十二` → 12, `二十一` → 21, `一百零五` → 105, `一千二百六十` → 1260.
pub fn chinese_value(s: &str) -> Option<u32> {
    let (mut total, mut digit) = (0, None);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total = digit.take().unwrap_or(1).saturating_mul(unit).saturating_add(total);
    }
    let value = total.saturating_add(digit.unwrap_or(0));
    (value > 0).then_some(value)
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

/// The value of a well-formed Roman numeral from 1 to 3999.
pub fn roman_value(s: &str) -> Option<u32> {
    let mut rest = s;
    let mut value = 0;
    for (sym, v) in ROMAN {
        while let Some(r) = rest.strip_prefix(sym) {
            rest = r;
            value += v;
        }
    }
    // Round-trip: the canonical spelling of `value` must be `s` itself.
    (rest.is_empty() && value > 0 && to_roman(value) == s).then_some(value)
}

/// Whether `s` is a well-formed Roman numeral from 1 to 3999.
pub fn is_roman(s: &str) -> bool {
    roman_value(s).is_some()
}

/// The canonical Roman spelling of `n`.
pub fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (sym, v) in ROMAN {
        while n >= v {
            out.push_str(sym);
            n -= v;
        }
    }
    out
}

/// The leading ASCII or full-width digits of `s`, as ASCII, and what follows them.
pub fn digits(s: &str) -> (String, &str) {
    let mut out = String::new();
    for (i, c) in s.char_indices() {
        match to_ascii_digit(c) {
            Some(d) => out.push(d),
            None => return (out, &s[i..]),
        }
    }
    (out, "")
}

pub fn to_ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        // Arabic-Indic (`١.٢`) and the Persian and Urdu ones (`۱.۲`).
        '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32),
        '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32),
        _ => None,
    }
}

/// An article number in ASCII or full-width digits or in Chinese numerals, 1 to 9999.
pub fn number_value(s: &str) -> Option<u32> {
    let (ascii, rest) = digits(s);
    let value = if ascii.is_empty() {
        chinese_value(s)?
    } else {
        rest.is_empty().then(|| ascii.parse::<u32>().ok())??
    };
    (1..10_000).contains(&value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_round_trip() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value(""), None);
        assert_eq!(to_roman(1990), "MCMXC");
        assert_eq!(chinese_value("十"), Some(10));
        assert_eq!(chinese_value("零"), None);
    }
}
