//! The HTTP headers each uploaded file gets: `Content-Type` from its extension (the
//! `mime_guess` crate's table, not one of our own), with `charset=utf-8` on text, and
//! `Cache-Control` from the first `[[deploy.headers]]` rule whose glob matches the file's
//! path in the brand, else the defaults of SPEC §7. It decides headers; it uploads nothing.

use crate::config::deploy::HeaderRuleConfig;
use crate::config::settings::CONFIG_FILE;
use crate::diag::{Diagnostic, Kind, Pos};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// The headers of one object. Both are part of what a deploy compares: a changed rule
/// re-uploads the files it touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: String,
    pub cache_control: String,
}

/// Cache-Control for HTML, XML, JSON and text: caches must ask before reusing a copy.
pub const NO_CACHE: &str = "no-cache";
/// Cache-Control for everything else (images, fonts, PDFs …).
pub const ONE_HOUR: &str = "public, max-age=3600";

/// The `[[deploy.headers]]` rules, compiled.
#[derive(Debug, Clone)]
pub struct HeaderRules {
    globs: GlobSet,
    cache_control: Vec<String>,
}

impl HeaderRules {
    /// Compiles every rule; every bad glob or header value is reported, with its line.
    pub fn compile(rules: &[HeaderRuleConfig], text: &str) -> Result<HeaderRules, Vec<Diagnostic>> {
        let mut builder = GlobSetBuilder::new();
        let mut errors = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            // `*` stays within a folder, `**` crosses folders, as in .gitignore.
            match GlobBuilder::new(rule.pattern.get_ref()).literal_separator(true).build() {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => errors.push(bad_glob(text, i, rule, &e)),
            }
            if let Some(why) = bad_header_value(rule.cache_control.get_ref()) {
                errors.push(bad_cache_control(text, i, rule, why));
            }
        }
        let globs = builder.build().map_err(|e| {
            vec![Diagnostic::error(
                Kind::InvalidDeployHeader,
                format!("the [[deploy.headers]] patterns cannot be compiled: {e}"),
            )
            .in_file(CONFIG_FILE)]
        })?;
        if !errors.is_empty() {
            return Err(errors);
        }
        let cache_control = rules.iter().map(|r| r.cache_control.get_ref().trim().to_string()).collect();
        Ok(HeaderRules { globs, cache_control })
    }

    /// The headers of the file at `path` (relative to the brand's folder, `/`-separated).
    pub fn headers_for(&self, path: &str) -> Headers {
        let essence = mime_guess::from_path(path).first_or_octet_stream().essence_str().to_string();
        let text = is_text(&essence);
        let content_type = if text { format!("{essence}; charset=utf-8") } else { essence };
        let rule = self.globs.matches(path).into_iter().min();
        let cache_control = match rule {
            Some(i) => self.cache_control[i].clone(),
            None if text => NO_CACHE.to_string(),
            None => ONE_HOUR.to_string(),
        };
        Headers { content_type, cache_control }
    }
}

/// Text a browser decodes: `text/*`, JSON, XML and JavaScript, and the `+json`/`+xml` kinds
/// other than images (an SVG is an image, cached like one).
fn is_text(essence: &str) -> bool {
    let (top, sub) = essence.split_once('/').unwrap_or((essence, ""));
    top == "text"
        || (top == "application"
            && (matches!(sub, "json" | "xml" | "javascript" | "ecmascript")
                || sub.ends_with("+json")
                || sub.ends_with("+xml")))
}

/// Why `value` cannot be sent as an HTTP header value, if it cannot.
fn bad_header_value(value: &str) -> Option<&'static str> {
    if value.trim().is_empty() {
        return Some("it is empty");
    }
    let visible = |c: char| c == ' ' || c == '\t' || c.is_ascii_graphic();
    (!value.chars().all(visible)).then_some("it holds a character an HTTP header cannot carry")
}

