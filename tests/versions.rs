//! Version history (SPEC §6) on a portal of its own: two brands with hostile values, four
//! locales (one with a fallback chain), an archived, a current and an upcoming version of a
//! privacy policy, a translation of one version only, and a document with one dated file.
//! Every page of §6 with its links, canonicals, hreflang, notices and dates; the redline's
//! exact marks; roles moving with `--as-of`; `SOURCE_DATE_EPOCH`; the Atom feed; and each
//! bad input as an error with file, line and column.

mod common;
use common::*;

const SITE: &str = r#"title = "{{channelName}} Legal"
default_locale = "en"

[locales.de-AT]
fallback = "de"

[brands.acme]
base_url = "https://legal.acme.example"
[brands.acme.vars]
channelName = "Acme <script>alert(1)</script> & \"Co\""
supportMail = "legal@acme.example"

[brands.zeta]
base_url = "https://zeta.example/legal"
locales = ["en", "fr"]
[brands.zeta.vars]
channelName = "Zeta *Cloud*"
supportMail = "x@zeta.example?a=<b>"
"#;

const V2020: &str = "+++\ntitle = \"{{channelName}} Privacy\"\nsummary = \"First version for {{channelName}}.\"\n+++\n\n## 1. Scope\n\n1.1 This policy covers {{channelName}}; see [the cookie notice](cookies.md) and ![a figure](figure.png).\n\n1.2 We keep logs for 30 days.\n\n## 2. Contact\n\n2.1 Write to {{supportMail}}.\n";
const V2024: &str = "+++\ntitle = \"{{channelName}} Privacy\"\neffective_date = 2024-01-01\nsummary = \"Logs are kept longer; a clause on transfers.\"\n+++\n\n## 1. Scope\n\n1.1 This policy covers {{channelName}}; see [the cookie notice](cookies.md) and ![a figure](figure.png).\n\n1.2 We keep logs for 90 days.\n\n## 2. Contact\n\n2.1 Write to {{supportMail}}.\n\n2.2 Transfers abroad need your consent.\n";
const V2030: &str = "+++\ntitle = \"{{channelName}} Privacy\"\nsummary = \"Drops the contact by mail.\"\n+++\n\n## 1. Scope\n\n1.1 This policy covers {{channelName}}; see [the cookie notice](cookies.md) and ![a figure](figure.png).\n\n1.2 We keep logs for 90 days.\n\n## 2. Contact\n\n2.2 Transfers abroad need your consent.\n";
const DE2024: &str = "+++\ntitle = \"{{channelName}} Datenschutz\"\neffective_date = 2024-01-01\nsummary = \"Längere Speicherung.\"\n+++\n\n## 1. Geltung\n\n1.1 Gilt für {{channelName}}.\n\n1.2 Wir speichern Protokolle 90 Tage.\n\n## 2. Kontakt\n\n2.1 Schreiben Sie an {{supportMail}}.\n\n2.2 Übermittlungen ins Ausland brauchen Ihre Zustimmung.\n";

fn portal() -> Fixture {
    Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/legal/privacy@2020-05-01.md", V2020),
        ("content/en/legal/privacy.md", V2024),
        ("content/en/legal/privacy@2030-01-01.md", V2030),
        ("content/de/legal/privacy.md", DE2024),
        ("content/fr/legal/.keep", ""),
        ("content/de-AT/legal/.keep", ""),
        ("content/en/legal/figure.png", "png"),
        ("content/en/legal/cookies@2021-01-01.md", "+++\ntitle = \"Cookies\"\n+++\n\nNone.\n"),
    ])
}

fn build_as_of(site: &Fixture, date: &str) -> String {
    site.run(&["build", "--as-of", date]).ok()
}

const DOC: &str = "acme/en/legal/privacy";

