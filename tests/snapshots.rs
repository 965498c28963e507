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

#[test]
fn version_pages_and_redline() {
    let site = small_site();
    site.write(
        "content/en/legal/privacy@2030-01-01.md",
        &common::PRIVACY_EN
            .replace("effective_date = 2022-01-28", "summary = \"Mail answered within a week.\"")
            .replace("or write to {{supportMail}}.", "or write to {{supportMail}}; we answer within a week."),
    );
    site.run(&["build", "--as-of", "2025-01-01"]).ok();
    insta::assert_snapshot!("acme_en_versions", site.read("acme/en/legal/privacy/versions/index.html"));
    insta::assert_snapshot!(
        "acme_en_upcoming",
        site.read("acme/en/legal/privacy/versions/2030-01-01/index.html")
    );
    insta::assert_snapshot!(
        "acme_en_changes",
        site.read("acme/en/legal/privacy/changes/2030-01-01/index.html")
    );
    insta::assert_snapshot!("acme_en_feed", site.read("acme/en/changes.atom"));
}
