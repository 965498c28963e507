//! The theme's interface strings: the `i18n/<tag>.toml` files, and for a locale, which file
//! each key comes from — its tag, then CLDR's parent locales (`pt-BR` → `pt`, `zh-TW` →
//! `zh-Hant`), then its fallback chain, then English. A theme that ships `fr.toml` serves
//! `fr-CA` and a locale whose fallback is `fr` without anyone listing them.

use crate::config::locale::Locale;
use crate::diag::{Diagnostic, Kind, Pos};
use icu::locale::fallback::LocaleFallbacker;
use icu::locale::Locale as IcuLocale;
use std::collections::BTreeMap;
use std::path::Path;

/// One `i18n/<tag>.toml` file of a theme, as read.
pub struct StringsFile<'a> {
    pub tag: &'a str,
    pub bytes: &'a [u8],
    /// Where it came from, for messages.
    pub origin: &'a Path,
}

/// A key → text table.
type Table = BTreeMap<String, String>;

/// The interface strings of a theme, by file; `en` holds every key.
#[derive(Default)]
pub struct Strings {
    files: BTreeMap<String, Table>,
    /// A tag in CLDR's normal form (`zh-Hans` is `zh`, `zh-Hant-TW` is `zh-TW`) → its file.
    by_tag: BTreeMap<String, String>,
}

impl Strings {
    pub fn new(files: BTreeMap<String, Table>) -> Strings {
        let mut by_tag = BTreeMap::new();
        for tag in files.keys() {
            by_tag.entry(normal_form(tag)).or_insert_with(|| tag.clone());
        }
        Strings { files, by_tag }
    }