fn bad_glob(text: &str, i: usize, rule: &HeaderRuleConfig, e: &globset::Error) -> Diagnostic {
    let kind = e.kind().to_string();
    Diagnostic::error(
        Kind::InvalidDeployHeader,
        format!("deploy.headers[{i}].pattern `{}` is not a valid glob: {kind}", rule.pattern.get_ref()),
    )
    .in_file(CONFIG_FILE)
    .at(Pos::of_offset(text, rule.pattern.span().start))
    .help("write a glob over the file's path in the brand, e.g. `**/*.html` or `assets/**`")
}

fn bad_cache_control(text: &str, i: usize, rule: &HeaderRuleConfig, why: &str) -> Diagnostic {
    Diagnostic::error(
        Kind::InvalidDeployHeader,
        format!("deploy.headers[{i}].cache_control `{}` cannot be sent: {why}", rule.cache_control.get_ref()),
    )
    .in_file(CONFIG_FILE)
    .at(Pos::of_offset(text, rule.cache_control.span().start))
    .help("write a Cache-Control value, e.g. `no-cache` or `public, max-age=86400, immutable`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(toml_text: &str) -> Result<HeaderRules, Vec<Diagnostic>> {
        #[derive(serde::Deserialize)]
        struct T {
            headers: Vec<HeaderRuleConfig>,
        }
        let t: T = toml::from_str(toml_text).unwrap();
        HeaderRules::compile(&t.headers, toml_text)
    }

    #[test]
    fn text_types_carry_a_charset_and_no_cache_by_default() {
        let r = rules("headers = []").unwrap();
        let page = r.headers_for("en/privacy/index.html");
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        assert_eq!(page.cache_control, NO_CACHE);
        assert_eq!(r.headers_for("sitemap.xml").cache_control, NO_CACHE);
        assert!(r.headers_for("sitemap.xml").content_type.ends_with("charset=utf-8"));
        let logo = r.headers_for("logo.png");
        assert_eq!((logo.content_type.as_str(), logo.cache_control.as_str()), ("image/png", ONE_HOUR));
        assert_eq!(r.headers_for("a.svg").cache_control, ONE_HOUR);
        assert_eq!(r.headers_for("noext").content_type, "application/octet-stream");
    }

    #[test]
    fn versions_as_data_is_json_in_utf8_never_cached_unasked() {
        let r = rules("headers = []").unwrap();
        for path in ["legal.json", "en/legal.json", "en/agreement/privacy/versions.json"] {
            let json = r.headers_for(path);
            assert_eq!(json.content_type, "application/json; charset=utf-8", "{path}");
            assert_eq!(json.cache_control, NO_CACHE, "{path}");
        }
        let fragment = r.headers_for("en/agreement/privacy/versions/2024-05-01/fragment.html");
        assert_eq!(
            (fragment.content_type.as_str(), fragment.cache_control.as_str()),
            ("text/html; charset=utf-8", NO_CACHE)
        );
    }

    #[test]
    fn the_first_matching_rule_wins_and_stars_stay_in_a_folder() {
        let text = "[[headers]]\npattern = \"*.css\"\ncache_control = \"max-age=60\"\n\
                    [[headers]]\npattern = \"**/*.css\"\ncache_control = \"immutable\"\n";
        let r = rules(text).unwrap();
        assert_eq!(r.headers_for("style.css").cache_control, "max-age=60");
        assert_eq!(r.headers_for("assets/style.css").cache_control, "immutable");
    }

    #[test]
    fn a_bad_glob_and_a_bad_value_name_their_lines() {
        let text = "[[headers]]\npattern = \"**/*.{html\"\ncache_control = \"no-cache\"\n\
                    [[headers]]\npattern = \"*.png\"\ncache_control = \"\"\n";
        let errors = rules(text).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("deploy.headers[0].pattern"), "{}", errors[0].message);
        assert_eq!(errors[1].line, Some(6));
    }
}
