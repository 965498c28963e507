//! Stage 1, configuration: takes `site.toml` and hands on a [`settings::Config`] (site,
//! markdown options, locales' metadata, brands and their values), resolved once into plain
//! structs, and what every later stage needs to know of locales ([`locale`]: BCP 47 tags,
//! CLDR names and dates, the [`locale::Locale`] with its fallback chain). It reads no content.

pub mod contrast;
pub mod deploy;
pub mod locale;
pub mod settings;
