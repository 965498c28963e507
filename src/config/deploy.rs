//! `[deploy]` in site.toml, as written: where `clause deploy` puts each brand, how many
//! deletes it may make, and the `Cache-Control` rules. Read strictly (unknown keys are errors
//! with their line, like the rest of site.toml); every value keeps its span so that
//! `deploy::settings` can check it (URL, `{brand}`, glob, sign) and name the line. Nothing
//! here reaches a network: credentials and endpoints are never read from site.toml.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    /// The place of every brand without its own `deploy_url`; holds `{brand}`.
    pub url: Option<Spanned<String>>,
    /// Signed, so that a negative value is reported as such rather than as a type error.
    pub max_deletes: Option<Spanned<i64>>,
    #[serde(default)]
    pub headers: Vec<HeaderRuleConfig>,
}

/// One `[[deploy.headers]]` table: the first whose pattern matches a file's path wins.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRuleConfig {
    pub pattern: Spanned<String>,
    pub cache_control: Spanned<String>,
}
