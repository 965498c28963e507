//! Statute articles as alphabetic scripts write them, told apart from citations that open a
//! sentence: `Article 6.`, `Art. 6:`, `§ 6 Title`, `§ 5a`, `Artikel 6`, `Статья 6.`,
//! `Art. 1º`, `Article 1er`, `Article 2 : Objet`, `§ 509 (weggefallen)` are clauses;
//! `§ 63 Nummer 3 der VwGO …`, `Art. 6 Abs. 1 lit. b DSGVO …`, `Article 6 GDPR applies` and
//! `Article 6 of the GDPR` are citations. (German capitalises every noun, so "a space and a
//! capital letter" alone let citations of other laws take the ids of the document's own
//! sections: BDSG § 20's `§ 63 Nummer 3 der Verwaltungsgerichtsordnung …` took `clause-63`
//! from BDSG § 63.)

use crate::content::numerals;

/// The words that open an article, each followed by a space (`§` also directly by its number):
/// English, German, Dutch, Scandinavian, French, Spanish, Italian, Portuguese, Romanian,
/// Polish, Czech, Slovak, Russian, Ukrainian, Bulgarian, Greek, Turkish, Indonesian, Arabic,
/// Hebrew. `Art` without its period is how juris writes the Grundgesetz (`Art 1`).
const WORDS: &[&str] = &[
    "Article",
    "ARTICLE",
    "Art.",
    "Art",
    "§",
    "Artikel",
    "ARTIKEL",
    "Artículo",
    "ARTÍCULO",
    "Articolo",
    "ARTICOLO",
    "Artigo",
    "ARTIGO",
    "Articolul",
    "ARTICOLUL",
    "Artykuł",
    "ARTYKUŁ",
    "Článek",
    "ČLÁNEK",
    "Článok",
    "ČLÁNOK",
    "Статья",
    "СТАТЬЯ",
    "Стаття",
    "СТАТТЯ",
    "Член",
    "ЧЛЕН",
    "Άρθρο",
    "ΑΡΘΡΟ",
    "Madde",
    "MADDE",
    "Pasal",
    "PASAL",
    "المادة",
    "مادة",
    "סעיף",
];

/// Words that go on a citation after its number (`§ 8 Abs. 1`, `Art. 6 Satz 2`), where a
/// title would stand after a clause's.
const CITING: &[&str] = &[
    "Abs.",
    "Absatz",
    "Absätze",
    "Satz",
    "Sätze",
    "S.",
    "Nr.",
    "Nrn.",
    "Nummer",
    "Nummern",
    "Buchst.",
    "Buchstabe",
    "lit.",
    "UAbs.",
    "Unterabs.",
    "Unterabsatz",
    "Hs.",
    "Halbsatz",
    "Alt.",
    "Alternative",
    "Var.",
    "Variante",
    "Ziff.",
    "Ziffer",
    "Paragraph",
    "Paragraphs",
    "Para.",
    "Subparagraph",
];

/// The article `text` opens with: its number (`6`, `5a`, `7_2` for `Article 7-2`) and the
/// bytes it takes as written, when what follows makes it a clause. `in_heading`: a heading may
/// end right after the number.
pub fn article(text: &str, in_heading: bool) -> Option<(String, usize)> {
    let rest = opening_word(text)?;
    let (digits, after) = numerals::digits(rest);
    let value = numerals::number_value(&digits)?;
    let (number, after) = suffixed(value, after);
    let word = text.split_whitespace().next().unwrap_or_default();
    let capitals = word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase);
    ends_article(after, in_heading, capitals).then(|| (number, text.len() - after.len()))
}

/// `text` after an article word and its space (or `§` and no space).
fn opening_word(text: &str) -> Option<&str> {
    WORDS.iter().find_map(|w| {
        let rest = text.strip_prefix(w)?;
        let rest = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('\u{A0}')).or(
            // `§6`, `§6.`
            (*w == "§").then_some(rest),
        )?;
        rest.starts_with(|c: char| numerals::to_ascii_digit(c).is_some()).then_some(rest)
    })
}

/// The number with what it carries written onto it: a branch (`7-2` → `7_2`), an inserted
/// article's letter (`5a` → `5a`), an ordinal sign (`1º`, `1.º`, `1°`, `1er`) dropped.
fn suffixed(value: u32, after: &str) -> (String, &str) {
    if let Some(rest) = after.strip_prefix('-') {
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(branch) = numerals::number_value(&rest[..len]) {
            return (format!("{value}_{branch}"), &rest[len..]);
        }
    }
    for sign in [".º", ".°", "º", "°", "er", "ᵉʳ"] {
        if let Some(rest) = after.strip_prefix(sign).filter(|r| !r.starts_with(char::is_alphanumeric)) {
            return (value.to_string(), rest);
        }
    }
    let mut chars = after.chars();
    match (chars.next(), chars.next()) {
        (Some(letter @ 'a'..='z'), next) if !next.is_some_and(char::is_alphanumeric) => {
            (format!("{value}{letter}"), &after[1..])
        }
        _ => (value.to_string(), after),
    }
}

