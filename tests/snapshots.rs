//! Snapshots of rendered pages: any change to what a reader gets shows up in review.

mod common;
use common::*;

#[test]
fn document_page() {
    let site = small_site();
    site.build().ok();
    insta::assert_snapshot!("acme_en_privacy", site.read("acme/en/legal/privacy/index.html"));
}

#[test]
fn translated_and_fallback_pages() {
    let site = small_site();
    site.build().ok();
    insta::assert_snapshot!("acme_zh_privacy", site.read("acme/zh-CN/legal/privacy/index.html"));
    insta::assert_snapshot!("acme_zh_terms_fallback", site.read("acme/zh-CN/legal/terms/index.html"));
}

#[test]
fn listings_sitemap_and_404() {
    let site = small_site();
    site.build().ok();
    insta::assert_snapshot!("acme_en_home", site.read("acme/en/index.html"));
    insta::assert_snapshot!("acme_en_section", site.read("acme/en/legal/index.html"));
    insta::assert_snapshot!("acme_sitemap", site.read("acme/sitemap.xml"));
    insta::assert_snapshot!("beta_404", site.read("beta/404.html"));
}