#[test]
fn every_page_of_a_versioned_document_exists_for_every_brand_and_locale() {
    let site = portal();
    let summary = build_as_of(&site, "2025-06-01");
    assert!(summary.contains("next version change on 2030-01-01"), "{summary}");
    let manifest: serde_json::Value = serde_json::from_str(&site.read("manifest.json")).unwrap();
    assert_eq!(manifest["next_change"], "2030-01-01");
    for (brand, locales) in [("acme", vec!["en", "de", "fr", "de-AT"]), ("zeta", vec!["en", "fr"])] {
        for l in locales {
            let doc = format!("{brand}/{l}/legal/privacy");
            for page in [
                "",
                "versions/",
                "versions/2020-05-01/",
                "versions/2024-01-01/",
                "versions/2030-01-01/",
                "changes/2024-01-01/",
                "changes/2030-01-01/",
            ] {
                assert!(site.exists(&format!("{doc}/{page}index.html")), "{doc}/{page}");
            }
            assert!(
                !site.exists(&format!("{doc}/changes/2020-05-01/index.html")),
                "the first version has nothing before it"
            );
            assert!(site.exists(&format!("{brand}/{l}/changes.atom")));
            assert!(site
                .read(&format!("{doc}/index.html"))
                .contains(&format!("href=\"../../../{l}/changes.atom\"")));
        }
    }
    // A document whose only file is dated has one version: a plain page.
    assert!(site.exists("acme/en/legal/cookies/index.html"));
    assert!(!site.exists("acme/en/legal/cookies/versions/index.html"));
}

#[test]
fn the_document_page_shows_the_version_in_force_and_announces_the_next() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    let page = site.read(&format!("{DOC}/index.html"));
    assert!(page.contains("We keep logs for 90 days."), "the current version's text");
    assert!(page.contains("<time datetime=\"2024-01-01\">Effective January 1, 2024</time>"), "{page}");
    assert!(page.contains("href=\"../../../en/legal/privacy/versions/index.html\">Version history</a>"));
    assert!(page.contains("A new version takes effect on January 1, 2030."));
    assert!(page
        .contains("href=\"../../../en/legal/privacy/versions/2030-01-01/index.html\">Read the new version"));
    assert!(
        page.contains("href=\"../../../en/legal/privacy/changes/2030-01-01/index.html\">See what changes")
    );
    assert!(page.contains("<link rel=\"canonical\" href=\"https://legal.acme.example/en/legal/privacy/\">"));
    // The German page carries its own translation of the current version.
    let de = site.read("acme/de/legal/privacy/index.html");
    assert!(
        de.contains("Wir speichern Protokolle 90 Tage.") && de.contains("Gültig ab 1. Januar 2024"),
        "{de}"
    );
}

#[test]
fn version_pages_say_when_they_were_and_will_be_in_force() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    let archived = site.read(&format!("{DOC}/versions/2020-05-01/index.html"));
    assert!(
        archived.contains("This version was in force from May 1, 2020 until January 1, 2024."),
        "{archived}"
    );
    assert!(archived.contains("We keep logs for 30 days."));
    assert!(
        archived.contains("href=\"../../../../../en/legal/privacy/index.html\">Read the version in force")
    );
    assert!(archived.contains(
        "<link rel=\"canonical\" href=\"https://legal.acme.example/en/legal/privacy/versions/2020-05-01/\">"
    ));
    let upcoming = site.read(&format!("{DOC}/versions/2030-01-01/index.html"));
    assert!(upcoming.contains("This version takes effect on January 1, 2030. Until then the version of January 1, 2024 applies."), "{upcoming}");
    let current = site.read(&format!("{DOC}/versions/2024-01-01/index.html"));
    assert!(
        current.contains("<link rel=\"canonical\" href=\"https://legal.acme.example/en/legal/privacy/\">"),
        "the current version's canonical is the document"
    );
    let sitemap = site.read("acme/sitemap.xml");
    assert!(sitemap.contains("<loc>https://legal.acme.example/en/legal/privacy/versions/2020-05-01/</loc>"));
    assert!(!sitemap.contains("<loc>https://legal.acme.example/en/legal/privacy/versions/2024-01-01/</loc>"));
}