    /// Every key, each from the first file of `locale`'s resolution that has it.
    pub fn resolve(&self, locale: &Locale) -> Table {
        let mut out = Table::new();
        for table in self.tables(&resolution(locale)).into_iter().rev() {
            out.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }

    /// The keys of `en.toml` no file of `locale`'s resolution has, English aside (for a
    /// locale that is not English itself: its readers would see English).
    pub fn missing(&self, locale: &Locale) -> Vec<String> {
        let english = language_of(&locale.tag) == "en";
        let tags: Vec<String> =
            resolution(locale).into_iter().filter(|t| english || language_of(t) != "en").collect();
        let tables = self.tables(&tags);
        let all = self.files.get("en").into_iter().flat_map(|en| en.keys());
        all.filter(|k| !tables.iter().any(|t| t.contains_key(*k))).cloned().collect()
    }

    fn tables(&self, tags: &[String]) -> Vec<&Table> {
        tags.iter().filter_map(|t| self.files.get(self.by_tag.get(t)?)).collect()
    }
}

/// The tags whose files give `locale`'s strings, first first: the locale's own tag and its
/// CLDR parents, then each locale of its fallback chain likewise, then `en`.
fn resolution(locale: &Locale) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let tags = std::iter::once(&locale.tag).chain(&locale.chain);
    for tag in tags.flat_map(|t| parents(t)).chain(["en".to_string()]) {
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// `tag` in CLDR's normal form, then its parent locales up to the language (`es-AR`,
/// `es-419`, `es`; `zh-TW`, `zh-Hant`: never `zh`, which is Simplified).
fn parents(tag: &str) -> Vec<String> {
    let Ok(locale) = IcuLocale::try_from_str(tag) else {
        return vec![tag.to_string()];
    };
    let fallbacker = LocaleFallbacker::new().for_config(Default::default());
    let mut steps = fallbacker.fallback_for((&locale).into());
    let mut out = Vec::new();
    // A tag has at most a handful of parents; the bound only guards against a data loop.
    while !steps.get().is_unknown() && out.len() < 8 {
        out.push(steps.get().to_string());
        steps.step();
    }
    out
}

fn normal_form(tag: &str) -> String {
    parents(tag).into_iter().next().unwrap_or_else(|| tag.to_string())
}

fn language_of(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// Reads the `i18n/<tag>.toml` files: flat tables of strings whose keys `en.toml` has.
pub fn load(files: &[StringsFile], errors: &mut Vec<Diagnostic>) -> Strings {
    let mut tables = BTreeMap::new();
    for f in files {
        let text = String::from_utf8_lossy(f.bytes);
        match toml::from_str::<Table>(&text) {
            Ok(map) => {
                tables.insert(f.tag.to_string(), map);
            }
            Err(e) => {
                let pos = e.span().map_or(Pos::new(1, 1), |s| Pos::of_offset(&text, s.start));
                errors.push(
                    Diagnostic::error(Kind::InvalidThemeStrings, e.message().to_string())
                        .in_file(f.origin.to_path_buf())
                        .at(pos)
                        .help("a theme strings file is a flat table of `key = \"text\"`"),
                );
            }
        }
    }
    check_keys(files, &tables, errors);
    Strings::new(tables)
}

/// A key `en.toml` does not have is a typo or a key of another theme version: an error.
fn check_keys(files: &[StringsFile], tables: &BTreeMap<String, Table>, errors: &mut Vec<Diagnostic>) {
    let known: Vec<&String> = tables.get("en").map(|m| m.keys().collect()).unwrap_or_default();
    for f in files {
        let Some(table) = tables.get(f.tag) else {
            continue;
        };
        let text = String::from_utf8_lossy(f.bytes);
        for key in table.keys().filter(|k| !known.contains(k)) {
            let pos = text.find(key.as_str()).map_or(Pos::new(1, 1), |i| Pos::of_offset(&text, i));
            let list = known.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
            errors.push(
                Diagnostic::error(
                    Kind::UnknownThemeString,
                    format!("`{key}` is not an interface string of the theme"),
                )
                .in_file(f.origin.to_path_buf())
                .at(pos)
                .help(format!("the keys are those of i18n/en.toml: {list}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme of these `i18n/<tag>.toml` files, each given as its (key, text) pairs.
    fn strings(files: &[(&str, &[(&str, &str)])]) -> Strings {
        let table =
            |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Strings::new(files.iter().map(|(tag, pairs)| (tag.to_string(), table(pairs))).collect())
    }

    fn locale(tag: &str, chain: &[&str]) -> Locale {
        let chain = std::iter::once(tag).chain(chain.iter().copied()).map(String::from).collect();
        Locale { tag: tag.to_string(), name: tag.to_string(), dir: "ltr", chain }
    }

    fn theme() -> Strings {
        strings(&[
            ("en", &[("home", "Home"), ("contents", "Contents")]),
            ("es", &[("home", "Inicio"), ("contents", "Índice")]),
            ("pt", &[("home", "Página inicial"), ("contents", "Índice")]),
            ("pt-BR", &[("home", "Início")]),
            ("zh-Hans", &[("home", "首页"), ("contents", "目录")]),
            ("zh-Hant", &[("home", "首頁"), ("contents", "目錄")]),
            ("de", &[("home", "Startseite")]),
        ])
    }

    fn home(s: &Strings, l: &Locale) -> String {
        s.resolve(l).get("home").cloned().unwrap_or_default()
    }

    #[test]
    fn a_region_or_area_falls_back_to_its_language() {
        let s = theme();
        assert_eq!(home(&s, &locale("es-ES", &["en"])), "Inicio");
        assert_eq!(home(&s, &locale("es-419", &["en"])), "Inicio");
        assert_eq!(home(&s, &locale("es-MX", &["en"])), "Inicio", "es-MX → es-419 → es");
        assert_eq!(home(&s, &locale("pt-PT", &["en"])), "Página inicial");
        assert!(s.missing(&locale("es-ES", &["en"])).is_empty());
    }

    #[test]
    fn chinese_goes_by_script_not_by_language() {
        let s = theme();
        for tag in ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW"] {
            assert_eq!(home(&s, &locale(tag, &["en"])), "首頁", "{tag}");
        }
        for tag in ["zh-CN", "zh-SG", "zh", "zh-Hans", "zh-Hans-CN"] {
            assert_eq!(home(&s, &locale(tag, &["en"])), "首页", "{tag}");
        }
        let simplified_only = strings(&[("en", &[("home", "Home")]), ("zh-Hans", &[("home", "首页")])]);
        assert_eq!(home(&simplified_only, &locale("zh-TW", &["en"])), "Home", "never Simplified for zh-TW");
        assert_eq!(simplified_only.missing(&locale("zh-TW", &["en"])), ["home"]);
    }

    #[test]
    fn each_key_falls_back_on_its_own() {
        let s = theme();
        let br = s.resolve(&locale("pt-BR", &["en"]));
        assert_eq!(br["home"], "Início", "pt-BR's own");
        assert_eq!(br["contents"], "Índice", "pt's, where pt-BR.toml lacks it");
        assert!(s.missing(&locale("pt-BR", &["en"])).is_empty());
        let de = s.resolve(&locale("de-AT", &["en"]));
        assert_eq!((de["home"].as_str(), de["contents"].as_str()), ("Startseite", "Contents"));
        assert_eq!(s.missing(&locale("de-AT", &["en"])), ["contents"]);
    }

    #[test]
    fn the_fallback_chain_comes_after_the_locales_own_language() {
        let s = theme();
        assert_eq!(home(&s, &locale("gl", &["pt-BR", "en"])), "Início", "gl → its fallback pt-BR");
        assert_eq!(s.resolve(&locale("gl", &["pt-BR", "en"]))["contents"], "Índice", "→ pt");
        assert!(s.missing(&locale("gl", &["pt-BR", "en"])).is_empty(), "readers see Portuguese");
        assert_eq!(home(&s, &locale("es-AR", &["pt", "en"])), "Inicio", "its own language first");
    }

    #[test]
    fn a_string_is_missing_only_where_nothing_but_english_has_it() {
        let s = theme();
        assert_eq!(home(&s, &locale("tlh", &["en"])), "Home");
        assert_eq!(s.missing(&locale("tlh", &["en"])), ["contents", "home"], "English is what is missing");
        assert_eq!(s.missing(&locale("tlh", &["en-GB", "en"])), ["contents", "home"]);
        assert!(s.missing(&locale("en-GB", &["en"])).is_empty(), "English for English");
        assert!(s.missing(&locale("en", &[])).is_empty());
    }

    #[test]
    fn a_file_is_found_whatever_the_case_or_form_of_its_tag() {
        let s = strings(&[
            ("en", &[("home", "Home")]),
            ("zh-hant", &[("home", "首頁")]),
            ("PT", &[("home", "Início")]),
        ]);
        assert_eq!(home(&s, &locale("zh-TW", &["en"])), "首頁");
        assert_eq!(home(&s, &locale("pt-BR", &["en"])), "Início");
    }
}
