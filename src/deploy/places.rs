//! `[deploy]` checked and resolved, once, before any store is reached: each brand's place
//! (its `deploy_url`, else `[deploy].url` with `{brand}` filled in), the delete guard and
//! the header rules. Every mistake (an unknown scheme, a malformed URL, a misspelt
//! `{brand}`, a bad glob, a negative `max_deletes`, two brands in one place) is an error
//! naming the key and its line, all reported together. Credentials are never read here.

use super::headers::HeaderRules;
use crate::config::settings::{Config, CONFIG_FILE};
use crate::diag::{Diagnostic, Kind, Pos};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// The guard when site.toml sets none.
pub const DEFAULT_MAX_DELETES: u64 = 256;

/// The schemes `deploy` can write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scheme {
    S3,
    Gcs,
    Azure,
    File,
}

/// A brand's place: a store (bucket or container, or the local file system) and a folder in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub scheme: Scheme,
    /// The bucket or container; empty for `file://`.
    pub bucket: String,
    /// The folder inside it, `/`-separated, without leading or trailing `/` (an absolute
    /// path without its leading `/` for `file://`).
    pub prefix: String,
}

impl Place {
    /// Whether one of the two places lies inside the other (a deploy of one would delete the other's files).
    fn overlaps(&self, other: &Place) -> bool {
        let inside = |a: &str, b: &str| a.is_empty() || b == a || b.starts_with(&format!("{a}/"));
        self.scheme == other.scheme
            && self.bucket == other.bucket
            && (inside(&self.prefix, &other.prefix) || inside(&other.prefix, &self.prefix))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scheme {
            Scheme::File => write!(f, "file:///{}", self.prefix),
            s => {
                let name = match s {
                    Scheme::S3 => "s3",
                    Scheme::Gcs => "gs",
                    _ => "az",
                };
                write!(f, "{name}://{}/{}", self.bucket, self.prefix)
            }
        }
    }
}

/// Everything a deploy needs from site.toml, checked.
#[derive(Debug, Clone)]
pub struct DeploySettings {
    /// The place of every brand that has one.
    pub places: BTreeMap<String, Place>,
    pub max_deletes: u64,
    pub rules: HeaderRules,
}

/// Checks `[deploy]` and every `deploy_url`; every error found is returned.
pub fn resolve(config: &Config) -> Result<DeploySettings, Vec<Diagnostic>> {
    let text = config.source.as_str();
    let mut errors = Vec::new();
    let shared =
        config.deploy.url.as_ref().and_then(|u| check_template(text, "deploy.url", u, true, &mut errors));
    let mut places = BTreeMap::new();
    for brand in &config.brands {
        if let Some((place, at)) = place_of(config, brand, shared.as_deref(), &mut errors) {
            if check_overlap(&places, &brand.id, &place, at, &mut errors) {
                places.insert(brand.id.clone(), place);
            }
        }
    }
    let max_deletes = max_deletes(config, &mut errors);
    let rules = HeaderRules::compile(&config.deploy.headers, text).map_err(|e| errors.extend(e)).ok();
    match rules {
        Some(rules) if errors.is_empty() => Ok(DeploySettings { places, max_deletes, rules }),
        _ => Err(errors),
    }
}