#[test]
fn hreflang_of_a_version_names_the_locales_that_translated_that_version() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    // The `<link rel="alternate">` of the head only: the locale switcher's links carry
    // `hreflang` too, and name every locale of the brand whatever it translated.
    let link = regex::Regex::new(r#"<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">"#).unwrap();
    let alternates = |page: &str| -> Vec<(String, String)> {
        link.captures_iter(&site.read(page)).map(|c| (c[1].to_string(), c[2].to_string())).collect()
    };
    let at = |l: &str, date: &str| format!("https://legal.acme.example/{l}/legal/privacy/versions/{date}/");
    let pair = |tag: &str, l: &str, date: &str| (tag.to_string(), at(l, date));
    for l in ["en", "de", "fr", "de-AT"] {
        // Only de translated the 2024 version; fr and de-AT show it from another locale.
        assert_eq!(
            alternates(&format!("acme/{l}/legal/privacy/versions/2024-01-01/index.html")),
            [
                pair("de", "de", "2024-01-01"),
                pair("en", "en", "2024-01-01"),
                pair("x-default", "en", "2024-01-01")
            ],
            "{l}"
        );
        // de has no 2020 or 2030 version of its own.
        for date in ["2020-05-01", "2030-01-01"] {
            assert_eq!(
                alternates(&format!("acme/{l}/legal/privacy/versions/{date}/index.html")),
                [pair("en", "en", date), pair("x-default", "en", date)],
                "{l} {date}"
            );
        }
    }
    let fallback = site.read("acme/de-AT/legal/privacy/versions/2024-01-01/index.html");
    assert!(
        fallback.contains("<link rel=\"canonical\" href=\"https://legal.acme.example/de/legal/privacy/\">"),
        "the current version, built from de: {fallback}"
    );
    let archived = site.read("acme/de-AT/legal/privacy/versions/2020-05-01/index.html");
    assert!(archived.contains("<link rel=\"canonical\" href=\"https://legal.acme.example/en/legal/privacy/versions/2020-05-01/\">"), "built from en: {archived}");
}

#[test]
fn the_redline_marks_exactly_the_words_that_changed() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    let page = site.read(&format!("{DOC}/changes/2024-01-01/index.html"));
    // Every mark of the page, in order: 30 → 90 in clause 1.2, and the added clause 2.2
    // (its number and its text each a run of their own; its own § link is no text of the
    // clause, so it is not announced as inserted). Nothing else.
    assert_eq!(
        redline_marks(&page),
        vec![
            ("del", "30".to_string()),
            ("ins", "90".to_string()),
            ("ins", "2.2".to_string()),
            ("ins", " Transfers abroad need your consent.".to_string()),
        ],
        "{page}"
    );
    assert!(page.contains("We keep logs for <del><span class=\"visually-hidden\">deleted: </span>30</del><ins><span class=\"visually-hidden\">inserted: </span>90</ins> days."), "{page}");
    assert!(page.contains("<p id=\"clause-2.2\" class=\"clause block-added\">"), "{page}");
    // The clause list links each clause in the version that has it.
    assert!(
        page.contains(
            "href=\"../../../../../en/legal/privacy/versions/2024-01-01/index.html#clause-2.2\">§ 2.2</a>"
        ),
        "{page}"
    );
    assert!(page.contains(
        "href=\"../../../../../en/legal/privacy/versions/2024-01-01/index.html#clause-1.2\">§ 1.2</a>"
    ));
    let removed = site.read(&format!("{DOC}/changes/2030-01-01/index.html"));
    assert_eq!(
        redline_marks(&removed),
        vec![("del", "2.1".to_string()), ("del", " Write to legal@acme.example.".to_string())],
        "{removed}"
    );
    assert!(removed.contains("class=\"block-removed\""), "{removed}");
    assert!(
        removed.contains(
            "href=\"../../../../../en/legal/privacy/versions/2024-01-01/index.html#clause-2.1\">§ 2.1</a>"
        ),
        "a removed clause links the version that had it"
    );
    assert_eq!(removed.matches("id=\"clause-2.1\"").count(), 0, "a removed block keeps no id");
    assert_eq!(removed.matches("href=\"#clause-2.1\"").count(), 0, "nor a link to it");
}

#[test]
fn both_sides_of_a_redline_are_filled_and_no_value_is_markup() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    for page in [
        format!("{DOC}/changes/2030-01-01/index.html"),
        format!("{DOC}/versions/index.html"),
        "acme/en/changes.atom".to_string(),
    ] {
        let text = site.read(&page);
        assert!(!text.contains("<script>alert"), "{page}: a value read as markup");
        assert!(!text.contains("{{"), "{page}: a placeholder left");
        assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    }
    let zeta = site.read("zeta/en/legal/privacy/changes/2030-01-01/index.html");
    assert!(
        zeta.contains(
            "<del><span class=\"visually-hidden\">deleted: </span>x@zeta.example?a=&lt;b&gt;</del>"
        ) || zeta.contains("x@zeta.example?a=&lt;b&gt;"),
        "{zeta}"
    );
    assert!(!zeta.contains("<em>Cloud</em>"));
}