/// Whether an article number can end where `after` starts: at the end of a heading, at a
/// period not opening a sub-number (`Article 6.1` is a citation), a colon, a dash, or a space
/// and then a colon (French `Article 2 : Objet`), a dash, a parenthesis around words
/// (`Article 7 (Purpose)`, `§ 509 (weggefallen)`, not `Article 6 (1)`), or a title: a word
/// in capitals that is neither a citation's word nor a law's abbreviation (`DSGVO`, `GDPR`),
/// unless the whole line is in capitals (`ARTICLE 5 TERM`, which `capitals` says).
fn ends_article(after: &str, in_heading: bool, capitals: bool) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        None => in_heading,
        Some('.') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(':' | '–' | '—') => true,
        Some(' ' | '\u{A0}') => titled(after.trim_start_matches([' ', '\u{A0}']), capitals),
        Some(_) => false,
    }
}

/// Whether `rest`, after the number and its space, is what follows a clause's number.
fn titled(rest: &str, capitals: bool) -> bool {
    let word = rest.split_whitespace().next().unwrap_or_default();
    let mut chars = word.chars();
    match chars.next() {
        Some(':' | '–' | '—' | '-') => true,
        Some('(') => chars.next().is_some_and(char::is_alphabetic),
        Some(c) if c.is_uppercase() => !CITING.contains(&word) && (capitals || !abbreviation(word)),
        _ => false,
    }
}

/// A law's abbreviation: two or more letters, all capitals (`DSGVO`, `BGB`, `DS-GVO`, `GDPR`).
fn abbreviation(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.', ';', ':']);
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| c.is_uppercase() || c == '-' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> Option<String> {
        article(text, true).map(|(n, _)| n)
    }

    fn p(text: &str) -> Option<String> {
        article(text, false).map(|(n, _)| n)
    }

    /// BDSG § 20 (5) and TMG § 9, bundestag/gesetze; a German privacy notice's legal basis.
    #[test]
    fn a_citation_that_opens_a_sentence_is_no_clause() {
        for text in [
            "§ 63 Nummer 3 und 4 der Verwaltungsgerichtsordnung bleibt unberührt.",
            "§ 8 Abs. 1 Satz 2 gilt entsprechend.",
            "Art. 6 Abs. 1 lit. b DSGVO (Vertragserfüllung).",
            "Article 6 GDPR applies.",
            "§ 13 BGB, wenn",
            "Art. 6 DS-GVO erlaubt",
            "Article 6 of the GDPR says",
            "Article 6 (1) says",
        ] {
            assert_eq!(p(text), None, "{text}");
        }
        assert_eq!(h("§ 20 Gerichtlicher Rechtsschutz").as_deref(), Some("20"));
        assert_eq!(p("§ 1 Geltungsbereich").as_deref(), Some("1"));
        assert_eq!(h("ARTICLE 5 TERM AND TERMINATION").as_deref(), Some("5"));
        assert_eq!(h("ARTICLE 5 GDPR").as_deref(), Some("5"), "a line all in capitals");
    }

    #[test]
    fn inserted_and_repealed_sections_are_clauses() {
        assert_eq!(h("§ 5a Irreführung durch Unterlassen").as_deref(), Some("5a"));
        assert_eq!(h("§ 305a Einbeziehung in besonderen Fällen").as_deref(), Some("305a"));
        assert_eq!(h("Art 16a").as_deref(), Some("16a"));
        assert_eq!(h("Art 1").as_deref(), Some("1"));
        assert_eq!(h("§ 509 (weggefallen)").as_deref(), Some("509"));
        assert_eq!(h("§§ 17 bis 19 (weggefallen)"), None, "a range");
        assert_eq!(h("§ 5ab"), None);
        assert_eq!(h("Article 7-2 (Composition)").as_deref(), Some("7_2"));
    }

    #[test]
    fn articles_in_other_languages_and_their_ordinals() {
        for (text, want) in [
            ("Artikel 1 Gegenstand", "1"),
            ("Artículo 1.º Objeto", "1"),
            ("Art. 1º Esta Lei", "1"),
            ("Art. 10. Os", "10"),
            ("Article 1er Objet", "1"),
            ("Article 2 : Objet", "2"),
            ("Article 2 – Objet", "2"),
            ("Articolo 3 Definizioni", "3"),
            ("Artykuł 4. Definicje", "4"),
            ("Článek 5 Definice", "5"),
            ("Статья 6. Термины", "6"),
            ("Madde 7 – Tanımlar", "7"),
            ("Pasal 8 Definisi", "8"),
            ("Articolul 9 Definiții", "9"),
        ] {
            assert_eq!(h(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(article("Art. 1º Esta", false).map(|(_, len)| len), Some("Art. 1º".len()));
        assert_eq!(p("Artikel 6 der DSGVO"), None);
        assert_eq!(p("Artikelnummer 6 Test"), None);
        assert_eq!(h("المادة ٦: التعريفات").as_deref(), Some("6"), "Arabic-Indic digits");
    }
}
