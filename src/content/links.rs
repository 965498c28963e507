//! Links between documents: a relative `.md` link becomes the relative URL of the target
//! page in the same brand and locale, a non-Markdown file the URL of its copy, and a link
//! that leads nowhere, or outside the locale folder, is an error with its position.

use crate::content::placeholders::Sentinels;
use crate::diag::Pos;
use std::fmt::Write;

/// What a relative link points at, as the site knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page, at this path below the locale root (`agreement/terms/`, or `` for the home).
    Page(String),
    /// A non-Markdown file copied to the same path below the locale root.
    Asset,
    Missing,
}

/// Where the file being rendered sits, and how to look up what it links to.
pub struct LinkEnv<'a> {
    /// The file's folder below its locale folder (`agreement`, or `` at the top).
    pub dir: &'a str,
    /// How many folders the page is below the locale root (a document in `agreement/` is
    /// at `agreement/<doc>/`: 2).
    pub page_depth: usize,
    /// Resolves a path below the locale root: `agreement/terms` (a document, without `.md`),
    /// `agreement/_index` (a section), or `agreement/figure.png` (a file).
    pub resolve: &'a (dyn Fn(&str) -> Target + Sync),
}

/// An internal link, kept so that `check` can verify its page and `#anchor` per brand.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// The target page's path below the locale root; `None` for a link into the same page.
    pub page: Option<String>,
    pub fragment: Option<String>,
    pub pos: Pos,
    pub written: String,
}

/// A `data:` URL of a raster image, which browsers never run.
pub fn is_data_image(url: &str) -> bool {
    let lower = url.trim_start().get(..16).unwrap_or("").to_ascii_lowercase();
    ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Whether a URL leaves the site or is absolute: then it is not rewritten.
fn is_external(url: &str) -> bool {
    let scheme_len = url.bytes().take_while(|b| b.is_ascii_alphanumeric() || b"+.-".contains(b)).count();
    let has_scheme =
        scheme_len > 0 && url.as_bytes()[0].is_ascii_alphabetic() && url[scheme_len..].starts_with(':');
    has_scheme || url.starts_with('/') || url.is_empty()
}

/// The rewritten URL of a relative link and what it points at; `Ok(None)` leaves it as is.
pub fn rewrite(
    url: &str,
    env: &LinkEnv<'_>,
    sentinels: &Sentinels,
) -> Result<Option<(String, Option<LinkRef>)>, String> {
    if let Some(fragment) = url.strip_prefix('#') {
        return Ok(Some((url.to_string(), Some(LinkRef::new(url, None, Some(fragment))))));
    }
    // A URL that starts with a placeholder is the value's to decide (`{{consoleURL}}/x`);
    // a relative path with one inside could lead anywhere, per brand, and is not checked.
    match sentinels.next_in(url, 0) {
        _ if is_external(url) => return Ok(None),
        Some((0, _, _)) => return Ok(None),
        Some(_) => {
            let written = sentinels.to_template(url).source_text();
            return Err(format!(
                "the relative link `{written}` holds a placeholder; relative links must name a file"
            ));
        }
        None => {}
    }
    let parts = UrlParts::of(url);
    let joined =
        join(env.dir, parts.path).ok_or_else(|| format!("link `{url}` leads outside the locale folder"))?;
    let up = "../".repeat(env.page_depth);
    let (new_path, page) = match (env.resolve)(joined.strip_suffix(".md").unwrap_or(&joined)) {
        Target::Page(page) => (format!("{up}{page}index.html"), Some(page)),
        Target::Asset if !parts.path.ends_with(".md") => (format!("{up}{joined}"), None),
        _ => return Err(format!("link `{url}` points to `{joined}`, which does not exist")),
    };
    let link = page.map(|p| LinkRef::new(url, Some(p), parts.fragment));
    Ok(Some((parts.with_path(&new_path), link)))
}

impl LinkRef {
    fn new(written: &str, page: Option<String>, fragment: Option<&str>) -> LinkRef {
        LinkRef {
            page,
            fragment: fragment.map(str::to_string),
            pos: Pos::default(),
            written: written.to_string(),
        }
    }
}

/// A relative URL cut into its path, query and fragment.
struct UrlParts<'u> {
    path: &'u str,
    query: Option<&'u str>,
    fragment: Option<&'u str>,
}

impl<'u> UrlParts<'u> {
    fn of(url: &'u str) -> UrlParts<'u> {
        let (rest, fragment) = url.split_once('#').map_or((url, None), |(p, f)| (p, Some(f)));
        let (path, query) = rest.split_once('?').map_or((rest, None), |(p, q)| (p, Some(q)));
        UrlParts { path, query, fragment }
    }

    /// The URL with another path, query and fragment kept.
    fn with_path(&self, path: &str) -> String {
        let mut out = path.to_string();
        if let Some(q) = self.query {
            let _ = write!(out, "?{q}");
        }
        if let Some(f) = self.fragment {
            let _ = write!(out, "#{f}");
        }
        out
    }
}

/// `dir/path` with `.` and `..` resolved; `None` when it climbs above the locale root.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}