/// A brand's place and where site.toml names it: its own `deploy_url`, else the shared
/// `deploy.url` (`shared`, when that one is valid). `None` when it has none or it is wrong.
fn place_of(
    config: &Config,
    brand: &crate::config::settings::Brand,
    shared: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Option<(Place, Pos)> {
    let text = config.source.as_str();
    let own_key = format!("brands.{}.deploy_url", brand.id);
    let (key, url, span) = match (&brand.deploy_url, shared, &config.deploy.url) {
        (Some(own), _, _) => {
            (own_key.as_str(), check_template(text, &own_key, own, false, errors)?, own.span())
        }
        (None, Some(t), Some(u)) => ("deploy.url", t.to_string(), u.span()),
        _ => return None,
    };
    let filled = url.replace("{brand}", &brand.id);
    let at = Pos::of_offset(text, span.start);
    match parse_place(&filled) {
        Ok(place) => Some((place, at)),
        Err(why) => {
            errors.push(bad_url(key, &filled, &why, at));
            None
        }
    }
}

/// `url` if its only placeholder is `{brand}` (and, for the shared `deploy.url`, it has it).
fn check_template(
    text: &str,
    key: &str,
    url: &Spanned<String>,
    needs_brand: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let value = url.get_ref();
    let at = Pos::of_offset(text, url.span().start);
    let unknown = value.replace("{brand}", "");
    if let Some(start) = unknown.find(['{', '}']) {
        let bad: String = unknown[start..].chars().take_while(|&c| c != '/').collect();
        errors.push(
            Diagnostic::error(Kind::InvalidDeployUrl, format!("{key} `{value}` has `{bad}`, which is not `{{brand}}`"))
                .in_file(CONFIG_FILE)
                .at(at)
                .help("the only placeholder in a deploy URL is `{brand}`, the brand's id, e.g. `s3://legal-sites/{brand}`"),
        );
        return None;
    }
    if needs_brand && !value.contains("{brand}") {
        errors.push(
            Diagnostic::error(Kind::InvalidDeployUrl, format!("{key} `{value}` has no `{{brand}}`: every brand would go to one place"))
                .in_file(CONFIG_FILE)
                .at(at)
                .help("put `{brand}` where each brand's folder goes, e.g. `s3://legal-sites/{brand}`, or give each brand its own `deploy_url`"),
        );
        return None;
    }
    Some(value.clone())
}

/// The place a filled-in URL names, or why it names none.
pub fn parse_place(url: &str) -> Result<Place, String> {
    // Checked on the text: the URL parser resolves `..` away.
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    if after_scheme
        .split('/')
        .any(|s| matches!(s.to_ascii_lowercase().as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."))
    {
        return Err("its path has `.` or `..` segments".into());
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("it is not a URL ({e})"))?;
    let scheme = match parsed.scheme() {
        "s3" => Scheme::S3,
        "gs" => Scheme::Gcs,
        "az" => Scheme::Azure,
        "file" => Scheme::File,
        other => return Err(format!("`{other}://` is not a scheme deploy writes to")),
    };
    if parsed.query().is_some()
        || parsed.fragment().is_some()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return Err("it has a query, a fragment or credentials, which a place cannot have".into());
    }
    let path = percent_encoding::percent_decode_str(parsed.path())
        .decode_utf8()
        .map_err(|_| "its path is not UTF-8".to_string())?;
    let prefix = path.trim_matches('/').to_string();
    let bucket = parsed.host_str().unwrap_or_default().to_string();
    match scheme {
        Scheme::File if !bucket.is_empty() && bucket != "localhost" => {
            Err("a file:// URL needs an absolute path, e.g. `file:///srv/legal/{brand}`".into())
        }
        Scheme::File if prefix.is_empty() => Err("a file:// URL cannot be the file system's root".into()),
        Scheme::File => Ok(Place { scheme, bucket: String::new(), prefix }),
        _ if bucket.is_empty() => Err("it names no bucket or container".into()),
        _ => Ok(Place { scheme, bucket, prefix }),
    }
}

fn bad_url(key: &str, url: &str, why: &str, at: Pos) -> Diagnostic {
    Diagnostic::error(
        Kind::InvalidDeployUrl,
        format!("{key} `{url}` is not a place deploy can write to: {why}"),
    )
    .in_file(CONFIG_FILE)
    .at(at)
    .help("write s3://BUCKET/FOLDER, gs://BUCKET/FOLDER, az://CONTAINER/FOLDER or file:///ABSOLUTE/PATH")
}

/// Whether `place` is clear of every place already taken; pushes the error when it is not.
fn check_overlap(
    taken: &BTreeMap<String, Place>,
    id: &str,
    place: &Place,
    at: Pos,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    let Some((other, theirs)) = taken.iter().find(|(_, p)| p.overlaps(place)) else {
        return true;
    };
    errors.push(
        Diagnostic::error(
            Kind::OverlappingDeployPlaces,
            format!("brand `{id}` would deploy to {place}, which overlaps brand `{other}`'s {theirs}"),
        )
        .in_file(CONFIG_FILE)
        .at(at)
        .help("give each brand a place of its own (a deploy deletes what its brand does not have)"),
    );
    false
}

fn max_deletes(config: &Config, errors: &mut Vec<Diagnostic>) -> u64 {
    let Some(n) = &config.deploy.max_deletes else {
        return DEFAULT_MAX_DELETES;
    };
    u64::try_from(*n.get_ref()).unwrap_or_else(|_| {
        errors.push(
            Diagnostic::error(Kind::InvalidMaxDeletes, format!("deploy.max_deletes is {}, which is negative", n.get_ref()))
                .in_file(CONFIG_FILE)
                .at(Pos::of_offset(&config.source, n.span().start))
                .help("write how many objects a deploy may delete at most, e.g. `max_deletes = 256` (0 forbids deletes)"),
        );
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_parsed_per_scheme() {
        let p = parse_place("s3://legal/sites/acme/").unwrap();
        assert_eq!((p.scheme, p.bucket.as_str(), p.prefix.as_str()), (Scheme::S3, "legal", "sites/acme"));
        assert_eq!(p.to_string(), "s3://legal/sites/acme");
        assert_eq!(parse_place("file:///srv/www/acme").unwrap().prefix, "srv/www/acme");
        assert_eq!(parse_place("gs://b").unwrap().prefix, "");
        assert!(parse_place("ftp://x/y").unwrap_err().contains("ftp://"));
        assert!(parse_place("s3:///nobucket").is_err());
        assert!(parse_place("file://relative/path").is_err());
        assert!(parse_place("not a url").is_err());
        assert!(parse_place("s3://b/../x").is_err());
    }

    #[test]
    fn nested_places_overlap_but_siblings_do_not() {
        let p = |u: &str| parse_place(u).unwrap();
        assert!(p("s3://b/").overlaps(&p("s3://b/acme")));
        assert!(p("s3://b/acme").overlaps(&p("s3://b/acme/x")));
        assert!(!p("s3://b/acme").overlaps(&p("s3://b/acme-eu")));
        assert!(!p("s3://b/acme").overlaps(&p("gs://b/acme")));
    }
}
