//! What a run builds: the brands and locales named on the command line (`--brand`,
//! `--locale`, `--shard`) and the date it is built for. Names are checked here, once, with a
//! "did you mean", for every command that takes them (build, check, serve, deploy).

use crate::config::settings::{Brand, BrandId, Config};
use crate::content::frontmatter::Date;
use crate::diag::{did_you_mean, UsageError};
use crate::site::model::Site;

/// Which brands and locales a run builds.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Empty: every brand.
    pub brands: Vec<String>,
    /// Empty: every locale.
    pub locales: Vec<String>,
    /// `(k, n)`: the k-th (1-based) of n equal shares of the brands sorted by id.
    pub shard: Option<(usize, usize)>,
    /// The date the site is built for (`--as-of`); `None`: `SOURCE_DATE_EPOCH`'s, else today.
    pub as_of: Option<Date>,
}

/// The first of `ids` that names no brand of site.toml, as a usage error.
pub fn check_brand_ids(config: &Config, ids: &[String]) -> Result<(), UsageError> {
    let Some(id) = ids.iter().find(|id| config.brand(id).is_none()) else {
        return Ok(());
    };
    let known = config.brands.iter().map(|b| b.id.as_str());
    Err(UsageError(format!(
        "--brand {id}: no such brand in site.toml (brands: {}){}",
        config.brands.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join(", "),
        did_you_mean(id, known)
    )))
}

/// The first of `tags` that names no locale folder, as a usage error.
pub fn check_locale_tags(site: &Site, tags: &[String]) -> Result<(), UsageError> {
    let Some(tag) = tags.iter().find(|t| site.locale(t).is_none()) else {
        return Ok(());
    };
    let known = site.locales.iter().map(|l| l.tag.as_str());
    Err(UsageError(format!("--locale {tag}: no content/{tag}/ folder{}", did_you_mean(tag, known))))
}

/// The brands a selection builds, or a usage error.
pub fn select_brands(site: &Site, sel: &Selection) -> Result<Vec<BrandId>, UsageError> {
    check_brand_ids(&site.config, &sel.brands)?;
    check_locale_tags(site, &sel.locales)?;
    let mut chosen: Vec<BrandId> = site
        .config
        .brand_ids()
        .filter(|(_, b)| sel.brands.is_empty() || sel.brands.contains(&b.id))
        .map(|(id, _)| id)
        .collect();
    if let Some((k, n)) = sel.shard {
        let len = chosen.len();
        chosen = chosen[(k - 1) * len / n..k * len / n].to_vec();
    }
    Ok(chosen)
}

/// The locales a brand serves in this run.
pub fn brand_locales<'s>(site: &'s Site, brand: &Brand, sel: &Selection) -> Vec<&'s str> {
    site.locales
        .iter()
        .map(|l| l.tag.as_str())
        .filter(|t| brand.locales.as_ref().is_none_or(|ls| ls.iter().any(|l| l == t)))
        .filter(|t| sel.locales.is_empty() || sel.locales.iter().any(|l| l == t))
        .collect()
}
