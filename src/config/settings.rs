//! `site.toml`: the site, its locales and its brands, read strictly (unknown keys are errors).
//!
//! The four layers of placeholder values live here too: `[vars]`, `[locales.L.vars]`,
//! `[brands.B.vars]` and `[brands.B.locale_vars.L]`, looked up in that order, the last
//! one found winning (SPEC §2).

use crate::diag::{Diagnostic, Kind, Pos};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A brand's placeholder values by the locale the text is written in.
pub type ValuesByLocale = HashMap<String, BTreeMap<String, String>>;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub use crate::config::deploy::DeployConfig;

/// A placeholder's value. TOML strings, numbers and booleans are accepted and kept as
/// text (`postalCode = 100000` is the text `100000`): a value is never markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarValue(pub String);

impl<'de> Deserialize<'de> for VarValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = VarValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<VarValue, E> {
                Ok(VarValue(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<VarValue, E> {
                Ok(VarValue(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<VarValue, E> {
                Ok(VarValue(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<VarValue, E> {
                Ok(VarValue(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<VarValue, E> {
                Ok(VarValue(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

pub type Vars = BTreeMap<String, VarValue>;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub unsafe_html: bool,
    #[serde(default = "yes")]
    pub highlight: bool,
}

fn yes() -> bool {
    true
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { unsafe_html: false, highlight: true }
    }
}

/// `[versions]`: how far ahead a material version must be announced (`check`'s `short-notice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionsConfig {
    #[serde(default = "thirty")]
    pub notice_days: NoticeDays,
}

impl Default for VersionsConfig {
    fn default() -> Self {
        VersionsConfig { notice_days: thirty() }
    }
}

fn thirty() -> NoticeDays {
    NoticeDays(30)
}

/// A whole number of days, 0 or more: anything else is an error at its line in site.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeDays(pub u32);

impl<'de> Deserialize<'de> for NoticeDays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NoticeDays;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of days, 0 or more (notice_days = 30)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NoticeDays, E> {
                u32::try_from(v).map(NoticeDays).map_err(|_| {
                    E::custom(format!(
                        "notice_days is {v}: write a whole number of days, 0 or more (notice_days = 30)"
                    ))
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NoticeDays, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(-1))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleConfig {
    pub name: Option<String>,
    pub fallback: Option<Spanned<String>>,
    #[serde(default)]
    pub vars: Vars,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandConfig {
    pub base_url: Spanned<String>,
    pub locales: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub vars: Vars,
    #[serde(default)]
    pub locale_vars: BTreeMap<String, Vars>,
    /// Where `deploy` puts this brand, instead of `[deploy].url` (checked by `deploy`).
    pub deploy_url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: Option<String>,
    default_locale: Spanned<String>,
    theme: Option<Spanned<String>>,
    output_dir: Option<String>,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    vars: Vars,
    #[serde(default)]
    locales: BTreeMap<Spanned<String>, LocaleConfig>,
    #[serde(default)]
    brands: BTreeMap<Spanned<String>, BrandConfig>,
    #[serde(default)]
    deploy: DeployConfig,
    #[serde(default)]
    versions: VersionsConfig,
}

/// A brand: its id, where it is published, and its own values.
#[derive(Debug, Clone, PartialEq)]
pub struct Brand {
    pub id: String,
    /// Without a trailing slash; may carry a path (`https://example.com/legal`).
    pub base_url: String,
    pub locales: Option<Vec<String>>,
    pub vars: Vars,
    pub locale_vars: BTreeMap<String, Vars>,
    pub deploy_url: Option<Spanned<String>>,
}

/// A brand of [`Config::brands`], by its place there: a typed index, so that a brand's
/// number cannot be mistaken for a document's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BrandId(pub usize);

/// The whole of `site.toml`, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    pub title: String,
    pub default_locale: String,
    pub theme: String,
    pub output_dir: String,
    pub markdown: MarkdownConfig,
    pub vars: Vars,
    pub locales: BTreeMap<String, LocaleConfig>,
    /// Sorted by id.
    pub brands: Vec<Brand>,
    /// `[deploy]`, as written: `deploy` checks it (URLs, globs) before it uploads anything.
    pub deploy: DeployConfig,
    /// `[versions]`: the notice `check` asks for before a material version.
    pub versions: VersionsConfig,
    /// Where each locale table and brand table is named in the file, for later errors.
    pub key_pos: BTreeMap<String, Pos>,
    pub source: String,
}

pub const CONFIG_FILE: &str = "site.toml";

impl Config {
    /// Reads and checks `<root>/site.toml`. Every problem found is returned.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![Diagnostic::error(Kind::ConfigMissing, format!("cannot read {CONFIG_FILE}: {e}"))
                .in_file(CONFIG_FILE)
                .help("run clause in a site's folder, or name it with --root; `clause init DIR` writes a new site")]
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let pos = Pos::of_offset(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
            vec![Diagnostic::error(Kind::InvalidUtf8, "site.toml is not valid UTF-8")
                .in_file(CONFIG_FILE)
                .at(pos)
                .help("save the file as UTF-8")]
        })?;
        Config::parse(&text, path)
    }

    /// Parses the text of a `site.toml`.
    pub fn parse(text: &str, path: PathBuf) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawSite = toml::from_str(text).map_err(|e| vec![toml_error(text, &e)])?;
        let mut errors = Vec::new();
        let mut key_pos = BTreeMap::new();
        let brands = raw
            .brands
            .into_iter()
            .map(|(id, b)| {
                let pos = Pos::of_offset(text, id.span().start);
                key_pos.insert(format!("brands.{}", id.get_ref()), pos);
                check_brand(text, id.get_ref(), pos, &b, &mut errors);
                Brand {
                    id: id.into_inner(),
                    base_url: b.base_url.get_ref().trim_end_matches('/').to_string(),
                    locales: b.locales.map(|l| l.into_inner()),
                    vars: b.vars,
                    locale_vars: b.locale_vars,
                    deploy_url: b.deploy_url,
                }
            })
            .collect();
        let locales = raw
            .locales
            .into_iter()
            .map(|(k, v)| {
                key_pos.insert(format!("locales.{}", k.get_ref()), Pos::of_offset(text, k.span().start));
                (k.into_inner(), v)
            })
            .collect();
        key_pos.insert("default_locale".into(), Pos::of_offset(text, raw.default_locale.span().start));
        if let Some(theme) = &raw.theme {
            key_pos.insert("theme".into(), Pos::of_offset(text, theme.span().start));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            path,
            title: raw.title.unwrap_or_else(|| "Legal Center".into()),
            default_locale: raw.default_locale.into_inner(),
            theme: raw.theme.map_or_else(|| "default".into(), Spanned::into_inner),
            output_dir: raw.output_dir.unwrap_or_else(|| "public".into()),
            markdown: raw.markdown,
            vars: raw.vars,
            locales,
            brands,
            deploy: raw.deploy,
            versions: raw.versions,
            key_pos,
            source: text.to_string(),
        })
    }

    /// The brands whose settings differ between `self` and `other`, when nothing but brands
    /// differs (and the same brands exist); `None` when anything else changed.
    pub fn changed_brands(&self, other: &Config) -> Option<Vec<String>> {
        let same_site = self.title == other.title
            && self.default_locale == other.default_locale
            && self.theme == other.theme
            && self.markdown == other.markdown
            && self.vars == other.vars
            && self.locales == other.locales;
        let same_ids = self.brands.iter().map(|b| &b.id).eq(other.brands.iter().map(|b| &b.id));
        (same_site && same_ids).then(|| {
            self.brands.iter().zip(&other.brands).filter(|(a, b)| a != b).map(|(a, _)| a.id.clone()).collect()
        })
    }

    /// The position of a key recorded while parsing, for errors found later.
    pub fn pos_of(&self, key: &str) -> Pos {
        self.key_pos.get(key).copied().unwrap_or(Pos::new(1, 1))
    }

    pub fn brand(&self, id: &str) -> Option<&Brand> {
        self.brands.iter().find(|b| b.id == id)
    }

    /// The brand `id` stands for.
    pub fn brand_at(&self, id: BrandId) -> &Brand {
        &self.brands[id.0]
    }

    /// Every brand with its id, in the order of site.toml (sorted by id).
    pub fn brand_ids(&self) -> impl Iterator<Item = (BrandId, &Brand)> {
        self.brands.iter().enumerate().map(|(i, b)| (BrandId(i), b))
    }

    /// The fallback of a locale: its `fallback`, else the default locale (none for the default).
    pub fn fallback_of(&self, locale: &str) -> Option<String> {
        if let Some(f) = self.locales.get(locale).and_then(|l| l.fallback.as_ref()) {
            return Some(f.get_ref().clone());
        }
        (locale != self.default_locale).then(|| self.default_locale.clone())
    }

    /// [`Config::vars_for`] in each of `locales`, by locale.
    pub fn vars_by_locale<'t>(
        &self,
        brand: &Brand,
        locales: impl IntoIterator<Item = &'t str>,
    ) -> ValuesByLocale {
        locales.into_iter().map(|l| (l.to_string(), self.vars_for(brand, l))).collect()
    }

    /// The value of every placeholder for `brand` in text written in `locale`.
    pub fn vars_for(&self, brand: &Brand, locale: &str) -> BTreeMap<String, String> {
        let layers = [
            Some(&self.vars),
            self.locales.get(locale).map(|l| &l.vars),
            Some(&brand.vars),
            brand.locale_vars.get(locale),
        ];
        let mut out = BTreeMap::new();
        for layer in layers.into_iter().flatten() {
            for (k, v) in layer {
                out.insert(k.clone(), v.0.clone());
            }
        }
        out
    }
}

/// A brand id is `[a-z0-9][a-z0-9-]*`; its base URL is absolute http(s).
fn check_brand(text: &str, id: &str, pos: Pos, b: &BrandConfig, errors: &mut Vec<Diagnostic>) {
    if !is_brand_id(id) {
        errors.push(
            Diagnostic::error(Kind::InvalidBrandId, format!("brand id `{id}` is not valid"))
                .in_file(CONFIG_FILE)
                .at(pos)
                .help("a brand id is lowercase letters, digits and `-`, starting with a letter or digit, e.g. `acme-cloud`"),
        );
    }
    let url = b.base_url.get_ref();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
        errors.push(
            Diagnostic::error(
                Kind::InvalidBaseUrl,
                format!("brands.{id}.base_url `{url}` is not an absolute http(s) URL"),
            )
            .in_file(CONFIG_FILE)
            .at(Pos::of_offset(text, b.base_url.span().start))
            .help("write the brand's public origin, e.g. `https://legal.acme.example`"),
        );
    }
}

pub fn is_brand_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A TOML parse or shape error as a diagnostic at its line and column.
pub fn toml_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let pos = e.span().map(|s| Pos::of_offset(text, s.start)).unwrap_or(Pos::new(1, 1));
    let message = e.message().trim().to_string();
    let kind = if message.contains("unknown field") { Kind::UnknownConfigKey } else { Kind::InvalidToml };
    let d = Diagnostic::error(kind, message).in_file(CONFIG_FILE).at(pos);
    match kind {
        Kind::UnknownConfigKey => {
            d.help("remove the key or correct its spelling; SPEC §2 lists the keys site.toml takes")
        }
        _ => d.help("fix the TOML syntax or the value's type at this place"),
    }
}