#[test]
fn a_later_build_date_moves_every_role() {
    let site = portal();
    build_as_of(&site, "2030-01-01");
    let page = site.read(&format!("{DOC}/index.html"));
    assert!(!page.contains("2.1 Write to"), "the 2030 version dropped 2.1");
    assert!(!page.contains("A new version takes effect"));
    let list = site.read(&format!("{DOC}/versions/index.html"));
    let roles: Vec<&str> = list
        .match_indices("class=\"version version-")
        .map(|(i, m)| list[i + m.len()..].split('"').next().unwrap())
        .collect();
    assert_eq!(roles, ["current", "archived", "archived"], "newest first");
    let manifest: serde_json::Value = serde_json::from_str(&site.read("manifest.json")).unwrap();
    assert!(manifest["next_change"].is_null());
    // Before every version, the earliest is shown with its notice.
    build_as_of(&site, "2019-01-01");
    let early = site.read(&format!("{DOC}/index.html"));
    assert!(
        early.contains("We keep logs for 30 days.")
            && early.contains("This version takes effect on May 1, 2020."),
        "{early}"
    );
}

#[test]
fn source_date_epoch_gives_the_same_bytes_as_its_date() {
    let site = portal();
    let run = |epoch: &str, out: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_clause"));
        cmd.args(["build", "--root"])
            .arg(site.root())
            .arg("--out")
            .arg(site.root().join(out))
            .env("SOURCE_DATE_EPOCH", epoch);
        assert!(cmd.output().unwrap().status.success());
        std::fs::read_to_string(site.root().join(out).join("manifest.json")).unwrap()
    };
    // 2030-01-01T12:00:00Z and 2030-01-01T23:00:00Z: the same day.
    let a = run("1893499200", "a");
    let b = run("1893538800", "b");
    assert_eq!(a, b);
    site.run(&["build", "--as-of", "2030-01-01", "--out", site.root().join("c").to_str().unwrap()]).ok();
    assert_eq!(a, std::fs::read_to_string(site.root().join("c/manifest.json")).unwrap());
}

#[test]
fn the_feed_is_atom_with_one_entry_per_version() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    let xml = site.read("acme/en/changes.atom");
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).expect("the feed parses as Atom");
    assert_eq!(feed.entries().len(), 3, "{xml}");
    let first = &feed.entries()[0];
    assert_eq!(first.id(), "https://legal.acme.example/en/legal/privacy/versions/2030-01-01/");
    assert_eq!(first.updated().to_rfc3339(), "2030-01-01T00:00:00+00:00");
    assert!(first
        .links()
        .iter()
        .any(|l| l.href() == "https://legal.acme.example/en/legal/privacy/changes/2030-01-01/"));
    assert_eq!(first.summary().map(|s| s.value.as_str()), Some("Drops the contact by mail."));
    assert!(
        first.title().value.contains("Acme <script>alert(1)</script> & \"Co\""),
        "the title holds the value as text"
    );
}

#[test]
fn check_warns_about_untranslated_versions_and_missing_summaries() {
    let site = portal();
    site.write(
        "content/en/legal/privacy@2020-05-01.md",
        &V2020.replace("summary = \"First version for {{channelName}}.\"\n", ""),
    );
    let out = site.run(&["check", "--as-of", "2025-06-01"]).stdout();
    assert!(out.contains("warning[missing-summary]: content/en/legal/privacy@2020-05-01.md"), "{out}");
    assert!(
        out.contains(
            "the version of 2030-01-01 (content/en/legal/privacy@2030-01-01.md) has no translation in de"
        ),
        "{out}"
    );
    assert!(
        !out.contains(
            "the version of 2020-05-01 (content/en/legal/privacy@2020-05-01.md) has no translation in de"
        ),
        "an archived version needs none"
    );
}

