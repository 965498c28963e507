//! Locales: which folder names are BCP 47 tags, what a locale is called, how it writes a date.
//!
//! All of it comes from CLDR through ICU4X, so a translator who adds `content/ko/` gets
//! "한국어" and Korean dates without anyone writing code.

use icu::calendar::{Date, Iso};
use icu::datetime::fieldsets::YMD;
use icu::datetime::DateTimeFormatter;
use icu::experimental::displaynames::multi::LocaleDisplayNamesFormatter;
use icu::experimental::displaynames::DisplayNamesOptions;
use icu::locale::Locale as IcuLocale;

/// Whether `tag` is a well-formed BCP 47 language tag as clause uses them (`en`, `zh-CN`,
/// `pt-BR`, `sr-Latn`). Underscores (`zh_CN`) are not accepted: the tag is also a URL part
/// and an `hreflang` value.
pub fn is_valid_tag(tag: &str) -> bool {
    !tag.contains('_') && IcuLocale::try_from_str(tag).is_ok() && !tag.is_empty()
}

fn parse(tag: &str) -> IcuLocale {
    IcuLocale::try_from_str(tag).unwrap_or(IcuLocale::UNKNOWN)
}

/// The name of locale `tag` in the language of locale `reader` ("英语" for `en` read in
/// `zh-CN`), from CLDR; the tag itself where CLDR has no name.
pub fn display_name(tag: &str, reader: &str) -> String {
    let (locale, reader) = (parse(tag), parse(reader));
    match LocaleDisplayNamesFormatter::try_new((&reader).into(), DisplayNamesOptions::default()) {
        Ok(f) => f.of(&locale).to_string(),
        Err(_) => tag.to_string(),
    }
}

/// The locale's name in its own language ("简体中文" for zh-CN is configured; CLDR gives
/// "中文 (中国)"), or the tag itself where CLDR has no name.
pub fn autonym(tag: &str) -> String {
    let locale = parse(tag);
    match LocaleDisplayNamesFormatter::try_new((&locale).into(), DisplayNamesOptions::default()) {
        Ok(f) => {
            let name = f.of(&locale).to_string();
            capitalize_first(&name)
        }
        Err(_) => tag.to_string(),
    }
}

/// Locale names start lowercase in some languages ("français"); in a switcher they lead a line.
fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Right-to-left scripts get `dir="rtl"`.
pub fn direction(tag: &str) -> &'static str {
    let lang = tag.split('-').next().unwrap_or("");
    match lang {
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb" => "rtl",
        _ => "ltr",
    }
}

/// Formats dates the way a locale writes them ("January 28, 2022", "2022年1月28日").
pub struct DateFormat {
    formatter: Option<DateTimeFormatter<YMD>>,
}

impl DateFormat {
    pub fn new(tag: &str) -> DateFormat {
        let locale = parse(tag);
        DateFormat { formatter: DateTimeFormatter::try_new((&locale).into(), YMD::long()).ok() }
    }

    /// The date in the locale's long form, or ISO 8601 when the date or the locale has none.
    pub fn format(&self, year: i32, month: u8, day: u8) -> String {
        let iso = format!("{year:04}-{month:02}-{day:02}");
        let Ok(date) = Date::<Iso>::try_new_iso(year, month, day) else {
            return iso;
        };
        match &self.formatter {
            Some(f) => f.format(&date).to_string(),
            None => iso,
        }
    }
}

/// A locale of the site.
#[derive(Debug, Clone)]
pub struct Locale {
    pub tag: String,
    /// Its name in its own language: `[locales.X].name`, else CLDR's.
    pub name: String,
    pub dir: &'static str,
    /// The locale, then its fallback, that one's fallback, … ending at the default locale.
    pub chain: Vec<String>,
}

impl Locale {
    /// The locale this one is translated from (its `fallback`); none for the default locale.
    pub fn source(&self) -> Option<&str> {
        self.chain.get(1).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked() {
        for ok in ["en", "zh-CN", "pt-BR", "ar", "sr-Latn", "de-CH"] {
            assert!(is_valid_tag(ok), "{ok}");
        }
        for bad in ["", "zh_CN", "english!", "e", "12", "en--US", "images"] {
            assert!(!is_valid_tag(bad), "{bad}");
        }
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(DateFormat::new("en").format(2022, 1, 28), "January 28, 2022");
        assert_eq!(DateFormat::new("zh-CN").format(2022, 1, 28), "2022年1月28日");
        assert_eq!(DateFormat::new("ja").format(2022, 1, 28), "2022年1月28日");
        assert_eq!(DateFormat::new("de").format(2022, 1, 28), "28. Januar 2022");
        assert_eq!(DateFormat::new("en").format(2022, 2, 30), "2022-02-30");
    }

    #[test]
    fn names_come_from_cldr() {
        assert_eq!(autonym("ko"), "한국어");
        assert_eq!(autonym("de"), "Deutsch");
        assert_eq!(autonym("fr"), "Français");
        assert_eq!(display_name("en", "zh-CN"), "英语");
        assert_eq!(display_name("en", "de"), "Englisch");
    }
}
