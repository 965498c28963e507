//! `sitemap.xml` and `robots.txt` of a brand: every page that is its own canonical, with its
//! `hreflang` alternates as `xhtml:link` entries.

use crate::render::pages::BrandView;
use crate::site::plan::LocalePlan;
use std::fmt::Write;

/// The sitemap of one brand, written into `out`. Fallback pages and the page of a current
/// version are left out: their canonical is elsewhere.
pub fn sitemap(view: &BrandView<'_>, plans: &[LocalePlan], out: &mut String) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    // A page's alternates are the same in every locale: write them once per path.
    let mut links: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for lp in plans {
        for p in lp.pages.iter().filter(|p| p.is_own_canonical()) {
            let _ = writeln!(out, "<url>\n<loc>{}</loc>", xml_escape(&view.canonical(&lp.locale, &p.key)));
            out.push_str(links.entry(&p.key).or_insert_with(|| alternate_links(view, &p.key)));
            out.push_str("</url>\n");
        }
    }
    out.push_str("</urlset>\n");
}

/// The `xhtml:link` lines of a page path.
fn alternate_links(view: &BrandView<'_>, key: &str) -> String {
    let mut out = String::new();
    for a in &view.alternates(key) {
        let (lang, href) = (xml_escape(&a.hreflang), xml_escape(&a.href));
        let _ = writeln!(out, "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>");
    }
    out
}

/// `robots.txt`, naming the sitemap.
pub fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base_url}/sitemap.xml\n")
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::content::fill::escape_html(&mut out, s);
    out
}