#[test]
fn every_relative_link_of_every_version_page_resolves() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    assert!(site
        .read(&format!("{DOC}/versions/2020-05-01/index.html"))
        .contains("href=\"../../../../legal/cookies/index.html\""));
    let re = regex::Regex::new(r##"(?:href|src)="([^"#]*)(#[^"]*)?""##).unwrap();
    let mut checked = 0;
    for brand in ["acme", "zeta"] {
        let dir = site.out().join(brand);
        for (path, html) in html_pages(&dir).into_iter().filter(|(p, _)| !p.ends_with("404.html")) {
            for cap in re.captures_iter(&html) {
                let url = &cap[1];
                if url.is_empty() || url.contains(':') {
                    continue;
                }
                let target = path.parent().unwrap().join(url);
                assert!(target.is_file(), "{}: {url} leads nowhere", path.display());
                assert!(std::fs::canonicalize(&target)
                    .unwrap()
                    .starts_with(std::fs::canonicalize(&dir).unwrap()));
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

/// Builds the portal, applies `change`, builds again: stderr, after checking exit 1 and an
/// untouched output (every file's bytes, no temporary file, marker or staging folder).
fn fails_after(change: impl FnOnce(&Fixture)) -> String {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    let before = Untouched::take(&site.out());
    change(&site);
    let stderr = site.run(&["build", "--as-of", "2025-06-01"]).failed();
    before.assert_same("after a failed build");
    stderr
}

#[test]
fn a_date_in_a_file_name_must_be_a_real_date() {
    let err = fails_after(|s| s.write("content/en/legal/privacy@2023-02-30.md", V2020));
    assert!(err.contains("error[invalid-version-date]: content/en/legal/privacy@2023-02-30.md:1:1: `2023-02-30` in this file name is not a real date"), "{err}");
}

#[test]
fn a_front_matter_date_may_not_contradict_the_name() {
    let err = fails_after(|s| {
        s.write(
            "content/en/legal/privacy@2020-05-01.md",
            &V2020.replace("+++\ntitle", "+++\neffective_date = 2020-06-01\ntitle"),
        )
    });
    assert!(err.contains("error[version-date-mismatch]: content/en/legal/privacy@2020-05-01.md:2:1: effective_date is 2020-06-01, but the file name says this version takes effect on 2020-05-01"), "{err}");
}

#[test]
fn two_versions_may_not_share_a_date() {
    let err = fails_after(|s| s.write("content/en/legal/privacy@2024-01-01.md", V2020));
    assert!(err.contains("error[duplicate-version]: content/en/legal/privacy@2024-01-01.md:1:1: this version takes effect on 2024-01-01, and so does content/en/legal/privacy.md"), "{err}");
}

#[test]
fn the_undated_version_needs_its_date_when_others_are_dated() {
    let err = fails_after(|s| {
        s.write("content/en/legal/privacy.md", &V2024.replace("effective_date = 2024-01-01\n", ""))
    });
    assert!(err.contains("error[missing-effective-date]: content/en/legal/privacy.md:2:1:"), "{err}");
}

#[test]
fn a_brand_version_of_a_document_the_brand_does_not_get_is_an_error() {
    let err = fails_after(|s| {
        s.write(
            "content/en/legal/privacy.md",
            &V2024.replace("+++\ntitle", "+++\nbrands = [\"zeta\"]\ntitle"),
        );
        s.write("content/en/legal/privacy@2031-01-01.acme.md", V2030);
    });
    assert!(
        err.contains("error[unshown-version]: content/en/legal/privacy@2031-01-01.acme.md:1:1:")
            && err.contains("content/en/legal/privacy.md"),
        "{err}"
    );
}

#[test]
fn as_of_must_be_a_date() {
    let site = portal();
    let run = site.run(&["build", "--as-of", "2023-02-30"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("`2023-02-30` is not a date"), "{}", run.stderr());
    assert!(!site.out().exists());
}

/// A removed block loses its id (no id repeats), so nothing in the redline may link to it:
/// every `#anchor` of a changes page names an id of that page.
#[test]
fn every_anchor_of_a_redline_names_an_id_of_the_page() {
    let site = portal();
    build_as_of(&site, "2025-06-01");
    let id = regex::Regex::new(r#"\sid="([^"]+)""#).unwrap();
    let anchor = regex::Regex::new(r##"href="#([^"]+)""##).unwrap();
    let mut checked = 0;
    for date in ["2024-01-01", "2030-01-01"] {
        let page = site.read(&format!("{DOC}/changes/{date}/index.html"));
        let ids: Vec<&str> = id.captures_iter(&page).map(|c| c.get(1).unwrap().as_str()).collect();
        for a in anchor.captures_iter(&page) {
            assert!(ids.contains(&&a[1]), "{date}: #{} leads nowhere in the page", &a[1]);
            checked += 1;
        }
    }
    assert!(checked > 5, "{checked}");
}

/// Every `<ins>` and `<del>` of a page in order, with its text (the words screen readers
/// hear before it left out).
fn redline_marks(page: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("<ins>").into_iter().chain(rest.find("<del>")).min() {
        let kind = if rest[at..].starts_with("<ins>") { "ins" } else { "del" };
        let body = &rest[at + 5..];
        let end = body.find(&format!("</{kind}>")).unwrap_or(body.len());
        out.push((kind, body[..end].split("</span>").last().unwrap_or_default().to_string()));
        rest = &body[end..];
    }
    out
}
